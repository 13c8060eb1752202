"""The `GraphStore` contract. Both backends implement exactly this, and one
contract test suite runs against each, so callers never branch on backend.

Facts are owned by documents through their provenance: `replace_document`
atomically drops what a document said before and writes what it says now, so
re-ingesting is idempotent and a failure leaves the previous state intact.
Shared nodes (a county named by many documents) live while any document, or
the gazetteer's own pseudo-document, still vouches for them.

The public methods are concrete and the same for every backend: they check
their arguments against the schema once, here, and turn the backend's own
exceptions into PlanAtlas errors (`StoreError`, or `StoreUnavailable` when
the store cannot answer now). A backend implements the protected `_...`
methods, which may assume checked arguments, and `_store_error`, which says
which of its exceptions mean what."""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar, get_args

import networkx as nx
import numpy as np

from graph.models import Counts, DocumentRecord, Edge, GraphBatch, Node, WriteSummary
from graph.prepared import PreparedBatch
from graph.validate import check_prop_name
from ontology import Schema, SchemaError, StoreError

Direction = Literal["out", "in", "both"]
DIRECTIONS: tuple[Direction, ...] = get_args(Direction)
T = TypeVar("T")


def chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    """`items` in lists of at most `size`: the unit of one batched query
    (SQLite caps bound parameters, Neo4j's UNWIND rows should stay bounded)."""
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def utc_timestamp() -> str:
    """Now, as the ISO text (UTC, whole seconds) a document record keeps."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class GraphStore(ABC):
    backend: str
    schema: Schema
    # True when a write mostly waits on another process (a database server):
    # an ingest then extracts the next file while the store writes this one.
    writes_wait_on_server = False
    # True when the store writes a `PreparedBatch` (`replace_prepared`): a
    # parallel ingest's workers then check and encode batches, not its writer.
    writes_prepared = False

    # -- errors -----------------------------------------------------------

    @abstractmethod
    def _store_error(self, exc: Exception) -> StoreError | None:
        """The PlanAtlas error a backend exception means (`StoreUnavailable`
        for "try again later"), or None for one that is not the backend's:
        a bug or a PlanAtlas error, which then passes through unchanged."""

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Runs a public method's work, re-raising backend exceptions as PlanAtlas errors."""
        try:
            yield
        except Exception as exc:
            error = self._store_error(exc)
            if error is None:
                raise
            raise error from exc

    # -- schema -----------------------------------------------------------

    def ensure_schema(self) -> None:
        """Create tables / constraints / indexes; safe to call repeatedly."""
        with self._errors():
            self._ensure_schema()

    # -- writes -----------------------------------------------------------

    def replace_document(self, doc_id: str, fingerprint: str, path: str, batch: GraphBatch, *,
                         ingested_at: str | None = None) -> WriteSummary:
        """All-or-nothing: remove `doc_id`'s facts, write `batch` as its facts.
        `ingested_at` (ISO time, default now) lets an import keep the original time.
        The backend validates the batch (`prepare_batch`) inside its transaction,
        since edges may point at nodes only the store knows."""
        with self._errors():
            return self._replace_document(doc_id, fingerprint, path, batch, ingested_at or utc_timestamp())

    def replace_prepared(self, fingerprint: str, path: str, prepared: PreparedBatch, *,
                         ingested_at: str | None = None) -> WriteSummary:
        """`replace_document` for a batch `graph.prepared.prepare` made ready
        beforehand (in another process): the same checks, facts and errors.
        Only on a store whose `writes_prepared` is True."""
        with self._errors():
            return self._replace_prepared(fingerprint, path, prepared, ingested_at or utc_timestamp())

    def delete_document(self, doc_id: str) -> WriteSummary:
        """Remove every fact only `doc_id` vouched for."""
        with self._errors():
            return self._delete_document(doc_id)

    def cache_embeddings(self, model: str, items: dict[str, bytes]) -> None:
        """Keep vectors (float32 bytes) by content key, for `cached_embeddings`."""
        if not items:
            return
        with self._errors():
            self._cache_embeddings(model, items)

    # -- reads ------------------------------------------------------------

    def document(self, doc_id: str) -> DocumentRecord | None:
        with self._errors():
            return self._document(doc_id)

    def documents(self) -> list[DocumentRecord]:
        """Every document record, ordered by id."""
        with self._errors():
            return self._documents()

    def version(self) -> str:
        """A token that changes whenever any process or connection writes or
        deletes a document: a search index built at one version is stale at
        any other."""
        with self._errors():
            return self._version()

    def get_node(self, node_id: str) -> Node | None:
        """One node with its provenance, or None."""
        return self.get_nodes([node_id]).get(node_id)

    def get_nodes(self, ids: list[str]) -> dict[str, Node]:
        """The nodes with these ids, with their provenance, keyed by id in the
        order first asked for; ids that name no node are simply absent. One
        call reads many nodes in a few batched queries, not one per id."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        with self._errors():
            found = self._get_nodes(wanted)
        return {node_id: found[node_id] for node_id in wanted if node_id in found}

    def values_by_document(self, ids: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
        """What each document still vouching for these nodes said about them:
        id → document id → properties, in write order. A node's own properties
        keep the later value where documents disagree; this keeps every
        source's value for the read models (conflicting owners, investments)."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        with self._errors():
            return self._values_by_document(wanted)

    def find_nodes(self, label: str, **props: object) -> list[Node]:
        """Nodes of a label whose properties equal the given values, ordered by id
        (without provenance)."""
        self.schema.check_label(label)
        for key in props:
            check_prop_name(key)
        with self._errors():
            return self._find_nodes(label, props)

    def neighbours(self, node_id: str, rel_types: list[str] | None = None,
                   direction: Direction = "both") -> list[tuple[Edge, Node]]:
        """Edges touching a node (with their provenance) and the node at their
        other end (without), outgoing then incoming, each by type and other id."""
        types = [self.schema.check_rel(t) for t in rel_types or []]
        if direction not in DIRECTIONS:
            raise SchemaError(f"bad direction {direction!r}: expected one of {', '.join(DIRECTIONS)}")
        with self._errors():
            return self._neighbours(node_id, types, direction)

    def neighbours_many(self, node_ids: list[str], rel_types: list[str] | None = None,
                        direction: Direction = "both") -> dict[str, list[tuple[Edge, Node]]]:
        """`neighbours` of many nodes at once: each id maps to what
        `neighbours` gives for it ([] for an id naming no node). A view that
        reads around many nodes makes one call, not one round trip per node."""
        types = [self.schema.check_rel(t) for t in rel_types or []]
        if direction not in DIRECTIONS:
            raise SchemaError(f"bad direction {direction!r}: expected one of {', '.join(DIRECTIONS)}")
        wanted = list(dict.fromkeys(node_ids))
        if not wanted:
            return {}
        with self._errors():
            found = self._neighbours_many(wanted, types, direction)
        return {node_id: found.get(node_id, []) for node_id in wanted}

    def counts(self) -> Counts:
        with self._errors():
            return self._counts()

    def iter_nodes(self, with_provenance: bool = False) -> Iterator[Node]:
        """Every node, ordered by id."""
        with self._errors():
            yield from self._iter_nodes(with_provenance)

    def iter_edges(self, with_provenance: bool = False) -> Iterator[Edge]:
        """Every relationship, ordered by (src, type, dst)."""
        with self._errors():
            yield from self._iter_edges(with_provenance)

    def cached_embeddings(self, model: str, keys: list[str]) -> dict[str, bytes]:
        """Stored vectors (float32 bytes) for content keys already encoded by `model`."""
        if not keys:
            return {}
        with self._errors():
            return self._cached_embeddings(model, keys)

    def close(self) -> None:
        with self._errors():
            self._close()

    # -- optional native search ------------------------------------------
    # A backend with its own vector and full-text indexes overrides the
    # protected methods; the defaults answer None ("not supported") and
    # callers keep their in-memory search, so search code never asks which
    # backend it has.

    def sync_project_index(self, ids: list[str], search_texts: list[str], vectors: np.ndarray | None,
                           model_id: str | None) -> int | None:
        """Make the native project index hold exactly these projects: their
        space-joined search words and (if given) their normalised embeddings
        from `model_id`. Returns how many entries changed, or None when the
        backend has no native index."""
        with self._errors():
            return self._sync_project_index(ids, search_texts, vectors, model_id)

    def vector_top(self, vector: np.ndarray, k: int,
                   ids_filter: list[str] | None = None) -> list[tuple[str, float]] | None:
        """The k indexed projects nearest to `vector` by cosine, best first, as
        (id, cosine); only among `ids_filter` when given. None if unsupported."""
        with self._errors():
            return self._vector_top(vector, k, ids_filter)

    def vector_top_many(self, vectors: np.ndarray, k: int) -> list[list[tuple[str, float]]] | None:
        """`vector_top` (unfiltered) for many vectors at once, in their order:
        one round trip per batch instead of one per vector. None if unsupported."""
        with self._errors():
            return self._vector_top_many(vectors, k)

    def fulltext_top(self, tokens: list[str], k: int) -> list[tuple[str, float]] | None:
        """The k indexed projects best matching any of `tokens` (BM25), best
        first, as (id, score). None if unsupported."""
        with self._errors():
            return self._fulltext_top(tokens, k)

    def _sync_project_index(self, ids: list[str], search_texts: list[str], vectors: np.ndarray | None,
                            model_id: str | None) -> int | None:
        return None

    def _vector_top(self, vector: np.ndarray, k: int,
                    ids_filter: list[str] | None) -> list[tuple[str, float]] | None:
        return None

    def _fulltext_top(self, tokens: list[str], k: int) -> list[tuple[str, float]] | None:
        return None

    def _vector_top_many(self, vectors: np.ndarray, k: int) -> list[list[tuple[str, float]]] | None:
        return None

    def _neighbours_many(self, ids: list[str], rel_types: list[str],
                         direction: Direction) -> dict[str, list[tuple[Edge, Node]]]:
        """By default one `_neighbours` per id: right for an in-process store,
        where a read costs no round trip."""
        return {node_id: self._neighbours(node_id, rel_types, direction) for node_id in ids}

    def _version(self) -> str:
        """By default the documents' ids, fingerprints and ingest times,
        hashed; a backend may answer from a cheaper record of its writes."""
        lines = "\n".join(f"{d.id}\t{d.fingerprint}\t{d.ingested_at}" for d in self._documents())
        return hashlib.sha256(lines.encode()).hexdigest()[:16]

    # -- what each backend implements --------------------------------------

    @abstractmethod
    def _ensure_schema(self) -> None: ...

    @abstractmethod
    def _replace_document(self, doc_id: str, fingerprint: str, path: str, batch: GraphBatch,
                          ingested_at: str) -> WriteSummary: ...

    def _replace_prepared(self, fingerprint: str, path: str, prepared: PreparedBatch,
                          ingested_at: str) -> WriteSummary:
        raise NotImplementedError(f"the {self.backend} store writes batches, not prepared rows")

    @abstractmethod
    def _delete_document(self, doc_id: str) -> WriteSummary: ...

    @abstractmethod
    def _cache_embeddings(self, model: str, items: dict[str, bytes]) -> None:
        """`items` is not empty."""

    @abstractmethod
    def _document(self, doc_id: str) -> DocumentRecord | None: ...

    @abstractmethod
    def _documents(self) -> list[DocumentRecord]: ...

    @abstractmethod
    def _get_nodes(self, ids: list[str]) -> dict[str, Node]:
        """`ids` is not empty and has no repeats; the result may be in any order."""

    @abstractmethod
    def _values_by_document(self, ids: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
        """`ids` is not empty and has no repeats; nodes with no such record are absent."""

    @abstractmethod
    def _find_nodes(self, label: str, props: dict[str, object]) -> list[Node]:
        """`label` is in the schema and every key of `props` is an identifier."""

    @abstractmethod
    def _neighbours(self, node_id: str, rel_types: list[str], direction: Direction) -> list[tuple[Edge, Node]]:
        """`rel_types` are in the schema (empty: any type) and `direction` is valid."""

    @abstractmethod
    def _counts(self) -> Counts: ...

    @abstractmethod
    def _iter_nodes(self, with_provenance: bool) -> Iterator[Node]: ...

    @abstractmethod
    def _iter_edges(self, with_provenance: bool) -> Iterator[Edge]: ...

    @abstractmethod
    def _cached_embeddings(self, model: str, keys: list[str]) -> dict[str, bytes]:
        """`keys` is not empty."""

    @abstractmethod
    def _close(self) -> None: ...

    # -- built on the above -------------------------------------------------

    def to_networkx(self) -> nx.MultiDiGraph[str]:
        """The whole graph for algorithms (paths, PageRank); ids as node keys."""
        graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        for node in self.iter_nodes():
            graph.add_node(node.id, label=node.label, **node.props)
        for edge in self.iter_edges():
            graph.add_edge(edge.src, edge.dst, key=edge.type, type=edge.type, **edge.props)
        return graph

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
