"""Industrial chains and partners."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from search_api.core.models import ChainView
from search_api.http.deps import ServiceDep
from search_api.http.schemas import ChainPublic, ChainsPublic, PartnersPublic

router = APIRouter(prefix="/api", tags=["chains"])


@router.get("/chains", response_model=ChainsPublic)
def chains(service: ServiceDep) -> ChainsPublic:
    return ChainsPublic.of(service.chains())


@router.get("/chains/{chain_ref:path}", response_model=ChainPublic)
def chain(chain_ref: str, service: ServiceDep,
          county: Annotated[str | None, Query(max_length=50)] = None) -> ChainView:
    """Links in order with projects and enterprises, gaps, partners; with `county`, its opportunities."""
    return service.chain(chain_ref, county)


@router.get("/partners", response_model=PartnersPublic)
def partners(service: ServiceDep, county: Annotated[str | None, Query(max_length=50)] = None,
             project: Annotated[str | None, Query(max_length=300)] = None,
             k: Annotated[int, Query(ge=1, le=50)] = 10) -> PartnersPublic:
    """Partners of a county or a project, each reason a path in the graph."""
    ref = project or county
    if not ref:
        raise HTTPException(status_code=422, detail="give county= or project=")
    report = service.partners(ref, k=k)
    return PartnersPublic(subject=report.subject, data=report.partners)
