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

from bench.sections import ROOT, verdict, write_section

BEGIN, END = "<!-- bench/issue15.py:begin -->", "<!-- bench/issue15.py:end -->"
Figures = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Targets:
    """Issue 15's "What it must show", once: the scripts' own sections and the table below test these."""

    encoder_speedup: float = 3.0  # int8 over fp32, texts/s
    query_p50_ms: float = 10.0
    gate_cosine_min: float = 0.99
    gate_auc_drop: float = 0.01  # int8's ROC AUC at most this below fp32's
    encode_all_min: float = 10.0  # 100k projects
    search_p50_ms: float = 20.0
    search_p99_ms: float = 50.0
    similar_p50_ms: float = 15.0
    ready_s: float = 5.0
    ingest_rate: float = 2500.0  # projects/s at 100k
    duplicate_precision: float = 0.9
    duplicate_recall: float = 0.98
    size: int = 100_000  # the size the 100k goals are set at
    neo4j_ingest_rate: float = 1500.0
    neo4j_search_ratio: float = 1.5  # Neo4j's search p50 over the embedded store's, same run
    neo4j_duplicates_ratio: float = 3.0
    load_p99_ms: float = 500.0  # search p99 under the 50-user load test


TARGETS = Targets()


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


T = TARGETS


def _times(v: float) -> str:
    return f"{v:.2f}×"


def _rate(v: float) -> str:
    return f"{v:,.0f}/s"


def _load_p99(backend: str) -> Callable[[dict[str, Any]], float | None]:
    def p99(r: dict[str, Any]) -> float | None:
        run = next((x for x in r.get("runs", []) if x.get("backend") == backend), None)
        return run["stats"]["/api/search"]["p99_ms"] if run else None
    return p99


def auc_drop(r: dict[str, Any]) -> float:
    """How far int8's `planatlas eval` ROC AUC falls below fp32's, the worst of the scorers (model, BM25, hybrid)."""
    return round(max(r["eval"]["fp32"][m] - r["eval"]["int8"][m] for m in r["eval"]["fp32"]), 3)


GOALS: list[Goal] = [
    Goal("encoder: int8 over fp32, texts/s on 1,024 project texts", f"≥ {T.encoder_speedup:g}×", "encoder",
         lambda r: r["throughput"]["ratio_total"], lambda v: v >= T.encoder_speedup, _times),
    Goal("encoder: single query p50", f"≤ {T.query_p50_ms:g} ms", "encoder",
         lambda r: r["query"]["int8"]["p50"], lambda v: v <= T.query_p50_ms, _ms),
    Goal("quality gate: cosine to fp32 on 1,000 texts (min)", f"≥ {T.gate_cosine_min:g}", "encoder",
         lambda r: r["gate"]["cosine_min"], lambda v: v >= T.gate_cosine_min, lambda v: f"{v:.4f}"),
    Goal("quality gate: `planatlas eval` AUC, int8 below fp32 (worst scorer)", f"≤ {T.gate_auc_drop:g}", "encoder",
         auc_drop, lambda v: v <= T.gate_auc_drop, lambda v: f"{v:.3f}"),
    Goal("100k: embedding all projects (int8), extrapolated from 4 minutes", f"≤ {T.encode_all_min:g} min", "scale",
         lambda r: r["encode_all_min"], lambda v: v <= T.encode_all_min, lambda v: f"{v:.1f} min"),
    Goal("100k: embedding all projects (int8), every text encoded to the end", f"≤ {T.encode_all_min:g} min", "dupes",
         lambda r: r["size"] / r["encode_rate"] / 60, lambda v: v <= T.encode_all_min, lambda v: f"{v:.1f} min"),
    Goal("100k: search HTTP p50 (hybrid + filter, query encoded)", f"≤ {T.search_p50_ms:g} ms", "scale",
         lambda r: r["http"]["hybrid"]["p50"], lambda v: v <= T.search_p50_ms, _ms),
    Goal("100k: search HTTP p99", f"≤ {T.search_p99_ms:g} ms", "scale",
         lambda r: r["http"]["hybrid"]["p99"], lambda v: v <= T.search_p99_ms, _ms),
    Goal("100k: `similar` p50", f"≤ {T.similar_p50_ms:g} ms", "scale",
         lambda r: r["http"]["similar"]["p50"], lambda v: v <= T.similar_p50_ms, _ms),
    Goal("100k: API ready from a warm store", f"≤ {T.ready_s:g} s", "scale",
         lambda r: r["api_ready_s"], lambda v: v <= T.ready_s, lambda v: f"{v:.2f} s"),
    Goal("100k: ingest, serial", f"≥ {T.ingest_rate:,.0f}/s", "scale",
         lambda r: r["ingest_rate"], lambda v: v >= T.ingest_rate, _rate),
    Goal("100k: ingest, parallel (2 workers + writer)", f"≥ {T.ingest_rate:,.0f}/s", "parallel_ingest",
         lambda r: r["rate"]["parallel"], lambda v: v >= T.ingest_rate, _rate),
    Goal("100k: duplicate precision on the planted pairs", f"≥ {T.duplicate_precision:g}", "dupes",
         lambda r: r["after"]["precision"], lambda v: v >= T.duplicate_precision, lambda v: f"{v:.3f}"),
    Goal("100k: duplicate recall on the planted pairs", f"≥ {T.duplicate_recall:g}", "dupes",
         lambda r: r["after"]["recall"], lambda v: v >= T.duplicate_recall, lambda v: f"{v:.3f}"),
    *[g for size, stem in (("10k", "neo4j_speed"), ("100k (the issue: if it fits the bench time)", "neo4j_speed_100000"))
      for g in (
        Goal(f"Neo4j {size}: ingest", f"≥ {T.neo4j_ingest_rate:,.0f}/s", stem,
             lambda r: r["ingest"]["neo4j"]["rate"], lambda v: v >= T.neo4j_ingest_rate, _rate),
        Goal(f"Neo4j {size}: search HTTP p50 / embedded store's, same run", f"≤ {T.neo4j_search_ratio:g}×", stem,
             lambda r: r["ratios"]["search_p50"], lambda v: v <= T.neo4j_search_ratio, _times),
        Goal(f"Neo4j {size}: duplicate pass / embedded store's, same run", f"≤ {T.neo4j_duplicates_ratio:g}×", stem,
             lambda r: r["ratios"]["duplicates"], lambda v: v <= T.neo4j_duplicates_ratio, _times))],
    Goal("50 users, 60 s: search p99, embedded store", f"≤ {T.load_p99_ms:g} ms", "load_test",
         _load_p99("sqlite"), lambda v: v <= T.load_p99_ms, lambda v: f"{v:.0f} ms"),
    Goal("50 users, 60 s: search p99, Neo4j", f"≤ {T.load_p99_ms:g} ms", "load_test",
         _load_p99("neo4j"), lambda v: v <= T.load_p99_ms, lambda v: f"{v:.0f} ms"),
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
        rows.append(f"| {g.name} | {g.target} | {g.shown(value)} | {g.source} {when} | {cpu} | {verdict(ok)} |")
    summary = ("every goal met" if not missed and not missing else
               f"{len(missed)} missed, {len(missing)} not shown, {len(GOALS) - len(missed) - len(missing)} met")
    one_cpu = "all on one CPU kind" if len(cpus) == 1 else f"on {len(cpus)} CPU kinds: read each row with its CPU"
    return "\n".join([
        BEGIN, "## Issue 15: every goal, from the latest runs (bench/issue15.py)", "",
        f"Read from the raw figures in `var/bench/` by `python -m bench.issue15` (the last step of `make bench`): "
        f"{summary}, {one_cpu}. Each row names the benchmark and the time of the run it comes from; that "
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
