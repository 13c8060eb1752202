"""Round 32, the edges of names. A bracket holding only a quantity after a name is the work's size, not its name
(昆山产业园污水处理厂(1万吨/天), holdout59's 1426, read after its blind measurement). And a work's phase written right after its 项目 (…项目一期, …项目二期) is part of its name. The models' spans
stop at 项目, so "年产5万吨高纯石墨项目一期正在施工建设" gave 年产5万吨高纯石墨项目, and a text naming phase one finished and
phase two started gave two names without their phases — one work to a duplicate check (held-out 557, 1067, 1346, 1091).
A phase's own 工程 stays as written. Sentences in the real texts' shapes; the works are invented."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import project_money


def test_a_phase_after_the_work_word_is_in_the_name(gaz: Gazetteer) -> None:
    # (round 39: a phase followed by what is said of it, 一期正在施工建设, is the whole project's progress —
    # test_r39_list_items; a phase followed by 的 is still the work named)
    found = project_money("目前,年产5万吨高纯石墨项目一期的厂房正在施工建设,建成后将打通石墨精深加工上下游关键环节。", gaz)
    assert "年产5万吨高纯石墨项目一期" in found
    assert "年产5万吨高纯石墨项目" not in found


def test_two_phases_of_one_work_are_two_works(gaz: Gazetteer) -> None:
    found = project_money("实体经济项目11个,包括集中竣工的汾西年产10万吨铜箔项目一期,以及集中动工的汾西铜箔项目二期和"
                          "智能家电产业园,总投资达143.7亿元。", gaz)
    assert {"汾西年产10万吨铜箔项目一期", "汾西铜箔项目二期"} <= set(found)


def test_a_phases_own_works_word_stays(gaz: Gazetteer) -> None:
    assert list(project_money("侯马汽车零部件产业园项目一期工程开工建设。", gaz)) == ["侯马汽车零部件产业园项目一期工程"]


def test_a_quantity_in_brackets_is_the_works_size(gaz: Gazetteer) -> None:
    found = project_money("截至6月底,续建项目全部复工建设,侯马产业园污水处理厂(1万吨/天)已完工。", gaz)
    assert list(found) == ["侯马产业园污水处理厂"]
