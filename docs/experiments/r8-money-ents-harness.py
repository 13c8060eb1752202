"""r8-money-ents helper (from r7's): fold models cached once; rules re-scored fast; `diag` classifies errors.
build: A = leave-one-text-out enterprise CRF, 8-fold project CRF + judge fit on other A texts;
       B = models trained on A only.  eval: per-doc investments/enterprises on A (errors), totals on B.

    PYTHONPATH=$PWD .venv/bin/python docs/experiments/r8-money-ents-harness.py build
    PYTHONPATH=$PWD .venv/bin/python docs/experiments/r8-money-ents-harness.py A /tmp/A.json  # errors, by kind
    PYTHONPATH=$PWD .venv/bin/python docs/experiments/r8-money-ents-harness.py B /tmp/B.json  # counts by kind only
    PYTHONPATH=$PWD .venv/bin/python docs/experiments/r8-money-ents-harness.py Aship|Bship    # shipped models
    PYTHONPATH=$PWD .venv/bin/python docs/experiments/r8-money-ents-harness.py diag /tmp/A.json
    PYTHONPATH=$PWD .venv/bin/python docs/experiments/r8-money-ents-harness.py show STEM | probe STEM NEEDLE
Cache folder: $R8ME_CACHE (default /tmp/r8me/cache). Building, scoring, ABLATE/THR and `show` are
r7-money-ents-harness.py's (imported); this file adds the error kinds, diag, the shipped-model parts and probe.
"""
# A harness prints its figures:
# ruff: noqa: T201
from __future__ import annotations

import importlib.util
import json
import logging
import math
import os
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from ingest import enterprises as ent
from ingest import project_phrases
from ingest.extract import extractor_for
from ingest.ner import organisations
from ingest.standard_industry import StandardIndustryClassifier
from ingest.structure import parse_structure
from ontology import load_gazetteer
from search_api.core import extraction_eval as ee
from search_api.tools import train_judge as tj

_SPEC = importlib.util.spec_from_file_location("r7_money_ents_harness", Path(__file__).with_name(
    "r7-money-ents-harness.py"))
assert _SPEC is not None and _SPEC.loader is not None
r7 = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = r7
_SPEC.loader.exec_module(r7)

C = Path(os.environ.get("R8ME_CACHE", "/tmp/r8me/cache"))
A, B = r7.A, r7.B
_PARK = re.compile(r"园|园区|开发区|新区|基地|小镇|新城|示范区|集聚区")
_GOV = re.compile(r"政府|局|委|厅|办|部|中心|所|院|站|处|会")


def _ratio_is_unit(a: float, b: float) -> bool:
    r = max(a, b) / max(min(a, b), 1e-9)
    return abs(math.log10(r) - round(math.log10(r))) < 0.01 and round(math.log10(r)) >= 1


def _wrong_sum_kind(want: float, got: float, key_sums: list[Any]) -> str:
    """Why a matched project's sum differs from the key's."""
    if _ratio_is_unit(want, got):
        return "unit"
    if any(ee._same_money(o, got) for o in key_sums):
        return "another project's sum"
    return "larger (batch/total?)" if got > want else "smaller (part/other)"


def money_kinds(exp: list[Any], projects: list[Any], pairs_: list[tuple[Any, Any]], ex: Any) -> list[tuple[Any, ...]]:
    """Investment errors by kind: (i) key project not matched by name, (ii) matched, no sum,
    (iii) matched, wrong sum (sub-kind), (iv) a sum on an extracted project the key does not have
    (sub-kind: a cut/merged form of a key name, or no key name at all)."""
    out: list[tuple[Any, ...]] = []
    kmatch = {id(k): f for k, f in pairs_}
    fmatched = {id(f) for _, f in pairs_}
    key_sums = [p.get("investment_wan") for p in exp if p.get("investment_wan") is not None]
    for k in exp:
        want = k.get("investment_wan")
        f = kmatch.get(id(k))
        if want is None:
            if f is not None and f.get("investment_wan") is not None:
                out.append(("iii", "sum where key has none", k["name"], None, f["investment_wan"]))
            continue
        if f is None:
            out.append(("i", "no name match", k["name"], want, None))
            continue
        got = f.get("investment_wan")
        if got is None:
            out.append(("ii", "no sum", k["name"], want, None))
        elif not ee._same_money(want, got):
            out.append(("iii", _wrong_sum_kind(want, got, key_sums), k["name"], want, got))
    keys = [ee.name_key(k["name"], ex) for k in exp]
    for f in projects:
        if f.get("investment_wan") is None or id(f) in fmatched:
            continue
        fk = ee.name_key(f["name"], ex)
        near = any(len(fk) >= 2 and (fk in k or k in fk) for k in keys if k)
        out.append(("iv", "cut/merged form of a key name" if near else "not a key project", f["name"], None,
                    f["investment_wan"]))
    return out


def org_spurious_kinds(spur: list[list[str]], key_orgs: list[Any], ex: Any) -> list[tuple[str, list[str]]]:
    """Spurious enterprises by kind, by their forms: a piece of a key company, several key companies in
    one, a park or zone, a government body, a place, or other."""
    kforms = [{ee._org_key(x) for x in (e["name"], *e.get("aliases", []))} for e in key_orgs]
    out = []
    for forms in spur:
        ks = {ee._org_key(x) for x in forms}
        inside = [i for i, kf in enumerate(kforms) if any(len(a) >= 2 and (a in b or b in a) for a in ks for b in kf)]
        if len(inside) >= 2:
            kind = "merged names"
        elif inside:
            kind = "cut/variant of a key name"
        elif any(_PARK.search(x) for x in forms):
            kind = "park/zone"
        elif any(_GOV.search(x) for x in forms):
            kind = "government/institution"
        elif any(m.start == 0 and m.end == len(x) for x in forms for m in ex.find(x)):
            kind = "place"
        else:
            kind = "other"
        out.append((kind, sorted(forms)))
    return out


def kinds(exp: list[Any], found: Any, pairs_: list[tuple[Any, Any]], spur_org: list[list[str]],
          key: dict[str, Any], ex: Any) -> dict[str, Any]:
    """The per-text fields this harness adds to r7's: the investment and spurious-enterprise error kinds."""
    return {"inv_kinds": money_kinds(exp, found.projects, pairs_, ex),
            "org_kinds": org_spurious_kinds(spur_org, key.get("enterprises", []), ex)}


def diag(path: str) -> None:
    """Counts of the error kinds in a part's per-text results (A prints the items too)."""
    with open(path) as fh:
        docs = json.load(fh)
    inv: Counter[tuple[str, str]] = Counter()
    org: Counter[str] = Counter()
    for d in docs:
        for kind, sub, *_rest in d["inv_kinds"]:
            inv[(kind, sub)] += 1
        for kind, _ in d["org_kinds"]:
            org[kind] += 1
        org["missed"] += len(d["miss_org"])
    for k, v in sorted(inv.items()):
        print("inv", k, v)
    for k, v in sorted(org.items()):
        print("ent", k, v)


def shipped(part: str) -> list[dict[str, Any]]:
    """Per-text results with the shipped models (in-sample: they were trained on A and B)."""
    logging.disable(logging.INFO)
    r7.ablate()
    gaz = load_gazetteer()
    ex = extractor_for(gaz)
    ind = StandardIndustryClassifier()
    return [r7.doc(s, gaz, ex, ind, kinds) for s in (A if part == "Aship" else B)]


def evaluate(part: str, out: str) -> None:
    docs = shipped(part) if part in ("Aship", "Bship") else r7.score(part, C, kinds)
    if part in ("A", "Aship"):
        r7.dump(docs, out, ensure_ascii=False, indent=1)
    elif out != "/dev/null":  # B: only the counts by kind are written (no per-text lines)
        strip = [{"inv_kinds": [k[:2] for k in d["inv_kinds"]], "org_kinds": [[k, []] for k, _ in d["org_kinds"]],
                  "miss_org": [None] * len(d["miss_org"])} for d in docs]
        r7.dump(strip, out)
    print(part, r7.tot(docs))


def probe(stem: str, needle: str) -> None:
    """One A sentence holding `needle`: its project phrases, LAC words and enterprises (A only)."""
    logging.disable(logging.INFO)
    gaz = load_gazetteer()
    ex = extractor_for(gaz)
    r7.use_fold_models(C, stem)
    _, body, _ = r7.read_text(stem)
    parsed = parse_structure(body)
    sents = [*parsed.preamble, *(s for top in parsed.sections for sub in top.walk()
                                 for s in [sub.title_sentence, *sub.sentences])]
    for s in sents:
        if needle not in s.text:
            continue
        t = s.text
        words = tj.NER.tokens([t])[0]
        mentions = ex.find(t)
        phrases = project_phrases.find_project_phrases(t, mentions, gaz, words)
        print("SENT", t)
        print("PHRASES", [(p.name, t[p.start:p.end], p.investment_wan) for p in phrases])
        i = t.index(needle)
        print("WORDS", [(t[w.start:w.end], w.tag) for w in words if w.end > i - 15 and w.start < i + 25])
        print("JIEBA", [w for w, a, b in ex.tokens(t) if b > i - 10 and a < i + 15])
        tagged = ent.tagged_organisations(t, words, mentions)
        print("ORGS", [t[a:b] for a, b in organisations(words)], "TAGGED", [t[a:b] for a, b in tagged])
        spans = [(p.start, p.end) for p in phrases]
        print("ENTS", [e.name for e in ent.find_enterprises(t, organisations(words), mentions, spans, words,
                                                           ex.tokens(t) if phrases else [],
                                                           ent.tagged_organisations(t, words, mentions))])


if __name__ == "__main__":
    if sys.argv[1] == "probe":
        probe(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "diag":
        diag(sys.argv[2])
    elif sys.argv[1] == "show":
        r7.show(sys.argv[2], C)
    elif sys.argv[1] == "build":
        r7.build(C)
    else:
        evaluate(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "/dev/null")
