"""Counties, blocks, industries and tasks."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from search_api.core.models import BlockPage, CountyPage, HomeMap, TaskPage
from search_api.http.deps import ServiceDep
from search_api.http.schemas import (
    BlockPublic,
    BlocksPublic,
    CountiesPublic,
    CountyPublic,
    IndustriesPublic,
    TaskPublic,
    TasksPublic,
)

router = APIRouter(prefix="/api", tags=["places"])


@router.get("/counties", response_model=CountiesPublic)
def counties(service: ServiceDep, everywhere: bool = False) -> CountiesPublic:
    """The home city's counties; `everywhere=true` adds other cities' counties that hold projects."""
    return CountiesPublic.of(service.counties(everywhere))


@router.get("/counties/{name}", response_model=CountyPublic)
def county(name: str, service: ServiceDep) -> CountyPage:
    return service.county(name)


@router.get("/map", response_model=HomeMap)
def home_map(service: ServiceDep) -> HomeMap:
    """The home city's counties: outlines, project counts and investment totals, for the map page."""
    return service.home_map()


@router.get("/blocks", response_model=BlocksPublic)
def blocks(service: ServiceDep) -> BlocksPublic:
    return BlocksPublic.of(service.blocks())


@router.get("/blocks/{name}", response_model=BlockPublic)
def block(name: str, service: ServiceDep,
          year: Annotated[int | None, Query(ge=1900, le=2100)] = None) -> BlockPage:
    """A block's members, its lead county in `year` (default: this year) and joint-project candidates."""
    return service.block(name, year or date.today().year)


@router.get("/industries", response_model=IndustriesPublic)
def industries(service: ServiceDep) -> IndustriesPublic:
    return IndustriesPublic.of(service.industries())


@router.get("/tasks", response_model=TasksPublic)
def tasks(service: ServiceDep) -> TasksPublic:
    return TasksPublic.of(service.tasks())


@router.get("/tasks/{number}", response_model=TaskPublic)
def task(number: int, service: ServiceDep) -> TaskPage:
    return service.task(number)
