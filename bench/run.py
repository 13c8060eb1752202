"""PlanAtlas benchmarks at scale: ingest, embeddings, search through the HTTP
API, `similar`, and the cross-county duplicate pass, at several sizes of
generated project lists (bench/generate.py), each in a fresh temporary home.

    .venv/bin/python -m bench.run --sizes 1000,10000,100000      # what `make bench` runs
    .venv/bin/python -m bench.run --quick                        # a couple of minutes

Every figure that has a natural baseline is measured next to it in the same
run and reported as a ratio (CachedEncoder vs the model's own `encode`,
re-ingest vs first ingest, HNSW vs exact search, hybrid vs BM25-only search,
candidate duplicate pass vs all pairs). Wall-clock and CPU time are both
kept: the machine may be shared, and CPU time shows what contention hid.

Writes its section of docs/benchmarks.md (between its markers: the other
scripts' sections and the hand-written analysis stay), docs/bench-scaling.png
and var/bench/results.json
(paths can be changed; see --help). This file only parses the command line:
the measuring is in bench/harness.py and bench/suites/, the figures are the
models of bench/results.py, and bench/report.py writes the report."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from bench.context import DEFAULT_MODEL, Options, policy_files
from bench.results import BenchRun
from bench.ui import console

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["Options", "main", "policy_files", "run"]


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def build_parser() -> argparse.ArgumentParser:
    """The options `make bench` (scripts/bench.sh) and the tests use; the
    environment variables let the Makefile and CI shrink a run."""
    p = argparse.ArgumentParser(description="PlanAtlas benchmarks at scale")
    p.add_argument("--sizes", default=os.environ.get("BENCH_SIZES"),
                   help="comma-separated project counts (env BENCH_SIZES; default 1000,10000,100000, "
                        "or 300,2000 with --quick)")
    p.add_argument("--quick", action="store_true", help="sizes 300,2000, fewer requests, no Neo4j")
    p.add_argument("--work", type=Path, default=None, help="where data and homes go (default: a temp dir)")
    p.add_argument("--keep", action="store_true", help="keep the work dir")
    p.add_argument("--model", type=Path, default=Path(os.environ.get("PLANATLAS_EMBEDDING_MODEL", DEFAULT_MODEL)))
    p.add_argument("--requests", type=int, default=200)
    p.add_argument("--allpairs-max", type=int, default=1000)
    p.add_argument("--neo4j", default=os.environ.get("BENCH_NEO4J", "auto"), help="auto | off | bolt://host:port")
    p.add_argument("--neo4j-max", type=int, default=_env_int("BENCH_NEO4J_MAX", 10000))
    p.add_argument("--no-http", action="store_true")
    p.add_argument("--embed-sample", type=int, default=_env_int("BENCH_EMBED_SAMPLE", 1024),
                   help="texts encoded in fp32 raw and through CachedEncoder for the throughput ratio")
    p.add_argument("--fill", choices=["bf16", "fp32"], default=os.environ.get("BENCH_FILL", "bf16"),
                   help="how the texts beyond the sample are encoded (bf16 autocast is ~5x faster here)")
    p.add_argument("--neo4j-copies", type=int, default=_env_int("BENCH_NEO4J_COPIES", 50),
                   help="corpus copies for bench/neo4j_load.py")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--report", type=Path, default=ROOT / "docs" / "benchmarks.md")
    p.add_argument("--plot", type=Path, default=ROOT / "docs" / "bench-scaling.png")
    p.add_argument("--json", type=Path, default=ROOT / "var" / "bench" / "results.json")
    p.add_argument("--report-only", action="store_true",
                   help="rewrite this run's section of the report and the plot from --json; no benchmark")
    # the duplicate child (bench/suites/duplicates.py)
    p.add_argument("--child-dupes", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--home", help=argparse.SUPPRESS)
    p.add_argument("--model-id", help=argparse.SUPPRESS)
    p.add_argument("--all-pairs", action="store_true", help=argparse.SUPPRESS)
    return p


def options_from(args: argparse.Namespace, work: Path) -> Options:
    """--quick overrides the counts, as it always has: a run of a few minutes."""
    spec = args.sizes or ("300,2000" if args.quick else "1000,10000,100000")
    sizes = [int(s) for s in spec.replace("_", "").split(",") if s.strip()]
    return Options(sizes=sizes, work=work, model=args.model.resolve(),
                   requests=60 if args.quick else args.requests, similar_requests=30 if args.quick else 100,
                   embed_sample=128 if args.quick else args.embed_sample, fill=args.fill,
                   allpairs_max=args.allpairs_max, neo4j="off" if args.quick else args.neo4j,
                   neo4j_max=args.neo4j_max, neo4j_copies=args.neo4j_copies, seed=args.seed,
                   quick=args.quick, http=not args.no_http, policy=policy_files())


def render(run: BenchRun, report: Path | None, png: Path | None) -> None:
    """The plot and the report's section of a run."""
    from bench.report import plot, write_report

    if png:
        plot(run.results, run.scaling, png)
    if report:
        write_report(run, report, png or Path("bench-scaling.png"))


def run(opts: Options, report: Path | None, png: Path | None, results_json: Path | None,
        command: str) -> BenchRun:
    """Measure, save the results as JSON, then plot and write the report."""
    from bench.harness import run_all

    result = run_all(opts, command)
    if results_json:
        results_json.parent.mkdir(parents=True, exist_ok=True)
        results_json.write_text(result.model_dump_json(indent=2), encoding="utf-8")
    render(result, report, png)
    return result


def report_only(args: argparse.Namespace) -> int:
    """Re-render from a saved results.json, with goals and scaling recomputed
    (so that a change of a goal's wording or target shows without a new run)."""
    from bench.summary import goals, scaling

    saved = BenchRun.model_validate_json(args.json.read_text(encoding="utf-8"))
    saved = saved.model_copy(update={"scaling": scaling(saved.results), "goals": goals(saved.results)})
    render(saved, args.report, args.plot)
    console.print(f"report: {args.report}  plot: {args.plot}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.child_dupes:
        from bench.suites.duplicates import child_main

        return child_main(Path(args.home), str(args.model), args.model_id, args.all_pairs)
    if args.report_only:
        return report_only(args)
    if not (args.model / "config.json").exists() and not any(args.model.glob("*.safetensors")):
        console.print(f"[red]embedding model missing at {args.model}: run `make model`")
        return 2
    work = args.work or Path(tempfile.mkdtemp(prefix="planatlas-bench-"))
    command = "python -m bench.run " + " ".join(argv if argv is not None else sys.argv[1:])
    try:
        result = run(options_from(args, work), args.report, args.plot, args.json, command.strip())
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    for g in result.goals:
        mark = {True: "[green]met", False: "[red]missed", None: "[dim]–"}[g.met]
        console.print(f"{mark}[/] {g.goal}: {g.measured} (target {g.target}, N={g.size:,})")
    console.print(f"report: {args.report}  plot: {args.plot}  results: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
