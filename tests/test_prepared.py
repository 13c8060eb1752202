"""A batch prepared where no store is at hand (graph/prepared.py: a parallel
ingest's workers) is stored byte for byte as `replace_document` stores it,
and fails with the same error, leaving the store as it was."""

from __future__ import annotations

import pickle
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bench.generate import generate
from graph.factory import make_store
from graph.models import GraphBatch, Provenance
from graph.prepared import prepare
from graph.sqlite_store import SqliteStore
from graph.store import GraphStore
from ingest.parallel import ParallelIngestor
from ingest.pipeline import Ingestor
from ontology import Gazetteer, SchemaError
from tests.conftest import DOCS

TABLES = {  # every stored column, in write order; a document's ingest time aside
    "nodes": "rowid, id, label, props",
    "edges": "rowid, src, type, dst, props",
    "prov": 'rowid, doc, kind, key, start, "end", sentence, row',
    "doc_props": "rowid, doc, id, props",
    "documents": "id, fingerprint, path",
}


def _rows(store: GraphStore) -> dict[str, list[tuple[Any, ...]]]:
    assert isinstance(store, SqliteStore)
    with sqlite3.connect(store.path) as db:
        return {t: db.execute(f"SELECT {columns} FROM {t} ORDER BY 1").fetchall() for t, columns in TABLES.items()}


def _batch(doc: str) -> GraphBatch:
    b = GraphBatch()
    prov = Provenance(doc="elsewhere", start=0, end=3, sentence="洪洞县抽水蓄能电站项目。")
    b.node("project:141024:抽水蓄能电站", "Project", prov, name="洪洞县抽水蓄能电站项目", investment_wan=12000.0,
           owner=None, years="2024-2026")
    b.node("county:141024", "County", prov, name="洪洞县")
    b.edge("project:141024:抽水蓄能电站", "LOCATED_IN", "county:141024", prov)
    b.edge("project:141024:抽水蓄能电站", "IN_INDUSTRY", "industry:新能源")  # outside: a stored node
    return b


def _store(path: Path) -> GraphStore:
    store = make_store("sqlite", home=path)
    industry = GraphBatch()
    industry.node("industry:新能源", "Industry", name="新能源")
    store.replace_document("seed", "f", "seed", industry, ingested_at="2026-01-01T00:00:00+00:00")
    return store


def test_a_prepared_batch_is_stored_as_replace_document_stores_it(tmp_path: Path) -> None:
    direct, prepared = _store(tmp_path / "direct"), _store(tmp_path / "prepared")
    try:
        for doc in ("doc:a", "doc:b", "doc:a"):  # the second doc:a replaces the first
            direct.replace_document(doc, "f1", "a.csv", _batch(doc), ingested_at="2026-01-02T00:00:00+00:00")
            ready = pickle.loads(pickle.dumps(prepare(prepared.schema, doc, _batch(doc))))  # as from a worker
            prepared.replace_prepared("f1", "a.csv", ready, ingested_at="2026-01-02T00:00:00+00:00")
        assert _rows(prepared) == _rows(direct)
        assert prepared.counts() == direct.counts()
    finally:
        direct.close()
        prepared.close()


def test_parallel_ingest_writes_the_serial_ingests_rows(tmp_path: Path, gaz: Gazetteer) -> None:
    shutil.copytree(DOCS, tmp_path / "docs")
    generate(400, tmp_path / "gen", seed=5)
    paths = [tmp_path / "docs", tmp_path / "gen" / "lists"]
    serial_store = make_store("sqlite", home=tmp_path / "serial")
    parallel_store = make_store("sqlite", home=tmp_path / "parallel")
    try:
        Ingestor(serial_store, gaz).ingest(paths)
        ParallelIngestor(Ingestor(parallel_store, gaz), workers=2).ingest(paths)
        serial, parallel = _rows(serial_store), _rows(parallel_store)
        assert len(parallel["prov"]) > 1000
        assert parallel == serial
    finally:
        serial_store.close()
        parallel_store.close()


def _unknown_node(b: GraphBatch) -> None:
    b.edge("project:141024:抽水蓄能电站", "SERVES_TASK", "task:nowhere:1")


def _outside_end_of_another_label(b: GraphBatch) -> None:
    b.edge("project:141024:抽水蓄能电站", "SERVES_TASK", "industry:新能源")


@pytest.mark.parametrize(("spoil", "message"), [
    (_unknown_node, "edges point at unknown nodes: task:nowhere:1"),
    (_outside_end_of_another_label, "SERVES_TASK may not end at Industry"),
])
def test_what_only_the_store_can_check_fails_as_in_replace_document(
        tmp_path: Path, spoil: Any, message: str) -> None:
    store = _store(tmp_path)
    try:
        store.replace_document("doc:a", "f1", "a.csv", _batch("doc:a"))
        before = _rows(store)
        bad = _batch("doc:a")
        spoil(bad)
        with pytest.raises(SchemaError, match=message):
            store.replace_document("doc:a", "f2", "a.csv", bad)
        ready = prepare(store.schema, "doc:a", bad)  # nothing a worker can see is wrong
        with pytest.raises(SchemaError, match=message):
            store.replace_prepared("f2", "a.csv", ready)
        assert _rows(store) == before
    finally:
        store.close()


def test_a_batch_failing_a_check_without_the_store_is_not_prepared(tmp_path: Path) -> None:
    """A parallel ingest's worker then hands over the batch itself, and the store names
    the error a serial ingest names: here the unknown node, checked before any edge."""
    store = _store(tmp_path)
    try:
        bad = _batch("doc:a")
        _unknown_node(bad)
        bad.edge("county:141024", "SERVES_TASK", "project:141024:抽水蓄能电站")
        with pytest.raises(SchemaError, match="SERVES_TASK may not start at County"):
            prepare(store.schema, "doc:a", bad)
        with pytest.raises(SchemaError, match="unknown nodes"):
            store.replace_document("doc:a", "f1", "a.csv", bad)
    finally:
        store.close()
