"""On Neo4j an ingest extracts the next project list while the store writes
the one before (`GraphStore.writes_wait_on_server`). What it writes, and the
report, must be exactly what one file after another writes."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from bench.generate import generate
from graph.models import WriteSummary
from graph.neo4j_store import Neo4jStore
from ingest.pipeline import FileResult, Ingestor, plan
from ontology import Gazetteer
from tests.conftest import GUIDANCE, GUIDANCE_ID, wipe_neo4j

pytestmark = pytest.mark.neo4j


def graph_of(store: Neo4jStore) -> tuple[list[str], list[str]]:
    nodes = sorted(n.model_dump_json() for n in store.iter_nodes(with_provenance=True))
    edges = sorted(e.model_dump_json() for e in store.iter_edges(with_provenance=True))
    return nodes, edges


def comparable(result: FileResult) -> dict[str, Any]:
    return result.model_dump()


@pytest.fixture
def paths(tmp_path: Path, gaz: Gazetteer) -> list[Path]:
    """The guidance, generated lists, a list given twice in a row (the second
    must find the first written: "unchanged"), and a list that fails."""
    lists = generate(300, tmp_path / "data", seed=3, gaz=gaz).files
    bad = tmp_path / "data" / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    return [GUIDANCE, lists[0], lists[0], bad, *lists[1:8]]


def test_overlapped_ingest_writes_what_serial_ingest_writes(neo4j_uri: str, neo4j_store: Neo4jStore,
                                                            gaz: Gazetteer, paths: list[Path]) -> None:
    assert neo4j_store.writes_wait_on_server
    serial = Ingestor(neo4j_store, gaz)
    expected = [serial.ingest_file(s.path, source=s) for s in plan(paths)]  # one file after another
    expected_graph = graph_of(neo4j_store)

    wipe_neo4j(neo4j_uri)
    neo4j_store.ensure_schema()
    writers: list[tuple[str, str]] = []
    replace = neo4j_store.replace_document

    def recording(doc_id: str, *args: Any, **kwargs: Any) -> WriteSummary:
        writers.append((doc_id, threading.current_thread().name))
        return replace(doc_id, *args, **kwargs)

    ingestor = Ingestor(neo4j_store, gaz)  # writes the gazetteer
    neo4j_store.replace_document = recording  # type: ignore[method-assign]
    report = ingestor.ingest(paths)

    assert [comparable(r) for r in report.files] == [comparable(r) for r in expected]
    assert [r.status for r in report.files] == ["ingested", "ingested", "unchanged", "failed",
                                                *["ingested"] * 7]
    assert report.files[0].doc_id == GUIDANCE_ID
    assert graph_of(neo4j_store) == expected_graph
    threads = [name for _, name in writers]
    assert [doc for doc, _ in writers] == [r.doc_id for r in report.files if r.status == "ingested"]
    assert threads[0] == threading.current_thread().name  # the text: written before the next file is read
    assert all(name.startswith("ingest-writer") for name in threads[1:])  # the lists: by the writer thread
