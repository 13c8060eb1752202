"""A list of short names that the text itself calls companies — "…等一批企业", "…等一大批央企",
"…等行业巨头", "…等本土企业" — names companies even when none of them is found on its own; the kinds of firm
such a list of targets names (央企, 跨国公司) are no company; a province's, a city's or a county's own firm
(省铁投集团, 县烟草公司) is one, though a name starting with 省, 市 or 县 is otherwise a body of it (round 24). Real sentences of the keyed texts
(tests/data/real), through the whole extraction of a text."""

from __future__ import annotations

import pytest

from ontology import Gazetteer
from tests.text_extraction import companies_in

# 874-yichang-2021-economy-passes…: two lists of brands, each closed by what the text calls them
YICHANG = ("2021年,宁德时代,山东海科、广州天赐等行业巨头纷纷重仓宜昌,新签约投资过百亿元项目6个。"
           "宜化、人福、安琪、东阳光、奥美等一批企业成长成为全球、全国有影响力的龙头企业。")
# 210-tengzhou-lianyunshan-cement…: a town's own firms
TENGZHOU = ("该镇聚焦工业求突破,在做大做强本土企业上精准发力,发挥山东恒仁、东郭水泥、山东辛化等本土企业主体作用,"
            "坚持以企招商、以商招商。")
# 186-chuantou-2016-yaan…: a province's investment group beside a city's government
YAAN = "雅安市政府和省铁投集团领导分别致辞,省国资委党委书记、主任徐进讲话并宣布峨眉至汉源高速公路开工。"
# 187-dijian-group-2022-tongliao…: a mayor's visit to the group, no company named
VISIT = "7月25-26日,通辽市委副书记、市长郭玉峰一行莅临集团考察调研,与集团党委书记、董事长韩霁昌进行座谈。"
# 867-pingshan-shijiazhuang…: the kinds of firm a town courts, no names
TARGETS = "把目标瞄准世界500强、国内500强、央企、跨国公司等重点企业,积极对接洽谈招商引资项目。"



@pytest.mark.parametrize(("text", "names"), [
    (YICHANG, {"山东海科", "广州天赐", "人福", "安琪", "东阳光", "奥美"}),
    (TENGZHOU, {"山东恒仁"}),
])
def test_a_list_the_text_calls_companies_names_companies(text: str, names: set[str], gaz: Gazetteer) -> None:
    assert names <= companies_in(text, gaz)


def test_kinds_of_firm_in_such_a_list_are_no_companies(gaz: Gazetteer) -> None:
    assert not {"央企", "跨国公司", "国内500强", "世界500强"} & companies_in(TARGETS, gaz)


def test_a_list_of_places_or_fields_before_企业_names_no_company(gaz: Gazetteer) -> None:
    assert companies_in("太原、大同等地企业纷纷前来考察。", gaz) == set()
    assert companies_in("新能源、新材料等领域企业加快集聚。", gaz) == set()


def test_a_provinces_own_firm_is_a_company_and_its_bodies_are_not(gaz: Gazetteer) -> None:
    found = companies_in(YAAN, gaz)
    assert "省铁投集团" in found
    assert not {"雅安市政府", "省国资委"} & found
    assert not any("一行" in name or name.startswith("市") for name in companies_in(VISIT, gaz))
