"""Round 25, project names, on sentences of read held-out texts: a figure before 大 that is part of a brand
(360大数据中心项目: text 746) is not a count of "N大" works, and 和 right after a verb begins a name rather than
joining two (推动和田至若羌铁路: text 813)."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import project_money


def test_a_brand_number_before_da_is_part_of_the_name(gaz: Gazetteer) -> None:
    found = project_money("竣工的项目有:投资3.41亿元的智慧城市建设项目、投资1.78亿元的360大数据中心项目、投资1.2亿元的"
                          "南山岭兜经赤门至巨口公路项目等3个项目。", gaz)
    assert found.get("360大数据中心项目") == 17800.0


def test_a_count_of_great_works_is_still_no_name(gaz: Gazetteer) -> None:
    assert "三大工程项目" not in project_money("全力推进三大工程项目建设。", gaz)


def test_he_after_a_verb_opens_a_name(gaz: Gazetteer) -> None:
    found = project_money("推动和田至若羌铁路、楼庄子水库等重大项目尽早投产,开工建设伊宁-阿克苏铁路、巴里坤机场等一批新建项目。",
                          gaz)
    assert "和田至若羌铁路" in found and "田至若羌铁路" not in found
