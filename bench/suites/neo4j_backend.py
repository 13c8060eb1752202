"""The Neo4j backend: a server to bench against, the same lists ingested
into it, the API on it, and bench/neo4j_load.py (batched against per-row
writes). Named so as not to shadow the `neo4j` driver package."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from bench.context import ROOT, Options
from bench.generate import Dataset
from bench.machine import free_port, stop_process
from bench.results import Failure, Neo4jIngest, Neo4jLoad, Neo4jReingest, Neo4jResult
from bench.suites.api import measure_api
from bench.timing import timed
from bench.ui import console
from graph.store import GraphStore

SERVER = ROOT / "tests" / "neo4j_server" / "target"
START_TIMEOUT = 180.0  # s
CACHE_COPY_ROWS = 2000
LOAD_TIMEOUT = 1800  # s for bench/neo4j_load.py
JAVA_OPENS = ("java.lang", "java.nio", "java.io", "sun.nio.ch", "java.util", "java.util.concurrent", "java.net")


def _server_command(java: str, data: Path, port: int) -> list[str]:
    """The throw-away test server of tests/neo4j_server, with its own data dir."""
    jar = SERVER / "neo4j-test-server.jar"
    return [java, "-Xmx2g", "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8",
            *[f"--add-opens=java.base/{p}=ALL-UNNAMED" for p in JAVA_OPENS],
            "-cp", f"{jar}:{SERVER / 'lib'}/*", "org.planatlas.testsupport.Neo4jTestServer",
            "--home", str(data / "home"), "--host", "127.0.0.1", "--port", str(port)]


def _started(proc: subprocess.Popen[bytes], log: Path) -> bool:
    """Wait for the server's ready line; False if it exits or takes too long."""
    deadline = time.time() + START_TIMEOUT
    with console.status("[bold]starting Neo4j"):
        while "NEO4J_READY" not in log.read_text(errors="replace"):
            if proc.poll() is not None or time.time() > deadline:
                console.print(f"[yellow]neo4j: server did not start; skipped\n{log.read_text()[-1500:]}")
                return False
            time.sleep(1)
    return True


@contextmanager
def neo4j_server(opts: Options) -> Iterator[str | None]:
    """A Neo4j to bench against: --neo4j URI or NEO4J_TEST_URI if given, else
    (auto) our own throw-away server from tests/neo4j_server on a free port,
    started with its own data dir and stopped by its pid afterwards. None
    when there is none to be had."""
    if opts.neo4j == "off":
        yield None
        return
    if opts.neo4j.startswith("bolt://") or os.environ.get("NEO4J_TEST_URI"):
        yield opts.neo4j if opts.neo4j.startswith("bolt://") else os.environ["NEO4J_TEST_URI"]
        return
    java = shutil.which("java")
    if not (SERVER / "neo4j-test-server.jar").exists() or java is None:
        console.print("[yellow]neo4j: no built test server (tests/neo4j_server/target) or no java; skipped")
        yield None
        return
    port, data = free_port(), Path(tempfile.mkdtemp(prefix="planatlas-bench-neo4j-"))
    log = data / "server.log"
    with log.open("w") as fh:
        proc = subprocess.Popen(_server_command(java, data, port), stdout=fh, stderr=subprocess.STDOUT)
    try:
        yield f"bolt://127.0.0.1:{port}" if _started(proc, log) else None
    finally:
        stop_process(proc, timeout=60)
        shutil.rmtree(data, ignore_errors=True)


def _ingest(store: GraphStore, ds: Dataset, policy: list[Path]) -> tuple[Neo4jIngest, Neo4jReingest]:
    """The lists into an emptied database, then again unchanged."""
    from ingest.pipeline import Ingestor

    for doc in store.documents():  # a reused server: start from nothing
        store.delete_document(doc.id)
    ingestor = Ingestor(store)
    ingestor.ingest(policy)
    with timed() as t:
        report = ingestor.ingest(ds.files)
    n = sum(f.by_label.get("Project", 0) for f in report.files)
    again = Ingestor(store)
    with timed() as t2:
        again.ingest(ds.files)
    return (Neo4jIngest(projects=n, seconds=round(t.wall, 2), rate=round(n / t.wall, 1),
                        failed=[f.error for f in report.failed]),
            Neo4jReingest(seconds=round(t2.wall, 3), rate=round(n / t2.wall, 1), speedup=round(t.wall / t2.wall, 1)))


def _copy_embeddings(store: GraphStore, sqlite_home: Path, model_id: str) -> float:
    """The vectors the embedded run computed, copied into Neo4j's cache (not
    timed as encoding); returns the seconds of the copy."""
    with closing(sqlite3.connect(sqlite_home / "planatlas.sqlite")) as lite:
        rows = lite.execute("SELECT key, vector FROM embeddings WHERE model=?", (model_id,)).fetchall()
    with timed() as t:
        for start in range(0, len(rows), CACHE_COPY_ROWS):
            store.cache_embeddings(model_id, dict(rows[start:start + CACHE_COPY_ROWS]))
    return t.wall


def bench_neo4j(uri: str, ds: Dataset, sqlite_home: Path, model_id: str, requests: list[dict[str, object]],
                similar_ids: list[str], opts: Options) -> Neo4jResult:
    """Ingest and re-ingest on Neo4j, then (with --http) the API on it."""
    from graph.factory import make_store

    store = make_store("neo4j", home=sqlite_home, neo4j_uri=uri)
    try:
        ingest, reingest = _ingest(store, ds, opts.policy)
        copy_s = _copy_embeddings(store, sqlite_home, model_id)
    finally:
        store.close()
    result = Neo4jResult(uri=uri, ingest=ingest, reingest=reingest, embedding_cache_copy_s=round(copy_s, 2))
    if not opts.http:
        return result
    env = {"PLANATLAS_HOME": str(sqlite_home), "PLANATLAS_BACKEND": "neo4j", "NEO4J_URI": uri,
           "PLANATLAS_EMBEDDING_MODEL": str(opts.model)}
    api = measure_api(env, requests, similar_ids)
    return result.model_copy(update={"api_ready_s": api.ready_s, "http": api.http, "server_rss_mb": api.server_rss_mb})


def neo4j_load(uri: str | None, copies: int) -> Neo4jLoad | Failure | None:
    """bench/neo4j_load.py (batched UNWIND vs one MERGE per row), if it is
    there, against our own throw-away server (it empties the database)."""
    script = ROOT / "bench" / "neo4j_load.py"
    if not script.exists():
        return None
    if uri is None:
        return Failure(error="no Neo4j server")
    try:
        proc = subprocess.run([sys.executable, str(script), "--uri", uri, "--clear", "--copies", str(copies)],
                              capture_output=True, text=True, cwd=ROOT, timeout=LOAD_TIMEOUT)
    except subprocess.TimeoutExpired:
        return Failure(error="timed out after 30 min")
    if proc.returncode != 0:
        return Failure(error=f"exit {proc.returncode}: {(proc.stderr or proc.stdout)[-800:]}")
    for text in (proc.stdout, *reversed(proc.stdout.strip().splitlines())):
        try:
            return Neo4jLoad.model_validate(json.loads(text))
        except (json.JSONDecodeError, ValueError):
            continue
    return Failure(error="no JSON on stdout", stdout=proc.stdout[-800:])

