"""The measuring half of the benchmarks: options, timing helpers, the API
and Neo4j servers, the duplicate pass in a child process, and `Bench`, which
runs every measurement at one size and returns its figures. bench/report.py
turns the figures into docs/benchmarks.md; bench/run.py is the command."""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import resource
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn  # noqa: E402

from bench.generate import FACILITIES, QUANTITIES, generate  # noqa: E402

console = Console(stderr=True)

EMBED_CHUNK = 128  # raw and cached encoding alternate in chunks of this many texts
FILL_CHUNK = 1024
DEFAULT_MODEL = ROOT / "var" / "models" / "multilingual-e5-small"


@dataclass
class Options:
    sizes: list[int]
    work: Path
    model: Path
    requests: int = 200  # per search mode, per size
    similar_requests: int = 100
    vector_queries: int = 200
    embed_sample: int = 1024  # texts encoded raw (before and after) and through CachedEncoder, fp32
    fill: str = "bf16"  # how the texts beyond the sample are encoded: bf16 | fp32
    allpairs_max: int = 1000  # all-pairs duplicate baseline at sizes up to this
    neo4j: str = "auto"  # auto | off | bolt://...
    neo4j_max: int = 10000
    neo4j_copies: int = 50  # the bundled corpus ×50, as the Neo4j issue asks
    seed: int = 7
    quick: bool = False
    http: bool = True
    policy: list[Path] = field(default_factory=list)


# -- small helpers ------------------------------------------------------------

def scoring_config(model: Path | str = DEFAULT_MODEL) -> Any:
    """The scoring numbers the product uses for the bench's model (a path or a model id)."""
    from search_api.core.config import load_scoring

    return load_scoring(str(model))


@contextmanager
def timed() -> Iterator[dict[str, float]]:
    """Wall and CPU seconds of a block (CPU of this process only)."""
    out: dict[str, float] = {}
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield out
    finally:
        out["wall"] = time.perf_counter() - wall
        out["cpu"] = time.process_time() - cpu


def pct(values: list[float], p: float) -> float:
    return float(np.percentile(np.asarray(values), p)) if values else float("nan")


def latency_summary(ms: list[float]) -> dict[str, float]:
    return {"n": len(ms), "p50": round(pct(ms, 50), 2), "p95": round(pct(ms, 95), 2),
            "p99": round(pct(ms, 99), 2), "mean": round(float(np.mean(ms)), 2) if ms else float("nan")}


def progress_bar(label: str) -> Progress:
    return Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def loadavg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    for module in ("torch", "numpy", "sentence_transformers", "usearch", "bm25s"):
        try:
            versions[module] = __import__(module).__version__
        except Exception:  # noqa: BLE001 - a missing optional module is just not reported
            versions[module] = None
    blas = None
    try:
        from threadpoolctl import threadpool_info

        blas = [f"{i.get('internal_api')} {i.get('version')} ({i.get('architecture')}, {i.get('num_threads')} threads)"
                for i in threadpool_info()]
    except Exception:  # noqa: BLE001
        pass
    return {"cores": os.cpu_count(), "memory_gb": mem_gb, "cpu": cpu, "python": platform.python_version(),
            "platform": platform.platform(), "versions": versions, "blas": blas,
            "openblas_env": {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ}}


# -- queries from the ontology ---------------------------------------------------

def search_requests(gaz: Any, n: int, seed: int) -> list[dict[str, Any]]:
    """`n` hybrid-search parameter sets: a planner's query (a keyword of an
    industry or chain link, often with a facility word or a county) and one filter."""
    rng = random.Random(seed)
    counties = gaz.by_label("County")
    blocks = gaz.by_label("Block")
    chains = gaz.by_label("IndustrialChain")
    industries = gaz.by_label("Industry")
    kinds = {i.name: (i.data.get("kind") if i.data.get("kind") in FACILITIES else "emerging") for i in industries}
    out = []
    for i in range(n):
        industry = rng.choice(industries)
        words = [w for w in (industry.name, *industry.data.get("keywords", [])) if len(w) > 1]
        q = rng.choice(words)
        r = rng.random()
        if r < 0.4:
            q += rng.choice(FACILITIES[kinds[industry.name]])
        elif r < 0.6:
            q = rng.choice(counties).name + q
        elif r < 0.7:
            q += rng.choice(QUANTITIES[kinds[industry.name]])[1]
        f: dict[str, Any] = {}
        which = i % 6
        if which == 0:
            f["county"] = rng.choice(counties).name
        elif which == 1:
            f["block"] = rng.choice(blocks).name
        elif which == 2 and chains:
            f["chain"] = rng.choice(chains).name
        elif which == 3:
            f["industry"] = rng.choice(industries).name
        elif which == 4:
            start = rng.randint(2021, 2025)
            f["year_from"], f["year_to"] = start, start + 2
        else:
            f["min_investment_wan"] = rng.choice([1000, 10000, 50000])
        out.append({"q": q, **f})
    return out


# -- the duplicate pass, in a child process for its peak memory ------------------

def dupes_child(args: argparse.Namespace) -> int:
    """Entry point of the child: index from the store's cached vectors (no
    model loaded), then one find_duplicates pass; prints JSON."""
    from graph.factory import make_store
    from ingest.extract import extractor_for
    from ontology import load_gazetteer
    from search_api.core.catalog import load_projects
    from search_api.core.duplicates import DuplicateFinder
    from search_api.core.embeddings import content_key
    from search_api.core.index import ProjectIndex

    gaz = load_gazetteer()
    extractor = extractor_for(gaz)
    scoring = scoring_config(args.model_id)
    store = make_store("sqlite", home=Path(args.home))
    with timed() as t_index:
        docs = load_projects(store)
        keys = [content_key(d.embed_text(scoring.embedding.content_chars)) for d in docs]
        cached = store.cached_embeddings(args.model_id, list(dict.fromkeys(keys)))
        missing = [k for k in keys if k not in cached]
        if missing:
            print(json.dumps({"error": f"{len(missing)} vectors missing from the cache"}))
            return 2
        vectors = np.stack([np.frombuffer(cached[k], dtype=np.float32) for k in keys])
        del cached
        index = ProjectIndex(docs, vectors, scoring.search, extractor)
    rss_before = peak_rss_mb()
    bar = progress_bar("duplicates" + (" (all pairs)" if args.all_pairs else ""))
    task = bar.add_task("", total=len(docs))
    with bar, timed() as t_pass:
        finder = DuplicateFinder(index, gaz, extractor, scoring.duplicates)
        report = finder.find(across_counties=True, all_pairs=args.all_pairs,
                             progress=lambda n, note="": bar.advance(task, n))
    peak = peak_rss_mb()
    print(json.dumps({"projects": len(docs), "index_s": round(t_index["wall"], 3), "pass_s": round(t_pass["wall"], 3),
                      "pass_cpu_s": round(t_pass["cpu"], 3), "candidates": report.candidates,
                      "peak_rss_mb": round(peak, 1), "rss_before_pass_mb": round(rss_before, 1),
                      "uses_ann": index.uses_ann, "pairs": [[p.a, p.b, p.score] for p in report.pairs]}))
    store.close()
    return 0


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM belongs to the address space
    made at exec, whereas ru_maxrss also counts the parent's memory at fork."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_dupes(home: Path, model_id: str, all_pairs: bool = False) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve().parent / "run.py"), "--child-dupes", "--home", str(home), "--model-id", model_id]
    if all_pairs:
        cmd.append("--all-pairs")
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"duplicate child failed ({proc.returncode}): {proc.stdout[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def score_pairs(found: list[list[Any]], labels: Path, known_ids: set[str]) -> dict[str, Any]:
    """Precision/recall of the flagged cross-county pairs against the planted ones."""
    pos, neg = set(), set()
    missing = 0
    for line in labels.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        pair = frozenset((item["a"], item["b"]))
        if not {item["a"], item["b"]} <= known_ids:
            missing += 1
            continue
        (pos if item["label"] == 1 else neg).add(pair)
    flagged = {frozenset((a, b)) for a, b, _ in found}
    tp = len(flagged & pos)
    return {"planted": len(pos), "hard_negatives": len(neg), "labels_missing_in_store": missing,
            "flagged": len(flagged), "true_positives": tp,
            "precision": round(tp / len(flagged), 4) if flagged else None,
            "recall": round(tp / len(pos), 4) if pos else None,
            "hard_negatives_flagged": len(flagged & neg), "unplanted_flagged": len(flagged - pos - neg)}


# -- HTTP ------------------------------------------------------------------------

@contextmanager
def api_server(env_extra: dict[str, str], timeout: float = 1800) -> Iterator[tuple[str, subprocess.Popen, float]]:
    """uvicorn on 127.0.0.1 serving the app for the given home; yields (base URL, process, seconds to ready)."""
    import httpx

    port = free_port()
    env = {**os.environ, **env_extra}
    log = tempfile.NamedTemporaryFile(prefix="planatlas-bench-uvicorn-", suffix=".log", delete=False)
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "search_api.http.app:create_app", "--factory",
                             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    try:
        with console.status("[bold]starting the API (loads the model, builds the index)"):
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"API server exited: {Path(log.name).read_text()[-2000:]}")
                try:
                    if httpx.get(base + "/health", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.perf_counter() - start > timeout:
                    raise RuntimeError("API server did not become ready")
                time.sleep(0.5)
        yield base, proc, time.perf_counter() - start
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        os.unlink(log.name)


def http_latencies(base: str, requests: list[dict[str, Any]], similar_ids: list[str]) -> dict[str, Any]:
    """Hybrid and BM25-only search interleaved request by request (so load
    changes hit both alike), then `similar`; bounded counts, one client."""
    import httpx

    out: dict[str, list[float]] = {"hybrid": [], "bm25": [], "similar": []}
    hits: dict[str, int] = {"hybrid": 0, "bm25": 0}
    with httpx.Client(base_url=base, timeout=60) as client:
        for params in requests[:10]:  # warm-up: first-request costs (tokenizer, caches)
            client.get("/api/search", params=params).raise_for_status()
        bar = progress_bar("search")
        with bar:
            task = bar.add_task("", total=2 * len(requests) + len(similar_ids))
            for params in requests:
                for mode in ("hybrid", "bm25"):
                    t = time.perf_counter()
                    r = client.get("/api/search", params={**params, "mode": mode})
                    out[mode].append((time.perf_counter() - t) * 1000)
                    r.raise_for_status()
                    hits[mode] += r.json()["count"] > 0
                    bar.advance(task)
            for pid in similar_ids:
                t = time.perf_counter()
                client.get(f"/api/projects/{pid}/similar", params={"k": 10}).raise_for_status()
                out["similar"].append((time.perf_counter() - t) * 1000)
                bar.advance(task)
    return {mode: {**latency_summary(ms), **({"with_hits": hits[mode]} if mode in hits else {})}
            for mode, ms in out.items()}


def rss_mb(pid: int) -> float | None:
    try:
        import psutil

        return round(psutil.Process(pid).memory_info().rss / 1024 / 1024, 1)
    except Exception:  # noqa: BLE001
        return None


# -- Neo4j -----------------------------------------------------------------------

@contextmanager
def neo4j_server(opts: Options) -> Iterator[str | None]:
    """A Neo4j to bench against: --neo4j URI or NEO4J_TEST_URI if given, else
    (auto) our own throw-away server from tests/neo4j_server on a free port,
    started with its own data dir and stopped by its pid afterwards."""
    if opts.neo4j == "off":
        yield None
        return
    if opts.neo4j.startswith("bolt://") or os.environ.get("NEO4J_TEST_URI"):
        yield opts.neo4j if opts.neo4j.startswith("bolt://") else os.environ["NEO4J_TEST_URI"]
        return
    server = ROOT / "tests" / "neo4j_server" / "target"
    jar = server / "neo4j-test-server.jar"
    java = shutil.which("java")
    if not jar.exists() or java is None:
        console.print("[yellow]neo4j: no built test server (tests/neo4j_server/target) or no java; skipped")
        yield None
        return
    port = free_port()
    data = Path(tempfile.mkdtemp(prefix="planatlas-bench-neo4j-"))
    log = data / "server.log"
    cmd = [java, "-Xmx2g", "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8",
           *[f"--add-opens=java.base/{p}=ALL-UNNAMED" for p in ("java.lang", "java.nio", "java.io", "sun.nio.ch",
                                                                  "java.util", "java.util.concurrent", "java.net")],
           "-cp", f"{jar}:{server / 'lib'}/*", "org.planatlas.testsupport.Neo4jTestServer",
           "--home", str(data / "home"), "--host", "127.0.0.1", "--port", str(port)]
    with log.open("w") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 180
        with console.status("[bold]starting Neo4j"):
            while "NEO4J_READY" not in log.read_text(errors="replace"):
                if proc.poll() is not None or time.time() > deadline:
                    console.print(f"[yellow]neo4j: server did not start; skipped\n{log.read_text()[-1500:]}")
                    yield None
                    return
                time.sleep(1)
        yield f"bolt://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(data, ignore_errors=True)


def bench_neo4j(uri: str, ds: Any, policy: list[Path], sqlite_home: Path, model: Path, model_id: str,
                requests: list[dict[str, Any]], similar_ids: list[str], opts: Options) -> dict[str, Any]:
    from graph.factory import make_store
    from ingest.pipeline import Ingestor

    out: dict[str, Any] = {"uri": uri}
    store = make_store("neo4j", home=sqlite_home, neo4j_uri=uri)
    try:
        for doc in store.documents():  # a reused server: start from nothing
            store.delete_document(doc.id)
        ingestor = Ingestor(store)
        ingestor.ingest(policy)
        with timed() as t:
            report = ingestor.ingest(ds.files)
        n = sum(f.by_label.get("Project", 0) for f in report.files)
        out["ingest"] = {"projects": n, "seconds": round(t["wall"], 2), "rate": round(n / t["wall"], 1),
                         "failed": [f.error for f in report.failed]}
        again = Ingestor(store)
        with timed() as t2:
            again.ingest(ds.files)
        out["reingest"] = {"seconds": round(t2["wall"], 3), "rate": round(n / t2["wall"], 1),
                           "speedup": round(t["wall"] / t2["wall"], 1)}
        # the vectors the embedded run computed, copied into Neo4j's cache (not timed as encoding)
        with closing(sqlite3.connect(sqlite_home / "planatlas.sqlite")) as lite:
            rows = lite.execute("SELECT key, vector FROM embeddings WHERE model=?", (model_id,)).fetchall()
        with timed() as t3:
            for start in range(0, len(rows), 2000):
                store.cache_embeddings(model_id, dict(rows[start:start + 2000]))
        out["embedding_cache_copy_s"] = round(t3["wall"], 2)
    finally:
        store.close()
    if opts.http:
        env = {"PLANATLAS_HOME": str(sqlite_home), "PLANATLAS_BACKEND": "neo4j", "NEO4J_URI": uri,
               "PLANATLAS_EMBEDDING_MODEL": str(model)}
        with api_server(env) as (base, proc, ready):
            out["api_ready_s"] = round(ready, 1)
            out["http"] = http_latencies(base, requests, similar_ids)
            out["server_rss_mb"] = rss_mb(proc.pid)
    return out


# -- one size --------------------------------------------------------------------

class Bench:
    def __init__(self, opts: Options) -> None:
        from ontology import load_gazetteer

        self.opts = opts
        self.gaz = load_gazetteer()
        self.scoring = scoring_config(opts.model)
        self._embedder = None

    @property
    def embedder(self) -> Any:
        if self._embedder is None:
            from search_api.core.embeddings import Embedder

            with console.status("[bold]loading the embedding model"):
                self._embedder = Embedder(str(self.opts.model), self.scoring.embedding)
        return self._embedder

    def raw_encode_rate(self, texts: list[str]) -> float:
        """The model's own rate: SentenceTransformer.encode with the batch size
        and prefix CachedEncoder uses, no cache, no hashing, no store."""
        prefix, batch = self.scoring.embedding.prefix, self.scoring.embedding.batch
        model = self.embedder.model
        chunk = [prefix + t for t in texts]
        with timed() as t:
            for start in range(0, len(chunk), batch):
                model.encode(chunk[start:start + batch], batch_size=batch, normalize_embeddings=True,
                             convert_to_numpy=True, show_progress_bar=False)
        return len(texts) / t["wall"]

    def fill_vectors(self, store: Any, rest: list[str], sample: list[str]) -> dict[str, Any]:
        """Encode the texts beyond the measured sample through CachedEncoder
        into the store's cache. On this 2-core machine the fp32 model does
        ~20-40 texts/s, so 100k texts would take over an hour; under bf16
        autocast (AMX / AVX512-BF16) the same model runs ~5x faster with
        vectors whose cosine to the fp32 ones is reported here (min over a
        sample), so `--fill fp32` is only needed to rule that out."""
        import torch

        from search_api.core.embeddings import CachedEncoder

        use_bf16 = self.opts.fill == "bf16" and _bf16_supported()
        out: dict[str, Any] = {"texts": len(rest), "dtype": "bf16" if use_bf16 else "fp32"}
        if use_bf16 and sample:
            check = sample[: min(len(sample), 256)]
            ref = CachedEncoder(self.embedder, store).encode(check)  # fp32, cached by the sample pass
            with torch.autocast("cpu", dtype=torch.bfloat16):
                approx = self.embedder.encode(check)
            cos = (ref * approx).sum(axis=1)
            out["cosine_to_fp32_min"] = round(float(cos.min()), 6)
            out["cosine_to_fp32_mean"] = round(float(cos.mean()), 6)
        if not rest:
            return out
        encoder = CachedEncoder(self.embedder, store)
        saved = torch.get_num_threads()
        chosen: list[int] = []
        bar = progress_bar(f"embed rest {len(rest)} ({out['dtype']})")
        try:
            with bar, timed() as t, (torch.autocast("cpu", dtype=torch.bfloat16) if use_bf16 else nullcontext()):
                task = bar.add_task("", total=len(rest))
                for n, first in enumerate(range(0, len(rest), FILL_CHUNK)):
                    if n % 8 == 0:  # on a shared machine one thread can beat two: ask again now and then
                        torch.set_num_threads(self._faster_threads(rest[first:first + 64], saved))
                    chosen.append(torch.get_num_threads())
                    encoder.encode(rest[first:first + FILL_CHUNK], lambda k, note="": bar.advance(task, k))
        finally:
            torch.set_num_threads(saved)
        out.update({"seconds": round(t["wall"], 1), "rate": round(len(rest) / t["wall"], 1),
                    "threads_chosen": sorted(set(chosen))})
        return out

    def _faster_threads(self, probe: list[str], most: int) -> int:
        """1 or `most` torch threads, whichever encodes `probe` faster now."""
        import torch

        best, best_s = most, math.inf
        for threads in sorted({1, most}):
            torch.set_num_threads(threads)
            with timed() as t:
                self.embedder.encode(probe)
            if t["wall"] < best_s:
                best, best_s = threads, t["wall"]
        return best

    def size(self, n: int, neo4j_uri: str | None) -> dict[str, Any]:
        from graph.factory import make_store
        from ingest.extract import extractor_for
        from ingest.pipeline import Ingestor
        from search_api.core.catalog import load_projects
        from search_api.core.embeddings import CachedEncoder
        from search_api.core.index import ProjectIndex

        opts = self.opts
        res: dict[str, Any] = {"size": n, "loadavg_start": loadavg()}
        work = opts.work / f"n{n}"
        shutil.rmtree(work, ignore_errors=True)
        bar = progress_bar(f"generate {n}")
        with bar, timed() as t:
            task = bar.add_task("", total=n)
            ds = generate(n, work / "data", seed=opts.seed, gaz=self.gaz, progress=lambda k: bar.advance(task, k))
        labels = ds.labels
        res["data"] = {"files": len(ds.files), "projects": ds.projects, "planted_pairs": ds.planted,
                       "hard_negatives": ds.negatives, "generate_s": round(t["wall"], 2)}

        # ingest without embeddings, then again unchanged
        home = work / "home"
        store = make_store("sqlite", home=home)
        ingestor = Ingestor(store)
        with timed() as t:
            policy_report = ingestor.ingest(opts.policy)
        res["policy"] = {"files": len(opts.policy), "seconds": round(t["wall"], 2),
                         "failed": [f.error for f in policy_report.failed]}
        bar = progress_bar(f"ingest {n}")
        with bar:
            task = bar.add_task("", total=len(ds.files))
            with timed() as t_ing:
                report = ingestor.ingest(ds.files, progress=lambda _: bar.advance(task))
        projects = sum(f.by_label.get("Project", 0) for f in report.files)
        stored = store.counts().by_label.get("Project", 0)
        res["ingest"] = {"projects": projects, "stored_projects": stored, "files": len(ds.files),
                         "seconds": round(t_ing["wall"], 3), "cpu_s": round(t_ing["cpu"], 3),
                         "rate": round(projects / t_ing["wall"], 1), "cpu_rate": round(projects / t_ing["cpu"], 1),
                         "failed": [f.error for f in report.failed],
                         "warnings": sum(len(f.warnings) for f in report.files)}
        again = Ingestor(store)  # a new run, as a second `planatlas ingest` would be
        with timed() as t_re:
            report2 = again.ingest(ds.files)
        res["reingest"] = {"seconds": round(t_re["wall"], 4), "rate": round(projects / t_re["wall"], 1),
                           "unchanged": sum(f.status == "unchanged" for f in report2.files),
                           "speedup": round(t_ing["wall"] / t_re["wall"], 1)}

        # embeddings: the model's raw rate and CachedEncoder (cold) on the same
        # sample, raw again after; then the rest of the texts (bf16, see
        # fill_vectors); then every text again, all cached (warm)
        with timed() as t:
            docs = load_projects(store)
        res["load_projects_s"] = round(t["wall"], 3)
        texts = [d.embed_text(self.scoring.embedding.content_chars) for d in docs]
        sample = texts[: min(len(texts), opts.embed_sample)]
        self.raw_encode_rate(sample[:64])  # warm the model (first batches allocate)
        encoder = CachedEncoder(self.embedder, store)
        raw_s = cold_s = 0.0
        ratios = []
        bar = progress_bar(f"embed sample {len(sample)} (raw and cached, interleaved)")
        with bar:
            task = bar.add_task("", total=2 * len(sample))
            for i, first in enumerate(range(0, len(sample), EMBED_CHUNK)):
                chunk = sample[first:first + EMBED_CHUNK]
                # alternate which goes first, so a change of load hits both alike
                for step in (("raw", "cached") if i % 2 == 0 else ("cached", "raw")):
                    if step == "raw":
                        r = len(chunk) / self.raw_encode_rate(chunk)
                        raw_s += r
                    else:
                        with timed() as t:
                            encoder.encode(chunk)
                        c = t["wall"]
                        cold_s += c
                    bar.advance(task, len(chunk))
                ratios.append(round(r / c, 3))
        raw = len(sample) / raw_s
        cold_rate = len(sample) / cold_s
        res["embed"] = {"texts": len(texts), "sample": len(sample), "raw_rate": round(raw, 1),
                        "cached_cold_s": round(cold_s, 2), "cached_cold_rate": round(cold_rate, 1),
                        "ratio_total": round(cold_rate / raw, 3), "ratio": round(float(np.median(ratios)), 3),
                        "chunk_ratios": ratios, "misses": encoder.misses}
        res["embed"]["fill"] = self.fill_vectors(store, texts[len(sample):], sample)
        warm = CachedEncoder(self.embedder, store)
        with timed() as t_warm:
            vectors = warm.encode(texts)
        warm_rate = len(texts) / t_warm["wall"]
        res["embed"].update({"cached_warm_s": round(t_warm["wall"], 3), "cached_warm_rate": round(warm_rate, 1),
                             "warm_speedup": round(warm_rate / cold_rate, 1), "warm_misses": warm.misses,
                             "projected_fp32_all_s": round(len(texts) / cold_rate, 1)})

        # index, and exact vs HNSW vector search on the same queries
        with timed() as t:
            index = ProjectIndex(docs, vectors, self.scoring.search, extractor_for(self.gaz))
        res["index_build_s"] = round(t["wall"], 3)
        res["vector"] = self.vector_search(index, n)
        res["vector"]["exact_below"] = self.scoring.search.exact_below
        res["vector"]["index_uses_ann"] = index.uses_ann
        requests = search_requests(self.gaz, opts.requests, opts.seed)
        res["search_inprocess"] = self.search_breakdown(index, store, requests)
        store.close()

        rng = random.Random(opts.seed)
        similar_ids = [docs[i].id for i in rng.sample(range(len(docs)), min(len(docs), opts.similar_requests))]
        if opts.http:
            env = {"PLANATLAS_HOME": str(home), "PLANATLAS_BACKEND": "sqlite",
                   "PLANATLAS_EMBEDDING_MODEL": str(opts.model)}
            with api_server(env) as (base, proc, ready):
                res["api_ready_s"] = round(ready, 1)
                res["http"] = http_latencies(base, requests, similar_ids)
                res["server_rss_mb"] = rss_mb(proc.pid)
            h = res["http"]
            res["http"]["hybrid_vs_bm25_p50"] = round(h["hybrid"]["p50"] / h["bm25"]["p50"], 2)

        # the duplicate pass (and the all-pairs baseline where it finishes)
        known = {d.id for d in docs}
        dup = run_dupes(home, self.embedder.model_id)
        res["duplicates"] = {k: v for k, v in dup.items() if k != "pairs"}
        res["duplicates"]["quality"] = score_pairs(dup["pairs"], labels, known)
        if n <= opts.allpairs_max:
            base = run_dupes(home, self.embedder.model_id, all_pairs=True)
            quality = score_pairs(base["pairs"], labels, known)
            res["all_pairs"] = {k: v for k, v in base.items() if k != "pairs"}
            res["all_pairs"]["quality"] = quality
            cand_recall = res["duplicates"]["quality"]["recall"] or 0.0
            res["all_pairs"]["time_ratio"] = round(base["pass_s"] / max(dup["pass_s"], 1e-9), 1)
            res["all_pairs"]["recall_gap_points"] = round(100 * ((quality["recall"] or 0.0) - cand_recall), 2)

        if neo4j_uri and n <= opts.neo4j_max:
            try:
                res["neo4j"] = bench_neo4j(neo4j_uri, ds, opts.policy, home, opts.model, self.embedder.model_id,
                                           requests, similar_ids, opts)
            except Exception as exc:  # noqa: BLE001 - reported, the embedded figures still stand
                res["neo4j"] = {"error": f"{type(exc).__name__}: {exc}"}
        res["loadavg_end"] = loadavg()
        return res

    def search_breakdown(self, index: Any, store: Any, requests: list[dict[str, Any]]) -> dict[str, Any]:
        """Where a search's time goes, in-process (no HTTP): the query
        embedding alone, the filter mask alone, and the whole search with the
        query vector already known."""
        from ingest.extract import extractor_for
        from ingest.tasks import TaskIndex
        from ingest.textnorm import normalise
        from search_api.core.search import Filters, Searcher

        queries = requests[: min(len(requests), 60)]
        vectors: dict[str, np.ndarray] = {}
        embed_ms, default_ms, mask_ms, core_ms = [], [], [], []
        for params in queries:  # as search encodes a query (one torch thread), and with torch's default threads
            text = normalise(params["q"])
            t = time.perf_counter()
            vectors[text] = self.embedder.encode_query(text)
            embed_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            self.embedder.encode([text])
            default_ms.append((time.perf_counter() - t) * 1000)

        model = self.embedder

        class Known:  # the embedder, answering from the vectors computed above
            name, model_id, dim = model.name, model.model_id, model.dim

            def encode(self, texts: list[str], progress: Any = None) -> np.ndarray:
                return np.stack([vectors[t] for t in texts])

            def encode_query(self, text: str) -> np.ndarray:
                return vectors[text]

        extractor = extractor_for(self.gaz)
        searcher = Searcher(index, Known(), self.gaz, extractor, self.scoring.search,
                            TaskIndex.from_store(store, extractor))
        for params in queries:
            f = Filters(**{k: v for k, v in params.items() if k != "q"})
            t = time.perf_counter()
            searcher.mask(f)
            mask_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            searcher.search(params["q"], k=10, filters=f)
            core_ms.append((time.perf_counter() - t) * 1000)
        return {"query_embedding_ms": latency_summary(embed_ms),
                "query_embedding_default_threads_ms": latency_summary(default_ms),
                "filter_mask_ms": latency_summary(mask_ms),
                "search_without_embedding_ms": latency_summary(core_ms)}

    def vector_search(self, index: Any, n: int) -> dict[str, Any]:
        """Per-query latency of exact numpy search and the usearch HNSW index
        (built here at every size, whatever EXACT_BELOW says), and HNSW recall@10."""
        rng = np.random.default_rng(self.opts.seed)
        rows = rng.choice(len(index), size=min(len(index), self.opts.vector_queries), replace=False)
        noise = rng.normal(0, 0.02, size=(len(rows), index.vectors.shape[1])).astype(np.float32)
        queries = index.vectors[rows] + noise
        queries /= np.linalg.norm(queries, axis=1, keepdims=True)
        with timed() as t_build:
            ann = index._ann if index._ann is not None else index._build_ann(index.vectors)
        saved = index._ann
        index._ann = ann
        exact_ms, ann_ms, overlap = [], [], []
        try:
            for q in queries:
                t = time.perf_counter()
                exact = index.vector_top(q, 10, exact=True)
                exact_ms.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                approx = index.vector_top(q, 10)
                ann_ms.append((time.perf_counter() - t) * 1000)
                overlap.append(len({i for i, _ in exact} & {i for i, _ in approx}) / max(1, len(exact)))
        finally:
            index._ann = saved
        e, a = latency_summary(exact_ms), latency_summary(ann_ms)
        return {"exact_ms": e, "hnsw_ms": a, "hnsw_build_s": round(t_build["wall"], 3) if saved is None else None,
                "exact_over_hnsw_p50": round(e["p50"] / a["p50"], 2) if a["p50"] else None,
                "hnsw_recall_at_10": round(float(np.mean(overlap)), 4)}


def _bf16_supported() -> bool:
    try:
        import torch

        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except Exception:  # noqa: BLE001 - no bf16 path: fill in fp32
        return False


# -- bench/neo4j_load.py (another engineer's), if present ----------------------------

def neo4j_load(uri: str | None, copies: int) -> dict[str, Any] | None:
    """bench/neo4j_load.py (batched UNWIND vs one MERGE per row), if it is
    there, against our own throw-away server (it empties the database)."""
    script = ROOT / "bench" / "neo4j_load.py"
    if not script.exists():
        return None
    if uri is None:
        return {"error": "no Neo4j server"}
    try:
        proc = subprocess.run([sys.executable, str(script), "--uri", uri, "--clear", "--copies", str(copies)],
                              capture_output=True, text=True, cwd=ROOT, timeout=1800)
    except subprocess.TimeoutExpired:
        return {"error": "timed out after 30 min"}
    if proc.returncode != 0:
        return {"error": f"exit {proc.returncode}: {(proc.stderr or proc.stdout)[-800:]}"}
    for text in (proc.stdout, *reversed(proc.stdout.strip().splitlines())):
        try:
            return json.loads(text)  # type: ignore[no-any-return]
        except json.JSONDecodeError:
            continue
    return {"error": "no JSON on stdout", "stdout": proc.stdout[-800:]}



def policy_files() -> list[Path]:
    """The bundled policy texts (data/docs), ingested first so projects link to tasks."""
    from ingest.pipeline import expand_paths, is_text

    docs = ROOT / "data" / "docs"
    return [p for p in expand_paths([docs]) if is_text(p)] if docs.exists() else []

