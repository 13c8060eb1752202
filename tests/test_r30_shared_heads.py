"""Round 30: a 、-list of short items — sites the NER does not read as places, owners with a capacity — before
one facility's head (…4座水电站, …机场改扩建, …矿井建设) names one facility per item, as the keys compose them
(溪洛渡水电站). Not when an item is a work or a business of its own, a clause or a common noun, when the head has
a phase or a second work of its own (东方电厂二期, 驮英水库及灌区), or ends a list of works (…煤矿等项目). The
sentences are written for these tests in the shapes the real texts use."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import project_money


def test_sites_before_one_head_name_one_facility_each(gaz: Gazetteer) -> None:
    found = project_money("其中,白石滩、青龙峡、鹰嘴岩3座水电站总投资超过300亿元。", gaz)
    assert {"白石滩水电站", "青龙峡水电站", "鹰嘴岩水电站"} <= set(found)
    assert not any("3座" in name for name in found)
    assert all(found[name] is None for name in ("白石滩水电站", "青龙峡水电站", "鹰嘴岩水电站"))  # the list's total


def test_a_natural_site_and_a_verb_read_item_are_sites_too(gaz: Gazetteer) -> None:
    found = project_money("水利方面,抓好金鸡湖、凤凰岭、石门沟水库续建和椒树水库开工建设。", gaz)
    assert {"金鸡湖水库", "凤凰岭水库", "石门沟水库"} <= set(found)


def test_the_stage_the_keys_name_with_the_head_is_kept(gaz: Gazetteer) -> None:
    found = project_money("今年提速宁远、安平、东川机场改扩建。", gaz)
    assert {"宁远机场改扩建", "安平机场改扩建", "东川机场改扩建"} <= set(found)


def test_owners_with_their_capacity_share_the_head(gaz: Gazetteer) -> None:
    found = project_money("加快华晋焦煤300万吨、金源煤业120万吨、高家塔150万吨矿井建设。", gaz)
    assert {"华晋焦煤300万吨矿井", "金源煤业120万吨矿井", "高家塔150万吨矿井"} <= set(found)


def test_works_of_their_own_do_not_share_the_last_head(gaz: Gazetteer) -> None:
    found = project_money("推进东山核电、西湖热电、南港电厂二期等能源项目。", gaz)
    assert not any(name in found for name in ("东山核电电厂", "西湖热电电厂", "东山核电电站"))


def test_a_list_of_works_ending_in_one_facility_shares_nothing(gaz: Gazetteer) -> None:
    found = project_money("总投资36亿元的宏达石油、镇北油砂、北山煤矿等项目有序推进。", gaz)
    assert "宏达石油煤矿" not in found and "镇北油砂煤矿" not in found


def test_a_clause_or_a_common_noun_is_no_site(gaz: Gazetteer) -> None:
    found = project_money("集团分别与有关市县、企业签署中宁100万千瓦抽水蓄能电站项目。"
                          "活动举行了动工仪式、能源集团梅县抽水蓄能电站项目签约仪式。", gaz)
    assert not any(name.startswith(("市县", "企业", "仪式")) for name in found)


def test_a_count_that_does_not_count_the_items_shares_nothing(gaz: Gazetteer) -> None:
    found = project_money("启动白石滩、青龙峡5座水电站前期工作。", gaz)
    assert "白石滩水电站" not in found


def test_places_listed_before_projects_are_no_work(gaz: Gazetteer) -> None:
    found = project_money("其中百亿元以上项目12个,南阳、襄阳、荆门、黄石项目投资总额均超过千亿元。"
                          "长安县、眉县、陇县、千阳县项目开工率达到100%。", gaz)
    assert not any("、" in name for name in found)


def test_a_builder_or_a_site_with_its_verb_is_no_name(gaz: Gazetteer) -> None:
    found = project_money("该批项目中,华西集团承建、四川粮油集团承建的项目均已开工;拟建设匡时艺术展示中心。", gaz)
    assert not any(name.endswith("承建") or name.startswith("拟") for name in found)


def test_a_part_named_by_its_kind_alone_is_no_work(gaz: Gazetteer) -> None:
    found = project_money("作为全省最大的肉牛养殖基地,项目于5月8日开工建设,包括养殖场、菌肥厂、饲料厂、育雏厂,"
                          "同时并购兴农公司肉品加工厂。", gaz)
    assert not {"养殖场", "菌肥厂", "饲料厂", "育雏厂"} & set(found)


def test_two_written_as_liang_counts_two(gaz: Gazetteer) -> None:
    found = project_money("加快建设白石滩、青龙峡两座水电站。", gaz)
    assert {"白石滩水电站", "青龙峡水电站"} <= set(found)
