"""Round-7 money and enterprise mechanisms, on made-up sentences in the style of signing and
start news (none copied from the real-text set)."""

from __future__ import annotations

import pytest

from ingest import enterprises
from ingest.enterprises import _INVESTOR_IN_NAME, NOT_ENTERPRISE, find_enterprises
from ingest.extract import extractor_for
from ingest.ner import default_tagger, organisations
from ingest.quantities import amounts, attach_investments
from ontology import Gazetteer
from tests.text_extraction import project_money


def test_a_threshold_that_groups_projects_is_no_investment() -> None:
    # a heading that counts the projects above a threshold
    heading = "投资过20亿元项目(3个)"
    assert all(a.batch for a in amounts(heading))
    assert attach_investments(heading, [(0, len(heading))], [200000]) == [None]
    assert all(a.batch for a in amounts("签约5亿元以上项目12个"))
    # an amount a single project states is still its own
    assert [a.batch for a in amounts("总投资20亿元的青川新材料产业园项目")] == [False]


def test_a_count_without_ge_before_a_total_marks_a_batch(gaz: Gazetteer) -> None:
    text = "上半年在谈项目累计26,拟投资总额约80亿元,主要有某某产业园等。"
    assert all(a.batch for a in amounts(text))
    assert all(v is None for v in project_money(text, gaz).values())


def _rule_names(text: str) -> list[str]:
    """The rules' enterprise names (the learned tagger left out), from the NER model's words."""
    words = default_tagger().tokens([text])[0]
    return [m.name for m in find_enterprises(text, organisations(words), [], words=words)]


def test_a_short_organisation_word_with_its_trade_word_is_a_company() -> None:
    # the model tags 冀东 and 鸿达 alone as organisations, two characters, too short to be taken alone
    assert "冀东水泥" in _rule_names("新建的产业园可与冀东水泥和某县钢厂形成配套。")
    assert "鸿达建材" in _rule_names("项目建成后可与鸿达建材、宁钢形成产业协同。")


def test_a_two_character_organisation_joined_to_a_company_is_one() -> None:
    assert "南钢" in _rule_names("产品供应南钢和中材水泥。")
    assert "南钢" not in _rule_names("产品供应南钢。")  # alone, two characters are too weak


def test_a_park_named_for_its_trade_after_an_amount_is_no_investor() -> None:
    park = "总投资8000万元的青岭新材料园区基础设施建设项目"
    assert [m.group(1) for m in _INVESTOR_IN_NAME.finditer(park)] == []
    investor = "总投资3.2亿元的青岭新材料年产5万吨改性塑料项目"
    assert [m.group(1) for m in _INVESTOR_IN_NAME.finditer(investor)] == ["青岭新材料"]


def test_a_short_name_with_its_trade_before_a_park_word_names_the_park() -> None:
    # whichever rule or model proposes it, 鸿泰纺织 right before 工业园 names the park
    park = "某投资公司投资12亿元建设的鸿泰纺织工业园项目落户城东新区。"
    span = (park.index("鸿泰"), park.index("工业园"))
    assert find_enterprises(park, [], [], tagged=[span]) == []
    plant = "某投资公司投资12亿元建设的鸿泰纺织年产3万吨面料项目落户城东新区。"
    span = (plant.index("鸿泰"), plant.index("年产"))
    assert [m.name for m in find_enterprises(plant, [], [], tagged=[span])] == ["鸿泰纺织"]


def test_the_other_short_names_of_a_list_with_two_companies_are_companies() -> None:
    text = "今年以来,签约机油、金桥制药、华康药业、红星生物、蓝天汇等项目15个。"
    found = [(text.index("金桥"), text.index("、华康")), (text.index("华康"), text.index("、红星"))]
    names = [m.name for m in find_enterprises(text, [], [], tagged=found)]
    assert names == ["金桥制药", "华康药业", "红星生物", "蓝天汇"]  # not 签约机油, the list's lead-in
    # one company found is not enough to call the list companies
    assert [m.name for m in find_enterprises(text, [], [], tagged=found[:1])] == ["金桥制药"]


def _heading_names(text: str, name: str, gaz: Gazetteer) -> list[str]:
    """The rules' enterprise names when `name` is the sentence's one project name."""
    ex = extractor_for(gaz)
    words = default_tagger().tokens([text])[0]
    span = (text.index(name), text.index(name) + len(name))
    return [m.name for m in find_enterprises(text, [], ex.find(text), [span], words, ex.tokens(text))]


def test_public_works_are_not_headed_by_an_unknown_brand(gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    # 复航 (navigation restored) falls apart into single characters like an unknown brand would
    text = "在山东,大沙河复航工程进入收尾阶段,预计6月底全面通航。"
    assert _heading_names(text, "大沙河复航工程", gaz) == []
    plant = "在山东,大沙河复航码头项目进入收尾阶段。"
    assert _heading_names(plant, "大沙河复航码头项目", gaz) == []  # the company head (round 40) reads no company…
    monkeypatch.setattr(enterprises, "ORG_ENCODER_VETO", -1.0)
    assert _heading_names(plant, "大沙河复航码头项目", gaz) == ["复航"]  # …where the rule, for a project, stands


def test_an_owner_between_a_city_and_a_zone_the_model_reads_as_one_place(gaz: Gazetteer) -> None:
    # the NER model reads 丽水弘泰 and 温州晶阳电力经济开发区 as one place word each
    assert _heading_names("丽水弘泰缙云壶镇20MWp渔光互补发电项目", "丽水弘泰缙云壶镇20MWp渔光互补发电项目", gaz) == ["弘泰"]
    text = "温州晶阳电力经济开发区80MWP农光互补光伏发电项目"
    assert _heading_names(text, text, gaz) == ["晶阳电力"]


def test_an_unknown_brand_heading_a_listed_item_before_its_capacity_is_its_owner(gaz: Gazetteer) -> None:
    text = "县里举行亚山10GW电池胶膜、润泰2GW光伏组件项目签约仪式"
    assert "润泰" in _heading_names(text, "亚山10GW电池胶膜、润泰2GW光伏组件项目", gaz)


def test_a_provinces_merchants_are_no_company(gaz: Gazetteer) -> None:
    text = "安宁浙商产业园项目总用地面积500亩,总投资12亿元。"
    assert _heading_names(text, "安宁浙商产业园项目", gaz) == []
    assert NOT_ENTERPRISE.search("晋商") and not NOT_ENTERPRISE.search("华商集团有限公司")
