"""Stats, single nodes and neighbourhoods for drawing."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query

from search_api.deps import ServicesDep
from search_api.views import node_view, stats_view

router = APIRouter(prefix="/api", tags=["graph"])
MAX_NODES = 300


@router.get("/stats")
def stats(services: ServicesDep) -> dict[str, Any]:
    return stats_view(services.store)


@router.get("/nodes/{node_id:path}")
def node(node_id: str, services: ServicesDep) -> dict[str, Any]:
    found = services.store.get_node(node_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no node with id {node_id!r}")
    return node_view(services.store, found)


@router.get("/graph/neighborhood")
def neighborhood(services: ServicesDep, id: str = Query(..., min_length=1, max_length=300),
                 depth: int = Query(1, ge=1, le=3)) -> dict[str, Any]:
    """Nodes and edges within `depth` hops (at most 300 nodes), for drawing."""
    store = services.store
    root = store.get_node(id)
    if root is None:
        raise HTTPException(status_code=404, detail=f"no node with id {id!r}")
    nodes = {root.id: root}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    frontier = [root.id]
    truncated = False
    for _ in range(depth):
        nxt = []
        for node_id in frontier:
            for edge, other in store.neighbours(node_id):
                if other.id not in nodes:
                    if len(nodes) >= MAX_NODES:
                        truncated = True
                        continue
                    nodes[other.id] = other
                    nxt.append(other.id)
                edges[edge.key] = {"source": edge.src, "target": edge.dst, "type": edge.type}
        frontier = nxt
    return {"root": root.id, "truncated": truncated,
            "nodes": [{"id": n.id, "label": n.label, "name": n.props.get("name") or n.props.get("title") or n.id}
                      for n in nodes.values()],
            "edges": [e for e in edges.values() if e["source"] in nodes and e["target"] in nodes]}
