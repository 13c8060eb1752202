"""Round 28, the edges of names in the read holdouts' errors: a project's name does not end on the count of its
list's group (text 734), nor is a part's word with one character before it a name (沿江高铁宜|荆段, text 978);
a company's name is not a trade (纯碱行业, text 1051) nor run into the next word (晨风纺织由, text 740)."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import companies_in, project_money


def test_a_lists_count_is_no_part_of_its_last_name(gaz: Gazetteer) -> None:
    found = project_money("2016年力争开工贺州至来宾、浦北至北流、松旺至铁山港东岸、灌阳至平乐、贵港至隆安、"
                          "隆安至硕龙6个高速公路项目,里程约850公里。", gaz)
    assert "隆安至硕龙" in found
    assert not any("6个" in name for name in found)


def test_a_verb_inside_a_line_is_the_lines(gaz: Gazetteer) -> None:
    found = project_money("郑渝高铁兴山段、江北翻坝高速等重大交通项目建成通车,沿江高铁宜荆段、当枝松高速、襄宜高速宜昌段开工,"
                          "三峡机场T2航站楼启用。", gaz)
    assert "沿江高铁宜荆段" in found
    assert "荆段" not in found


def test_a_trade_or_a_clause_is_no_company(gaz: Gazetteer) -> None:
    found = companies_in("纯碱行业龙头企业金山化工,投资260亿元在荆州布局新能源材料项目,生产煤化工、盐、碱、小苏打等系列产品,"
                         "年消耗二氧化碳140万吨,与华鲁恒升相互补充。", gaz)
    assert {"金山化工", "华鲁恒升"} <= found
    assert not any(name.endswith("行业") for name in found)
    found = companies_in("晨风纺织由中国服装出口百强企业晨风集团股份有限公司投资兴建,计划总投资15亿元,注册资金3.6亿元。", gaz)
    assert not any(name.endswith("由") for name in found)
