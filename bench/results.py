"""Every figure the benchmark measures, as typed, frozen models.

The harness returns these and the report reads their attributes, so a
figure that is renamed or dropped fails at once rather than printing "–" in
a table nobody checks. Field names are the keys of var/bench/results.json
(`BenchRun.model_dump_json`), so `bench/run.py --report-only` can re-render
the results of an earlier run. NaN (a latency with no samples) is kept as
NaN in the JSON, as `json.dumps` wrote it before."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Figures(BaseModel):
    """Base of the result models: immutable, no unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid", ser_json_inf_nan="constants")


# -- the run and the machine ---------------------------------------------------

class Machine(Figures):
    """What the figures were measured on (they are only comparable on the same)."""

    cores: int | None
    memory_gb: float | None
    cpu: str
    python: str
    platform: str
    versions: dict[str, str | None]
    blas: list[str] | None
    openblas_env: dict[str, str]


class RunOptions(Figures):
    """The options that change the figures, echoed into the results."""

    sizes: list[int]
    requests: int
    similar_requests: int
    embed_sample: int
    fill: str
    allpairs_max: int
    seed: int


# -- one size: data and ingest ---------------------------------------------------

class DataSet(Figures):
    """The generated project lists (bench/generate.py)."""

    files: int
    projects: int
    planted_pairs: int
    hard_negatives: int
    generate_s: float


class PolicyIngest(Figures):
    """The bundled policy texts, ingested first (so projects link to tasks)."""

    files: int
    seconds: float
    failed: list[str | None]


class Ingest(Figures):
    """First ingest of the lists, without embeddings."""

    projects: int
    stored_projects: int
    files: int
    seconds: float
    cpu_s: float
    rate: float
    cpu_rate: float
    failed: list[str | None]
    warnings: int


class Reingest(Figures):
    """The same files again, unchanged: the baseline is the first ingest."""

    seconds: float
    rate: float
    unchanged: int
    speedup: float


# -- embeddings ------------------------------------------------------------------

class Fill(Figures):
    """The texts beyond the measured sample, encoded to fill the cache."""

    texts: int
    dtype: str
    cosine_to_fp32_min: float | None = None
    cosine_to_fp32_mean: float | None = None
    seconds: float | None = None
    rate: float | None = None
    threads_chosen: list[int] | None = None


class Embed(Figures):
    """CachedEncoder against the model's own `encode` on the same sample,
    then the fill and a warm pass over every text."""

    texts: int
    sample: int
    raw_rate: float
    cached_cold_s: float
    cached_cold_rate: float
    ratio_total: float
    ratio: float  # median of the paired chunks: the goal's figure
    chunk_ratios: list[float]
    chunk: int = 128  # texts per paired chunk (results of earlier runs did not record it)
    misses: int
    fill: Fill
    cached_warm_s: float
    cached_warm_rate: float
    warm_speedup: float
    warm_misses: int
    projected_fp32_all_s: float


# -- search ----------------------------------------------------------------------

class Latency(Figures):
    """Milliseconds per call."""

    n: int
    p50: float
    p95: float
    p99: float
    mean: float


class HttpLatency(Latency):
    """Milliseconds per request, and how many search requests found anything."""

    with_hits: int | None = None


class VectorSearch(Figures):
    """Exact numpy top-10 against usearch HNSW on the same queries."""

    exact_ms: Latency
    hnsw_ms: Latency
    hnsw_build_s: float | None  # None: the index had built its HNSW already
    exact_over_hnsw_p50: float | None
    hnsw_recall_at_10: float
    exact_below: int
    index_uses_ann: bool


class SearchBreakdown(Figures):
    """Where an in-process search's time goes."""

    query_embedding_ms: Latency
    query_embedding_default_threads_ms: Latency
    filter_mask_ms: Latency
    search_without_embedding_ms: Latency


class HttpResult(Figures):
    """Search and `similar` through the API; hybrid and BM25 interleaved."""

    hybrid: HttpLatency
    bm25: HttpLatency
    similar: HttpLatency
    hybrid_vs_bm25_p50: float | None = None


# -- duplicates ------------------------------------------------------------------

class PairQuality(Figures):
    """Flagged pairs scored against the planted ones."""

    planted: int
    hard_negatives: int
    labels_missing_in_store: int
    flagged: int
    true_positives: int
    precision: float | None
    recall: float | None
    hard_negatives_flagged: int
    unplanted_flagged: int


class PassFigures(Figures):
    """One duplicate pass in the child process."""

    projects: int
    index_s: float
    pass_s: float
    pass_cpu_s: float
    candidates: int
    peak_rss_mb: float
    rss_before_pass_mb: float
    uses_ann: bool


class ChildOutput(PassFigures):
    """What the duplicate child prints: the figures and the flagged pairs."""

    pairs: list[tuple[str, str, float]]


class DuplicatePass(PassFigures):
    """The candidate pass, with its quality."""

    quality: PairQuality


class AllPairs(DuplicatePass):
    """The all-pairs baseline, against the candidate pass."""

    time_ratio: float
    recall_gap_points: float


# -- Neo4j -----------------------------------------------------------------------

class Failure(Figures):
    """A part that could not run; the other figures still stand."""

    error: str
    stdout: str | None = None


class Neo4jIngest(Figures):
    projects: int
    seconds: float
    rate: float
    failed: list[str | None]


class Neo4jReingest(Figures):
    seconds: float
    rate: float
    speedup: float


class Neo4jResult(Figures):
    """The same lists on the Neo4j backend (at the sizes up to --neo4j-max)."""

    uri: str
    ingest: Neo4jIngest
    reingest: Neo4jReingest
    embedding_cache_copy_s: float
    api_ready_s: float | None = None
    http: HttpResult | None = None
    server_rss_mb: float | None = None


class Neo4jLoadPass(Figures):
    """One pass of bench/neo4j_load.py (another engineer's script): kept as it prints it."""

    model_config = ConfigDict(frozen=True, extra="allow")

    batch_size: int
    copies: int
    rows: int
    seconds: float
    rows_per_s: float
    nodes_in_db: int
    edges_in_db: int


class Neo4jLoad(Figures):
    """bench/neo4j_load.py: batched UNWIND against one MERGE per row."""

    model_config = ConfigDict(frozen=True, extra="allow")

    server: str
    documents_per_copy: int
    rows_per_copy: int
    unwind: Neo4jLoadPass
    per_row: Neo4jLoadPass
    ratio: float


# -- per size, and the whole run -------------------------------------------------

class SizeResult(Figures):
    """Everything measured at one size N."""

    size: int
    loadavg_start: list[float]
    data: DataSet
    policy: PolicyIngest
    ingest: Ingest
    reingest: Reingest
    load_projects_s: float
    embed: Embed
    index_build_s: float
    vector: VectorSearch
    search_inprocess: SearchBreakdown
    api_ready_s: float | None = None
    http: HttpResult | None = None
    server_rss_mb: float | None = None
    duplicates: DuplicatePass
    all_pairs: AllPairs | None = None
    neo4j: Neo4jResult | Failure | None = None
    loadavg_end: list[float]


class ScalingSeries(Figures):
    """One cost across the sizes, and the fitted exponent of cost ∝ N^e."""

    unit: str
    values: list[float | None]
    exponent: float | None


class Goal(Figures):
    """One goal of the issue, at the size it is judged at."""

    goal: str
    target: str
    measured: str
    met: bool | None
    size: int
    note: str = ""


class BenchRun(Figures):
    """A whole run: what results.json holds and the report is written from."""

    date: str
    command: str
    machine: Machine
    loadavg_start: list[float]
    options: RunOptions
    results: list[SizeResult]
    scaling: dict[str, ScalingSeries]
    goals: list[Goal]
    loadavg_end: list[float]
    total_minutes: float
    neo4j_note: str | None = None
    neo4j_load: Neo4jLoad | Failure | None = None
