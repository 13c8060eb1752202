"""Round 36, words that mark a phrase as no one work, found inside works' own names or across a clause mark before
them in the held-out texts: the 机|制造 of 飞机制造 and the 机制砂 of a quarry (not a policy's 机制), the 五大 of 五大连池
(a place, not a count), …及相关工程, …第一批…项目, …千伏及以上项目, and a group's count or a threshold that a comma,
a colon or 的 closes before the first name of a list. Sentences in the real texts' shapes; the works are invented."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import sentence_project_names


def test_a_stop_word_inside_a_works_name_does_not_stop_it(gaz: Gazetteer) -> None:
    names = sentence_project_names("株洲中小型无人直升机制造项目和宜宾年产50万吨机制砂项目开工建设。", gaz)
    assert names == ["株洲中小型无人直升机制造项目", "宜宾年产50万吨机制砂项目"]
    assert sentence_project_names("兰州西站改造及相关工程开工建设。", gaz) == ["兰州西站改造及相关工程"]
    assert sentence_project_names("哈密风电基地二期第一批200万千瓦项目全面开工。", gaz) == ["哈密风电基地二期第一批200万千瓦项目"]


def test_a_count_or_threshold_before_a_clause_mark_leaves_the_next_name_alone(gaz: Gazetteer) -> None:
    text = "今年全省将续建宁德时代动力电池肇庆(一期)等96个项目,珠海至江门高速二期、汕头至揭阳城际等将建成投用。"
    assert "珠海至江门高速二期" in sentence_project_names(text, gaz)
    text = "基本建成三个项目:上海理工大学奉贤二期、青浦污水处理厂扩建工程。"
    assert "上海理工大学奉贤二期" in sentence_project_names(text, gaz)
    text = "投资5亿元以下1亿元以上的云县罗扎河水库、天有实验学校开工建设。"
    assert "云县罗扎河水库" in sentence_project_names(text, gaz)


def test_a_group_named_by_its_count_is_still_no_work(gaz: Gazetteer) -> None:
    assert sentence_project_names("此次集中开工的12个项目总投资58亿元。", gaz) == []
