"""The bundled corpus ingested into each backend gives the same graph and the
same search results, with the real embedding model.

Vector search is compared exactly (ties within 1e-5 may swap). BM25 is not:
the Neo4j full-text index scores with Lucene's BM25 (k1 = 1.2, document
lengths stored in one lossy byte) while the embedded path uses bm25s
(k1 = 1.5, exact lengths). Both rank the same jieba words, so the top 10
mostly agree; near-ties can swap. The tolerance is `BM25_MIN_OVERLAP`,
`BM25_MIN_IDENTICAL` and `BM25_TOP_WITHIN`, and the measured agreement is
printed after the run."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from graph.factory import make_store
from graph.neo4j_store import Neo4jStore
from graph.store import GraphStore
from ingest.pipeline import Ingestor
from ontology import load_gazetteer
from search_api.core.config import load_scoring
from search_api.core.embeddings import Embedder
from search_api.core.models import Hit
from search_api.core.search import Mode
from search_api.core.service import PlanAtlas as Services
from search_api.core.views import tasks_view
from tests.conftest import DOCS, GUIDANCE_ID, wipe_neo4j
from tests.test_structure import TASK_TITLES

pytestmark = pytest.mark.neo4j

QUERIES = ["吉县抽水蓄能电站", "光伏发电", "氢燃料重型卡车生产", "玉露香梨冷链物流", "黄河流域生态保护",
           "煤矿智能化改造", "文旅康养", "汽车零部件铸造"]
TIE = 1e-5  # scores closer than this may come in either order
BM25_MIN_OVERLAP = 8  # of the top 10, per query, in bm25 and hybrid modes
BM25_MIN_IDENTICAL = 6  # of the 8 queries, rankings identical in bm25 and hybrid modes
BM25_TOP_WITHIN = 3  # each backend's best hit is among the other's first three


@pytest.fixture(scope="module")
def backends(tmp_path_factory: pytest.TempPathFactory, neo4j_uri: str,
             model_path: str, embedder: Embedder) -> Iterator[dict[str, Services]]:
    """The corpus in a fresh SQLite store and in the emptied Neo4j database,
    each with its own search services (and its own embedding cache)."""
    wipe_neo4j(neo4j_uri)
    neo = Neo4jStore.connect(neo4j_uri, "neo4j", "", "neo4j")
    neo.ensure_schema()
    stores: list[GraphStore] = [make_store("sqlite", home=tmp_path_factory.mktemp("parity")), neo]
    out = {}
    for store in stores:
        report = Ingestor(store).ingest([DOCS])
        assert not report.failed, [f.error for f in report.failed]
        out[store.backend] = Services(store, load_gazetteer(), embedding_model=model_path,
                                      scoring=load_scoring(model_path), max_file_bytes=20 << 20, embedder=embedder)
    yield out
    for services in out.values():
        services.close()


def test_same_counts(backends: dict[str, Services], report_line: Callable[[str], None]) -> None:
    lite, neo = backends["sqlite"].store.counts(), backends["neo4j"].store.counts()
    assert lite == neo
    assert lite.by_label["Project"] > 200 and lite.by_type["SERVES_TASK"] > 200
    report_line(f"parity: {neo.nodes} nodes, {neo.edges} relationships identical on both backends")


def test_same_nodes_edges_and_provenance(backends: dict[str, Services]) -> None:
    lite, neo = backends["sqlite"].store, backends["neo4j"].store
    assert [n.model_dump() for n in lite.iter_nodes(with_provenance=True)] == \
        [n.model_dump() for n in neo.iter_nodes(with_provenance=True)]
    assert [e.model_dump() for e in lite.iter_edges(with_provenance=True)] == \
        [e.model_dump() for e in neo.iter_edges(with_provenance=True)]
    assert [d.model_dump(exclude={"ingested_at"}) for d in lite.documents()] == \
        [d.model_dump(exclude={"ingested_at"}) for d in neo.documents()]


def test_same_policy_facts(backends: dict[str, Services]) -> None:
    lite, neo = backends["sqlite"].store, backends["neo4j"].store
    for store in (lite, neo):
        tasks = sorted(store.find_nodes("Task"), key=lambda n: n.props["number"])
        assert [t.props["title"] for t in tasks] == TASK_TITLES
    assert tasks_view(lite) == tasks_view(neo)

    def partner_sentences(store: GraphStore) -> dict[str, list[str | None]]:
        return {n.props["name"]: [p.sentence for p in e.provenance if p.doc == GUIDANCE_ID]
                for e, n in store.neighbours("region:1410", ["PARTNER_OF"], "out")}

    assert partner_sentences(lite) == partner_sentences(neo)
    assert set(partner_sentences(neo)) == {"运城市", "西安市"}
    named = [n.id for n in lite.iter_nodes(with_provenance=True)
             if n.label == "Project" and any(p.doc == GUIDANCE_ID for p in n.provenance)]
    assert "project:141028:抽水蓄能电站" in named
    for project_id in named:
        assert lite.get_node(project_id) == neo.get_node(project_id)
        assert lite.neighbours(project_id, ["LOCATED_IN", "SERVES_TASK"], "out") == \
            neo.neighbours(project_id, ["LOCATED_IN", "SERVES_TASK"], "out")


def _same_ranking(a: list[Hit], b: list[Hit], tie: float = TIE) -> bool:
    """Equal ids in equal order, except that hits whose scores are within
    `tie` may swap (also across the cut-off at k): the score at every rank
    agrees, and so does the score of every project both lists hold."""
    if len(a) != len(b) or any(abs(x.score - y.score) > tie for x, y in zip(a, b, strict=False)):
        return False
    score_a = {h.id: h.score for h in a}
    return all(abs(score_a[h.id] - h.score) <= tie for h in b if h.id in score_a)


def test_both_backends_search_the_in_memory_index(backends: dict[str, Services]) -> None:
    """Neo4j's own full-text and vector indexes answer only when the search
    config asks for them (`native_store_indexes`): by default both backends
    are served from the same in-memory index, 10-50x faster over Bolt."""
    assert not backends["neo4j"].state.searcher.index.uses_native
    assert not backends["sqlite"].state.searcher.index.uses_native


def test_vector_search_is_identical(backends: dict[str, Services]) -> None:
    for query in QUERIES:
        lite = backends["sqlite"].state.searcher.search(query, k=10, mode=Mode.VECTOR)
        neo = backends["neo4j"].state.searcher.search(query, k=10, mode=Mode.VECTOR)
        assert len(lite) == 10 and _same_ranking(lite, neo), (query, [h.id for h in lite], [h.id for h in neo])


def test_similar_by_vector_is_identical(backends: dict[str, Services]) -> None:
    docs = backends["sqlite"].state.searcher.index.docs
    for doc in docs[:: max(1, len(docs) // 12)]:
        lite = backends["sqlite"].state.searcher.similar(doc.id, k=10, mode=Mode.VECTOR)
        neo = backends["neo4j"].state.searcher.similar(doc.id, k=10, mode=Mode.VECTOR)
        assert _same_ranking(lite, neo), doc.id


@pytest.mark.parametrize("mode", [Mode.BM25, Mode.HYBRID])
def test_bm25_and_hybrid_search_agree_within_tolerance(backends: dict[str, Services], mode: Mode,
                                                      report_line: Callable[[str], None]) -> None:
    identical, overlaps = 0, []
    for query in QUERIES:
        lite = [h.id for h in backends["sqlite"].state.searcher.search(query, k=10, mode=mode)]
        neo = [h.id for h in backends["neo4j"].state.searcher.search(query, k=10, mode=mode)]
        overlap = len(set(lite) & set(neo))
        overlaps.append(f"{overlap}/{len(lite)}")
        identical += lite == neo
        assert lite and lite[0] in neo[:BM25_TOP_WITHIN] and neo[0] in lite[:BM25_TOP_WITHIN], (query, lite, neo)
        assert overlap >= min(BM25_MIN_OVERLAP, len(lite)), (query, lite, neo)
    report_line(f"parity: {mode.value} top-10 identical for {identical}/{len(QUERIES)} queries, "
                f"shared/hits per query {' '.join(overlaps)}")
    assert identical >= BM25_MIN_IDENTICAL


def test_duplicates_are_identical(backends: dict[str, Services]) -> None:
    lite = backends["sqlite"].duplicates(0.55, across_counties=True)
    neo = backends["neo4j"].duplicates(0.55, across_counties=True)
    assert [(p.a, p.b, p.score) for p in lite.pairs] == [(p.a, p.b, p.score) for p in neo.pairs]
    assert lite.clusters == neo.clusters and lite.pairs
