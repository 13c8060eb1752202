"""Hybrid search, similar projects and duplicates."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from search_api.core.search import Filters, Mode
from search_api.http.deps import ServiceDep
from search_api.http.schemas import DuplicatesPublic, HitsPublic, SimilarPublic

router = APIRouter(prefix="/api", tags=["search"])


def filters(county: Annotated[str | None, Query(max_length=50)] = None,
            block: Annotated[str | None, Query(max_length=50)] = None,
            task: Annotated[int | None, Query(ge=1, le=100)] = None,
            industry: Annotated[str | None, Query(max_length=50)] = None,
            chain: Annotated[str | None, Query(max_length=100)] = None,
            year_from: Annotated[int | None, Query(ge=1900, le=2100)] = None,
            year_to: Annotated[int | None, Query(ge=1900, le=2100)] = None,
            min_investment_wan: Annotated[float | None, Query(ge=0)] = None,
            max_investment_wan: Annotated[float | None, Query(ge=0)] = None,
            standard_industry: Annotated[str | None, Query(max_length=4)] = None,
            city: Annotated[str | None, Query(max_length=50)] = None,
            province: Annotated[str | None, Query(max_length=50)] = None) -> Filters:
    return Filters(county=county or None, block=block or None, task=task, industry=industry or None,
                   chain=chain or None, year_from=year_from, year_to=year_to,
                   min_investment_wan=min_investment_wan, max_investment_wan=max_investment_wan,
                   standard_industry=standard_industry or None, city=city or None, province=province or None)


FiltersDep = Annotated[Filters, Depends(filters)]


@router.get("/search", response_model=HitsPublic)
def search(service: ServiceDep, f: FiltersDep, q: Annotated[str, Query(min_length=1, max_length=500)],
           k: Annotated[int, Query(ge=1, le=100)] = 10, mode: Mode = Mode.HYBRID) -> HitsPublic:
    hits = service.search(q, k=k, filters=f, mode=mode)
    return HitsPublic(query=q, data=hits, count=len(hits))


@router.get("/projects/{project_id:path}/similar", response_model=SimilarPublic)
def similar(project_id: str, service: ServiceDep, f: FiltersDep,
            k: Annotated[int, Query(ge=1, le=100)] = 10, mode: Mode = Mode.HYBRID) -> SimilarPublic:
    hits = service.similar(project_id, k=k, filters=f, mode=mode)
    return SimilarPublic(id=project_id, data=hits, count=len(hits))


@router.get("/duplicates", response_model=DuplicatesPublic)
def duplicates(service: ServiceDep, min_score: Annotated[float | None, Query(ge=0, le=1)] = None,
               across_counties: bool = False) -> DuplicatesPublic:
    """Pairs scoring at least `min_score` (default: the threshold calibrated for the model)."""
    report = service.duplicates(min_score, across_counties)
    return DuplicatesPublic(**report.model_dump(), count=len(report.pairs))
