"""Moves a whole graph between stores (or into a backup) as JSON Lines.

The file holds one header line, then every document record, node and
relationship with its properties and provenance, each as one JSON object.
Import goes through `replace_document`, one document at a time, so each
document is restored all-or-nothing and the result is exactly what ingesting
would have produced; documents already in the target store but absent from
the file are left alone.

Line kinds:
    {"kind": "header", "format": "planatlas-graph", "version": 1, "backend": ..., "counts": {...}}
    {"kind": "document", "id", "fingerprint", "path", "ingested_at"}
    {"kind": "node", "id", "label", "props", "provenance": [...]}
    {"kind": "edge", "src", "type", "dst", "props", "provenance": [...]}
Keys are sorted within each line, so two exports of equal graphs are equal
byte for byte whichever backend wrote them."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from graph.models import DocumentRecord, Edge, GraphBatch, Node, Provenance
from graph.store import GraphStore
from ontology import InputError, StoreError

FORMAT = "planatlas-graph"
VERSION = 1


class TransferSummary(BaseModel):
    path: str
    documents: int
    nodes: int
    edges: int
    # Nodes no document vouches for any more (their document was deleted but
    # another document still links to them). Import has to let the linking
    # document vouch for them, the only change a round trip can make.
    unvouched_nodes: int = 0


def _line(kind: str, data: dict[str, Any]) -> str:
    """One canonical JSON line: keys sorted at every level, since stores keep
    property keys in different orders and equal graphs must give equal files."""
    return json.dumps({"kind": kind, **data}, ensure_ascii=False, sort_keys=True) + "\n"


def export_graph(store: GraphStore, path: Path) -> TransferSummary:
    """Write every document record, node and relationship (with provenance)
    to `path`, in a stable order so two exports of equal graphs are equal.
    Written to a temporary file first, so a failed export leaves no half file."""
    tmp = path.with_name(path.name + ".partial")
    nodes = edges = unvouched = 0
    documents = store.documents()
    with open(tmp, "w", encoding="utf-8") as out:
        counts = store.counts()
        out.write(_line("header", {"format": FORMAT, "version": VERSION, "backend": store.backend,
                                   "counts": {"by_label": counts.by_label, "by_type": counts.by_type}}))
        for record in documents:
            out.write(_line("document", record.model_dump()))
        for node in store.iter_nodes(with_provenance=True):
            out.write(_line("node", node.model_dump()))
            nodes += 1
            unvouched += not node.provenance
        for edge in store.iter_edges(with_provenance=True):
            out.write(_line("edge", edge.model_dump()))
            edges += 1
    os.replace(tmp, path)
    return TransferSummary(path=str(path), documents=len(documents), nodes=nodes, edges=edges,
                           unvouched_nodes=unvouched)


def _read_export(path: Path) -> tuple[list[DocumentRecord], list[Node], list[Edge]]:
    if not path.is_file():
        raise InputError(str(path), "no such file")
    documents: list[DocumentRecord] = []
    nodes: list[Node] = []
    edges: list[Edge] = []
    with open(path, encoding="utf-8") as fh:
        for number, text in enumerate(fh, start=1):
            if not text.strip():
                continue
            try:
                data = json.loads(text)
                kind = data.pop("kind")
                if number == 1:
                    if kind != "header" or data.get("format") != FORMAT:
                        raise InputError(str(path), f"not a {FORMAT} export", row=number)
                    if data.get("version") != VERSION:
                        raise InputError(str(path), f"export version {data.get('version')} "
                                                    f"(this PlanAtlas reads {VERSION})", row=number)
                elif kind == "document":
                    documents.append(DocumentRecord(**data))
                elif kind == "node":
                    nodes.append(Node(**data))
                elif kind == "edge":
                    edges.append(Edge(**data))
                else:
                    raise InputError(str(path), f"unknown line kind {kind!r}", row=number)
            except (json.JSONDecodeError, KeyError, TypeError, AttributeError, ValidationError) as exc:
                raise InputError(str(path), f"malformed line: {exc}", row=number) from exc
    return documents, nodes, edges


def split_by_document(documents: list[DocumentRecord], nodes: list[Node],
                      edges: list[Edge]) -> tuple[dict[str, GraphBatch], int]:
    """Split a graph back into what each document said: a node or edge goes
    into the batch of every document in its provenance, with that document's
    entries and its full (merged) properties. Also returns how many nodes no
    document vouches for (each joins the batch of a document linking to it)."""
    batches = {d.id: GraphBatch() for d in documents}

    def batch_of(doc: str) -> GraphBatch:
        if doc not in batches:
            raise InputError("export", f"provenance names document {doc!r}, which has no document line")
        return batches[doc]

    facts: list[Node | Edge] = [*nodes, *edges]
    for fact in facts:
        by_doc: dict[str, list[Provenance]] = defaultdict(list)
        for p in fact.provenance:
            by_doc[p.doc].append(p)
        for doc, entries in by_doc.items():
            part = fact.model_copy(update={"props": dict(fact.props), "provenance": entries})
            if isinstance(part, Node):
                batch_of(doc).add_node(part)
            else:
                batch_of(doc).add_edge(part)
    unvouched = [n for n in nodes if not n.provenance]
    for node in unvouched:
        linking = sorted(doc for doc, b in batches.items()
                         if any(node.id in (e.src, e.dst) for e in b.edges.values()))
        if linking:
            batches[linking[0]].add_node(node.model_copy(update={"props": dict(node.props)}))
    return batches, len(unvouched)


def _import_order(batches: dict[str, GraphBatch], store: GraphStore) -> list[str]:
    """Documents whose relationships only reach nodes that exist (in the
    store, or written by a document before them) go first. A node no document
    in the file provides is not waited for: `replace_document` will name it."""
    present: set[str] = set()
    in_store: dict[str, bool] = {}
    pending = sorted(batches)
    order: list[str] = []
    while pending:
        provided = {node_id for doc in pending for node_id in batches[doc].nodes}
        ready = []
        for doc in pending:
            batch = batches[doc]
            outside = {i for e in batch.edges.values() for i in (e.src, e.dst)} - batch.nodes.keys() - present
            waiting = outside & provided
            for node_id in waiting - in_store.keys():
                in_store[node_id] = store.get_node(node_id) is not None
            if all(in_store[i] for i in waiting):
                ready.append(doc)
        if not ready:
            raise StoreError(f"documents link to each other's nodes in a cycle: {', '.join(pending[:5])}")
        for doc in ready:
            order.append(doc)
            present.update(batches[doc].nodes)
        pending = [d for d in pending if d not in ready]
    return order


def import_graph(store: GraphStore, path: Path) -> TransferSummary:
    """Restore an export into `store`, one all-or-nothing `replace_document`
    per document (keeping each document's fingerprint, path and ingest time).
    If a document fails, those before it stay imported and the error names it."""
    documents, nodes, edges = _read_export(path)
    try:
        batches, unvouched = split_by_document(documents, nodes, edges)
    except InputError as exc:
        raise InputError(str(path), exc.reason) from exc
    records = {d.id: d for d in documents}
    for doc in _import_order(batches, store):
        record = records[doc]
        store.replace_document(doc, record.fingerprint, record.path, batches[doc], ingested_at=record.ingested_at)
    return TransferSummary(path=str(path), documents=len(documents), nodes=len(nodes), edges=len(edges),
                           unvouched_nodes=unvouched)
