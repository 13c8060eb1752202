"""PlanAtlas benchmarks at scale: ingest, embeddings, search through the HTTP
API, `similar`, and the cross-county duplicate pass, at several sizes of
generated project lists (bench/generate.py), each in a fresh temporary home.

    .venv/bin/python bench/run.py --sizes 1000,10000,100000      # what `make bench` runs
    .venv/bin/python bench/run.py --quick                        # a couple of minutes

Every figure that has a natural baseline is measured next to it in the same
run and reported as a ratio (CachedEncoder vs the model's own `encode`,
re-ingest vs first ingest, HNSW vs exact search, hybrid vs BM25-only search,
candidate duplicate pass vs all pairs). Wall-clock and CPU time are both
kept: the machine may be shared, and CPU time shows what contention hid.

Writes docs/benchmarks.md, docs/bench-scaling.png and var/bench/results.json
(paths can be changed; see --help)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.harness import (  # noqa: E402
    DEFAULT_MODEL,
    Bench,
    Options,
    console,
    dupes_child,
    loadavg,
    machine,
    neo4j_load,
    neo4j_server,
    policy_files,
)
from bench.report import goals, plot, scaling, write_report  # noqa: E402

__all__ = ["Options", "main", "policy_files", "run"]


def run(opts: Options, report: Path | None, png: Path | None, results_json: Path | None,
        command: str, notes_file: Path | None = None) -> dict[str, Any]:
    started = time.perf_counter()
    data: dict[str, Any] = {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "command": command,
                            "machine": machine(), "loadavg_start": loadavg(), "options": {
                                "sizes": opts.sizes, "requests": opts.requests, "similar_requests": opts.similar_requests,
                                "embed_sample": opts.embed_sample, "fill": opts.fill, "allpairs_max": opts.allpairs_max,
                                "seed": opts.seed}}
    bench = Bench(opts)
    results = []
    wants_neo4j = opts.neo4j != "off" and any(n <= opts.neo4j_max for n in opts.sizes)
    with (neo4j_server(opts) if wants_neo4j else nullcontext(None)) as uri:
        if uri is None and opts.neo4j != "off":
            data["neo4j_note"] = "Neo4j was not reachable or could not be started: the Neo4j rows are missing."
        for n in opts.sizes:
            console.rule(f"[bold]N = {n:,}")
            r = bench.size(n, uri)
            results.append(r)
            console.print(json.dumps({k: r[k] for k in ("ingest", "reingest", "embed")}, ensure_ascii=False))
            console.print(json.dumps({k: r.get(k) for k in ("http", "duplicates", "all_pairs")}, ensure_ascii=False,
                                     default=str)[:3000])
        if uri is not None and opts.neo4j_copies > 0:
            with console.status("[bold]bench/neo4j_load.py"):
                data["neo4j_load"] = neo4j_load(uri, opts.neo4j_copies)
    data["results"] = results
    data["scaling"] = scaling(results)
    data["goals"] = goals(results)
    data["loadavg_end"] = loadavg()
    data["total_minutes"] = (time.perf_counter() - started) / 60
    if results_json:
        results_json.parent.mkdir(parents=True, exist_ok=True)
        results_json.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    if png:
        plot(results, data["scaling"], png)
    if report:
        notes = notes_file.read_text(encoding="utf-8") if notes_file and notes_file.exists() else ""
        write_report(data, report, png or Path("bench-scaling.png"), notes)
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="PlanAtlas benchmarks at scale")
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES"),
                        help="comma-separated project counts (env BENCH_SIZES; default 1000,10000,100000, "
                             "or 300,2000 with --quick)")
    parser.add_argument("--quick", action="store_true", help="sizes 300,2000, fewer requests, no Neo4j")
    parser.add_argument("--work", type=Path, default=None, help="where data and homes go (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the work dir")
    parser.add_argument("--model", type=Path, default=Path(os.environ.get("PLANATLAS_EMBEDDING_MODEL", DEFAULT_MODEL)))
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--allpairs-max", type=int, default=1000)
    parser.add_argument("--neo4j", default=os.environ.get("BENCH_NEO4J", "auto"), help="auto | off | bolt://host:port")
    parser.add_argument("--neo4j-max", type=int, default=int(os.environ.get("BENCH_NEO4J_MAX", "10000")))
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--embed-sample", type=int, default=int(os.environ.get("BENCH_EMBED_SAMPLE", "1024")),
                        help="texts encoded in fp32 raw and through CachedEncoder for the throughput ratio")
    parser.add_argument("--fill", choices=["bf16", "fp32"], default=os.environ.get("BENCH_FILL", "bf16"),
                        help="how the texts beyond the sample are encoded (bf16 autocast is ~5x faster here)")
    parser.add_argument("--neo4j-copies", type=int, default=int(os.environ.get("BENCH_NEO4J_COPIES", "50")),
                        help="corpus copies for bench/neo4j_load.py")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--report", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--plot", type=Path, default=ROOT / "docs" / "bench-scaling.png")
    parser.add_argument("--json", type=Path, default=ROOT / "var" / "bench" / "results.json")
    parser.add_argument("--notes", type=Path, default=ROOT / "bench" / "notes.md",
                        help="hand-written analysis appended to the report (profiles, what bounds a missed goal)")
    # the duplicate child
    parser.add_argument("--child-dupes", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--home", help=argparse.SUPPRESS)
    parser.add_argument("--model-id", help=argparse.SUPPRESS)
    parser.add_argument("--all-pairs", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--report-only", action="store_true",
                        help="rewrite the report and plot from --json (e.g. after editing --notes); no benchmark")
    args = parser.parse_args(argv)
    if args.child_dupes:
        return dupes_child(args)
    if args.report_only:
        data = json.loads(args.json.read_text(encoding="utf-8"))
        data["scaling"], data["goals"] = scaling(data["results"]), goals(data["results"])
        plot(data["results"], data["scaling"], args.plot)
        notes = args.notes.read_text(encoding="utf-8") if args.notes and args.notes.exists() else ""
        write_report(data, args.report, args.plot, notes)
        console.print(f"report: {args.report}  plot: {args.plot}")
        return 0
    if not (args.model / "config.json").exists() and not any(args.model.glob("*.safetensors")):
        console.print(f"[red]embedding model missing at {args.model}: run `make model`")
        return 2
    spec = args.sizes or ("300,2000" if args.quick else "1000,10000,100000")
    sizes = [int(s) for s in spec.replace("_", "").split(",") if s.strip()]
    work = args.work or Path(tempfile.mkdtemp(prefix="planatlas-bench-"))
    opts = Options(sizes=sizes, work=work, model=args.model.resolve(),
                   requests=60 if args.quick else args.requests, similar_requests=30 if args.quick else 100,
                   embed_sample=128 if args.quick else args.embed_sample, fill=args.fill,
                   allpairs_max=args.allpairs_max,
                   neo4j="off" if args.quick else args.neo4j, neo4j_max=args.neo4j_max, neo4j_copies=args.neo4j_copies, seed=args.seed,
                   quick=args.quick, http=not args.no_http, policy=policy_files())
    command = "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    try:
        data = run(opts, args.report, args.plot, args.json, command.strip(), args.notes)
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    for g in data["goals"]:
        mark = {True: "[green]met", False: "[red]missed", None: "[dim]–"}[g["met"]]
        console.print(f"{mark}[/] {g['goal']}: {g['measured']} (target {g['target']}, N={g['size']:,})")
    console.print(f"report: {args.report}  plot: {args.plot}  results: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
