"""The embedded default store: one SQLite file (WAL, one transaction per
document) that needs no server. Properties are JSON; provenance rows say
which document vouches for each node and edge."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from graph.models import Counts, DocumentRecord, Edge, GraphBatch, Node, Provenance, WriteSummary
from graph.store import Direction, GraphStore
from graph.validate import check_label_clashes, prepare_batch
from ontology import SchemaError, StoreError, load_schema

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
"""
_SEP = "\x1f"
_CHUNK = 500


def _edge_key(src: str, rel_type: str, dst: str) -> str:
    return f"{src}{_SEP}{rel_type}{_SEP}{dst}"


def _chunks(items: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _props_json(props: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in props.items() if v is not None}, ensure_ascii=False, sort_keys=True)


class SqliteStore(GraphStore):
    backend = "sqlite"

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            self._db = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {path}: {exc}") from exc
        self._lock = threading.RLock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=60000")

    # -- schema -----------------------------------------------------------
    def ensure_schema(self) -> None:
        with self._lock:
            self._db.executescript(_DDL)

    # -- writes -----------------------------------------------------------
    def replace_document(self, doc_id: str, fingerprint: str, path: str, batch: GraphBatch, *,
                         ingested_at: str | None = None) -> WriteSummary:
        ingested_at = ingested_at or datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                removed_nodes, removed_edges = self._remove_doc(doc_id)
                prepare_batch(doc_id, batch, self._labels_of)
                check_label_clashes(batch, self._labels_of(list(batch.nodes)))
                self._write(batch)
                self._db.execute(
                    "INSERT INTO documents(id, fingerprint, path, ingested_at) VALUES (?,?,?,?) "
                    "ON CONFLICT(id) DO UPDATE SET fingerprint=excluded.fingerprint, path=excluded.path, "
                    "ingested_at=excluded.ingested_at",
                    (doc_id, fingerprint, path, ingested_at))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return WriteSummary(doc=doc_id, nodes=len(batch.nodes), edges=len(batch.edges),
                            removed_nodes=removed_nodes, removed_edges=removed_edges)

    def delete_document(self, doc_id: str) -> WriteSummary:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                removed_nodes, removed_edges = self._remove_doc(doc_id)
                self._db.execute("DELETE FROM documents WHERE id=?", (doc_id,))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return WriteSummary(doc=doc_id, nodes=0, edges=0, removed_nodes=removed_nodes, removed_edges=removed_edges)

    def _remove_doc(self, doc_id: str) -> tuple[int, int]:
        """Drop the doc's provenance, then whatever nobody vouches for any more."""
        db = self._db
        node_keys = [r[0] for r in db.execute("SELECT DISTINCT key FROM prov WHERE doc=? AND kind='n'", (doc_id,))]
        edge_keys = [r[0] for r in db.execute("SELECT DISTINCT key FROM prov WHERE doc=? AND kind='e'", (doc_id,))]
        db.execute("DELETE FROM prov WHERE doc=?", (doc_id,))
        removed_edges = 0
        for chunk in _chunks(edge_keys):
            marks = ",".join("?" * len(chunk))
            orphans = [r[0] for r in db.execute(
                f"SELECT DISTINCT key FROM prov WHERE kind='e' AND key IN ({marks})", list(chunk))]
            dead = sorted(set(chunk) - set(orphans))
            removed_edges += len(dead)
            db.executemany("DELETE FROM edges WHERE src=? AND type=? AND dst=?", [k.split(_SEP) for k in dead])
        removed_nodes = 0
        for chunk in _chunks(node_keys):
            marks = ",".join("?" * len(chunk))
            alive = {r[0] for r in db.execute(
                f"SELECT DISTINCT key FROM prov WHERE kind='n' AND key IN ({marks})", list(chunk))}
            for node_id in sorted(set(chunk) - alive):
                still_linked = db.execute(
                    "SELECT 1 FROM edges WHERE src=? OR dst=? LIMIT 1", (node_id, node_id)).fetchone()
                if not still_linked:
                    db.execute("DELETE FROM nodes WHERE id=?", (node_id,))
                    removed_nodes += 1
        return removed_nodes, removed_edges

    def _labels_of(self, ids: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            out.update(self._db.execute(f"SELECT id, label FROM nodes WHERE id IN ({marks})", list(chunk)))
        return out

    def _write(self, batch: GraphBatch) -> None:
        db = self._db
        db.executemany(
            "INSERT INTO nodes(id, label, props) VALUES (?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET props=json_patch(nodes.props, excluded.props)",
            [(n.id, n.label, _props_json(n.props)) for n in batch.nodes.values()])
        db.executemany(
            "INSERT INTO edges(src, type, dst, props) VALUES (?,?,?,?) "
            "ON CONFLICT(src, type, dst) DO UPDATE SET props=json_patch(edges.props, excluded.props)",
            [(e.src, e.type, e.dst, _props_json(e.props)) for e in batch.edges.values()])
        rows: list[tuple[Any, ...]] = []
        for n in batch.nodes.values():
            rows.extend((p.doc, "n", n.id, p.start, p.end, p.sentence, p.row) for p in n.provenance)
        for e in batch.edges.values():
            key = _edge_key(e.src, e.type, e.dst)
            rows.extend((p.doc, "e", key, p.start, p.end, p.sentence, p.row) for p in e.provenance)
        db.executemany('INSERT INTO prov(doc, kind, key, start, "end", sentence, row) VALUES (?,?,?,?,?,?,?)', rows)

    # -- reads ------------------------------------------------------------
    def document(self, doc_id: str) -> DocumentRecord | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id, fingerprint, path, ingested_at FROM documents WHERE id=?", (doc_id,)).fetchone()
        return DocumentRecord(id=row[0], fingerprint=row[1], path=row[2], ingested_at=row[3]) if row else None

    def documents(self) -> list[DocumentRecord]:
        with self._lock:
            rows = self._db.execute("SELECT id, fingerprint, path, ingested_at FROM documents ORDER BY id").fetchall()
        return [DocumentRecord(id=r[0], fingerprint=r[1], path=r[2], ingested_at=r[3]) for r in rows]

    def _provenance(self, kind: str, key: str) -> list[Provenance]:
        rows = self._db.execute(
            'SELECT doc, start, "end", sentence, row FROM prov WHERE kind=? AND key=? ORDER BY doc, start, row',
            (kind, key))
        return [Provenance(doc=r[0], start=r[1], end=r[2], sentence=r[3], row=r[4]) for r in rows]

    def get_node(self, node_id: str) -> Node | None:
        with self._lock:
            row = self._db.execute("SELECT id, label, props FROM nodes WHERE id=?", (node_id,)).fetchone()
            if row is None:
                return None
            return Node(id=row[0], label=row[1], props=json.loads(row[2]), provenance=self._provenance("n", row[0]))

    def find_nodes(self, label: str, **props: object) -> list[Node]:
        load_schema().check_label(label)
        sql = "SELECT id, label, props FROM nodes WHERE label=?"
        args: list[Any] = [label]
        for key, value in props.items():
            if not key.isidentifier():
                raise SchemaError(f"bad property name {key!r}")
            sql += f" AND json_extract(props, '$.{key}') = ?"
            args.append(value)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY id", args).fetchall()
        return [Node(id=r[0], label=r[1], props=json.loads(r[2])) for r in rows]

    def neighbours(self, node_id: str, rel_types: list[str] | None = None,
                   direction: Direction = "both") -> list[tuple[Edge, Node]]:
        schema = load_schema()
        types = [schema.check_rel(t) for t in rel_types or []]
        type_sql = f" AND e.type IN ({','.join('?' * len(types))})" if types else ""
        parts: list[tuple[str, list[Any]]] = []
        if direction in ("out", "both"):
            parts.append((f"SELECT e.src, e.type, e.dst, e.props, n.id, n.label, n.props FROM edges e "
                          f"JOIN nodes n ON n.id = e.dst WHERE e.src=?{type_sql}", [node_id, *types]))
        if direction in ("in", "both"):
            parts.append((f"SELECT e.src, e.type, e.dst, e.props, n.id, n.label, n.props FROM edges e "
                          f"JOIN nodes n ON n.id = e.src WHERE e.dst=?{type_sql}", [node_id, *types]))
        out: list[tuple[Edge, Node]] = []
        with self._lock:
            for sql, args in parts:
                for r in self._db.execute(sql + " ORDER BY e.type, n.id", args):
                    edge = Edge(src=r[0], type=r[1], dst=r[2], props=json.loads(r[3]),
                                provenance=self._provenance("e", _edge_key(r[0], r[1], r[2])))
                    out.append((edge, Node(id=r[4], label=r[5], props=json.loads(r[6]))))
        return out

    def counts(self) -> Counts:
        with self._lock:
            labels = dict(self._db.execute("SELECT label, COUNT(*) FROM nodes GROUP BY label ORDER BY label"))
            types = dict(self._db.execute("SELECT type, COUNT(*) FROM edges GROUP BY type ORDER BY type"))
        return Counts(by_label=labels, by_type=types)

    def iter_nodes(self, with_provenance: bool = False) -> Iterator[Node]:
        with self._lock:
            rows = self._db.execute("SELECT id, label, props FROM nodes ORDER BY id").fetchall()
        for r in rows:
            prov = self._provenance("n", r[0]) if with_provenance else []
            yield Node(id=r[0], label=r[1], props=json.loads(r[2]), provenance=prov)

    def iter_edges(self, with_provenance: bool = False) -> Iterator[Edge]:
        with self._lock:
            rows = self._db.execute("SELECT src, type, dst, props FROM edges ORDER BY src, type, dst").fetchall()
        for r in rows:
            prov = self._provenance("e", _edge_key(r[0], r[1], r[2])) if with_provenance else []
            yield Edge(src=r[0], type=r[1], dst=r[2], props=json.loads(r[3]), provenance=prov)

    def cached_embeddings(self, model: str, keys: list[str]) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        with self._lock:
            for chunk in _chunks(keys):
                marks = ",".join("?" * len(chunk))
                out.update(self._db.execute(
                    f"SELECT key, vector FROM embeddings WHERE model=? AND key IN ({marks})", [model, *chunk]))
        return out

    def cache_embeddings(self, model: str, items: dict[str, bytes]) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("INSERT OR REPLACE INTO embeddings(model, key, vector) VALUES (?,?,?)",
                                     [(model, k, v) for k, v in items.items()])
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        with self._lock:
            self._db.close()
