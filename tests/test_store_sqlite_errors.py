"""The embedded store when a write cannot go through, on real SQLite files:
another connection holding the write lock, and writes that fail inside their
transaction (SQLite triggers raising, a bug in Python code)."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph.models import GraphBatch, Provenance
from graph.prepared import BatchRows
from graph.sqlite_store import BUSY_TIMEOUT, SqliteStore
from ontology import StoreError, StoreUnavailable, load_schema

PROJECT = "project:141024:抽水蓄能电站"


def _batch(doc: str, name: str = "洪洞县抽水蓄能电站项目") -> GraphBatch:
    b = GraphBatch()
    prov = Provenance(doc=doc, start=0, end=3, sentence="洪洞县抽水蓄能电站项目。")
    b.node("county:141024", "County", prov, name="洪洞县")
    b.node(PROJECT, "Project", prov, name=name)
    b.edge(PROJECT, "LOCATED_IN", "county:141024", prov)
    return b


def _state(store: SqliteStore) -> tuple[object, ...]:
    """Everything a failed write could have touched."""
    return (store.counts(), store.documents(), list(store.iter_nodes(with_provenance=True)),
            list(store.iter_edges(with_provenance=True)), store.cached_embeddings("m", ["k"]))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "planatlas.sqlite"


@pytest.fixture
def store(path: Path) -> Iterator[SqliteStore]:
    """A store holding doc:a, giving up on a busy database after 0.2 s."""
    s = SqliteStore(path, load_schema(), busy_timeout=0.2)
    s.ensure_schema()
    s.replace_document("doc:a", "f1", "a.md", _batch("doc:a"))
    yield s
    s.close()


def _hold_write_lock(path: Path) -> sqlite3.Connection:
    """A second, raw connection holding the write lock, as another process
    ingesting would (any thread may release it)."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_the_default_busy_timeout_is_a_minute(path: Path) -> None:
    s = SqliteStore(path, load_schema())
    try:
        assert s.busy_timeout == BUSY_TIMEOUT == 60
    finally:
        s.close()


def test_a_locked_database_is_unavailable_and_changes_nothing(store: SqliteStore, path: Path) -> None:
    before = _state(store)
    other = _hold_write_lock(path)
    try:
        started = time.monotonic()
        with pytest.raises(StoreUnavailable, match="database is locked") as failure:
            store.replace_document("doc:a", "f2", "a.md", _batch("doc:a", name="新名称"))
        assert time.monotonic() - started < 10  # the store's short timeout, not the default minute
        assert str(path) in str(failure.value)
        assert isinstance(failure.value.__cause__, sqlite3.OperationalError)
        assert "rollback" not in str(failure.value)
        with pytest.raises(StoreUnavailable, match="database is locked"):
            store.delete_document("doc:a")
        with pytest.raises(StoreUnavailable, match="database is locked"):
            store.cache_embeddings("m", {"k": b"v"})
        assert _state(store) == before  # reads keep answering while another connection writes (WAL)
        assert not store._db.in_transaction
    finally:
        other.execute("ROLLBACK")
        other.close()
    summary = store.replace_document("doc:a", "f2", "a.md", _batch("doc:a", name="新名称"))
    assert (summary.removed_nodes, summary.removed_edges) == (2, 1)
    record = store.document("doc:a")
    assert record is not None and record.fingerprint == "f2"
    node = store.get_node(PROJECT)
    assert node is not None and node.props["name"] == "新名称"


def test_a_writer_that_finishes_within_the_timeout_is_waited_for(path: Path) -> None:
    s = SqliteStore(path, load_schema(), busy_timeout=30)
    s.ensure_schema()
    other = _hold_write_lock(path)

    def finish() -> None:
        other.execute("COMMIT")
        other.close()

    release = threading.Timer(0.3, finish)
    release.start()
    try:
        s.replace_document("doc:a", "f1", "a.md", _batch("doc:a"))
    finally:
        release.join()
        s.close()
    with sqlite3.connect(path) as check:
        assert check.execute("SELECT fingerprint FROM documents").fetchall() == [("f1",)]


@pytest.mark.parametrize("action", ["ABORT", "ROLLBACK"])
def test_a_write_failing_inside_its_transaction_rolls_back_and_reports_its_own_error(
        store: SqliteStore, path: Path, action: str) -> None:
    """Each write fails at its last statement, after it has removed and
    written facts. With RAISE(ROLLBACK) SQLite ends the transaction itself, so
    the store must not roll back again: the error that surfaces is the
    trigger's, not "cannot rollback - no transaction is active"."""
    store.cache_embeddings("m", {"k": b"v1"})
    before = _state(store)
    with sqlite3.connect(path) as raw:
        for event, table in (("INSERT", "documents"), ("UPDATE", "documents"), ("DELETE", "documents"),
                             ("INSERT", "embeddings")):
            raw.execute(f"CREATE TRIGGER fail_{event.lower()}_{table} BEFORE {event} ON {table} "
                        f"BEGIN SELECT RAISE({action}, 'disk full (simulated)'); END")
    writes: dict[str, Callable[[], object]] = {
        "replace": lambda: store.replace_document("doc:a", "f2", "a.md", _batch("doc:a", name="新名称")),
        "new document": lambda: store.replace_document("doc:b", "f1", "b.md", _batch("doc:b")),
        "delete": lambda: store.delete_document("doc:a"),
        "cache": lambda: store.cache_embeddings("m", {"k": b"v2"}),
    }
    for what, write in writes.items():
        with pytest.raises(StoreError, match=r"disk full \(simulated\)") as failure:
            write()
        assert not isinstance(failure.value, StoreUnavailable), what
        assert isinstance(failure.value.__cause__, sqlite3.IntegrityError), what
        assert "rollback" not in str(failure.value), what
        assert not store._db.in_transaction, what
        assert _state(store) == before, what
    with sqlite3.connect(path) as raw:
        for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
            raw.execute(f"DROP TRIGGER {name}")
    for write in writes.values():
        write()
    assert [d.id for d in store.documents()] == ["doc:b"]


class _FailsBeforeCommit(SqliteStore):
    """A bug after every fact is written, before the commit."""

    def _write(self, doc_id: str, fingerprint: str, path: str, rows: BatchRows, ingested_at: str) -> None:
        super()._write(doc_id, fingerprint, path, rows, ingested_at)
        assert self._db.execute("SELECT COUNT(*) FROM prov").fetchone()[0] > 0  # really written
        raise RuntimeError("bug (simulated)")


def test_a_bug_mid_write_rolls_back_and_passes_through_unchanged(store: SqliteStore, path: Path) -> None:
    """Errors that are not the database's are not dressed up as StoreError."""
    before = _state(store)
    failing = _FailsBeforeCommit(path, load_schema(), busy_timeout=0.2)
    try:
        with pytest.raises(RuntimeError, match="simulated"):
            failing.replace_document("doc:a", "f2", "a.md", _batch("doc:a", name="新名称"))
        assert not failing._db.in_transaction
    finally:
        failing.close()
    assert _state(store) == before
