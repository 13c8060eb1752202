"""Round 37, a milestone the news reports right after a work's name, with no comma (…航站楼启用, …主线桥通车,
…特大桥合龙, …可研鉴修审查会): the work's name ends before it, as it does before a stage (_STAGE_TAIL: …施工, …铺轨).
No keyed name of the 1,595 real texts ends in one; six spurious names did. Sentences in the real texts' shapes; the
works are invented."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import sentence_project_names


def test_a_milestone_after_a_name_is_no_part_of_it(gaz: Gazetteer) -> None:
    names = sentence_project_names("沿江高铁宜荆段、当枝松高速开工,三峡机场T3航站楼启用。", gaz)
    assert "三峡机场T3航站楼" in names
    assert not any(n.endswith("启用") for n in names)
