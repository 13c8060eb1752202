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


def _edges(text: str, gaz: Gazetteer, kind: str) -> set[tuple[str, str]]:
    from ingest.policy import policy_batch
    batch = policy_batch("doc:t", text, {"path": "t"}, gaz, extractor_for(gaz))
    return {(e.src, e.dst) for e in batch.edges.values() if e.type == kind}


def test_countries_and_areas_from_the_registry() -> None:
    from ontology.countries import read_countries
    countries = read_countries()
    assert countries.by_code["DE"].name == "德国" and countries.by_code["KR"].name == "韩国"
    assert countries.forms["中国香港特别行政区"] == "HK" and countries.forms["台湾"] == "TW"
    assert "CN" not in countries.by_code  # every text is in China
    assert countries.forms["巴西"] == "BR"  # a township's short form (巴西镇) does not hide a country
    assert "黑山" not in countries.forms  # a county's (黑山县) does


def test_countries_a_sentence_names(gaz: Gazetteer) -> None:
    resolver = resolver_for(gaz, extractor_for(gaz))
    found = resolver.countries_in("外资主要来源于美国、加拿大、新加坡等国家,以及台湾、香港等地区。")
    assert [(form, c.code) for form, _, c in found] == [("美国", "US"), ("加拿大", "CA"), ("新加坡", "SG"),
                                                          ("台湾", "TW"), ("香港", "HK")]
    # only whole words: 加纳 in 增加纳税, 美国 in 华美国际, 朝鲜 in 朝鲜族 are none
    assert resolver.countries_in("增加纳税收入,华美国际酒店落户延边朝鲜族自治州。") == []
    mentioned = _edges("外资主要来源于美国、新加坡等国家。", gaz, "MENTIONS")
    assert {("doc:t", "region:US"), ("doc:t", "region:SG")} <= mentioned


def test_a_company_is_located_where_its_name_starts(gaz: Gazetteer) -> None:
    text = "襄汾县政府与浙江运达风电股份有限公司签订风力发电设备制造全产业链项目,美国希尔顿酒店集团同日签约。"
    located = _edges(text, gaz, "LOCATED_IN")
    assert ("enterprise:运达风电", "region:33") in located  # one company however its place is written
    assert any(src.startswith("enterprise:美国希尔顿") and dst == "region:US" for src, dst in located)
    # the place is the company's, not one the text speaks of
    assert not {("doc:t", "region:33"), ("doc:t", "region:US")} & _edges(text, gaz, "MENTIONS")


def test_a_county_in_brackets_after_a_name_places_it(gaz: Gazetteer) -> None:
    resolver = resolver_for(gaz, extractor_for(gaz))
    assert resolver.without_place_note("湖北名泰农机有限公司农机装备制造项目(南漳县)") == "湖北名泰农机有限公司农机装备制造项目"
    assert resolver.without_place_note("桐柏县年产100万吨工业盐项目(月河镇)") == "桐柏县年产100万吨工业盐项目"
    # a note that is no division's full name stays: it is part of the name
    assert resolver.without_place_note("外环东段(华夏中路—龙东大道)") == "外环东段(华夏中路—龙东大道)"
    assert resolver.without_place_note("三环(谷城)精密锻造项目") == "三环(谷城)精密锻造项目"
    text = "襄阳市重大项目:湖北航宇嘉泰飞机设备有限公司民用航空座椅项目(樊城区)。"
    from ingest.policy import policy_batch
    batch = policy_batch("doc:t", text, {"path": "t"}, gaz, extractor_for(gaz))
    projects = {n.props["name"]: n.props.get("county") for n in batch.nodes.values() if n.label == "Project"}
    assert projects == {"湖北航宇嘉泰飞机设备有限公司民用航空座椅项目": "樊城区"}
