"""The cross-county duplicate pass, in a child process so that its peak
memory (VmHWM) is its own, scored against the planted pairs; and the
all-pairs baseline at small sizes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from bench.context import ROOT
from bench.machine import peak_rss_mb
from bench.results import AllPairs, ChildOutput, DuplicatePass, PairQuality
from bench.timing import timed
from bench.ui import progress
from graph.store import GraphStore
from ingest.extract import Extractor
from search_api.core.config import ScoringConfig
from search_api.core.index import ProjectIndex


class MissingVectors(Exception):
    """The store's cache lacks vectors the parent should have written."""


def cached_index(store: GraphStore, model_id: str, scoring: ScoringConfig, extractor: Extractor) -> ProjectIndex:
    """The index from the store's cached vectors alone: no model loaded, as a
    duplicate pass after ingest would be."""
    from search_api.core.catalog import load_projects
    from search_api.core.embeddings import content_key

    docs = load_projects(store)
    keys = [content_key(d.embed_text(scoring.embedding.content_chars)) for d in docs]
    cached = store.cached_embeddings(model_id, list(dict.fromkeys(keys)))
    missing = [k for k in keys if k not in cached]
    if missing:
        raise MissingVectors(f"{len(missing)} vectors missing from the cache")
    vectors = np.stack([np.frombuffer(cached[k], dtype=np.float32) for k in keys])
    del cached
    return ProjectIndex(docs, vectors, scoring.search, extractor)


def child_main(home: Path, model: str, model_id: str, all_pairs: bool) -> int:
    """Entry point of the child: index from the cache, then one
    `DuplicateFinder.find` pass; prints a `ChildOutput` as JSON on stdout."""
    from graph.factory import make_store
    from ingest.extract import extractor_for
    from ontology import load_gazetteer
    from search_api.core.config import load_scoring
    from search_api.core.duplicates import DuplicateFinder

    gaz = load_gazetteer()
    extractor, scoring = extractor_for(gaz), load_scoring(model)
    store = make_store("sqlite", home=home)
    try:
        with timed() as t_index:
            index = cached_index(store, model_id, scoring, extractor)
        rss_before = peak_rss_mb()
        finder = DuplicateFinder(index, gaz, extractor, scoring.duplicates)
        label = "duplicates" + (" (all pairs)" if all_pairs else "")
        with progress(label, len(index)) as advance, timed() as t_pass:
            report = finder.find(across_counties=True, all_pairs=all_pairs, progress=advance)
    except MissingVectors as exc:
        print(json.dumps({"error": str(exc)}))
        return 2
    finally:
        store.close()
    out = ChildOutput(projects=len(index), index_s=round(t_index.wall, 3), pass_s=round(t_pass.wall, 3),
                      pass_cpu_s=round(t_pass.cpu, 3), candidates=report.candidates,
                      peak_rss_mb=round(peak_rss_mb(), 1), rss_before_pass_mb=round(rss_before, 1),
                      uses_ann=index.uses_ann, pairs=[(p.a, p.b, p.score) for p in report.pairs])
    print(out.model_dump_json())
    return 0


def run_child(home: Path, model: Path, model_id: str, all_pairs: bool = False) -> ChildOutput:
    """Run the child and read its last line of output."""
    cmd = [sys.executable, "-m", "bench.run", "--child-dupes", "--home", str(home), "--model", str(model),
           "--model-id", model_id]
    if all_pairs:
        cmd.append("--all-pairs")
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"duplicate child failed ({proc.returncode}): {proc.stdout[-2000:]}")
    return ChildOutput.model_validate_json(proc.stdout.strip().splitlines()[-1])


def score_pairs(found: list[tuple[str, str, float]], labels: Path, known_ids: set[str]) -> PairQuality:
    """Precision/recall of the flagged cross-county pairs against the planted ones."""
    pos: set[frozenset[str]] = set()
    neg: set[frozenset[str]] = set()
    missing = 0
    for line in labels.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if not {item["a"], item["b"]} <= known_ids:
            missing += 1
            continue
        (pos if item["label"] == 1 else neg).add(frozenset((item["a"], item["b"])))
    flagged = {frozenset((a, b)) for a, b, _ in found}
    tp = len(flagged & pos)
    return PairQuality(planted=len(pos), hard_negatives=len(neg), labels_missing_in_store=missing,
                       flagged=len(flagged), true_positives=tp,
                       precision=round(tp / len(flagged), 4) if flagged else None,
                       recall=round(tp / len(pos), 4) if pos else None,
                       hard_negatives_flagged=len(flagged & neg), unplanted_flagged=len(flagged - pos - neg))


def _with_quality(out: ChildOutput, labels: Path, known_ids: set[str]) -> DuplicatePass:
    return DuplicatePass(**out.model_dump(exclude={"pairs"}), quality=score_pairs(out.pairs, labels, known_ids))


def measure_duplicates(home: Path, model: Path, model_id: str, labels: Path, known_ids: set[str]) -> DuplicatePass:
    """The candidate pass (what `planatlas duplicates --across-counties` runs)."""
    return _with_quality(run_child(home, model, model_id), labels, known_ids)


def measure_all_pairs(home: Path, model: Path, model_id: str, labels: Path, known_ids: set[str],
                      candidates: DuplicatePass) -> AllPairs:
    """Every pair scored: the baseline the candidate pass's time and recall are judged against."""
    base = _with_quality(run_child(home, model, model_id, all_pairs=True), labels, known_ids)
    gap = (base.quality.recall or 0.0) - (candidates.quality.recall or 0.0)
    return AllPairs(**base.model_dump(), time_ratio=round(base.pass_s / max(candidates.pass_s, 1e-9), 1),
                    recall_gap_points=round(100 * gap, 2))
