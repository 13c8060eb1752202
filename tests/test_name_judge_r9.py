"""Candidates no work's name can be (round 9, docs/experiments/r9-precision.md): the judge drops a name that
ends in a person's name or that opened a document's title without closing it, on real sentences of the
development texts (tests/data/real), and keeps the work's own name beside them."""

from __future__ import annotations

import pytest

from ingest import project_phrases
from ingest.extract import extractor_for
from ingest.name_judge import VETO, NameJudge, candidate_features, train_judge
from ingest.ner import default_tagger
from ingest.project_phrases import find_project_phrases
from ontology import Gazetteer

# 100-yunxiao-2016-kaizhang-festival-signings (dev8): the witnesses of a signing, a scientist among them
WITNESSES = ("中国工程院院士、中科院海洋防腐中心研究员侯保荣,中国矿业联合会专职副会长刘玉强,"
             "中国矿业联合会地热委员会常务副主任宾德智,市领导檀云坤、刘文标、李珊珊、杨银玉等见证签约仪式。")
# 92-mangshan-2015-reservoir-approval (dev8): a work named inside a document's title
TITLE = ("红网宜章站3月4日讯(记者 薛云松 吴章军)2月28日,国家发改委下发了《关于湖南省莽山水库工程可行性研究报告的批复》"
         "文件(发改农经【2015】356号),3月2我县莽办工作人员赶赴北京拿到了这一批复。")


def _features(text: str, name: str, gaz: Gazetteer) -> dict[str, float]:
    """The judge's features of the first occurrence of `name` in `text`, as the ingest path computes them."""
    start = text.index(name)
    words = default_tagger().tokens([text])[0]
    return candidate_features(text, start, start + len(name), "tagger", words, extractor_for(gaz).find(text),
                              None, False, True)


def test_a_name_ending_in_a_person_is_never_a_work(gaz: Gazetteer) -> None:
    assert VETO in _features(WITNESSES, "中科院海洋防腐中心研究员侯保荣", gaz)
    # an organisation's name alone is not vetoed (the judge weighs it as before)
    assert VETO not in _features(WITNESSES, "中科院海洋防腐中心", gaz)


def test_a_name_that_opened_a_title_is_never_a_work(gaz: Gazetteer) -> None:
    assert VETO in _features(TITLE, "国家发改委下发了《关于湖南省莽山水库工程", gaz)
    assert VETO not in _features(TITLE, "湖南省莽山水库工程", gaz)


def test_the_judge_drops_a_vetoed_candidate_whatever_its_weights() -> None:
    judge = NameJudge({"bias": 30.0}, threshold=0.3, rule_threshold=0.4)
    assert judge.probability({"bias": 1.0}) > 0.99
    assert judge.probability({"bias": 1.0, VETO: 1.0}) == 0.0
    # training learns no weight for the veto: its rows teach the other features as before
    rows = [{"bias": 1.0, "x": 1.0, VETO: 1.0}, {"bias": 1.0, "x": 1.0, VETO: 1.0}, {"bias": 1.0}, {"bias": 1.0}]
    trained = train_judge(rows, [False, False, True, True], l2=1.0, threshold=0.3, rule_threshold=0.4)
    assert VETO not in trained.weights and "x" in trained.weights


@pytest.mark.parametrize("text", [WITNESSES, TITLE])
def test_no_kept_name_ends_in_a_person_or_opens_a_title(text: str, gaz: Gazetteer) -> None:
    if project_phrases.NAME_JUDGE is None or project_phrases.SPAN_TAGGER is None:
        pytest.skip("the judge or the project tagger is not built")
    words = default_tagger().tokens([text])[0]
    names = [p.name for p in find_project_phrases(text, extractor_for(gaz).find(text), gaz, words)]
    assert not any(n.endswith("侯保荣") or "《" in n for n in names)
    if text == TITLE:
        assert "湖南省莽山水库工程" in names  # the work itself is still found
