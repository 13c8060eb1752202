"""Supply-chain mapping and partner finding on the bundled corpus."""

from __future__ import annotations

import pytest

from ontology import NotFound
from search_api.core.chains import chain_view, load_chain, opportunities, resolve_chain
from search_api.core.partners import PartnerFinder
from search_api.core.service import PlanAtlas as Services
from tests.corpus_labels import load_labels


def test_resolve_chain_by_any_part_of_its_name(corpus_services: Services) -> None:
    gaz = corpus_services.gaz
    assert resolve_chain(gaz, "氢能") == "chain:hydrogen"
    assert resolve_chain(gaz, "hydrogen") == "chain:hydrogen"
    assert resolve_chain(gaz, "药茶") == "chain:medicinal_tea"
    assert resolve_chain(gaz, "不存在") is None


def test_hydrogen_chain_lists_jinnan_steel_upstream_of_dayun(corpus_services: Services) -> None:
    cg = load_chain(corpus_services.store, "chain:hydrogen")
    assert cg is not None
    view = chain_view(cg, corpus_services.gaz).model_dump(by_alias=True)
    names = [l["name"] for l in view["links"]]
    steel = next(l for l in view["links"] if any(e["name"] == "晋南钢铁" for e in l["enterprises"]))
    dayun = next(l for l in view["links"] if any(e["name"] == "大运汽车" for e in l["enterprises"]))
    assert steel["order"] < dayun["order"] and names.index(steel["name"]) == 0
    assert view["links"][0]["downstream"] == [view["links"][1]["id"]]
    assert {p["name"] for p in view["partners"]} == {"运城市"}
    assert "大运汽车" in view["partners"][0]["via"][0]["path"]
    assert view["counties"] and "曲沃县" in view["counties"]


def test_link_without_projects_is_a_gap(corpus_services: Services) -> None:
    labels = load_labels()
    gaz = corpus_services.gaz
    for empty in labels["empty_chain_links"]:
        order = labels["chains"][empty["chain"]]["links"].index(empty["link"]) + 1  # labels name links their own way
        cg = load_chain(corpus_services.store, f"chain:{empty['chain']}")
        assert cg is not None
        view = chain_view(cg, gaz).model_dump(by_alias=True)
        link = next(l for l in view["links"] if l["order"] == order)
        assert link["gap"] and link["name"] in view["gaps"]["links_without_projects"]
        assert all(l["gap"] == (not l["projects"]) for l in view["links"])
    hydrogen = chain_view(load_chain(corpus_services.store, "chain:hydrogen"), gaz).model_dump()  # type: ignore[arg-type]
    unused = hydrogen["gaps"]["upstream_without_local_use"]
    assert unused and unused[0]["downstream"] == "应用/物流运输"
    assert "沿黄" in hydrogen["gaps"]["links_missing_in_block"]


def test_opportunities_are_real_graph_paths(corpus_services: Services) -> None:
    cg = load_chain(corpus_services.store, "chain:hydrogen")
    assert cg is not None
    items = [o.model_dump() for o in opportunities(cg, "county:141081")]  # 侯马市
    assert items
    for item in items:
        steps = item["steps"]
        assert steps[0]["name"] == "侯马市" and steps[-1]["name"] == item["held_by"]
        for a, rel, b in zip(steps[0::2], steps[1::2], steps[2::2], strict=False):
            src, dst = (a["id"], b["id"]) if rel["dir"] == "->" else (b["id"], a["id"])
            edges = corpus_services.store.neighbours(src, [rel["rel"]], "out")
            assert dst in {n.id for _, n in edges}, (src, rel, dst)


def test_yuncheng_partners_an_auto_parts_project_in_houma(corpus_services: Services) -> None:
    finder = PartnerFinder(corpus_services.store, corpus_services.gaz, corpus_services.scoring.partners,
                           corpus_services.state.searcher)
    subject = finder.resolve("侯马市汤荣汽车零部件锻造项目")
    assert subject is not None
    regions = [p.model_dump() for p in finder.find(subject, k=5, kinds=("Region",))]
    assert regions[0]["name"] == "运城市"
    paths = [r["path"] for r in regions[0]["reasons"]]
    assert any("大运汽车" in p and "运城市" in p for p in paths), paths
    places = [r["name"] for r in [p.model_dump() for p in finder.find(subject, k=6, kinds=("County", "Region"))]]
    assert "运城市" in places, places


def test_pumped_storage_in_jixian_gets_hongtong_and_anze_as_peers(corpus_services: Services) -> None:
    finder = PartnerFinder(corpus_services.store, corpus_services.gaz, corpus_services.scoring.partners,
                           corpus_services.state.searcher)
    subject = finder.resolve("project:141028:抽水蓄能电站")
    assert subject is not None
    counties = [r["name"] for r in [p.model_dump() for p in finder.find(subject, k=5, kinds=("County",))]]
    assert {"洪洞县", "安泽县"} <= set(counties[:3]), counties


def test_partner_reasons_are_graph_paths(corpus_services: Services) -> None:
    finder = PartnerFinder(corpus_services.store, corpus_services.gaz, corpus_services.scoring.partners,
                           corpus_services.state.searcher)
    subject = finder.resolve("翼城县")
    assert subject is not None and subject.label == "County"
    results = [p.model_dump() for p in finder.find(subject, k=5)]
    assert results and all(r["reasons"] for r in results)
    for r in results:
        for reason in r["reasons"]:
            steps = reason["steps"]
            assert steps[0]["id"] == subject.id and steps[-1]["id"] == r["id"] or r["id"] in [s.get("id") for s in steps]


def test_block_view_with_rotation_and_joint_candidates(corpus_services: Services) -> None:
    view = corpus_services.block("沿黄", year=2024).model_dump()
    assert view is not None
    assert len(view["members"]) == 7 and view["lead_this_year"] == view["lead_rotation"][1]
    joint = view["joint_project_candidates"]
    assert joint and all(len(j["counties"]) >= 2 for j in joint)
    assert any({"吉县", "乡宁县"} <= set(j["counties"]) for j in joint)
    with pytest.raises(NotFound):
        corpus_services.block("沿海", year=2024)
