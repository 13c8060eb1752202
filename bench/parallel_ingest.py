"""Serial against parallel ingest (ingest/parallel.py) of the same generated
lists, each into a fresh SQLite home, in one run.

    .venv/bin/python -m bench.parallel_ingest --size 10000     # ~1-3 minutes

Runs serial, parallel, parallel, serial (so a change of load hits both
alike) and reports projects/s of each and the ratio of the totals. Each home
first gets the bundled policy text (untimed), as bench/scale.py does, so that
task inference runs against it as in production."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.context import policy_files
from bench.generate import generate
from bench.machine import loadavg
from bench.sections import ran, run_parser, save_run
from bench.timing import timed
from graph.factory import make_store
from ingest.parallel import ParallelIngestor
from ingest.pipeline import Ingestor
from ontology import load_gazetteer

BEGIN, END = "<!-- bench/parallel_ingest.py:begin -->", "<!-- bench/parallel_ingest.py:end -->"


def run(size: int, workers: int, seed: int, work: Path) -> dict[str, Any]:
    gaz = load_gazetteer()
    data = generate(size, work / "data", seed=seed, gaz=gaz)
    seconds: dict[str, float] = {"serial": 0.0, "parallel": 0.0}
    for n, mode in enumerate(("serial", "parallel", "parallel", "serial")):
        store = make_store("sqlite", home=work / f"home-{n}")
        try:
            ingestor = Ingestor(store, gaz)
            ingestor.ingest(policy_files())
            runner = ParallelIngestor(ingestor, workers) if mode == "parallel" else ingestor
            with timed() as t:
                report = runner.ingest(data.files)
            assert not report.failed, report.failed
            seconds[mode] += t.wall
        finally:
            store.close()
    return {"size": size, "files": len(data.files), "workers": workers,
            "rate": {m: round(2 * size / s, 1) for m, s in seconds.items()},
            "ratio": round(seconds["serial"] / seconds["parallel"], 2)}


def markdown(r: dict[str, Any]) -> str:
    return "\n".join([
        BEGIN, "## Parallel ingest (bench/parallel_ingest.py)", "",
        f"{ran(r)} with `python -m bench.parallel_ingest --size {r['size']}` ({r['seconds']} s); load average "
        f"at start {r['load_start']}, at end {r['load_end']}. {r['size']:,} generated projects in {r['files']} lists, "
        "each run into a fresh SQLite home that holds the bundled policy text (ingested untimed), in the order "
        "serial, parallel, parallel, serial.", "",
        "| ingest | projects/s | vs serial |", "|---|---|---|",
        f"| serial (`Ingestor`) | {r['rate']['serial']:,} | 1.0× |",
        f"| parallel (`ParallelIngestor`, {r['workers']} workers + 1 writer) | {r['rate']['parallel']:,} | "
        f"{r['ratio']}× |", END])


def main(argv: list[str] | None = None) -> int:
    p = run_parser("serial vs parallel ingest", "parallel_ingest", size=10000)
    p.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = p.parse_args(argv)
    start, load_start = time.perf_counter(), loadavg()
    with tempfile.TemporaryDirectory(prefix="planatlas-pingest-") as work:
        result = run(args.size, args.workers, args.seed, Path(work))
    save_run(result, start, load_start, args.json, args.report, markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
