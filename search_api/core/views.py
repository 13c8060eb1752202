"""Read models built straight from the store: the whole store's counts, one
node with its relationships, the policy's tasks, and a neighbourhood for
drawing. Project views come from the catalog (catalog.py) instead."""

from __future__ import annotations

import json
from typing import Any

from graph.models import Node
from graph.store import GraphStore
from ingest.projects import VALUE_FIELDS, VALUES_BY_ROW
from search_api.core.models import (
    GraphEdge,
    GraphNode,
    Neighbourhood,
    NodeView,
    Relation,
    Source,
    SourcedValue,
    Stats,
    TaskRefShort,
    TaskSummary,
    ValueConflict,
)


def display_name(node: Node) -> str:
    return str(node.props.get("name") or node.props.get("title") or node.id)


def value_conflicts(store: GraphStore, node: Node) -> list[ValueConflict]:
    """The properties the sources of `node` give different values for: each
    document's value with its rows, and each row's where rows of one list
    disagree (a repeat keeps both owners instead of silently the later one)."""
    return conflicts_of(store, [node]).get(node.id, [])


def conflicts_of(store: GraphStore, nodes: list[Node]) -> dict[str, list[ValueConflict]]:
    """`value_conflicts` for many nodes (read with provenance) in one store
    read; only nodes named by more than one row or document can have any."""
    named_twice = [n for n in nodes if len({(p.doc, p.row) for p in n.provenance}) > 1]
    said = store.values_by_document([n.id for n in named_twice])
    out: dict[str, list[ValueConflict]] = {}
    for node in named_twice:
        rows: dict[str, list[int]] = {}
        for p in node.provenance:
            if p.row is not None and p.row not in rows.setdefault(p.doc, []):
                rows[p.doc].append(p.row)
        found = [c for c in (_conflict(field, said.get(node.id, {}), rows) for field in VALUE_FIELDS) if c]
        if found:
            out[node.id] = found
    return out


def _conflict(field: str, said: dict[str, dict[str, Any]], rows: dict[str, list[int]]) -> ValueConflict | None:
    values: list[SourcedValue] = []
    for doc, props in said.items():
        per_row = json.loads(props[VALUES_BY_ROW]).get(field) if props.get(VALUES_BY_ROW) else None
        if per_row:  # rows of this list disagree: each value with its rows
            by_value: dict[Any, list[int]] = {}
            for row, value in per_row:
                by_value.setdefault(value, []).append(row)
            values += [SourcedValue(value=v, doc=doc, rows=sorted(r)) for v, r in by_value.items()]
        elif props.get(field) not in (None, ""):
            values.append(SourcedValue(value=props[field], doc=doc, rows=sorted(rows.get(doc, []))))
    return ValueConflict(field=field, values=values) if len({v.value for v in values}) > 1 else None


def stats_view(store: GraphStore) -> Stats:
    counts = store.counts()
    return Stats(backend=store.backend, nodes=counts.nodes, edges=counts.edges, by_label=counts.by_label,
                 by_type=counts.by_type, documents=store.documents())


def node_view(store: GraphStore, node: Node) -> NodeView:
    """A node with its provenance and every relationship, grouped by direction and type."""
    out: dict[str, list[Relation]] = {}
    for edge, other in store.neighbours(node.id):
        direction = "out" if edge.src == node.id else "in"
        out.setdefault(f"{direction}:{edge.type}", []).append(Relation(
            id=other.id, label=other.label, name=other.props.get("name") or other.props.get("title"),
            props=edge.props, provenance=[Source.of(p) for p in edge.provenance]))
    return NodeView(id=node.id, label=node.label, props=node.props,
                    provenance=[Source.of(p) for p in node.provenance], relationships=out)


def tasks_view(store: GraphStore) -> list[TaskSummary]:
    tasks = []
    for task in store.find_nodes("Task"):
        links = store.neighbours(task.id, ["SERVES_TASK", "MENTIONS"])
        projects = sorted(other.id for e, other in links if e.type == "SERVES_TASK")
        mentions = sorted({other.props.get("name", other.id) for e, other in links if e.type == "MENTIONS"})
        tasks.append(TaskSummary(id=task.id, number=task.props.get("number"), ordinal=task.props.get("ordinal"),
                                 title=task.props.get("title"), doc=task.props.get("doc"),
                                 projects=projects, mentions=mentions))
    return sorted(tasks, key=lambda t: (t.doc or "", t.number or 0))


def tasks_naming(store: GraphStore, node_id: str) -> list[TaskRefShort]:
    """The policy tasks whose text mentions a county or block."""
    found = sorted({(other.props.get("number"), other.props.get("title"), other.id)
                    for _, other in store.neighbours(node_id, ["MENTIONS"], "in") if other.label == "Task"},
                   key=lambda t: (t[0] or 0, t[1] or "", t[2]))
    return [TaskRefShort(id=i, number=number, title=title) for number, title, i in found]


def neighbourhood(store: GraphStore, root: Node, depth: int, max_nodes: int) -> Neighbourhood:
    """Nodes and edges within `depth` hops (at most `max_nodes` nodes), breadth first."""
    nodes = {root.id: root}
    edges: dict[tuple[str, str, str], GraphEdge] = {}
    frontier = [root.id]
    truncated = False
    for _ in range(depth):
        nxt = []
        for node_id in frontier:
            for edge, other in store.neighbours(node_id):
                if other.id not in nodes:
                    if len(nodes) >= max_nodes:
                        truncated = True
                        continue
                    nodes[other.id] = other
                    nxt.append(other.id)
                edges[edge.key] = GraphEdge(source=edge.src, target=edge.dst, type=edge.type)
        frontier = nxt
    return Neighbourhood(root=root.id, truncated=truncated,
                         nodes=[GraphNode(id=n.id, label=n.label, name=display_name(n)) for n in nodes.values()],
                         edges=[e for e in edges.values() if e.source in nodes and e.target in nodes])
