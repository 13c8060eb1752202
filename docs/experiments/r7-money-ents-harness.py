"""r7-money-ents helper: fold models cached once; rules re-scored fast.
build: A = leave-one-text-out enterprise CRF, 8-fold project CRF + judge fit on other A texts;
       B = models trained on A only.  eval: per-doc investments/enterprises on A (errors), totals on B.

    PYTHONPATH=$PWD .venv/bin/python docs/experiments/r7-money-ents-harness.py build
    PYTHONPATH=$PWD .venv/bin/python docs/experiments/r7-money-ents-harness.py A /tmp/A.json   # per-text errors
    PYTHONPATH=$PWD .venv/bin/python docs/experiments/r7-money-ents-harness.py B               # totals only
    PYTHONPATH=$PWD .venv/bin/python docs/experiments/r7-money-ents-harness.py show STEM       # one A text
Cache folder: $R7ME_CACHE (default /tmp/r7me/cache). ABLATE=name,... switches rules off; THR sets the
enterprise CRF's minimum score. r8-money-ents-harness.py imports this file's functions (cache passed in).
"""
# A harness prints its figures:
# ruff: noqa: T201
from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ingest.policy as policy
import ingest.quantities as quantities
from ingest import enterprises as ent
from ingest import project_phrases
from ingest.extract import extractor_for
from ingest.name_judge import load_judge
from ingest.reader import front_matter
from ingest.span_tagger import SpanTagger
from ingest.standard_industry import StandardIndustryClassifier
from ontology import load_gazetteer
from search_api.core import extraction_eval as ee
from search_api.tools import train_judge as tj
from search_api.tools.train_spans import dev_stems, examples, pairs, train

FOLDER = Path("tests/data/real")
C = Path(os.environ.get("R7ME_CACHE", "/tmp/r7me/cache"))
A = dev_stems(FOLDER, ("dev", "dev2", "dev3", "dev4", "dev5"))
B = dev_stems(FOLDER, ("dev6", "dev7", "dev8"))

# A later harness's extra per-text fields: (key projects, found, name pairs, spurious enterprises, key, extractor)
Classify = Callable[[list[Any], Any, list[tuple[Any, Any]], list[list[str]], dict[str, Any], Any], dict[str, Any]]


def build(cache: Path = C) -> None:
    """Train every model once into `cache` (A: one per held-out text; B: trained on all of A)."""
    gaz = load_gazetteer()
    ex = extractor_for(gaz)
    ind = StandardIndustryClassifier()
    (cache / "A").mkdir(parents=True, exist_ok=True)
    (cache / "B").mkdir(parents=True, exist_ok=True)
    edata = examples(FOLDER, A, ex, "enterprises")
    for s in A:
        train(pairs(edata, s), cache / "A" / f"{s}.ent.crfsuite")
    train(pairs(edata), cache / "B" / "ent.crfsuite")
    pdata = examples(FOLDER, A, ex, "projects")
    train(pairs(pdata), cache / "B" / "proj.crfsuite")
    tmp = cache / "folds"
    tmp.mkdir(exist_ok=True)
    texts = tj.candidate_rows(FOLDER, A, tmp, gaz, ex, ind)
    for held in texts:
        others = [t for t in texts if t.stem != held.stem]
        tj.fit(others, tj.L2, tj.THRESHOLD, tj.RULE_THRESHOLD).save(cache / "A" / f"{held.stem}.judge.json", {})
        (cache / "A" / f"{held.stem}.proj").write_text(str(held.crf))
    tj.fit(texts, tj.L2, tj.THRESHOLD, tj.RULE_THRESHOLD).save(cache / "B" / "judge.json", {})


def use_fold_models(cache: Path, stem: str) -> None:
    """Load the models that never saw A text `stem` (its project CRF fold, judge and enterprise CRF)."""
    project_phrases.SPAN_TAGGER = SpanTagger(Path((cache / "A" / f"{stem}.proj").read_text()))
    project_phrases.NAME_JUDGE = load_judge(cache / "A" / f"{stem}.judge.json")
    ent.ORG_SPAN_TAGGER = SpanTagger(cache / "A" / f"{stem}.ent.crfsuite")


def use_a_models(cache: Path) -> None:
    """Load the models trained on all of A (for scoring B)."""
    project_phrases.SPAN_TAGGER = SpanTagger(cache / "B" / "proj.crfsuite")
    project_phrases.NAME_JUDGE = load_judge(cache / "B" / "judge.json")
    ent.ORG_SPAN_TAGGER = SpanTagger(cache / "B" / "ent.crfsuite")


def read_text(stem: str) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """A dev text's front matter, body and answer key."""
    header, body = front_matter((FOLDER / f"{stem}.md").read_text(encoding="utf-8"))
    key = json.loads((FOLDER / f"{stem}.answers.json").read_text(encoding="utf-8"))
    return header, body, key


def match_projects(exp: list[Any], projects: list[Any], ex: Any) -> list[tuple[Any, Any]]:
    """Key projects paired with extracted ones of the same name_key, each extracted one used once."""
    free = list(range(len(projects)))
    pairs_ = []
    for item in exp:
        want = ee.name_key(item["name"], ex)
        hit = next((i for i in free if ee.name_key(projects[i]["name"], ex) == want), None)
        if hit is not None:
            free.remove(hit)
            pairs_.append((item, projects[hit]))
    return pairs_


def doc(stem: str, gaz: Any, ex: Any, ind: Any, classify: Classify | None = None) -> dict[str, Any]:
    """One text's counts and errors; `classify` adds a later harness's fields right after the stem."""
    header, body, key = read_text(stem)
    title = header.get("title", "")
    batch = ee.policy_batch(f"doc:{stem}", body, {"path": stem, **({"title": title} if title else {})}, gaz, ex,
                            tagger=tj.NER)
    found = ee._found(batch, body, gaz, ex)
    exp = key.get("projects", [])
    pairs_ = match_projects(exp, found.projects, ex)
    want_money = [p for p in exp if p.get("investment_wan") is not None]
    got_money = [p for p in found.projects if p.get("investment_wan") is not None]
    right = [(k, f) for k, f in pairs_ if ee._same_money(k.get("investment_wan"), f.get("investment_wan"))]
    kmatch = {id(k): f for k, f in pairs_}
    miss_money = [(k["name"], k["investment_wan"], (kmatch[id(k)]["investment_wan"] if id(k) in kmatch else "NONAME"))
                  for k in want_money if not any(k is r[0] for r in right)]
    spur_money = [(f["name"], f["investment_wan"]) for f in got_money if not any(f is r[1] for r in right)]
    orgs = [{e["name"], *e.get("aliases", [])} for e in key.get("enterprises", [])]
    hits = sum(1 for o in orgs if any(ee._same_org(o, f) for f in found.enterprises))
    oright = sum(1 for f in found.enterprises if any(ee._same_org(o, f) for o in orgs))
    miss_org = [e["name"] for e, o in zip(key.get("enterprises", []), orgs, strict=True)
                if not any(ee._same_org(o, f) for f in found.enterprises)]
    spur_org = [sorted(f) for f in found.enterprises if not any(ee._same_org(o, f) for o in orgs)]
    extra = classify(exp, found, pairs_, spur_org, key, ex) if classify else {}
    return {"stem": stem, **extra, "inv": [len(right), len(got_money), len(want_money)],
            "ent": [oright, len(found.enterprises), hits, len(orgs)],
            "miss_money": miss_money, "spur_money": spur_money, "miss_org": miss_org, "spur_org": spur_org,
            "proj": [len(pairs_), len(found.projects), len(exp)]}


def _ratio(a: int, b: int) -> float:
    return round(a / max(b, 1), 3)


def tot(docs: list[dict[str, Any]]) -> str:
    """Summed investment and enterprise P/R over a part, and the project counts."""
    inv = [sum(d["inv"][i] for d in docs) for i in range(3)]
    en = [sum(d["ent"][i] for d in docs) for i in range(4)]
    pr = [sum(d["proj"][i] for d in docs) for i in range(3)]
    return (f"inv P/R {_ratio(inv[0], inv[1])}/{_ratio(inv[0], inv[2])} ({inv[0]}/{inv[1]},{inv[0]}/{inv[2]})  "
            f"ent P/R {_ratio(en[0], en[1])}/{_ratio(en[2], en[3])} ({en[0]}/{en[1]},{en[2]}/{en[3]})  proj {pr}")


def _nothing(*_a: Any, **_k: Any) -> None:
    return None


def _no_items(*_a: Any, **_k: Any) -> list[Any]:
    return []


def ablate() -> None:
    """Switch off the rules named in $ABLATE (and set the enterprise CRF's threshold from $THR)."""
    a = os.environ.get("ABLATE", "")
    if os.environ.get("THR"):
        ent.ORG_TAGGER_MIN_SCORE = float(os.environ["THR"])
    for name in filter(None, a.split(",")):
        if name == "investor":
            ent._INVESTOR_IN_NAME = re.compile(r"(?!x)x(x)")
        elif name == "lac":
            policy.organisations = _no_items  # type: ignore[assignment]
        elif name.startswith("q."):
            setattr(quantities, name[2:], _nothing)
        elif name.startswith("p."):
            setattr(policy, name[2:], _nothing)
        elif name == "crf":
            ent.ORG_TAGGER_ON = False
        else:
            setattr(ent, name, _no_items)


def score(part: str, cache: Path, classify: Classify | None = None) -> list[dict[str, Any]]:
    """Per-text results: part "A" with each text's own fold models, any other part is B with A's models."""
    logging.disable(logging.INFO)
    ablate()
    gaz = load_gazetteer()
    ex = extractor_for(gaz)
    ind = StandardIndustryClassifier()
    docs = []
    if part == "A":
        for s in A:
            use_fold_models(cache, s)
            docs.append(doc(s, gaz, ex, ind, classify))
    else:
        use_a_models(cache)
        docs = [doc(s, gaz, ex, ind, classify) for s in B]
    return docs


def dump(docs: list[Any], out: str, **kw: Any) -> None:
    with open(out, "w") as fh:
        json.dump(docs, fh, **kw)


def evaluate(part: str, out: str) -> None:
    docs = score(part, C)
    if part == "A":
        dump(docs, out, ensure_ascii=False, indent=1)
    print(part, tot(docs))


def show(stem: str, cache: Path = C) -> None:
    """One A text's extracted and key enterprises and projects (with its fold models)."""
    logging.disable(logging.INFO)
    gaz = load_gazetteer()
    ex = extractor_for(gaz)
    use_fold_models(cache, stem)
    header, body, key = read_text(stem)
    batch = ee.policy_batch(f"doc:{stem}", body, {"path": stem, "title": header.get("title", "")}, gaz, ex,
                            tagger=tj.NER)
    found = ee._found(batch, body, gaz, ex)
    print("FOUND ORGS", [sorted(f) for f in found.enterprises])
    print("KEY ORGS", [(e["name"], e.get("aliases", [])) for e in key.get("enterprises", [])])
    print("FOUND PROJ", [(p["name"], p["investment_wan"]) for p in found.projects])
    print("KEY PROJ", [(p["name"], p.get("investment_wan")) for p in key.get("projects", [])])


if __name__ == "__main__":
    if sys.argv[1] == "show":
        show(sys.argv[2])
    elif sys.argv[1] == "build":
        build()
    else:
        evaluate(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "/dev/null")
