"""The neutral graph payload every ingest step produces and every store
accepts. Provenance travels with each node and edge so that a fact can always
be traced to the document, the character span and the sentence it came from."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, Field, PrivateAttr


class Provenance(BaseModel):
    """Where a fact was read. `start`/`end` index the document's decoded text."""

    doc: str
    start: int | None = None
    end: int | None = None
    sentence: str | None = None
    row: int | None = None

    def key(self) -> tuple[Any, ...]:
        return (self.doc, self.start, self.end, self.row)


class Node(BaseModel):
    id: str
    label: str
    props: dict[str, Any] = Field(default_factory=dict)
    provenance: list[Provenance] = Field(default_factory=list)


class Edge(BaseModel):
    src: str
    type: str
    dst: str
    props: dict[str, Any] = Field(default_factory=dict)
    provenance: list[Provenance] = Field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.src, self.type, self.dst)


class GraphBatch(BaseModel):
    """Nodes and edges of one document. Adding the same node or edge twice
    merges properties and provenance, so extractors need not deduplicate."""

    nodes: dict[str, Node] = Field(default_factory=dict)
    edges: dict[tuple[str, str, str], Edge] = Field(default_factory=dict)
    # provenance keys already held per fact, so a merge costs its own size,
    # not the fact's whole provenance again (5,000 repeats were quadratic)
    _seen: dict[Any, set[tuple[Any, ...]]] = PrivateAttr(default_factory=dict)

    def add_node(self, node: Node) -> Node:
        return _merge(self.nodes, node.id, node, self._seen_sets())

    def add_edge(self, edge: Edge) -> Edge:
        return _merge(self.edges, edge.key, edge, self._seen_sets())

    def _seen_sets(self) -> dict[Any, set[tuple[Any, ...]]]:
        """`self._seen` without pydantic's `__getattr__` (~3 µs, and ingest adds ~6 facts a row)."""
        private = self.__pydantic_private__
        if private is None:  # pragma: no cover - pydantic sets it in __init__
            return self._seen
        seen: dict[Any, set[tuple[Any, ...]]] = private["_seen"]
        return seen

    def node(self, node_id: str, label: str, prov: Provenance | None = None, **props: Any) -> Node:
        return self.add_node(Node(id=node_id, label=label, props=props, provenance=[prov] if prov else []))

    def edge(self, src: str, rel_type: str, dst: str, prov: Provenance | None = None, **props: Any) -> Edge:
        return self.add_edge(Edge(src=src, type=rel_type, dst=dst, props=props,
                                  provenance=[prov] if prov else []))

    def fold(self, node_id: str, into_id: str, held_types: frozenset[str] = frozenset()) -> None:
        """Make one node of two that name the same thing: `node_id`'s provenance, the properties `into_id` lacks and
        its edges move to `into_id`, and `node_id` goes. An outgoing edge of a type in `held_types` that `into_id`
        already has is dropped (a project keeps the place it was given, not a second one), as is an edge between
        the two."""
        node, into = self.nodes.pop(node_id), self.nodes[into_id]
        self._seen_sets().pop(("Node", node_id), None)
        self.add_node(Node(id=into_id, label=into.label, provenance=node.provenance,
                           props={k: v for k, v in node.props.items() if into.props.get(k) is None}))
        held = {e.type for e in self.edges.values() if e.src == into_id and e.type in held_types}
        for key in [k for k in self.edges if node_id in (k[0], k[2])]:
            edge = self.edges.pop(key)
            self._seen_sets().pop(("Edge", key), None)
            src, dst = (into_id if e == node_id else e for e in (edge.src, edge.dst))
            if src != dst and not (edge.src == node_id and edge.type in held):
                self.add_edge(Edge(src=src, type=edge.type, dst=dst, props=edge.props, provenance=edge.provenance))


_Fact = TypeVar("_Fact", Node, Edge)


def _merge(into: dict[Any, _Fact], key: Any, fact: _Fact, seen_by_key: dict[Any, set[tuple[Any, ...]]]) -> _Fact:
    """Keep the first instance; later ones add properties and provenance."""
    current = into.get(key)
    if current is None:
        into[key] = fact
        return fact
    current.props.update({k: v for k, v in fact.props.items() if v is not None})
    seen = seen_by_key.get((type(fact).__name__, key))
    if seen is None:
        seen = seen_by_key[(type(fact).__name__, key)] = {p.key() for p in current.provenance}
    _extend_provenance(current.provenance, fact.provenance, seen)
    return current


def _extend_provenance(into: list[Provenance], more: list[Provenance], seen: set[tuple[Any, ...]]) -> None:
    for p in more:
        if p.key() not in seen:
            into.append(p)
            seen.add(p.key())


def merged_props(per_doc: list[dict[str, Any]]) -> dict[str, Any]:
    """A node's properties from what each document still vouching for it said,
    in the order they were written (later values win): after a document is
    re-ingested or deleted, nothing it alone said stays on a shared node."""
    out: dict[str, Any] = {}
    for props in per_doc:
        out.update({k: v for k, v in props.items() if v is not None})
    return out


class WriteSummary(BaseModel):
    doc: str
    nodes: int
    edges: int
    removed_nodes: int = 0
    removed_edges: int = 0


class Counts(BaseModel):
    by_label: dict[str, int]
    by_type: dict[str, int]

    @property
    def nodes(self) -> int:
        return sum(self.by_label.values())

    @property
    def edges(self) -> int:
        return sum(self.by_type.values())


class DocumentRecord(BaseModel):
    id: str
    fingerprint: str
    path: str
    ingested_at: str
