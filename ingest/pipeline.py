"""Ingests files one document at a time. Each file is read, parsed and
extracted completely in memory first and then written in one store
transaction, so a bad file changes nothing and the rest of the batch goes on.
A file whose bytes, extractor version and gazetteer are unchanged is skipped."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from graph.models import GraphBatch
from graph.store import GraphStore
from ingest.extract import Extractor, extractor_for
from ingest.places import place_counts
from ingest.policy import policy_batch
from ingest.reader import DEFAULT_MAX_BYTES, SUPPORTED, TEXT_SUFFIXES, RawFile, read_file, read_text
from ingest.seed import ensure_gazetteer
from ingest.tables import table_batch
from ingest.tasks import TaskIndex
from ontology import Gazetteer, InputError, PlanAtlasError, load_gazetteer

EXTRACTOR_VERSION = "3"
SKIPPED_NAMES = re.compile(r"^(README|LICENSE|CHANGELOG)(\.|$)", re.IGNORECASE)


class FileResult(BaseModel):
    path: str
    doc_id: str | None = None
    status: str  # ingested | unchanged | failed
    error: str | None = None
    nodes: int = 0
    edges: int = 0
    by_label: dict[str, int] = Field(default_factory=dict)
    # projects by how precisely they are placed: placed (a county), city_level, province_level, unplaced
    places: dict[str, int] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)


class IngestReport(BaseModel):
    files: list[FileResult] = Field(default_factory=list)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]


ProgressHook = Callable[[str], None]


def doc_id_for(path: Path) -> str:
    """Documents are known by file name, so moving the corpus folder or
    re-ingesting from another directory replaces rather than duplicates."""
    return "doc:" + re.sub(r"\s+", "-", path.stem.strip())


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, plus supported files inside folders (READMEs skipped)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(p for p in sorted(path.rglob("*")) if p.is_file()
                       and p.suffix.lower() in SUPPORTED and not SKIPPED_NAMES.match(p.name)
                       and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            out.append(path)
    return out


def is_text(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES


def build_batch(raw: RawFile, doc_id: str, gaz: Gazetteer, extractor: Extractor,
                tasks: TaskIndex | None) -> tuple[GraphBatch, list[str]]:
    """Parse and extract one file into the batch that will replace its facts."""
    if is_text(raw.path):
        text, encoding = read_text(raw)
        props = {"path": raw.path.name, "format": raw.kind, "encoding": encoding,
                 "sha256": raw.sha256, "chars": len(text)}
        return policy_batch(doc_id, text, props, gaz, extractor, tasks), []
    return table_batch(doc_id, raw, gaz, extractor, tasks)


def ordered(paths: list[Path]) -> list[Path]:
    """Texts first: their tasks are what project lists link to."""
    return sorted(paths, key=lambda p: not is_text(p))


class Ingestor:
    """Holds the store, gazetteer and extractor for a run over many files."""

    def __init__(self, store: GraphStore, gaz: Gazetteer | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.store = store
        self.gaz = gaz or load_gazetteer()
        self.extractor = extractor_for(self.gaz)
        self.max_bytes = max_bytes
        ensure_gazetteer(store, self.gaz)
        self._tasks: TaskIndex | None = None

    @property
    def tasks(self) -> TaskIndex:
        """The store's tasks; rebuilt after a text document (which may add tasks) is written."""
        if self._tasks is None:
            self._tasks = TaskIndex.from_store(self.store, self.extractor)
        return self._tasks

    def fingerprint(self, raw: RawFile, doc_id: str) -> str:
        """Changes when the file, the extractor, the gazetteer or the tasks
        projects are linked to change, so a stale document is re-read."""
        parts = [raw.sha256, EXTRACTOR_VERSION, self.gaz.fingerprint, self.tasks.fingerprint(except_doc=doc_id)]
        return hashlib.sha256(":".join(parts).encode()).hexdigest()

    def ingest_file(self, path: Path, force: bool = False) -> FileResult:
        doc_id = doc_id_for(path)
        try:
            raw = read_file(path, self.max_bytes)
            fingerprint = self.fingerprint(raw, doc_id)
            stored = self.store.document(doc_id)
            if not force and stored is not None and stored.fingerprint == fingerprint:
                return FileResult(path=str(path), doc_id=doc_id, status="unchanged")
            batch, warnings = build_batch(raw, doc_id, self.gaz, self.extractor, self.tasks)
            summary = self.store.replace_document(doc_id, fingerprint, str(path), batch)
            if is_text(path):
                self._tasks = None
        except InputError as exc:
            return FileResult(path=str(path), doc_id=doc_id, status="failed", error=str(exc))
        except PlanAtlasError as exc:
            return FileResult(path=str(path), doc_id=doc_id, status="failed", error=f"{path}: {exc}")
        labels = Counter(n.label for n in batch.nodes.values())
        return FileResult(path=str(path), doc_id=doc_id, status="ingested", nodes=summary.nodes,
                          edges=summary.edges, by_label=dict(sorted(labels.items())),
                          places=place_counts(batch), warnings=warnings)

    def ingest(self, paths: Iterable[Path], progress: ProgressHook | None = None, force: bool = False) -> IngestReport:
        report = IngestReport()
        for path in ordered(expand_paths(paths)):
            if progress:
                progress(str(path))
            report.files.append(self.ingest_file(path, force=force))
        return report
