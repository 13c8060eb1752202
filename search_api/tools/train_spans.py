"""Trains the learned name taggers (ingest/span_tagger.py) on the development
splits of a real-text folder (tests/data/real) and its retired holdouts (see
below; the name judge on the development splits only): each text's sentences, cut as
ingest cuts them, labelled B/I/O from its answer key's project names (one
model) and enterprise names (the other). A command of its own, like the
embedding model builder: it reads the evaluation set, which ingest never does.

    python -m search_api.tools.train_spans tests/data/real            # writes the shipped models
    python -m search_api.tools.train_spans tests/data/real --kind enterprises   # only the company models
    python -m search_api.tools.train_spans tests/data/real --cv       # leave-one-text-out on dev
    python -m search_api.tools.train_spans tests/data/real --cv --augment 3   # the same, with synthetic sentences
    python -m search_api.tools.train_spans tests/data/real --judge-cv # the same for the name judge

Writing the models also trains the encoder heads, one per kind (train_encoder_head.py: a BiLSTM over
the int8 e5 encoder's token states, when `make model` has built the encoder), and the name judge
(train_judge.py), and writes them beside them. `--head-cv --folds dev17,…,dev22` checks the enterprise
head on those splits with a head and a CRF trained on the others (how its thresholds were chosen).

A holdout is never read, except the retired ones (RETIRED_HOLDOUTS below), which
the company models learn from since round 40 and the project taggers since round
41 (not the judge); `--kind enterprises` writes only the two company models. `--cv` trains once per development text on
all the others and scores that text through the real ingest path with each
way of combining the tagger with the rules (project_phrases.TAGGER_MODES),
which is how the shipped mode and threshold were chosen; PLANATLAS_CRF_C1 and
PLANATLAS_CRF_C2 set the CRF's L1/L2 weights for such comparisons.

`--augment N` adds distant supervision to the project model: each development
sentence holding a keyed name is copied N times with that name replaced by
another real project name (from the other development keys and the
development halves of the place-name lists), labelled where the new name
stands. In `--cv` a held-out text's own sentences and any name written in it
stay out of its fold's training data."""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import random
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest import enterprises as enterprise_rules
from ingest import project_phrases
from ingest.encoder_spans import HEAD_FILES, save_head, sentence_encoder
from ingest.extract import Extractor, extractor_for
from ingest.ner import default_tagger
from ingest.span_tagger import KINDS, MODEL_FILES, MODEL_INFO, SpanTagger, bio_labels, sentence_features
from ingest.standard_industry import StandardIndustryClassifier
from ingest.structure import parse_structure
from ontology import load_gazetteer
from search_api.core.extraction_eval import body_of, score_document

DEV_SPLITS = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11",
              "dev12", "dev13", "dev14", "dev15", "dev16", "dev17", "dev18", "dev19", "dev20", "dev21", "dev22",
              "dev23")
# dev24 (round 23) is keyed and scored but not trained on yet: retrained with it, the project encoder head kept
# more wrong names (precision 0.846 → 0.817 on holdout4…27) and a second seed moved precision by as much, so
# one head's seed decides more than the data (docs/extraction-quality.md, "Round 23").
# Round 40: the company models (the enterprise CRF and the encoder's enterprise head) learn from the oldest
# holdouts too, read for their counts in every round since they were keyed (holdout4…45, 789 texts): on texts no
# model had seen (holdout46…87) companies went 0.772 / 0.782 → 0.821 / 0.795 with the head adding from 0.75.
# Round 41: so do the project CRF and the project head; the name judge stays on the development texts (its
# folds' taggers too). On holdout46…91 (517 texts no model saw) projects went 0.849 / 0.816 → 0.845 / 0.853 and
# investments 0.835 / 0.777 → 0.822 / 0.788; with the judge retrained on the 1,177 texts as well, 0.837 / 0.855 and
# 0.805 / 0.779 (docs/extraction-quality.md, "Round 41"). No later holdout is ever trained on.
RETIRED_HOLDOUTS = tuple(f"holdout{n}" for n in range(4, 46))
TRAINABLE_SPLITS = (*DEV_SPLITS, *RETIRED_HOLDOUTS)  # what --splits may name
TRAINING_SPLITS = {"projects": TRAINABLE_SPLITS, "enterprises": TRAINABLE_SPLITS}
JUDGE_SPLITS = DEV_SPLITS
PLACE_NAME_LISTS = ("place-names-2.json", "place-names-3.json")  # their "dev" documents only
AUGMENT_SEED = 14
AUGMENT_COPIES = 0  # chosen by --cv (see docs/extraction-quality.md)
C1 = float(os.environ.get("PLANATLAS_CRF_C1", "0.01"))  # L1 and L2 weights, chosen by --cv
C2 = float(os.environ.get("PLANATLAS_CRF_C2", "0.1"))
MAX_ITERATIONS = 150
log = logging.getLogger(__name__)


@dataclass
class Example:
    stem: str
    xs: list[list[list[str]]]
    ys: list[list[str]]
    names: list[str] | None = None  # augmented sentences: the name put into each


def sentences_of(body: str) -> list[str]:
    parsed = parse_structure(body)
    found = [*parsed.preamble, *(s for top in parsed.sections for sub in top.walk()
                                 for s in [sub.title_sentence, *sub.sentences])]
    return list(dict.fromkeys(s.text for s in found if s.text))


def key_names(key: dict[str, Any], kind: str) -> list[str]:
    if kind == "projects":
        names = [p["name"] for p in key.get("projects", [])]
        return names + [n.removesuffix("项目").removesuffix("工程") for n in names]  # written without its tail
    return [form for e in key.get("enterprises", []) for form in (e["name"], *e.get("aliases", []))]


def list_items(text: str, names: Iterable[str]) -> list[str]:
    """The places `text` writes as list items of `names` keyed one work per
    place ("涔天河、莽山、毛俊水库" for 涔天河水库 and 莽山水库): a place, a list
    join, and later the shared work word. Such a name is no span of the text;
    its place is labelled as the name's span, as the keys once wrote it, so
    that the tagger does not learn that the place is no name."""
    out = []
    for name in names:
        for cut in range(2, len(name) - 1):
            start = text.find(name[:cut])
            if (start >= 0 and text[start + cut : start + cut + 1] in project_phrases.PLACE_JOINS
                    and text.find(name[cut:], start + cut) > 0):
                out.append(name[:cut])
                break
    return out


def labelled_sentences(folder: Path, stem: str, kind: str = "projects") -> tuple[list[str], list[list[str]]]:
    """A text's sentences, cut as ingest cuts them, and their B/I/O labels of the key's names of `kind`."""
    body = body_of((folder / f"{stem}.md").read_text(encoding="utf-8"))
    key = json.loads((folder / f"{stem}.answers.json").read_text(encoding="utf-8"))
    names = key_names(key, kind)
    composed = [n for n in key_names(key, "projects") if n not in body] if kind == "projects" else []
    texts = sentences_of(body)
    return texts, [bio_labels(t, [n for n in [*names, *list_items(t, composed)] if len(n) >= 2]) for t in texts]


def examples(folder: Path, stems: list[str], extractor: Extractor, kind: str = "projects") -> list[Example]:
    out = []
    for stem in stems:
        texts, ys = labelled_sentences(folder, stem, kind)
        words = default_tagger().tokens(texts)
        xs = [sentence_features(t, w, extractor.find(t)) for t, w in zip(texts, words, strict=True)]
        out.append(Example(stem, xs, ys))
    return out


def name_pool(folder: Path, stems: list[str]) -> dict[str, str]:
    """Real project names for augmentation, each with the text it came from
    ("" for the place-name lists): the development keys and the "dev"
    documents of the place-name lists (their holdout documents are not read)."""
    pool: dict[str, str] = {}
    for stem in stems:
        key = json.loads((folder / f"{stem}.answers.json").read_text(encoding="utf-8"))
        for p in key.get("projects", []):
            pool.setdefault(p["name"], stem)
    for listing in PLACE_NAME_LISTS:
        path = folder / listing
        if path.exists():
            for doc in json.loads(path.read_text(encoding="utf-8"))["documents"]:
                if doc.get("split") == "dev":
                    for row in doc["names"]:
                        pool.setdefault(row["name"], "")
    return {n: s for n, s in pool.items() if len(n) >= MIN_POOL_NAME}


MIN_POOL_NAME = 4


def augmented(folder: Path, stems: list[str], extractor: Extractor, copies: int) -> list[Example]:
    """Each development sentence holding a keyed name, `copies` times with that
    name (its first labelled span) replaced by another real name; labelled
    B/I where the new name stands and where the sentence's other names do."""
    pool = name_pool(folder, stems)
    rng = random.Random(AUGMENT_SEED)
    names = sorted(pool)
    out = []
    for stem in stems:
        body = body_of((folder / f"{stem}.md").read_text(encoding="utf-8"))
        key = json.loads((folder / f"{stem}.answers.json").read_text(encoding="utf-8"))
        own = [n for n in key_names(key, "projects") if len(n) >= 2]
        composed = [n for n in own if n not in body]
        texts: list[str] = []
        put: list[str] = []
        labels: list[list[str]] = []
        for text in sentences_of(body):
            y = bio_labels(text, [*own, *list_items(text, composed)])
            if "B" not in y:
                continue
            start = y.index("B")
            end = start + 1
            while end < len(y) and y[end] == "I":
                end += 1
            others = [n for n in names if pool[n] != stem]
            for name in rng.sample(others, min(copies, len(others))):
                new = text[:start] + name + text[end:]
                texts.append(new)
                put.append(name)
                labels.append(bio_labels(new, [name, *(n for n in own if n in new and n != name)]))
        words = default_tagger().tokens(texts)
        xs = [sentence_features(t, w, extractor.find(t)) for t, w in zip(texts, words, strict=True)]
        out.append(Example(stem, xs, labels, put))
    return out


def pairs(data: Iterable[Example], held_out: str | None = None, held_body: str = ""
          ) -> Iterable[tuple[list[list[str]], list[str]]]:
    """The (features, labels) of `data` without the held-out text: neither its
    sentences nor an augmented sentence carrying a name written in it."""
    for ex in data:
        if ex.stem == held_out:
            continue
        for i, (x, y) in enumerate(zip(ex.xs, ex.ys, strict=True)):
            if ex.names is None or not held_body or ex.names[i] not in held_body:
                yield x, y


def train(data: Iterable[tuple[list[list[str]], list[str]]], path: Path) -> None:
    import pycrfsuite

    trainer: Any = pycrfsuite.Trainer(verbose=False)
    for x, y in data:
        trainer.append(x, y)
    trainer.set_params({"c1": C1, "c2": C2, "max_iterations": MAX_ITERATIONS,
                        "feature.possible_transitions": True})
    trainer.train(str(path))


def dev_stems(folder: Path, names: tuple[str, ...] = DEV_SPLITS) -> list[str]:
    splits: dict[str, list[str]] = json.loads((folder / "splits.json").read_text(encoding="utf-8"))
    return [s for split in names for s in splits.get(split, [])]


def fingerprint(folder: Path, stems: list[str]) -> str:
    digest = hashlib.sha256()
    for stem in stems:
        for suffix in (".md", ".answers.json"):
            digest.update((folder / f"{stem}{suffix}").read_bytes())
    return digest.hexdigest()[:16]


def cross_validate(folder: Path, stems: list[str], modes: list[str], kind: str = "projects",
                   augment: int = 0, folds: list[str] | None = None) -> dict[str, dict[str, float]]:
    """Leave-one-text-out on the development texts: project, investment and
    enterprise figures summed over the held-out texts (`folds`, default all),
    per combination mode (for enterprises: "off" or "on")."""
    gaz = load_gazetteer()
    extractor = extractor_for(gaz)
    data = examples(folder, stems, extractor, kind)
    extra = augmented(folder, stems, extractor, augment) if augment and kind == "projects" else []
    industries = StandardIndustryClassifier()
    totals = {m: {"right": 0.0, "extracted": 0.0, "expected": 0.0, "money": 0.0, "money_expected": 0.0,
                  "orgs": 0.0, "orgs_right": 0.0, "orgs_extracted": 0.0, "orgs_expected": 0.0} for m in modes}
    with tempfile.TemporaryDirectory() as tmp:
        for ex in data:
            if folds is not None and ex.stem not in folds:
                continue
            path = Path(tmp) / f"{ex.stem}.crfsuite"
            body = body_of((folder / f"{ex.stem}.md").read_text(encoding="utf-8"))
            train([*pairs(data, ex.stem), *pairs(extra, ex.stem, body)], path)
            if kind == "projects":
                project_phrases.SPAN_TAGGER = SpanTagger(path)
            else:
                enterprise_rules.ORG_SPAN_TAGGER = SpanTagger(path)
            key = json.loads((folder / f"{ex.stem}.answers.json").read_text(encoding="utf-8"))
            for mode in modes:
                if kind == "projects":
                    project_phrases.TAGGER_MODE = mode
                else:
                    enterprise_rules.ORG_TAGGER_ON = mode == "on"
                doc = score_document(ex.stem, body, key, gaz, extractor, industries)
                t = totals[mode]
                t["right"] += doc.projects.correct
                t["extracted"] += doc.projects.extracted
                t["expected"] += doc.projects.expected
                t["money"] += doc.investments.found
                t["money_expected"] += doc.investments.expected
                t["orgs"] += doc.enterprises.found
                t["orgs_right"] += doc.enterprises.correct
                t["orgs_extracted"] += doc.enterprises.extracted
                t["orgs_expected"] += doc.enterprises.expected
                if kind == "projects":
                    log.info("%s %s %s/%s/%s miss=%s spur=%s", mode, ex.stem, doc.projects.correct,
                             doc.projects.extracted, doc.projects.expected, doc.missed_projects,
                             doc.spurious_projects)
                else:
                    log.info("%s %s %s/%s/%s miss=%s", mode, ex.stem, doc.enterprises.correct,
                             doc.enterprises.extracted, doc.enterprises.expected, doc.missed_enterprises)
    return {m: {"precision": round(t["right"] / max(t["extracted"], 1), 3),
                "recall": round(t["right"] / max(t["expected"], 1), 3),
                "investments": round(t["money"] / max(t["money_expected"], 1), 3),
                "enterprise_precision": round(t["orgs_right"] / max(t["orgs_extracted"], 1), 3),
                "enterprise_recall": round(t["orgs"] / max(t["orgs_expected"], 1), 3)} for m, t in totals.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--cv", action="store_true", help="leave-one-text-out figures per mode, no model written")
    parser.add_argument("--kind", choices=KINDS, default=None,
                        help="which model --cv measures (default: projects) or is written (default: both)")
    parser.add_argument("--modes", default=None, help="modes to compare (default: all of the kind)")
    parser.add_argument("--judge-cv", action="store_true", help="leave-one-text-out figures of the name judge")
    parser.add_argument("--head-cv", action="store_true",
                        help="enterprise figures on --folds with an enterprise head and CRF trained on the rest")
    parser.add_argument("--augment", type=int, default=AUGMENT_COPIES,
                        help="synthetic copies of each named sentence for the project model (0: none)")
    parser.add_argument("--splits", default=None,
                        help="training splits to train on (default: TRAINING_SPLITS of each kind; fewer: a "
                             "learning curve; never a holdout still held out)")
    parser.add_argument("--folds", default=None,
                        help="with --cv or --judge-cv: the splits whose texts are held out in turn "
                             "(default: all trained on)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    splits = tuple(args.splits.split(",")) if args.splits else None
    if splits is not None and any(s not in TRAINABLE_SPLITS for s in splits):
        parser.error(f"--splits takes training splits only: {', '.join(TRAINABLE_SPLITS)}")
    kind = args.kind or "projects"
    stems = dev_stems(args.folder, splits or TRAINING_SPLITS[kind])
    from search_api.tools import train_judge  # it trains CRFs with this module's functions
    from search_api.tools.train_encoder_head import check_enterprise_head

    if args.head_cv:
        if not args.folds:
            parser.error("--head-cv needs --folds (the development splits to check on)")
        held = dev_stems(args.folder, tuple(args.folds.split(",")))
        log.info(json.dumps(check_enterprise_head(args.folder, stems, held), indent=1))
        return
    if args.judge_cv:
        split_names = json.loads((args.folder / "splits.json").read_text(encoding="utf-8"))
        split_of = {stem: name for name, members in split_names.items() for stem in members}
        grid = [(new, rule) for new in (0.2, 0.3, 0.4, 0.5) for rule in (0.3, 0.4, 0.5)]
        folds = dev_stems(args.folder, tuple(args.folds.split(","))) if args.folds else None
        figures = train_judge.cross_validate_judge(args.folder, stems, split_of, [train_judge.L2], grid, folds)
        log.info(json.dumps(figures, indent=1))
        return
    if args.cv:
        default = project_phrases.TAGGER_MODES if kind == "projects" else ("off", "on")
        modes = args.modes.split(",") if args.modes else list(default)
        folds = dev_stems(args.folder, tuple(args.folds.split(","))) if args.folds else None
        log.info(json.dumps(cross_validate(args.folder, stems, modes, kind, args.augment, folds), indent=1))
        return
    write_models(args.folder, (args.kind,) if args.kind else KINDS, splits, args.augment)


def write_models(folder: Path, kinds: tuple[str, ...], splits: tuple[str, ...] | None, augment: int) -> None:
    """The shipped models of `kinds` — each kind's CRF and encoder head, and with the projects the name
    judge — trained on `splits` (default: each kind's TRAINING_SPLITS, and JUDGE_SPLITS for the judge);
    spans.json records what each CRF learned from (the projects' at its top, the enterprises' under
    "enterprises")."""
    from search_api.tools import train_judge
    from search_api.tools.train_encoder_head import EPOCHS, HIDDEN, sentence_rows, train_head

    extractor = extractor_for(load_gazetteer())
    info: dict[str, Any] = json.loads(MODEL_INFO.read_text(encoding="utf-8")) if MODEL_INFO.exists() else {}
    trained = {kind: dev_stems(folder, splits or TRAINING_SPLITS[kind]) for kind in kinds}
    for kind, stems in trained.items():
        extra = augmented(folder, stems, extractor, augment) if augment and kind == "projects" else []
        train([*pairs(examples(folder, stems, extractor, kind)), *pairs(extra)], MODEL_FILES[kind])
        log.info("wrote %s (%d texts)", MODEL_FILES[kind], len(stems))
        record = {"trained_on": stems, "fingerprint": fingerprint(folder, stems)}
        if kind == "projects":
            info.update(record, c1=C1, c2=C2, max_iterations=MAX_ITERATIONS, augment=augment)
        else:
            info[kind] = record
    MODEL_INFO.write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    encoder = sentence_encoder()  # None before `make model`: the heads are skipped, the judge reads the CRF only
    encoded = train_judge.encoded_sentences(folder, trained["projects"]) if "projects" in trained else []
    if encoder is not None:
        for kind, stems in trained.items():
            rows = encoded if kind == "projects" else sentence_rows(folder, stems, encoder, kind)
            save_head(train_head(rows), HEAD_FILES[kind],
                      {"trained_on": stems, "fingerprint": fingerprint(folder, stems),
                       "encoder_sha256": encoder.graph_sha256(), "hidden": HIDDEN, "epochs": EPOCHS,
                       "sentences": len(rows)})
            log.info("wrote %s (%d sentences)", HEAD_FILES[kind], len(rows))
    if "projects" in trained:
        judged = dev_stems(folder, splits or JUDGE_SPLITS)
        judged_set = set(judged)
        train_judge.write_judge(folder, judged, [r for r in encoded if r.stem in judged_set])


if __name__ == "__main__":
    main()
