"""Generated project lists and their ingest: the first ingest (without
embeddings) and its baseline-style companion, the unchanged re-ingest."""

from __future__ import annotations

from pathlib import Path

from bench.context import BenchContext
from bench.generate import Dataset, generate
from bench.results import DataSet, Ingest, PolicyIngest, Reingest
from bench.timing import timed
from bench.ui import progress
from graph.store import GraphStore
from ingest.pipeline import Ingestor


def generate_data(ctx: BenchContext, n: int, out: Path) -> tuple[Dataset, DataSet]:
    """`n` projects with planted duplicates and hard negatives under `out`."""
    with progress(f"generate {n}", n) as advance, timed() as t:
        ds = generate(n, out, seed=ctx.opts.seed, gaz=ctx.gaz, progress=advance)
    return ds, DataSet(files=len(ds.files), projects=ds.projects, planted_pairs=ds.planted,
                       hard_negatives=ds.negatives, generate_s=round(t.wall, 2))


def ingest_policy(ingestor: Ingestor, files: list[Path]) -> PolicyIngest:
    """The policy texts first, so that task inference runs as in production."""
    with timed() as t:
        report = ingestor.ingest(files)
    return PolicyIngest(files=len(files), seconds=round(t.wall, 2), failed=[f.error for f in report.failed])


def ingest_lists(ingestor: Ingestor, store: GraphStore, ds: Dataset) -> tuple[Ingest, float]:
    """The first ingest of the lists; also returns its unrounded wall time,
    the baseline of the re-ingest speed-up."""
    with progress(f"ingest {ds.projects}", len(ds.files)) as advance, timed() as t:
        report = ingestor.ingest(ds.files, progress=advance.file)
    projects = sum(f.by_label.get("Project", 0) for f in report.files)
    stored = store.counts().by_label.get("Project", 0)
    return Ingest(projects=projects, stored_projects=stored, files=len(ds.files), seconds=round(t.wall, 3),
                  cpu_s=round(t.cpu, 3), rate=round(projects / t.wall, 1), cpu_rate=round(projects / t.cpu, 1),
                  failed=[f.error for f in report.failed],
                  warnings=sum(len(f.warnings) for f in report.files)), t.wall


def reingest_unchanged(ctx: BenchContext, store: GraphStore, ds: Dataset, projects: int,
                       first_wall: float) -> Reingest:
    """The same files again in a new run, as a second `planatlas ingest`
    would be: every file should be skipped by its fingerprint."""
    again = Ingestor(store, ctx.gaz)
    with timed() as t:
        report = again.ingest(ds.files)
    return Reingest(seconds=round(t.wall, 4), rate=round(projects / t.wall, 1),
                    unchanged=sum(f.status == "unchanged" for f in report.files),
                    speedup=round(first_wall / t.wall, 1))
