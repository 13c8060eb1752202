"""Extracted enterprises in the chain and partner views, and the place of prose projects in texts
of other cities: real public texts of tests/data/real ingested as a user would (Markdown files
with their YAML headers), next to the bundled policy text."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.factory import make_store
from graph.store import GraphStore
from ingest.pipeline import Ingestor
from ingest.reader import front_matter
from ontology import Gazetteer
from search_api.core.chains import chain_view, load_chain
from search_api.core.config import PartnerConfig
from search_api.core.partners import PartnerFinder
from search_api.core.service import PlanAtlas as Services

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "real"
GUIDANCE = ROOT / "data" / "docs" / "linfen-2023-shuangcheng-guidance.md"
TEXTS = ("12-fushan-jinxin-lng-start", "14-huarong-2018-solar-signings", "20-qidong-2020-nine-starts")
# Two rows of one real company in two counties (晋南钢铁 of 曲沃县; its 翼城 site is a plan here).
LIST = ("项目名称,县区,责任单位\n"
        "晋南钢铁焦炉煤气制氢项目,曲沃县,山西晋南钢铁集团有限公司\n"
        "晋南钢铁翼城精品钢深加工项目,翼城县,山西晋南钢铁集团有限公司\n")


@pytest.fixture(scope="module")
def real_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    folder = tmp_path_factory.mktemp("real-docs")
    shutil.copy(GUIDANCE, folder)
    for name in TEXTS:
        shutil.copy(REAL / f"{name}.md", folder)
    (folder / "steel-sites.csv").write_text(LIST, encoding="utf-8")
    store = make_store("sqlite", home=tmp_path_factory.mktemp("real-home"))
    report = Ingestor(store).ingest([folder])
    assert not report.failed, [f.error for f in report.failed]
    yield store
    store.close()


def _projects(store: GraphStore, doc: str) -> dict[str, list[str]]:
    """Project name → the names of the places it lies in, for the projects of one document."""
    out = {}
    for node in store.iter_nodes(with_provenance=True):
        if node.label == "Project" and any(p.doc == f"doc:{doc}" for p in node.provenance):
            out[node.props["name"]] = [n.props["name"] for _, n in store.neighbours(node.id, ["LOCATED_IN"], "out")]
    return out


def test_markdown_header_is_read_not_extracted() -> None:
    text = (REAL / "14-huarong-2018-solar-signings.md").read_text(encoding="utf-8")
    header, body = front_matter(text)
    assert header["source"] == "https://bilezu.com/html/482598066.html" and header["published"] == "2018-01-25"
    assert len(body) == len(text) and body[body.index("27日"):] == text[text.index("27日"):]  # spans stay true
    assert front_matter("---\n一段正文\n---\n正文") == ({}, "---\n一段正文\n---\n正文")  # no header's lines


def test_a_header_yaml_rejects_is_still_a_header_not_text() -> None:
    """A note with a colon in it (as a saved web page's byline writes) makes the header invalid YAML; its
    words must not be read as the article (a URL's `content_3985625` became a company)."""
    text = (REAL / "441-hebei-2014-central-firm-projects-owners.md").read_text(encoding="utf-8")
    header, body = front_matter(text)
    assert header["source"] == "http://hebei.hebnews.cn/2014-06/13/content_3985625.htm"
    assert header["published"] == "2014-06-13" and "来源:河北新闻网" in header["cut"]
    assert "content" not in body and "河北新闻网讯" in body and len(body) == len(text)


def test_prose_projects_of_other_cities_are_placed_there_not_in_the_home_city(real_store: GraphStore) -> None:
    qidong = _projects(real_store, "20-qidong-2020-nine-starts")
    assert qidong["科多供电生产线项目"] == ["祁东县"]  # the lead: 本次祁东县集中开工的9个产业项目为…
    huarong = _projects(real_store, "14-huarong-2018-solar-signings")
    assert huarong["塌西湖200兆瓦渔光互补光伏电站项目"] == ["华容县"]  # …正式落户华容
    for places in [*qidong.values(), *huarong.values()]:
        assert "临汾市" not in places
    assert not any("stored copy" in name or "source" in name for name in [*qidong, *huarong])  # not the header


def test_chain_link_lists_the_companies_that_own_its_projects(real_store: GraphStore, gaz: Gazetteer) -> None:
    cg = load_chain(real_store, "chain:coal_coke_chem")
    assert cg is not None
    view = chain_view(cg, gaz)
    coking = next(link for link in view.links if link.name == "焦化")
    jinxin = next(e for e in coking.enterprises if "晋鑫新能源" in e.name)
    assert [(r.role, r.project) for r in jinxin.roles] == [("owner", "山西晋鑫新能源公司年产25万吨LNG、氢能及配套焦化项目")]
    assert "山西省" not in {p.name for p in view.partners}  # the home province holds the home city: no partner
    assert [step.name for step in cg.path(jinxin.id, coking.id) if hasattr(step, "name")] == [
        jinxin.name, "山西晋鑫新能源公司年产25万吨LNG、氢能及配套焦化项目", "焦化"]


def test_one_company_in_two_counties_makes_them_partners(real_store: GraphStore, gaz: Gazetteer) -> None:
    finder = PartnerFinder(real_store, gaz, PartnerConfig())
    quwo = finder.resolve("曲沃县")
    assert quwo is not None
    partners = {p.name: p for p in finder.find(quwo, k=30)}
    yicheng = partners["翼城县"]
    shared = [r for r in yicheng.reasons if r.kind == "shared_enterprise"]
    assert shared and "晋南钢铁" in shared[0].path and "晋南钢铁翼城精品钢深加工项目" in shared[0].path
    assert yicheng.components["shared_enterprise"] > 0


def test_project_page_names_its_companies_and_their_roles(corpus_services: Services) -> None:
    hit = next(d for d in corpus_services.projects().data if d.name == "曲沃县晋南钢铁焦炉煤气制氢提纯项目")
    parties = corpus_services.project(hit.id).parties
    assert [(p.name, p.role, p.located) for p in parties] == [("晋南钢铁", "owner", ["曲沃县"])]
