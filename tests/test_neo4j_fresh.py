"""Search on Neo4j is served from the in-memory index (BM25, vectors, HNSW),
so that index must follow writes made by anyone else: a CLI ingest in
another process, or another connection deleting a document. The store's
change counter tells a running service; these tests prove it never answers
from a stale index, without any refresh called by hand."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.models import GraphBatch
from graph.neo4j_store import Neo4jStore
from graph.store import GraphStore
from ingest.pipeline import Ingestor
from ontology import SchemaError, load_gazetteer
from search_api.core.config import load_scoring
from search_api.core.search import Mode
from search_api.core.service import PlanAtlas
from tests.conftest import GUIDANCE

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parent.parent
NEW_NAME = "曲沃县星河钛合金精密铸件智能工厂项目"  # words the guidance never uses
QUERY = "钛合金精密铸件"
LIST = ("序号,项目名称,建设地点,建设内容,总投资,建设年限,责任单位\n"
        f"1,{NEW_NAME},曲沃县,新建钛合金精密铸件生产线3条,52000万元,2024-2026年,曲沃县工业和信息化局\n")


def _cli_ingest(uri: str, home: Path, path: Path) -> None:
    """`planatlas ingest` in its own process, as a planner would run it."""
    env = {**os.environ, "PLANATLAS_BACKEND": "neo4j", "NEO4J_URI": uri, "PLANATLAS_HOME": str(home)}
    done = subprocess.run([sys.executable, "-m", "search_api.cli", "--home", str(home), "ingest", str(path), "--json"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


def test_a_write_by_another_process_is_searchable_at_once(neo4j_uri: str, neo4j_store: GraphStore,
                                                          tmp_path: Path) -> None:
    Ingestor(neo4j_store).ingest([GUIDANCE])
    service = PlanAtlas(neo4j_store, load_gazetteer(), embedding_model=None, scoring=load_scoring(None),
                        max_file_bytes=20 << 20, index_dir=tmp_path / "index")
    before = service.store_version()
    assert all(h.name != NEW_NAME for h in service.search(QUERY, k=10, mode=Mode.BM25))
    assert not service.state.searcher.index.uses_native  # served from memory: it is what could go stale

    new_list = tmp_path / "新增项目.csv"
    new_list.write_text(LIST, encoding="utf-8")
    _cli_ingest(neo4j_uri, tmp_path / "cli-home", new_list)
    assert service.store_version() != before  # the counter node moved on

    hits = service.search(QUERY, k=10, mode=Mode.BM25)  # no refresh called: the service notices
    assert hits and hits[0].name == NEW_NAME
    new_id = hits[0].id
    assert service.similar(new_id, k=5, mode=Mode.BM25) is not None
    assert new_id in {d.id for d in service.state.index.docs}

    other = Neo4jStore.connect(neo4j_uri, "neo4j", "", "neo4j")  # another connection deletes the list
    try:
        doc_id = next(d.id for d in other.documents() if d.path.endswith(new_list.name))
        other.delete_document(doc_id)
    finally:
        other.close()
    assert all(h.id != new_id for h in service.search(QUERY, k=10, mode=Mode.BM25))
    assert new_id not in service.current().index.position


def test_the_change_counter_counts_committed_writes_only(neo4j_store: Neo4jStore) -> None:
    """A document write or delete moves the version; a write that rolls back does not."""
    start = neo4j_store.version()
    Ingestor(neo4j_store).ingest([GUIDANCE])
    after_ingest = neo4j_store.version()
    assert after_ingest != start
    doc = neo4j_store.documents()[-1]
    bad = GraphBatch()
    bad.edge("project:141024:x", "LOCATED_IN", "county:999999")
    with pytest.raises(SchemaError, match="unknown nodes"):  # the whole write rolls back, counter included
        neo4j_store.replace_document(doc.id, "other", doc.path, bad)
    assert neo4j_store.version() == after_ingest
    neo4j_store.delete_document(doc.id)
    assert neo4j_store.version() != after_ingest
