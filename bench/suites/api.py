"""Search and `similar` through the HTTP API: uvicorn on 127.0.0.1 in a
child process, one client sending bounded requests."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import httpx

from bench.context import ROOT
from bench.machine import free_port, rss_mb, stop_process
from bench.results import HttpResult
from bench.timing import http_latency, since, time_ms
from bench.ui import console, progress

APP = "search_api.http.app:create_app"
WARM_UP = 10  # first requests pay for the tokenizer and caches: not measured
READY_TIMEOUT = 1800.0  # s: at 100k projects the server builds its index before /health answers


@dataclass(frozen=True)
class ApiRun:
    """One server's figures: seconds to ready, latencies, its memory after."""

    ready_s: float
    http: HttpResult
    server_rss_mb: float | None


@dataclass(frozen=True)
class Server:
    base: str
    process: subprocess.Popen[bytes]
    ready_s: float


def _wait_ready(base: str, proc: subprocess.Popen[bytes], log: IO[bytes], timeout: float) -> None:
    """Poll /health until it answers 200; fail if the server exits or takes too long."""
    start = time.perf_counter()
    with console.status("[bold]starting the API (loads the model, builds the index)"):
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"API server exited: {Path(log.name).read_text()[-2000:]}")
            try:
                if httpx.get(base + "/health", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if since(start) > timeout:
                raise RuntimeError("API server did not become ready")
            time.sleep(0.5)


@contextmanager
def api_server(env_extra: dict[str, str], timeout: float = READY_TIMEOUT) -> Iterator[Server]:
    """uvicorn on 127.0.0.1 serving the app for the given environment (home,
    backend, model); stopped by its pid afterwards."""
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="planatlas-bench-uvicorn-", suffix=".log", delete=False)
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", APP, "--factory", "--host", "127.0.0.1",
                             "--port", str(port), "--log-level", "warning", "--no-access-log"],
                            cwd=ROOT, env={**os.environ, **env_extra}, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    try:
        _wait_ready(base, proc, log, timeout)
        yield Server(base, proc, since(start))
    finally:
        stop_process(proc, timeout=30)
        log.close()
        os.unlink(log.name)


def _get(client: httpx.Client, url: str, params: dict[str, Any]) -> httpx.Response:
    response = client.get(url, params=params)
    response.raise_for_status()
    return response


def http_latencies(base: str, requests: list[dict[str, Any]], similar_ids: list[str]) -> HttpResult:
    """Hybrid and BM25-only search interleaved request by request (so load
    changes hit both alike), then `similar`; bounded counts, one client."""
    ms: dict[str, list[float]] = {"hybrid": [], "bm25": [], "similar": []}
    hits = {"hybrid": 0, "bm25": 0}
    with httpx.Client(base_url=base, timeout=60) as client:
        for params in requests[:WARM_UP]:
            _get(client, "/api/search", params)
        with progress("search", 2 * len(requests) + len(similar_ids)) as advance:
            for params in requests:
                for mode in ("hybrid", "bm25"):
                    response, took = time_ms(client.get, "/api/search", params={**params, "mode": mode})
                    ms[mode].append(took)
                    response.raise_for_status()
                    hits[mode] += response.json()["count"] > 0
                    advance()
            for pid in similar_ids:
                ms["similar"].append(time_ms(_get, client, f"/api/projects/{pid}/similar", {"k": 10})[1])
                advance()
    hybrid, bm25 = http_latency(ms["hybrid"], hits["hybrid"]), http_latency(ms["bm25"], hits["bm25"])
    return HttpResult(hybrid=hybrid, bm25=bm25, similar=http_latency(ms["similar"]),
                      hybrid_vs_bm25_p50=round(hybrid.p50 / bm25.p50, 2) if bm25.p50 else None)


def measure_api(env: dict[str, str], requests: list[dict[str, Any]], similar_ids: list[str]) -> ApiRun:
    """Start a server for `env`, measure it, stop it."""
    with api_server(env) as server:
        http = http_latencies(server.base, requests, similar_ids)
        return ApiRun(ready_s=round(server.ready_s, 1), http=http, server_rss_mb=rss_mb(server.process.pid))
