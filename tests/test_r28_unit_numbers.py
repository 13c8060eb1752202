"""Round 28: numbers of units joined by 、 before one unit word are one name's words (texts 478, 1069), a unit
written out each time is a list of works (text 365); and sentences naming works with none of the old cues (no
项目, 工程 or company word: text 163's wind farms, 909's metro lines) are read by the models too."""

from __future__ import annotations

from ingest.name_judge import UNIT_NUMBERS
from ontology import Gazetteer
from tests.text_extraction import project_money


def test_unit_numbers_are_one_run() -> None:
    runs = [m.group() for m in UNIT_NUMBERS.finditer("徐大堡核电3、4号机组,9#、10#通用泊位,1、2、3号生产线,一、二期")]
    assert runs == ["3、4号", "9#、10#", "1、2、3号", "一、二期"]
    # a unit written out on each side names two works
    assert not list(UNIT_NUMBERS.finditer("11号线北段二期、12号线、13号线一期,中石油广西石化千万吨炼油一期、二期项目"))


def test_a_name_is_not_cut_inside_its_unit_numbers(gaz: Gazetteer) -> None:
    found = project_money("新开工建设广东陆丰核电5、6号机组、珠三角城际广佛环线佛山西站至广州北站段、"
                          "梅州抽水蓄能电站二期等200个项目。", gaz)
    assert "广东陆丰核电5、6号机组" in found
    assert not {"广东陆丰核电5", "6号机组"} & set(found)
    found = project_money("其中,总投资15.8亿元的沧州港务集团有限公司黄骅港综合港区9#、10#通用泊位工程实现开工。", gaz)
    assert not any(name.endswith("9#") for name in found)


def test_lines_with_their_own_units_stay_apart(gaz: Gazetteer) -> None:
    found = project_money("推进11号线北段二期、12号线、13号线一期等项目建设。", gaz)
    assert {"11号线北段二期", "12号线", "13号线一期"} <= set(found)


def test_works_named_without_a_head_are_read(gaz: Gazetteer) -> None:
    assert {"离石薛公岭风电场", "石楼龙交风电场"} <= set(project_money("离石薛公岭风电场和石楼龙交风电场计划于12月份核准。", gaz))
    found = project_money("2017年本市将建成开通燕房线、西郊线、S1线(今年开通石门营至金安桥)3条轨道线路,长约34.6公里。", gaz)
    assert {"燕房线", "西郊线"} <= set(found)
