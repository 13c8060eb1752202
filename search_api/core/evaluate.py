"""Measures duplicate detection and `similar` on a labelled pairs file, so
anyone can check PlanAtlas on their own data.

Each line is {"a": id or text, "b": id or text, "label": 1|0}. A text that
equals a stored project's name stands for that project. Three methods are
compared: the embedding model alone (cosine), BM25 alone (symmetric,
self-normalised score) and the hybrid duplicate scorer. Thresholds are
chosen by 5-fold cross-validation (picked on four folds, applied to the
fifth), so the reported F1 is not tuned on the pairs it is measured on.

`calibrate` fits the model-dependent cosine cut-offs to the labelled
pairs, for an embedding model that has no preset in config.py."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import numpy as np

from ingest.textnorm import normalise
from ontology import InputError
from search_api.core.duplicates import FEATURES, PairScorer, Side
from search_api.core.models import EvalReport, MethodQuality, Threshold
from search_api.core.search import Mode, Searcher

FOLDS = 5
SEED = 13
RANK_DEPTH = 50
MIN_CALIBRATION_PAIRS = 10  # fewer labelled pairs of either kind cannot place a cut-off
L2_PENALTY = 1.0  # keeps the fitted weights finite on a few dozen pairs that one feature separates
NEWTON_STEPS = 50


def read_pairs(path: Path) -> list[dict[str, Any]]:
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            pairs.append({"a": str(item["a"]), "b": str(item["b"]), "label": int(item["label"])})
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise InputError(str(path), f"not a pair object with a, b, label ({exc})", row=number) from exc
    if not pairs:
        raise InputError(str(path), "no pairs")
    return pairs


def roc_auc(labels: list[int], scores: list[float]) -> float:
    pos = [s for l, s in zip(labels, scores, strict=False) if l == 1]
    neg = [s for l, s in zip(labels, scores, strict=False) if l == 0]
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def prf(labels: list[int], decisions: list[bool]) -> dict[str, float]:
    tp = sum(1 for l, d in zip(labels, decisions, strict=False) if l and d)
    fp = sum(1 for l, d in zip(labels, decisions, strict=False) if not l and d)
    fn = sum(1 for l, d in zip(labels, decisions, strict=False) if l and not d)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def _best_threshold(labels: list[int], scores: list[float]) -> float:
    best, best_f1 = 0.0, -1.0
    for t in sorted(set(scores)):
        f1 = prf(labels, [s >= t for s in scores])["f1"]
        if f1 > best_f1:
            best, best_f1 = t, f1
    return best


def cross_validated(labels: list[int], scores: list[float]) -> dict[str, float]:
    order = list(range(len(labels)))
    random.Random(SEED).shuffle(order)
    decisions = [False] * len(labels)
    for fold in range(FOLDS):
        test = set(order[fold::FOLDS])
        train = [i for i in order if i not in test]
        t = _best_threshold([labels[i] for i in train], [scores[i] for i in train])
        for i in test:
            decisions[i] = scores[i] >= t
    return prf(labels, decisions)


def fit_logistic(features: list[dict[str, float]], labels: list[int], l2: float = L2_PENALTY) -> dict[str, float]:
    """Logistic regression of the labels on the scorer's features (Newton's
    method, an L2 penalty on the weights but not the intercept): how much each
    piece of evidence moves the odds that a pair is a duplicate, as Splink-style
    record linkage fits them rather than choosing them by hand."""
    x = np.array([[1.0, *(f[name] for name in FEATURES)] for f in features])
    y = np.asarray(labels, dtype=np.float64)
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + penalty * w
        hessian = x.T @ (x * (p * (1 - p))[:, None]) + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {"intercept": round(float(w[0]), 3), **{n: round(float(v), 3) for n, v in zip(FEATURES, w[1:], strict=True)}}


def scorer_weights(fitted: dict[str, float]) -> dict[str, float]:
    """The fitted log-odds of the positive evidence as the scorer's weights
    (non-negative, summing to 1); a contradiction keeps its markdown factor."""
    positive = {k: max(0.0, fitted[k]) for k in ("cosine", "name", "money")}
    total = sum(positive.values()) or 1.0
    return {f"w_{'cos' if k == 'cosine' else k}": round(v / total, 3) for k, v in positive.items()}


def calibrate(labels: list[int], cosines: list[float]) -> dict[str, Any] | None:
    """Cosine cut-offs for a model without a preset, placed on its own scale:
    the evidence starts counting at the median cosine of the non-duplicates
    and counts fully at the median of the duplicates; neighbours are
    candidates down to the lowest duplicate's cosine. None with too few pairs."""
    pos = sorted(c for l, c in zip(labels, cosines, strict=True) if l == 1)
    neg = sorted(c for l, c in zip(labels, cosines, strict=True) if l == 0)
    if len(pos) < MIN_CALIBRATION_PAIRS or len(neg) < MIN_CALIBRATION_PAIRS:
        return None
    floor, full = float(np.median(neg)), float(np.median(pos))
    span = max(full - floor, 1e-3)
    return {"duplicates": {"cos_floor": round(floor, 4), "cos_span": round(span, 4),
                           "candidate_min_cos": round(min(pos[0], floor), 4)},
            "partners": {"similarity_floor": round(floor, 4), "similarity_span": round(span, 4)},
            "blocks": {"joint_min_cos": round(float(np.percentile(pos, 25)), 4)}}


class Evaluator:
    def __init__(self, searcher: Searcher, scorer: PairScorer) -> None:
        self.searcher = searcher
        self.index = searcher.index
        self.scorer = scorer
        self.tokens = searcher.extractor.search_tokens
        self.by_name = {normalise(d.name): i for i, d in enumerate(self.index.docs)}

    def resolve(self, ref: str) -> int | None:
        if ref in self.index.position:
            return self.index.position[ref]
        return self.by_name.get(normalise(ref))

    def _side(self, ref: str, i: int | None, vectors: dict[str, np.ndarray]) -> Side:
        if i is not None:
            d = self.index.docs[i]
            vec = self.index.vectors[i] if self.index.vectors is not None else None
            return self.scorer.side(d.name, vec, d.investment_wan, d.years, d.counties)
        return self.scorer.side(ref, vectors.get(ref))

    def _bm25(self, a: str, ia: int | None, b: str, ib: int | None) -> float:
        """BM25 of each side as a query against the other, over its score against itself."""
        def one(query: str, target: int | None, target_text: str) -> float:
            tokens = self.tokens(query)
            if target is None:
                other = set(self.tokens(target_text))
                return len(set(tokens) & other) / max(1, len(set(tokens) | other))
            scores = self.index.bm25_scores(tokens)
            own = self.index.bm25_scores(self.index.docs[target].tokens)[target]
            return float(scores[target] / own) if own > 0 else 0.0

        text_a = self.index.docs[ia].name if ia is not None else a
        text_b = self.index.docs[ib].name if ib is not None else b
        return (one(text_a, ib, text_b) + one(text_b, ia, text_a)) / 2

    def run(self, pairs: list[dict[str, Any]], k: int = 10) -> EvalReport:
        resolved = [(self.resolve(p["a"]), self.resolve(p["b"])) for p in pairs]
        loose = sorted({normalise(p[side]) for p, r in zip(pairs, resolved, strict=True)
                        for side, i in zip("ab", r, strict=True) if i is None})
        embedder = self.searcher.embedder
        vectors = dict(zip(loose, embedder.encode(loose), strict=False)) if embedder and loose else {}
        labels = [p["label"] for p in pairs]
        scores: dict[str, list[float]] = {"model": [], "bm25": [], "hybrid": []}
        features = []
        for p, (ia, ib) in zip(pairs, resolved, strict=False):
            a = self._side(normalise(p["a"]), ia, vectors)
            b = self._side(normalise(p["b"]), ib, vectors)
            features.append(self.scorer.features(a, b)[0])
            scores["model"].append(float(a.vector @ b.vector) if a.vector is not None and b.vector is not None else 0.0)
            scores["bm25"].append(self._bm25(normalise(p["a"]), ia, normalise(p["b"]), ib))
            scores["hybrid"].append(self.scorer.score(a, b).score)
        duplicates = {m: MethodQuality.model_validate({"roc_auc": round(roc_auc(labels, s), 3),
                                                       **cross_validated(labels, s)})
                      for m, s in scores.items()}
        threshold = self.scorer.config.min_score
        duplicates["hybrid"].at_default_threshold = Threshold(
            threshold=threshold, **prf(labels, [s >= threshold for s in scores["hybrid"]]))
        calibrated = calibrate(labels, scores["model"]) if embedder else None
        both = 0 < sum(labels) < len(labels)
        fitted = fit_logistic(features, labels) if both else None
        if fitted is not None and embedder:
            calibrated = calibrated or {}
            calibrated["duplicates"] = {**calibrated.get("duplicates", {}), **scorer_weights(fitted)}
        return EvalReport(fitted_weights=fitted, pairs=len(pairs), positives=sum(labels),
                          resolved_to_projects=sum(1 for ia, ib in resolved if ia is not None and ib is not None),
                          duplicates=duplicates, similar=self._similar(pairs, resolved, k), calibrated=calibrated)

    def _similar(self, pairs: list[dict[str, Any]], resolved: list[tuple[int | None, int | None]],
                 k: int) -> dict[str, int | dict[str, float | None]]:
        queries = [(ia, ib) for p, (ia, ib) in zip(pairs, resolved, strict=False)
                   if p["label"] == 1 and ia is not None and ib is not None and ia != ib]
        queries += [(ib, ia) for ia, ib in queries]
        out: dict[str, int | dict[str, float | None]] = {"queries": len(queries), "k": k}
        modes = [Mode.VECTOR, Mode.BM25, Mode.HYBRID] if self.searcher.embedder else [Mode.BM25]
        for mode in modes:
            found = 0
            reciprocal = 0.0
            for source, target in queries:
                hits = self.searcher.similar(self.index.docs[source].id, k=RANK_DEPTH, mode=mode)
                ids = [h.id for h in hits]
                target_id = self.index.docs[target].id
                if target_id in ids:
                    rank = ids.index(target_id) + 1
                    found += rank <= k
                    reciprocal += 1.0 / rank
            name = {"vector": "model"}.get(mode.value, mode.value)
            out[name] = {f"recall@{k}": round(found / len(queries), 3) if queries else None,
                         "mrr": round(reciprocal / len(queries), 3) if queries else None}
        return out
