"""Project lists and project pages."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from search_api.deps import ServicesDep
from search_api.duplicates import duplicates_of
from search_api.views import project_summary, projects_view

router = APIRouter(prefix="/api/projects", tags=["projects"])


@router.get("")
def list_projects(services: ServicesDep, county: Annotated[str | None, Query(max_length=50)] = None,
                  block: Annotated[str | None, Query(max_length=50)] = None,
                  task: Annotated[int | None, Query(ge=1, le=100)] = None,
                  offset: Annotated[int, Query(ge=0)] = 0,
                  limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
    if county:
        entry = services.gaz.county(county)
        county = entry.name if entry else county
    rows = projects_view(services.store, county=county, block=block, task=task)
    return {"data": rows[offset : offset + limit], "count": len(rows), "offset": offset, "limit": limit}


@router.get("/{project_id:path}")
def get_project(project_id: str, services: ServicesDep) -> dict[str, Any]:
    node = services.store.get_node(project_id)
    if node is None or node.label != "Project":
        raise HTTPException(status_code=404, detail=f"no project with id {project_id!r}")
    data = project_summary(services.store, node)
    index = services.searcher.index
    dups = duplicates_of(index, services.gaz, project_id) if project_id in index.position else []
    data["likely_duplicates"] = [p.model_dump() for p in dups]
    data["duplicate_warning"] = [p.model_dump() for p in dups if p.b_county != p.a_county]
    return data
