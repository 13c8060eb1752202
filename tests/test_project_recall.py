"""Names that never became candidates (round 8, docs/experiments/r8-recall.md): the stages that lost
them, shown on real sentences of part A of the development texts (tests/data/real)."""

from __future__ import annotations

import pytest

from ingest import project_phrases
from ingest.name_judge import recording
from ingest.ner import needs_tagging
from ontology import Gazetteer
from tests.text_extraction import sentence_project_names

# 43-huainan-jkq-2018-signings
SIGNED_LIST = ("1-8月份,签约润滑油、皇家万喜汇、联创制药、三江生物、国瑞药业、绿十字等项目29个,其中工业项目13个,"
               "入驻科创中心项目8个。")
NO_EVENT = "主要有微型光纤放大器及其核心激光器产业化基地项目、陕汽重卡汽车零配件产业园等;"
# data/docs/linfen-2023-shuangcheng-guidance.md: a policy's sentences of planning name kinds
PLANNING = "平川高品质蔬菜产业园区，加快谋划蔬菜产业、设施农业发展，谋划5G+、人工智能应用项目，带动引领全市蔬菜产业智慧发展。"
PLANNED_LIST = "围绕传统产业转型升级，重点谋划绿色煤炭、绿色焦化、绿色钢铁等项目；"




def test_the_items_before_a_plain_etc_project_are_names(gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    # rules alone: "A、B、C等项目29个" names its items, as "A、B等一批项目" does
    monkeypatch.setattr(project_phrases, "JUDGE_ON", False)
    monkeypatch.setattr(project_phrases, "TAGGER_MODE", "off")
    names = sentence_project_names(SIGNED_LIST, gaz)
    assert {"皇家万喜汇", "联创制药", "国瑞药业", "绿十字"} <= set(names)
    assert not any(n.startswith("签约") for n in names)
    assert sentence_project_names(PLANNED_LIST, gaz) == []  # a list a planning verb leads names kinds


def test_the_tagger_proposes_names_in_a_sentence_that_reports_no_event(
        gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    # no 签约/开工/投资/amount here (project_phrases._EVENT), yet a name: the judge weighs the tagger's span
    assert not project_phrases._EVENT.search(NO_EVENT)
    if project_phrases.SPAN_TAGGER is None:
        pytest.skip("the project tagger is not built")
    monkeypatch.setattr(project_phrases, "JUDGE_ON", False)  # recording: every candidate the judge would see

    def tagged(every: bool, text: str = NO_EVENT) -> set[str]:
        monkeypatch.setattr(project_phrases, "TAG_EVERY_SENTENCE", every)
        with recording() as rows:
            sentence_project_names(text, gaz)
        return {r.name for r in rows if r.features.get("src=tagger")}

    assert "陕汽重卡汽车零配件产业园" in tagged(True)
    assert tagged(False) == set()
    # in a policy's planning the tagger may read a named park (平川高品质蔬菜产业园区, since the dev18 retrain: one
    # of the three parks the guidance builds, 建设东山、西山、平川三大特色产业园区), and the judge may keep it (it
    # did after the dev20 retrain, not after dev18's); it keeps nothing else there (no kind of work, 5G+、人工智能应用项目)
    assert tagged(True, PLANNING) <= {"平川高品质蔬菜产业园区"}
    monkeypatch.setattr(project_phrases, "JUDGE_ON", True)
    assert set(sentence_project_names(PLANNING, gaz)) <= {"平川高品质蔬菜产业园区"}


def test_the_ner_runs_on_sentences_naming_a_work_by_its_head() -> None:
    # no company, signing or 项目 word, but a park: without words neither the tagger nor the checks run
    assert needs_tagging("陕汽重卡汽车零配件产业园等")
    assert needs_tagging("运城空港新区数据中心一期建成")
    assert not needs_tagging("全市经济运行稳中向好。")
