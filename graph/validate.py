"""Checks a batch against the ontology before any backend writes it, and the
property names a query looks up, so both stores reject the same bad data with
the same message."""

from __future__ import annotations

from collections.abc import Callable

from graph.models import GraphBatch, Provenance
from ontology import Schema, SchemaError

# `id` names a node in every backend, and names starting with `_` are left to
# the backends for their own bookkeeping (Neo4j keeps provenance there).
RESERVED_NODE_PROPS = frozenset({"id"})


def prepare_batch(schema: Schema, doc_id: str, batch: GraphBatch,
                  existing_label: Callable[[list[str]], dict[str, str]]) -> None:
    """Validate labels, ids, property names and relationship endpoints against
    `schema`; stamp provenance.

    `existing_label` maps ids already in the store to their labels, for edges
    that point at nodes this batch does not carry (a county, a task)."""
    for node in batch.nodes.values():
        schema.check_label(node.label)
        if not node.id.startswith(schema.labels[node.label].id_prefix):
            raise SchemaError(f"node id {node.id!r} does not fit label {node.label}")
        _check_prop_names(f"node {node.id}", node.props, RESERVED_NODE_PROPS)
        _stamp(doc_id, node.provenance)
    outside = sorted({i for e in batch.edges.values() for i in (e.src, e.dst)} - batch.nodes.keys())
    known = existing_label(outside) if outside else {}
    missing = [i for i in outside if i not in known]
    if missing:
        raise SchemaError(f"edges point at unknown nodes: {', '.join(missing[:5])}")
    for edge in batch.edges.values():
        src = batch.nodes[edge.src].label if edge.src in batch.nodes else known[edge.src]
        dst = batch.nodes[edge.dst].label if edge.dst in batch.nodes else known[edge.dst]
        schema.check_rel(edge.type, src, dst)
        _check_prop_names(f"relationship {edge.src} {edge.type} {edge.dst}", edge.props, frozenset())
        _stamp(doc_id, edge.provenance)


def check_label_clashes(batch: GraphBatch, stored: dict[str, str]) -> None:
    """A node id keeps its label for life: `stored` maps ids already in the
    store to their labels, and a batch may not relabel one."""
    for node_id, label in stored.items():
        if batch.nodes[node_id].label != label:
            raise SchemaError(f"node {node_id} is a {label}, not a {batch.nodes[node_id].label}")


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
        p.doc = doc_id
