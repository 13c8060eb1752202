"""Round 26, where a project is when its name opens with a company written with its home: a province or
city of another province than the text's is the investor's origin (深圳极视角科技总部 in a 青岛 text: text 912),
while one of the text's own province may be the site and still places the work."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import project_cities

QINGDAO_LEAD = ("早报5月31日讯 5月31日,在青岛市第二季度重点产业项目视频集中签约活动上,北船重工海洋新材料产业园、"
                "蜜桔科技跨境电商运营中心等总投资69亿元的10个项目集中签约。")


def test_another_provinces_company_does_not_place_the_work(gaz: Gazetteer) -> None:
    found = project_cities(QINGDAO_LEAD + "1-4月份,新区吸引欧力士产业平台总部、深圳极视角科技总部、中电信息港信息产业基地等"
                                          "一批重特大项目落户。", gaz)
    assert found.get("深圳极视角科技总部") == "青岛市"


def test_a_company_of_the_texts_own_province_still_places_the_work(gaz: Gazetteer) -> None:
    # text 129, a 广西 list written from 南宁: 钦州中马 is the investor and 钦州 the site
    found = project_cities("广西新闻网-广西日报南宁讯 (记者吴丽萍 通讯员李冠霖)10月10日,记者从自治区发展改革委了解到,"
                           "防城港马鞍岭1、2号旅游码头工程等57个项目列入增补计划。"
                           "食品业方面,建设钦州中马粮油加工项目,年加工油料150万吨,分提棕榈油30万吨。", gaz)
    assert found.get("钦州中马粮油加工项目") == "钦州市"
