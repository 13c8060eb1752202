"""Hybrid search: BM25 over jieba words and embedding cosine, fused by
reciprocal rank, with filters. Every hit says why it matched: the shared
words, what it shares with the query (county, block, chain, task, river,
industry) and both scores."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import numpy as np
from pydantic import BaseModel

from ingest.extract import extractor_for
from ingest.projects import classify
from ingest.tasks import TaskIndex
from ingest.textnorm import normalise, search_tokens
from ontology import Gazetteer
from search_api.embeddings import Embedder
from search_api.index import ProjectDoc, ProjectIndex

RRF_K = 60
POOL = 200  # how deep each ranking goes before fusion


class Mode(str, Enum):
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

    def active(self) -> bool:
        return any(v is not None for v in self.model_dump().values())


class Hit(BaseModel):
    id: str
    name: str
    county: str | None
    counties: list[str]
    block: str | None
    task: int | None
    chains: list[str]
    score: float
    why: dict[str, Any]


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
    def __init__(self, index: ProjectIndex, embedder: Embedder | None, gaz: Gazetteer,
                 tasks: TaskIndex | None = None) -> None:
        self.index, self.embedder, self.gaz, self.tasks = index, embedder, gaz, tasks
        self.extractor = extractor_for(gaz)

    # -- filters ----------------------------------------------------------
    def mask(self, f: Filters) -> np.ndarray | None:
        if not f.active():
            return None
        county = self._county_name(f.county) if f.county else None
        block = f.block.removesuffix("板块") if f.block else None
        chain = self._chain_id(f.chain) if f.chain else None
        keep = np.ones(len(self.index), dtype=bool)
        for i, d in enumerate(self.index.docs):
            span = d.year_span
            keep[i] = ((county is None or county in d.counties or d.county == county)
                       and (block is None or d.block == block)
                       and (f.task is None or d.task == f.task)
                       and (f.industry is None or f.industry in d.industries)
                       and (chain is None or chain in d.chains)
                       and (f.year_from is None or (span is not None and span[1] >= f.year_from))
                       and (f.year_to is None or (span is not None and span[0] <= f.year_to))
                       and (f.min_investment_wan is None or (d.investment_wan or -1) >= f.min_investment_wan)
                       and (f.max_investment_wan is None or
                            (d.investment_wan is not None and d.investment_wan <= f.max_investment_wan)))
        return keep

    def _county_name(self, text: str) -> str:
        entry = self.gaz.county(normalise(text))
        return entry.name if entry else text

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
        inferred = self.tasks.infer(text) if self.tasks else None
        task_number = None
        if inferred:
            task_number = next((n for n, tid in self.tasks.ids_by_number.items() if tid == inferred[0]), None)  # type: ignore[union-attr]
        return QueryFacts(
            tokens=search_tokens(text), counties=counties,
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
            ranks: dict[str, int | None]) -> dict[str, Any]:
        shared = {
            "county": sorted(facts.counties & set(doc.counties)),
            "block": sorted(facts.blocks & ({doc.block} if doc.block else set())),
            "chain": sorted(facts.chains & set(doc.chains)),
            "industry": sorted(facts.industries & set(doc.industries)),
            "river": sorted(facts.rivers & set(doc.rivers)),
            "task": facts.task if facts.task is not None and facts.task == doc.task else None,
        }
        return {"matched_terms": sorted(set(facts.tokens) & set(doc.tokens)),
                "shared": {k: v for k, v in shared.items() if v},
                "vector_score": None if vector is None else round(vector, 4),
                "bm25_score": None if bm25 is None else round(bm25, 3), "ranks": ranks}

    # -- ranking ----------------------------------------------------------
    def rank(self, tokens: list[str], vector: np.ndarray | None, mask: np.ndarray | None, mode: Mode,
             exclude: int | None = None, k: int = 10) -> list[tuple[int, float, float | None, float | None, dict[str, int | None]]]:
        pool = max(POOL, k)
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
            order = np.argsort(-bm)[:pool]
            bm_hits = [(int(i), float(bm[i])) for i in order if bm[i] > 0]
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
                    fused[i] = fused.get(i, 0.0) + 1.0 / (RRF_K + r)
        top = sorted(fused.items(), key=lambda kv: (-kv[1], self.index.docs[kv[0]].id))[:k]
        out = []
        for i, score in top:
            v = vec_score.get(i)
            if v is None and vector is not None and self.index.vectors is not None:
                v = float(self.index.vectors[i] @ vector)
            out.append((i, score, v, float(bm[i]) if bm is not None else None,
                        {"vector": vec_rank.get(i), "bm25": bm_rank.get(i)}))
        return out

    def search(self, query: str, k: int = 10, filters: Filters | None = None, mode: Mode = Mode.HYBRID) -> list[Hit]:
        facts = self.query_facts(query)
        vector = self.embedder.encode_one(normalise(query)) if self.embedder and mode is not Mode.BM25 else None
        ranked = self.rank(facts.tokens, vector, self.mask(filters or Filters()), mode, k=k)
        return [self._hit(i, s, facts, v, b, r) for i, s, v, b, r in ranked]

    def similar(self, project_id: str, k: int = 10, filters: Filters | None = None,
                mode: Mode = Mode.HYBRID) -> list[Hit]:
        i = self.index.position[project_id]
        doc = self.index.docs[i]
        vector = self.index.vectors[i] if self.index.vectors is not None and mode is not Mode.BM25 else None
        facts = self.doc_facts(doc)
        ranked = self.rank(doc.tokens, vector, self.mask(filters or Filters()), mode, exclude=i, k=k)
        return [self._hit(j, s, facts, v, b, r) for j, s, v, b, r in ranked]

    def _hit(self, i: int, score: float, facts: QueryFacts, vector: float | None, bm25: float | None,
             ranks: dict[str, int | None]) -> Hit:
        doc = self.index.docs[i]
        return Hit(id=doc.id, name=doc.name, county=doc.county, counties=doc.counties, block=doc.block, task=doc.task,
                   chains=doc.chains, score=round(score, 6), why=self.why(facts, doc, vector, bm25, ranks))
