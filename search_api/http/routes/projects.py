"""Project lists and project pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from search_api.core.models import ProjectPage
from search_api.http.deps import ServiceDep
from search_api.http.schemas import ProjectPublic, ProjectsPublic

router = APIRouter(prefix="/api/projects", tags=["projects"])


@router.get("", response_model=ProjectsPublic)
def list_projects(service: ServiceDep, county: Annotated[str | None, Query(max_length=50)] = None,
                  block: Annotated[str | None, Query(max_length=50)] = None,
                  task: Annotated[int | None, Query(ge=1, le=100)] = None,
                  city: Annotated[str | None, Query(max_length=50)] = None,
                  province: Annotated[str | None, Query(max_length=50)] = None,
                  offset: Annotated[int, Query(ge=0)] = 0,
                  limit: Annotated[int, Query(ge=1, le=500)] = 50) -> ProjectsPublic:
    page = service.projects(county=county, block=block, task=task, offset=offset, limit=limit,
                            city=city, province=province)
    return ProjectsPublic.model_validate(page.model_dump())


@router.get("/{project_id:path}", response_model=ProjectPublic)
def get_project(project_id: str, service: ServiceDep) -> ProjectPage:
    """A project with its sources and likely duplicates (`duplicate_warning`: those in another county)."""
    return service.project(project_id)
