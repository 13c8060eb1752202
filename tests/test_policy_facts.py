"""Exact facts the bundled policy text must yield."""

from __future__ import annotations

from graph.store import GraphStore
from tests.conftest import GUIDANCE, GUIDANCE_ID
from tests.test_structure import TASK_TITLES

TEXT = GUIDANCE.read_text(encoding="utf-8")
KEY = GUIDANCE_ID.removeprefix("doc:")


def _names(store: GraphStore, node_id: str, rel: str, direction: str = "out") -> set[str]:
    return {n.props["name"] for _, n in store.neighbours(node_id, [rel], direction)}  # type: ignore[arg-type]


def test_ten_tasks_under_part_two(guidance_store: GraphStore) -> None:
    tasks = sorted(guidance_store.find_nodes("Task"), key=lambda n: n.props["number"])
    assert [t.props["title"] for t in tasks] == TASK_TITLES
    part2 = guidance_store.get_node(f"section:{KEY}:2")
    assert part2 is not None and part2.props["title"] == "重点任务"
    assert len(guidance_store.neighbours(part2.id, ["HAS_TASK"], "out")) == 10


def test_three_measures_under_part_three(guidance_store: GraphStore) -> None:
    measures = sorted(guidance_store.find_nodes("Measure"), key=lambda n: n.props["number"])
    assert [m.props["title"] for m in measures] == [
        "建立多元资金投入和政策支撑机制", "积极争取国、省政策支持", "建立统筹推进和考核评价机制"]
    assert len(guidance_store.neighbours(f"section:{KEY}:3", ["HAS_MEASURE"], "out")) == 3


def test_counties_and_blocks(guidance_store: GraphStore) -> None:
    counties = guidance_store.find_nodes("County")
    assert len([c for c in counties if c.props.get("home")]) == 17  # the rest border them from other cities
    members = {b.props["name"]: _names(guidance_store, b.id, "MEMBER_OF", "in")
               for b in guidance_store.find_nodes("Block")}
    assert {k: len(v) for k, v in members.items()} == {"沿汾": 6, "沿黄": 7, "沿太岳": 4}
    assert members["沿太岳"] == {"古县", "安泽县", "浮山县", "翼城县"}
    task4 = f"task:{KEY}:4"
    assert {"沿汾", "沿黄", "沿太岳"} <= _names(guidance_store, task4, "MENTIONS")


def test_partners_with_their_sentences(guidance_store: GraphStore) -> None:
    partners = {n.props["name"]: e for e, n in guidance_store.neighbours("region:1410", ["PARTNER_OF"], "out")}
    assert set(partners) == {"运城市", "西安市"}
    yuncheng = [p for p in partners["运城市"].provenance if p.doc == GUIDANCE_ID]
    assert any(p.sentence and p.sentence.startswith("充分发挥我市与运城的比较优势") for p in yuncheng)
    xian = [p for p in partners["西安市"].provenance if p.doc == GUIDANCE_ID]
    assert any(p.sentence and "西安研发、临汾制造" in p.sentence for p in xian)
    for p in yuncheng + xian:
        assert TEXT[p.start : p.end] in ("运城", "西安")  # the span is the mention itself


def test_both_chains_with_enterprises(guidance_store: GraphStore) -> None:
    task5 = f"task:{KEY}:5"
    mentioned = _names(guidance_store, task5, "MENTIONS")
    assert {"晋南钢铁—大运汽车氢能产业链", "汽车配件—大运汽车装备制造产业链"} <= mentioned
    assert {"晋南钢铁", "大运汽车", "华翔", "汤荣"} <= mentioned
    on_hydrogen = {n.props["name"] for link in guidance_store.find_nodes("ChainLink", chain="chain:hydrogen")
                   for _, n in guidance_store.neighbours(link.id, ["PART_OF_CHAIN"], "in")}
    assert {"晋南钢铁", "大运汽车"} <= on_hydrogen
    links = sorted(guidance_store.find_nodes("ChainLink", chain="chain:hydrogen"), key=lambda n: n.props["order"])
    assert _names(guidance_store, links[0].id, "UPSTREAM_OF") == {links[1].props["name"]}


def test_rivers(guidance_store: GraphStore) -> None:
    task1 = f"task:{KEY}:1"
    assert {"汾河", "沁河", "昕水河", "芝河", "团柏河", "清水河", "鄂河"} <= _names(guidance_store, task1, "MENTIONS")
    task5 = f"task:{KEY}:5"
    assert {"黄河", "汾河"} <= _names(guidance_store, task5, "MENTIONS")
    tributaries = _names(guidance_store, "river:黄河", "TRIBUTARY_OF", "in")
    assert {"汾河", "沁河", "昕水河"} <= tributaries


REQUIRED_PROJECTS = {*(f"{c}抽水蓄能电站项目" for c in ("洪洞县", "安泽县", "吉县")),
                     *(f"{c}储气设施项目" for c in ("浮山县", "侯马市", "永和县")),
                     "吉县—延长天然气长输管线项目", "晋西太德塬生态环境综合治理项目", "汾河流域综合治理项目",
                     "中条山、吕梁山、太行山生态屏障修复治理项目"}


def test_named_projects_linked_to_counties_and_tasks(guidance_store: GraphStore) -> None:
    projects = {p.props["name"]: p for p in guidance_store.find_nodes("Project")}
    task8 = f"task:{KEY}:8"
    for county in ["洪洞县", "安泽县", "吉县"]:
        p = projects[f"{county}抽水蓄能电站项目"]
        assert _names(guidance_store, p.id, "LOCATED_IN") == {county}
        assert {n.id for _, n in guidance_store.neighbours(p.id, ["SERVES_TASK"], "out")} == {task8}
        prov = guidance_store.get_node(p.id).provenance[0]  # type: ignore[union-attr]
        assert prov.doc == GUIDANCE_ID and "抽水蓄能电站项目" in TEXT[prov.start : prov.end]
    for county in ["浮山县", "侯马市", "永和县"]:
        assert _names(guidance_store, projects[f"{county}储气设施项目"].id, "LOCATED_IN") == {county}
    pipeline = projects["吉县—延长天然气长输管线项目"]
    assert _names(guidance_store, pipeline.id, "LOCATED_IN") == {"吉县"}
    assert "延长县" in _names(guidance_store, pipeline.id, "MENTIONS")
    taide = projects["晋西太德塬生态环境综合治理项目"]
    assert {n.id for _, n in guidance_store.neighbours(taide.id, ["SERVES_TASK"], "out")} == {f"task:{KEY}:1"}
    assert "汾河" in _names(guidance_store, projects["汾河流域综合治理项目"].id, "MENTIONS")
    # the mountains name this one (谋划实施中条山、吕梁山、太行山生态屏障修复治理项目); kinds of projects
    # in the policy ("谋划…等重点项目", "承接西安…项目") are not projects
    assert "中条山、吕梁山、太行山生态屏障修复治理项目" in projects
    assert len(REQUIRED_PROJECTS & set(projects)) == 10
    # Beyond the ten, only what the policy-genre key convention (tests/data/real/README.md, round 11) calls a
    # work may come: a named example before 等…园区 ("谋划建设侯马方略等综合物流园区"), one named work with a work
    # word ("共同打造黄河金三角陆路口岸") and one joint work of the two cities listed before 等项目
    # ("两市空气质量联合预警信息化建设等项目"), the named facilities of one list of works ("谋划实施黄河国家文化公园、
    # 遗址博物馆群…等项目", "谋划“药茶小镇”和“药茶博物馆”“药茶体验园”建设项目") and of energy ("建设清洁能源储运基地、打造
    # 天然气储气调峰中心"), of one list of infrastructure works ("谋划实施国道 108 线、城际轨道交通、通航机场…等重点项目";
    # since round 27 the other items of a list one of whose items is kept are weighed too),
    # and the parks the guidance builds ("建设东山、西山、平川三大特色产业园区…；西山高质量梨果产业园区以隰县、吉县为中心…；
    # 平川高品质蔬菜产业园区，加快谋划…"). The learned judge decides on those, and its weights move with every retrain; no kind
    # of project ("黄河、汾河等跨市域流域治理项目", "承接西安…项目") and no field ("在乡村振兴、生态治理、黄河文化传承等方面
    # 创建样板") may come in.
    assert set(projects) - REQUIRED_PROJECTS <= {"侯马方略", "黄河金三角陆路口岸", "两市空气质量联合预警信息化建设",
                                                 "黄河国家文化公园", "遗址博物馆群", "药茶小镇", "药茶博物馆",
                                                 "药茶体验园", "清洁能源储运基地", "天然气储气调峰中心",
                                                 "平川高品质蔬菜产业园区", "西山高质量梨果产业园区", "通航机场",
                                                 "城际轨道交通", "国道 108 线"}, sorted(projects)


def test_every_fact_from_text_has_provenance(guidance_store: GraphStore) -> None:
    for edge in guidance_store.iter_edges(with_provenance=True):
        docs = {p.doc for p in edge.provenance}
        assert docs, edge
        for p in edge.provenance:
            if p.doc == GUIDANCE_ID:
                assert p.start is not None and p.end is not None and p.sentence
                assert 0 <= p.start < p.end <= len(TEXT)
