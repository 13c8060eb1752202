"""r8b-bounds harness (from r8-recall-harness.py): where each missed key project is lost, and every
BOUNDARY error (a missed key found with another boundary), over ALL dev texts (dev..dev8, round 8b).

    PYTHONPATH=$PWD .venv/bin/python docs/experiments/r8b-bounds-harness.py build   # fold CRFs + LOO judges
    PYTHONPATH=$PWD .venv/bin/python docs/experiments/r8b-bounds-harness.py A       # CV figure, stages, BOUND lines

Each dev text is scored by its 8-fold CRF and a judge fit on the other 67 texts' candidates (the figure of
`train_spans --judge-cv` at the shipped thresholds). A BOUND line pairs a missed key with a spurious name
whose name_key contains it or lies in it: [judge] when the key's exact boundary was among the sentence's
candidates (the judge chose another), [gen] when no candidate had it; then a rough class from the extra text
(lead-in, owner, place-kept, joined, trailing; shorter/short-tail/place-dropped/owner-dropped when the
extracted name is the shorter). The part-B mode of r8-recall ("B") is not used in round 8b.

The stages, the models' building and the scoring are r8-recall-harness.py's (imported; its docstring has the
stage letters and the R8_* switches); this file adds the boundary pairs. Cache folder: $R8B_CACHE (default
/tmp/r8b-bounds/cache).
"""
# A harness prints its figures:
# ruff: noqa: T201
from __future__ import annotations

import importlib.util
import os
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from ontology import load_gazetteer
from search_api.core import extraction_eval as ee
from search_api.tools.train_spans import dev_stems

_SPEC = importlib.util.spec_from_file_location("r8_recall_harness", Path(__file__).with_name("r8-recall-harness.py"))
assert _SPEC is not None and _SPEC.loader is not None
base = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = base  # its dataclass looks its module up by name
_SPEC.loader.exec_module(base)

CACHE = Path(os.environ.get("R8B_CACHE", "/tmp/r8b-bounds/cache"))
A = dev_stems(base.FOLDER, ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8"))  # round 8b: all dev


BOUNDS: Counter[str] = Counter()


def boundary_pairs(stem: str, doc: Any, ex: Any, traces: dict[str, base.Trace], sentences: list[str],
                   words: dict[str, Any]) -> None:
    """Each missed key found with another boundary: a spurious name whose key contains it or lies in it.
    Prints the pair, whether the key's exact boundary was a candidate (judge) or not (generation), and a class."""
    spurious = [(n, ee.name_key(n, ex)) for n in doc.spurious_projects]
    for name in doc.missed_projects:
        kk = ee.name_key(name, ex)
        for sname, sk in spurious:
            if not kk or not sk or sk == kk or (kk not in sk and sk not in kk):
                continue
            cand = False
            sent = ""
            for s in sentences:
                if not base.occurrences(kk, s):
                    continue
                if s not in traces:
                    traces[s] = base.trace(s, ex.find(s), load_gazetteer_cached(), words[s], base.TAGGER[0],
                                            base.JUDGE[0])
                t = traces[s]
                sent = sent or s
                if any(ee.name_key(c.name, ex) == kk for _, c, _ in t.scored) or any(
                        ee.name_key(p.name, ex) == kk for p in t.rules):
                    cand, sent = True, s
            cls = classify(kk, sk, sname, sent, ex)
            BOUNDS[f"{'judge' if cand else 'gen'}:{cls}"] += 1
            print(f"  BOUND {stem} [{'judge' if cand else 'gen'}] [{cls}] key={name} | got={sname}")


def classify(kk: str, sk: str, sname: str, sent: str, ex: Any) -> str:
    """A rough class of a boundary error from the extra text (by the spurious name's key)."""
    if kk in sk:
        pre, post = sk[: sk.index(kk)], sk[sk.index(kk) + len(kk):]
        if "、" in sname or "和" in pre or "及" in pre:
            return "joined"
        if post and not pre:
            return "trailing"
        if re.search(r"公司|集团|企业|有限|厂", pre):
            return "owner"
        if ex.find(pre) and ex.find(pre)[0].start == 0:
            return "place-kept"
        return "lead-in" if pre else "other-longer"
    pre_k = kk[: kk.index(sk)]
    post_k = kk[kk.index(sk) + len(sk):]
    if post_k and not pre_k:
        return "short-tail"
    if ex.find(pre_k) and ex.find(pre_k)[0].start == 0:
        return "place-dropped"
    if re.search(r"公司|集团|企业|有限|厂", pre_k):
        return "owner-dropped"
    return "shorter"


_GAZ: list[Any] = []


def load_gazetteer_cached() -> Any:
    if not _GAZ:
        _GAZ.append(load_gazetteer())
    return _GAZ[0]


def run(part: str) -> None:
    base.run(part, A, CACHE, after=boundary_pairs)
    print("  boundary classes:", dict(sorted(BOUNDS.items())), "total", sum(BOUNDS.values()))


if __name__ == "__main__":
    if sys.argv[1] == "build":
        base.build(A, CACHE, part_b=False)  # (round 8b: no part-B CRF; every dev text by its fold models)
    else:
        run(sys.argv[1])
