"""Round 28: two slips of the NER that cost whole lines (texts 633 and 268). It reads 郑万高铁 as one person's
name, and a person's name never ends a work's; and it reads 包银 in 加快包银高铁 as a verb, so the list rule
moved the item's start past it and named 高铁 or 银高铁 a line by short forms."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import project_money


def test_a_line_read_as_a_person_is_a_work(gaz: Gazetteer) -> None:
    assert "郑万高铁" in project_money("开工或入国家及省十四五规划,同时加快郑万高铁建设进度。", gaz)


def test_a_kind_word_alone_is_no_line(gaz: Gazetteer) -> None:
    found = project_money("加快包银高铁、太锡铁路建设和集通电气化改造,开工临策铁路扩能改造、白阿铁路动车改造项目,"
                          "力争集大原高铁建成通车,推进鄂榆高铁和海阿铁路改造前期工作。", gaz)
    assert "包银高铁" in found
    assert not {"高铁", "银高铁"} & set(found)
    found = project_money("加快包银高铁、太锡铁路建设和集通电气化改造、白阿铁路动车改造项目,力争集大原高铁建成通车,推进鄂", gaz)
    assert "包银高铁" in found
    assert not {"高铁", "银高铁"} & set(found)
