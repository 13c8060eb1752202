"""The benchmark harness: per size, a fresh home on the embedded store, each
part measured by a suite (bench/suites/) into a typed result; then Neo4j
where a server is to be had. Every figure with a natural baseline is measured
next to it in the same run (see bench/run.py's docstring)."""

from __future__ import annotations

import random
import shutil
import time
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.context import BenchContext, Options
from bench.generate import Dataset
from bench.machine import loadavg, machine_info
from bench.results import (
    BenchRun,
    Embed,
    Failure,
    Ingest,
    Neo4jLoad,
    Neo4jResult,
    PolicyIngest,
    Reingest,
    RunOptions,
    SearchBreakdown,
    SizeResult,
    VectorSearch,
)
from bench.suites.api import ApiRun, measure_api
from bench.suites.data import generate_data, ingest_lists, ingest_policy, reingest_unchanged
from bench.suites.duplicates import measure_all_pairs, measure_duplicates
from bench.suites.embedding import measure_embeddings
from bench.suites.neo4j_backend import bench_neo4j, neo4j_load, neo4j_server
from bench.suites.searching import build_index, search_breakdown, search_requests, vector_search
from bench.summary import goals, scaling
from bench.timing import since, timed
from bench.ui import console
from graph.factory import make_store
from ingest.pipeline import Ingestor
from search_api.core.catalog import load_projects

NO_NEO4J = "Neo4j was not reachable or could not be started: the Neo4j rows are missing."


@dataclass(frozen=True)
class StoreStage:
    """What is measured with the embedded store open: ingest, embeddings, in-process search."""

    policy: PolicyIngest
    ingest: Ingest
    reingest: Reingest
    load_projects_s: float
    embed: Embed
    index_build_s: float
    vector: VectorSearch
    search_inprocess: SearchBreakdown
    project_ids: list[str]
    requests: list[dict[str, Any]]


def store_stage(ctx: BenchContext, ds: Dataset, home: Path) -> StoreStage:
    """Ingest (and re-ingest), embed every project, build the index and
    search it in-process; the store is closed before a server opens it."""
    store = make_store("sqlite", home=home)
    try:
        ingestor = Ingestor(store, ctx.gaz)
        policy = ingest_policy(ingestor, ctx.opts.policy)
        ingest, first_wall = ingest_lists(ingestor, store, ds)
        reingest = reingest_unchanged(ctx, store, ds, ingest.projects, first_wall)
        with timed() as t:
            docs = load_projects(store)
        embed, vectors = measure_embeddings(ctx, store, [d.embed_text(ctx.content_chars) for d in docs])
        index, build_s = build_index(ctx, docs, vectors)
        requests = search_requests(ctx.gaz, ctx.opts.requests, ctx.opts.seed)
        return StoreStage(policy=policy, ingest=ingest, reingest=reingest, load_projects_s=round(t.wall, 3),
                          embed=embed, index_build_s=round(build_s, 3), vector=vector_search(ctx, index),
                          search_inprocess=search_breakdown(ctx, index, store, requests),
                          project_ids=[d.id for d in docs], requests=requests)
    finally:
        store.close()


def _api(ctx: BenchContext, home: Path, stage: StoreStage, similar_ids: list[str]) -> ApiRun | None:
    """The API on the embedded store (skipped with --no-http)."""
    if not ctx.opts.http:
        return None
    env = {"PLANATLAS_HOME": str(home), "PLANATLAS_BACKEND": "sqlite", "PLANATLAS_EMBEDDING_MODEL": str(ctx.opts.model)}
    return measure_api(env, stage.requests, similar_ids)


def _neo4j(ctx: BenchContext, uri: str, ds: Dataset, home: Path, stage: StoreStage,
           similar_ids: list[str]) -> Neo4jResult | Failure:
    """The Neo4j figures, or why there are none: the embedded figures still stand."""
    try:
        return bench_neo4j(uri, ds, home, ctx.embedder.model_id, stage.requests, similar_ids, ctx.opts)
    except Exception as exc:  # noqa: BLE001 - reported in the table
        return Failure(error=f"{type(exc).__name__}: {exc}")


def run_size(ctx: BenchContext, n: int, neo4j_uri: str | None) -> SizeResult:
    """Every figure at one size N, in a fresh work directory."""
    opts, start_load = ctx.opts, loadavg()
    work = opts.work / f"n{n}"
    shutil.rmtree(work, ignore_errors=True)
    ds, data = generate_data(ctx, n, work / "data")
    home = work / "home"
    stage = store_stage(ctx, ds, home)
    ids = stage.project_ids
    picked = random.Random(opts.seed).sample(range(len(ids)), min(len(ids), opts.similar_requests))
    similar_ids = [ids[i] for i in picked]
    api = _api(ctx, home, stage, similar_ids)
    model_id, known = ctx.embedder.model_id, set(ids)
    dup = measure_duplicates(home, opts.model, model_id, ds.labels, known)
    all_pairs = measure_all_pairs(home, opts.model, model_id, ds.labels, known, dup) if n <= opts.allpairs_max else None
    nj = _neo4j(ctx, neo4j_uri, ds, home, stage, similar_ids) if neo4j_uri and n <= opts.neo4j_max else None
    return SizeResult(size=n, loadavg_start=start_load, data=data, policy=stage.policy, ingest=stage.ingest,
                      reingest=stage.reingest, load_projects_s=stage.load_projects_s, embed=stage.embed,
                      index_build_s=stage.index_build_s, vector=stage.vector, search_inprocess=stage.search_inprocess,
                      api_ready_s=api.ready_s if api else None, http=api.http if api else None,
                      server_rss_mb=api.server_rss_mb if api else None, duplicates=dup, all_pairs=all_pairs,
                      neo4j=nj, loadavg_end=loadavg())


def _echo(r: SizeResult) -> None:
    """The main figures of a size on the console as soon as they are known."""
    console.print(r.model_dump_json(include={"ingest", "reingest", "embed"}))
    console.print(r.model_dump_json(include={"http", "duplicates", "all_pairs"})[:3000])


def _run_options(opts: Options) -> RunOptions:
    return RunOptions(sizes=opts.sizes, requests=opts.requests, similar_requests=opts.similar_requests,
                      embed_sample=opts.embed_sample, fill=opts.fill, allpairs_max=opts.allpairs_max, seed=opts.seed)


def run_all(opts: Options, command: str) -> BenchRun:
    """Every size, then bench/neo4j_load.py on the server if there is one."""
    started, start_load = time.perf_counter(), loadavg()
    date, machine = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), machine_info()
    ctx = BenchContext(opts)
    results: list[SizeResult] = []
    load: Neo4jLoad | Failure | None = None
    wants_neo4j = opts.neo4j != "off" and any(n <= opts.neo4j_max for n in opts.sizes)
    with neo4j_server(opts) if wants_neo4j else nullcontext(None) as uri:
        note = NO_NEO4J if uri is None and opts.neo4j != "off" else None
        for n in opts.sizes:
            console.rule(f"[bold]N = {n:,}")
            results.append(run_size(ctx, n, uri))
            _echo(results[-1])
        if uri is not None and opts.neo4j_copies > 0:
            with console.status("[bold]bench/neo4j_load.py"):
                load = neo4j_load(uri, opts.neo4j_copies)
    return BenchRun(date=date, command=command, machine=machine, loadavg_start=start_load,
                    options=_run_options(opts), results=results, scaling=scaling(results), goals=goals(results),
                    loadavg_end=loadavg(), total_minutes=since(started) / 60, neo4j_note=note, neo4j_load=load)
