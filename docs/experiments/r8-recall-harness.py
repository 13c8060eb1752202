"""r8-recall harness: where each missed key project is lost on the way through ingest.

    PYTHONPATH=$PWD .venv/bin/python docs/experiments/r8-recall-harness.py build   # models (~A only)
    PYTHONPATH=$PWD .venv/bin/python docs/experiments/r8-recall-harness.py A       # A: CV figure, stages, details
    PYTHONPATH=$PWD .venv/bin/python docs/experiments/r8-recall-harness.py B       # B: totals and stage counts only

Models never see the text they score:
- A (dev..dev5): each text scored by its 8-fold CRF (train_judge.candidate_rows) and a judge fit on the
  other 34 A texts' candidates: the same figure as `train_spans --judge-cv --splits dev,...,dev5`.
- B (dev6..dev8): a CRF trained on all of A and a judge fit on all of A's candidates (B never trains).
`build` must be rerun after every change of the rules (the judge's rows are the rules' candidates).

For each missed key name (normalised as extraction_eval.name_key does) the FIRST stage that loses it,
taking over all sentences it occurs in the one that got furthest:
  a   name_key not in any sentence (a0: not in the body at all; a1: only across a sentence break)
  b   its sentence got no LAC words (the tagger and the word-based checks never run)
  c   sentence fails _EVENT (no tagged span proposed) and no rule phrase overlaps it
      (c1: the CRF does tag a span overlapping it there; c0: it does not either)
  d   (event sentence) no rule phrase and no tagged span overlaps it
  d2  a tagged span overlaps it but the name checks (_balanced/_phrase) reject every one, no rule phrase
  e0  candidates overlap it, none with its boundary (name_key differs)
  e   a candidate with its boundary exists; the judge scores it under the threshold
  f   its candidate clears the threshold but an overlapping kept candidate excludes it
  g   kept in the sentence, lost later (merged, matched another key, ...)

Cache folder: $R8_CACHE (default /tmp/r8-recall/cache). r8b-bounds-harness.py imports this file's functions.
"""
# A harness prints its figures:
# ruff: noqa: T201
from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest import project_phrases as pp
from ingest.extract import extractor_for
from ingest.name_judge import NameJudge, candidate_features, load_judge
from ingest.span_tagger import HEAD_WORDS, SpanTagger
from ingest.standard_industry import StandardIndustryClassifier
from ingest.structure import parse_structure
from ingest.textnorm import normalise
from ontology import load_gazetteer
from search_api.core import extraction_eval as ee
from search_api.tools import train_judge as tj
from search_api.tools.train_spans import augmented, dev_stems, examples, pairs, train

FOLDER = Path("tests/data/real")
CACHE = Path(os.environ.get("R8_CACHE", "/tmp/r8-recall/cache"))
A = dev_stems(FOLDER, ("dev", "dev2", "dev3", "dev4", "dev5"))
B = dev_stems(FOLDER, ("dev6", "dev7", "dev8"))
DATA: list[Any] = [[]]
STAGES = ("a0", "a1", "b", "c0", "c1", "d", "d2", "e0", "e", "f", "g")


AUGMENT = int(os.environ.get("R8_AUGMENT", "0"))  # synthetic copies per named sentence (train_spans --augment)


def build(stems: list[str] = A, cache: Path = CACHE, part_b: bool = True) -> None:
    """Each text's fold CRF and leave-one-text-out judge over `stems` into `cache` (and, with part_b, a CRF
    and a judge trained on all of them, for B)."""
    tj.THRESHOLD = float(os.environ.get("R8_NEW", tj.THRESHOLD))  # the judge's thresholds (train_judge's by default)
    tj.RULE_THRESHOLD = float(os.environ.get("R8_RULE", tj.RULE_THRESHOLD))
    gaz = load_gazetteer()
    ex = extractor_for(gaz)
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "folds").mkdir(exist_ok=True)
    extra = augmented(FOLDER, stems, ex, AUGMENT) if AUGMENT else []
    if part_b:
        train([*pairs(examples(FOLDER, stems, ex, "projects")), *pairs(extra)], cache / "B.crfsuite")
    if extra:  # each fold's CRF also learns from the synthetic sentences, none carrying a held-out text's name
        bodies = {s: ee.body_of((FOLDER / f"{s}.md").read_text(encoding="utf-8")) for s in stems}

        def fold_train(data: Any, path: Path) -> None:
            rows = list(data)
            seen = {id(x) for x, _ in rows}
            held = [s for s in stems if not any(id(x) in seen for e in DATA[0] if e.stem == s for x in e.xs)]
            held_body = "".join(bodies[s] for s in held)
            train([*rows, *(xy for e in extra if e.stem not in held for xy in pairs([e], None, held_body))], path)

        tj.train = fold_train  # type: ignore[assignment]
        real_examples = tj.examples

        def remembered(*args: Any, **kw: Any) -> Any:
            DATA[0] = real_examples(*args, **kw)
            return DATA[0]

        tj.examples = remembered  # type: ignore[assignment]
    texts = tj.candidate_rows(FOLDER, stems, cache / "folds", gaz, ex, StandardIndustryClassifier())
    for held in texts:
        others = [t for t in texts if t.stem != held.stem]
        tj.fit(others, tj.L2, tj.THRESHOLD, tj.RULE_THRESHOLD).save(cache / f"{held.stem}.judge.json", {})
        (cache / f"{held.stem}.crf").write_text(str(held.crf))
    if part_b:
        tj.fit(texts, tj.L2, tj.THRESHOLD, tj.RULE_THRESHOLD).save(cache / "B.judge.json", {})


# ---- tracing one sentence the way find_project_phrases/_judged do ----

@dataclass
class Trace:
    rules: list[pp.Phrase] = field(default_factory=list)  # rule phrases after their overlap resolution
    event: bool = False
    raw_spans: list[tuple[int, int]] = field(default_factory=list)  # the CRF's spans
    tagged: list[pp.Phrase] = field(default_factory=list)  # those passing _balanced and _phrase
    scored: list[tuple[float, pp.Phrase, bool]] = field(default_factory=list)  # (p, candidate, kept)
    kept: list[pp.Phrase] = field(default_factory=list)
    p_begin: list[float] = field(default_factory=list)
    p_inside: list[float] = field(default_factory=list)


def trace(text: str, mentions: list[Any], gaz: Any, words: list[Any], tagger: SpanTagger,
          judge: NameJudge) -> Trace:
    t = Trace()
    phrases = pp._sourced(pp._site_lists(text, mentions, gaz, words), "sites")
    for source, rule in pp.RULES:
        for p in rule(text, mentions, gaz, words):
            if not any(q.start < p.end and p.start < q.end for q in phrases):
                p.source = source
                phrases.append(p)
    t.rules = list(phrases)
    t.event = bool(pp._EVENT.search(text))
    if not words:
        t.kept = phrases
        return t
    tagging = tagger.tagging(text, words, mentions)
    t.raw_spans = [(s.start, s.end) for s in tagging.spans]
    t.p_begin, t.p_inside = tagging.p_begin, tagging.p_inside
    candidates = list(phrases)
    if t.event or (getattr(pp, "TAG_EVERY_SENTENCE", False) and not pp._PLANNING.search(text)):
        for span in tagging.spans:
            if pp._balanced(text[span.start : span.end]):
                phrase = pp._phrase(text, span.start, span.end, mentions, gaz, words, needs_tail=False)
                if phrase is not None:
                    phrase.source = "tagger"
                    candidates.append(phrase)
                    t.tagged.append(phrase)
    if getattr(pp, "HEADED_CANDIDATES", False):
        headed = pp._headed(text, mentions, gaz, words)
        candidates += headed
        t.tagged += headed  # proposed besides the rules, as the tagger's spans are
    if getattr(pp, "LIST_MATES", False):
        mates = pp._list_mates(text, candidates, mentions, gaz, words)
        candidates += mates
        t.tagged += mates
    candidates += pp._variants(text, phrases, mentions, gaz, words)
    unique = [c for c in {(c.start, c.end, c.name): c for c in reversed(candidates)}.values()
              if c.source not in pp.UNJUDGED_SOURCES][::-1]
    scored = []
    for c in unique:
        features = candidate_features(text, c.start, c.end, c.source, words, mentions, tagging,
                                      c.investment_wan is not None, t.event)
        scored.append((judge.probability(features), c))
    kept = [p for p in phrases if p.source in pp.UNJUDGED_SOURCES]
    for score, c in sorted(scored, key=lambda sc: -sc[0]):
        if judge.keeps(score, c.source in pp.RULE_SOURCES) and not any(pp._excludes(k, c) for k in kept):
            kept.append(c)
    t.kept = kept
    t.scored = [(s, c, any(c is k for k in kept)) for s, c in scored]
    return t


def _norm_map(text: str) -> tuple[str, list[int]]:
    """text normalised as name_key does (before stripping places and tails), with each kept char's index."""
    out, index = [], []
    for i, ch in enumerate(text):
        for n in normalise(unicodedata.normalize("NFKC", ch)):
            if not ee._NOISE.fullmatch(n):
                out.append(n)
                index.append(i)
    return "".join(out), index


def occurrences(kk: str, text: str) -> list[tuple[int, int]]:
    norm, index = _norm_map(text)
    out, pos = [], norm.find(kk)
    while pos >= 0 and kk:
        out.append((index[pos], index[pos + len(kk) - 1] + 1))
        pos = norm.find(kk, pos + 1)
    return out


def stage_in(kk: str, span: tuple[int, int], t: Trace, words: list[Any], ex: Any) -> str:
    s, e = span

    def over(a: int, b: int) -> bool:
        return a < e and s < b

    if not words:
        return "b"
    rules = [p for p in t.rules if over(p.start, p.end)]
    if not rules and not t.event and not getattr(pp, "TAG_EVERY_SENTENCE", False):
        return "c1" if any(over(a, b) for a, b in t.raw_spans) else "c0"
    if not rules and not any(over(a, b) for a, b in t.raw_spans):
        pb = t.p_begin[s] if t.p_begin else 0.0
        pi = min(t.p_inside[s + 1 : e] or [1.0]) if t.p_inside else 0.0
        DETAIL[f"d rule: {rule_reason(TEXT[0], span, MENTIONS[0], None, words)}"] += 1
        DETAIL[f"d: p_begin {'>=.3' if pb >= .3 else '.1-.3' if pb >= .1 else '<.1'}"
               f" min p_inside {'>=.3' if pi >= .3 else '<.3'}"] += 1
        return "d"
    if not rules and not any(over(p.start, p.end) for p in t.tagged):
        for a, b in t.raw_spans:
            if over(a, b):
                why = ("unbalanced" if not pp._balanced(TEXT[0][a:b])
                       else phrase_reason(TEXT[0], a, b, MENTIONS[0], None, words, needs_tail=False))
                DETAIL[f"d2: {why}"] += 1
        return "d2"
    exact = [(sc, c, k) for sc, c, k in t.scored if ee.name_key(c.name, ex) == kk]
    exact_unjudged = [p for p in t.kept if p.source in pp.UNJUDGED_SOURCES and ee.name_key(p.name, ex) == kk]
    if exact_unjudged or any(k for _, _, k in exact):
        return "g"
    if not exact:
        cands = [c for _, c, _ in t.scored if over(c.start, c.end)] + [p for p in t.rules if over(p.start, p.end)]
        kinds = set()
        for c in cands:
            ck = ee.name_key(c.name, ex)
            kinds.add("longer" if kk in ck else "shorter" if ck in kk else "crossing")
        DETAIL["e0: " + "+".join(sorted(kinds))] += 1
        return "e0"
    judge = JUDGE[0]
    if not any(judge.keeps(sc, c.source in pp.RULE_SOURCES) for sc, c, _ in exact):
        best_sc, best_c, _ = max(exact, key=lambda x: x[0])
        DETAIL[f"e: {best_c.source} {'>=.2' if best_sc >= .2 else '.1-.2' if best_sc >= .1 else '<.1'}"] += 1
        return "e"
    return "f"


def phrase_reason(text: str, start: int, end: int, mentions: list[Any], gaz: Any, words: list[Any],
                  needs_tail: bool = True) -> str:
    """Which of project_phrases._phrase's checks rejects text[start:end] (a mirror of its order), or "ok"."""
    investment = pp._investment(text, start, end)
    lead_start = start
    start = pp._skip_lead(text, start, end)
    start = pp._past_lead_word(text, start, end, words)
    lookback = max(0, start - 4)
    copula = pp._LIST_COPULA.match(text, start, end)
    if copula and re.search(r"(?:项目|工程)(?:分别)?$", text[lookback:start]):
        start = lookback = copula.end()
    if pp._EXAMPLE.match(text, start, end) and not any(m.start == start for m in mentions):
        start = pp._skip_lead(text, pp._EXAMPLE.match(text, start, end).end(), end)  # type: ignore[union-attr]
    start = pp._past_joiners(text, start, end, words)
    if pp._TAIL_WORDS.search(text[start:end]) and pp._COORDINATED.search(pp._TAIL_WORDS.sub("", text[start:end])):
        return "coordinated"
    counted = (pp._COUNTED.search(text[max(lead_start, start - 6) : start])
               or pp._COUNTED_NAME.match(text, pp._past_places(start, end, mentions, words), end))
    if counted and not re.search(r"[“\"]", text[start:end]):
        return "counted"
    if text.startswith(("项目", "工程"), start):
        return "starts-项目"
    name = text[start:end]
    core = pp._TAIL_WORDS.sub("", name)
    checks = [("short", len(core) < pp.MIN_NAME_CHARS),
              ("not-one-project", bool(pp._NOT_ONE_PROJECT.search(text, lookback, end))),
              ("not-a-name", bool(pp._NOT_A_NAME.search(name))),
              ("not-first", bool(name) and name[0] in pp.NOT_NAME_FIRST),
              ("not-last", needs_tail and bool(core) and core[-1] in pp.NOT_NAME_LAST),
              ("company", core.endswith(pp.COMPANY_HEADS)),
              ("not-anchored", not (investment is not None or pp._anchored(core, name, mentions, start, end, words))),
              ("no-tail", needs_tail and not pp._END.search(name))]
    for reason, failed in checks:
        if failed:
            return reason
    inside = [m for m in mentions if start <= m.start < end]
    if pp._PLANNED.search(text[max(0, start - 8) : start]) and not any(m.label in pp.PLACE_ANCHORS for m in inside):
        return "planned"
    return "ok"


def rule_reason(text: str, span: tuple[int, int], mentions: list[Any], gaz: Any, words: list[Any]) -> str:
    """Why the news rule (every name ending in 项目/工程) made nothing of a key at text[span]: its name has
    no such tail there, the tail is skipped as no name's end, or _phrase rejects the clause."""
    s, e = span
    tail = re.match(r"(建设)?(项目|工程)", text[e:])
    end = e + tail.end() if tail else e
    if not text[s:end].endswith(("项目", "工程")):
        head = next((h for h in sorted(HEADS, key=len, reverse=True) if text[s:end].endswith(h)), None)
        listed = text[max(0, s - 1) : s] == "、" or text[end : end + 1] in ("、", "等")
        return f"no-tail:{'head' if head else 'other'}{':listed' if listed else ''}"
    for name, pattern in (("org-after", pp._ORG_AFTER), ("not-end", pp._NOT_END), ("count-after", pp._COUNT_AFTER),
                          ("inner-end", pp._INNER_END)):
        if pattern.match(text, end):
            return f"skip:{name}"
    start = pp._clause_start(text, end - 2, 0)
    return "phrase:" + phrase_reason(text, start, end, mentions, gaz, words)


HEADS = (*pp.INFRA_HEADS, *pp.FACILITY_ENDS, *HEAD_WORDS)
JUDGE: list[NameJudge] = []
TAGGER: list[SpanTagger] = []  # the text's tagger and judge, for a later harness's hook
TEXT: list[str] = [""]
MENTIONS: list[Any] = [[]]
DETAIL: Counter[str] = Counter()  # aggregate sub-counts of a stage (printed for A and B: counts only)
# run after a text's detail lines, with (stem, scored document, extractor, traces, sentences, words by sentence)
AfterText = Callable[[str, Any, Any, dict[str, Trace], list[str], dict[str, Any]], None]


def diagnose(stem: str, tagger: SpanTagger, judge: NameJudge, gaz: Any, ex: Any, ind: Any,
             details: bool, after: AfterText | None = None) -> tuple[Counter[str], list[int]]:
    body = ee.body_of((FOLDER / f"{stem}.md").read_text(encoding="utf-8"))
    key = json.loads((FOLDER / f"{stem}.answers.json").read_text(encoding="utf-8"))
    pp.SPAN_TAGGER, pp.NAME_JUDGE, pp.JUDGE_ON = tagger, judge, not os.environ.get("R8_JUDGE_OFF")
    JUDGE[:] = [judge]
    TAGGER[:] = [tagger]
    doc = ee.score_document(stem, body, key, gaz, ex, ind, tagger=tj.NER)
    parsed = parse_structure(body)
    sentences = list(dict.fromkeys(
        s.text for s in [*parsed.preamble, *(s for top in parsed.sections for sub in top.walk()
                                             for s in [sub.title_sentence, *sub.sentences])] if s.text))
    words = dict(zip(sentences, tj.NER.tokens(sentences), strict=True))
    body_norm = _norm_map(body)[0]
    stages: Counter[str] = Counter()
    traces: dict[str, Trace] = {}
    for name in doc.missed_projects:
        kk = ee.name_key(name, ex)
        best, where = "a0" if kk not in body_norm else "a1", ""
        for sent in sentences:
            spans = occurrences(kk, sent)
            if not spans:
                continue
            if sent not in traces:
                traces[sent] = trace(sent, ex.find(sent), gaz, words[sent], tagger, judge)
            TEXT[0], MENTIONS[0] = sent, ex.find(sent)
            for span in spans:
                st = stage_in(kk, span, traces[sent], words[sent], ex)
                if STAGES.index(st) > STAGES.index(best):
                    best, where = st, sent
        stages[best] += 1
        if details:
            t = traces.get(where)
            extra = ""
            if t is not None:
                near = [(round(sc, 2), c.name, c.source) for sc, c, _ in t.scored
                        if ee.name_key(c.name, ex) == kk or kk in ee.name_key(c.name, ex)
                        or ee.name_key(c.name, ex) in kk]
                extra = f" rules={[p.name for p in t.rules]} tagged={[where[a:b] for a, b in t.raw_spans]} near={near}"
            print(f"  {stem} [{best}] {name}  ::{where[:160]}{extra}")
    if details and doc.spurious_projects:
        print(f"  {stem} SPURIOUS {doc.spurious_projects}")
    if details and after is not None:
        after(stem, doc, ex, traces, sentences, words)
    p, m, o = doc.projects, doc.investments, doc.enterprises
    return stages, [p.correct, p.extracted, p.expected, m.found, m.extracted, m.expected,
                    o.correct, o.found, o.extracted, o.expected]


def report(label: str, stages: Counter[str], figures: list[int]) -> None:
    right, extracted, expected, m_right, m_extracted, m_expected, o_right, o_found, o_extracted, o_expected = figures
    print(f"{label}: investments {m_right}/{m_extracted}, {m_right}/{m_expected}; enterprises (shipped CRF) "
          f"P {o_right}/{o_extracted} R {o_found}/{o_expected}")
    prec, rec = right / max(extracted, 1), right / max(expected, 1)
    f1 = 2 * prec * rec / max(prec + rec, 1e-9)
    print(f"{label}: P/R/F1 {prec:.3f} / {rec:.3f} / {f1:.3f} ({right}/{extracted}, {right}/{expected}); "
          f"missed {expected - right}: " + ", ".join(f"{s}={stages.get(s, 0)}" for s in STAGES))


def run(part: str, stems: list[str] = A, cache: Path = CACHE, after: AfterText | None = None) -> None:
    """Part "A": each of `stems` with its own fold models, with detail lines; any other part: B's totals."""
    gaz = load_gazetteer()
    ex = extractor_for(gaz)
    ind = StandardIndustryClassifier()
    stages: Counter[str] = Counter()
    figures = [0] * 10
    if part == "A":
        for stem in stems:
            tagger = SpanTagger(Path((cache / f"{stem}.crf").read_text()))
            judge = load_judge(cache / f"{stem}.judge.json")
            assert judge is not None
            s, f = diagnose(stem, tagger, judge, gaz, ex, ind, details=True, after=after)
            stages += s
            figures = [x + y for x, y in zip(figures, f, strict=True)]
    else:
        tagger = SpanTagger(cache / "B.crfsuite")
        judge = load_judge(cache / "B.judge.json")
        assert judge is not None
        for stem in B:
            s, f = diagnose(stem, tagger, judge, gaz, ex, ind, details=False)  # B: totals only
            stages += s
            figures = [x + y for x, y in zip(figures, f, strict=True)]
    report(part, stages, figures)
    print("  detail (over all occurrences):", dict(sorted(DETAIL.items())))


if __name__ == "__main__":
    if sys.argv[1] == "build":
        build()
    else:
        run(sys.argv[1])

