"""Duplicate precision and recall on the planted pairs of bench/generate.py,
the scorer of this branch next to the one before it, in one run.

    .venv/bin/python -m bench.dupes --size 4000        # ~3-6 minutes on 2 shared cores

Generates `size` projects (3% planted cross-county duplicates, 1% hard
negatives), ingests them, encodes every project text with the int8 encoder
(the time bound: ~40-100 texts/s here, so 100k does not fit a 10-minute run),
then runs the cross-county duplicate pass twice over the same index:

* `before`: the scorer as it was: an equal investment always counts fully,
  and sizes contradict only in the very same unit (a bench-local subclass);
* `after`: an equal investment weighs 1 / (other projects sharing that sum),
  sizes are compared across convertible units, and names sized only in
  different measures contradict.

Also fits the logistic-regression weights (`planatlas eval`'s) on the
generator's labelled pairs and reports them."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.generate import generate
from bench.issue15 import TARGETS as T
from bench.machine import loadavg
from bench.sections import ran, run_parser, save_run, verdict
from bench.suites.duplicates import score_pairs
from bench.timing import timed
from graph.factory import make_store
from ingest.extract import extractor_for
from ingest.pipeline import Ingestor
from ontology import load_gazetteer
from search_api.core.catalog import load_projects
from search_api.core.config import load_scoring
from search_api.core.duplicates import DuplicateFinder, PairScorer, Side
from search_api.core.embeddings import CachedEncoder, load_encoder
from search_api.core.evaluate import fit_logistic
from search_api.core.index import ProjectIndex

BEGIN, END = "<!-- bench/dupes.py:begin -->", "<!-- bench/dupes.py:end -->"


class BeforeScorer(PairScorer):
    """The scorer before this branch, for the same-run baseline."""

    def money_weight(self, amount: float) -> float:
        return 1.0

    def conflicts(self, a: Side, b: Side) -> list[str]:
        return [c for c in super().conflicts(a, b) if not c.startswith(("different units", "different sizes"))] + \
            _same_unit_sizes(a.name, b.name)


def _same_unit_sizes(a: str, b: str) -> list[str]:
    from collections import defaultdict

    from search_api.core.duplicates import _QUANTITY

    def sizes(name: str) -> dict[str, set[float]]:
        out: dict[str, set[float]] = defaultdict(set)
        for value, unit in _QUANTITY.findall(name):
            out[unit].add(float(value))
        return out

    qa, qb = sizes(a), sizes(b)
    return [f"different sizes ({u})" for u in qa.keys() & qb.keys() if not qa[u] & qb[u]]


def run(size: int, model: str, seed: int, work: Path) -> dict[str, Any]:
    gaz = load_gazetteer()
    extractor, scoring = extractor_for(gaz), load_scoring(model)
    data = generate(size, work / "data", seed=seed, gaz=gaz)
    store = make_store("sqlite", home=work / "home")
    out: dict[str, Any] = {"size": size, "planted": data.planted, "hard_negatives": data.negatives}
    try:
        Ingestor(store, gaz).ingest([work / "data" / "lists"])
        docs = load_projects(store)
        encoder = load_encoder(model, scoring.embedding, "int8")
        with timed() as t:
            vectors = CachedEncoder(encoder, store).encode([d.embed_text(scoring.embedding.content_chars) for d in docs])
        out["encode_rate"] = round(len(docs) / t.wall, 1)
        index = ProjectIndex(docs, vectors, scoring.search, extractor)
        known = {d.id for d in docs}
        for name, scorer_class in (("before", BeforeScorer), ("after", PairScorer)):
            finder = DuplicateFinder(index, gaz, extractor, scoring.duplicates)
            amounts = finder.scorer._amounts
            finder.scorer = scorer_class(gaz, extractor, scoring.duplicates)
            finder.scorer._amounts = amounts
            with timed() as t:
                report = finder.find(across_counties=True)
            quality = score_pairs([(p.a, p.b, p.score) for p in report.pairs], data.labels, known)
            out[name] = {**quality.model_dump(), "seconds": round(t.wall, 1)}
        out["fitted_weights"] = fit_labels(finder, data.labels)
    finally:
        store.close()
    return out


def fit_labels(finder: DuplicateFinder, labels: Path) -> dict[str, float]:
    rows = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines()]
    pos = finder.index.position
    rows = [r for r in rows if r["a"] in pos and r["b"] in pos]
    features = [finder.scorer.features(finder.side(pos[r["a"]]), finder.side(pos[r["b"]]))[0] for r in rows]
    return fit_logistic(features, [int(r["label"]) for r in rows])


def markdown(r: dict[str, Any]) -> str:
    b, a = r["before"], r["after"]
    ok = a["precision"] is not None and a["precision"] >= T.duplicate_precision and (a["recall"] or 0) >= T.duplicate_recall
    return "\n".join([
        BEGIN, "## Duplicate precision on the planted pairs (bench/dupes.py)", "",
        f"{ran(r)} with `python -m bench.dupes --size {r['size']}` ({r['seconds']} s); load average at start "
        f"{r['load_start']}, at end {r['load_end']}. {r['size']:,} generated projects, {r['planted']} planted "
        f"cross-county duplicates, {r['hard_negatives']} hard negatives; int8 vectors ({r['encode_rate']} texts/s). "
        "Both scorers run over the same index in the same run.", "",
        "| scorer | flagged | precision | recall | hard negatives flagged | unplanted flagged |", "|---|---|---|---|---|---|",
        *[f"| {n} | {x['flagged']} | {x['precision']} | {x['recall']} | {x['hard_negatives_flagged']} | "
          f"{x['unplanted_flagged']} |" for n, x in (("before (money always counts, same-unit sizes)", b),
                                                  ("after (money by rarity, unit and size contradictions)", a))],
        "", f"Logistic regression on the generator's labelled pairs (log-odds per feature): "
        f"`{json.dumps(r['fitted_weights'])}`.", "",
        f"Goal: precision ≥ {T.duplicate_precision:g} with recall ≥ {T.duplicate_recall:g}: {verdict(ok)} at {r['size']:,} "
        f"(measured at this size only{'' if r['size'] >= T.size else f'; the goal is at {T.size:,}'}).", END])


def main(argv: list[str] | None = None) -> int:
    p = run_parser("duplicate precision/recall, scorer before vs after", "dupes", size=4000, model=True)
    args = p.parse_args(argv)
    start, load_start = time.perf_counter(), loadavg()
    with tempfile.TemporaryDirectory(prefix="planatlas-dupes-") as work:
        result = run(args.size, str(args.model), args.seed, Path(work))
    save_run(result, start, load_start, args.json, args.report, markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
