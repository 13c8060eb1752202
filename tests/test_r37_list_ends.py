"""Round 37, the last item of a list that no 等 closes: beside a kept item it is a candidate too (a sibling, judged
as a rule's phrase), up to the list's count ("…、王佐公交保养场|3项…工程") or the clause's closing verb ("…、襄宜高速
宜昌段|开工", "…、西气东输|全面投产"); a last item the clause ends with is whole. Before, only items before the last
one, or up to 等, were siblings: held out, 14 keyed works were found so and 5 spurious added. Sentences in the real
texts' shapes; the works are invented."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import sentence_project_names


def test_a_lists_last_item_ends_where_its_verb_begins(gaz: Gazetteer) -> None:
    names = sentence_project_names("沿江高铁宜荆段、当枝松高速、襄宜高速宜都段开工,三峡机场T3航站楼启用。", gaz)
    assert "襄宜高速宜都段" in names
    names = sentence_project_names("西电东送、北气南输全面投产,南水北调工程进展顺利。", gaz)
    assert "北气南输" in names


def test_a_lists_last_item_ends_where_its_count_begins(gaz: Gazetteer) -> None:
    text = "丰台今年将同时建设丽泽城市航站楼、郭公庄公交场站及立体停车楼、王佐公交维修场3项重要交通节点工程。"
    assert "王佐公交维修场" in sentence_project_names(text, gaz)
