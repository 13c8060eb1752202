"""Round 20, project names the rules did not propose. Lines named by their ends' short forms before 等 with a
count or a kind word between (石济客专、龙烟等5条铁路: dev text 351; 兰合、西成、兰张三四线中武段、天陇铁路等续建
项目: dev text 359, where items named with their kind are left to the other rules); a name that begins with 和
right after a mark (、和田至日喀则铁路: dev text 286), which is no conjunction there; and a list led by a verb cut at
its 、 once the verb is off (确保|丽香铁路、叙毕铁路云南段: text 624)."""

from __future__ import annotations

from ingest.extract import extractor_for
from ingest.policy import policy_batch
from ontology import Gazetteer


def _names(text: str, gaz: Gazetteer) -> set[str]:
    batch = policy_batch("doc:t", text, {"path": "t"}, gaz, extractor_for(gaz))
    return {n.props["name"] for n in batch.nodes.values() if n.label == "Project"}


def test_short_lines_before_a_count_and_kind(gaz: Gazetteer) -> None:
    names = _names("推动华能莱芜、胜利电厂,济南长清黄河大桥,济南至东营、德州至夏津等高速公路,石济客专、龙烟等5条铁路,"
                   "日照港岚山港区30万吨级矿石码头等已批复项目早日开工。", gaz)
    assert {"石济客专", "龙烟"} <= names


def test_short_lines_with_lines_named_by_their_kind(gaz: Gazetteer) -> None:
    names = _names("全面开工建设平庆铁路、兰张三四线武张段;加快建设兰合、西成、兰张三四线中武段、天陇铁路等续建项目;"
                   "争取定西至平凉铁路早日获批实施。", gaz)
    assert {"兰合", "西成", "天陇铁路"} <= names
    assert not {"加快建设兰合", "续建项目"} & names


def test_kinds_of_line_are_no_lines(gaz: Gazetteer) -> None:
    # 复线 is a kind (a second track), not a line's short name; 城际、市域 are kinds too
    names = _names("连接长三角和珠三角的沈阳—海口高速及其复线路、长春—深圳高速、福州—广州高速。"
                   "加快推进城际、市域等快速铁路建设。", gaz)
    assert not {"复线路", "城际", "市域"} & names


def test_a_name_that_begins_with_he(gaz: Gazetteer) -> None:
    names = _names("推进川藏铁路雅安至林芝段建设,开展日喀则至吉隆、和田至日喀则铁路前期工作。", gaz)
    assert "和田至日喀则铁路" in names
    # 和 after a name still joins it to the next
    joined = _names("开工建设晋城机场和平顺县人民医院项目。签约了年产10万吨纸浆项目和宁武县风电项目。", gaz)
    assert {"晋城机场", "平顺县人民医院项目", "宁武县风电项目"} <= joined
    assert not any(n.startswith("和") for n in joined)


def test_a_list_after_its_lead_verb_is_cut_at_its_marks(gaz: Gazetteer) -> None:
    names = _names("全力推进渝昆高铁、文蒙铁路、大理铁路枢纽等重点项目建设,确保丽香铁路、叙毕铁路云南段建成通车。", gaz)
    assert {"丽香铁路", "叙毕铁路云南段"} <= names
    assert not any(n.startswith("确保") for n in names)


def test_a_part_ends_where_its_size_is_stated(gaz: Gazetteer) -> None:
    names = _names("其中,尉氏速冻食品产业园项目总建筑面积8万平方米,总投资10.01亿元,计划分两期建成。", gaz)
    assert names == {"尉氏速冻食品产业园项目"}


def test_a_list_one_item_a_line_after_a_colon(gaz: Gazetteer) -> None:
    from ingest.structure import parse_structure
    text = "各分会场开工项目如下:\n南京玄武之光新一代信息技术科技创新中心\n无锡先导集成电路装备材料基地\n常州中航锂电三期\n"
    assert [s.text for s in parse_structure(text).preamble] == [
        "各分会场开工项目如下:", "南京玄武之光新一代信息技术科技创新中心", "无锡先导集成电路装备材料基地", "常州中航锂电三期"]
    # a line ending in 、 or 的 is wrapped, list or not
    wrapped = parse_structure("项目具体如下:\n建设钢结构、\n墙板等装配式建筑材料。\n")
    assert [s.text for s in wrapped.preamble] == ["项目具体如下:", "建设钢结构、墙板等装配式建筑材料。"]


def test_each_line_of_a_list_of_works_is_a_work(gaz: Gazetteer) -> None:
    text = ("各分会场开工项目如下:\n南京玄武之光新一代信息技术科技创新中心\n徐州思路迪抗肿瘤创新药研发制造\n常州中航锂电三期\n"
            "这些项目总投资很大\n")
    batch = policy_batch("doc:t", text, {"path": "t"}, gaz, extractor_for(gaz))
    placed = {n.props["name"]: n.props.get("city") for n in batch.nodes.values() if n.label == "Project"}
    assert placed == {"南京玄武之光新一代信息技术科技创新中心": "南京市", "徐州思路迪抗肿瘤创新药研发制造": "徐州市",
                      "常州中航锂电三期": "常州市"}
    # without a line saying works follow, a short line is no work
    assert _names("近年来的发展\n常州中航锂电三期\n", gaz) == set()
