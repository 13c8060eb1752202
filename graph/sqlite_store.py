"""The embedded default store: one SQLite file (WAL, one transaction per
document) that needs no server. Properties are JSON; provenance rows say
which document vouches for each node and edge.

Many readers and one writer at a time: a write waits up to `busy_timeout`
seconds for another writer (another process ingesting) and then gives up with
`StoreUnavailable`, leaving the store as it was."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graph.models import Counts, DocumentRecord, Edge, GraphBatch, Node, Provenance, WriteSummary, merged_props
from graph.prepared import EDGE_KEY_SEP, BatchRows, PreparedBatch, edge_key, props_json
from graph.store import Direction, GraphStore, chunks
from graph.validate import check_label_clashes, prepare_batch
from ontology import Schema, StoreError, StoreUnavailable

_DDL = """
CREATE TABLE IF NOT EXISTS nodes (id TEXT PRIMARY KEY, label TEXT NOT NULL, props TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS nodes_label ON nodes(label);
CREATE TABLE IF NOT EXISTS edges (src TEXT NOT NULL, type TEXT NOT NULL, dst TEXT NOT NULL,
    props TEXT NOT NULL, PRIMARY KEY (src, type, dst));
CREATE INDEX IF NOT EXISTS edges_dst ON edges(dst, type);
CREATE TABLE IF NOT EXISTS prov (doc TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,
    start INTEGER, "end" INTEGER, sentence TEXT, row INTEGER);
CREATE INDEX IF NOT EXISTS prov_doc ON prov(doc);
CREATE INDEX IF NOT EXISTS prov_key ON prov(kind, key);
CREATE TABLE IF NOT EXISTS embeddings (model TEXT NOT NULL, key TEXT NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (model, key));
CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL,
    path TEXT NOT NULL, ingested_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS doc_props (doc TEXT NOT NULL, id TEXT NOT NULL, props TEXT NOT NULL,
    PRIMARY KEY (doc, id));
CREATE INDEX IF NOT EXISTS doc_props_id ON doc_props(id);
"""
_CHUNK = 500  # ids per IN (...) query, well below SQLite's bound-parameter limit
BUSY_TIMEOUT = 60.0  # seconds a write waits for another writer
BUSY_RETRY_SECONDS = 0.05  # pause between tries of a statement SQLite refused without waiting
# Page cache per connection, KiB (SQLite's default is 2 MB). A 6,000-row list inserts into five
# B-trees keyed by text (ids, edge keys, provenance keys) spread over the whole file; at 100k
# projects a 2 MB cache re-read pages for most inserts (64 MB: the write step ~15% less CPU).
CACHE_KIB = 65536
_NODE_FIELDS = "id, label, props"
_EDGE_FIELDS = "src, type, dst, props"


def _marks(items: Sequence[object]) -> str:
    return ",".join("?" * len(items))


def _is_busy(exc: sqlite3.Error) -> bool:
    """SQLITE_BUSY (another connection kept the lock past the busy timeout)
    or SQLITE_LOCKED, extended codes included: "try again later" errors."""
    code = getattr(exc, "sqlite_errorcode", None)  # absent on errors raised by the sqlite3 module itself
    return isinstance(code, int) and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


class SqliteStore(GraphStore):
    backend = "sqlite"
    writes_prepared = True

    def __init__(self, path: Path, schema: Schema, *, busy_timeout: float = BUSY_TIMEOUT) -> None:
        """Opens (creating) the file; call `ensure_schema()` before first use."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.schema = schema
        self.busy_timeout = busy_timeout
        self._lock = threading.RLock()
        try:
            self._db = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise self._error(exc, f"cannot open {path}") from exc
        try:
            self._until_free(lambda: self._db.execute("PRAGMA journal_mode=WAL"))
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        except sqlite3.Error as exc:
            self._db.close()
            raise self._error(exc, f"cannot open {path}") from exc

    def _until_free(self, statement: Callable[[], object]) -> None:
        """Run a statement SQLite may refuse at once with SQLITE_BUSY, again until the busy
        timeout has passed. When several processes create one new file together (two CLI
        ingests into a fresh home), the switch to WAL and the first CREATE TABLE need a lock
        upgrade that SQLite refuses without waiting, to avoid a deadlock."""
        deadline = time.monotonic() + self.busy_timeout
        while True:
            try:
                statement()
                return
            except sqlite3.Error as exc:
                if not _is_busy(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(BUSY_RETRY_SECONDS)

    def _store_error(self, exc: Exception) -> StoreError | None:
        return self._error(exc, f"SQLite {self.path}") if isinstance(exc, sqlite3.Error) else None

    def _error(self, exc: sqlite3.Error, where: str) -> StoreError:
        if _is_busy(exc):
            return StoreUnavailable(f"{self.path}: database is locked by another writer "
                                    f"(waited {self.busy_timeout:g} s); try again later")
        return StoreError(f"{where}: {exc}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it commits or none of it. BEGIN
        IMMEDIATE takes the write lock up front (waiting up to the busy
        timeout), so a document never fails half-way for want of it.

        Only a transaction still open is rolled back: a failed BEGIN opened
        none, and SQLite ends one itself on some errors (a full disk, a
        trigger's RAISE(ROLLBACK)); a ROLLBACK then would fail and hide the
        error that matters."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise

    # -- schema -----------------------------------------------------------
    def _ensure_schema(self) -> None:
        with self._lock:
            self._until_free(lambda: self._db.executescript(_DDL))

    # -- writes -----------------------------------------------------------
    def _replace_document(self, doc_id: str, fingerprint: str, path: str, batch: GraphBatch,
                          ingested_at: str) -> WriteSummary:
        with self._transaction():
            removed_nodes, removed_edges = self._remove_doc(doc_id)
            prepare_batch(self.schema, doc_id, batch, self._labels_of)
            rows = BatchRows.of(batch)
            self._write(doc_id, fingerprint, path, rows, ingested_at)
        return WriteSummary(doc=doc_id, nodes=len(rows.nodes), edges=len(rows.edges),
                            removed_nodes=removed_nodes, removed_edges=removed_edges)

    def _replace_prepared(self, fingerprint: str, path: str, prepared: PreparedBatch,
                          ingested_at: str) -> WriteSummary:
        doc_id, rows = prepared.doc, prepared.rows
        with self._transaction():
            removed_nodes, removed_edges = self._remove_doc(doc_id)
            prepared.check_against(self.schema, self._labels_of)
            self._write(doc_id, fingerprint, path, rows, ingested_at)
        return WriteSummary(doc=doc_id, nodes=len(rows.nodes), edges=len(rows.edges),
                            removed_nodes=removed_nodes, removed_edges=removed_edges)

    def _delete_document(self, doc_id: str) -> WriteSummary:
        with self._transaction() as db:
            removed_nodes, removed_edges = self._remove_doc(doc_id)
            db.execute("DELETE FROM documents WHERE id=?", (doc_id,))
        return WriteSummary(doc=doc_id, nodes=0, edges=0, removed_nodes=removed_nodes, removed_edges=removed_edges)

    def _remove_doc(self, doc_id: str) -> tuple[int, int]:
        """Drop the doc's provenance, then whatever nobody vouches for any more."""
        db = self._db
        # One look-up by document, split here: with `kind='n'` in the WHERE clause SQLite
        # picked the (kind, key) index and scanned every node's provenance once per document.
        keys: dict[str, dict[str, None]] = {"n": {}, "e": {}}
        for kind, key in db.execute("SELECT kind, key FROM prov WHERE doc=? ORDER BY rowid", (doc_id,)):
            keys[kind][key] = None
        node_keys, edge_keys = list(keys["n"]), list(keys["e"])
        db.execute("DELETE FROM prov WHERE doc=?", (doc_id,))
        said = [r[0] for r in db.execute("SELECT id FROM doc_props WHERE doc=?", (doc_id,))]
        db.execute("DELETE FROM doc_props WHERE doc=?", (doc_id,))
        removed_edges = 0
        for chunk in chunks(edge_keys, _CHUNK):
            orphans = [r[0] for r in db.execute(
                f"SELECT DISTINCT key FROM prov WHERE kind='e' AND key IN ({_marks(chunk)})", chunk)]
            dead = sorted(set(chunk) - set(orphans))
            removed_edges += len(dead)
            db.executemany("DELETE FROM edges WHERE src=? AND type=? AND dst=?", [k.split(EDGE_KEY_SEP) for k in dead])
        removed_nodes = 0
        for chunk in chunks(node_keys, _CHUNK):
            alive = {r[0] for r in db.execute(
                f"SELECT DISTINCT key FROM prov WHERE kind='n' AND key IN ({_marks(chunk)})", chunk)}
            for node_id in sorted(set(chunk) - alive):
                still_linked = db.execute(
                    "SELECT 1 FROM edges WHERE src=? OR dst=? LIMIT 1", (node_id, node_id)).fetchone()
                if not still_linked:
                    db.execute("DELETE FROM nodes WHERE id=?", (node_id,))
                    removed_nodes += 1
        self._recompute_props(said)
        return removed_nodes, removed_edges

    def _recompute_props(self, ids: list[str]) -> None:
        """Surviving nodes get back exactly what the other documents said
        (nodes written before per-document values were kept are left alone)."""
        for chunk in chunks(ids, _CHUNK):
            per_node: dict[str, list[dict[str, Any]]] = {}
            for node_id, props in self._db.execute(
                    f"SELECT id, props FROM doc_props WHERE id IN ({_marks(chunk)}) ORDER BY rowid", chunk):
                per_node.setdefault(node_id, []).append(json.loads(props))
            self._db.executemany("UPDATE nodes SET props=? WHERE id=?",
                                 [(props_json(merged_props(docs)), node_id) for node_id, docs in per_node.items()])

    def _values_by_document(self, ids: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for chunk in chunks(ids, _CHUNK):
            for doc, node_id, props in self._db.execute(
                    f"SELECT doc, id, props FROM doc_props WHERE id IN ({_marks(chunk)}) ORDER BY rowid", chunk):
                out.setdefault(node_id, {})[doc] = json.loads(props)
        return out

    def _labels_of(self, ids: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for chunk in chunks(ids, _CHUNK):
            out.update(self._db.execute(f"SELECT id, label FROM nodes WHERE id IN ({_marks(chunk)})", chunk))
        return out

    def _write(self, doc_id: str, fingerprint: str, path: str, rows: BatchRows, ingested_at: str) -> None:
        """Upsert a checked batch's nodes, edges and provenance, keep what the
        document said of each node (its own values, for `_recompute_props`),
        and its record."""
        db = self._db
        check_label_clashes(rows.labels(), self._labels_of([node_id for node_id, _, _ in rows.nodes]))
        db.executemany(
            "INSERT INTO nodes(id, label, props) VALUES (?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET props=json_patch(nodes.props, excluded.props)", rows.nodes)
        db.executemany(
            "INSERT INTO edges(src, type, dst, props) VALUES (?,?,?,?) "
            "ON CONFLICT(src, type, dst) DO UPDATE SET props=json_patch(edges.props, excluded.props)", rows.edges)
        db.executemany('INSERT INTO prov(doc, kind, key, start, "end", sentence, row) VALUES (?,?,?,?,?,?,?)',
                       rows.provenance)
        db.executemany("INSERT OR REPLACE INTO doc_props(doc, id, props) VALUES (?,?,?)",
                       [(doc_id, node_id, props) for node_id, _, props in rows.nodes])
        db.execute(
            "INSERT INTO documents(id, fingerprint, path, ingested_at) VALUES (?,?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET fingerprint=excluded.fingerprint, path=excluded.path, "
            "ingested_at=excluded.ingested_at",
            (doc_id, fingerprint, path, ingested_at))

    def _cache_embeddings(self, model: str, items: dict[str, bytes]) -> None:
        with self._transaction() as db:
            db.executemany("INSERT OR REPLACE INTO embeddings(model, key, vector) VALUES (?,?,?)",
                           [(model, k, v) for k, v in items.items()])

    # -- reads ------------------------------------------------------------
    def _document(self, doc_id: str) -> DocumentRecord | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id, fingerprint, path, ingested_at FROM documents WHERE id=?", (doc_id,)).fetchone()
        return DocumentRecord(id=row[0], fingerprint=row[1], path=row[2], ingested_at=row[3]) if row else None

    def _documents(self) -> list[DocumentRecord]:
        with self._lock:
            rows = self._db.execute("SELECT id, fingerprint, path, ingested_at FROM documents ORDER BY id").fetchall()
        return [DocumentRecord(id=r[0], fingerprint=r[1], path=r[2], ingested_at=r[3]) for r in rows]

    def _provenance(self, kind: str, keys: list[str]) -> dict[str, list[Provenance]]:
        """The provenance of many nodes (`kind` 'n') or edges ('e') by key, in
        a few queries, each key's entries by document, start and row (missing
        values first) and, where those tie, in the order they were written."""
        out: dict[str, list[Provenance]] = {}
        for chunk in chunks(keys, _CHUNK):
            rows = self._db.execute(
                f'SELECT key, doc, start, "end", sentence, row FROM prov WHERE kind=? AND key IN ({_marks(chunk)}) '
                "ORDER BY doc, start, row, rowid", [kind, *chunk])
            for r in rows:
                out.setdefault(r[0], []).append(Provenance(doc=r[1], start=r[2], end=r[3], sentence=r[4], row=r[5]))
        return out

    def _nodes(self, rows: list[Any], with_provenance: bool) -> list[Node]:
        """Node rows (id, label, props) as nodes."""
        provenance = self._provenance("n", [r[0] for r in rows]) if with_provenance else {}
        return [Node(id=r[0], label=r[1], props=json.loads(r[2]), provenance=provenance.get(r[0], [])) for r in rows]

    def _edges(self, rows: list[Any], with_provenance: bool) -> list[Edge]:
        """Edge rows (src, type, dst, props) as edges."""
        keys = [edge_key(r[0], r[1], r[2]) for r in rows]
        provenance = self._provenance("e", keys) if with_provenance else {}
        return [Edge(src=r[0], type=r[1], dst=r[2], props=json.loads(r[3]), provenance=provenance.get(key, []))
                for r, key in zip(rows, keys, strict=True)]

    def _get_nodes(self, ids: list[str]) -> dict[str, Node]:
        out: dict[str, Node] = {}
        with self._lock:
            for chunk in chunks(ids, _CHUNK):
                rows = self._db.execute(f"SELECT {_NODE_FIELDS} FROM nodes WHERE id IN ({_marks(chunk)})",
                                        chunk).fetchall()
                out.update((node.id, node) for node in self._nodes(rows, with_provenance=True))
        return out

    def _find_nodes(self, label: str, props: dict[str, object]) -> list[Node]:
        sql = f"SELECT {_NODE_FIELDS} FROM nodes WHERE label=?"
        args: list[Any] = [label]
        for key, value in props.items():  # keys are checked identifiers
            sql += f" AND json_extract(props, '$.{key}') = ?"
            args.append(value)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY id", args).fetchall()
        return self._nodes(rows, with_provenance=False)

    def _neighbours(self, node_id: str, rel_types: list[str], direction: Direction) -> list[tuple[Edge, Node]]:
        type_sql = f" AND e.type IN ({_marks(rel_types)})" if rel_types else ""
        fields = "e.src, e.type, e.dst, e.props, n.id, n.label, n.props"
        parts: list[str] = []
        if direction in ("out", "both"):
            parts.append(f"SELECT {fields} FROM edges e JOIN nodes n ON n.id = e.dst WHERE e.src=?{type_sql}")
        if direction in ("in", "both"):
            parts.append(f"SELECT {fields} FROM edges e JOIN nodes n ON n.id = e.src WHERE e.dst=?{type_sql}")
        with self._lock:
            rows = [r for sql in parts
                    for r in self._db.execute(sql + " ORDER BY e.type, n.id", [node_id, *rel_types]).fetchall()]
            edges = self._edges([r[:4] for r in rows], with_provenance=True)
        return list(zip(edges, self._nodes([r[4:] for r in rows], with_provenance=False), strict=True))

    def _counts(self) -> Counts:
        with self._lock:
            labels = dict(self._db.execute("SELECT label, COUNT(*) FROM nodes GROUP BY label ORDER BY label"))
            types = dict(self._db.execute("SELECT type, COUNT(*) FROM edges GROUP BY type ORDER BY type"))
        return Counts(by_label=labels, by_type=types)

    def _iter_nodes(self, with_provenance: bool) -> Iterator[Node]:
        with self._lock:
            rows = self._db.execute(f"SELECT {_NODE_FIELDS} FROM nodes ORDER BY id").fetchall()
        for chunk in chunks(rows, _CHUNK):  # the lock is not held while the caller iterates
            with self._lock:
                nodes = self._nodes(chunk, with_provenance)
            yield from nodes

    def _iter_edges(self, with_provenance: bool) -> Iterator[Edge]:
        with self._lock:
            rows = self._db.execute(f"SELECT {_EDGE_FIELDS} FROM edges ORDER BY src, type, dst").fetchall()
        for chunk in chunks(rows, _CHUNK):  # the lock is not held while the caller iterates
            with self._lock:
                edges = self._edges(chunk, with_provenance)
            yield from edges

    def _cached_embeddings(self, model: str, keys: list[str]) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        with self._lock:
            for chunk in chunks(keys, _CHUNK):
                out.update(self._db.execute(
                    f"SELECT key, vector FROM embeddings WHERE model=? AND key IN ({_marks(chunk)})", [model, *chunk]))
        return out

    def _close(self) -> None:
        with self._lock:
            self._db.close()
