"""Checks a batch against the ontology before any backend writes it, and the
property names a query looks up, so both stores reject the same bad data with
the same message."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from graph.models import Edge, GraphBatch, Provenance
from ontology import Schema, SchemaError

# `id` names a node in every backend, and names starting with `_` are left to
# the backends for their own bookkeeping (Neo4j keeps provenance there).
RESERVED_NODE_PROPS = frozenset({"id"})

LabelLookup = Callable[[list[str]], dict[str, str]]  # ids already in the store -> their labels


def prepare_batch(schema: Schema, doc_id: str, batch: GraphBatch, existing_label: LabelLookup) -> None:
    """Validate labels, ids, property names and relationship endpoints against
    `schema`; stamp provenance.

    `existing_label` maps ids already in the store to their labels, for edges
    that point at nodes this batch does not carry (a county, a task)."""
    check_nodes(schema, doc_id, batch)
    known = known_labels(outside_ids(batch), existing_label)
    for edge in batch.edges.values():
        src = batch.nodes[edge.src].label if edge.src in batch.nodes else known[edge.src]
        dst = batch.nodes[edge.dst].label if edge.dst in batch.nodes else known[edge.dst]
        schema.check_rel(edge.type, src, dst)
        check_edge_props(doc_id, edge)


def check_nodes(schema: Schema, doc_id: str, batch: GraphBatch) -> None:
    """The checks of `prepare_batch` that come first and need no store: every
    node's label, id prefix and property names; stamps the nodes' provenance."""
    for node in batch.nodes.values():
        schema.check_label(node.label)
        if not node.id.startswith(schema.labels[node.label].id_prefix):
            raise SchemaError(f"node id {node.id!r} does not fit label {node.label}")
        _check_prop_names(f"node {node.id}", node.props, RESERVED_NODE_PROPS)
        _stamp(doc_id, node.provenance)


def outside_ids(batch: GraphBatch) -> list[str]:
    """The ids the batch's edges point at that it does not carry itself, sorted."""
    return sorted({i for e in batch.edges.values() for i in (e.src, e.dst)} - batch.nodes.keys())


def known_labels(outside: list[str], existing_label: LabelLookup) -> dict[str, str]:
    """The stored labels of `outside`; every one must be in the store."""
    known = existing_label(outside) if outside else {}
    missing = [i for i in outside if i not in known]
    if missing:
        raise SchemaError(f"edges point at unknown nodes: {', '.join(missing[:5])}")
    return known


def check_edge_props(doc_id: str, edge: Edge) -> None:
    """An edge's property names (checked after its endpoints); stamps its provenance."""
    _check_prop_names(f"relationship {edge.src} {edge.type} {edge.dst}", edge.props, frozenset())
    _stamp(doc_id, edge.provenance)


def check_label_clashes(labels: Mapping[str, str], stored: dict[str, str]) -> None:
    """A node id keeps its label for life: `stored` maps ids already in the
    store to their labels, and a batch (`labels`: its nodes' ids and labels)
    may not relabel one."""
    for node_id, label in stored.items():
        if labels[node_id] != label:
            raise SchemaError(f"node {node_id} is a {label}, not a {labels[node_id]}")


def check_prop_name(key: str) -> str:
    """A property name a query may look up. It must be a plain identifier:
    the embedded store places it in a JSON path, so nothing else may reach SQL."""
    if not key.isidentifier():
        raise SchemaError(f"bad property name {key!r}")
    return key


def _check_prop_names(what: str, props: dict[str, object], reserved: frozenset[str]) -> None:
    for key in props:
        if not key or key.startswith("_") or key in reserved:
            raise SchemaError(f"{what}: property name {key!r} is reserved")


def _stamp(doc_id: str, provenance: list[Provenance]) -> None:
    if not provenance:
        provenance.append(Provenance(doc=doc_id))
    for p in provenance:
        if p.doc != doc_id:  # extractors mostly set it already, and pydantic's __setattr__ costs ~3 µs
            p.doc = doc_id
