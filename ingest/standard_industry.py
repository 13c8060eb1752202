"""A GB/T 4754-2017 division for every project, from its name and content.

Two signals, combined: the division keywords in ontology/data/gbt4754_2017.yaml
(电厂 → 44) and, when an embedding model is passed in, the cosine between the
project text and each division's text (section, division name, keywords). The
model is passed in as a `TextEncoder` so that ingest never imports search_api;
it is asked only about projects no keyword places (batched, once per document).
The score says how sure the assignment is: keyword evidence counts most."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from graph.models import GraphBatch
from ingest.keywords import KeywordSet
from ingest.projects import project_text
from ontology.standard_industry import Division, IndustryStandard, load_standard

KEYWORD_BASE = 0.6  # a keyword hit alone
KEYWORD_STEP = 0.1  # per extra matched character, up to 1.0
MIN_MODEL_SCORE = 0.0  # any division the model ranks first is kept, with its cosine as the score


class TextEncoder(Protocol):
    def encode(self, texts: list[str]) -> Any:
        """Normalised vectors, one row per text."""
        ...


class LazyEncoder:
    """An encoder loaded on its first use: ingesting a list whose every project
    has a keyword never loads the model."""

    def __init__(self, load: Callable[[], TextEncoder | None]) -> None:
        self._load = load

    def encode(self, texts: list[str]) -> Any:
        encoder = self._load()
        if encoder is None:
            raise RuntimeError("no embedding model configured")
        return encoder.encode(texts)


@dataclass(frozen=True)
class StandardIndustry:
    section: str
    division: str
    name: str
    score: float
    source: str  # keywords | model | model+keywords

    @property
    def code(self) -> str:
        return f"{self.section}{self.division}"

    def props(self) -> dict[str, object]:
        """Flat node properties (both stores keep only scalars)."""
        return {"std_section": self.section, "std_division": self.division, "std_code": self.code,
                "std_name": self.name, "std_score": round(float(self.score), 3), "std_source": self.source}


class StandardIndustryClassifier:
    def __init__(self, encoder: TextEncoder | None = None, standard: IndustryStandard | None = None) -> None:
        self.standard = standard or load_standard()
        self.encoder = encoder
        self._vectors: np.ndarray | None = None
        self._words = KeywordSet(k for d in self.standard.divisions for k in d.keywords)
        self._divisions_of: dict[str, list[int]] = {}  # keyword -> positions of the divisions listing it
        for n, d in enumerate(self.standard.divisions):
            for k in d.keywords:
                self._divisions_of.setdefault(k, []).append(n)

    def _division_vectors(self, encoder: TextEncoder) -> np.ndarray:
        if self._vectors is None:
            texts = [f"{self.standard.section(d.section).name}，{d.name}：{'、'.join(d.keywords)}"
                     for d in self.standard.divisions]
            self._vectors = np.asarray(encoder.encode(texts), dtype=np.float32)
        return self._vectors

    def keyword_scores(self, text: str) -> np.ndarray:
        """Per division, the characters of its keywords found in `text` (the longest words count most)."""
        scores = np.zeros(len(self.standard.divisions), dtype=np.float32)
        for word in self._words.present(text):
            for n in self._divisions_of[word]:  # a word a division lists twice counts twice, as it did
                scores[n] += len(word)
        return scores

    def classify(self, texts: list[str]) -> list[StandardIndustry | None]:
        keywords = np.stack([self.keyword_scores(t) for t in texts]) if texts else np.zeros((0, 0))
        out: list[StandardIndustry | None] = [None] * len(texts)
        need_model = [i for i in range(len(texts)) if keywords[i].max() == 0]
        for i in range(len(texts)):
            if keywords[i].max() > 0:
                best = int(keywords[i].argmax())
                score = min(1.0, KEYWORD_BASE + KEYWORD_STEP * (float(keywords[i][best]) - 2))
                out[i] = self._result(self.standard.divisions[best], score, "keywords")
        if self.encoder is not None and need_model:
            vectors = np.asarray(self.encoder.encode([texts[i] for i in need_model]), dtype=np.float32)
            cosines = vectors @ self._division_vectors(self.encoder).T
            for row, i in enumerate(need_model):
                best = int(cosines[row].argmax())
                if cosines[row][best] > MIN_MODEL_SCORE:
                    out[i] = self._result(self.standard.divisions[best], float(cosines[row][best]), "model")
        return out

    def _result(self, division: Division, score: float, source: str) -> StandardIndustry:
        bounded = float(max(0.0, min(1.0, score)))
        return StandardIndustry(division.section, division.code, division.name, bounded, source)


def annotate_projects(batch: GraphBatch, classifier: StandardIndustryClassifier) -> None:
    """Set the standard industry on every project of the batch (one model call for the batch)."""
    projects = [n for n in batch.nodes.values() if n.label == "Project"]
    texts = [project_text(n.props.get("name") or "", n.props.get("content")) for n in projects]
    for node, found in zip(projects, classifier.classify(texts), strict=True):
        if found is not None:
            node.props.update(found.props())
