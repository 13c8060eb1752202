"""Search in-process: planner-like queries from the ontology, exact numpy
against HNSW vector search on the same queries, and where a search's time
goes (query embedding, filter mask, the rest)."""

from __future__ import annotations

import random
from typing import Any

import numpy as np

from bench.context import BenchContext
from bench.generate import FACILITIES, QUANTITIES
from bench.results import SearchBreakdown, VectorSearch
from bench.timing import latency, time_ms, timed
from graph.store import GraphStore
from ingest.tasks import TaskIndex
from ingest.textnorm import normalise
from ontology import Gazetteer
from search_api.core.catalog import ProjectDoc
from search_api.core.embeddings import TextEncoder
from search_api.core.index import ProjectIndex, build_ann
from search_api.core.progress import ProgressHook
from search_api.core.search import Filters, Searcher

BREAKDOWN_QUERIES = 60


def build_index(ctx: BenchContext, docs: list[ProjectDoc], vectors: np.ndarray) -> tuple[ProjectIndex, float]:
    """The in-memory index (BM25, and HNSW from `exact_below` projects) and its build seconds."""
    with timed() as t:
        index = ProjectIndex(docs, vectors, ctx.scoring.search, ctx.extractor)
    return index, t.wall


def _query_text(rng: random.Random, gaz: Gazetteer, kinds: dict[str, Any]) -> str:
    """A keyword of an industry or chain link, often with a facility word, a county or a unit."""
    industry = rng.choice(gaz.by_label("Industry"))
    words = [w for w in (industry.name, *industry.data.get("keywords", [])) if len(w) > 1]
    q = str(rng.choice(words))
    r = rng.random()
    if r < 0.4:
        q += rng.choice(FACILITIES[kinds[industry.name]])
    elif r < 0.6:
        q = rng.choice(gaz.by_label("County")).name + q
    elif r < 0.7:
        q += rng.choice(QUANTITIES[kinds[industry.name]])[1]
    return q


def _one_filter(rng: random.Random, gaz: Gazetteer, which: int) -> dict[str, Any]:
    """One filter of each kind in turn: county, block, chain, industry, years, investment."""
    chains = gaz.by_label("IndustrialChain")
    if which == 0:
        return {"county": rng.choice(gaz.by_label("County")).name}
    if which == 1:
        return {"block": rng.choice(gaz.by_label("Block")).name}
    if which == 2 and chains:
        return {"chain": rng.choice(chains).name}
    if which == 3:
        return {"industry": rng.choice(gaz.by_label("Industry")).name}
    if which == 4:
        start = rng.randint(2021, 2025)
        return {"year_from": start, "year_to": start + 2}
    return {"min_investment_wan": rng.choice([1000, 10000, 50000])}


def search_requests(gaz: Gazetteer, n: int, seed: int) -> list[dict[str, Any]]:
    """`n` hybrid-search parameter sets: a planner's query and one filter each."""
    rng = random.Random(seed)
    kinds = {i.name: (i.data.get("kind") if i.data.get("kind") in FACILITIES else "emerging")
             for i in gaz.by_label("Industry")}
    out = []
    for i in range(n):
        q = _query_text(rng, gaz, kinds)
        out.append({"q": q, **_one_filter(rng, gaz, i % 6)})
    return out


def _noisy_queries(index: ProjectIndex, count: int, seed: int) -> np.ndarray:
    """Stored vectors with a little noise, normalised: queries with known near neighbours."""
    assert index.vectors is not None
    rng = np.random.default_rng(seed)
    rows = rng.choice(len(index), size=min(len(index), count), replace=False)
    noise = rng.normal(0, 0.02, size=(len(rows), index.vectors.shape[1])).astype(np.float32)
    queries = index.vectors[rows] + noise
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    return queries


def vector_search(ctx: BenchContext, index: ProjectIndex) -> VectorSearch:
    """Per-query latency of exact numpy search and the usearch HNSW index
    (built here at every size, whatever `exact_below` says), and HNSW recall@10."""
    assert index.vectors is not None
    queries = _noisy_queries(index, ctx.opts.vector_queries, ctx.opts.seed)
    saved, saved_positions = index._ann, index._ann_positions
    with timed() as t_build:
        ann = saved if saved is not None else build_ann(index.vectors, index.config)
    index._ann = ann
    if saved is None:
        index._ann_positions = np.arange(len(index), dtype=np.int64)
    exact_ms, ann_ms, overlap = [], [], []
    try:
        for q in queries:
            exact, e_ms = time_ms(index.vector_top, q, 10, exact=True)
            approx, a_ms = time_ms(index.vector_top, q, 10)
            exact_ms.append(e_ms)
            ann_ms.append(a_ms)
            overlap.append(len({i for i, _ in exact} & {i for i, _ in approx}) / max(1, len(exact)))
    finally:
        index._ann, index._ann_positions = saved, saved_positions
    e, a = latency(exact_ms), latency(ann_ms)
    return VectorSearch(exact_ms=e, hnsw_ms=a, hnsw_build_s=round(t_build.wall, 3) if saved is None else None,
                        exact_over_hnsw_p50=round(e.p50 / a.p50, 2) if a.p50 else None,
                        hnsw_recall_at_10=round(float(np.mean(overlap)), 4),
                        exact_below=ctx.scoring.search.exact_below, index_uses_ann=index.uses_ann)


class KnownVectors:
    """A TextEncoder answering queries from vectors computed beforehand, so
    that a timed search leaves the query embedding out."""

    def __init__(self, vectors: dict[str, np.ndarray], like: TextEncoder) -> None:
        self.vectors = vectors
        self.name, self.model_id, self.dim = like.name, like.model_id, like.dim

    def encode(self, texts: list[str], progress: ProgressHook | None = None) -> np.ndarray:
        return np.stack([self.vectors[t] for t in texts])

    def encode_query(self, text: str) -> np.ndarray:
        return self.vectors[text]


def search_breakdown(ctx: BenchContext, index: ProjectIndex, store: GraphStore,
                     requests: list[dict[str, Any]]) -> SearchBreakdown:
    """Where a search's time goes, in-process (no HTTP): the query embedding
    alone (as search encodes it, on one torch thread, and with torch's
    default threads), the filter mask alone, and the whole search with the
    query vector already known."""
    queries = requests[:min(len(requests), BREAKDOWN_QUERIES)]
    embedder = ctx.embedder
    vectors: dict[str, np.ndarray] = {}
    embed_ms, default_ms, mask_ms, core_ms = [], [], [], []
    for params in queries:
        text = normalise(params["q"])
        vectors[text], ms = time_ms(embedder.encode_query, text)
        embed_ms.append(ms)
        default_ms.append(time_ms(embedder.encode, [text])[1])
    tasks = TaskIndex.from_store(store, ctx.extractor)
    searcher = Searcher(index, KnownVectors(vectors, embedder), ctx.gaz, ctx.extractor, ctx.scoring.search, tasks)
    for params in queries:
        f = Filters(**{k: v for k, v in params.items() if k != "q"})
        mask_ms.append(time_ms(searcher.mask, f)[1])
        core_ms.append(time_ms(searcher.search, params["q"], k=10, filters=f)[1])
    return SearchBreakdown(query_embedding_ms=latency(embed_ms), query_embedding_default_threads_ms=latency(default_ms),
                           filter_mask_ms=latency(mask_ms), search_without_embedding_ms=latency(core_ms))
