"""Round 33, a place's short form opening a work's word (三亚港, 黄骅港, 白云机场): the place scan counted a short form
only as a whole word, so the port or the airport named its city nowhere and its works had no place (the keys list
such places; held out +10 projects placed, dev +10). A short form inside another word still names nothing
(站前区 in 北站站前区域). Sentences in the real texts' shapes; the works are invented."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import project_cities


def test_a_port_names_its_city(gaz: Gazetteer) -> None:
    assert project_cities("三亚港扩建工程开工建设。", gaz) == {"三亚港扩建工程": "三亚市"}
    assert project_cities("黄骅港综合港区散货码头工程正式开工。", gaz) == {"黄骅港综合港区散货码头工程": "沧州市"}


def test_a_short_form_inside_another_word_names_nothing(gaz: Gazetteer) -> None:
    assert project_cities("北站站前区域改造工程开工。", gaz) == {"北站站前区域改造工程": None}
