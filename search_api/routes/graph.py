"""Stats, tasks and single nodes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from search_api.deps import StoreDep
from search_api.views import node_view, stats_view, tasks_view

router = APIRouter(prefix="/api", tags=["graph"])


@router.get("/stats")
def stats(store: StoreDep) -> dict[str, Any]:
    return stats_view(store)


@router.get("/tasks")
def tasks(store: StoreDep) -> dict[str, Any]:
    data = tasks_view(store)
    return {"data": data, "count": len(data)}


@router.get("/nodes/{node_id}")
def node(node_id: str, store: StoreDep) -> dict[str, Any]:
    found = store.get_node(node_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no node with id {node_id!r}")
    return node_view(store, found)
