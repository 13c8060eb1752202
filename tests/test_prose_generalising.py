"""General mechanisms for prose projects and enterprises, each shown on made-up
sentences in the style of signing, start and approval news (none taken from the
real-text set): the model's words lead into a name, a place with kind words is
no name, a clause the text calls 该项目 names a project, works named as the
subject of a clause, one project name a line, the next sentence's investment,
brands heading a project name, companies listed before 等N家企业."""

from __future__ import annotations

from graph.models import GraphBatch
from ingest.enterprises import find_enterprises
from ingest.extract import extractor_for
from ingest.ner import LacTagger, organisations
from ingest.policy import policy_batch
from ingest.quantities import amounts, investment_of_previous
from ontology import Gazetteer


def _batch(text: str, gaz: Gazetteer) -> GraphBatch:
    return policy_batch("doc:t", text, {}, gaz, extractor_for(gaz))


def _projects(text: str, gaz: Gazetteer) -> dict[str, dict[str, object]]:
    return {n.props["name"]: n.props for n in _batch(text, gaz).nodes.values() if n.label == "Project"}


def test_a_lead_verb_after_a_place_or_before_a_count_is_not_part_of_a_name(gaz: Gazetteer) -> None:
    found = _projects("华宇新能源公司拟投资5亿元,在长丰县建设储能电池生产基地项目。"
                      "县长王建国宣布6个重点项目集中开工。", gaz)
    assert list(found) == ["储能电池生产基地项目"]
    assert found["储能电池生产基地项目"]["investment_wan"] == 50000


def test_the_list_after_xiangmu_wei_is_a_list_of_names(gaz: Gazetteer) -> None:
    found = _projects("此次开工的3个项目为鑫达轴承生产线项目、华光冷链物流园项目和城东污水处理厂项目。", gaz)
    assert set(found) == {"鑫达轴承生产线项目", "华光冷链物流园项目", "城东污水处理厂项目"}


def test_a_place_and_a_year_with_kind_words_only_is_no_name(gaz: Gazetteer) -> None:
    assert _projects("2021年安平县产业项目观摩会在县城召开。", gaz) == {}


def test_the_clause_the_text_calls_gai_xiangmu_names_a_work(gaz: Gazetteer) -> None:
    found = _projects("如新建东阳至永康铁路东阳至横店段,该项目已列入规划,总投资48亿元。", gaz)
    assert list(found) == ["东阳至永康铁路东阳至横店段"]
    assert found["东阳至永康铁路东阳至横店段"]["investment_wan"] == 480000


def test_works_named_as_subjects_and_in_lists_without_xiangmu(gaz: Gazetteer) -> None:
    found = _projects("全长120公里的济青高铁已完成铺轨;在江西,赣州新机场、吉安快线等重大设施加快建设。", gaz)
    assert {"济青高铁", "赣州新机场", "吉安快线"} <= set(found)
    assert not any("设施" in name for name in found)


def test_one_project_name_a_line_is_not_joined_with_the_next(gaz: Gazetteer) -> None:
    found = _projects("附件:重点建设项目增补名单\n安平县20MW光伏发电项目\n华北储能电站二期工程\n", gaz)
    assert {"安平县20MW光伏发电项目", "华北储能电站二期工程"} <= set(found)


def test_the_next_sentence_states_the_investment_of_the_project_just_named(gaz: Gazetteer) -> None:
    found = _projects("华兴纸业生产线项目昨日正式开工。据了解,该项目计划总投资2.6亿元,年产值5亿元。", gaz)
    assert found["华兴纸业生产线项目"]["investment_wan"] == 26000
    assert investment_of_previous("项目建成后年产值5亿元。") is None  # about the project, but no 投资


def test_foreign_currency_and_counted_units_are_no_investment() -> None:
    assert amounts("拟投资0.5亿美元建设冷库") == []
    assert amounts("年产8亿安时动力电池") == [] and amounts("年产500万KVAh电池") == []
    assert [a.wan for a in amounts("总投资3.1亿元")] == [31000]


def test_companies_listed_before_deng_n_jia_qiye_and_bracketed_places() -> None:
    text = "吸引到阿里巴巴、腾讯、京东等80家知名企业参加,长江能源(香港)控股有限公司现场签约。"
    words = LacTagger().tokens([text])[0]
    names = {e.name for e in find_enterprises(text, organisations(words), [])}
    assert {"腾讯", "京东", "长江能源(香港)控股有限公司"} <= names
    assert "控股有限公司" not in names


def test_the_brand_heading_a_project_name_is_an_enterprise(gaz: Gazetteer) -> None:
    batch = _batch("当天,恒远科技塑胶制品生产线项目正式动工。", gaz)
    owners = {e.src for e in batch.edges.values() if e.type == "PARTY_TO" and e.props["role"] == "owner"}
    assert owners == {"enterprise:恒远科技"}


def _owners(text: str, gaz: Gazetteer) -> set[str]:
    batch = _batch(text, gaz)
    return {batch.nodes[e.src].props["name"] for e in batch.edges.values()
            if e.type == "PARTY_TO" and e.props["role"] == "owner" and e.src in batch.nodes}


def test_a_brand_no_dictionary_knows_heading_a_project_name_is_its_owner(gaz: Gazetteer) -> None:
    """祥甬, 鹏翊 fall apart into single characters in jieba's cut: the owner's short name;
    a known word (城东, 高标准) or a township heading a name is no brand."""
    owners = _owners("本次开工的项目为祥甬物流冷库项目、鹏翊包装生产线项目、城东污水处理厂项目和高标准农田建设项目。", gaz)
    assert owners == {"祥甬物流", "鹏翊包装"}  # with the trade word after it (包装 is one since round 6)


def test_the_work_listed_after_a_found_one_is_found_too(gaz: Gazetteer) -> None:
    found = _projects("新车站是在建的郑州至济南高铁、郑州至合肥高铁的枢纽站。", gaz)
    assert {"郑州至济南高铁", "郑州至合肥高铁"} <= set(found)


def test_a_counted_project_before_the_amount_does_not_keep_it_from_the_name(gaz: Gazetteer) -> None:
    found = _projects("其中最大的一个工业项目由远航集团投资12亿元,在城南设立华东研发基地。", gaz)
    assert found["华东研发基地"]["investment_wan"] == 120000


def test_kinds_of_infrastructure_before_deng_sheshi_are_no_projects(gaz: Gazetteer) -> None:
    assert _projects("各园区要完善区内道路、供水、供电、信息网络等基础设施。", gaz) == {}


def test_a_river_with_kind_words_is_a_site_not_only_a_place(gaz: Gazetteer) -> None:
    found = _projects("加快推进汾河流域综合治理项目。2022年洪洞县产业项目观摩活动举行。", gaz)
    assert list(found) == ["汾河流域综合治理项目"]


def test_an_amount_right_before_or_right_after_a_name_is_its_investment(gaz: Gazetteer) -> None:
    """"总投资2亿元|<name>" (no 的), "…产业园项目总投资额达13.8亿元" (same clause), and items each with
    their own amount: every name gets the amount nearest it, not the first of the clause."""
    found = _projects("总投资2亿元华鑫塑业技改工程、投资8亿元的长丰县出口企业培育基地项目开工。"
                      "其中,长丰县新能源智慧产业园项目总投资额达13.8亿元,主要生产电动车。", gaz)
    money = {name: props["investment_wan"] for name, props in found.items()}
    assert money.get("华鑫塑业技改工程") == 20000, money
    assert money.get("长丰县出口企业培育基地项目") == 80000, money
    assert money.get("长丰县新能源智慧产业园项目") == 138000, money
