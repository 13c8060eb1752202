"""What a run's figures add up to: how each cost scales with N (a fitted
exponent) and whether each goal of the issue "Benchmarks at scale" is met.
Derived from the typed results only, so `--report-only` can recompute them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bench.results import Goal, ScalingSeries, SizeResult


@dataclass(frozen=True)
class Targets:
    """The goals of the issue (2 cores, embedded store, 100k projects)."""

    ingest_rate: float = 2000.0  # projects/s without embeddings
    embed_ratio: float = 0.85  # CachedEncoder throughput / raw model encode
    reingest_speedup: float = 20.0  # unchanged re-ingest vs first ingest
    search_p50_ms: float = 30.0
    search_p99_ms: float = 100.0
    dup_seconds: float = 120.0
    dup_peak_mb: float = 4096.0
    recall_gap_points: float = 2.0


GOALS = Targets()


def _search_core_p50(r: SizeResult) -> float | None:
    return r.search_inprocess.search_without_embedding_ms.p50


SERIES: list[tuple[str, str, Callable[[SizeResult], float | None]]] = [  # (label, unit, the figure per size)
    ("ingest (no embeddings)", "s", lambda r: r.ingest.seconds),
    ("search p50 (HTTP, hybrid)", "ms", lambda r: r.http.hybrid.p50 if r.http else None),
    ("search p50 in-process, query vector known", "ms", _search_core_p50),
    ("duplicate pass", "s", lambda r: r.duplicates.pass_s),
]


def exponent(sizes: list[int], costs: list[float | None]) -> float | None:
    """The slope of log(cost) over log(size): cost ∝ size^exponent."""
    pts = [(s, c) for s, c in zip(sizes, costs, strict=True) if c and c > 0]
    if len(pts) < 2:
        return None
    x, y = np.log([p[0] for p in pts]), np.log([p[1] for p in pts])
    return round(float(np.polyfit(x, y, 1)[0]), 2)


def scaling(results: list[SizeResult]) -> dict[str, ScalingSeries]:
    """Each series across the sizes, with its fitted exponent."""
    sizes = [r.size for r in results]
    out = {}
    for label, unit, get in SERIES:
        values = [get(r) for r in results]
        out[label] = ScalingSeries(unit=unit, values=values, exponent=exponent(sizes, values))
    return out


def _speed_goals(big: SizeResult) -> list[Goal]:
    """Ingest, embedding and re-ingest, at the largest size."""
    n, ing, emb, re_ = big.size, big.ingest, big.embed, big.reingest
    return [
        Goal(goal="ingest without embeddings", target=f"≥ {GOALS.ingest_rate:,.0f} projects/s",
             measured=f"{ing.rate:,.0f}/s (CPU-time basis {ing.cpu_rate:,.0f}/s)",
             met=ing.rate >= GOALS.ingest_rate, size=n),
        Goal(goal="embedding throughput vs raw model", target=f"≥ {GOALS.embed_ratio:.0%}",
             measured=f"{emb.ratio:.1%} median of paired chunks ({emb.ratio_total:.1%} by total time: "
                      f"{emb.cached_cold_rate:.1f} vs {emb.raw_rate:.1f} texts/s)",
             met=emb.ratio >= GOALS.embed_ratio, size=n),
        Goal(goal="re-ingest unchanged", target=f"≥ {GOALS.reingest_speedup:.0f}× faster",
             measured=f"{re_.speedup:,.0f}×", met=re_.speedup >= GOALS.reingest_speedup, size=n),
    ]


def _search_goals(big: SizeResult) -> list[Goal]:
    """HTTP search latency at the largest size (not run with --no-http)."""
    http = big.http
    if http is None:
        return [Goal(goal="search latency via HTTP", target="p50 ≤ 30 ms, p99 ≤ 100 ms",
                     measured="not run (--no-http)", met=None, size=big.size)]
    return [
        Goal(goal="search p50 via HTTP (hybrid + filter, query embedding)", target=f"≤ {GOALS.search_p50_ms:.0f} ms",
             measured=f"{http.hybrid.p50:.1f} ms", met=http.hybrid.p50 <= GOALS.search_p50_ms, size=big.size),
        Goal(goal="search p99 via HTTP", target=f"≤ {GOALS.search_p99_ms:.0f} ms",
             measured=f"{http.hybrid.p99:.1f} ms", met=http.hybrid.p99 <= GOALS.search_p99_ms, size=big.size),
    ]


def _duplicate_goals(big: SizeResult) -> list[Goal]:
    dup = big.duplicates
    return [
        Goal(goal="full duplicate pass time", target=f"≤ {GOALS.dup_seconds:.0f} s", measured=f"{dup.pass_s:.1f} s",
             met=dup.pass_s <= GOALS.dup_seconds, size=big.size),
        Goal(goal="full duplicate pass peak memory", target=f"≤ {GOALS.dup_peak_mb / 1024:.0f} GB",
             measured=f"{dup.peak_rss_mb:,.0f} MB", met=dup.peak_rss_mb <= GOALS.dup_peak_mb, size=big.size),
    ]


def _recall_goal(results: list[SizeResult]) -> list[Goal]:
    """Candidate recall against all pairs, at the largest size all-pairs ran at."""
    ran = [r for r in results if r.all_pairs is not None]
    if not ran:
        return []
    r = max(ran, key=lambda x: x.size)
    assert r.all_pairs is not None
    gap = r.all_pairs.recall_gap_points
    return [Goal(goal="duplicate recall vs all pairs", target=f"within {GOALS.recall_gap_points:.0f} points",
                 measured=f"{gap:+.1f} points (all-pairs {r.all_pairs.quality.recall or 0.0:.1%}, "
                          f"candidates {r.duplicates.quality.recall or 0.0:.1%})",
                 met=abs(gap) <= GOALS.recall_gap_points, size=r.size)]


def goals(results: list[SizeResult]) -> list[Goal]:
    """Each goal at the largest size run (and the recall goal where all-pairs ran)."""
    big = max(results, key=lambda r: r.size)
    return [*_speed_goals(big), *_search_goals(big), *_duplicate_goals(big), *_recall_goal(results)]
