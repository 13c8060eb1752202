"""r9-precision: a quick loop over judge features. `dump` collects every dev candidate with the raw inputs of
candidate_features (through train_judge.candidate_rows: 8-fold CRFs, the real ingest path) and pickles them;
`cv` recomputes the features with the working tree's candidate_features and prints the row-level
leave-one-text-out figures at the shipped thresholds (a proxy: the document figure needs the harness)."""
# A harness prints its figures:
# ruff: noqa: T201
from __future__ import annotations

import pickle
import sys
from pathlib import Path
from typing import Any

from ingest import name_judge, project_phrases
from ingest.extract import extractor_for
from ingest.standard_industry import StandardIndustryClassifier
from ontology import load_gazetteer
from search_api.tools import train_judge as tj
from search_api.tools.train_spans import dev_stems

FOLDER = Path("tests/data/real")
DUMP = Path("/tmp/r9-precision/rows.pkl")
STEMS = dev_stems(FOLDER, ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8"))


def dump() -> None:
    captured: list[Any] = []
    real = name_judge.candidate_features

    def capture(*args: Any) -> Any:
        captured.append(args)
        return real(*args)

    project_phrases.candidate_features = capture  # type: ignore[assignment]
    gaz = load_gazetteer()
    ex = extractor_for(gaz)
    (Path("/tmp/r9-precision/folds")).mkdir(parents=True, exist_ok=True)
    texts = tj.candidate_rows(FOLDER, STEMS, Path("/tmp/r9-precision/folds"), gaz, ex, StandardIndustryClassifier())
    out, i = [], 0
    for t in texts:
        for row, label in zip(t.rows, t.labels, strict=True):
            args = captured[i]
            i += 1
            out.append((t.stem, row.name, label, args))
    DUMP.write_bytes(pickle.dumps(out))
    print(len(out), "rows")


def cv() -> None:
    data = pickle.loads(DUMP.read_bytes())
    rows = [(stem, name, label, name_judge.candidate_features(*args), args[3]) for stem, name, label, args in data]
    tp = fp = fn = 0
    for held in STEMS:
        train = [r for r in rows if r[0] != held]
        judge = name_judge.train_judge([r[3] for r in train], [r[2] for r in train], tj.L2, tj.THRESHOLD,
                                       tj.RULE_THRESHOLD)
        for stem, _name, label, f, source in rows:
            if stem != held:
                continue
            keep = judge.keeps(judge.probability(f), source in project_phrases.RULE_SOURCES)
            tp += keep and label
            fp += keep and not label
            fn += (not keep) and label
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    print(f"row-level LOO: P {p:.3f} R {r:.3f} F1 {2*p*r/max(p+r,1e-9):.3f} (tp {tp} fp {fp} fn {fn}) of {len(rows)}")




def grid() -> None:
    """Row-level LOO over the judge-cv grid of thresholds (new, rule)."""
    data = pickle.loads(DUMP.read_bytes())
    rows = [(stem, label, name_judge.candidate_features(*args), args[3]) for stem, _, label, args in data]
    probs: list[tuple[float, bool, bool]] = []
    for held in STEMS:
        train = [r for r in rows if r[0] != held]
        judge = name_judge.train_judge([r[2] for r in train], [r[1] for r in train], tj.L2, 0.3, 0.4)
        probs += [(judge.probability(f), label, source in project_phrases.RULE_SOURCES)
                  for stem, label, f, source in rows if stem == held]
    for new in (0.2, 0.3, 0.4, 0.5):
        for rule in (0.3, 0.4, 0.5):
            keep = [(p >= (rule if r else new), y) for p, y, r in probs]
            tp = sum(k and y for k, y in keep)
            fp = sum(k and not y for k, y in keep)
            fn = sum(y and not k for k, y in keep)
            print(f"new {new} rule {rule}: P {tp/(tp+fp):.3f} R {tp/(tp+fn):.3f} tp {tp} fp {fp} fn {fn}")


if __name__ == "__main__":
    {"dump": dump, "cv": cv, "grid": grid}[sys.argv[1]]()
