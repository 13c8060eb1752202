"""A bounded loopback load test: the API on 127.0.0.1 over the bundled
corpus, locust headless (50 users, 60 s by default) against search and
similar. Writes its section of docs/load-test.md and prints the figures as JSON.

    .venv/bin/python -m bench.load_test                       # the embedded store (SQLite)
    bash tests/neo4j_server/neo4j-test-server.sh start 7697
    .venv/bin/python -m bench.load_test --neo4j-uri bolt://127.0.0.1:7697 --clear

With --neo4j-uri the same test runs twice, back to back: on the embedded
store, then on Neo4j (the database at the URI emptied, the corpus ingested
into it by `planatlas --backend neo4j ingest`), and both sections of the
report are written, the Neo4j one with the ratios to the embedded run of the
same invocation. The machine is shared: each run records the load average
before and after, and the CPU seconds of the API server (and of a local
Neo4j test server) during the test."""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.issue15 import TARGETS as T
from bench.machine import busy_cpu, cpu_kind, free_port, loadavg
from bench.neo4j_ingest import local_server_pid, server_cpu
from bench.sections import verdict, write_section

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# this checkout's code (run from ROOT), not whatever the venv's `planatlas` script was installed from
CLI = [sys.executable, "-m", "search_api.cli"]
TITLE = {"sqlite": "Embedded store (SQLite)", "neo4j": "Neo4j"}


def marker(backend: str, end: bool = False) -> str:
    return f"<!-- bench/load_test.py:{backend}:{'end' if end else 'begin'} -->"


def wait_indexed(url: str, seconds: float = 180) -> dict[str, Any]:
    """/health once the search index is fully built (it answers at once, and serves
    words only while the vectors load): the load starts on a ready server."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                health: dict[str, Any] = json.loads(r.read())
                if r.status == 200 and health.get("index") == "ready" \
                        and health.get("indexed_version") == health.get("store_version"):
                    return health
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"server at {url} did not become ready")


def clear_neo4j(uri: str) -> str:
    """Empty the database at `uri` (as the other Neo4j benches do); its server version."""
    from bench.neo4j_load import clear
    from graph.neo4j_store import Neo4jStore

    store = Neo4jStore.connect(uri, "neo4j", "", "neo4j")
    try:
        clear(store)
        return store.server_version()
    finally:
        store.close()


def run_one(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    """Ingest the bundled corpus into a fresh store of this backend, serve it, run locust against it."""
    # the simulated users all come from 127.0.0.1: the per-client connection cap is off for this run
    env = {**os.environ, "PLANATLAS_EMBEDDING_MODEL": str(ROOT / "var" / "models" / "multilingual-e5-small"),
           "PLANATLAS_MAX_CLIENT_CONNECTIONS": "0", "PLANATLAS_BACKEND": backend}
    result: dict[str, Any] = {"backend": backend}
    neo4j_pid = None
    if backend == "neo4j":
        env["NEO4J_URI"] = args.neo4j_uri
        result["server"] = clear_neo4j(args.neo4j_uri)
        neo4j_pid = local_server_pid(args.neo4j_uri)
    with tempfile.TemporaryDirectory(prefix="planatlas-load-") as tmp:
        home = Path(tmp) / "home"
        started = time.perf_counter()
        subprocess.run([*CLI, "--home", str(home), "ingest", str(ROOT / "data" / "docs"), "--json"],
                       check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        result["ingest_s"] = round(time.perf_counter() - started, 1)
        port = free_port()
        host = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([*CLI, "--home", str(home), "serve", "--port", str(port)],
                                  env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            health = wait_indexed(f"{host}/health")
            if health.get("backend") != backend:
                raise RuntimeError(f"asked for {backend}, the server says {health.get('backend')}")
            result["projects"] = health.get("projects")
            prefix = Path(tmp) / "locust"
            result["load_before"] = loadavg()
            cpu_start = server_cpu(server.pid), server_cpu(neo4j_pid), busy_cpu()
            locust_start, window = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
            subprocess.run([str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                            "-u", str(args.users), "-r", str(max(1, args.users // 5)), "-t", f"{args.seconds}s",
                            "--host", host, "--csv", str(prefix), "--only-summary", "--stop-timeout", "10"],
                           check=False, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=args.seconds + 120)
            result["load_after"] = loadavg()
            result["test_s"] = round(time.perf_counter() - window, 1)
            locust_end = resource.getrusage(resource.RUSAGE_CHILDREN)
            own = {"api_cpu_s": server_cpu(server.pid) - cpu_start[0],
                   "locust_cpu_s": locust_end.ru_utime + locust_end.ru_stime
                   - locust_start.ru_utime - locust_start.ru_stime}
            if neo4j_pid:
                own["neo4j_cpu_s"] = server_cpu(neo4j_pid) - cpu_start[1]
            result.update({k: round(v, 1) for k, v in own.items()})
            # what the rest of the shared machine took meanwhile (with an unknown Neo4j pid, that server too)
            result["other_cpu_s"] = round(max(0.0, busy_cpu() - cpu_start[2] - sum(own.values())), 1)
            rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))
        finally:
            server.terminate()
            server.wait(timeout=30)
    result["stats"] = {r["Name"]: {"requests": int(r["Request Count"]), "failures": int(r["Failure Count"]),
                                   "p50_ms": float(r["50%"]), "p95_ms": float(r["95%"]),
                                   "p99_ms": float(r["99%"]), "rps": round(float(r["Requests/s"]), 2)}
                       for r in rows}
    result["errors"] = sum(s["failures"] for s in result["stats"].values())
    result["date"] = datetime.now(UTC).isoformat(timespec="seconds")
    result["cpu"] = cpu_kind()
    return result


def command(args: argparse.Namespace) -> str:
    cmd = f"python -m bench.load_test --users {args.users} --seconds {args.seconds}"
    return cmd + (f" --neo4j-uri {args.neo4j_uri} --clear" if args.neo4j_uri else "")


def section(r: dict[str, Any], args: argparse.Namespace, base: dict[str, Any] | None) -> str:
    """The report section of one run; for Neo4j, with its ratios to the embedded run `base`."""
    cpu = f"API server {r['api_cpu_s']} s"
    if "neo4j_cpu_s" in r:
        cpu += f", Neo4j server {r['neo4j_cpu_s']} s"
    cpu += (f", locust {r['locust_cpu_s']} s, every other process {r['other_cpu_s']} s "
            f"(of {(os.cpu_count() or 1) * r['test_s']:.0f} core-seconds in the {r['test_s']} s locust ran)")
    backend = f"{r['server']} (test server, database emptied first)" if r["backend"] == "neo4j" else "SQLite"
    lines = [marker(r["backend"]), f"## {TITLE[r['backend']]}", "",
             f"Measured {r['date']} with `{command(args)}` (part of `make bench`) on {r['cpu']} "
             f"({os.cpu_count()} cores, shared with other jobs), Python {platform.python_version()}: "
             f"{args.users} users for {args.seconds} s against the API on 127.0.0.1, backend {backend}, "
             f"the bundled corpus ({r['projects']} projects, ingested in {r['ingest_s']} s). "
             f"Load average before [{', '.join(map(str, r['load_before']))}], "
             f"after [{', '.join(map(str, r['load_after']))}] (the one before includes this run's own ingest and "
             f"server start); CPU during the test: {cpu}.", "",
             "| endpoint | requests | failures | req/s | p50 ms | p95 ms | p99 ms |", "|---|---|---|---|---|---|---|"]
    for name, s in r["stats"].items():
        lines.append(f"| {name} | {s['requests']} | {s['failures']} | {s['rps']} | {s['p50_ms']:.0f} | "
                     f"{s['p95_ms']:.0f} | {s['p99_ms']:.0f} |")
    p99 = r["stats"].get("/api/search", {}).get("p99_ms")
    goal = "" if p99 is None else \
        f" Issue 15's goal, search p99 ≤ {T.load_p99_ms:.0f} ms: {p99:.0f} ms, {verdict(p99 <= T.load_p99_ms)}."
    lines += ["", f"Errors: {r['errors']}.{goal}"]
    if base is not None:
        lines += ["", f"Neo4j / embedded, from the embedded run just before it ({base['date']}, load average "
                  f"[{', '.join(map(str, base['load_before']))}] before it):", "",
                  "| endpoint | p50 ratio | p95 ratio | p99 ratio |", "|---|---|---|---|"]
        for name, s in r["stats"].items():
            b = base["stats"].get(name)
            if b:
                lines.append(f"| {name} | " + " | ".join(
                    f"{s[k] / b[k]:.2f}×" if b[k] else "–" for k in ("p50_ms", "p95_ms", "p99_ms")) + " |")
    lines.append(marker(r["backend"], end=True))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--neo4j-uri", help="also run the test on Neo4j at this URI, after the embedded run")
    parser.add_argument("--clear", action="store_true", help="allow emptying the database at --neo4j-uri")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "load-test.md")
    parser.add_argument("--json", type=Path, default=ROOT / "var" / "bench" / "load_test.json",
                        help="the runs' raw figures (bench/issue15.py reads them)")
    args = parser.parse_args()
    if args.neo4j_uri and not args.clear:
        parser.error(f"this test empties the database at {args.neo4j_uri}: pass --clear")
    runs = [run_one("sqlite", args)]
    if args.neo4j_uri:
        runs.append(run_one("neo4j", args))
    if not args.out.exists():
        args.out.write_text("# Load test\n", encoding="utf-8")
    for r in runs:
        write_section(args.out, section(r, args, runs[0] if r["backend"] == "neo4j" else None))
    figures = json.dumps({"users": args.users, "seconds": args.seconds, "cores": os.cpu_count(),
                          "python": platform.python_version(), "runs": runs}, ensure_ascii=False, indent=2)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(figures + "\n", encoding="utf-8")
    print(figures)
    return 0 if all(r["errors"] == 0 for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
