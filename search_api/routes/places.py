"""Counties, blocks and tasks."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from search_api.deps import ServicesDep
from search_api.partners import PartnerFinder, block_view
from search_api.views import projects_view, tasks_view

router = APIRouter(prefix="/api", tags=["places"])


@router.get("/counties")
def counties(services: ServicesDep) -> dict[str, Any]:
    rows = []
    for county in services.store.find_nodes("County"):
        block = services.gaz.block_of(county.id)
        rows.append({"id": county.id, "name": county.props["name"], "code": county.props.get("code"),
                     "block": block.name if block else None,
                     "projects": len(services.store.neighbours(county.id, ["LOCATED_IN"], "in"))})
    return {"data": rows, "count": len(rows)}


@router.get("/counties/{name}")
def county(name: str, services: ServicesDep) -> dict[str, Any]:
    entry = services.gaz.county(name)
    node = services.store.get_node(entry.id) if entry and entry.label == "County" else None
    if node is None:
        raise HTTPException(status_code=404, detail=f"no county named {name!r}")
    block = services.gaz.block_of(node.id)
    tasks = sorted({(other.props.get("number"), other.props.get("title"), other.id)
                    for edge, other in services.store.neighbours(node.id, ["MENTIONS"], "in") if other.label == "Task"})
    partners = PartnerFinder(services.store, services.gaz, services.searcher).find(node, k=8)
    return {"id": node.id, "name": node.props["name"], "code": node.props.get("code"),
            "block": block.name if block else None,
            "tasks_naming_it": [{"id": t[2], "number": t[0], "title": t[1]} for t in tasks],
            "projects": projects_view(services.store, county=node.props["name"]), "partners": partners}


@router.get("/blocks")
def blocks(services: ServicesDep) -> dict[str, Any]:
    rows = [{"id": b.id, "name": b.name, "full_name": b.data.get("full_name"),
             "members": [services.gaz.entries[c].name for c in b.data["member_ids"]]}
            for b in services.gaz.by_label("Block")]
    return {"data": rows, "count": len(rows)}


@router.get("/industries")
def industries(services: ServicesDep) -> dict[str, Any]:
    rows = []
    for industry in services.store.find_nodes("Industry"):
        projects = [o for _, o in services.store.neighbours(industry.id, ["IN_INDUSTRY"], "in") if o.label == "Project"]
        rows.append({"id": industry.id, "name": industry.props["name"], "kind": industry.props.get("kind"),
                     "projects": len(projects)})
    return {"data": rows, "count": len(rows)}


@router.get("/blocks/{name}")
def block(name: str, services: ServicesDep) -> dict[str, Any]:
    view = block_view(services.store, services.gaz, name, services.searcher)
    if view is None:
        raise HTTPException(status_code=404, detail=f"no block named {name!r}")
    tasks = sorted({(o.props.get("number"), o.props.get("title"), o.id)
                    for _, o in services.store.neighbours(view["id"], ["MENTIONS"], "in") if o.label == "Task"})
    view["tasks_naming_it"] = [{"id": t[2], "number": t[0], "title": t[1]} for t in tasks]
    view["projects"] = projects_view(services.store, block=view["name"])
    return view


@router.get("/tasks")
def tasks(services: ServicesDep) -> dict[str, Any]:
    data = tasks_view(services.store)
    return {"data": data, "count": len(data)}


@router.get("/tasks/{number}")
def task(number: int, services: ServicesDep) -> dict[str, Any]:
    found = [t for t in tasks_view(services.store) if t["number"] == number]
    if not found:
        raise HTTPException(status_code=404, detail=f"no task number {number}")
    node = services.store.get_node(found[0]["id"])
    return {**found[0], "text": node.props.get("text") if node else None,
            "projects": projects_view(services.store, task=number)}
