"""Projects named in running text: clean names, amounts from the same clause,
parts under a parent. Sentences are made up in the style of real news."""

from __future__ import annotations

from graph.models import GraphBatch
from ingest.extract import extractor_for
from ingest.policy import policy_batch
from ingest.quantities import amounts, capacity_in
from ontology import Gazetteer


def _projects(text: str, gaz: Gazetteer) -> dict[str, dict[str, object]]:
    batch: GraphBatch = policy_batch("doc:t", text, {}, gaz, extractor_for(gaz))
    return {n.props["name"]: n.props for n in batch.nodes.values() if n.label == "Project"}


def test_signing_sentence_gives_the_project_alone(gaz: Gazetteer) -> None:
    found = _projects("洪洞县政府与深圳华科新材料有限公司签订年产5万吨碳纤维复合材料项目，总投资约32亿元。", gaz)
    assert list(found) == ["年产5万吨碳纤维复合材料项目"]
    props = found["年产5万吨碳纤维复合材料项目"]
    assert props["investment_wan"] == 320000 and props["capacity"] == "年产5万吨"


def test_owner_in_front_is_kept_and_amount_before_is_attached(gaz: Gazetteer) -> None:
    found = _projects("包括：国电霍州发电厂2×60万千瓦发电项目、市第一人民医院搬迁工程等。"
                      "吉县启动了总投资4.3亿元的壶口旅游服务中心项目。", gaz)
    assert {"国电霍州发电厂2×60万千瓦发电项目", "市第一人民医院搬迁工程", "壶口旅游服务中心项目"} == set(found)
    assert found["壶口旅游服务中心项目"]["investment_wan"] == 43000
    assert found["国电霍州发电厂2×60万千瓦发电项目"]["capacity"] == "2×60万千瓦"


def test_batch_totals_and_kinds_are_not_projects(gaz: Gazetteer) -> None:
    found = _projects("此次共签约项目33个，总投资354.7亿元；谋划一批补链延链项目，承接西安高新技术转移项目。", gaz)
    assert found == {}
    assert all(a.batch for a in amounts("签约项目33个,总投资354.7亿元"))


def test_parts_listed_after_qizhong_belong_to_the_parent(gaz: Gazetteer) -> None:
    found = _projects("襄汾县新能源综合开发项目开工，其中200MW风电项目、储能产业园项目同步建设。", gaz)
    assert "襄汾县新能源综合开发项目" in found
    parts = {name for name, p in found.items() if p.get("parent") == "襄汾县新能源综合开发项目"}
    assert parts == {"200MW风电项目", "储能产业园项目"}


def test_capacity_forms() -> None:
    assert capacity_in("装机容量约200MW") == "200MW"
    assert capacity_in("年产25万吨LNG、氢能及配套焦化项目") == "年产25万吨LNG"


def test_clauses_after_the_name_state_its_figures(gaz: Gazetteer) -> None:
    found = _projects("宏达新材料年产10万吨碳纤维项目位于侯马经济开发区，总投资4.3亿元，建设年限2023-2025年。", gaz)
    props = found["宏达新材料年产10万吨碳纤维项目"]
    assert (props["investment_wan"], props["years"], props["capacity"]) == (43000, "2023-2025", "年产10万吨")


def test_a_batch_total_after_a_count_is_not_an_investment(gaz: Gazetteer) -> None:
    assert _projects("其中：基础设施项目10个，总投资256.9亿元。", gaz) == {}


def test_parts_joined_by_he_are_two(gaz: Gazetteer) -> None:
    found = _projects("某某县签订风电装备制造项目，其中包括200MW风电项目、100MW光伏电站和储能产业园项目。", gaz)
    parts = {name for name, p in found.items() if p.get("parent") == "风电装备制造项目"}
    assert parts == {"200MW风电项目", "100MW光伏电站", "储能产业园项目"}


def test_lists_closed_by_etc_counts_and_brackets(gaz: Gazetteer) -> None:
    found = _projects("随后，该县还签约了小河口20兆瓦地面光伏电站、丰源有机硅、华泰电子等3大项目。"
                      "本次开工的项目包括临钢装备智造产业园(一期)、汾河生态修复建设项目等40个重点项目，总投资93亿元。"
                      "签约项目还有：年产3万吨碳纤维项目(投资20亿元)、生物医药产业园项目(投资15亿元)。", gaz)
    assert {"小河口20兆瓦地面光伏电站", "丰源有机硅", "华泰电子", "临钢装备智造产业园(一期)", "汾河生态修复建设项目",
            "生物医药产业园项目"} <= set(found) <= {*_ETC_NAMES, "年产3万吨碳纤维项目"}
    assert found["生物医药产业园项目"]["investment_wan"] == 150000
    assert found["汾河生态修复建设项目"].get("investment_wan") is None  # 93亿元 is the batch total


_ETC_NAMES = {"小河口20兆瓦地面光伏电站", "丰源有机硅", "华泰电子", "临钢装备智造产业园(一期)", "汾河生态修复建设项目",
              "生物医药产业园项目"}


def test_a_list_item_led_by_its_output_after_a_colon(gaz: Gazetteer) -> None:
    found = _projects("签约项目还有：年产3万吨碳纤维项目(投资20亿元)、生物医药产业园项目(投资15亿元)。", gaz)
    assert found["年产3万吨碳纤维项目"]["investment_wan"] == 200000


def test_inner_gongcheng_groups_and_coordination_are_no_names(gaz: Gazetteer) -> None:
    found = _projects("签约的有总投资5.8亿元的江苏南通城欣市政工程天然油脂深加工项目。"
                      "他介绍了参会人员和项目情况，园区共引进14个绿色装配式建筑产业项目，6大签约项目中光伏项目占一半。"
                      "3月5日，华丰新材料年产10万吨铝合金项目开工建设，该项目估算总投资8.5亿元。", gaz)
    assert set(found) == {"江苏南通城欣市政工程天然油脂深加工项目", "华丰新材料年产10万吨铝合金项目"}
    assert found["江苏南通城欣市政工程天然油脂深加工项目"]["investment_wan"] == 58000
    assert found["华丰新材料年产10万吨铝合金项目"]["investment_wan"] == 85000
