"""Ingests files one document at a time. Each file is read, parsed and
extracted completely in memory first and then written in one store
transaction, so a bad file changes nothing and the rest of the batch goes on.
A file whose bytes, extractor version, gazetteer and NER setting are unchanged is skipped."""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field

from graph.models import GraphBatch
from graph.store import GraphStore
from ingest.extract import Extractor, extractor_for
from ingest.gc_pause import collect_young, paused_gc
from ingest.identity import Source, claim, doc_id_for, plan_sources
from ingest.ner import ner_enabled
from ingest.places import DOCUMENT_SOURCES, place_counts
from ingest.policy import policy_batch
from ingest.reader import (
    DEFAULT_MAX_BYTES,
    FRONT_MATTER_FIELDS,
    SUPPORTED,
    TEXT_SUFFIXES,
    RawFile,
    front_matter,
    read_file,
    read_text,
)
from ingest.seed import ensure_gazetteer
from ingest.standard_industry import StandardIndustryClassifier, TextEncoder, annotate_projects
from ingest.tables import table_batch
from ingest.tasks import TaskIndex
from ontology import Gazetteer, InputError, PlanAtlasError, load_gazetteer

# What extraction reads besides a file: the ingest package's code, the ontology's loaders and the learned models
# and word lists in ontology/data. Their hash is the extractor's version, so an upgrade that changes what is
# extracted re-reads every file; the hand-set number it replaces (6: document-level places, 7: the learned name
# tagger, 8: Markdown headers and owner cells) stayed 8 through twenty rounds of rule changes, and an upgraded
# store kept the old facts until `ingest --force`.
_ROOT = Path(__file__).resolve().parent.parent
EXTRACTION_SOURCES = (_ROOT / "ingest", _ROOT / "ontology", _ROOT / "ontology" / "data")


def fingerprint_of(folders: Iterable[Path]) -> str:
    """A hash of the files directly in each folder (names and bytes, in name order; caches left out)."""
    digest = hashlib.sha256()
    for folder in (f for f in folders if f.is_dir()):
        for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix != ".pyc"):
            digest.update(path.name.encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def extractor_version() -> str:
    return fingerprint_of(EXTRACTION_SOURCES)
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


__all__ = ["FileResult", "IngestReport", "Ingestor", "doc_id_for", "expand_paths"]
log = logging.getLogger(__name__)


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


def build_batch(raw: RawFile, doc_id: str, gaz: Gazetteer, extractor: Extractor, tasks: TaskIndex | None,
                industries: StandardIndustryClassifier | None = None) -> tuple[GraphBatch, list[str]]:
    """Parse and extract one file into the batch that will replace its facts,
    each project with its standard industry (keywords alone if no classifier with a model is given)."""
    if is_text(raw.path):
        text, encoding = read_text(raw)
        header, text = front_matter(text) if raw.kind == "markdown" else ({}, text)
        props: dict[str, object] = {"path": raw.path.name, "format": raw.kind, "encoding": encoding,
                                    "sha256": raw.sha256, "chars": len(text)}
        props.update({k: v for k, v in header.items() if k in FRONT_MATTER_FIELDS and v})
        try:
            batch = policy_batch(doc_id, text, props, gaz, extractor, tasks)
        except InputError as exc:  # name the file as given, not just its name
            raise InputError(str(raw.path), exc.reason, exc.row) from exc
        warnings = placed_by_document(batch, str(raw.path))
    else:
        batch, warnings = table_batch(doc_id, raw, gaz, extractor, tasks)
    annotate_projects(batch, industries or StandardIndustryClassifier())
    return batch, warnings


def label_counts(batch: GraphBatch) -> dict[str, int]:
    """A file's nodes by label, as its report gives them (serial and parallel ingest alike)."""
    return dict(sorted(Counter(n.label for n in batch.nodes.values()).items()))


def placed_by_document(batch: GraphBatch, path: str) -> list[str]:
    """A warning per prose project that took its place from the text's title, heading or lead only."""
    out = []
    for node in batch.nodes.values():
        source = node.props.get("place_source")
        if node.label == "Project" and source in DOCUMENT_SOURCES:
            at = node.provenance[0].start if node.provenance else None
            out.append(f"{path}, character {at}: {node.props.get('name')!r} names no county of its own; placed in "
                       f"{node.props.get('county')} from the {source} {node.props.get('place_source_text')!r}")
    return out


def document_fingerprint(raw: RawFile, doc_id: str, gaz: Gazetteer, tasks: TaskIndex) -> str:
    """Changes when the file, the extractor, the gazetteer, the tasks projects
    are linked to, or whether the NER model runs (PLANATLAS_NER) change, so a
    stale document is re-read."""
    parts = [raw.sha256, extractor_version(), gaz.fingerprint, tasks.fingerprint(except_doc=doc_id),
             f"ner={'on' if ner_enabled() else 'off'}"]
    return hashlib.sha256(":".join(parts).encode()).hexdigest()


def ordered(sources: list[Source]) -> list[Source]:
    """Texts first: their tasks are what project lists link to."""
    return sorted(sources, key=lambda s: not is_text(s.path))


def plan(paths: Iterable[Path]) -> list[Source]:
    """The files under `paths`, each with its document id (relative to the folder given)."""
    given = list(paths)
    return ordered(plan_sources(given, {p: expand_paths([p]) for p in given}))


class Ingestor:
    """Holds the store, gazetteer and extractor for a run over many files."""

    def __init__(self, store: GraphStore, gaz: Gazetteer | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 encoder: TextEncoder | None = None) -> None:
        self.store = store
        self.encoder = encoder
        self.industries = StandardIndustryClassifier(encoder)  # the model, if given, places keyword-less projects
        self.gaz = gaz or load_gazetteer()
        self.extractor = extractor_for(self.gaz)
        self.max_bytes = max_bytes
        ensure_gazetteer(store, self.gaz)
        self._tasks: TaskIndex | None = None

    @property
    def tasks(self) -> TaskIndex:
        """The store's tasks; rebuilt after a text document (which may add tasks) is written."""
        if self._tasks is None:
            self._tasks = TaskIndex.from_store(self.store, self.extractor, self.encoder)
        return self._tasks

    def fingerprint(self, raw: RawFile, doc_id: str) -> str:
        return document_fingerprint(raw, doc_id, self.gaz, self.tasks)

    def ingest_file(self, path: Path, force: bool = False, source: Source | None = None) -> FileResult:
        """One file as one document (`source` gives its id; default: from its name)."""
        with paused_gc():
            step = self._extract(path, force, source or Source(path, doc_id_for(path), str(path.resolve())))
            return step if isinstance(step, FileResult) else self._write(step)

    def _extract(self, path: Path, force: bool, source: Source) -> _Extracted | FileResult:
        """Read and extract a file: the batch to write, or the file's result
        when there is nothing to write (unchanged, failed). Reads the store
        only for the document's own record and the tasks."""
        doc_id = source.doc_id
        try:
            raw = read_file(path, self.max_bytes)
            source = claim(source, self.store.document(doc_id), raw.sha256)
            doc_id = source.doc_id
            fingerprint = self.fingerprint(raw, doc_id)
            stored = self.store.document(doc_id)
            if not force and stored is not None and stored.fingerprint == fingerprint:
                return FileResult(path=str(path), doc_id=doc_id, status="unchanged", warnings=list(source.warnings))
            batch, warnings = build_batch(raw, doc_id, self.gaz, self.extractor, self.tasks, self.industries)
        except _FILE_ERRORS as exc:
            return _failed(path, doc_id, exc)
        return _Extracted(path, source, fingerprint, batch, [*source.warnings, *warnings])

    def _write(self, ready: _Extracted) -> FileResult:
        """Write one extracted file as its document, in one store transaction."""
        path, doc_id, batch = ready.path, ready.source.doc_id, ready.batch
        try:
            summary = self.store.replace_document(doc_id, ready.fingerprint, ready.source.origin, batch)
            if is_text(path):
                self._tasks = None
        except _FILE_ERRORS as exc:
            return _failed(path, doc_id, exc)
        return FileResult(path=str(path), doc_id=doc_id, status="ingested", nodes=summary.nodes,
                          edges=summary.edges, by_label=label_counts(batch),
                          places=place_counts(batch), warnings=ready.warnings)

    def ingest(self, paths: Iterable[Path], progress: ProgressHook | None = None, force: bool = False) -> IngestReport:
        """Every file under `paths`, texts first. On a store whose writes wait
        on a server (`GraphStore.writes_wait_on_server`), a project list is
        extracted while the one before it is written (one writer thread, one
        write at a time, results in file order): a 10k ingest into Neo4j spent
        ~40% of its time waiting on the server with the client idle. Texts
        are written before the next file is read, as they change the tasks
        later files link to."""
        report = IngestReport()
        overlap = self.store.writes_wait_on_server
        with paused_gc(), ThreadPoolExecutor(1, thread_name_prefix="ingest-writer") as writer:
            pending: tuple[set[str], Future[FileResult]] | None = None  # the write's document ids, its result
            for source in plan(paths):
                collect_young()
                if progress:
                    progress(str(source.path))
                if pending and (is_text(source.path) or source.doc_id in pending[0]):
                    report.files.append(pending[1].result())  # the store must hold it before this file is read
                    pending = None
                step = self._extract(source.path, force, source)
                if pending:
                    report.files.append(pending[1].result())
                    pending = None
                if isinstance(step, FileResult):
                    report.files.append(step)
                elif overlap and not is_text(step.path):
                    pending = ({source.doc_id, step.source.doc_id}, writer.submit(self._write, step))
                else:
                    report.files.append(self._write(step))
            if pending:
                report.files.append(pending[1].result())
        return report


@dataclass(frozen=True)
class _Extracted:
    """A file read and extracted, waiting to be written."""

    path: Path
    source: Source
    fingerprint: str
    batch: GraphBatch
    warnings: list[str]


# a parser library choking on hostile input fails the file, and the batch goes on
_FILE_ERRORS = (PlanAtlasError, RecursionError, MemoryError, UnicodeError, ValueError, OverflowError)


def _failed(path: Path, doc_id: str, exc: BaseException) -> FileResult:
    """The failed file's result, naming the file."""
    if isinstance(exc, InputError):
        error = str(exc)
    elif isinstance(exc, PlanAtlasError):
        error = f"{path}: {exc}"
    else:
        log.debug("%s: parser failure", path, exc_info=True)
        error = f"{path}: cannot parse ({type(exc).__name__}: {str(exc)[:200]})"
    return FileResult(path=str(path), doc_id=doc_id, status="failed", error=error)
