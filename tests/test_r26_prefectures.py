"""Round 26, autonomous prefectures and counties by the names texts use: the short form is the place part
without its peoples, whole people names included (恩施|土家族|苗族 → 恩施, not 恩施土), an autonomous prefecture
is also "short form + 州" (恩施州, text 161's title), a county's short form never takes a province's (河南),
and a place in a list settles its neighbours (太原、大同)."""

from __future__ import annotations

from ingest.extract import extractor_for
from ingest.places import resolver_for
from ontology import Gazetteer
from ontology.divisions import read_divisions


def test_short_forms_drop_whole_people_names() -> None:
    divisions = read_divisions()
    assert divisions.get("4228").short == "恩施"
    assert divisions.get("6540").short == "伊犁"  # 伊犁|哈萨克, a people written without 族
    assert divisions.get("652826").short == "焉耆"  # 焉耆回族 is one word to jieba


def test_a_prefecture_with_zhou_is_a_full_name() -> None:
    assert read_divisions().full.get("恩施州") == ["4228"]
    assert read_divisions().full.get("黔东南州") == ["5226"]


def test_a_province_keeps_its_short_form() -> None:
    assert "632324" not in read_divisions().short.get("河南", [])


def test_a_title_naming_a_prefecture_places_the_text(gaz: Gazetteer) -> None:
    resolver = resolver_for(gaz, extractor_for(gaz))
    found = resolver.document_place([("title", "恩施州30个项目集中签约 总投资486亿元 最大项目投资超百亿元")])
    assert found is not None and found.code == "4228"


def test_a_list_neighbour_settles_a_shared_short_form(gaz: Gazetteer) -> None:
    # text 345 (山西): 大同 is a city, a 大庆 district, many towns and a common word; beside 太原 and 阳泉 it is the city
    resolver = resolver_for(gaz, extractor_for(gaz))
    found = resolver.mentions("新建5G基站2.5万个,加快太原、大同、阳泉、吕梁等算力枢纽节点建设。", ("1401",))
    assert ("大同", 17, "1402") in found
    assert resolver.mentions("宁波、合作共赢", ()) == [("宁波", 0, "3302")]


def test_a_title_opening_with_a_counties_short_form_places_the_text(gaz: Gazetteer) -> None:
    resolver = resolver_for(gaz, extractor_for(gaz))
    # text 411's title; text 09's names a person (王永康), not 永康市; 实现合作共赢 names no 合作市
    found = resolver.document_place([("document title", "黎川43个项目集中开工")])
    assert found is not None and found.code == "361022"
    xian = resolver.document_place([("document title", "西安举行今年第二批重大项目集中开工仪式 王永康宣布开工令")])
    assert xian is None or xian.code != "330784"
    assert resolver.document_place([("document title", "实现合作共赢")]) is None
