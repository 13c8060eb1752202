"""r9-precision harness: r8b-bounds-harness.py (imported: `build`, `A`, with its stages and BOUND lines) plus
a mode `spur` that explains every spurious name on the dev texts.

    PYTHONPATH=$PWD .venv/bin/python docs/experiments/r9-precision-harness.py build   # fold CRFs + LOO judges
    PYTHONPATH=$PWD .venv/bin/python docs/experiments/r9-precision-harness.py A       # CV figure, stages, BOUND lines
    PYTHONPATH=$PWD .venv/bin/python docs/experiments/r9-precision-harness.py spur    # each spurious name explained

Cache folder: $R9P_CACHE (default /tmp/r9-precision/cache).
"""
# A harness prints its figures:
# ruff: noqa: T201
from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

from ingest import project_phrases as pp
from ingest.extract import extractor_for
from ingest.name_judge import candidate_features, load_judge
from ingest.span_tagger import SpanTagger
from ingest.standard_industry import StandardIndustryClassifier
from ingest.structure import parse_structure
from ontology import load_gazetteer
from search_api.core import extraction_eval as ee
from search_api.tools import train_judge as tj

os.environ.setdefault("R8B_CACHE", os.environ.get("R9P_CACHE", "/tmp/r9-precision/cache"))

_SPEC = importlib.util.spec_from_file_location("r8b_bounds_harness", Path(__file__).with_name("r8b-bounds-harness.py"))
assert _SPEC is not None and _SPEC.loader is not None
r8b = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = r8b
_SPEC.loader.exec_module(r8b)
base = r8b.base  # r8-recall-harness.py: the stages, trace and the models' building

CACHE, A, FOLDER, trace = r8b.CACHE, r8b.A, base.FOLDER, base.trace


def spurious_dump() -> None:
    """For each dev text: each spurious name, the sentence candidate(s) it came from (source, probability) and
    the features that pushed it up most (weight x value), and the text's keyed names nearby (name_key overlap)."""
    gaz = load_gazetteer()
    ex = extractor_for(gaz)
    ind = StandardIndustryClassifier()
    for stem in A:
        tagger = SpanTagger(Path((CACHE / f"{stem}.crf").read_text()))
        judge = load_judge(CACHE / f"{stem}.judge.json")
        assert judge is not None
        body = ee.body_of((FOLDER / f"{stem}.md").read_text(encoding="utf-8"))
        key = json.loads((FOLDER / f"{stem}.answers.json").read_text(encoding="utf-8"))
        pp.SPAN_TAGGER, pp.NAME_JUDGE, pp.JUDGE_ON = tagger, judge, True
        doc = ee.score_document(stem, body, key, gaz, ex, ind, tagger=tj.NER)
        if not doc.spurious_projects:
            continue
        parsed = parse_structure(body)
        sentences = list(dict.fromkeys(
            s.text for s in [*parsed.preamble, *(s for top in parsed.sections for sub in top.walk()
                                                 for s in [sub.title_sentence, *sub.sentences])] if s.text))
        words = dict(zip(sentences, tj.NER.tokens(sentences), strict=True))
        for name in doc.spurious_projects:
            sk = ee.name_key(name, ex)
            for sent in sentences:
                if name not in sent:
                    continue
                mentions = ex.find(sent)
                tagging = tagger.tagging(sent, words[sent], mentions) if words[sent] else None
                t = trace(sent, mentions, gaz, words[sent], tagger, judge)
                for sc, c, kept in t.scored:
                    if c.name != name:
                        continue
                    f = candidate_features(sent, c.start, c.end, c.source, words[sent], mentions, tagging,
                                           c.investment_wan is not None, t.event)
                    top = sorted(((judge.weights.get(k, 0.0) * v, k) for k, v in f.items()), reverse=True)[:6]
                    lead = sent[max(0, c.start - 8) : c.start]
                    print(f"SPUR {stem} {name} src={c.source} p={sc:.2f} kept={kept} lead=…{lead}| "
                          f"top={[(k, round(w, 2)) for w, k in top]}")
                    inside = [(sent[w.start:w.end], w.tag) for w in words[sent] if c.start <= w.start < c.end]
                    print(f"     words={inside}")
                break
            near = [p['name'] for p in key.get('projects', []) if sk and (sk in ee.name_key(p['name'], ex)
                                                                        or ee.name_key(p['name'], ex) in sk)]
            print(f"     near-keys={near}")


if __name__ == "__main__":
    if sys.argv[1] == "spur":
        spurious_dump()
    elif sys.argv[1] == "build":
        base.build(A, CACHE, part_b=False)
    else:
        r8b.run(sys.argv[1])
