"""Checks a batch against the ontology before any backend writes it, so both
stores reject the same bad data with the same message."""

from __future__ import annotations

from collections.abc import Callable

from graph.models import GraphBatch, Provenance
from ontology import SchemaError, load_schema


def prepare_batch(doc_id: str, batch: GraphBatch, existing_label: Callable[[list[str]], dict[str, str]]) -> None:
    """Validate labels, ids and relationship endpoints; stamp provenance.

    `existing_label` maps ids already in the store to their labels, for edges
    that point at nodes this batch does not carry (a county, a task)."""
    schema = load_schema()
    for node in batch.nodes.values():
        schema.check_label(node.label)
        if not node.id.startswith(schema.labels[node.label].id_prefix):
            raise SchemaError(f"node id {node.id!r} does not fit label {node.label}")
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
        _stamp(doc_id, edge.provenance)


def _stamp(doc_id: str, provenance: list[Provenance]) -> None:
    if not provenance:
        provenance.append(Provenance(doc=doc_id))
    for p in provenance:
        p.doc = doc_id
