"""A bounded loopback load test: the API on 127.0.0.1 over the bundled
corpus, locust headless (50 users, 60 s by default) against search and
similar. Writes docs/load-test.md and prints the figures as JSON."""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# this checkout's code (run from ROOT), not whatever the venv's `planatlas` script was installed from
CLI = [sys.executable, "-m", "search_api.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"server at {url} did not become ready")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "load-test.md")
    args = parser.parse_args()
    # the simulated users all come from 127.0.0.1: the per-client connection cap is off for this run
    env = {**os.environ, "PLANATLAS_EMBEDDING_MODEL": str(ROOT / "var" / "models" / "multilingual-e5-small"),
           "PLANATLAS_MAX_CLIENT_CONNECTIONS": "0"}
    with tempfile.TemporaryDirectory(prefix="planatlas-load-") as tmp:
        home = Path(tmp) / "home"
        subprocess.run([*CLI, "--home", str(home), "ingest", str(ROOT / "data" / "docs"), "--json"],
                       check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        port = free_port()
        host = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([*CLI, "--home", str(home), "serve", "--port", str(port)],
                                  env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_ready(f"{host}/health")
            prefix = Path(tmp) / "locust"
            subprocess.run([str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                            "-u", str(args.users), "-r", str(max(1, args.users // 5)), "-t", f"{args.seconds}s",
                            "--host", host, "--csv", str(prefix), "--only-summary", "--stop-timeout", "10"],
                           check=False, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=args.seconds + 120)
            rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))
        finally:
            server.terminate()
            server.wait(timeout=30)
    stats = {r["Name"]: {"requests": int(r["Request Count"]), "failures": int(r["Failure Count"]),
                         "p50_ms": float(r["50%"]), "p95_ms": float(r["95%"]), "p99_ms": float(r["99%"]),
                         "rps": round(float(r["Requests/s"]), 2)} for r in rows}
    result = {"users": args.users, "seconds": args.seconds, "errors": sum(s["failures"] for s in stats.values()),
              "stats": stats, "cores": os.cpu_count(), "python": platform.python_version(),
              "date": datetime.now(UTC).isoformat(timespec="seconds")}
    lines = ["# Load test", "", f"Measured {result['date']} on this machine ({result['cores']} cores), with",
             f"`python bench/load_test.py --users {args.users} --seconds {args.seconds}` (part of `make bench`):",
             "the API on 127.0.0.1 over the bundled corpus, locust headless, search (with and without a",
             "county filter) and similar, each user waiting 0.5-1.5 s between requests.", "",
             "| endpoint | requests | failures | req/s | p50 ms | p95 ms | p99 ms |", "|---|---|---|---|---|---|---|"]
    for name, s in stats.items():
        lines.append(f"| {name} | {s['requests']} | {s['failures']} | {s['rps']} | {s['p50_ms']:.0f} | "
                     f"{s['p95_ms']:.0f} | {s['p99_ms']:.0f} |")
    lines += ["", f"Errors: {result['errors']}.", ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
