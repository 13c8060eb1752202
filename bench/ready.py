"""How fast the search state is ready from a warm store, with and without
the saved index (search_api/core/index_files.py), in one run.

    .venv/bin/python -m bench.ready --size 100000      # ~5-8 minutes on 2 shared cores

Steps, in a fresh temporary home: generate `size` projects (bench/generate.py)
and ingest them (timed: projects/s); put a vector for every project text into
the embedding cache under the int8 model's id -- random unit vectors, because
encoding 100k texts does not fit a 10-minute run (bench/encoder.py measures
the encoder); then, each in a new service on the same store:

* `rebuild`: the start-up without saved files (read every project, look up
  every vector in the cache, fit BM25, build HNSW) -- the baseline;
* `first save`: the same plus writing the files;
* `warm start`: a new service finding the files current -- the figure the
  issue asks for (goal <= 5 s at 100k);
* `one new file`: ingest a list of 20 projects into the warm service and
  refresh: the incremental update against the rebuild.

`warm()` is what `planatlas serve` runs before it answers (http/app.py), so
its time is the API's time to ready minus the process and model start-up,
which are reported apart (model load).

Then the figure the issue names, the API's time to ready: uvicorn serving the
app is started `--api-rounds` times on the warm home and timed from process
start to `/health` answering and to `/health` saying the index is "ready"
(polled every 0.1 s, as bench/scale.py does). With `--baseline DIR`, a
checkout of the code to compare with (`git worktree add /tmp/base <commit>`,
with the same .venv and var/models), its server is started as often on a copy
of the same home, alternating with this code's, after one untimed start of
each (the baseline's builds its own saved index); medians are reported.
`--work DIR` keeps the homes there and reuses them in a later run (ingest and
cache steps skipped); `--api-only` skips the in-process steps.

    .venv/bin/python -m bench.ready --size 100000 --work /tmp/ready-100k --baseline /tmp/base"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from bench.generate import generate
from bench.issue15 import TARGETS as T
from bench.machine import free_port, loadavg, stop_process
from bench.sections import ROOT, ran, run_parser, save_run, verdict, write_section
from bench.timing import timed
from graph.factory import make_store
from ingest.pipeline import Ingestor
from ontology import load_gazetteer
from search_api.core.catalog import load_projects
from search_api.core.config import load_scoring
from search_api.core.embeddings import TextEncoder, content_key, load_encoder
from search_api.core.index_files import INDEX_FOLDER
from search_api.core.service import PlanAtlas

BEGIN, END = "<!-- bench/ready.py:begin -->", "<!-- bench/ready.py:end -->"
NEW_FILE_PROJECTS = 20
APP = "search_api.http.app:create_app"
POLL_S = 0.1  # /health polled this often while a server starts
API_READY_TIMEOUT = 1800.0  # s: a first start without a saved index builds it


def fill_cache(home: Path, encoder: TextEncoder, content_chars: int, seed: int) -> int:
    store = make_store("sqlite", home=home)
    try:
        texts = [d.embed_text(content_chars) for d in load_projects(store)]
        rng = np.random.default_rng(seed)
        vectors = rng.standard_normal((len(texts), encoder.dim)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        store.cache_embeddings(encoder.model_id, {content_key(t): v.tobytes() for t, v in zip(texts, vectors,
                                                                                             strict=True)})
        return len(texts)
    finally:
        store.close()


def started(home: Path, model: str, encoder: TextEncoder, saved: bool) -> tuple[PlanAtlas, float]:
    """A new service on the home, warmed; seconds of the warm-up."""
    scoring = load_scoring(model)
    service = PlanAtlas(make_store("sqlite", home=home), load_gazetteer(), embedding_model=model, scoring=scoring,
                        max_file_bytes=1 << 26, embedder=encoder, index_dir=home / INDEX_FOLDER if saved else None)
    with timed() as t:
        service.warm()
    return service, t.wall


def prepare(size: int, model: str, seed: int, work: Path, baseline: bool) -> dict[str, Any]:
    """Generate, ingest (timed) and fill the cache in `work/home`, unless it is there already;
    with `baseline`, copy it (without a saved index) for the baseline's server."""
    result: dict[str, Any] = {}
    home = work / "home"
    if not (home / "planatlas.sqlite").exists():
        generate(size, work / "data", seed=seed)
        store = make_store("sqlite", home=home)
        try:
            with timed() as t:
                report = Ingestor(store).ingest([work / "data" / "lists"])
            result["ingest_rate"] = round(size / t.wall, 1)
            result["ingest_failed"] = len(report.failed)
        finally:
            store.close()
        config = load_scoring(model).embedding
        result["cached_vectors"] = fill_cache(home, load_encoder(model, config, "int8"), config.content_chars, seed)
    else:
        result["reused_home"] = str(home)
    if baseline and not (work / "home-baseline").exists():
        shutil.copytree(home, work / "home-baseline", ignore=shutil.ignore_patterns(INDEX_FOLDER))
    return result


def in_process(work: Path, size: int, model: str, seed: int) -> dict[str, Any]:
    """Model load, rebuild, first save, warm start and one new file, in this process."""
    result: dict[str, Any] = {}
    home = work / "home"
    extra = generate(NEW_FILE_PROJECTS, work / f"extra-{time.time_ns()}", seed=seed + 1, fmt="csv")
    new_files = [f.rename(f.with_name(f"extra-{time.time_ns()}-{f.name}")) for f in extra.files]  # new documents
    config = load_scoring(model).embedding
    with timed() as t:
        encoder = load_encoder(model, config, "int8")
    result["model_load_s"] = round(t.wall, 2)
    service, result["rebuild_s"] = started(home, model, encoder, saved=False)
    service.close()
    service, result["first_save_s"] = started(home, model, encoder, saved=True)
    service.close()
    result["index_mb"] = round(sum(f.stat().st_size for f in (home / INDEX_FOLDER).rglob("*") if f.is_file()) / 2**20)
    service, result["warm_start_s"] = started(home, model, encoder, saved=True)
    result["uses_ann"] = service.state.index.uses_ann
    try:
        with timed() as t:
            service.ingest(new_files)
        result["one_new_file_s"] = round(t.wall, 2)
        result["after_new_file"] = len(service.state.index)
    finally:
        service.close()
    result["ratio_rebuild_over_warm"] = round(result["rebuild_s"] / result["warm_start_s"], 1)
    result["ratio_rebuild_over_new_file"] = round(result["rebuild_s"] / result["one_new_file_s"], 1)
    for key in ("rebuild_s", "first_save_s", "warm_start_s"):
        result[key] = round(result[key], 2)
    return result


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system, all threads) a process has used: steadier than wall time on shared cores."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime (fields 14, 15)


def api_start(home: Path, code: Path, model: str) -> tuple[float, float, float]:
    """Seconds from starting the server of the checkout `code` on `home` to
    /health answering and to /health saying the index is ready, and the CPU
    seconds the server had used by then."""
    env = {**os.environ, "PLANATLAS_HOME": str(home), "PLANATLAS_BACKEND": "sqlite",
           "PLANATLAS_EMBEDDING_MODEL": model, "PLANATLAS_EMBEDDING_VARIANT": "int8", "PYTHONPATH": str(code)}
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="planatlas-ready-uvicorn-", suffix=".log", delete=False)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", APP, "--factory", "--host", "127.0.0.1", "--port",
                             str(port), "--log-level", "warning", "--no-access-log"], cwd=code, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    health: float | None = None
    try:
        while time.perf_counter() - start < API_READY_TIMEOUT:
            if proc.poll() is not None:
                raise RuntimeError(f"API server exited: {Path(log.name).read_text()[-2000:]}")
            try:
                state = httpx.get(f"http://127.0.0.1:{port}/health", timeout=30).json()
            except httpx.HTTPError:
                state = None
            if state is not None:
                health = health if health is not None else time.perf_counter() - start
                if state.get("index") == "ready":
                    return health, time.perf_counter() - start, _cpu_s(proc.pid)
            time.sleep(POLL_S)
        raise RuntimeError("the API's index did not become ready")
    finally:
        stop_process(proc, timeout=30)
        log.close()
        os.unlink(log.name)


def api_rounds(work: Path, model: str, baseline: Path | None, rounds: int) -> dict[str, Any]:
    """Median API start of this code (and of the baseline, alternating) after one untimed start each."""
    sides = {"this": (work / "home", ROOT)}
    if baseline is not None:
        sides["baseline"] = (work / "home-baseline", baseline.resolve())
    first: dict[str, float] = {}
    for name, (home, code) in sides.items():  # the page cache warmed; the baseline saves its own index
        with timed() as t:
            api_start(home, code, model)
        first[name] = round(t.wall, 1)
    times: dict[str, list[tuple[float, float, float]]] = {name: [] for name in sides}
    for _ in range(rounds):
        for name, (home, code) in sides.items():
            times[name].append(api_start(home, code, model))
    result: dict[str, Any] = {"api_rounds": rounds}
    for name in sides:
        result[f"api_{name}_first_start_s"] = first[name]
        result[f"api_{name}_health_s"] = round(statistics.median(h for h, _, _ in times[name]), 2)
        result[f"api_{name}_ready_s"] = round(statistics.median(r for _, r, _ in times[name]), 2)
        result[f"api_{name}_ready_all_s"] = [round(r, 2) for _, r, _ in times[name]]
        result[f"api_{name}_cpu_s"] = round(statistics.median(c for _, _, c in times[name]), 2)
    if baseline is not None:
        commit = subprocess.run(["git", "-C", str(baseline), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=False).stdout.strip()
        result["baseline"] = f"{baseline} at {commit}" if commit else str(baseline)
        result["ratio_api_baseline_over_this"] = round(result["api_baseline_ready_s"] / result["api_this_ready_s"], 2)
        result["ratio_api_cpu_baseline_over_this"] = round(result["api_baseline_cpu_s"] / result["api_this_cpu_s"], 2)
    return result


def run(size: int, model: str, seed: int, work: Path, baseline: Path | None, rounds: int,
        api_only: bool) -> dict[str, Any]:
    result: dict[str, Any] = {"size": size}
    result.update(prepare(size, model, seed, work, baseline is not None))
    if not api_only:
        result.update(in_process(work, size, model, seed))
    if rounds:
        result.update(api_rounds(work, model, baseline, rounds))
    return result


def _in_process_rows(r: dict[str, Any]) -> list[str]:
    return [
        f"Times are `PlanAtlas.warm()` in-process, what `planatlas serve` runs before its first answer; loading "
        f"the int8 model took {r['model_load_s']} s more.",
        "", "| step | seconds | vs rebuild |", "|---|---|---|",
        f"| rebuild (no saved index: the start-up before the saved index) | {r['rebuild_s']} | 1.0× |",
        f"| first start, saving the index ({r['index_mb']} MB) | {r['first_save_s']} | – |",
        f"| **warm start** (saved index current; HNSW: {r['uses_ann']}) | **{r['warm_start_s']}** | "
        f"{r['ratio_rebuild_over_warm']}× faster |",
        f"| ingest of one new list ({NEW_FILE_PROJECTS} projects) + incremental index update | {r['one_new_file_s']} | "
        f"{r['ratio_rebuild_over_new_file']}× faster |", ""]


def _api_rows(r: dict[str, Any]) -> list[str]:
    rows = [f"API start, process start → `/health` index \"ready\" (uvicorn, int8 model, polled every {POLL_S} s; "
            f"median of {r['api_rounds']} starts after one untimed start each"
            + (", alternating with the baseline" if "baseline" in r else "") + "):", "",
            "| code | `/health` answers | index ready | each start | server CPU by ready |", "|---|---|---|---|---|",
            f"| this code | {r['api_this_health_s']} s | **{r['api_this_ready_s']} s** | {r['api_this_ready_all_s']} | "
            f"{r['api_this_cpu_s']} s |"]
    if "baseline" in r:
        rows.append(f"| baseline (`{r['baseline']}`) | {r['api_baseline_health_s']} s | {r['api_baseline_ready_s']} s "
                    f"| {r['api_baseline_ready_all_s']} | {r['api_baseline_cpu_s']} s |")
        rows += ["", f"The baseline takes {r['ratio_api_baseline_over_this']}× as long to be ready "
                 f"({r['ratio_api_cpu_baseline_over_this']}× the server CPU time)."]
    return [*rows, ""]


def markdown(r: dict[str, Any]) -> str:
    args = r.get("args") or f"--size {r['size']}"
    made = (f"ingested at {r['ingest_rate']:,} projects/s" if "ingest_rate" in r
            else "reusing a home an earlier run prepared (`--work`)")
    if "api_this_ready_s" in r:
        figure, what = r["api_this_ready_s"], f"API ready {r['api_this_ready_s']} s after process start"
    else:
        figure = r["warm_start_s"] + r["model_load_s"]
        what = f"warm start {r['warm_start_s']} s plus {r['model_load_s']} s model load (no API start timed)"
    return "\n".join([
        BEGIN, "## Ready from a warm store (bench/ready.py)", "",
        f"{ran(r)} with `python -m bench.ready {args}` ({r['seconds']} s); load average at start "
        f"{r['load_start']}, at end {r['load_end']}. {r['size']:,} generated projects on SQLite, {made}; vectors are "
        "random unit vectors put in the cache under the int8 model's id (encoding them does not fit the run; the "
        "start-up path only reads them).", "",
        *(_in_process_rows(r) if "warm_start_s" in r else []),
        *(_api_rows(r) if "api_this_ready_s" in r else []),
        f"Goal: API ready ≤ {T.ready_s:g} s from a warm store at 100k: " + (
            verdict(figure <= T.ready_s) if r["size"] >= T.size
            else f"not measured at 100k (this run: {r['size']:,} projects)") + f"; {what}.", END])


def main(argv: list[str] | None = None) -> int:
    p = run_parser("search state ready time, with and without the saved index", "ready", size=100000, model=True)
    p.add_argument("--report-only", action="store_true", help="rewrite the section from --json; no measuring")
    p.add_argument("--work", type=Path, help="keep the homes here and reuse them (default: a temporary folder)")
    p.add_argument("--baseline", type=Path, help="a checkout of the code to compare the API start with")
    p.add_argument("--api-rounds", type=int, default=3, help="API starts timed per side (0: none)")
    p.add_argument("--api-only", action="store_true", help="skip the in-process steps")
    args = p.parse_args(argv)
    if args.report_only:
        write_section(args.report, markdown(json.loads(args.json.read_text(encoding="utf-8"))))
        return 0
    start, load_start = time.perf_counter(), loadavg()
    model = str(args.model.resolve())
    given = " ".join(sys.argv[1:] if argv is None else argv)
    if args.work is not None:
        args.work.mkdir(parents=True, exist_ok=True)
        result = run(args.size, model, args.seed, args.work, args.baseline, args.api_rounds, args.api_only)
    else:
        with tempfile.TemporaryDirectory(prefix="planatlas-ready-") as work:
            result = run(args.size, model, args.seed, Path(work), args.baseline, args.api_rounds, args.api_only)
    result["args"] = given
    save_run(result, start, load_start, args.json, args.report, markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
