"""The first-character keyword sets (ingest/keywords.py) give exactly the
answer of testing every word, on generated project texts and the real
keyword tables of the ontology (industries, chain links, GB/T 4754)."""

from __future__ import annotations

import numpy as np

from bench.generate import Generator
from ingest.keywords import KeywordSet
from ingest.standard_industry import StandardIndustryClassifier
from ontology import load_gazetteer


def _texts(n: int) -> list[str]:
    gen = Generator(load_gazetteer(), 11)
    return [f"{p.name} {p.content}" for p in (gen.project() for _ in range(n))] + ["", "电厂", "光伏电站项目"]


def test_present_is_every_word_that_occurs() -> None:
    gaz = load_gazetteer()
    words = [w for i in gaz.by_label("Industry") for w in (i.name, *i.forms, *i.data.get("keywords", []))]
    words += [k for link in gaz.links.values() for k in link.keywords]
    keywords = KeywordSet(words)
    for text in _texts(400):
        assert keywords.present(text) == {w for w in words if w and w in text}


def test_standard_industry_scores_match_testing_every_keyword() -> None:
    classifier = StandardIndustryClassifier()
    hits = 0
    for text in _texts(400):
        naive = np.array([sum(len(k) for k in d.keywords if k in text) for d in classifier.standard.divisions],
                         dtype=np.float32)
        assert np.array_equal(classifier.keyword_scores(text), naive)
        hits += bool(naive.any())
    assert hits > 100  # the texts do name standard-industry keywords
