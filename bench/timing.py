"""Timing helpers, in one place so every figure is taken the same way:
wall-clock and CPU time of a block (the machine may be shared, and CPU time
shows what contention hid), milliseconds of one call, and latency summaries."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

import numpy as np

from bench.results import HttpLatency, Latency

T = TypeVar("T")
P = ParamSpec("P")


@dataclass
class Timing:
    """Seconds of a block; filled in when the block ends."""

    wall: float = 0.0
    cpu: float = 0.0


@contextmanager
def timed() -> Iterator[Timing]:
    """Wall and CPU seconds of a block (CPU of this process only)."""
    out = Timing()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield out
    finally:
        out.wall = time.perf_counter() - wall
        out.cpu = time.process_time() - cpu


def time_ms(call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> tuple[T, float]:
    """What `call(*args, **kwargs)` returned and how many wall-clock milliseconds it took."""
    start = time.perf_counter()
    value = call(*args, **kwargs)
    return value, (time.perf_counter() - start) * 1000


def since(start: float) -> float:
    """Seconds since a `time.perf_counter()` reading."""
    return time.perf_counter() - start


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile, NaN for no values (rendered as "–")."""
    return float(np.percentile(np.asarray(values), p)) if values else float("nan")


def latency(ms: list[float]) -> Latency:
    """p50/p95/p99/mean of per-call milliseconds."""
    return Latency(n=len(ms), p50=round(percentile(ms, 50), 2), p95=round(percentile(ms, 95), 2),
                   p99=round(percentile(ms, 99), 2), mean=round(float(np.mean(ms)), 2) if ms else float("nan"))


def http_latency(ms: list[float], with_hits: int | None = None) -> HttpLatency:
    """`latency`, plus how many of the requests found something."""
    return HttpLatency(**latency(ms).model_dump(), with_hits=with_hits)
