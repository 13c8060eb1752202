"""Every goal of issue 15 ("Speed at scale on both backends") in one table, read from the raw
figures the issue's benchmarks keep in var/bench/ (encoder, scale, dupes, parallel_ingest,
neo4j_speed at 10k and 100k, load_test), each row with the run it comes from and that run's
CPU: the goals are absolute rates on "these 2 cores", and the machines these runs met differ
twofold (docs/benchmarks.md), so a table mixing CPUs says so in its last column.

    .venv/bin/python -m bench.issue15          # rewrites its section of docs/benchmarks.md

Measures nothing itself; `make bench` (scripts/bench.sh) runs it last."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.sections import ROOT, write_section

BEGIN, END = "<!-- bench/issue15.py:begin -->", "<!-- bench/issue15.py:end -->"
Figures = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Goal:
    """One line of the issue's "What it must show": where its figure is, and the test."""

    name: str
    target: str
    source: str  # the JSON file's stem in var/bench/
    measure: Callable[[dict[str, Any]], float | None]
    met: Callable[[float], bool]
    shown: Callable[[float], str]


def _ms(v: float) -> str:
    return f"{v:.2f} ms"


def _times(v: float) -> str:
    return f"{v:.2f}×"


def _rate(v: float) -> str:
    return f"{v:,.0f}/s"


def _load_p99(backend: str) -> Callable[[dict[str, Any]], float | None]:
    def p99(r: dict[str, Any]) -> float | None:
        run = next((x for x in r.get("runs", []) if x.get("backend") == backend), None)
        return run["stats"]["/api/search"]["p99_ms"] if run else None
    return p99


def _auc_gap(r: dict[str, Any]) -> float:
    return abs(r["eval"]["fp32"]["model"] - r["eval"]["int8"]["model"])


GOALS: list[Goal] = [
    Goal("encoder: int8 over fp32, texts/s on 1,024 project texts", "≥ 3×", "encoder",
         lambda r: r["throughput"]["ratio_total"], lambda v: v >= 3.0, _times),
    Goal("encoder: single query p50", "≤ 10 ms", "encoder",
         lambda r: r["query"]["int8"]["p50"], lambda v: v <= 10.0, _ms),
    Goal("quality gate: cosine to fp32 on 1,000 texts (min)", "≥ 0.99", "encoder",
         lambda r: r["gate"]["cosine_min"], lambda v: v >= 0.99, lambda v: f"{v:.4f}"),
    Goal("quality gate: `planatlas eval` AUC, int8 against fp32 (difference)", "≤ 0.01", "encoder",
         _auc_gap, lambda v: v <= 0.01, lambda v: f"{v:.3f}"),
    Goal("100k: embedding all projects (int8), extrapolated from 4 minutes", "≤ 10 min", "scale",
         lambda r: r["encode_all_min"], lambda v: v <= 10.0, lambda v: f"{v:.1f} min"),
    Goal("100k: embedding all projects (int8), every text encoded to the end", "≤ 10 min", "dupes",
         lambda r: r["size"] / r["encode_rate"] / 60, lambda v: v <= 10.0, lambda v: f"{v:.1f} min"),
    Goal("100k: search HTTP p50 (hybrid + filter, query encoded)", "≤ 20 ms", "scale",
         lambda r: r["http"]["hybrid"]["p50"], lambda v: v <= 20.0, _ms),
    Goal("100k: search HTTP p99", "≤ 50 ms", "scale",
         lambda r: r["http"]["hybrid"]["p99"], lambda v: v <= 50.0, _ms),
    Goal("100k: `similar` p50", "≤ 15 ms", "scale",
         lambda r: r["http"]["similar"]["p50"], lambda v: v <= 15.0, _ms),
    Goal("100k: API ready from a warm store", "≤ 5 s", "scale",
         lambda r: r["api_ready_s"], lambda v: v <= 5.0, lambda v: f"{v:.2f} s"),
    Goal("100k: ingest, serial", "≥ 2,500/s", "scale",
         lambda r: r["ingest_rate"], lambda v: v >= 2500, _rate),
    Goal("100k: ingest, parallel (2 workers + writer)", "≥ 2,500/s", "parallel_ingest",
         lambda r: r["rate"]["parallel"], lambda v: v >= 2500, _rate),
    Goal("100k: duplicate precision on the planted pairs", "≥ 0.9", "dupes",
         lambda r: r["after"]["precision"], lambda v: v >= 0.9, lambda v: f"{v:.3f}"),
    Goal("100k: duplicate recall on the planted pairs", "≥ 0.98", "dupes",
         lambda r: r["after"]["recall"], lambda v: v >= 0.98, lambda v: f"{v:.3f}"),
    *[g for size, stem in (("10k", "neo4j_speed"), ("100k (the issue: if it fits the bench time)", "neo4j_speed_100000"))
      for g in (
        Goal(f"Neo4j {size}: ingest", "≥ 1,500/s", stem,
             lambda r: r["ingest"]["neo4j"]["rate"], lambda v: v >= 1500, _rate),
        Goal(f"Neo4j {size}: search HTTP p50 / embedded store's, same run", "≤ 1.5×", stem,
             lambda r: r["ratios"]["search_p50"], lambda v: v <= 1.5, _times),
        Goal(f"Neo4j {size}: duplicate pass / embedded store's, same run", "≤ 3×", stem,
             lambda r: r["ratios"]["duplicates"], lambda v: v <= 3.0, _times))],
    Goal("50 users, 60 s: search p99, embedded store", "≤ 500 ms", "load_test",
         _load_p99("sqlite"), lambda v: v <= 500, lambda v: f"{v:.0f} ms"),
    Goal("50 users, 60 s: search p99, Neo4j", "≤ 500 ms", "load_test",
         _load_p99("neo4j"), lambda v: v <= 500, lambda v: f"{v:.0f} ms"),
]


def load_figures(folder: Path) -> Figures:
    """Each benchmark's last raw figures, by file stem; a benchmark not run is absent."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}


def _when(r: dict[str, Any]) -> tuple[str, str]:
    """(date, CPU) of a run; the load test keeps them per backend run."""
    first = (r.get("runs") or [r])[0]
    return str(first.get("when") or first.get("date", "?"))[:16].replace("T", " "), first.get("cpu", "not stamped")


def markdown(figures: Figures) -> str:
    rows, cpus, missing, missed = [], set(), [], []
    for g in GOALS:
        run = figures.get(g.source)
        value = g.measure(run) if run else None
        if run is None or value is None:
            missing.append(g.name)
            rows.append(f"| {g.name} | {g.target} | not run (`var/bench/{g.source}.json`) | | | **not shown** |")
            continue
        when, cpu = _when(run)
        cpus.add(cpu)
        ok = g.met(value)
        if not ok:
            missed.append(g.name)
        rows.append(f"| {g.name} | {g.target} | {g.shown(value)} | {g.source} {when} | {cpu} | "
                    f"{'**met**' if ok else '**missed**'} |")
    verdict = ("every goal met" if not missed and not missing else
               f"{len(missed)} missed, {len(missing)} not shown, {len(GOALS) - len(missed) - len(missing)} met")
    one_cpu = "all on one CPU kind" if len(cpus) == 1 else f"on {len(cpus)} CPU kinds: read each row with its CPU"
    return "\n".join([
        BEGIN, "## Issue 15: every goal, from the latest runs (bench/issue15.py)", "",
        f"Read from the raw figures in `var/bench/` by `python -m bench.issue15` (the last step of `make bench`): "
        f"{verdict}, {one_cpu}. Each row names the benchmark and the time of the run it comes from; that "
        "run's section below gives its command, load and same-run baselines.", "",
        "| goal | target | measured | run (UTC) | CPU | |", "|---|---|---|---|---|---|", *rows, END])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="issue 15's goals in one table, from var/bench/*.json")
    p.add_argument("--figures", type=Path, default=ROOT / "var" / "bench")
    p.add_argument("--report", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = p.parse_args(argv)
    write_section(args.report, markdown(load_figures(args.figures)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
