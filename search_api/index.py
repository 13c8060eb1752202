"""An index of every project for search, `similar` and duplicate detection:
metadata for filters, jieba BM25 and the embedding matrix. Built from the
store in one pass over nodes and edges.

Where the store has native indexes (`GraphStore.sync_project_index` answers
rather than returning None, as Neo4j does), the top-k BM25 and vector queries
go to the store; otherwise they run here: bm25s in memory, exact numpy cosine,
and an approximate (usearch HNSW) index once exact search stops being the
faster choice. Callers never learn which."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import bm25s
import numpy as np

from graph.store import GraphStore
from ingest.textnorm import search_tokens
from search_api.embeddings import CachedEncoder

EXACT_BELOW = 20000  # below this many projects a brute-force dot product beats the HNSW index
FILTERED_EXACT_BELOW = 200000  # filtered queries scan their candidates exactly up to this many
CONTENT_CHARS = 160
_YEAR = re.compile(r"(\d{4})")


@dataclass
class ProjectDoc:
    id: str
    name: str
    county: str | None
    counties: list[str]
    block: str | None
    task: int | None
    task_id: str | None
    industries: list[str]
    chains: list[str]
    links: list[str]
    rivers: list[str]
    investment_wan: float | None
    years: str | None
    content: str
    tokens: list[str] = field(default_factory=list)

    @property
    def year_span(self) -> tuple[int, int] | None:
        found = [int(y) for y in _YEAR.findall(self.years or "")]
        return (min(found), max(found)) if found else None

    def embed_text(self) -> str:
        return f"{self.name}。{self.content[:CONTENT_CHARS]}" if self.content else self.name


def load_projects(store: GraphStore) -> list[ProjectDoc]:
    """Every project with its linked attributes, from one pass over the graph."""
    names: dict[str, str] = {}
    labels: dict[str, str] = {}
    chain_of_link: dict[str, str] = {}
    task_number: dict[str, int] = {}
    projects = []
    for node in store.iter_nodes():
        labels[node.id] = node.label
        names[node.id] = node.props.get("name") or node.props.get("title") or node.id
        if node.label == "ChainLink":
            chain_of_link[node.id] = node.props["chain"]
        elif node.label == "Task":
            task_number[node.id] = int(node.props.get("number", 0))
        elif node.label == "Project":
            projects.append(node)
    out_edges: dict[str, list[tuple[str, str]]] = defaultdict(list)
    block_of: dict[str, str] = {}
    for edge in store.iter_edges():
        if edge.type == "MEMBER_OF" and labels.get(edge.dst) == "Block":
            block_of[edge.src] = names[edge.dst]
        elif labels.get(edge.src) == "Project":
            out_edges[edge.src].append((edge.type, edge.dst))
    docs = []
    for node in projects:
        edges = out_edges[node.id]
        counties = [d for t, d in edges if t == "LOCATED_IN" and labels.get(d) in ("County", "Region")]
        links = [d for t, d in edges if t == "PART_OF_CHAIN"]
        tasks = [d for t, d in edges if t == "SERVES_TASK"]
        blocks = [block_of[c] for c in counties if c in block_of]
        props = node.props
        docs.append(ProjectDoc(
            id=node.id, name=props.get("name", ""), county=props.get("county"),
            counties=[names[c] for c in counties], block=blocks[0] if blocks else None,
            task=task_number.get(tasks[0]) if tasks else None, task_id=tasks[0] if tasks else None,
            industries=sorted(names[d] for t, d in edges if t == "IN_INDUSTRY"),
            chains=sorted({chain_of_link[l] for l in links if l in chain_of_link}),
            links=sorted(names[l] for l in links),
            rivers=sorted(names[d] for t, d in edges if t == "MENTIONS" and labels.get(d) == "River"),
            investment_wan=props.get("investment_wan"), years=props.get("years"),
            content=props.get("content") or "", tokens=(props.get("search_text") or "").split()))
    docs.sort(key=lambda d: d.id)
    return docs


class ProjectIndex:
    def __init__(self, docs: list[ProjectDoc], vectors: np.ndarray | None, store: GraphStore | None = None,
                 model_id: str | None = None) -> None:
        """`store`, when given, is offered the projects for its native
        indexes; `model_id` names the model that made `vectors`."""
        self.docs = docs
        self.position = {d.id: i for i, d in enumerate(docs)}
        self.vectors = vectors
        for doc in docs:
            if not doc.tokens:
                doc.tokens = search_tokens(f"{doc.name} {doc.content}")
        self.derived: dict[str, Any] = {}  # data other modules compute once per index (duplicate keys)
        self._native: GraphStore | None = None
        if store is not None and store.sync_project_index(
                [d.id for d in docs], [" ".join(d.tokens) for d in docs], vectors, model_id) is not None:
            self._native = store
        self.bm25: bm25s.BM25 | None = None
        self._ann = None
        if self._native is None:
            if docs:
                self.bm25 = bm25s.BM25()
                self.bm25.index([d.tokens or ["_"] for d in docs], show_progress=False)
            if vectors is not None and len(docs) >= EXACT_BELOW:
                self._ann = self._build_ann(vectors)

    @classmethod
    def from_docs(cls, docs: list[ProjectDoc], encoder: CachedEncoder | None,
                  progress: Callable[[int], None] | None = None, store: GraphStore | None = None) -> "ProjectIndex":
        vectors = encoder.encode([d.embed_text() for d in docs], progress) if encoder else None
        return cls(docs, vectors, store, encoder.embedder.model_id if encoder else None)

    @classmethod
    def build(cls, store: GraphStore, encoder: CachedEncoder | None,
              progress: Callable[[int], None] | None = None) -> "ProjectIndex":
        return cls.from_docs(load_projects(store), encoder, progress, store=store)

    @staticmethod
    def _build_ann(vectors: np.ndarray):  # type: ignore[no-untyped-def]
        from usearch.index import Index

        index = Index(ndim=vectors.shape[1], metric="cos", dtype="f32", connectivity=16,
                      expansion_add=128, expansion_search=96)
        index.add(np.arange(len(vectors)), vectors)
        return index

    def __len__(self) -> int:
        return len(self.docs)

    @property
    def uses_ann(self) -> bool:
        return self._ann is not None

    @property
    def uses_native(self) -> bool:
        """Whether the store's own indexes answer top-k queries."""
        return self._native is not None

    def bm25_scores(self, tokens: list[str]) -> np.ndarray:
        """A BM25 score per project (0 where no word matches)."""
        if not self.docs or not tokens:
            return np.zeros(len(self.docs), dtype=np.float32)
        if self._native is not None:
            scores = np.zeros(len(self.docs), dtype=np.float32)
            for project_id, score in self._native.fulltext_top(tokens, len(self.docs)) or []:
                if project_id in self.position:
                    scores[self.position[project_id]] = score
            return scores
        assert self.bm25 is not None
        return np.asarray(self.bm25.get_scores(tokens), dtype=np.float32)

    def vector_top(self, query: np.ndarray, k: int, mask: np.ndarray | None = None,
                   exact: bool = False) -> list[tuple[int, float]]:
        """The k nearest projects by cosine, restricted to `mask`."""
        assert self.vectors is not None, "index was built without embeddings"
        if self._native is not None and not exact:
            ids = None if mask is None else [self.docs[i].id for i in np.flatnonzero(mask)]
            hits = self._native.vector_top(query, k, ids) or []
            return [(self.position[p], s) for p, s in hits if p in self.position]
        candidates = np.flatnonzero(mask) if mask is not None else None
        # A filtered query is answered exactly (one matrix-vector product,
        # ~5 ms at 100k projects): asking the HNSW graph for k * 8 neighbours
        # to survive the filter cost ~20-30 ms at 100k and could still fall
        # back to the exact scan.
        filtered_exact = candidates is not None and len(candidates) < FILTERED_EXACT_BELOW
        if self._ann is not None and not exact and not filtered_exact:
            want = k if mask is None else min(len(self.docs), k * 8)
            matches = self._ann.search(query, want)
            hits = [(int(key), float(1.0 - dist)) for key, dist in zip(matches.keys, matches.distances)]
            if mask is not None:
                hits = [(i, s) for i, s in hits if mask[i]]
            if len(hits) >= k or mask is None:
                return hits[:k]
        if k <= 0 or (candidates is not None and len(candidates) == 0):
            return []
        if candidates is None:
            scores = self.vectors @ query
            candidates = np.arange(len(self.docs))
        elif len(candidates) > len(self.docs) // 4:  # cheaper than copying most rows out
            scores = (self.vectors @ query)[candidates]
        else:
            scores = self.vectors[candidates] @ query
        if len(scores) > k:  # the k best, then only those sorted
            best = np.argpartition(-scores, k - 1)[:k]
            top = best[np.argsort(-scores[best], kind="stable")]
        else:
            top = np.argsort(-scores, kind="stable")
        return [(int(candidates[i]), float(scores[i])) for i in top]

    def neighbours_batch(self, rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """k nearest neighbours of many projects at once (for duplicates)."""
        assert self.vectors is not None
        if self._native is not None:
            keys = np.full((len(rows), k + 1), -1, dtype=np.int64)  # -1: fewer neighbours than asked
            sims = np.zeros((len(rows), k + 1), dtype=np.float32)
            for r, row in enumerate(rows):
                hits = self.vector_top(self.vectors[row], k + 1)
                for c, (j, s) in enumerate(hits[: k + 1]):
                    keys[r, c], sims[r, c] = j, s
            return keys, sims
        if self._ann is not None:
            matches = self._ann.search(self.vectors[rows], k + 1)
            return matches.keys.astype(np.int64), (1.0 - matches.distances).astype(np.float32)
        keys = np.zeros((len(rows), k + 1), dtype=np.int64)
        sims = np.zeros((len(rows), k + 1), dtype=np.float32)
        for start in range(0, len(rows), 1024):
            block = self.vectors[rows[start : start + 1024]] @ self.vectors.T
            top = np.argpartition(-block, min(k, block.shape[1] - 1), axis=1)[:, : k + 1]
            order = np.take_along_axis(block, top, axis=1).argsort(axis=1)[:, ::-1]
            top = np.take_along_axis(top, order, axis=1)
            keys[start : start + len(top), : top.shape[1]] = top
            sims[start : start + len(top), : top.shape[1]] = np.take_along_axis(block, top, axis=1)
        return keys, sims
