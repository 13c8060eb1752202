"""The learned project-name tagger (ingest/span_tagger.py): its shipped model is
the one its training script builds from the development texts, and it tags
names in sentences it was not trained on."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.encoder_spans import HEAD_FILES
from ingest.extract import extractor_for
from ingest.ner import default_tagger
from ingest.span_tagger import (
    Span,
    bio_labels,
    default_span_tagger,
    model_info,
    only_places,
    sentence_features,
    spans_of,
)
from ontology import Gazetteer
from search_api.tools.train_spans import (
    RETIRED_HOLDOUTS,
    TRAINING_SPLITS,
    Example,
    augmented,
    dev_stems,
    fingerprint,
    name_pool,
    pairs,
)

REAL = Path(__file__).parent / "data" / "real"


def test_labels_mark_every_occurrence_longest_first() -> None:
    text = "签约甲乙丙项目和甲乙丙丁项目。"
    labels = bio_labels(text, ["甲乙丙项目", "甲乙丙丁项目"])
    assert "".join(labels) == "OOBIIIIOBIIIIIO"
    spans = spans_of(labels, [0.9] * len(text))
    assert [(s.start, s.end) for s in spans] == [(2, 7), (8, 14)]


def test_features_see_words_heads_and_places(gaz: Gazetteer) -> None:
    text = "洪洞县开工建设光伏电站项目"
    extractor = extractor_for(gaz)
    feats = sentence_features(text, default_tagger().tokens([text])[0], extractor.find(text))
    assert len(feats) == len(text)
    assert any(f.startswith("place=") for f in feats[0])
    assert any(f.startswith("head:") for f in feats[-1])


def test_shipped_model_is_trained_on_the_dev_texts_as_they_are() -> None:
    """Editing a training text or key without retraining (`python -m search_api.tools.train_spans tests/data/real`)
    fails here. Since round 41 the project CRF and head learn from the dev texts and the retired holdouts, as the
    company models do; no text of a holdout still held out is among them."""
    stems = dev_stems(REAL, TRAINING_SPLITS["projects"])
    assert set(dev_stems(REAL)) < set(stems)
    head = json.loads(HEAD_FILES["projects"].with_suffix(".json").read_text(encoding="utf-8"))
    for trained in (model_info(), head):
        assert trained["trained_on"] == stems
        assert trained["fingerprint"] == fingerprint(REAL, stems)
    splits = json.loads((REAL / "splits.json").read_text(encoding="utf-8"))
    held_out = {s for name, members in splits.items() if name.startswith("holdout") and name not in RETIRED_HOLDOUTS
                for s in members}
    assert held_out and not held_out & set(stems)


def test_company_models_learn_from_retired_holdouts_only() -> None:
    """Round 40: the enterprise CRF and head are trained on the dev texts and the retired holdouts
    (holdout4…45) as they are; no text of a holdout still held out is among them."""
    splits = json.loads((REAL / "splits.json").read_text(encoding="utf-8"))
    stems = dev_stems(REAL, TRAINING_SPLITS["enterprises"])
    assert len(stems) > len(dev_stems(REAL)) and set(dev_stems(REAL)) < set(stems)
    head = json.loads(HEAD_FILES["enterprises"].with_suffix(".json").read_text(encoding="utf-8"))
    for trained in (model_info()["enterprises"], head):
        assert trained["trained_on"] == stems
        assert trained["fingerprint"] == fingerprint(REAL, stems)
    still_held = {s for name, members in splits.items() if name.startswith("holdout")
                  and name not in RETIRED_HOLDOUTS for s in members}
    assert still_held and not still_held & set(stems)
    assert all(name in splits for name in RETIRED_HOLDOUTS)


def test_model_tags_names_in_unseen_sentences(gaz: Gazetteer) -> None:
    tagger = default_span_tagger()
    assert tagger is not None
    extractor = extractor_for(gaz)
    text = "当天,总投资8亿元的南岭新材料年产5万吨碳纤维复合材料生产线项目在高新区开工。"
    found = {text[s.start : s.end] for s in tagger.spans(text, default_tagger().tokens([text])[0], extractor.find(text))}
    assert any(name.endswith("生产线项目") and "开工" not in name and "总投资" not in name for name in found), found


def test_augmented_sentences_carry_another_real_name_where_the_keyed_one_stood(gaz: Gazetteer) -> None:
    stems = dev_stems(REAL)[:3]
    extractor = extractor_for(gaz)
    extra = augmented(REAL, stems, extractor, copies=2)
    pool = name_pool(REAL, stems)
    assert [ex.stem for ex in extra] == stems
    for ex in extra:
        assert ex.names and len(ex.names) == len(ex.ys) == len(ex.xs)
        for name, labels in zip(ex.names, ex.ys, strict=True):
            assert pool[name] != ex.stem  # never a name of the frame's own text
            text = "".join(feats[1].removeprefix("c=") for feats in ex.xs[ex.ys.index(labels)])
            start = text.find(name)
            assert start >= 0 and labels[start] == "B" and set(labels[start + 1 : start + len(name)]) <= {"I"}


def test_held_out_text_and_its_names_stay_out_of_training() -> None:
    x = [["c=甲"], ["c=乙"]]
    data = [Example("a", [x], [["B", "I"]]), Example("b", [x, x], [["B", "I"], ["O", "O"]], ["甲乙", "丙丁"])]
    assert len(list(pairs(data))) == 3
    assert len(list(pairs(data, held_out="a", held_body="正文有丙丁"))) == 1  # a's own sentence and 丙丁's


def test_a_list_of_rivers_is_no_name(gaz: Gazetteer) -> None:
    """The bundled policy's "…清水河和鄂河等流域…生态环保类项目": rivers joined by 和 are places, not a project."""
    text = "系统谋划汾河、团柏河、清水河和鄂河等流域干流及支流生态环保类项目"
    mentions = extractor_for(gaz).find(text)
    start = text.index("清水河")
    assert only_places(text, Span(start, start + len("清水河和鄂河"), 0.9), mentions)
    park = "东山高标准药茶产业园区"  # a park the gazetteer knows may be what is built
    assert not only_places(park, Span(0, len(park), 0.9), extractor_for(gaz).find(park))
