"""The `GraphStore` contract. Both backends implement exactly this, and one
contract test suite runs against each, so callers never branch on backend.

Facts are owned by documents through their provenance: `replace_document`
atomically drops what a document said before and writes what it says now, so
re-ingesting is idempotent and a failure leaves the previous state intact.
Shared nodes (a county named by many documents) live while any document, or
the gazetteer's own pseudo-document, still vouches for them."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import Literal

import networkx as nx
import numpy as np

from graph.models import Counts, DocumentRecord, Edge, GraphBatch, Node, WriteSummary

Direction = Literal["out", "in", "both"]


class GraphStore(ABC):
    backend: str

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create tables / constraints / indexes; safe to call repeatedly."""

    @abstractmethod
    def replace_document(self, doc_id: str, fingerprint: str, path: str, batch: GraphBatch, *,
                         ingested_at: str | None = None) -> WriteSummary:
        """All-or-nothing: remove `doc_id`'s facts, write `batch` as its facts.
        `ingested_at` (ISO time, default now) lets an import keep the original time."""

    @abstractmethod
    def delete_document(self, doc_id: str) -> WriteSummary:
        """Remove every fact only `doc_id` vouched for."""

    @abstractmethod
    def document(self, doc_id: str) -> DocumentRecord | None: ...

    @abstractmethod
    def documents(self) -> list[DocumentRecord]: ...

    @abstractmethod
    def get_node(self, node_id: str) -> Node | None: ...

    @abstractmethod
    def find_nodes(self, label: str, **props: object) -> list[Node]:
        """Nodes of a label whose properties equal the given values, ordered by id."""

    @abstractmethod
    def neighbours(self, node_id: str, rel_types: list[str] | None = None,
                   direction: Direction = "both") -> list[tuple[Edge, Node]]:
        """Edges touching a node with the node at their other end, ordered."""

    @abstractmethod
    def counts(self) -> Counts: ...

    @abstractmethod
    def iter_nodes(self, with_provenance: bool = False) -> Iterator[Node]:
        """Every node, ordered by id."""

    @abstractmethod
    def iter_edges(self, with_provenance: bool = False) -> Iterator[Edge]:
        """Every relationship, ordered by (src, type, dst)."""

    @abstractmethod
    def cached_embeddings(self, model: str, keys: list[str]) -> dict[str, bytes]:
        """Stored vectors (float32 bytes) for content keys already encoded by `model`."""

    @abstractmethod
    def cache_embeddings(self, model: str, items: dict[str, bytes]) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    # -- optional native search ------------------------------------------
    # A backend with its own vector and full-text indexes overrides these;
    # the defaults answer None ("not supported") and callers keep their
    # in-memory search, so search code never asks which backend it has.

    def sync_project_index(self, ids: list[str], search_texts: list[str], vectors: np.ndarray | None,
                           model_id: str | None) -> int | None:
        """Make the native project index hold exactly these projects: their
        space-joined search words and (if given) their normalised embeddings
        from `model_id`. Returns how many entries changed, or None when the
        backend has no native index."""
        return None

    def vector_top(self, vector: np.ndarray, k: int,
                   ids_filter: list[str] | None = None) -> list[tuple[str, float]] | None:
        """The k indexed projects nearest to `vector` by cosine, best first, as
        (id, cosine); only among `ids_filter` when given. None if unsupported."""
        return None

    def fulltext_top(self, tokens: list[str], k: int) -> list[tuple[str, float]] | None:
        """The k indexed projects best matching any of `tokens` (BM25), best
        first, as (id, score). None if unsupported."""
        return None

    def to_networkx(self) -> nx.MultiDiGraph:
        """The whole graph for algorithms (paths, PageRank); ids as node keys."""
        graph = nx.MultiDiGraph()
        for node in self.iter_nodes():
            graph.add_node(node.id, label=node.label, **node.props)
        for edge in self.iter_edges():
            graph.add_edge(edge.src, edge.dst, key=edge.type, type=edge.type, **edge.props)
        return graph

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
