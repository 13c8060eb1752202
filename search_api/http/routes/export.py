"""Exports of search results, a county's or block's project list, the
duplicate report (with decisions) and a chain's gaps: `format=xlsx` or `csv`
gives the file, `json` (the default) the same tables as JSON."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Response

from search_api.core.export import MEDIA_TYPES, Format, file_name, render
from search_api.core.models import Workbook
from search_api.core.search import Mode
from search_api.http.deps import ServiceDep
from search_api.http.routes.search import FiltersDep
from search_api.http.schemas import WorkbookPublic

router = APIRouter(prefix="/api/export", tags=["export"])
FormatQuery = Annotated[Format, Query(description="xlsx, csv or json")]


def deliver(book: Workbook, fmt: Format) -> Workbook | Response:
    """The workbook itself for JSON, else the file as an attachment with its (Chinese) name."""
    if fmt is Format.JSON:
        return book
    return Response(render(book, fmt), media_type=MEDIA_TYPES[fmt], headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(file_name(book, fmt))}"})


@router.get("/search", response_model=WorkbookPublic)
def export_search(service: ServiceDep, f: FiltersDep, q: Annotated[str, Query(min_length=1, max_length=500)],
                  k: Annotated[int, Query(ge=1, le=1000)] = 50, mode: Mode = Mode.HYBRID,
                  format: FormatQuery = Format.JSON) -> Workbook | Response:
    return deliver(service.export_search(q, k=k, filters=f, mode=mode), format)


@router.get("/projects", response_model=WorkbookPublic)
def export_projects(service: ServiceDep, county: Annotated[str | None, Query(max_length=50)] = None,
                    block: Annotated[str | None, Query(max_length=50)] = None,
                    format: FormatQuery = Format.JSON) -> Workbook | Response:
    return deliver(service.export_projects(county or None, block or None), format)


@router.get("/duplicates", response_model=WorkbookPublic)
def export_duplicates(service: ServiceDep, min_score: Annotated[float | None, Query(ge=0, le=1)] = None,
                      across_counties: bool = False, format: FormatQuery = Format.JSON) -> Workbook | Response:
    return deliver(service.export_duplicates(min_score, across_counties), format)


@router.get("/chains/{ref:path}", response_model=WorkbookPublic)
def export_chain(ref: str, service: ServiceDep, county: Annotated[str | None, Query(max_length=50)] = None,
                 format: FormatQuery = Format.JSON) -> Workbook | Response:
    return deliver(service.export_chain(ref, county or None), format)
