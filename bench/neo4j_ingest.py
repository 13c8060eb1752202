"""Neo4j ingest against the embedded store, and against another checkout's
code, alternating in one run: the quick measurement for work on Neo4j writes
(`bench/neo4j_speed.py` is the run of record; it adds the HTTP side).

    bash tests/neo4j_server/neo4j-test-server.sh start 7701
    .venv/bin/python -m bench.neo4j_ingest --uri bolt://127.0.0.1:7701 --clear \
        [--size 10000] [--rounds 3] [--baseline /tmp/checkout-of-main]

Generates the lists once, then each round ingests the policy texts and the
lists into a fresh SQLite home and into the emptied Neo4j database, each in
a child process (`--baseline`: also with the other checkout's code on
PYTHONPATH), alternating the order. A child reports the lists' projects/s,
its own CPU seconds and the Neo4j server's CPU seconds over the timed
ingest (read from /proc for the server's pid, when given). A server's first
ingests after it starts are slower (its JIT is cold): `--warm-up` rounds of
Neo4j ingest run first and are not reported."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "tests" / "neo4j_server" / "run"


def local_server_pid(uri: str) -> int | None:
    """The pid of this checkout's test server (tests/neo4j_server) when it serves `uri`."""
    try:
        served = (RUN / "neo4j.uri").read_text().strip()
        return int((RUN / "neo4j.pid").read_text()) if served == uri else None
    except (OSError, ValueError):
        return None


def server_cpu(pid: int | None) -> float:
    """User + system CPU seconds of a process so far (0 without a pid)."""
    if not pid:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one(backend: str, data: Path, uri: str, pid: int | None) -> dict[str, Any]:
    """One ingest into a fresh store, in this process with whatever code PYTHONPATH gives."""
    from bench.context import policy_files
    from bench.neo4j_load import clear
    from graph.factory import make_store
    from graph.neo4j_store import Neo4jStore
    from ingest.pipeline import Ingestor
    from ontology import load_gazetteer

    files = [Path(p) for p in json.loads((data / "files.json").read_text())]
    gaz = load_gazetteer()
    with tempfile.TemporaryDirectory(prefix="planatlas-ingest-") as home:
        if backend == "neo4j":
            store: Any = Neo4jStore.connect(uri, "neo4j", "", "neo4j")
            clear(store)
            store.ensure_schema()
        else:
            store = make_store("sqlite", home=Path(home))
        try:
            ingestor = Ingestor(store, gaz)
            ingestor.ingest(policy_files())
            wall, cpu, server = time.perf_counter(), time.process_time(), server_cpu(pid)
            report = ingestor.ingest(files)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            server = server_cpu(pid) - server
        finally:
            store.close()
    if report.failed:
        raise SystemExit(f"ingest failed: {[f.error for f in report.failed][:3]}")
    n = sum(f.by_label.get("Project", 0) for f in report.files)
    return {"projects": n, "seconds": round(wall, 2), "rate": round(n / wall, 1), "client_cpu": round(cpu, 2),
            "server_cpu": round(server, 2) if backend == "neo4j" else None}


def child(code: Path, backend: str, data: Path, uri: str, pid: int | None) -> dict[str, Any]:
    """`one` in a child process importing `code`'s packages."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", backend, "--data", str(data), "--uri", uri,
           "--pid", str(pid or 0)]
    out = subprocess.run(cmd, env=env, cwd=code, capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(f"{code} {backend}: {out.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Neo4j ingest against SQLite and another checkout, alternating")
    p.add_argument("--uri", default="bolt://127.0.0.1:7687")
    p.add_argument("--size", type=int, default=10000)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--warm-up", type=int, default=1, help="untimed Neo4j ingests first (a fresh server's JIT)")
    p.add_argument("--baseline", type=Path, help="another checkout, run alternately with this one")
    p.add_argument("--pid", type=int, help="the Neo4j server's pid (default: the test server's pidfile)")
    p.add_argument("--data", type=Path, help="generated lists (default: generated into a temporary directory)")
    p.add_argument("--one", choices=("sqlite", "neo4j"), help=argparse.SUPPRESS)
    p.add_argument("--clear", action="store_true", help="allow emptying the database at --uri")
    args = p.parse_args(argv)
    if args.one:
        print(json.dumps(one(args.one, args.data, args.uri, args.pid or None)))  # noqa: T201 - to the parent
        return 0
    if not args.clear:
        p.error(f"this benchmark empties the database at {args.uri}: pass --clear")
    pid = args.pid or local_server_pid(args.uri)
    codes = {"this": ROOT, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    runs = [(name, backend) for name in codes for backend in ("sqlite", "neo4j")]
    with tempfile.TemporaryDirectory(prefix="planatlas-neo4j-ingest-") as work:
        data = args.data or Path(work)
        if not (data / "files.json").exists():
            from bench.generate import generate
            from ontology import load_gazetteer

            files = generate(args.size, data, seed=7, gaz=load_gazetteer()).files
            (data / "files.json").write_text(json.dumps([str(f) for f in files]))
        for _ in range(args.warm_up):
            child(ROOT, "neo4j", data, args.uri, pid)
        results: dict[str, list[dict[str, Any]]] = {f"{n}/{b}": [] for n, b in runs}
        for i in range(args.rounds):
            for name, backend in (runs if i % 2 == 0 else runs[::-1]):
                r = child(codes[name], backend, data, args.uri, pid)
                results[f"{name}/{backend}"].append(r)
                load = os.getloadavg()[0]
                print(f"round {i + 1} {name}/{backend}: {r} load {load:.2f}", file=sys.stderr)  # noqa: T201
    summary = {key: {"rate_median": statistics.median(r["rate"] for r in rs), "runs": rs}
               for key, rs in results.items()}
    print(json.dumps(summary, indent=1))  # noqa: T201 - the result
    return 0


if __name__ == "__main__":
    sys.exit(main())
