"""Uploading a file to ingest: token required, size-limited, the file name
reduced to a safe base name, one ingest at a time. (The token and declared
size are checked before the body is read, in `http/guard.py`.) Each upload
sits in a temporary folder named for the server's process, removed on any
exit; one a killed server left behind is swept at the next start."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, BinaryIO

from fastapi import APIRouter, Form, HTTPException, UploadFile

from ingest.pipeline import FileResult
from ingest.reader import SUPPORTED
from search_api.http.deps import ServiceDep, SettingsDep, TokenDep
from search_api.http.schemas import IngestPublic

router = APIRouter(prefix="/api", tags=["ingest"])
_UNSAFE = re.compile(r"[^\w\u4e00-\u9fff.-]+")
CHUNK = 1 << 20
MAX_NAME = 120
MAX_NAME_BYTES = 200


UPLOAD_PREFIX = "planatlas-upload-"


def safe_name(name: str | None) -> str:
    """Only the base name, with anything but letters, digits, CJK, '.', '-'
    replaced; a long name is shortened before its extension, which it keeps."""
    base = Path((name or "upload").replace("\\", "/")).name
    cleaned = Path(_UNSAFE.sub("_", base).lstrip(".") or "upload")
    if len(cleaned.name) <= MAX_NAME and len(cleaned.name.encode()) <= MAX_NAME_BYTES:
        return cleaned.name
    suffix = cleaned.suffix if len(cleaned.suffix) <= 10 else ""
    stem = cleaned.name.removesuffix(suffix)[: MAX_NAME - len(suffix)]
    while len((stem + suffix).encode()) > MAX_NAME_BYTES:  # file systems count bytes: 3 per CJK character
        stem = stem[:-1]
    return stem + suffix


def sweep_uploads() -> int:
    """Remove upload folders whose server process is gone (killed mid-upload); returns how many."""
    removed = 0
    for folder in Path(tempfile.gettempdir()).glob(f"{UPLOAD_PREFIX}*"):
        pid = folder.name.removeprefix(UPLOAD_PREFIX).split("-")[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
def ingest(file: UploadFile, service: ServiceDep, settings: SettingsDep, _: TokenDep,
           source: Annotated[str | None, Form(max_length=500)] = None) -> FileResult:
    """`source`: the file's path in its corpus (吉县/清单.csv), to tell apart lists with one name."""
    name = safe_name(file.filename)
    if Path(name).suffix.lower() not in SUPPORTED:
        raise HTTPException(status_code=415, detail=f"unsupported file type; supported: {', '.join(sorted(SUPPORTED))}")
    if not service.ingest_lock.acquire(timeout=1):
        raise HTTPException(status_code=409, detail="another ingest is running; try again when it finishes")
    try:
        with tempfile.TemporaryDirectory(prefix=f"{UPLOAD_PREFIX}{os.getpid()}-") as tmp:
            path = Path(tmp) / name
            _save(file.file, path, settings.max_bytes)
            result = service.ingest_upload(path, name, source)
    finally:
        service.ingest_lock.release()
    if result.status == "failed":
        raise HTTPException(status_code=422, detail=result.model_dump())
    return result
