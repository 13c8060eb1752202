"""Neo4j against the embedded SQLite store at one size, in one run on the
same machine: ingest, search and `similar` through the HTTP API, the
duplicate pass, and, for the choice of how Neo4j serves search, the
in-memory index against Neo4j's own full-text and vector indexes.

    bash tests/neo4j_server/neo4j-test-server.sh start 7715
    .venv/bin/python -m bench.neo4j_speed --uri bolt://127.0.0.1:7715 --clear    # ~10 min at 10k

The database at --uri is emptied (hence --clear). Both API servers run at
once and every request goes to both, in alternating order, so a change of
load on the shared cores hits both alike; the figures of record are the
ratios Neo4j / SQLite.

Project vectors: encoding 10k texts with the model takes longer than this
run may (25-45 texts/s on the loaded cores), so each project's vector is a
pseudo-embedding put in both stores' caches under the model's id before the
servers start: the normalised sum of a fixed random vector per search word,
so projects sharing words are near each other and the duplicate pass still
finds candidates. Queries are encoded by the real (int8) model in both
servers: the same cost on both backends."""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import zlib
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from bench.context import DEFAULT_MODEL, policy_files
from bench.generate import generate
from bench.issue15 import TARGETS as T
from bench.machine import loadavg
from bench.neo4j_ingest import local_server_pid, server_cpu
from bench.neo4j_load import clear
from bench.sections import ran, save_run, verdict
from bench.suites.api import READY_TIMEOUT, api_server
from bench.suites.searching import search_requests
from bench.timing import latency, time_ms, timed
from graph.factory import make_store
from graph.neo4j_store import Neo4jStore
from graph.store import GraphStore
from ingest.extract import extractor_for
from ingest.pipeline import Ingestor
from ontology import Gazetteer, load_gazetteer
from search_api.core.catalog import load_projects
from search_api.core.config import ScoringConfig, load_scoring
from search_api.core.embeddings import TextEncoder, content_key, load_encoder
from search_api.core.search import Filters
from search_api.core.service import PlanAtlas

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZE = 10_000
DEFAULT_WARM_UP = 1  # untimed ingests before the timed one
DEFAULT_NATIVE_QUERIES = 50


def markers(size: int) -> tuple[str, str]:
    """The report section's first and last lines: one section per size, so that a 100k run
    sits beside the 10k run of `make bench` instead of replacing it."""
    tag = "" if size == DEFAULT_SIZE else f":{size}"
    return f"<!-- bench/neo4j_speed.py{tag}:begin -->", f"<!-- bench/neo4j_speed.py{tag}:end -->"

BACKENDS = ("sqlite", "neo4j")
WARM_UP = 10  # requests per server before measuring
CACHE_ROWS = 2000  # vectors per cache write
DUPLICATE_RUNS = 3  # duplicate passes per backend, alternating; the median is reported


# -- ingest -------------------------------------------------------------------------------------
def ingest(store: GraphStore, gaz: Gazetteer, files: list[Path], server: int | None = None) -> dict[str, Any]:
    """The policy texts, then the timed lists, as `planatlas ingest` writes them (one transaction per file);
    with the server's pid, also the server's CPU seconds over the timed part."""
    ingestor = Ingestor(store, gaz)
    ingestor.ingest(policy_files())
    server_start = server_cpu(server)
    with timed() as t:
        report = ingestor.ingest(files)
    server_s = server_cpu(server) - server_start
    if report.failed:
        raise SystemExit(f"ingest failed: {[f.error for f in report.failed][:3]}")
    n = sum(f.by_label.get("Project", 0) for f in report.files)
    return {"projects": n, "seconds": round(t.wall, 2), "rate": round(n / t.wall, 1), "cpu_s": round(t.cpu, 2),
            **({"server_cpu_s": round(server_s, 2)} if server else {})}


# -- pseudo-embeddings ----------------------------------------------------------------------------
def word_vector(word: str, dim: int) -> np.ndarray:
    """A fixed random unit vector per word (seeded by the word)."""
    v = np.random.default_rng(zlib.crc32(word.encode("utf-8"))).normal(size=dim).astype(np.float32)
    return v / np.linalg.norm(v)


def seed_vectors(stores: list[GraphStore], encoder: TextEncoder, content_chars: int, gaz: Gazetteer) -> int:
    """Every project's pseudo-embedding in each store's cache, keyed as the service looks it up."""
    extractor = extractor_for(gaz)
    docs = load_projects(stores[0])
    words: dict[str, np.ndarray] = {}
    items: dict[str, bytes] = {}
    for doc in docs:
        text = doc.embed_text(content_chars)
        tokens = extractor.search_tokens(text) or [text]
        vector = np.sum([words.setdefault(t, word_vector(t, encoder.dim)) for t in tokens], axis=0)
        items[content_key(text)] = (vector / np.linalg.norm(vector)).astype(np.float32).tobytes()
    rows = list(items.items())
    for store in stores:
        for start in range(0, len(rows), CACHE_ROWS):
            store.cache_embeddings(encoder.model_id, dict(rows[start:start + CACHE_ROWS]))
    return len(rows)


# -- HTTP ---------------------------------------------------------------------------------------
def wait_indexed(base: str, timeout: float = READY_TIMEOUT) -> float:
    """Seconds until /health says the full index is built: it answers at once,
    and a words-only index serves while the vectors load."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        health = httpx.get(base + "/health", timeout=30).json()
        if health["index"] == "ready" and health["indexed_version"] == health["store_version"]:
            return time.perf_counter() - start
        time.sleep(0.5)
    raise RuntimeError(f"{base}: index not ready after {timeout} s")


def paired_http(bases: dict[str, str], requests: list[dict[str, Any]], similar_ids: list[str],
                duplicate_runs: int) -> dict[str, Any]:
    """Each request to both servers, alternating which goes first; then the duplicate pass."""
    ms: dict[str, dict[str, list[float]]] = {b: {"hybrid": [], "bm25": [], "similar": [], "duplicates": []}
                                             for b in bases}
    hits: dict[str, int] = dict.fromkeys(bases, 0)
    with httpx.Client(timeout=600) as client:
        def get(backend: str, path: str, params: dict[str, Any]) -> httpx.Response:
            response = client.get(bases[backend] + path, params=params)
            response.raise_for_status()
            return response

        for params in requests[:WARM_UP]:
            for backend in bases:
                get(backend, "/api/search", params)
        for i, params in enumerate(requests):
            order = BACKENDS if i % 2 == 0 else BACKENDS[::-1]
            for mode in ("hybrid", "bm25"):
                for backend in order:
                    response, took = time_ms(get, backend, "/api/search", {**params, "mode": mode})
                    ms[backend][mode].append(took)
                    hits[backend] += mode == "hybrid" and response.json()["count"] > 0
        for i, pid in enumerate(similar_ids):
            for backend in (BACKENDS if i % 2 == 0 else BACKENDS[::-1]):
                ms[backend]["similar"].append(time_ms(get, backend, f"/api/projects/{pid}/similar", {"k": 10})[1])
        pairs: dict[str, int] = {}
        for i in range(duplicate_runs):
            for backend in (BACKENDS if i % 2 == 0 else BACKENDS[::-1]):
                response, took = time_ms(get, backend, "/api/duplicates", {"across_counties": "true"})
                ms[backend]["duplicates"].append(took)
                pairs[backend] = response.json()["count"]
    out: dict[str, Any] = {}
    for backend, kinds in ms.items():
        out[backend] = {kind: latency(values).model_dump() for kind, values in kinds.items() if kind != "duplicates"}
        out[backend]["duplicates_s"] = round(statistics.median(kinds["duplicates"]) / 1000, 2)
        out[backend]["duplicate_pairs"] = pairs[backend]
        out[backend]["hybrid_with_hits"] = hits[backend]
    return out


# -- in-process: the in-memory index against Neo4j's own indexes -------------------------------------
def native_scoring(scoring: ScoringConfig, native: bool) -> ScoringConfig:
    return scoring.model_copy(update={"search": scoring.search.model_copy(update={"native_store_indexes": native})})


def serving_choice(store: Neo4jStore, gaz: Gazetteer, scoring: ScoringConfig, encoder: TextEncoder,
                   requests: list[dict[str, Any]], similar_ids: list[str]) -> dict[str, Any]:
    """Neo4j served from the in-memory index and from its own full-text and
    vector indexes, in this process: build, search (hybrid + filter), similar, duplicates."""
    out: dict[str, Any] = {}
    services = {}
    for name, native in (("memory", False), ("native", True)):
        service = PlanAtlas(store, gaz, embedding_model="bench", scoring=native_scoring(scoring, native),
                            max_file_bytes=1 << 30, embedder=encoder)
        with timed() as t:
            service.warm()
        assert service.state.index.uses_native is native
        services[name] = service
        out[name] = {"build_s": round(t.wall, 2)}
    search_ms: dict[str, list[float]] = {name: [] for name in services}
    similar_ms: dict[str, list[float]] = {name: [] for name in services}
    for i, params in enumerate(requests):
        filters = Filters(**{k: v for k, v in params.items() if k != "q"})
        for name in (list(services) if i % 2 == 0 else list(services)[::-1]):
            search_ms[name].append(time_ms(services[name].search, params["q"], 10, filters)[1])
    for i, pid in enumerate(similar_ids):
        for name in (list(services) if i % 2 == 0 else list(services)[::-1]):
            similar_ms[name].append(time_ms(services[name].similar, pid, 10)[1])
    for name, service in services.items():
        with timed() as t:
            pairs = len(service.duplicates(across_counties=True).pairs)
        out[name].update(search=latency(search_ms[name]).model_dump(), similar=latency(similar_ms[name]).model_dump(),
                         duplicates_s=round(t.wall, 2), duplicate_pairs=pairs)
    return out


# -- the run ----------------------------------------------------------------------------------------
def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    gaz = load_gazetteer()
    scoring = load_scoring(str(args.model))
    data = generate(args.size, work / "data", seed=args.seed, gaz=gaz)
    homes = {b: work / b for b in BACKENDS}
    lite = make_store("sqlite", home=homes["sqlite"])
    neo = Neo4jStore.connect(args.uri, "neo4j", "", "neo4j")
    result: dict[str, Any] = {"size": args.size, "files": len(data.files), "server": neo.server_version()}
    try:
        neo.ensure_schema()
        for _ in range(args.warm_up):  # a fresh server's JIT is cold: its first ingests run slower
            clear(neo)
            ingest(neo, gaz, data.files)
        clear(neo)
        result["ingest"] = {"sqlite": ingest(lite, gaz, data.files),
                            "neo4j": ingest(neo, gaz, data.files, args.server_pid or local_server_pid(args.uri))}
        encoder = load_encoder(str(args.model), scoring.embedding, "int8")
        with timed() as t:
            result["vectors"] = seed_vectors([lite, neo], encoder, scoring.embedding.content_chars, gaz)
        result["vectors_s"] = round(t.wall, 2)
        ids = [d.id for d in load_projects(lite)]
    finally:
        lite.close()
    requests = search_requests(gaz, args.requests, args.seed)
    similar_ids = random.Random(args.seed).sample(ids, min(len(ids), args.similar))
    try:
        with ExitStack() as stack:
            servers = {}
            for backend in BACKENDS:
                env = {"PLANATLAS_HOME": str(homes[backend]), "PLANATLAS_BACKEND": backend, "NEO4J_URI": args.uri,
                       "PLANATLAS_EMBEDDING_MODEL": str(args.model), "PLANATLAS_EMBEDDING_VARIANT": "int8"}
                servers[backend] = stack.enter_context(api_server(env))
            result["ready_s"] = {b: round(s.ready_s + wait_indexed(s.base), 1) for b, s in servers.items()}
            result["http"] = paired_http({b: s.base for b, s in servers.items()}, requests, similar_ids,
                                         args.duplicate_runs)
        if args.native_queries:
            result["serving"] = serving_choice(neo, gaz, scoring, encoder, requests[:args.native_queries],
                                               similar_ids[:args.native_queries])
    finally:
        neo.close()
    result["ratios"] = ratios(result)
    return result


def ratios(r: dict[str, Any]) -> dict[str, float]:
    """Neo4j / SQLite: for rates, SQLite's over Neo4j's would read upside down, so ingest is Neo4j's share."""
    http, ing = r["http"], r["ingest"]

    def ratio(a: float, b: float) -> float:
        return round(a / b, 2) if b else float("nan")

    return {"ingest_rate": ratio(ing["neo4j"]["rate"], ing["sqlite"]["rate"]),
            "search_p50": ratio(http["neo4j"]["hybrid"]["p50"], http["sqlite"]["hybrid"]["p50"]),
            "search_p99": ratio(http["neo4j"]["hybrid"]["p99"], http["sqlite"]["hybrid"]["p99"]),
            "bm25_p50": ratio(http["neo4j"]["bm25"]["p50"], http["sqlite"]["bm25"]["p50"]),
            "similar_p50": ratio(http["neo4j"]["similar"]["p50"], http["sqlite"]["similar"]["p50"]),
            "duplicates": ratio(http["neo4j"]["duplicates_s"], http["sqlite"]["duplicates_s"])}


def markdown(r: dict[str, Any]) -> str:
    ing, http, rat = r["ingest"], r["http"], r["ratios"]
    lite, neo = http["sqlite"], http["neo4j"]
    rows = [
        f"| ingest (projects/s) | {ing['sqlite']['rate']:,} ({ing['sqlite']['seconds']} s) | "
        f"{ing['neo4j']['rate']:,} ({ing['neo4j']['seconds']} s) | {rat['ingest_rate']}× | "
        f"≥ {T.neo4j_ingest_rate:,.0f}/s: {verdict(ing['neo4j']['rate'] >= T.neo4j_ingest_rate)} |",
        f"| search HTTP hybrid + filter p50 / p99 (ms) | {lite['hybrid']['p50']} / {lite['hybrid']['p99']} | "
        f"{neo['hybrid']['p50']} / {neo['hybrid']['p99']} | {rat['search_p50']}× / {rat['search_p99']}× | "
        f"p50 ≤ {T.neo4j_search_ratio}×: {verdict(rat['search_p50'] <= T.neo4j_search_ratio)} |",
        f"| search HTTP BM25 + filter p50 / p99 (ms) | {lite['bm25']['p50']} / {lite['bm25']['p99']} | "
        f"{neo['bm25']['p50']} / {neo['bm25']['p99']} | {rat['bm25_p50']}× | |",
        f"| `similar` HTTP p50 / p99 (ms) | {lite['similar']['p50']} / {lite['similar']['p99']} | "
        f"{neo['similar']['p50']} / {neo['similar']['p99']} | {rat['similar_p50']}× | |",
        f"| duplicate pass via HTTP, cross-county (s, median of {r['duplicate_runs']}) | {lite['duplicates_s']} "
        f"({lite['duplicate_pairs']} pairs) | {neo['duplicates_s']} ({neo['duplicate_pairs']} pairs) | "
        f"{rat['duplicates']}× | ≤ {T.neo4j_duplicates_ratio}×: {verdict(rat['duplicates'] <= T.neo4j_duplicates_ratio)} |",
        f"| API ready, full index built (s) | {r['ready_s']['sqlite']} | {r['ready_s']['neo4j']} | | |",
    ]
    begin, end = markers(r["size"])
    at = "" if r["size"] == DEFAULT_SIZE else f" at {r['size']:,}"
    lines = [
        begin, f"## Neo4j against the embedded store{at} (bench/neo4j_speed.py)", "",
        f"{ran(r)} with `python -m bench.neo4j_speed --size {r['size']}{_options(r)} --clear` ({r['seconds']} s); "
        f"{r['server']}; load average at start {r['load_start']}, at end {r['load_end']} (2 shared cores). "
        f"{r['size']:,} generated projects in {r['files']} lists, ingested into a fresh SQLite home and the emptied "
        f"Neo4j database (after {r.get('warm_up', 0)} untimed ingest(s) of the same lists into Neo4j, which warm the "
        "server's JIT); ingest CPU seconds: SQLite client "
        f"{ing['sqlite']['cpu_s']}, Neo4j client {ing['neo4j']['cpu_s']} and server {ing['neo4j'].get('server_cpu_s', '–')}; both API servers up at once, every request sent to both in alternating order "
        f"({r['requests']} searches per mode, {r['similar']} `similar`). Project vectors are pseudo-embeddings "
        f"({r['vectors']:,}, written to both caches in {r['vectors_s']} s; see the script's docstring), "
        "query vectors come from the real int8 model in both servers.", "",
        "| measure | SQLite | Neo4j | Neo4j / SQLite | goal |", "|---|---|---|---|---|", *rows]
    serving = r.get("serving")
    if serving:
        mem, nat = serving["memory"], serving["native"]
        lines += [
            "", "How Neo4j serves search, in-process on the same database ("
            f"{mem['search']['n']} hybrid + filter searches, {mem['similar']['n']} `similar`): the in-memory index "
            "(BM25 + vectors + HNSW, the default) against Neo4j's own full-text and vector indexes "
            "(`SearchConfig.native_store_indexes`).", "",
            "| measure | in-memory index | Neo4j native indexes | native / in-memory |", "|---|---|---|---|",
            f"| build at start (s) | {mem['build_s']} | {nat['build_s']} | {_r(nat['build_s'], mem['build_s'])}× |",
            f"| search p50 / p99 (ms) | {mem['search']['p50']} / {mem['search']['p99']} | "
            f"{nat['search']['p50']} / {nat['search']['p99']} | {_r(nat['search']['p50'], mem['search']['p50'])}× |",
            f"| `similar` p50 / p99 (ms) | {mem['similar']['p50']} / {mem['similar']['p99']} | "
            f"{nat['similar']['p50']} / {nat['similar']['p99']} | {_r(nat['similar']['p50'], mem['similar']['p50'])}× |",
            f"| duplicate pass (s) | {mem['duplicates_s']} ({mem['duplicate_pairs']} pairs) | {nat['duplicates_s']} "
            f"({nat['duplicate_pairs']} pairs) | {_r(nat['duplicates_s'], mem['duplicates_s'])}× |"]
    return "\n".join([*lines, end])


def _options(r: dict[str, Any]) -> str:
    """The options of the run that differ from the defaults, for the command line in the report."""
    defaults = (("warm_up", DEFAULT_WARM_UP), ("native_queries", DEFAULT_NATIVE_QUERIES))
    opts = [f"--{k.replace('_', '-')} {r[k]}" for k, d in defaults if r.get(k, d) != d]
    return "".join(f" {o}" for o in opts)


def _r(a: float, b: float) -> float:
    return round(a / b, 1) if b else float("nan")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Neo4j against the embedded store at one size")
    p.add_argument("--uri", default="bolt://127.0.0.1:7687")
    p.add_argument("--size", type=int, default=DEFAULT_SIZE)
    p.add_argument("--requests", type=int, default=200, help="searches per mode")
    p.add_argument("--similar", type=int, default=100)
    p.add_argument("--duplicate-runs", type=int, default=DUPLICATE_RUNS)
    p.add_argument("--native-queries", type=int, default=DEFAULT_NATIVE_QUERIES,
                   help="searches and `similar` for the in-memory vs native comparison (0: skip it)")
    p.add_argument("--warm-up", type=int, default=DEFAULT_WARM_UP,
                   help="untimed Neo4j ingests of the same lists before the timed one (the server's JIT warms up)")
    p.add_argument("--server-pid", type=int, help="the Neo4j server's pid, for its CPU time "
                   "(default: tests/neo4j_server's server when it serves --uri)")
    p.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--clear", action="store_true", help="allow emptying the database at --uri")
    p.add_argument("--report", type=Path, default=ROOT / "docs" / "benchmarks.md")
    p.add_argument("--json", type=Path, default=None,
                   help="raw figures (default var/bench/neo4j_speed.json, neo4j_speed_<size>.json at other sizes)")
    args = p.parse_args(argv)
    if args.json is None:
        args.json = ROOT / "var" / "bench" / ("neo4j_speed.json" if args.size == DEFAULT_SIZE
                                               else f"neo4j_speed_{args.size}.json")
    if not args.clear:
        p.error(f"this benchmark empties the database at {args.uri}: pass --clear")
    start, load_start = time.perf_counter(), loadavg()
    with tempfile.TemporaryDirectory(prefix="planatlas-neo4j-speed-") as work:
        result = run(args, Path(work))
    result.update(requests=args.requests, similar=args.similar, duplicate_runs=args.duplicate_runs,
                  warm_up=args.warm_up, native_queries=args.native_queries)
    save_run(result, start, load_start, args.json, args.report, markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
