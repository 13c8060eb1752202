"""Round 44: a work first named in short and then in full is one project (the document is read whole before the two
are joined), a name runs up to its clause's verb of being or having, not past it, and the part or stage of a work
under way after its name is not the name. The sentences are real: 786 (dev22), 324 (holdout11, retired), and the
held-out 1692 (holdout78), 1924 (holdout95), 1471 (holdout62), 1630 (holdout74), 1719 (holdout80), 1513 (holdout65)
and 1599 (holdout71), whose errors showed the patterns (holdout46…95 has been read for diagnosis since round 42); the
rules were checked on the development and retired texts, and measured blind on holdout96…99."""

from __future__ import annotations

from graph.models import GraphBatch, Provenance
from ontology import Gazetteer
from tests.text_extraction import project_money, sentence_project_names


def test_fold_moves_provenance_edges_and_missing_properties() -> None:
    batch = GraphBatch()
    batch.node("p:short", "Project", Provenance(doc="d", start=0, end=4), name="短名", investment_wan=5.0)
    batch.node("p:full", "Project", Provenance(doc="d", start=9, end=15), name="完整的名字")
    for pid, county in (("p:short", "c:a"), ("p:full", "c:b")):
        batch.node(county, "County")
        batch.edge(pid, "LOCATED_IN", county)
    batch.node("e:1", "Enterprise", name="某公司")
    batch.edge("e:1", "PARTY_TO", "p:short", role="owner")
    batch.edge("p:short", "MENTIONS", "c:a")
    batch.fold("p:short", "p:full", frozenset({"LOCATED_IN"}))
    full = batch.nodes["p:full"]
    assert "p:short" not in batch.nodes and full.props == {"name": "完整的名字", "investment_wan": 5.0}
    assert [(p.start, p.end) for p in full.provenance] == [(9, 15), (0, 4)]
    assert set(batch.edges) == {("p:full", "LOCATED_IN", "c:b"), ("e:1", "PARTY_TO", "p:full"),
                                ("p:full", "MENTIONS", "c:a")}  # one place, the full name's; the owner moves


def test_a_work_named_in_short_before_its_full_name_is_one_project(gaz: Gazetteer) -> None:
    found = project_money("2月12日的全省首批重大项目集中开工仪式主会场选在南京江北新区,现场是紫光南京半导体项目所在地。"
                          "紫光南京半导体产业基地项目由紫光集团投资建设,主要产品为3D-NAND FLASH、DRAM存储芯片等。", gaz)
    assert list(found) == ["紫光南京半导体产业基地项目"]
    found = project_money("集中开工项目18个,包括海洋生物医药制造项目、渔业产业数字化发展项目、区人民医院改扩建工程暨公共卫生服务中心"
                          "等,总投资额80.65亿元。其中,诚意药业海洋生物医药制造项目为省“152”重大项目。", gaz)
    assert "诚意药业海洋生物医药制造项目" in found and "海洋生物医药制造项目" not in found
    found = project_money("美兰机场二期扩建项目\n海口美兰机场二期扩建项目力争2018年3月底前实现跑道道面完工,"
                          "以新业绩迎接海南建省办经济特区30周年。", gaz)  # a subheading, then its paragraph
    assert list(found) == ["海口美兰机场二期扩建项目"]


def test_longer_names_that_add_more_than_a_first_mention_leaves_out_stay_apart(gaz: Gazetteer) -> None:
    """Another site in the middle (关门社), a quantity (190公里八车道): other works, or the longer name is wrong."""
    found = project_money("视察组一行先后到大河家镇康吊村集中安置点、大河家镇自来水厂、大河家镇康吊村关门社集中安置点等地。", gaz)
    assert {"大河家镇康吊村集中安置点", "大河家镇康吊村关门社集中安置点"} <= set(found)
    found = project_money("合芜高速改扩建主体工程正在加紧推进。今年完成合宁、合安、合芜高速190公里八车道改扩建。", gaz)
    assert not any("八车道" in name for name in found) or any(name.startswith("合芜高速改扩建") for name in found)


def test_a_name_stops_before_its_clauses_verb_of_being(gaz: Gazetteer) -> None:
    names = sentence_project_names("合湛高铁起自南宁至北海铁路合浦站,经广西北海市、广东湛江市,接入深圳至湛江铁路湛江西站。", gaz)
    assert "合湛高铁" in names and not any("起自" in n for n in names)
    names = sentence_project_names("中山市比亚迪智能终端零部件生产项目属于新开工项目,建设年限为2019-2020年;"
                                   "中山智能网联汽车产业基地项目属于汽车制造项目。", gaz)
    assert not any("属于" in n for n in names) and "中山智能网联汽车产业基地项目" in names
    names = sentence_project_names("也是辽宁方大集团继投资建设辽宁方大总医院之后在沈抚示范区投建的又一健康养老力作,"
                                   "投资总额15亿元。", gaz)
    assert not any(n.endswith("之后") for n in names)


def test_the_part_or_stage_under_way_after_a_name_is_not_the_name(gaz: Gazetteer) -> None:
    """1513 (holdout65) and 1599 (holdout71): the bridge's main span closes, the dam site lies somewhere — the work is
    the bridge, the station."""
    names = sentence_project_names("福州城市轨道2号线实现全线贯通,平潭金井湾市民广场全部完工,马尾大桥主桥实现合龙。", gaz)
    assert "马尾大桥" in names and not any(n.endswith("主桥") for n in names)
    names = sentence_project_names("双江口水电站坝址位于大渡河上源足木足河与绰斯甲河汇口处以下2 千米河段,"
                                   "地跨马尔康、金川两县(市)。", gaz)
    assert "双江口水电站" in names and not any(n.endswith("坝址") for n in names)
