"""Round 20, places named by their short form inside the document's place. A county-level new area is named
without 新区 (浦东新区 is 浦东), unless that names its city (兰州新区: 兰州 is 兰州市). A short form the document's
place holds twice, as a county and its own township (富裕县, 富裕镇), or as one county and townships elsewhere
(北安市, 孙吴县's 北安乡), is the county. In a city with no counties (儋州, 东莞) its towns stand where counties
stand elsewhere (儋州市光村、木棠、峨蔓一体化供水工程: dev text 517)."""

from __future__ import annotations

from ingest.extract import extractor_for
from ingest.places import resolver_for
from ontology import Gazetteer
from ontology.divisions import read_divisions


def _mentions(text: str, gaz: Gazetteer, inside: tuple[str, ...]) -> dict[str, str]:
    return {form: code for form, _, code in resolver_for(gaz, extractor_for(gaz)).mentions(text, inside)}


def test_a_new_area_by_its_short_form() -> None:
    divisions = read_divisions()
    assert "310115" in divisions.short["浦东"] and "120116" in divisions.short["滨海"]
    assert divisions.short["兰州"] == ["6201"]  # 兰州新区 is not what 兰州 names
    assert divisions.short["清新"] == ["441803"]  # 清新区 keeps its name: 清 is no short form


def test_a_new_area_in_its_city(gaz: Gazetteer) -> None:
    assert _mentions("浦东机场四期扩建工程建设全面铺开。", gaz, ("31",)) == {"浦东": "310115"}


def test_a_county_over_its_own_or_other_townships(gaz: Gazetteer) -> None:
    found = _mentions("北安至富裕高速公路项目稳步推进,五大连池至嫩江公路建成。", gaz, ("23",))
    assert found == {"北安": "231181", "富裕": "230227", "五大连池": "231182", "嫩江": "231183"}
    assert _mentions("北安至富裕高速公路项目稳步推进。", gaz, ()) == {}  # no place to hold them: nothing


def test_towns_of_a_city_without_counties(gaz: Gazetteer) -> None:
    found = _mentions("10个项目分别是中德产业园纵向道路工程,儋州市光村、木棠、峨蔓一体化供水工程。", gaz, ("460400",))
    assert {k: v[:6] for k, v in found.items() if k != "儋州市"} == {"光村": "460400", "木棠": "460400",
                                                                     "峨蔓": "460400"}
    # in a city with counties a township still needs its full name (晋祠镇, 姚村镇 are 太原's)
    assert _mentions("中德产业园纵向道路工程,太原市晋祠、姚村一体化供水工程。", gaz, ("1401",)) == {"太原市": "1401"}
