"""How well a task is inferred from a project's name alone, measured on the
rows whose table names their task (所属任务): each such row's name is matched
against the tasks as if the column were empty.

Three methods: BM25 alone, the embedding model alone, and the hybrid ingest
uses for names-only rows. Each keeps a task only above a threshold; the
threshold is chosen by 5-fold cross-validation (picked on four folds for the
best F1, applied to the fifth), so the reported coverage and accuracy are not
tuned on the rows they are measured on. The threshold chosen on all rows is
what `ingest/tasks.py` uses (HYBRID_MIN_SCORE)."""

from __future__ import annotations

import random

import numpy as np

from graph.store import GraphStore
from ingest.extract import Extractor
from ingest.tasks import TaskIndex, TextEncoder, hybrid
from ontology import InputError
from search_api.core.catalog import load_projects
from search_api.core.models import TaskInferenceMethod, TaskInferenceReport

FOLDS = 5
SEED = 14
MIN_LABELLED = 10


def _f1(scores: np.ndarray, right: np.ndarray, threshold: float) -> float:
    kept = scores >= threshold
    correct = int((kept & right).sum())
    if not kept.any() or correct == 0:
        return 0.0
    precision, recall = correct / int(kept.sum()), correct / len(scores)
    return 2 * precision * recall / (precision + recall)


def _best_threshold(scores: np.ndarray, right: np.ndarray) -> float:
    candidates = np.unique(np.concatenate([[0.0], scores]))
    return float(max(candidates, key=lambda t: (_f1(scores, right, float(t)), -t)))


def _method(name: str, scores: np.ndarray, right: np.ndarray) -> TaskInferenceMethod:
    order = list(range(len(scores)))
    random.Random(SEED).shuffle(order)
    kept = np.zeros(len(scores), dtype=bool)
    for fold in range(FOLDS):
        test = order[fold::FOLDS]
        train = [i for i in order if i not in set(test)]
        threshold = _best_threshold(scores[train], right[train])
        kept[test] = scores[test] >= threshold
    covered = int(kept.sum())
    correct = int((kept & right).sum())
    return TaskInferenceMethod(
        method=name, top1_accuracy=round(float(right.mean()), 3), coverage=round(covered / len(scores), 3),
        accuracy=round(correct / covered, 3) if covered else None,
        threshold=round(_best_threshold(scores, right), 3))


def evaluate_task_inference(store: GraphStore, extractor: Extractor, encoder: TextEncoder) -> TaskInferenceReport:
    labelled = [d for d in load_projects(store) if d.task_ref is not None and d.task_ref.source == "table"]
    if len(labelled) < MIN_LABELLED:
        raise InputError("store", f"only {len(labelled)} projects name their task in a table; need {MIN_LABELLED}")
    tasks = TaskIndex.from_store(store, extractor)
    truth = np.array([tasks.ids.index(d.task_id) if d.task_id in tasks.ids else -1 for d in labelled])
    bm25 = np.stack([s if (s := tasks.bm25_scores(d.name)) is not None else np.zeros(len(tasks.ids))
                     for d in labelled])
    cosines = np.asarray(encoder.encode([d.name for d in labelled]), dtype=np.float32) @ tasks.task_vectors(encoder).T
    methods = []
    for name, matrix in (("bm25", bm25), ("model", cosines), ("hybrid", hybrid(cosines, bm25))):
        best = matrix.argmax(axis=1)
        methods.append(_method(name, matrix.max(axis=1), best == truth))
    return TaskInferenceReport(labelled=len(labelled), tasks=len(tasks.ids), methods=methods)
