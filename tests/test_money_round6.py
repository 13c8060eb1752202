"""Round-6 money and enterprise mechanisms, each on made-up sentences in the style of
signing, start and approval news (none copied from the real-text set): counts are not
money, amounts that lead into or refer back to a project, and enterprise names."""

from __future__ import annotations

from ingest.enterprises import (
    _LIST_FOLLOWS,
    NOT_ENTERPRISE,
    _brands_before_figures,
    _company_lists,
    _listed_with,
    brand_of,
    only_trade_words,
    resolve,
    trade_brand,
)
from ingest.extract import extractor_for
from ingest.ner import LacTagger
from ingest.policy import policy_batch
from ingest.quantities import amounts, attach_investments, leading_investment
from ingest.values import parse_investment
from ontology import Gazetteer
from tests.text_extraction import project_money


def test_a_bare_wan_or_yi_before_a_measure_word_counts_goods() -> None:
    assert amounts("建设年产36万锭紧密纺纱线") == []
    assert amounts("新建2000万棒食用菌生产线") == []
    assert amounts("年产6亿只医用手套") == []
    assert amounts("年产120万片光学镜片") == []
    # an investment word leading into it, or 元 after 多, keeps it money
    assert [a.wan for a in amounts("计划投资2亿建设冷库")] == [20000]
    assert [a.wan for a in amounts("总投资约3亿多元")] == [30000]
    assert [a.wan for a in amounts("项目总投资1.5亿,占地80亩")] == [15000]


def test_other_currencies_are_not_taken_as_yuan() -> None:
    assert amounts("由某投资公司投资12亿港币建设") == []
    assert amounts("投资5000万英镑") == []


def test_an_amount_leading_into_a_name_through_a_verb_or_attributes_is_its_own() -> None:
    text = "投资2亿元、占地60亩的青禾食品加工园项目和投资为0.8亿元、装机容量为10MW的北坡光伏电站已开工。"
    spans = [(text.index("青禾"), text.index("和投资")), (text.index("北坡"), text.index("已开工"))]
    # a first pass that put the second amount on the first name and the first on the second
    assert attach_investments(text, spans, [8000, 20000]) == [20000, 8000]
    lead = "恒达科技计划投资约6亿元建设精密轴承产业园"
    assert attach_investments(lead, [(lead.index("精密"), len(lead))], [None]) == [60000]
    # an amount the name holds itself stays; 产值 leads into nothing
    held = "年产值9亿元的总投资3亿元的东林纸业项目"
    assert leading_investment("预计年产值9亿元的东林纸业项目", 10) is None
    assert attach_investments(held, [(held.index("总投资"), len(held))], [30000]) == [30000]


def test_a_clause_referring_to_the_works_after_the_name_gives_its_investment() -> None:
    text = "清溪水库位于某县某镇,工程总投资12.6亿元,总库容1.1亿立方米。"
    assert attach_investments(text, [(0, 4)], [None]) == [126000]
    two = "甲河水库位于某镇,乙河闸坝位于某乡,工程总投资3亿元。"
    assert attach_investments(two, [(0, 4), (9, 13)], [None, None]) == [None, 30000]


def test_a_sentence_referring_back_gives_the_last_project_named_alone(gaz: Gazetteer) -> None:
    approval = ("关于清溪河生态补水工程项目建议书的批复\n"
                "一、同意实施清溪河生态补水工程。\n二、项目建设地点:位于某乡。\n"
                "三、投资估算:项目估算投资5230.5万元。\n")
    assert project_money(approval, gaz)["清溪河生态补水工程"] == 5230.5
    news = "东岭铝业循环经济产业园项目进展顺利。这个项目总投资60亿元,项目建设包括年产20万吨铝板带项目等。"
    found = project_money(news, gaz)
    assert found["东岭铝业循环经济产业园项目"] == 600000
    assert found.get("年产20万吨铝板带项目") is None


def test_an_amount_after_two_names_refers_to_neither(gaz: Gazetteer) -> None:
    pair = project_money("甲县城东污水处理厂项目和城西供水厂项目同日开工。工程总投资3亿元。", gaz)
    assert len(pair) == 2 and all(v is None for v in pair.values())


def test_batch_totals_lists_and_one_amount_per_name() -> None:
    batch = "开工的工业项目共85个,总投资96亿元,年度计划投资30亿元。"
    assert all(a.batch for a in amounts(batch))
    assert attach_investments(batch, [(5, 9)], [960000]) == [None]  # a first pass took the batch total
    listed = "华远集团总投资9亿元建设年产5万吨饲料项目、年产2万套农机具项目和冷链仓储项目。"
    spans = [(listed.index("年产5万"), listed.index("、年产2")), (listed.index("年产2万"), listed.index("和冷链")),
             (listed.index("冷链"), len(listed) - 1)]
    assert attach_investments(listed, spans, [90000, None, None]) == [None, None, None]
    once = "城南物流园项目,总投资20亿元,是全县最大的商贸物流项目。"
    spans = [(0, 7), (once.index("商贸"), len(once) - 1)]
    assert attach_investments(once, spans, [200000, 200000]) == [200000, None]


def test_a_short_form_keeps_its_brand_as_an_alias(gaz: Gazetteer) -> None:
    ex = extractor_for(gaz)
    assert brand_of("岚腾新材料") == "岚腾"
    assert brand_of("沃川新型环保") == "沃川"
    assert brand_of("蓝岳3D") == "蓝岳"
    assert brand_of("沃川") is None  # nothing taken off
    assert "岚腾" in resolve("岚腾新材料", gaz, ex).aliases
    assert "岚腾" in resolve("山西岚腾新材料有限公司", gaz, ex).aliases
    assert brand_of("南京岚浙智能") == "岚浙"  # a city before the brand goes too
    # what is left of 能源基地 after a group's short name and a region is the group's
    assert brand_of("华能陇东能源基地") == "华能"


def test_industries_ministries_and_papers_are_no_enterprises(gaz: Gazetteer) -> None:
    ex = extractor_for(gaz)
    for name in ("新能源汽车", "冷链物流", "山东省电力"):
        assert only_trade_words(name, 0, ex.find(name)), name
    for name in ("晶岳电力", "三江生物", "山西光宇电源", "某某电力有限公司"):  # a brand, or a company's suffix
        assert not only_trade_words(name, 0, ex.find(name)), name
    batch = policy_batch("doc:t", "国务院、水利部和国家发展改革委支持,上海证券报报道,中国矿业联合会与岚腾新材料"
                         "有限公司签订年产5万吨碳纤维项目,新能源汽车、冷链物流等产业加快发展。", {}, gaz, ex)
    names = {n.props["name"] for n in batch.nodes.values() if n.label == "Enterprise"}
    assert names == {"岚腾新材料有限公司"}


def _enterprises(text: str, gaz: Gazetteer) -> dict[str, list[str]]:
    batch = policy_batch("doc:t", text, {}, gaz, extractor_for(gaz))
    return {n.props["name"]: n.props.get("aliases") or [] for n in batch.nodes.values() if n.label == "Enterprise"}


def test_central_groups_bureaus_are_enterprises_government_bureaus_are_not(gaz: Gazetteer) -> None:
    assert not NOT_ENTERPRISE.search("中铁十二局") and not NOT_ENTERPRISE.search("中交三航局")
    assert NOT_ENTERPRISE.search("中国气象局") and NOT_ENTERPRISE.search("县自然资源局")
    found = _enterprises("中交三航局某港区项目经理介绍,该集团已完成投资5亿元。", gaz)
    assert "中交三航局" in found and not any("该" in name for name in found)


def test_a_brand_with_its_trade_and_the_brand_alone_are_one_enterprise(gaz: Gazetteer) -> None:
    found = _enterprises("岚腾新材料年产5万吨碳纤维项目签约。岚腾年产2万吨碳纤维二期项目同步开工。", gaz)
    assert list(found) == ["岚腾新材料"] and "岚腾" in found["岚腾新材料"]
    assert trade_brand("岚腾新材料") == "岚腾"
    assert trade_brand("岚腾新材料有限公司") is None  # a legal name: its own company
    assert trade_brand("浙岚乐清发电") == "浙岚乐清"  # a plant of the group (浙岚), not the group


def test_a_name_run_into_the_verb_touzi_ends_before_it(gaz: Gazetteer) -> None:
    found = _enterprises("丰禾纸业投资建设年产10万吨包装纸项目。", gaz)
    assert "丰禾纸业" in found and not any(name.endswith("投资") for name in found)
    both = _enterprises("岚峰集团和华源电投共同投资建设抽水蓄能电站项目。", gaz)
    assert "华源电投" in both and not any(name.endswith("共同") for name in both)
    assert brand_of("中国石化") is None and brand_of("某县城市建设投资") is None  # no brand left, a place


def test_a_range_states_at_least_its_low_end() -> None:
    assert [a.wan for a in amounts("项目总投资8-12亿元")] == [80000]
    assert [a.wan for a in amounts("计划投资2亿至3亿元")] == [20000]
    assert [a.wan for a in amounts("投资800万—1200万元")] == [800]
    assert [a.wan for a in amounts("建设期2024-2026年,总投资2亿元")] == [20000]  # years are no range of money


def test_a_batch_total_before_a_name_gives_way_to_the_amount_right_after_it(gaz: Gazetteer) -> None:
    found = project_money("共签约项目9个,总投资48亿元,其中青松冷链物流园项目投资6亿元。", gaz)
    assert found == {"青松冷链物流园项目": 60000}


def test_written_forms_of_an_amount() -> None:
    assert [a.wan for a in amounts("总投资20余亿元")] == [200000]
    assert [a.wan for a in amounts("总投资40多亿元")] == [400000]
    assert [a.wan for a in amounts("规划总投资1.5万亿元")] == [1.5e8]
    assert [a.wan for a in amounts("总投资3,600万元")] == [3600]
    assert [a.wan for a in amounts("项目总投资8000000元")] == [800]
    assert amounts("门票80元,年接待游客10万人次") == []  # plain 元 is money only after an investment word
    assert parse_investment("2万亿元", None) == 2e8


def test_a_short_name_the_text_states_is_the_same_enterprise(gaz: Gazetteer) -> None:
    found = _enterprises("某县政府与杭州岚江置业有限公司(以下简称“岚江公司”)签约。岚江公司计划投资3亿元建设酒店项目。", gaz)
    assert list(found) == ["杭州岚江置业有限公司"] and "岚江公司" in found["杭州岚江置业有限公司"]


def test_a_project_named_again_in_short_is_the_one_named_in_full(gaz: Gazetteer) -> None:
    text = ("关于核准岚江纸业有限公司年产5万吨特种纸项目的批复\n"
            "一、该项目由岚江纸业有限公司投资建设年产5万吨特种纸项目。\n二、投资规模:项目总投资为1.6亿元。\n")
    found = project_money(text, gaz)
    assert found.get("岚江纸业有限公司年产5万吨特种纸项目") == 16000
    assert found.get("年产5万吨特种纸项目") is None


def test_a_short_name_before_the_output_of_a_project_is_its_owner(gaz: Gazetteer) -> None:
    ex = extractor_for(gaz)
    text = "签约项目有岚丰顺达年产30万套汽车配件项目、沃霖15GW光伏组件项目和新建年产20万吨饲料项目。"
    spans = [(text.index("岚丰"), text.index("、沃霖")), (text.index("沃霖"), text.index("和新建")),
             (text.index("年产20"), len(text) - 1)]
    words = LacTagger().tokens([text])[0]
    found = [text[s:e] for s, e in _brands_before_figures(text, spans, words, ex.find(text))]
    assert "岚丰顺达" in found and "新建" not in found


def test_companies_listed_before_jun_wei_qiye_are_enterprises(gaz: Gazetteer) -> None:
    assert _LIST_FOLLOWS.match(",均为新能源汽车配套企业")
    text = "开工项目包括岚丰顺达、江苏沃霖、宁德岳川科技,均为动力电池配套企业。"
    ex = extractor_for(gaz)
    spans = [(text.index("宁德岳川科技"), text.index(",均为"))]
    listed = {text[s:e] for s, e in _listed_with(text, spans, ex.find(text))}
    assert {"岚丰顺达", "江苏沃霖", "宁德岳川科技"} <= listed


def test_an_investor_heading_a_name_after_its_amount_ends_with_its_trade(gaz: Gazetteer) -> None:
    found = _enterprises("签约了总投资2亿元的岚盛树脂生产项目和总投资13亿元的沃新轮胎二期项目。", gaz)
    assert {"岚盛树脂", "沃新轮胎"} <= set(found)


def test_a_list_the_text_calls_companies_names_companies(gaz: Gazetteer) -> None:
    ex = extractor_for(gaz)
    text = "集中签约项目4个,包括常州岚德、苏州沃特、福建岳星,均为动力电池配套企业。"
    assert {text[s:e] for s, e in _company_lists(text, ex.find(text), [])} == {"常州岚德", "苏州沃特", "福建岳星"}
    invited = "吸引到岚峰、沃川、岳星等20多家知名企业参加。"
    assert {invited[s:e] for s, e in _company_lists(invited, ex.find(invited), [])} == {"岚峰", "沃川", "岳星"}
    assert _company_lists("新能源、新材料等产业的企业加快集聚。", [], []) == []
