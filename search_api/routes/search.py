"""Hybrid search, similar projects and duplicates."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query

from search_api.deps import ServicesDep
from search_api.duplicates import DEFAULT_MIN_SCORE
from search_api.search import Filters, Mode

router = APIRouter(prefix="/api", tags=["search"])


def filters(county: Annotated[str | None, Query(max_length=50)] = None,
            block: Annotated[str | None, Query(max_length=50)] = None,
            task: Annotated[int | None, Query(ge=1, le=100)] = None,
            industry: Annotated[str | None, Query(max_length=50)] = None,
            chain: Annotated[str | None, Query(max_length=100)] = None,
            year_from: Annotated[int | None, Query(ge=1900, le=2100)] = None,
            year_to: Annotated[int | None, Query(ge=1900, le=2100)] = None,
            min_investment_wan: Annotated[float | None, Query(ge=0)] = None,
            max_investment_wan: Annotated[float | None, Query(ge=0)] = None) -> Filters:
    return Filters(county=county or None, block=block or None, task=task, industry=industry or None,
                   chain=chain or None, year_from=year_from, year_to=year_to,
                   min_investment_wan=min_investment_wan, max_investment_wan=max_investment_wan)


FiltersDep = Annotated[Filters, Depends(filters)]


@router.get("/search")
def search(services: ServicesDep, f: FiltersDep, q: Annotated[str, Query(min_length=1, max_length=500)],
           k: Annotated[int, Query(ge=1, le=100)] = 10, mode: Mode = Mode.HYBRID) -> dict[str, Any]:
    hits = services.searcher.search(q, k=k, filters=f, mode=mode)
    return {"query": q, "data": [h.model_dump() for h in hits], "count": len(hits)}


@router.get("/projects/{project_id:path}/similar")
def similar(project_id: str, services: ServicesDep, f: FiltersDep,
            k: Annotated[int, Query(ge=1, le=100)] = 10, mode: Mode = Mode.HYBRID) -> dict[str, Any]:
    if project_id not in services.searcher.index.position:
        raise HTTPException(status_code=404, detail=f"no project with id {project_id!r}")
    hits = services.searcher.similar(project_id, k=k, filters=f, mode=mode)
    return {"id": project_id, "data": [h.model_dump() for h in hits], "count": len(hits)}


@router.get("/duplicates")
def duplicates(services: ServicesDep, min_score: Annotated[float, Query(ge=0, le=1)] = DEFAULT_MIN_SCORE,
               across_counties: bool = False) -> dict[str, Any]:
    report = services.duplicates(min_score, across_counties)
    return {**report.model_dump(), "count": len(report.pairs)}
