"""Hybrid search: BM25 over jieba words and embedding cosine, fused by
reciprocal rank, with filters. Every hit says why it matched: the shared
words, what it shares with the query (county, block, chain, task, river,
industry) and both scores."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from pydantic import BaseModel, field_validator

from ingest.extract import Extractor
from ingest.projects import classify
from ingest.tasks import TaskIndex
from ingest.textnorm import lookup_key, normalise
from ontology import Gazetteer
from search_api.core.catalog import ProjectDoc, division_code
from search_api.core.config import SearchConfig
from search_api.core.embeddings import TextEncoder
from search_api.core.index import ProjectIndex
from search_api.core.models import Hit, Ranks, Why


def top_rows(scores: np.ndarray, k: int) -> np.ndarray:
    """The rows of the k highest positive scores, best first, ties in row order: exactly the first k
    of a stable sort of every matched row, without sorting them all. A `similar` query is a whole
    project's words, common ones among them, so most of 100k projects match; sorting them all was
    most of its time (12 of 16 ms), a partition takes ~1 ms."""
    matched = np.flatnonzero(scores > 0)
    if len(matched) > k:
        values = scores[matched]
        kth = np.partition(values, len(values) - k)[len(values) - k]  # the k-th highest score
        above = matched[values > kth]
        matched = np.concatenate([above, matched[values == kth][: k - len(above)]])
    return matched[np.argsort(-scores[matched], kind="stable")[:k]]


class Mode(StrEnum):
    HYBRID = "hybrid"
    VECTOR = "vector"
    BM25 = "bm25"


class Filters(BaseModel):
    county: str | None = None
    block: str | None = None
    task: int | None = None
    industry: str | None = None
    chain: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    min_investment_wan: float | None = None
    max_investment_wan: float | None = None
    standard_industry: str | None = None  # GB/T 4754 section (D), division (44) or code (D44)
    city: str | None = None  # prefecture-level city, any of China (运城, 西安市)
    province: str | None = None

    @field_validator("county", "block", "industry", "chain", "city", "province")
    @classmethod
    def _lookup_form(cls, value: str | None) -> str | None:
        """Names compared as every lookup compares them (吉縣, full width, zero width, spaces)."""
        return lookup_key(value) if value else value

    def active(self) -> bool:
        return any(v is not None for v in self.model_dump().values())


@dataclass(frozen=True)
class Ranked:
    """One ranked project: its row, fused score, cosine, BM25 score and ranks."""

    row: int
    score: float
    vector: float | None
    bm25: float | None
    ranks: Ranks


@dataclass
class QueryFacts:
    """What a query (or a source project) is about, for the `why` of hits."""

    tokens: list[str]
    counties: set[str] = field(default_factory=set)
    blocks: set[str] = field(default_factory=set)
    chains: set[str] = field(default_factory=set)
    industries: set[str] = field(default_factory=set)
    rivers: set[str] = field(default_factory=set)
    task: int | None = None


class Searcher:
    def __init__(self, index: ProjectIndex, embedder: TextEncoder | None, gaz: Gazetteer, extractor: Extractor,
                 config: SearchConfig, tasks: TaskIndex | None = None) -> None:
        self.index, self.embedder, self.gaz, self.tasks = index, embedder, gaz, tasks
        self.extractor = extractor
        self.config = config
        self.columns = index.columns  # built (or loaded) with the index, not at the first filter

    # -- filters ----------------------------------------------------------
    def mask(self, f: Filters) -> np.ndarray | None:
        if not f.active():
            return None
        cols = self.columns
        keep = np.ones(len(self.index), dtype=bool)
        if f.county:
            keep &= cols.member(cols.county, self._county_name(f.county))
        if f.block:
            keep &= cols.member(cols.block, f.block.removesuffix("板块"))
        if f.task is not None:
            keep &= cols.member(cols.task, f.task)
        if f.industry is not None:
            keep &= cols.member(cols.industry, f.industry)
        if f.standard_industry:
            keep &= cols.member(cols.standard, f.standard_industry.strip().upper())
        if f.chain:
            keep &= cols.member(cols.chain, self._chain_id(f.chain))
        if f.city:
            keep &= cols.member(cols.city, division_code(self.gaz, normalise(f.city), "city"))
        if f.province:
            keep &= cols.member(cols.province, division_code(self.gaz, normalise(f.province), "province"))
        with np.errstate(invalid="ignore"):  # NaN (no years, no investment) compares False
            if f.year_from is not None:
                keep &= cols.year_end >= f.year_from
            if f.year_to is not None:
                keep &= cols.year_start <= f.year_to
            if f.min_investment_wan is not None:
                keep &= np.nan_to_num(cols.investment, nan=-1.0) >= f.min_investment_wan
            if f.max_investment_wan is not None:
                keep &= cols.investment <= f.max_investment_wan
        return keep

    def _county_name(self, text: str) -> str:
        entry = self.gaz.county(lookup_key(text))
        if entry is None:  # another city's county
            county = self.gaz.divisions.get(division_code(self.gaz, lookup_key(text), "county"))
            return county.name if county else text
        return entry.name

    def _chain_id(self, text: str) -> str:
        for chain in self.gaz.by_label("IndustrialChain"):
            if text in (chain.id, chain.id.removeprefix("chain:"), chain.name, *chain.forms) or text in chain.name:
                return chain.id
        return text

    # -- facts for `why` --------------------------------------------------
    def query_facts(self, text: str) -> QueryFacts:
        text = normalise(text)
        found = classify(text, self.gaz, self.extractor)
        counties = {self.gaz.entries[c].name for c in found.counties}
        blocks = {m.entry_id for m in self.extractor.find(text) if m.label == "Block"}
        for c in found.counties:
            block = self.gaz.block_of(c)
            if block:
                blocks.add(block.id)
        task_number = None
        inferred = self.tasks.infer(text) if self.tasks else None
        if self.tasks and inferred:
            task_number = next((n for n, tid in self.tasks.ids_by_number.items() if tid == inferred[0]), None)
        return QueryFacts(
            tokens=self.extractor.search_tokens(text), counties=counties,
            blocks={self.gaz.entries[b].name for b in blocks},
            chains={self.gaz.links[l].chain_id for l in found.links},
            industries={self.gaz.entries[i].name for i in found.industries},
            rivers={self.gaz.entries[m].name for m in found.mentions if m.startswith("river:")},
            task=task_number)

    @staticmethod
    def doc_facts(doc: ProjectDoc) -> QueryFacts:
        return QueryFacts(tokens=doc.tokens, counties=set(doc.counties), blocks={doc.block} if doc.block else set(),
                          chains=set(doc.chains), industries=set(doc.industries), rivers=set(doc.rivers),
                          task=doc.task)

    def why(self, facts: QueryFacts, doc: ProjectDoc, vector: float | None, bm25: float | None,
            ranks: Ranks) -> Why:
        shared: dict[str, list[str] | int | None] = {
            "county": sorted(facts.counties & set(doc.counties)),
            "block": sorted(facts.blocks & ({doc.block} if doc.block else set())),
            "chain": sorted(facts.chains & set(doc.chains)),
            "industry": sorted(facts.industries & set(doc.industries)),
            "river": sorted(facts.rivers & set(doc.rivers)),
            "task": facts.task if facts.task is not None and facts.task == doc.task else None,
        }
        return Why(matched_terms=sorted(set(facts.tokens) & set(doc.tokens)),
                   shared={k: v for k, v in shared.items() if v},
                   vector_score=None if vector is None else round(vector, 4),
                   bm25_score=None if bm25 is None else round(bm25, 3), ranks=ranks)

    # -- ranking ----------------------------------------------------------
    def rank(self, tokens: list[str], vector: np.ndarray | None, mask: np.ndarray | None, mode: Mode,
             exclude: int | None = None, k: int = 10) -> list[Ranked]:
        """The k best projects, each with its fused score, cosine, BM25 score and both ranks."""
        pool = max(self.config.pool, k)
        vec_hits: list[tuple[int, float]] = []
        if mode in (Mode.HYBRID, Mode.VECTOR) and vector is not None and self.index.vectors is not None:
            vec_hits = [h for h in self.index.vector_top(vector, pool + 1, mask) if h[0] != exclude][:pool]
        bm = self.index.bm25_scores(tokens) if mode in (Mode.HYBRID, Mode.BM25) else None
        bm_hits: list[tuple[int, float]] = []
        if bm is not None:
            if mask is not None:
                bm = np.where(mask, bm, 0.0)
            if exclude is not None:
                bm[exclude] = 0.0
            bm_hits = [(int(i), float(bm[i])) for i in top_rows(bm, pool)]
        vec_rank = {i: r for r, (i, _) in enumerate(vec_hits, start=1)}
        bm_rank = {i: r for r, (i, _) in enumerate(bm_hits, start=1)}
        vec_score = dict(vec_hits)
        if mode is Mode.VECTOR:
            fused = {i: s for i, s in vec_hits}
        elif mode is Mode.BM25:
            fused = {i: s for i, s in bm_hits}
        else:
            fused = {}
            for ranks in (vec_rank, bm_rank):
                for i, r in ranks.items():
                    fused[i] = fused.get(i, 0.0) + 1.0 / (self.config.rrf_k + r)
        top = sorted(fused.items(), key=lambda kv: (-kv[1], self.index.docs[kv[0]].id))[:k]
        out = []
        for i, score in top:
            v = vec_score.get(i)
            if v is None and vector is not None and self.index.vectors is not None:
                v = float(self.index.vectors[i] @ vector)
            out.append(Ranked(i, score, v, float(bm[i]) if bm is not None else None,
                              Ranks(vector=vec_rank.get(i), bm25=bm_rank.get(i))))
        return out

    def search(self, query: str, k: int = 10, filters: Filters | None = None, mode: Mode = Mode.HYBRID) -> list[Hit]:
        facts = self.query_facts(query)
        vector = self.embedder.encode_query(normalise(query)) if self.embedder and mode is not Mode.BM25 else None
        ranked = self.rank(facts.tokens, vector, self.mask(filters or Filters()), mode, k=k)
        return [self._hit(r, facts) for r in ranked]

    def similar(self, project_id: str, k: int = 10, filters: Filters | None = None,
                mode: Mode = Mode.HYBRID) -> list[Hit]:
        i = self.index.position[project_id]
        doc = self.index.docs[i]
        vector = self.index.vectors[i] if self.index.vectors is not None and mode is not Mode.BM25 else None
        facts = self.doc_facts(doc)
        ranked = self.rank(doc.tokens, vector, self.mask(filters or Filters()), mode, exclude=i, k=k)
        return [self._hit(r, facts) for r in ranked]

    def _hit(self, r: Ranked, facts: QueryFacts) -> Hit:
        doc = self.index.docs[r.row]
        return Hit(id=doc.id, name=doc.name, county=doc.county, counties=doc.counties, block=doc.block, task=doc.task,
                   chains=doc.chains, score=round(r.score, 6), why=self.why(facts, doc, r.vector, r.bm25, r.ranks))
