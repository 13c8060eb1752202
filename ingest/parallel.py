"""Parallel ingest: files are read, parsed and extracted in worker processes
while this process, the one writer, commits them, each file in its own
transaction and in the same order as a serial `Ingestor.ingest`.

Why: parsing and extraction (jieba, the gazetteer automaton, task inference)
are most of an ingest's CPU time and independent per file, while the store
takes one writer at a time. Policy texts still go first and one by one: they
add the tasks that project lists link to, so a list is only extracted once
every text is written, against the same tasks a serial run would see. A
worker's batch is exactly what `build_batch` makes in the serial path (the
model, if any, classifying the projects no keyword places), so the stored facts
are identical (tests/test_parallel_ingest.py compares them).

On a store that takes them (`GraphStore.writes_prepared`, the embedded one),
a worker also checks the batch against the schema and encodes it as rows
(`graph.prepared`): the writer, the one process that cannot be multiplied,
then only looks up what needs the store and runs SQL.

Before a worker builds a batch, it compares the file's fingerprint with the
one stored when the run began, and skips unchanged files as the serial path
does; the writer checks again at commit time, so a second file with the same
document id within one run is handled exactly as in the serial order."""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import cast

from graph.models import GraphBatch, Node, WriteSummary
from graph.prepared import PreparedBatch, prepare
from graph.store import GraphStore
from ingest.extract import Extractor, extractor_for
from ingest.gc_pause import collect_young, paused_gc
from ingest.identity import Source, claim
from ingest.pipeline import (
    FileResult,
    Ingestor,
    IngestReport,
    ProgressHook,
    build_batch,
    document_fingerprint,
    is_text,
    label_counts,
    plan,
)
from ingest.places import place_counts
from ingest.reader import read_file
from ingest.standard_industry import LazyEncoder, StandardIndustryClassifier, TextEncoder
from ingest.tasks import TaskIndex
from ontology import Gazetteer, InputError, PlanAtlasError, Schema, SchemaError, load_gazetteer

MIN_FILES_FOR_WORKERS = 2  # fewer project lists are not worth starting processes for


@dataclass(frozen=True)
class Job:
    path: str
    doc_id: str
    origin: str
    warnings: tuple[str, ...]
    stored_fingerprint: str | None  # at the start of the run
    force: bool
    max_bytes: int


@dataclass
class Built:
    """What a worker hands the writer for one file: its batch prepared, or as it
    is (a store that takes no prepared rows, a batch that fails a check); neither
    when the file is unchanged or failed."""

    fingerprint: str | None = None
    prepared: PreparedBatch | None = None
    batch: GraphBatch | None = None
    labels: dict[str, int] = field(default_factory=dict)  # nodes by label
    places: dict[str, int] = field(default_factory=dict)  # `place_counts`
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


class _TaskNodes:
    """The store's Task nodes, as `TaskIndex.from_store` reads them, without a store."""

    def __init__(self, nodes: list[Node]) -> None:
        self.nodes = nodes

    def find_nodes(self, label: str) -> list[Node]:
        return self.nodes if label == "Task" else []


@dataclass(frozen=True)
class _Worker:
    gaz: Gazetteer
    extractor: Extractor
    tasks: TaskIndex
    industries: StandardIndustryClassifier
    schema: Schema | None  # the store's, when it takes prepared rows


_worker: _Worker | None = None

EncoderFactory = Callable[[], TextEncoder]  # picklable (a module-level function or a partial of one)


def _start_worker(task_nodes: list[Node], encoder_factory: EncoderFactory | None, schema: Schema | None) -> None:
    """A worker's gazetteer, extractor, tasks and industry classifier; with the writer's model when it has
    one, loaded on the first names-only row or project no keyword places (the model infers their task and
    industry, as in a serial ingest)."""
    global _worker
    gaz = load_gazetteer()
    extractor = extractor_for(gaz)
    encoder = LazyEncoder(functools.cache(encoder_factory)) if encoder_factory else None
    tasks = TaskIndex.from_store(cast(GraphStore, _TaskNodes(task_nodes)), extractor, encoder)
    _worker = _Worker(gaz, extractor, tasks, StandardIndustryClassifier(encoder), schema)


def build(job: Job) -> Built:
    """Read, parse and extract one file (in a worker), as `Ingestor.ingest_file` does."""
    assert _worker is not None, "worker not started"
    w = _worker
    path = Path(job.path)
    try:
        raw = read_file(path, job.max_bytes)
        fingerprint = document_fingerprint(raw, job.doc_id, w.gaz, w.tasks)
        if not job.force and fingerprint == job.stored_fingerprint:
            return Built(fingerprint=fingerprint)
        with paused_gc():
            batch, warnings = build_batch(raw, job.doc_id, w.gaz, w.extractor, w.tasks, w.industries)
            built = Built(fingerprint=fingerprint, batch=batch, warnings=warnings,
                          labels=label_counts(batch),
                          places=place_counts(batch))
            return _prepared(built, w.schema, job.doc_id) if w.schema else built
    except InputError as exc:
        return Built(error=str(exc))
    except PlanAtlasError as exc:
        return Built(error=f"{path}: {exc}")
    except (RecursionError, MemoryError, UnicodeError, ValueError, OverflowError) as exc:
        # a parser library choking on hostile input: the file fails, as in the serial path
        return Built(error=f"{path}: cannot parse ({type(exc).__name__}: {str(exc)[:200]})")


def _prepared(built: Built, schema: Schema, doc_id: str) -> Built:
    """`built` with its batch as prepared rows, unless a check fails: the writer's store then reports
    that batch's error as a serial ingest does."""
    assert built.batch is not None
    try:
        return replace(built, prepared=prepare(schema, doc_id, built.batch), batch=None)
    except SchemaError:
        return built


class ParallelIngestor:
    """An `Ingestor` whose project lists are extracted by `workers` processes."""

    def __init__(self, ingestor: Ingestor, workers: int | None = None,
                 encoder_factory: EncoderFactory | None = None) -> None:
        """`encoder_factory` loads, in a worker, the model `ingestor` was given: without it an
        ingestor with a model extracts its lists itself, since workers without the model would
        infer names-only rows' tasks by BM25 alone and store other tasks than a serial ingest."""
        self.ingestor = ingestor
        self.workers = workers or os.cpu_count() or 1
        self.encoder_factory = encoder_factory

    @property
    def store(self) -> GraphStore:
        return self.ingestor.store

    def ingest(self, paths: Iterable[Path], progress: ProgressHook | None = None, force: bool = False) -> IngestReport:
        sources = plan(paths)
        texts = [s for s in sources if is_text(s.path)]
        tables = [s for s in sources if not is_text(s.path)]
        report = IngestReport()
        for source in texts:  # they add tasks: one by one, as the serial path does
            if progress:
                progress(str(source.path))
            report.files.append(self.ingestor.ingest_file(source.path, force=force, source=source))
        workers_match = self.ingestor.encoder is None or self.encoder_factory is not None
        if len(tables) < MIN_FILES_FOR_WORKERS or self.workers < 2 or not workers_match:
            for source in tables:
                if progress:
                    progress(str(source.path))
                report.files.append(self.ingestor.ingest_file(source.path, force=force, source=source))
            return report
        jobs = [self._job(source, force) for source in tables]
        task_nodes = self.store.find_nodes("Task")
        schema = self.store.schema if self.store.writes_prepared else None
        # spawn, not fork: the caller may hold threads (a server, torch) that a fork would copy mid-state
        context = multiprocessing.get_context("spawn")
        # the collector paused for the run, as in a serial ingest: unpickling a batch (in the pool's
        # result thread) makes ~10 objects a row, and with it on, collections walking the batches and
        # the gazetteer took half the writer's CPU at 100k projects
        with paused_gc(), ProcessPoolExecutor(min(self.workers, len(jobs)), mp_context=context,
                                              initializer=_start_worker,
                                              initargs=(task_nodes, self.encoder_factory, schema)) as pool:
            for job, built in zip(jobs, pool.map(build, jobs), strict=True):
                if progress:
                    progress(job.path)
                report.files.append(self._commit(job, built))
                del built  # before the collection, so the batch is freed by reference counting first
                collect_young()
        return report

    def _job(self, source: Source, force: bool) -> Job:
        """The file's document id as the serial path would claim it (another file on disk may hold it)."""
        try:
            sha256 = hashlib.sha256(source.path.read_bytes()).hexdigest()
        except OSError:  # the worker reports the unreadable file by name
            sha256 = ""
        source = claim(source, self.store.document(source.doc_id), sha256)
        stored = self.store.document(source.doc_id)
        return Job(str(source.path), source.doc_id, source.origin, source.warnings,
                   stored.fingerprint if stored else None, force, self.ingestor.max_bytes)

    def _commit(self, job: Job, built: Built) -> FileResult:
        """Write one file's batch in its own transaction (the writer's part)."""
        if built.error is not None:
            return FileResult(path=job.path, doc_id=job.doc_id, status="failed", error=built.error)
        stored = self.store.document(job.doc_id)
        now = stored.fingerprint if stored else None
        if not job.force and now == built.fingerprint:
            return FileResult(path=job.path, doc_id=job.doc_id, status="unchanged", warnings=list(job.warnings))
        if built.prepared is None and built.batch is None:  # skipped against a record an earlier file replaced
            return self.ingestor.ingest_file(Path(job.path), force=job.force,
                                             source=Source(Path(job.path), job.doc_id, job.origin, job.warnings))
        try:
            summary = self._write(job, built)
        except PlanAtlasError as exc:
            return FileResult(path=job.path, doc_id=job.doc_id, status="failed", error=f"{job.path}: {exc}")
        return FileResult(path=job.path, doc_id=job.doc_id, status="ingested", nodes=summary.nodes,
                          edges=summary.edges, by_label=built.labels, places=built.places,
                          warnings=[*job.warnings, *built.warnings])

    def _write(self, job: Job, built: Built) -> WriteSummary:
        """The batch as its document, in one transaction of the store."""
        fingerprint = cast(str, built.fingerprint)
        if built.prepared is not None:
            return self.store.replace_prepared(fingerprint, job.origin, built.prepared)
        return self.store.replace_document(job.doc_id, fingerprint, job.origin, cast(GraphBatch, built.batch))
