"""Round-11 enterprise rules, from the spurious companies of plans and news in the training texts: a name of
public works (a line or a 工程) opens with the places it joins, not with an investor's short name; an unknown
word right before 产业园/新城 names the park; party committees, fairs and a division's bare name are no companies. The sentences are
real (texts 233, 251, 285, 288, 305 of the training splits; 232's committee)."""

from __future__ import annotations

from pathlib import Path

from ingest.enterprises import _only_a_division
from ontology import Gazetteer
from search_api.core.extraction_eval import body_of
from tests.conftest import company_forms

REAL = Path(__file__).parent / "data" / "real"



def test_lines_open_with_places_not_investors(gaz: Gazetteer) -> None:
    text = ("围绕城市轨道交通网络基础功能延伸,重点推进建设10条(段)轨道交通项目、洋山深水港四期、航道整治、机场改扩建、"
            "北横通道、沿江通道等项目。")
    assert "北横" not in company_forms(text, gaz)
    text = ("重点建设苏北、苏中铁路网和苏南轨道交通网,建成京沪高速铁路江苏段、沪通铁路、宁杭铁路、宁安城际铁路、连盐铁路、"
            "郑徐和徐连客运专线。")
    assert not any(form.startswith("徐连") for form in company_forms(text, gaz))


def test_a_park_is_named_for_a_place_not_a_company(gaz: Gazetteer) -> None:
    text = "玉林市集中开竣工玉林白平产业园热电联产一期项目、容县新一代电子信息产业园一期工程等62个项目,总投资约215亿元。"
    assert "白平" not in company_forms(text, gaz)


def test_party_committees_and_fairs_are_nocompany_forms(gaz: Gazetteer) -> None:
    assert "中共中央" not in company_forms("近日中共中央、国务院印发了《长江三角洲区域一体化发展规划纲要》要求各地区各部门"
                                    "结合实际认真贯彻落实。", gaz)
    assert "蕉城区委" not in company_forms("蕉城区委常委、常务副区长巫白21日说,目前各项工程均进入扫尾阶段,绿化美化工作正在加紧"
                                    "进行。", gaz)
    assert "西博会" not in company_forms("11月2日,第十六届西博会尚未开幕,成都、宜宾、凉山等14个市州利用平台分别举行投资环境推介会,"
                                   "掀起“项目入川”小高潮。", gaz)


def test_a_division_alone_is_no_company(gaz: Gazetteer) -> None:
    """Texts 261 and 246 (training splits) read whole: 石景山区 heads a listed school, 内蒙古自治区 signs with
    a central enterprise; neither is a company. A county's short form stays a possible brand (东风, 平安)."""
    for stem, place in (("261-beijing-2012-western-districts-key-projects", "石景山区"),
                        ("246-inner-mongolia-ceec-three-new-energy-agreements", "内蒙古")):
        body = body_of((REAL / f"{stem}.md").read_text(encoding="utf-8"))
        assert place not in company_forms(body, gaz), stem
    assert _only_a_division("深圳") and _only_a_division("石景山区") and not _only_a_division("东风")
