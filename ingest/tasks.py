"""Which policy task a project serves. A table's 所属任务 column wins; otherwise
the task whose text best matches the project (BM25 over jieba words), with
its score kept on the SERVES_TASK relationship so planners can judge it.

A row with a name only has few words for BM25: when an embedding model is
passed in (as an encoder, so ingest never imports search_api), such rows are
matched by BM25 and the model's cosine together ("hybrid"), and a task is
kept only above HYBRID_MIN_SCORE, a threshold chosen on labelled rows
(`planatlas eval-tasks`, docs/extraction-quality.md)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

import bm25s
import numpy as np

from graph.store import GraphStore
from ingest.extract import Extractor
from ingest.structure import cn_number
from ingest.textnorm import normalise

_TASK_REF = re.compile(r"^\D{0,4}?[（(]?\s*([一二三四五六七八九十]+|\d{1,2})\s*[)）]?")
MIN_SCORE = 1.0
HYBRID_MODEL_WEIGHT = 0.5  # the rest is BM25, squashed to 0..1 by tanh(score / BM25_SCALE)
BM25_SCALE = 5.0
HYBRID_MIN_SCORE = 0.51  # chosen on the corpus's 77 labelled rows by `planatlas eval-tasks` (best F1)


class TextEncoder(Protocol):
    def encode(self, texts: list[str]) -> Any:
        """Normalised vectors, one row per text."""
        ...


def hybrid(cosines: np.ndarray, bm25: np.ndarray) -> np.ndarray:
    """The model's cosine and BM25 on one 0..1 scale."""
    return HYBRID_MODEL_WEIGHT * cosines + (1 - HYBRID_MODEL_WEIGHT) * np.tanh(bm25 / BM25_SCALE)


@dataclass
class TaskIndex:
    """The tasks in the store, for lookup by number and for inference."""

    ids_by_number: dict[int, str]
    ids: list[str]
    extractor: Extractor
    _digests: list[tuple[str, str]]  # (document, digest of one task)
    _bm25: bm25s.BM25 | None
    _words: tuple[dict[str, int], np.ndarray] | None = field(default=None, repr=False)
    texts: list[str] = field(default_factory=list)  # title and text of each task, in `ids` order
    encoder: TextEncoder | None = None
    _vectors: np.ndarray | None = field(default=None, repr=False)

    def fingerprint(self, except_doc: str | None = None) -> str:
        """Identifies the tasks, leaving out a document's own (its tasks
        come from itself, so they must not make it look changed)."""
        parts = [digest for doc, digest in self._digests if doc != except_doc]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]

    @classmethod
    def from_store(cls, store: GraphStore, extractor: Extractor, encoder: TextEncoder | None = None) -> TaskIndex:
        tasks = sorted(store.find_nodes("Task"), key=lambda n: (n.props.get("doc", ""), n.props.get("number", 0)))
        by_number: dict[int, str] = {}
        for t in tasks:  # with several policy documents, the first by document id wins
            by_number.setdefault(int(t.props.get("number", 0)), t.id)
        ids = [t.id for t in tasks]
        digests = [(str(t.props.get("doc", "")),
                    hashlib.sha256(f"{t.id}:{t.props.get('text', '')}".encode()).hexdigest()) for t in tasks]
        retriever = None
        texts = [f"{t.props.get('title', '')} {t.props.get('text', '')}" for t in tasks]
        if tasks:
            retriever = bm25s.BM25()
            retriever.index([extractor.search_tokens(text) or ["_"] for text in texts], show_progress=False)
        return cls(by_number, ids, extractor, digests, retriever, texts=texts, encoder=encoder)

    def bm25_scores(self, text: str, extra: str = "") -> np.ndarray | None:
        """BM25 of `text` against every task, or None when no word of it is a task word."""
        if self._bm25 is None:
            return None
        tokens = self.extractor.search_tokens(text) + (self.extractor.search_tokens(extra) if extra else [])
        vocab, matrix = self._word_scores()
        rows = [vocab[t] for t in tokens if t in vocab]
        return matrix[rows].sum(axis=0) if rows else None

    def task_vectors(self, encoder: TextEncoder) -> np.ndarray:
        if self._vectors is None:
            self._vectors = np.asarray(encoder.encode(self.texts), dtype=np.float32)
        return self._vectors

    def infer_name(self, name: str, extra: str = "") -> tuple[str, float] | None:
        """A names-only row: BM25 and the model together when there is a model, else BM25."""
        if self.encoder is None or not self.ids:
            return self.infer(name, extra)
        bm25 = self.bm25_scores(name, extra)
        cosines = self.task_vectors(self.encoder) @ np.asarray(self.encoder.encode([name]), dtype=np.float32)[0]
        scores = hybrid(cosines, bm25 if bm25 is not None else np.zeros(len(self.ids), dtype=np.float32))
        best = int(np.argmax(scores))
        if scores[best] < HYBRID_MIN_SCORE:
            return None
        return self.ids[best], round(float(scores[best]), 3)

    def _word_scores(self) -> tuple[dict[str, int], np.ndarray]:
        """Every task word's BM25 score in every task (a words × tasks matrix),
        built on first use: a text's scores are the sum of its words' rows,
        which is much cheaper than asking bm25s anew for every project row."""
        if self._words is None:
            assert self._bm25 is not None
            vocab = {w: i for i, w in enumerate(w for w in self._bm25.vocab_dict if w)}  # bm25s adds "" of its own
            matrix = np.zeros((len(vocab), len(self.ids)), dtype=np.float32)
            for word, row in vocab.items():
                matrix[row] = self._bm25.get_scores([word])
            self._words = (vocab, matrix)
        return self._words

    def by_reference(self, ref: str) -> str | None:
        """'（八）', '(8)', '8', '八', '任务八' → that task's id."""
        m = _TASK_REF.match(normalise(ref).strip())
        if not m:
            return None
        return self.ids_by_number.get(cn_number(m.group(1)))

    def infer(self, text: str, extra: str = "") -> tuple[str, float] | None:
        """The best-matching task for `text` (plus `extra`, e.g. a category), with its BM25 score."""
        scores = self.bm25_scores(text, extra)
        if scores is None:
            return None
        best = int(np.argmax(scores))
        if scores[best] < MIN_SCORE:
            return None
        return self.ids[best], round(float(scores[best]), 3)
