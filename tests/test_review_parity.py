"""Decisions and merges on the real Neo4j server: the same review loop as on
SQLite gives the same graph, and both survive re-ingest and an export from
one backend imported into the other."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.factory import make_store
from graph.neo4j_store import Neo4jStore
from graph.store import GraphStore
from graph.transfer import export_graph, import_graph
from ontology import load_gazetteer
from search_api.core.config import load_scoring
from search_api.core.embeddings import Embedder
from search_api.core.review import ReviewBook
from search_api.core.service import PlanAtlas
from tests.conftest import wipe_neo4j
from tests.review_data import write_list

pytestmark = pytest.mark.neo4j


def loop(store: GraphStore, folder: Path, model_path: str, embedder: Embedder) -> PlanAtlas:
    """Ingest the list, decide on its three pairs (reject, confirm, later), merge the confirmed one."""
    service = PlanAtlas(store, load_gazetteer(), embedding_model=model_path, scoring=load_scoring(model_path),
                        max_file_bytes=20 << 20, embedder=embedder)
    assert not service.ingest([write_list(folder)]).failed
    service.refresh()
    reject, confirm, later = service.duplicates().pairs
    service.review(reject.a, reject.b, "rejected", "不同项目", "张三")
    service.review(confirm.a, confirm.b, "confirmed", "", "李四")
    service.review(later.a, later.b, "later")
    service.merge([confirm.a, confirm.b], "李四")
    return service


def comparable(book: ReviewBook) -> tuple[object, ...]:
    """Decisions and merges without their times (each backend decided at its own moment)."""
    reviews = sorted((k, s.record.decision, s.record.comment, s.record.reviewer, s.a_text, s.b_text)
                     for k, s in book.reviews.items())
    merges = sorted((m.id, m.canonical, tuple(m.members), tuple(m.names), m.reviewer) for m in book.merges)
    return tuple(reviews), tuple(merges)


def test_review_and_merge_parity_and_round_trip(tmp_path: Path, neo4j_uri: str, model_path: str,
                                                embedder: Embedder) -> None:
    wipe_neo4j(neo4j_uri)
    neo = Neo4jStore.connect(neo4j_uri, "neo4j", "", "neo4j")
    neo.ensure_schema()
    lite = loop(make_store("sqlite", home=tmp_path / "lite"), tmp_path, model_path, embedder)
    graph = loop(neo, tmp_path, model_path, embedder)
    try:
        books = {s.store.backend: ReviewBook.load(s.store) for s in (lite, graph)}
        assert comparable(books["sqlite"]) == comparable(books["neo4j"])
        assert len(books["neo4j"].reviews) == 3 and len(books["neo4j"].merges) == 1
        for service in (lite, graph):  # re-ingest leaves decisions and merges alone
            service.ingest([write_list(tmp_path)], force=True)
            assert ReviewBook.load(service.store) == books[service.store.backend]
            assert service.projects().count == 6 and service.duplicates().rejected_hidden == 1
        # Neo4j → SQLite and SQLite → Neo4j
        export_graph(graph.store, tmp_path / "from-neo4j.jsonl")
        export_graph(lite.store, tmp_path / "from-sqlite.jsonl")
        into_lite = make_store("sqlite", home=tmp_path / "into-lite")
        import_graph(into_lite, tmp_path / "from-neo4j.jsonl")
        assert ReviewBook.load(into_lite) == books["neo4j"]
        into_lite.close()
        wipe_neo4j(neo4j_uri)
        import_graph(graph.store, tmp_path / "from-sqlite.jsonl")
        assert ReviewBook.load(graph.store) == books["sqlite"]
        graph.refresh()
        assert graph.projects().count == 6 and graph.duplicates().rejected_hidden == 1
        assert graph.merges()[0].id == books["sqlite"].merges[0].id
    finally:
        lite.close()
        graph.close()
