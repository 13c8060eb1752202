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


def project_summary(store: GraphStore, node: Node, with_sources: bool = True) -> dict[str, Any]:
    """The fields the CLI contract promises for a project."""
    counties, industries, links, task, zones = [], [], [], None, []
    for edge, other in store.neighbours(node.id, ["LOCATED_IN", "IN_INDUSTRY", "PART_OF_CHAIN", "SERVES_TASK"], "out"):
        if edge.type == "LOCATED_IN":
            (counties if other.label in ("County", "Region") else zones).append(other)
        elif edge.type == "IN_INDUSTRY":
            industries.append(other.props["name"])
        elif edge.type == "PART_OF_CHAIN":
            links.append(other)
        elif edge.type == "SERVES_TASK":
            task = {"id": other.id, "number": other.props.get("number"), "title": other.props.get("title"),
                    "score": edge.props.get("score"), "source": edge.props.get("source")}
    blocks = sorted({n.props["name"] for c in counties if c.label == "County"
                     for _, n in store.neighbours(c.id, ["MEMBER_OF"], "out") if n.label == "Block"})
    chains = sorted({link.props["chain"] for link in links})
    out: dict[str, Any] = {
        "id": node.id, "name": node.props.get("name"), "county": node.props.get("county"),
        "counties": [c.props["name"] for c in counties], "zones": [z.props["name"] for z in zones],
        "block": blocks[0] if blocks else None, "industries": sorted(industries), "chains": chains,
        "chain_links": sorted(l.props["name"] for l in links), "task": task,
        "investment_wan": node.props.get("investment_wan"), "years": node.props.get("years"),
        "content": node.props.get("content"), "owner": node.props.get("owner"),
    }
    if with_sources:
        full = store.get_node(node.id)
        out["sources"] = [provenance_view(p) for p in (full.provenance if full else [])]
    return out


def projects_view(store: GraphStore, county: str | None = None, block: str | None = None,
                  task: int | None = None) -> list[dict[str, Any]]:
    rows = []
    for node in store.find_nodes("Project"):
        row = project_summary(store, node)
        if county and county not in row["counties"] and county != row["county"]:
            continue
        if block and row["block"] != block and f"{row['block']}板块" != block:
            continue
        if task is not None and (row["task"] is None or row["task"]["number"] != task):
            continue
        rows.append(row)
    return rows
