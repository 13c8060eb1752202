"""Trains the project-name judge (ingest/name_judge.py) on the development texts,
and measures it by leave-one-text-out cross-validation.

The judge reads the CRF tagger's probabilities, so its training rows must be
scored by a CRF that had not seen their text (else the CRF is sure of every
training name and the judge learns to trust it blindly): the dev texts are cut
into FOLDS folds, a CRF is trained per fold on the other folds, and each text's
candidates are collected through the real ingest path with its fold's CRF.
A candidate is right when the evaluation's matcher (extraction_eval.name_key)
finds it among its text's keyed names.

Cross-validation then trains the judge once per dev text on every other text's
rows and scores that text through the ingest path (with its fold's CRF),
for each L2 weight and threshold; the shipped ones are the best F1 there
(L2 and THRESHOLD below). Called by `python -m search_api.tools.train_spans`."""

from __future__ import annotations

import json
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest import project_phrases
from ingest.encoder_spans import EncoderHead, EncoderSpans, sentence_encoder
from ingest.extract import Extractor, extractor_for
from ingest.name_judge import JUDGE_FILE, NameJudge, Row, recording, train_judge
from ingest.ner import Token, default_tagger
from ingest.span_tagger import SpanTagger
from ingest.standard_industry import StandardIndustryClassifier
from ontology import Gazetteer, load_gazetteer
from search_api.core.extraction_eval import body_of, name_key, score_document
from search_api.tools.train_encoder_head import SentenceRows, sentence_rows, train_head
from search_api.tools.train_spans import examples, fingerprint, pairs, train

FOLDS = 8
L2 = 1.0  # chosen by --judge-cv (see docs/extraction-quality.md, "A learned name judge")
# chosen by --judge-cv on round 7's part A (dev-dev5, 35 texts) and checked on part B's totals (dev6-dev8):
# a tagged span or a boundary variant is kept from THRESHOLD, a rule's phrase dropped below RULE_THRESHOLD
# (A: F1 0.883 at 0.5/0.3 -> 0.890 at 0.3/0.4; B: 93/135 right/extracted -> 97/135; docs/experiments/r7-names.md)
THRESHOLD = 0.3
RULE_THRESHOLD = 0.4
log = logging.getLogger(__name__)


class RememberingTagger:
    """The NER model's words of each sentence, tagged once: cross-validation scores every text many times."""

    def __init__(self) -> None:
        self._words: dict[str, list[Token]] = {}

    def tokens(self, sentences: list[str]) -> list[list[Token]]:
        new = [s for s in dict.fromkeys(sentences) if s not in self._words]
        self._words.update(zip(new, default_tagger().tokens(new), strict=True))
        return [self._words[s] for s in sentences]


NER = RememberingTagger()


@dataclass
class TextRows:
    stem: str
    rows: list[Row]
    labels: list[bool]
    crf: Path  # the fold CRF that had not seen this text
    encoder: EncoderSpans | None  # and the fold's encoder head


def _text(folder: Path, stem: str) -> tuple[str, dict[str, Any]]:
    body = body_of((folder / f"{stem}.md").read_text(encoding="utf-8"))
    return body, json.loads((folder / f"{stem}.answers.json").read_text(encoding="utf-8"))


def candidate_rows(folder: Path, stems: list[str], tmp: Path, gaz: Gazetteer, extractor: Extractor,
                   industries: StandardIndustryClassifier, encoded: list[SentenceRows]) -> list[TextRows]:
    """Every dev text's candidates, labelled, as a CRF and an encoder head that had not seen the
    text score them (`encoded`: the dev sentences' encoder states; empty when no encoder is built)."""
    data = examples(folder, stems, extractor)
    encoder = sentence_encoder() if encoded else None
    out = []
    saved = project_phrases.SPAN_TAGGER, project_phrases.SPAN_ENCODER, project_phrases.JUDGE_ON
    try:
        project_phrases.JUDGE_ON = False
        for fold in range(FOLDS):
            held = [s for i, s in enumerate(stems) if i % FOLDS == fold]
            path = tmp / f"fold{fold}.crfsuite"
            train(pairs(e for e in data if e.stem not in held), path)
            project_phrases.SPAN_TAGGER = SpanTagger(path)
            head = EncoderHead(train_head([r for r in encoded if r.stem not in held])) if encoder else None
            project_phrases.SPAN_ENCODER = EncoderSpans(encoder, head) if encoder and head else None
            log.info("fold %d of %d", fold + 1, FOLDS)
            for stem in held:
                body, key = _text(folder, stem)
                keyed = {name_key(p["name"], extractor) for p in key.get("projects", [])}
                with recording() as rows:
                    score_document(stem, body, key, gaz, extractor, industries, tagger=NER)
                out.append(TextRows(stem, rows, [name_key(r.name, extractor) in keyed for r in rows], path,
                                    project_phrases.SPAN_ENCODER))
    finally:
        project_phrases.SPAN_TAGGER, project_phrases.SPAN_ENCODER, project_phrases.JUDGE_ON = saved
    return out


def encoded_sentences(folder: Path, stems: list[str]) -> list[SentenceRows]:
    """The dev sentences' encoder states and labels, or none when `make model` has not built the encoder."""
    encoder = sentence_encoder()
    return sentence_rows(folder, stems, encoder) if encoder is not None else []


def fit(texts: list[TextRows], l2: float, threshold: float, rule_threshold: float) -> NameJudge:
    return train_judge([r.features for t in texts for r in t.rows], [y for t in texts for y in t.labels],
                       l2, threshold, rule_threshold)


def cross_validate_judge(folder: Path, stems: list[str], split_of: dict[str, str], l2s: list[float],
                         thresholds: list[tuple[float, float]], folds: list[str] | None = None) -> dict[str, Any]:
    """Leave-one-text-out figures (projects, investments, per split) for the shipped path without
    the judge ("off") and with it for each L2 weight and pair of thresholds (new, rule). `folds`
    (default: all of `stems`) are the texts held out in turn; every text of `stems` trains."""
    gaz = load_gazetteer()
    extractor = extractor_for(gaz)
    industries = StandardIndustryClassifier()
    settings = ["off"] + [_setting(l2, t) for l2 in l2s for t in thresholds]
    totals: dict[str, dict[str, list[int]]] = {s: {} for s in settings}
    saved = (project_phrases.SPAN_TAGGER, project_phrases.SPAN_ENCODER, project_phrases.JUDGE_ON,
             project_phrases.NAME_JUDGE)
    with tempfile.TemporaryDirectory() as tmp:
        texts = candidate_rows(folder, stems, Path(tmp), gaz, extractor, industries,
                               encoded_sentences(folder, stems))
        log.info("%d candidate rows, %d right", sum(len(t.rows) for t in texts), sum(sum(t.labels) for t in texts))
        try:
            for held in texts:
                if folds is not None and held.stem not in folds:
                    continue
                body, key = _text(folder, held.stem)
                project_phrases.SPAN_TAGGER = SpanTagger(held.crf)
                project_phrases.SPAN_ENCODER = held.encoder
                others = [t for t in texts if t.stem != held.stem]
                judges = {"off": None} | {_setting(l2, t): fit(others, l2, *t) for l2 in l2s for t in thresholds}
                for setting, judge in judges.items():
                    project_phrases.JUDGE_ON = judge is not None
                    project_phrases.NAME_JUDGE = judge
                    doc = score_document(held.stem, body, key, gaz, extractor, industries, tagger=NER)
                    figures = [doc.projects.correct, doc.projects.extracted, doc.projects.expected,
                               doc.investments.found, doc.investments.expected,
                               doc.enterprises.correct, doc.enterprises.extracted, doc.enterprises.found,
                               doc.enterprises.expected]
                    for group in ("all", split_of.get(held.stem, "?")):
                        acc = totals[setting].setdefault(group, [0] * len(figures))
                        totals[setting][group] = [a + b for a, b in zip(acc, figures, strict=True)]
                    if setting in ("off", _setting(L2, (THRESHOLD, RULE_THRESHOLD))):
                        log.info("%s %s %s/%s/%s spur=%s miss=%s", setting, held.stem, *figures[:3],
                                 doc.spurious_projects, doc.missed_projects)
        finally:
            (project_phrases.SPAN_TAGGER, project_phrases.SPAN_ENCODER, project_phrases.JUDGE_ON,
             project_phrases.NAME_JUDGE) = saved
    return {s: {g: _figures(v) for g, v in groups.items()} for s, groups in totals.items()}


def _setting(l2: float, thresholds: tuple[float, float]) -> str:
    return f"l2={l2} new={thresholds[0]} rule={thresholds[1]}"


def _figures(v: list[int]) -> dict[str, float]:
    right, extracted, expected, money, money_expected, org_right, orgs, org_found, org_expected = v
    p, r = right / max(extracted, 1), right / max(expected, 1)
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / max(p + r, 1e-9), 3),
            "right": right, "extracted": extracted, "expected": expected,
            "investments": round(money / max(money_expected, 1), 3),
            "enterprise_precision": round(org_right / max(orgs, 1), 3),
            "enterprise_recall": round(org_found / max(org_expected, 1), 3)}


def write_judge(folder: Path, stems: list[str], encoded: list[SentenceRows], path: Path = JUDGE_FILE) -> NameJudge:
    """The shipped judge: trained on every dev text's candidates (scored by fold CRFs and heads)."""
    gaz = load_gazetteer()
    extractor = extractor_for(gaz)
    with tempfile.TemporaryDirectory() as tmp:
        texts = candidate_rows(folder, stems, Path(tmp), gaz, extractor, StandardIndustryClassifier(), encoded)
    judge = fit(texts, L2, THRESHOLD, RULE_THRESHOLD)
    judge.save(path, {"trained_on": stems, "fingerprint": fingerprint(folder, stems), "folds": FOLDS, "l2": L2,
                      "rows": sum(len(t.rows) for t in texts)})
    log.info("wrote %s (%d texts)", path, len(stems))
    return judge
