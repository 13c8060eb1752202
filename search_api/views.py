"""Read models shared by the CLI and the API: what a planner sees of a node,
a task or the whole store, as plain JSON-ready dicts."""

from __future__ import annotations

from typing import Any

from graph.models import Node, Provenance
from graph.store import GraphStore


def provenance_view(p: Provenance) -> dict[str, Any]:
    return p.model_dump(exclude_none=True)


def stats_view(store: GraphStore) -> dict[str, Any]:
    counts = store.counts()
    return {"backend": store.backend, "nodes": counts.nodes, "edges": counts.edges,
            "by_label": counts.by_label, "by_type": counts.by_type,
            "documents": [d.model_dump() for d in store.documents()]}


def node_view(store: GraphStore, node: Node) -> dict[str, Any]:
    """A node with its provenance and every relationship, grouped by type."""
    out: dict[str, list[dict[str, Any]]] = {}
    for edge, other in store.neighbours(node.id):
        direction = "out" if edge.src == node.id else "in"
        out.setdefault(f"{direction}:{edge.type}", []).append({
            "id": other.id, "label": other.label, "name": other.props.get("name") or other.props.get("title"),
            "props": edge.props, "provenance": [provenance_view(p) for p in edge.provenance]})
    return {"id": node.id, "label": node.label, "props": node.props,
            "provenance": [provenance_view(p) for p in node.provenance], "relationships": out}


def tasks_view(store: GraphStore) -> list[dict[str, Any]]:
    tasks = []
    for task in store.find_nodes("Task"):
        links = store.neighbours(task.id, ["SERVES_TASK", "MENTIONS"])
        projects = sorted(other.id for e, other in links if e.type == "SERVES_TASK")
        mentions = sorted({other.props.get("name", other.id) for e, other in links if e.type == "MENTIONS"})
        tasks.append({"id": task.id, "number": task.props.get("number"), "ordinal": task.props.get("ordinal"),
                      "title": task.props.get("title"), "doc": task.props.get("doc"),
                      "projects": projects, "mentions": mentions})
    return sorted(tasks, key=lambda t: (t["doc"] or "", t["number"] or 0))
