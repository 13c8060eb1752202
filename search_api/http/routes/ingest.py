"""Uploading a file to ingest: token required, size-limited, the file name
reduced to a safe base name, one ingest at a time."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import BinaryIO

from fastapi import APIRouter, HTTPException, UploadFile

from ingest.pipeline import FileResult
from ingest.reader import SUPPORTED
from search_api.http.deps import ServiceDep, SettingsDep, TokenDep
from search_api.http.schemas import IngestPublic

router = APIRouter(prefix="/api", tags=["ingest"])
_UNSAFE = re.compile(r"[^\w\u4e00-\u9fff.-]+")
CHUNK = 1 << 20
MAX_NAME = 120


def safe_name(name: str | None) -> str:
    """Only the base name, with anything but letters, digits, CJK, '.', '-' replaced."""
    base = Path((name or "upload").replace("\\", "/")).name
    cleaned = _UNSAFE.sub("_", base).lstrip(".") or "upload"
    return cleaned[:MAX_NAME]


def _save(source: BinaryIO, path: Path, limit: int) -> None:
    """Copy the upload to `path`, refusing it (413) once it passes `limit` bytes."""
    size = 0
    with open(path, "wb") as out:
        while chunk := source.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise HTTPException(status_code=413, detail=f"file is over the {limit // 1048576} MB limit")
            out.write(chunk)


@router.post("/ingest", response_model=IngestPublic)
def ingest(file: UploadFile, service: ServiceDep, settings: SettingsDep, _: TokenDep) -> FileResult:
    name = safe_name(file.filename)
    if Path(name).suffix.lower() not in SUPPORTED:
        raise HTTPException(status_code=415, detail=f"unsupported file type; supported: {', '.join(sorted(SUPPORTED))}")
    if not service.ingest_lock.acquire(timeout=1):
        raise HTTPException(status_code=409, detail="another ingest is running; try again when it finishes")
    try:
        with tempfile.TemporaryDirectory(prefix="planatlas-upload-") as tmp:
            path = Path(tmp) / name
            _save(file.file, path, settings.max_bytes)
            result = service.ingest_upload(path, name)
    finally:
        service.ingest_lock.release()
    if result.status == "failed":
        raise HTTPException(status_code=422, detail=result.model_dump())
    return result
