"""Round 27, the items of a list are of one kind: beside a name the judge keeps, the other items of its 、-list
are candidates too (texts 156 and 735), but a place or a company alone in such a list is no work; and a firm's
work written "X有限公司项目" is one project (text 1029), a kind of firm's ("…企业项目", text 619) is none."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import project_money


def test_items_beside_a_kept_work_are_works(gaz: Gazetteer) -> None:
    found = project_money("推动陆上风光三峡、沈白高铁、大水网、蛟河抽水蓄能以及700余公里高速公路等重大基础设施项目建设。", gaz)
    assert {"陆上风光三峡", "沈白高铁", "大水网"} <= set(found)
    found = project_money("提高青藏铁路运输能力并实现电气化,开展新藏铁路、滇藏铁路、玉昌铁路等项目的前期工作。", gaz)
    assert {"新藏铁路", "滇藏铁路", "玉昌铁路"} <= set(found)


def test_a_place_alone_in_the_list_is_no_work(gaz: Gazetteer) -> None:
    found = project_money("推进沈白高铁、桂林市、松花江等工作。", gaz)
    assert "沈白高铁" in found
    assert not {"桂林市", "松花江"} & set(found)


def test_a_firms_project_is_one_work(gaz: Gazetteer) -> None:
    found = project_money("在年产30万吨特种纸一期项目不远处,广西中晟纸业有限公司项目建设如火如荼。", gaz)
    assert "广西中晟纸业有限公司项目" in found
    found = project_money("其中,法国圣戈班集团绿色建材产业基地项目是禹州历史上引进的第一个世界强企业项目,"
                          "将对禹州建材产业发展起到革命性引领作用。", gaz)
    assert not any(name.endswith("企业项目") for name in found)


def test_a_line_that_opened_is_a_work(gaz: Gazetteer) -> None:
    # text 757: 开通 (and 通航, 投运, 启用) tells a work's progress as 通车 does
    found = project_money("在这份干货满满的报告中,“梅州元素”频频亮相:梅龙高铁开通运营、梅武高铁开工建设、"
                          "加快梅州苏区融湾先行区建设、加快广梅等省产业转移园建设、加快梅州长潭水库扩建、办好世界客商大会……"
                          "既肯定了梅州相关工作取得的成绩,又“点题”梅州下一步发展。", gaz)
    assert "梅龙高铁" in found
