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

from graph.models import Counts, DocumentRecord, Edge, GraphBatch, Node, WriteSummary

Direction = Literal["out", "in", "both"]


class GraphStore(ABC):
    backend: str

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create tables / constraints / indexes; safe to call repeatedly."""

    @abstractmethod
    def replace_document(self, doc_id: str, fingerprint: str, path: str, batch: GraphBatch) -> WriteSummary:
        """All-or-nothing: remove `doc_id`'s facts, write `batch` as its facts."""

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
    def iter_nodes(self) -> Iterator[Node]: ...

    @abstractmethod
    def iter_edges(self) -> Iterator[Edge]: ...

    @abstractmethod
    def cached_embeddings(self, model: str, keys: list[str]) -> dict[str, bytes]:
        """Stored vectors (float32 bytes) for content keys already encoded by `model`."""

    @abstractmethod
    def cache_embeddings(self, model: str, items: dict[str, bytes]) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

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
