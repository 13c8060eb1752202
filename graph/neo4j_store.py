"""The Neo4j backend: the same `GraphStore` contract as the embedded SQLite
store, over the official driver, for deployments that want a server, Cypher
access for analysts and native vector and full-text indexes.

Semantics follow `SqliteStore` exactly (one contract suite runs on both):
- `replace_document` runs in ONE managed write transaction per document
  (retried by the driver on transient errors; rolled back whole on any
  error), writing in `UNWIND $rows` batches of `batch_size` rows;
- provenance lives on each node and relationship (`_prov`, `_prov_docs`, see
  `neo4j_queries`) and comes back sorted by document, start and row;
- a node goes only when no document vouches for it and no relationship
  touches it;
- property values Neo4j cannot store (maps, nested or mixed lists, integers
  beyond 64 bits) are kept as marked JSON text and decoded on the way out, so
  properties round-trip exactly.

Every node's label follows from its id prefix (`prepare_batch` enforces it on
each write and the constructor checks the prefixes are unambiguous), so reads
by id go straight to one label's uniqueness index.

A server that cannot be reached, or a connection lost for good (after the
driver's retries), is `StoreUnavailable`; any other driver or server error is
`StoreError`."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import numpy as np
from neo4j import Driver, GraphDatabase, ManagedTransaction, Result, Session
from neo4j.exceptions import (
    ConnectionPoolError,
    DatabaseUnavailable,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph import neo4j_queries as q
from graph.models import Counts, DocumentRecord, Edge, GraphBatch, Node, Provenance, WriteSummary, merged_props
from graph.store import Direction, GraphStore, chunks
from graph.validate import prepare_batch
from ontology import Schema, SchemaError, StoreError, StoreUnavailable, load_schema

BATCH = 1000
JSON_MARK = "\x00json:"  # prefix of property values stored as JSON text
MAX_QUERY_TERMS = 1000  # Lucene refuses boolean queries of more than 1024 clauses
INDEX_WAIT_SECONDS = 300
# The HNSW search explores as many candidates as it is asked for (Lucene's
# ef = k), so a small k can miss true neighbours. Asking for at least this
# many and keeping the best k makes the top k exact in practice.
VECTOR_CANDIDATES = 200
VECTOR_BATCH = 64  # vectors per VECTOR_QUERY_MANY round trip
_INT64 = (-(2**63), 2**63 - 1)
_INTERNAL_PROPS = frozenset({"id", "_prov", "_prov_docs", "_docprops"})
# "Cannot answer now": no server at the address, a connection lost for good,
# no free connection in the pool, the database itself offline (starting,
# stopping), or a transient error (a lock wait, a deadlock) still failing after
# the driver's retries, as SQLite's "database is locked" is. Anything else the
# driver or server raises is a plain StoreError.
_UNAVAILABLE = (ServiceUnavailable, SessionExpired, ConnectionPoolError, DatabaseUnavailable, TransientError,
                OSError)
T = TypeVar("T")


# -- property values ----------------------------------------------------------

def _primitive(value: Any) -> type | None:
    """The Neo4j-storable scalar type of a value, or None if it isn't one."""
    if isinstance(value, bool):
        return bool
    if isinstance(value, int):
        return int if _INT64[0] <= value <= _INT64[1] else None
    if isinstance(value, float):
        return float
    if isinstance(value, str):
        return None if value.startswith(JSON_MARK) else str  # would be misread as JSON
    return None


def encode_value(value: Any) -> Any:
    """A property value as Neo4j stores it: scalars and lists of one scalar
    type as they are, anything else as JSON text behind `JSON_MARK`."""
    if isinstance(value, list):
        kinds = {_primitive(v) for v in value}
        if len(kinds) <= 1 and None not in kinds:
            return value
    elif _primitive(value) is not None:
        return value
    return JSON_MARK + json.dumps(value, ensure_ascii=False, sort_keys=True)


def decode_value(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(JSON_MARK):
        return json.loads(value[len(JSON_MARK):])
    return value


_SCALARS = (str, bool, int, float)


def _plain_scalar(value: Any) -> bool:
    """`_primitive(value) is not None` for exact scalar types, in the order they are met."""
    kind = type(value)
    if kind is str:
        return not value.startswith(JSON_MARK)
    if kind is float or kind is bool:
        return True
    return kind is int and _INT64[0] <= value <= _INT64[1]


def _plain(value: Any) -> bool:
    """A value Neo4j stores as it is and a JSON round trip leaves unchanged:
    a plain scalar, or a list of plain scalars of one exact type."""
    if type(value) is list:
        kind = type(value[0]) if value else str
        return all(type(v) is kind and _plain_scalar(v) for v in value)
    return _plain_scalar(value)


def encode_props(props: dict[str, Any]) -> dict[str, Any]:
    """What the embedded store would keep (JSON types, None dropped), encoded.
    Plain scalars and lists of one scalar type (nearly every property, e.g. a
    relationship's `matched` words) pass as they are; anything else goes
    through a JSON round trip, which turns tuples into lists exactly as
    SQLite's JSON does."""
    if not props:
        return {}
    out = {}
    for key, value in props.items():  # one pass, no generator: ~30 values per project, 10k projects a second
        if value is None:
            continue
        if not _plain(value):
            break
        out[key] = value
    else:
        return out
    plain = json.loads(json.dumps(props, ensure_ascii=False))
    return {k: encode_value(v) for k, v in plain.items() if v is not None}


def decode_props(stored: dict[str, Any]) -> dict[str, Any]:
    """User properties, keys sorted so output is stable (Neo4j keeps no order)."""
    return {k: decode_value(stored[k]) for k in sorted(stored) if k not in _INTERNAL_PROPS}


def _prov_json(p: Provenance) -> str:
    return p.model_dump_json()  # pydantic's own serializer: several times json.dumps(model_dump())


def decode_provenance(stored: dict[str, Any]) -> list[Provenance]:
    """Provenance in the embedded store's order: by document, start, row
    (missing values first); entries that tie keep their insertion order."""
    entries = [Provenance(**json.loads(s)) for s in stored.get("_prov") or []]
    return sorted(entries, key=lambda p: (p.doc, p.start is not None, p.start or 0, p.row is not None, p.row or 0))


def lucene_term(token: str) -> str:
    """One user token as a Lucene query term. Quoting makes every special
    character (+ - && || ! ( ) { } [ ] ^ ~ * ? : /) and the words AND/OR/NOT
    literal; inside quotes only the quote and the backslash need escaping."""
    return '"' + token.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Quiet(list[Any]):
    """A list parameter with a short `repr`. The driver formats every RUN's
    parameters for a debug log line (`" ".join(map(repr, fields))`) whether
    or not debug logging is on: for a document's rows that was ~0.5 s of
    client CPU per 10k projects, more than packing them for the wire."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} values>"


def _params(params: dict[str, Any] | None) -> dict[str, Any]:
    """Parameters with their lists made `_Quiet` (a shallow copy of each list)."""
    return {k: _Quiet(v) if type(v) is list else v for k, v in (params or {}).items()}


def _rows(tx: ManagedTransaction, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every row as a dict of its values as the driver decoded them. Not
    `Result.data()`: that walks every value again, element by element, which
    for a cached vector (1,536 bytes) cost 8 ms per row."""
    return [dict(record) for record in tx.run(query, _params(params))]


def _run(tx: ManagedTransaction, query: str, params: dict[str, Any] | None = None) -> None:
    tx.run(query, _params(params)).consume()


def _start(tx: ManagedTransaction, query: str, params: dict[str, Any]) -> Result:
    """Send a statement and return at once; its result is read later (`_pipelined`)."""
    return tx.run(query, _params(params))


class _ProvenanceText:
    """Provenance entries as the JSON text stored in `_prov`, each entry
    serialised once: a list row's relationships share its row's entry."""

    def __init__(self) -> None:
        self._text: dict[int, tuple[Provenance, str]] = {}  # keeps each entry alive, so its id is not reused

    def of(self, entries: list[Provenance]) -> list[str]:
        out = []
        for p in entries:
            known = self._text.get(id(p))
            if known is None:
                known = self._text[id(p)] = (p, _prov_json(p))
            out.append(known[1])
        return out


def _pipelined(tx: ManagedTransaction, statements: Iterator[tuple[str, dict[str, Any], int]]) -> int:
    """Run each statement as soon as its rows are built, building the next
    while the server works on it (the driver returns from `run` once the
    server has the statement, and reads earlier results as later ones come).
    Each statement that expects rows returns `written`; returns how many of
    the expected rows it did not write."""
    results = [(_start(tx, query, params), expected) for query, params, expected in statements]
    lost = 0
    for result, expected in results:
        if expected:
            record = result.single(strict=True)
            lost += expected - int(record["written"])
        else:
            result.consume()
    return lost


def _check_prefixes(schema: Schema) -> None:
    """Reads by id trust the prefix to name one label, so no label's id
    prefix may start with another's."""
    prefixes = [(spec.id_prefix, name) for name, spec in schema.labels.items()]
    for prefix, name in prefixes:
        for other, other_name in prefixes:
            if name != other_name and prefix.startswith(other):
                raise SchemaError(f"id prefixes {prefix!r} ({name}) and {other!r} ({other_name}) overlap")


class Neo4jStore(GraphStore):
    backend = "neo4j"
    writes_wait_on_server = True

    def __init__(self, driver: Driver, schema: Schema, database: str = "neo4j", *, batch_size: int = BATCH,
                 uri: str = "") -> None:
        """Wraps an open driver; no I/O here (call `ensure_schema()` once)."""
        _check_prefixes(schema)
        self._driver = driver
        self.schema = schema
        self.database = database
        self.batch_size = batch_size
        self.uri = uri
        self._bookmarks = GraphDatabase.bookmark_manager()  # read-your-writes across sessions

    @classmethod
    def connect(cls, uri: str, user: str, password: str, database: str = "neo4j", *,
                batch_size: int = BATCH, schema: Schema | None = None) -> Neo4jStore:
        """Open a driver (no auth when `password` is empty) and check the server
        answers. `schema` defaults to the bundled ontology."""
        auth = (user, password) if password else None
        try:
            driver = GraphDatabase.driver(uri, auth=auth)
        except (DriverError, ValueError) as exc:
            raise StoreError(f"bad Neo4j address {uri!r}: {exc}") from exc
        try:
            driver.verify_connectivity()
        except (Neo4jError, DriverError, OSError, ValueError) as exc:
            driver.close()
            kind = StoreUnavailable if isinstance(exc, _UNAVAILABLE) else StoreError
            raise kind(f"cannot reach Neo4j at {uri}: {exc}") from exc
        try:
            return cls(driver, schema if schema is not None else load_schema(), database, batch_size=batch_size,
                       uri=uri)
        except BaseException:
            driver.close()  # a schema the store refuses must not leave the connection pool open
            raise

    # -- plumbing -----------------------------------------------------------
    def _store_error(self, exc: Exception) -> StoreError | None:
        if not isinstance(exc, Neo4jError | DriverError | OSError):
            return None
        # A server error's own message is the readable part of its text; a
        # driver error's `message` is a generic GQL status, its text is not.
        message = (exc.message if isinstance(exc, Neo4jError) else None) or str(exc)
        kind = StoreUnavailable if isinstance(exc, _UNAVAILABLE) else StoreError
        return kind(f"Neo4j {self.uri or self.database}: {message}")

    def _session(self) -> Session:
        # Server notifications (e.g. "label does not exist yet" on an empty
        # database) are expected here and would only flood the log.
        return self._driver.session(database=self.database, bookmark_manager=self._bookmarks,
                                    notifications_min_severity="OFF")

    def _read(self, work: Callable[..., T], *args: Any) -> T:
        """A managed read transaction (routed to readers, retried when transient)."""
        with self._session() as session:
            return session.execute_read(work, *args)

    def _write(self, work: Callable[..., T], *args: Any) -> T:
        """A managed write transaction: all of `work` commits, or none of it."""
        with self._session() as session:
            return session.execute_write(work, *args)

    def _query(self, cypher: str, **params: Any) -> list[dict[str, Any]]:
        """One read query's rows."""
        return self._read(_rows, cypher, params)

    def _by_label(self, ids: list[str]) -> dict[str, list[str]]:
        """Ids grouped by the label their prefix names; ids no prefix names are left out."""
        out: dict[str, list[str]] = defaultdict(list)
        for node_id in ids:
            name = self._label_of(node_id)
            if name is not None:
                out[name].append(node_id)
        return out

    def _label_of(self, node_id: str) -> str | None:
        """The label a node id's prefix names, or None when none does: such
        an id names no node, so reads by it find nothing."""
        try:
            return self.schema.label_of_id(node_id)
        except SchemaError:
            return None

    def server_version(self) -> str:
        """'Neo4j Kernel 5.26.x community', for logs and test reports."""
        with self._errors():
            row = self._query(q.SERVER_VERSION)[0]
        return f"{row['name']} {row['version']} {row['edition']}"

    # -- schema -------------------------------------------------------------
    def _ensure_schema(self) -> None:
        """Uniqueness constraints on every ontology label's id and on the
        internal records, plus the full-text index; waits until they are online.
        The vector index needs the model's dimension, so `sync_project_index`
        creates it."""
        statements = [q.node_id_constraint(self.schema, name) for name in self.schema.labels]
        statements += [*q.INTERNAL_CONSTRAINTS, q.CREATE_FULLTEXT_INDEX]
        for statement in statements:
            self._write(_run, statement)
        self._write(_run, q.AWAIT_INDEXES, {"seconds": INDEX_WAIT_SECONDS})

    # -- writes -------------------------------------------------------------
    def _replace_document(self, doc_id: str, fingerprint: str, path: str, batch: GraphBatch,
                          ingested_at: str) -> WriteSummary:
        removed_nodes, removed_edges = self._write(self._replace, doc_id, fingerprint, path, batch, ingested_at)
        return WriteSummary(doc=doc_id, nodes=len(batch.nodes), edges=len(batch.edges),
                            removed_nodes=removed_nodes, removed_edges=removed_edges)

    def _delete_document(self, doc_id: str) -> WriteSummary:
        def work(tx: ManagedTransaction) -> tuple[int, int]:
            _run(tx, q.COUNT_CHANGE)
            removed = self._remove_doc(tx, doc_id)
            _run(tx, q.DELETE_DOCUMENT, {"doc": doc_id})
            return removed

        removed_nodes, removed_edges = self._write(work)
        return WriteSummary(doc=doc_id, nodes=0, edges=0, removed_nodes=removed_nodes, removed_edges=removed_edges)

    def _replace(self, tx: ManagedTransaction, doc_id: str, fingerprint: str, path: str, batch: GraphBatch,
                 ingested_at: str) -> tuple[int, int]:
        """One document's whole write, inside one transaction (the driver may
        run it again after a transient error, so it only depends on its inputs)."""
        _run(tx, q.COUNT_CHANGE)
        removed = self._remove_doc(tx, doc_id)
        stored: dict[str, str] = {}

        def existing(outside: list[str]) -> dict[str, str]:
            # The batch's own ids are looked up in the same queries (one per label).
            stored.update(self._stored_labels(tx, [*outside, *batch.nodes]))
            return stored

        prepare_batch(self.schema, doc_id, batch, existing)
        if not stored and batch.nodes:  # no outside endpoint, so `existing` was not asked
            stored.update(self._stored_labels(tx, list(batch.nodes)))
        # No label-clash check of the batch's own nodes: `prepare_batch` holds
        # every written id to its label's prefix and the prefixes do not
        # overlap, so a stored node's label is the one its id names.
        labels = {**stored, **{node_id: node.label for node_id, node in batch.nodes.items()}}
        # Nodes not in the store yet are created, and so is every relationship
        # touching one (it cannot exist yet): CREATE skips MERGE's locking
        # lookup. Safe because document writers queue on COUNT_CHANGE's lock,
        # so no other writer adds these ids before this transaction commits (and
        # if one did, the uniqueness constraint would fail this write whole).
        new = batch.nodes.keys() - stored.keys()
        self._write_nodes(tx, doc_id, batch, new)
        self._write_edges(tx, doc_id, batch, labels, new)
        edges = list(batch.edges.values())
        _run(tx, q.UPSERT_DOCUMENT, {
            "doc": doc_id, "fingerprint": fingerprint, "path": path, "ingested_at": ingested_at,
            "nodes": list(batch.nodes), "edge_src": [e.src for e in edges],
            "edge_type": [e.type for e in edges], "edge_dst": [e.dst for e in edges]})
        return removed

    def _stored_labels(self, tx: ManagedTransaction, ids: list[str]) -> dict[str, str]:
        """The labels of those ids that exist: each looked up under the label
        its prefix names (one index seek), grouped into one UNWIND per label."""
        out: dict[str, str] = {}
        for name, label_ids in sorted(self._by_label(ids).items()):
            query = q.existing_ids(self.schema, name)
            for chunk in chunks(label_ids, self.batch_size):
                out.update((row["id"], name) for row in _rows(tx, query, {"ids": chunk}))
        return out

    def _write_nodes(self, tx: ManagedTransaction, doc_id: str, batch: GraphBatch, new: set[str]) -> None:
        """New nodes created with all their properties at once; stored ones
        merged (properties patched, this document's provenance appended)."""
        groups: dict[tuple[str, bool], list[Node]] = defaultdict(list)
        for node in batch.nodes.values():
            groups[(node.label, node.id in new)].append(node)
        prov = _ProvenanceText()

        def statements() -> Iterator[tuple[str, dict[str, Any], int]]:
            for (name, fresh), nodes in sorted(groups.items()):
                query = q.create_nodes(self.schema, name) if fresh else q.merge_nodes(self.schema, name)
                for chunk in chunks(nodes, self.batch_size):
                    yield query, {"rows": [self._node_row(doc_id, n, fresh, prov) for n in chunk], "doc": doc_id}, 0

        _pipelined(tx, statements())

    @staticmethod
    def _node_row(doc_id: str, node: Node, fresh: bool, prov: _ProvenanceText) -> dict[str, Any]:
        props = encode_props(node.props)
        entries = prov.of(node.provenance)
        said = json.dumps({k: v for k, v in node.props.items() if v is not None}, ensure_ascii=False, sort_keys=True)
        if fresh:
            return {"props": {**props, "id": node.id, "_prov": entries, "_prov_docs": [doc_id] * len(entries),
                              "_docprops": [doc_id + q.DOC_SEP + said]}}
        return {"id": node.id, "props": props, "prov": entries, "said": said}

    def _write_edges(self, tx: ManagedTransaction, doc_id: str, batch: GraphBatch, labels: dict[str, str],
                     new: set[str]) -> None:
        """Relationships touching a new node created, the others merged; both
        grouped by type and endpoint labels, so each endpoint is one index seek."""
        groups: dict[tuple[str, str, str, bool], list[Edge]] = defaultdict(list)
        for edge in batch.edges.values():
            groups[(edge.type, labels[edge.src], labels[edge.dst], edge.src in new or edge.dst in new)].append(edge)
        prov = _ProvenanceText()

        def statements() -> Iterator[tuple[str, dict[str, Any], int]]:
            for (rel_type, src, dst, fresh), edges in sorted(groups.items()):
                for chunk in chunks(edges, self.batch_size):
                    if fresh:
                        yield self._create_edges(doc_id, rel_type, src, dst, chunk, prov)
                    else:
                        rows = [{"src": e.src, "dst": e.dst, "props": encode_props(e.props),
                                 "prov": prov.of(e.provenance)} for e in chunk]
                        yield q.merge_edges(self.schema, rel_type, src, dst), {"rows": rows, "doc": doc_id}, len(rows)

        lost = _pipelined(tx, statements())
        if lost:  # an endpoint vanished after validation (a concurrent delete)
            raise StoreError(f"{doc_id}: {lost} relationships lost an endpoint")

    def _create_edges(self, doc_id: str, rel_type: str, src: str, dst: str, edges: list[Edge],
                      prov: _ProvenanceText) -> tuple[str, dict[str, Any], int]:
        """One `create_edges` statement: rows grouped by the endpoint side with fewer distinct ids."""
        shared = "src" if len({e.src for e in edges}) < len({e.dst for e in edges}) else "dst"
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for edge in edges:
            entries = prov.of(edge.provenance)
            key, other = (edge.src, edge.dst) if shared == "src" else (edge.dst, edge.src)
            groups[key].append({"id": other, "props": {**encode_props(edge.props), "_prov": entries,
                                                       "_prov_docs": [doc_id] * len(entries)}})
        params = {"groups": [{"key": key, "rows": rows} for key, rows in groups.items()]}
        return q.create_edges(self.schema, rel_type, src, dst, shared), params, len(edges)

    def _remove_doc(self, tx: ManagedTransaction, doc_id: str) -> tuple[int, int]:
        """Drop the doc's provenance, then whatever nobody vouches for any more:
        relationships first, so a node still linked by another document stays."""
        facts = _rows(tx, q.DOCUMENT_FACTS, {"doc": doc_id})
        if not facts:
            return 0, 0
        record = facts[0]
        edge_groups: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
        edge_lists = (record["edge_src"] or [], record["edge_type"] or [], record["edge_dst"] or [])
        for src, rel_type, dst in zip(*edge_lists, strict=True):  # written together by UPSERT_DOCUMENT
            src_label, dst_label = self._label_of(src), self._label_of(dst)
            if src_label and dst_label:
                edge_groups[(rel_type, src_label, dst_label)].append({"src": src, "dst": dst})
        removed_edges = 0
        for (rel_type, src_label, dst_label), rows in sorted(edge_groups.items()):
            query = q.unprove_edges(self.schema, rel_type, src_label, dst_label)
            for row_chunk in chunks(rows, self.batch_size):
                removed_edges += _rows(tx, query, {"rows": row_chunk, "doc": doc_id})[0]["removed"]
        node_groups: dict[str, list[str]] = defaultdict(list)
        for node_id in record["nodes"] or []:
            name = self._label_of(node_id)
            if name:
                node_groups[name].append(node_id)
        removed_nodes = 0
        for name, ids in sorted(node_groups.items()):
            query = q.unprove_nodes(self.schema, name)
            for id_chunk in chunks(ids, self.batch_size):
                removed_nodes += _rows(tx, query, {"ids": id_chunk, "doc": doc_id})[0]["removed"]
            self._recompute_props(tx, name, ids)
        return removed_nodes, removed_edges

    def _recompute_props(self, tx: ManagedTransaction, name: str, ids: list[str]) -> None:
        """Surviving nodes get back exactly what the other documents said
        (nodes written before per-document values were kept are left alone)."""
        for id_chunk in chunks(ids, self.batch_size):
            rows = []
            for row in _rows(tx, q.doc_props(self.schema, name), {"ids": id_chunk}):
                merged = encode_props(merged_props([json.loads(x.split(q.DOC_SEP, 1)[1]) for x in row["said"]]))
                stale = {k: None for k in row["keys"] if k not in _INTERNAL_PROPS and k not in merged}
                rows.append({"id": row["id"], "props": {**stale, **merged}})
            if rows:
                _run(tx, q.set_props(self.schema, name), {"rows": rows})

    # -- reads --------------------------------------------------------------
    def _document(self, doc_id: str) -> DocumentRecord | None:
        rows = self._query(q.GET_DOCUMENT, doc=doc_id)
        return DocumentRecord(**rows[0]) if rows else None

    def _documents(self) -> list[DocumentRecord]:
        return [DocumentRecord(**row) for row in self._query(q.ALL_DOCUMENTS)]

    def _version(self) -> str:
        """The change counter: one index lookup, however many documents, read
        in an auto-commit query (one round trip, where a managed transaction
        takes two: every search asks this first)."""
        with self._session() as session:
            rows = session.run(q.CHANGE_STATE).data()
        return f"{rows[0]['epoch']}:{rows[0]['count']}" if rows else "empty"

    def _get_nodes(self, ids: list[str]) -> dict[str, Node]:
        """Grouped by the label each id's prefix names, one UNWIND per label
        and batch, all in one read transaction."""
        by_label = self._by_label(ids)

        def work(tx: ManagedTransaction) -> dict[str, Node]:
            out: dict[str, Node] = {}
            for name, label_ids in sorted(by_label.items()):
                query = q.get_nodes(self.schema, name)
                for chunk in chunks(label_ids, self.batch_size):
                    for r in _rows(tx, query, {"ids": chunk}):
                        out[r["id"]] = Node(id=r["id"], label=name, props=decode_props(r["props"]),
                                            provenance=decode_provenance(r["props"]))
            return out

        return self._read(work) if by_label else {}

    def _values_by_document(self, ids: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
        by_label = self._by_label(ids)

        def work(tx: ManagedTransaction) -> dict[str, dict[str, dict[str, Any]]]:
            out: dict[str, dict[str, dict[str, Any]]] = {}
            for name, label_ids in sorted(by_label.items()):
                for chunk in chunks(label_ids, self.batch_size):
                    for row in _rows(tx, q.doc_props(self.schema, name), {"ids": chunk}):
                        for entry in row["said"]:
                            doc, said = entry.split(q.DOC_SEP, 1)
                            out.setdefault(row["id"], {})[doc] = json.loads(said)
            return out

        return self._read(work) if by_label else {}

    def _find_nodes(self, label: str, props: dict[str, object]) -> list[Node]:
        rows = self._query(q.find_nodes(self.schema, label, len(props)), keys=list(props),
                           values=[encode_value(v) for v in props.values()])
        return [Node(id=r["id"], label=label, props=decode_props(r["props"])) for r in rows]

    def _neighbours(self, node_id: str, rel_types: list[str], direction: Direction) -> list[tuple[Edge, Node]]:
        return self._neighbours_many([node_id], rel_types, direction).get(node_id, [])

    def _neighbours_many(self, ids: list[str], rel_types: list[str],
                         direction: Direction) -> dict[str, list[tuple[Edge, Node]]]:
        """One UNWIND per label, side and batch, all in one read transaction;
        per node the outgoing relationships come first, then the incoming."""
        sides = [side for side in ("out", "in") if direction in (side, "both")]

        def work(tx: ManagedTransaction) -> dict[str, list[tuple[Edge, Node]]]:
            out: dict[str, list[tuple[Edge, Node]]] = {}
            for name, label_ids in sorted(self._by_label(ids).items()):
                for side in sides:
                    query = q.neighbours(self.schema, name, side)
                    for chunk in chunks(label_ids, self.batch_size):
                        for r in _rows(tx, query, {"ids": chunk, "types": rel_types}):
                            edge = Edge(src=r["src"], type=r["type"], dst=r["dst"], props=decode_props(r["rprops"]),
                                        provenance=decode_provenance(r["rprops"]))
                            other = Node(id=r["id"], label=r["label"], props=decode_props(r["props"]))
                            out.setdefault(r["of"], []).append((edge, other))
            return out

        return self._read(work)

    def _counts(self) -> Counts:
        """From Neo4j's count store: one cheap query per ontology label and type."""
        schema = self.schema

        def work(tx: ManagedTransaction) -> Counts:
            labels = {name: _rows(tx, q.count_label(schema, name))[0]["n"] for name in sorted(schema.labels)}
            types = {name: _rows(tx, q.count_type(schema, name))[0]["n"] for name in sorted(schema.relationships)}
            return Counts(by_label={k: v for k, v in labels.items() if v},
                          by_type={k: v for k, v in types.items() if v})

        return self._read(work)

    def _iter_nodes(self, with_provenance: bool) -> Iterator[Node]:
        for r in self._query(q.ALL_NODES):
            yield Node(id=r["id"], label=r["label"], props=decode_props(r["props"]),
                       provenance=decode_provenance(r["props"]) if with_provenance else [])

    def _iter_edges(self, with_provenance: bool) -> Iterator[Edge]:
        for r in self._query(q.ALL_EDGES):
            yield Edge(src=r["src"], type=r["type"], dst=r["dst"], props=decode_props(r["props"]),
                       provenance=decode_provenance(r["props"]) if with_provenance else [])

    # -- embedding cache ----------------------------------------------------
    def _cached_embeddings(self, model: str, keys: list[str]) -> dict[str, bytes]:
        def work(tx: ManagedTransaction) -> dict[str, bytes]:
            out: dict[str, bytes] = {}
            for chunk in chunks(keys, self.batch_size):
                for row in _rows(tx, q.CACHED_EMBEDDINGS, {"model": model, "keys": chunk}):
                    out[row["key"]] = bytes(row["vector"])
            return out

        return self._read(work)

    def _cache_embeddings(self, model: str, items: dict[str, bytes]) -> None:
        rows = [{"key": k, "vector": v} for k, v in items.items()]

        def work(tx: ManagedTransaction) -> None:
            for chunk in chunks(rows, self.batch_size):
                _run(tx, q.CACHE_EMBEDDINGS, {"model": model, "rows": chunk})

        self._write(work)

    # -- native project search ----------------------------------------------
    def _sync_project_index(self, ids: list[str], search_texts: list[str], vectors: np.ndarray | None,
                            model_id: str | None) -> int | None:
        """Writes only entries whose text, vector or model changed (a hash per
        entry), and drops entries of projects that are gone."""
        rows = []
        for i, (project_id, text) in enumerate(zip(ids, search_texts, strict=True)):
            digest = hashlib.sha256(f"{model_id}\n{text}\n".encode())
            embedding = None
            if vectors is not None:
                vector = np.asarray(vectors[i], dtype=np.float32)
                digest.update(vector.tobytes())
                embedding = vector.astype(float).tolist()
            rows.append({"id": project_id, "hash": digest.hexdigest()[:32], "text": text, "embedding": embedding})
        if vectors is not None and len(vectors):
            self._ensure_vector_index(int(vectors.shape[1]))
        state = {r["id"]: r["hash"] for r in self._query(q.PROJECT_INDEX_STATE)}
        changed = [r for r in rows if state.get(r["id"]) != r["hash"]]
        stale = sorted(set(state) - set(ids))

        def work(tx: ManagedTransaction) -> None:
            for chunk in chunks(changed, self.batch_size):
                _run(tx, q.UPSERT_PROJECT_INDEX, {"rows": chunk})
            for id_chunk in chunks(stale, self.batch_size):
                _run(tx, q.DELETE_PROJECT_INDEX, {"ids": id_chunk})

        if changed or stale:
            self._write(work)
        return len(changed) + len(stale)

    def _ensure_vector_index(self, dim: int) -> None:
        """The vector index at the model's dimension (recreated if the model changed)."""
        found = self._query(q.VECTOR_INDEX_DIMENSIONS, name=q.VECTOR_INDEX)
        if found and found[0]["dim"] == dim:
            return
        if found:
            self._write(_run, q.DROP_VECTOR_INDEX)
        self._write(_run, q.CREATE_VECTOR_INDEX, {"dim": dim})
        self._write(_run, q.AWAIT_INDEXES, {"seconds": INDEX_WAIT_SECONDS})

    def _vector_top(self, vector: np.ndarray, k: int,
                    ids_filter: list[str] | None) -> list[tuple[str, float]] | None:
        """Through the HNSW index, or, within a filter, an exact scan of just
        those projects (the index cannot pre-filter in Neo4j 5)."""
        if k <= 0 or ids_filter == []:
            return []
        values = np.asarray(vector, dtype=np.float32).astype(float).tolist()
        if ids_filter is None:
            rows = self._query(q.VECTOR_QUERY, index=q.VECTOR_INDEX, k=max(k, VECTOR_CANDIDATES), vector=values)[:k]
        else:
            rows = self._query(q.VECTOR_EXACT, ids=ids_filter, k=k, vector=values)
        return [(r["id"], 2.0 * float(r["score"]) - 1.0) for r in rows]  # (1 + cos) / 2 back to cos

    def _vector_top_many(self, vectors: np.ndarray, k: int) -> list[list[tuple[str, float]]] | None:
        """Batches of VECTOR_BATCH vectors per query (the duplicate pass asked one query per project)."""
        out: list[list[tuple[str, float]]] = [[] for _ in range(len(vectors))]
        if k <= 0:
            return out
        for start in range(0, len(vectors), VECTOR_BATCH):
            chunk = np.asarray(vectors[start:start + VECTOR_BATCH], dtype=np.float32).astype(float).tolist()
            rows = self._query(q.VECTOR_QUERY_MANY, index=q.VECTOR_INDEX, candidates=max(k, VECTOR_CANDIDATES),
                               k=k, vectors=chunk)
            for row in rows:
                out[start + int(row["i"])] = [(h["id"], 2.0 * float(h["score"]) - 1.0) for h in row["hits"]]
        return out

    def _fulltext_top(self, tokens: list[str], k: int) -> list[tuple[str, float]] | None:
        terms = [lucene_term(t) for t in tokens if t][:MAX_QUERY_TERMS]
        if k <= 0 or not terms:
            return []
        rows = self._query(q.FULLTEXT_QUERY, index=q.FULLTEXT_INDEX, query=" OR ".join(terms), k=k)
        return [(r["id"], float(r["score"])) for r in rows]

    def _close(self) -> None:
        self._driver.close()
