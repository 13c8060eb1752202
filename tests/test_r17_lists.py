"""Round 17, lists: lines named by their ends' short forms in a 、-list of lines (dev14–dev17 keys name each bare,
as written: 京德, 雄商, 徐连), sentences of the dev texts 348 (河北), 350 (山东), 447 (江苏) and 287 (安徽), where
the lists that name kinds, networks, regions or places are no such lines; and a company before a list of places
with one work word, which belongs to each work (dev text 222, 湖北)."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import sentence_project_names


def test_short_lines_before_a_line_with_its_kind(gaz: Gazetteer) -> None:
    names = sentence_project_names("今年推动开工建设京雄高速公路二期;推进京德、荣乌新线高速公路二期和京武高速公路尽早开工建设。", gaz)
    assert "京德" in names and "荣乌新线高速公路二期" in names, names
    names = sentence_project_names("推进莱临、德商、日照至五莲、聊邯长铁路纳入规划,雄商、济滨高铁建成通车。", gaz)
    assert {"莱临", "德商", "日照至五莲", "雄商", "济滨高铁"} <= set(names), names


def test_short_lines_before_etc_and_the_kind(gaz: Gazetteer) -> None:
    names = sentence_project_names("徐连、盐通、宁淮、南沿江、北沿江、沪苏湖、通苏嘉甬等铁路建成投运。", gaz)
    assert {"徐连", "盐通", "宁淮", "沪苏湖", "通苏嘉甬"} <= set(names), names
    names = sentence_project_names("重点建设商合杭、黄杭、合安九、宁合汉、安黄金温客专,合新(桥)六、淮(北)宿阜、蚌滁宁、亳蚌等城际铁路。", gaz)
    assert {"商合杭", "黄杭", "合安九", "宁合汉", "淮(北)宿阜"} <= set(names), names
    assert "宿阜" not in names  # the item with a note stays the other rules' whole name


def test_kinds_networks_regions_and_places_are_no_lines(gaz: Gazetteer) -> None:
    for text in ("推进城际、市域铁路建设,新建、改建铁路1000公里。",
                 "重点建设苏北、苏中铁路网和苏南轨道交通网。",
                 "新增连接中南、西南地区出省高速公路12条。",
                 "加强各种交通运输方式之间、城乡交通之间和城际交通之间衔接协调。"):
        names = sentence_project_names(text, gaz)
        assert not {"城际", "市域", "新建", "改建", "苏北", "中南", "方式之间"} & set(names), (text, names)
    # a place before the last line's kind is the route's end, not a line of its own
    assert "阿克苏" not in sentence_project_names("建设伊宁至阿克苏、和田至若羌铁路。", gaz)


def test_a_company_before_a_place_list_belongs_to_each_work(gaz: Gazetteer) -> None:
    names = sentence_project_names("国家电网新能源充电桩建设项目、国家能源集团荆州和随州热电联产项目、华能国际襄阳光伏发电项目等多个综合"
                   "能源和电力项目在列!", gaz)
    assert {"国家能源集团荆州热电联产项目", "国家能源集团随州热电联产项目"} <= set(names), names
    assert "国家能源集团荆州" not in names
