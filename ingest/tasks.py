"""Which policy task a project serves. A table's 所属任务 column wins; otherwise
the task whose text best matches the project (BM25 over jieba words), with
its score kept on the SERVES_TASK relationship so planners can judge it."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import bm25s
import numpy as np

from graph.store import GraphStore
from ingest.extract import Extractor
from ingest.structure import cn_number
from ingest.textnorm import normalise

_TASK_REF = re.compile(r"^\D{0,4}?[（(]?\s*([一二三四五六七八九十]+|\d{1,2})\s*[)）]?")
MIN_SCORE = 1.0


@dataclass
class TaskIndex:
    """The tasks in the store, for lookup by number and for inference."""

    ids_by_number: dict[int, str]
    ids: list[str]
    extractor: Extractor
    _digests: list[tuple[str, str]]  # (document, digest of one task)
    _bm25: bm25s.BM25 | None
    _words: tuple[dict[str, int], np.ndarray] | None = field(default=None, repr=False)

    def fingerprint(self, except_doc: str | None = None) -> str:
        """Identifies the tasks, leaving out a document's own (its tasks
        come from itself, so they must not make it look changed)."""
        parts = [digest for doc, digest in self._digests if doc != except_doc]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]

    @classmethod
    def from_store(cls, store: GraphStore, extractor: Extractor) -> TaskIndex:
        tasks = sorted(store.find_nodes("Task"), key=lambda n: (n.props.get("doc", ""), n.props.get("number", 0)))
        by_number: dict[int, str] = {}
        for t in tasks:  # with several policy documents, the first by document id wins
            by_number.setdefault(int(t.props.get("number", 0)), t.id)
        ids = [t.id for t in tasks]
        digests = [(str(t.props.get("doc", "")),
                    hashlib.sha256(f"{t.id}:{t.props.get('text', '')}".encode()).hexdigest()) for t in tasks]
        retriever = None
        if tasks:
            retriever = bm25s.BM25()
            corpus = [extractor.search_tokens(f"{t.props.get('title', '')} {t.props.get('text', '')}") or ["_"]
                      for t in tasks]
            retriever.index(corpus, show_progress=False)
        return cls(by_number, ids, extractor, digests, retriever)

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
        if self._bm25 is None:
            return None
        tokens = self.extractor.search_tokens(text) + (self.extractor.search_tokens(extra) if extra else [])
        if not tokens:
            return None
        vocab, matrix = self._word_scores()
        rows = [vocab[t] for t in tokens if t in vocab]
        if not rows:
            return None
        scores = matrix[rows].sum(axis=0)
        best = int(np.argmax(scores))
        if scores[best] < MIN_SCORE:
            return None
        return self.ids[best], round(float(scores[best]), 3)
