"""Uploading a file to ingest: token required, size-limited, the file name
reduced to a safe base name, one ingest at a time."""

from __future__ import annotations

import re
import tempfile
import threading
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, UploadFile

from ingest.pipeline import Ingestor
from ingest.reader import SUPPORTED
from search_api.deps import ServicesDep, TokenDep

router = APIRouter(prefix="/api", tags=["ingest"])
_ingest_lock = threading.Lock()
_UNSAFE = re.compile(r"[^\w\u4e00-\u9fff.-]+")
CHUNK = 1 << 20


def safe_name(name: str | None) -> str:
    """Only the base name, with anything but letters, digits, CJK, '.', '-' replaced."""
    base = Path((name or "upload").replace("\\", "/")).name
    cleaned = _UNSAFE.sub("_", base).lstrip(".") or "upload"
    return cleaned[:120]


@router.post("/ingest")
def ingest(file: UploadFile, services: ServicesDep, _: TokenDep) -> dict[str, Any]:
    name = safe_name(file.filename)
    if Path(name).suffix.lower() not in SUPPORTED:
        raise HTTPException(status_code=415, detail=f"unsupported file type; supported: {', '.join(sorted(SUPPORTED))}")
    limit = services.settings.max_bytes
    if not _ingest_lock.acquire(timeout=1):
        raise HTTPException(status_code=409, detail="another ingest is running; try again when it finishes")
    try:
        with tempfile.TemporaryDirectory(prefix="planatlas-upload-") as tmp:
            path = Path(tmp) / name
            size = 0
            with open(path, "wb") as out:
                while chunk := file.file.read(CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise HTTPException(status_code=413, detail=f"file is over the {limit // 1048576} MB limit")
                    out.write(chunk)
            result = Ingestor(services.store, max_bytes=limit).ingest_file(path)
        if result.status == "ingested":
            services.refresh()
    finally:
        _ingest_lock.release()
    summary = result.model_dump()
    summary["path"] = name  # never reveal the server's temporary folder
    summary["warnings"] = [w.replace(str(path), name) for w in result.warnings]
    if result.error:
        summary["error"] = result.error.replace(str(path), name)
    if result.status == "failed":
        raise HTTPException(status_code=422, detail=summary)
    return summary
