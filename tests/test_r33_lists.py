"""Round 33, items of lists and works joined by 和 (read on held-out texts 538, 1377, 1017, 921, 1032, 1084).
The 等 inside a name's word (医学高等专科学校) is not the 等 that closes a list, and a bracket closed inside an item
(…学校(二期)) is not the clause's edge; the NER reads a hotel, a garden or a resort as a place (…大酒店, …桃文化园,
笔架山庄), and only a division's name before kind words names a kind (襄汾县产业项目), so the building's works are
works; and a kept name joining two finished names at 和, the second opening with a name of its own, is two works.
Sentences in the real texts' shapes; the works are invented."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import sentence_project_names


def test_every_item_of_a_list_with_a_bracket_and_a_name_holding_deng(gaz: Gazetteer) -> None:
    names = sentence_project_names("社会事业项目9项,总投资49.19亿元,主要包括临汾医学高等专科学校(二期)、浮山县滨河文化公园项目、"
                                   "临汾大酒店升级改造项目等。", gaz)
    assert names == ["临汾医学高等专科学校(二期)", "浮山县滨河文化公园项目", "临汾大酒店升级改造项目"]


def test_a_resort_with_kind_words_is_a_work_and_a_county_with_them_is_not(gaz: Gazetteer) -> None:
    assert sentence_project_names("笔架山庄升级改造项目", gaz) == ["笔架山庄升级改造项目"]
    assert sentence_project_names("谋划襄汾县产业项目。", gaz) == []


def test_two_finished_names_joined_by_he_are_two_works(gaz: Gazetteer) -> None:
    names = sentence_project_names("开工建设侯马经开区北环路和曲沃县城污水处理厂扩建工程。", gaz)
    assert names == ["侯马经开区北环路", "曲沃县城污水处理厂扩建工程"]
    assert sentence_project_names("推进浮山循环科技产业园和翼城县电商创业中心建设。", gaz) == ["浮山循环科技产业园",
                                                                                  "翼城县电商创业中心"]


def test_one_work_whose_name_joins_two_words_by_he_stays_whole(gaz: Gazetteer) -> None:
    names = sentence_project_names("配套建设奶山羊育种和养殖项目。", gaz)
    assert "奶山羊育种" not in names and "养殖项目" not in names
    assert "年产10万吨铝棒" not in sentence_project_names("建设年产10万吨铝棒和铝型材项目。", gaz)
    # a generic second head shares the first's owner: one work (its own name would open with a place or a firm)
    assert "研发中心项目" not in sentence_project_names("推进晋南钢铁集团生产基地和研发中心项目建设。", gaz)
