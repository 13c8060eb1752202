"""Duplicate review and merges: decisions (确认重复 / 不是重复 / 稍后) with a
comment and reviewer, the labelled pairs for `planatlas eval`, merges and
their undo, and what an uploaded document added. Writes need the token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

from search_api.core.models import MergeRecord, ReviewRecord, UploadSummary
from search_api.core.review import MAX_COMMENT, MAX_REVIEWER, Decision, to_jsonl
from search_api.http.deps import ServiceDep, TokenDep
from search_api.http.schemas import (
    LabelsPublic,
    MergePublic,
    MergesPublic,
    ReviewPublic,
    ReviewsPublic,
    UploadSummaryPublic,
)

router = APIRouter(prefix="/api", tags=["review"])
MAX_MERGE = 20  # projects in one merge


class ReviewIn(BaseModel):
    a: str = Field(max_length=300)
    b: str = Field(max_length=300)
    decision: Decision
    comment: str = Field(default="", max_length=MAX_COMMENT)
    reviewer: str = Field(default="", max_length=MAX_REVIEWER)


class MergeIn(BaseModel):
    ids: list[str] = Field(min_length=2, max_length=MAX_MERGE, description="the first is the canonical project")
    reviewer: str = Field(default="", max_length=MAX_REVIEWER)


@router.get("/reviews", response_model=ReviewsPublic)
def reviews(service: ServiceDep) -> ReviewsPublic:
    return ReviewsPublic.of(service.reviews())


@router.post("/reviews", response_model=ReviewPublic)
def review(body: ReviewIn, service: ServiceDep, _: TokenDep) -> ReviewRecord:
    return service.review(body.a, body.b, body.decision, body.comment, body.reviewer)


@router.get("/reviews/labels", response_model=LabelsPublic)
def labels(service: ServiceDep, format: Annotated[str, Query(pattern="^(json|jsonl)$")] = "json",
           ) -> LabelsPublic | PlainTextResponse:
    """Confirmed (1) and rejected (0) pairs; `format=jsonl` gives the file `planatlas eval` reads."""
    rows = service.review_labels()
    if format == "jsonl":
        return PlainTextResponse(to_jsonl(rows), media_type="application/x-ndjson", headers={
            "Content-Disposition": 'attachment; filename="duplicate-labels.jsonl"'})
    return LabelsPublic.of(rows)


@router.get("/merges", response_model=MergesPublic)
def merges(service: ServiceDep) -> MergesPublic:
    return MergesPublic.of(service.merges())


@router.post("/merges", response_model=MergePublic)
def merge(body: MergeIn, service: ServiceDep, _: TokenDep) -> MergeRecord:
    return service.merge(body.ids, body.reviewer)


@router.delete("/merges/{merge_id:path}", response_model=MergePublic)
def unmerge(merge_id: str, service: ServiceDep, _: TokenDep) -> MergeRecord:
    return service.unmerge(merge_id)


@router.get("/documents/{doc_id:path}/summary", response_model=UploadSummaryPublic)
def upload_summary(doc_id: str, service: ServiceDep) -> UploadSummary:
    return service.upload_summary(doc_id)
