"""A document's batch as the rows the embedded store writes, and a batch made
ready for it where no store is at hand.

Why: in a parallel ingest (ingest/parallel.py) the one writer process was the
limit, and most of its CPU went to checking batches, encoding properties as
JSON and unpickling the batches' pydantic objects (about ten per list row). A
worker now checks what it can without the store, encodes, and hands over
`PreparedBatch`: plain tuples, cheap to pickle. The writer then only checks
what needs the store (the labels of the nodes the batch points at but does
not carry) and runs SQL. `SqliteStore.replace_document` builds its rows with
the same `BatchRows.of`, so both paths write the same bytes.

A batch that fails a check here is handed to the store as it is: the store
then reports its error exactly as a serial ingest does (a missing outside
node, which only the store can see, is reported before a bad edge)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from graph.models import GraphBatch
from graph.validate import LabelLookup, check_edge_props, check_nodes, known_labels, outside_ids
from ontology import Schema

EDGE_KEY_SEP = "\x1f"  # between src, type and dst in an edge's provenance key

NodeRow = tuple[str, str, str]  # id, label, properties as JSON
EdgeRow = tuple[str, str, str, str]  # src, type, dst, properties as JSON
# doc, kind ("n" node, "e" edge), key (node id or `edge_key`), start, end, sentence, row
ProvRow = tuple[str, str, str, int | None, int | None, str | None, int | None]
# An edge's relationship check left to the store: type, then per end either its label (a node of
# the batch) and "", or None and the outside id whose stored label it needs.
EndpointCheck = tuple[str, str | None, str, str | None, str]

_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # what json.dumps builds on every call


def props_json(props: dict[str, Any]) -> str:
    """Properties as the store keeps them: JSON with sorted keys, None values left out."""
    if not props:  # two edges in five (LOCATED_IN, MENTIONS) carry none
        return "{}"
    return _JSON.encode({k: v for k, v in props.items() if v is not None})


def edge_key(src: str, rel_type: str, dst: str) -> str:
    """An edge's key in the provenance table."""
    return f"{src}{EDGE_KEY_SEP}{rel_type}{EDGE_KEY_SEP}{dst}"


@dataclass(frozen=True, slots=True)
class BatchRows:
    """A checked, stamped batch as table rows, in the batch's order (provenance
    is read back in write order where other keys tie)."""

    nodes: list[NodeRow]
    edges: list[EdgeRow]
    provenance: list[ProvRow]  # the nodes' entries, then the edges'

    @classmethod
    def of(cls, batch: GraphBatch) -> BatchRows:
        """The rows of a batch whose provenance is stamped (`prepare_batch`)."""
        nodes = [(n.id, n.label, props_json(n.props)) for n in batch.nodes.values()]
        edges = [(e.src, e.type, e.dst, props_json(e.props)) for e in batch.edges.values()]
        provenance: list[ProvRow] = [(p.doc, "n", n.id, p.start, p.end, p.sentence, p.row)
                                     for n in batch.nodes.values() for p in n.provenance]
        provenance += [(p.doc, "e", key, p.start, p.end, p.sentence, p.row)
                       for key, e in ((edge_key(*e.key), e) for e in batch.edges.values()) for p in e.provenance]
        return cls(nodes, edges, provenance)

    def labels(self) -> dict[str, str]:
        """Node id -> label."""
        return {node_id: label for node_id, label, _ in self.nodes}


@dataclass(frozen=True, slots=True)
class PreparedBatch:
    """One document's batch checked as far as it can be without a store, as rows."""

    doc: str
    rows: BatchRows
    outside: list[str]  # sorted ids the edges point at that the batch does not carry
    outside_checks: list[EndpointCheck]  # distinct, in the order of the first edge needing each

    def check_against(self, schema: Schema, existing_label: LabelLookup) -> None:
        """What `prepare_batch` checks with the store, in its order: every
        outside node is stored, then the edges touching one fit the schema
        (every other check passed in `prepare`, so the first failing edge here
        is the one `prepare_batch` would name)."""
        known = known_labels(self.outside, existing_label)
        for rel_type, src_label, src_id, dst_label, dst_id in self.outside_checks:
            schema.check_rel(rel_type, src_label or known[src_id], dst_label or known[dst_id])


def prepare(schema: Schema, doc_id: str, batch: GraphBatch) -> PreparedBatch:
    """Check `batch` as `prepare_batch` does, leaving out only the outside
    nodes' labels; stamp its provenance; encode it. Raises `SchemaError` on
    any check that fails (see the module's docstring for what the caller does)."""
    check_nodes(schema, doc_id, batch)
    checks: dict[EndpointCheck, None] = {}
    for edge in batch.edges.values():
        src, dst = batch.nodes.get(edge.src), batch.nodes.get(edge.dst)
        src_label, dst_label = (src.label if src else None), (dst.label if dst else None)
        schema.check_rel(edge.type, src_label, dst_label)  # the outside end is checked by the store
        if src is None or dst is None:
            checks[(edge.type, src_label, "" if src else edge.src, dst_label, "" if dst else edge.dst)] = None
        check_edge_props(doc_id, edge)
    return PreparedBatch(doc_id, BatchRows.of(batch), outside_ids(batch), list(checks))
