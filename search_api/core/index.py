"""An index of every project for search, `similar` and duplicate detection:
metadata for filters, jieba BM25 and the embedding matrix. Built from the
store in one pass over nodes and edges.

Where the store has native indexes (`GraphStore.sync_project_index` answers
rather than returning None, as Neo4j does) and `SearchConfig.native_store_indexes`
asks for them, the top-k BM25 and vector queries go to the store; otherwise
(the default, on every backend) they run here: bm25s in memory, exact numpy cosine,
and an approximate (usearch HNSW) index once exact search stops being the
faster choice. Callers never learn which."""

from __future__ import annotations

from typing import Any

import bm25s
import numpy as np

from graph.store import GraphStore
from ingest.extract import Extractor
from search_api.core.catalog import ProjectDoc, load_projects
from search_api.core.columns import FilterColumns
from search_api.core.config import SearchConfig
from search_api.core.embeddings import CachedEncoder
from search_api.core.progress import ProgressHook

ROWS_PER_PRODUCT = 1024  # rows of one exact neighbour product: 1024 × 100k float32 is 400 MB


def build_ann(vectors: np.ndarray, config: SearchConfig) -> Any:
    """A usearch HNSW graph over `vectors`, keyed by row."""
    from usearch.index import Index

    index = Index(ndim=vectors.shape[1], metric="cos", dtype="f32", connectivity=config.hnsw_connectivity,
                  expansion_add=config.hnsw_expansion_add, expansion_search=config.hnsw_expansion_search)
    index.add(np.arange(len(vectors)), np.ascontiguousarray(vectors, dtype=np.float32))
    return index


class ProjectIndex:
    def __init__(self, docs: list[ProjectDoc], vectors: np.ndarray | None, config: SearchConfig,
                 extractor: Extractor, store: GraphStore | None = None, model_id: str | None = None, *,
                 bm25: bm25s.BM25 | None = None, ann: tuple[Any, np.ndarray] | None = None,
                 columns: FilterColumns | None = None) -> None:
        """`store`, when given, is offered the projects for its native
        indexes; `model_id` names the model that made `vectors`. `bm25`,
        `ann` (an HNSW graph and the project position of each of its keys,
        -1 for a removed one) and the filter `columns` pass in parts loaded
        or updated by index_files.py; what is not passed is built here."""
        self.docs = docs
        self.config = config
        self.position = {d.id: i for i, d in enumerate(docs)}
        self.vectors = vectors
        self.columns = columns if columns is not None else FilterColumns.build(docs)
        for doc in docs:
            if not doc.search_text:
                doc.search_text = " ".join(extractor.search_tokens(f"{doc.name} {doc.content}"))
        self._native: GraphStore | None = None
        if store is not None and config.native_store_indexes and store.sync_project_index(
                [d.id for d in docs], [d.search_text for d in docs], vectors, model_id) is not None:
            self._native = store
        self.bm25: bm25s.BM25 | None = None
        self._ann: Any = None  # usearch.index.Index (untyped)
        self._ann_positions = np.zeros(0, dtype=np.int64)
        if self._native is None:
            if bm25 is not None:
                self.bm25 = bm25
            elif docs:
                self.bm25 = bm25s.BM25()
                self.bm25.index([d.tokens or ["_"] for d in docs], show_progress=False)
            if ann is not None:
                self._ann, self._ann_positions = ann
            elif vectors is not None and len(docs) >= config.exact_below:
                self._ann, self._ann_positions = build_ann(vectors, config), np.arange(len(docs), dtype=np.int64)

    @classmethod
    def from_docs(cls, docs: list[ProjectDoc], encoder: CachedEncoder | None, config: SearchConfig,
                  extractor: Extractor, content_chars: int, progress: ProgressHook | None = None,
                  store: GraphStore | None = None) -> ProjectIndex:
        """Encodes the projects' texts (through the cache) and indexes them."""
        vectors = encoder.encode([d.embed_text(content_chars) for d in docs], progress) if encoder else None
        return cls(docs, vectors, config, extractor, store, encoder.embedder.model_id if encoder else None)

    @classmethod
    def build(cls, store: GraphStore, encoder: CachedEncoder | None, config: SearchConfig, extractor: Extractor,
              content_chars: int, progress: ProgressHook | None = None) -> ProjectIndex:
        return cls.from_docs(load_projects(store), encoder, config, extractor, content_chars, progress, store=store)

    @property
    def ann(self) -> tuple[Any, np.ndarray] | None:
        """The HNSW graph and the project position of each of its keys (None: exact search)."""
        return (self._ann, self._ann_positions) if self._ann is not None else None

    def _positions(self, keys: np.ndarray) -> np.ndarray:
        """Project positions of HNSW keys; -1 for a removed or unknown key."""
        keys = np.asarray(keys).astype(np.int64)
        inside = (keys >= 0) & (keys < len(self._ann_positions))
        return np.where(inside, self._ann_positions[np.where(inside, keys, 0)], -1)

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
            native = self._native.vector_top(query, k, ids) or []
            return [(self.position[p], s) for p, s in native if p in self.position]
        candidates = np.flatnonzero(mask) if mask is not None else None
        # A filtered query is answered exactly (one matrix-vector product,
        # ~5 ms at 100k projects): asking the HNSW graph for k * 8 neighbours
        # to survive the filter cost ~20-30 ms at 100k and could still fall
        # back to the exact scan.
        filtered_exact = candidates is not None and len(candidates) < self.config.filtered_exact_below
        if self._ann is not None and not exact and not filtered_exact:
            want = k if mask is None else min(len(self.docs), k * self.config.filtered_ann_factor)
            matches = self._ann.search(query, want)
            hits = [(int(pos), float(1.0 - dist)) for pos, dist
                    in zip(self._positions(matches.keys), matches.distances, strict=False) if pos >= 0]
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
            batched = self._native.vector_top_many(np.asarray(self.vectors[rows]), k + 1)
            for r, row in enumerate(rows):
                native = batched[r] if batched is not None else self._native.vector_top(self.vectors[row], k + 1) or []
                hits = [(self.position[p], s) for p, s in native if p in self.position]
                for c, (j, s) in enumerate(hits[: k + 1]):
                    keys[r, c], sims[r, c] = j, s
            return keys, sims
        if self._ann is not None:
            matches = self._ann.search(np.ascontiguousarray(self.vectors[rows]), k + 1)
            return self._positions(matches.keys), (1.0 - matches.distances).astype(np.float32)
        keys = np.zeros((len(rows), k + 1), dtype=np.int64)
        sims = np.zeros((len(rows), k + 1), dtype=np.float32)
        for start in range(0, len(rows), ROWS_PER_PRODUCT):
            block = self.vectors[rows[start : start + ROWS_PER_PRODUCT]] @ self.vectors.T
            top = np.argpartition(-block, min(k, block.shape[1] - 1), axis=1)[:, : k + 1]
            order = np.take_along_axis(block, top, axis=1).argsort(axis=1)[:, ::-1]
            top = np.take_along_axis(top, order, axis=1)
            keys[start : start + len(top), : top.shape[1]] = top
            sims[start : start + len(top), : top.shape[1]] = np.take_along_axis(block, top, axis=1)
        return keys, sims
