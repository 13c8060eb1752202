"""Document-level places on real names: a row that names no place of its own takes the place its
document states (the rows above the header, the sheet, the file name or folder, a text's title, lead
or the heading above), labelled with where it came from; the row's own place always wins.

Names are from the dev half of tests/data/real/place-names-2.json: 芮城县's second 2020 start list
(http://www.fdtqd.com/index.php?id=2518&lanmu=1&p=news_show, title "芮城县今年第二批15个项目集中开工")
and 房县's spring 2021 start list (https://www.fxxww.net/p/155980.html)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from bench.linking import measure
from graph.factory import make_store
from graph.store import GraphStore
from ingest.extract import extractor_for
from ingest.pipeline import Ingestor
from ingest.places import resolver_for
from ingest.policy import text_statements
from ingest.structure import parse_structure
from ontology import Gazetteer, load_gazetteer
from tests.test_project_lists import projects_view

RUICHENG = ["优质菊花品质提升建设项目", "敏赐优质苹果出口基地建设项目", "九峰山道教文化建设项目",
            "山西恒昌荣医疗器械有限公司医用口罩生产线建设项目", "农村地质灾害治理搬迁项目"]


def _places(rows: list[dict[str, object]]) -> dict[object, tuple[object, ...]]:
    return {r["name"]: (r["county"], r["place_source"], r["place_source_text"]) for r in rows}


def test_title_rows_place_a_names_only_list_and_the_rows_own_place_wins(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("芮城县今年第二批15个项目集中开工\n项目名称,建设地点\n" + "".join(f"{n},\n" for n in RUICHENG)
                    + "风陵渡新材料园区基础设施建设项目,永济市\n", encoding="utf-8")
    store = make_store("sqlite", home=tmp_path / "store")
    result = Ingestor(store).ingest_file(path)
    assert result.status == "ingested", result.error
    rows = projects_view(store)
    title = "芮城县今年第二批15个项目集中开工"
    assert _places(rows) == {
        **{n: ("芮城县", "title rows", title) for n in RUICHENG},  # 山西恒昌荣 (a province) refined to 芮城县
        "风陵渡新材料园区基础设施建设项目": ("永济市", "row cell", None),  # the row's own cell wins
    }
    assert result.places == {"placed": 6, "city_level": 0, "province_level": 0, "unplaced": 0, "from_document": 5}
    assert f"{path}, row 3: names no county of its own; placed in 芮城县 from the title rows '{title}'" in result.warnings
    assert sum("from the title rows" in w for w in result.warnings) == 5
    assert {(r["county_code"], r["city"], r["province"], r["home"]) for r in rows if r["county"] == "芮城县"} == {
        ("140830", "运城市", "山西省", False)}
    # idempotent: the same file again changes nothing
    assert Ingestor(store).ingest_file(path).status == "unchanged"
    assert _places(projects_view(store)) == _places(rows)


def test_folder_and_sheet_name_place_rows_and_the_cli_json_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "corpus" / "房县"
    folder.mkdir(parents=True)
    (folder / "2021春季开工.csv").write_text("项目名称\n鑫资再生铅第三条生产线项目\n西南农产品物流园项目\n",
                                          encoding="utf-8")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "芮城县"
    sheet.append(["项目名称"])
    sheet.append([RUICHENG[0]])
    data = io.BytesIO()
    book.save(data)
    (tmp_path / "corpus" / "清单.xlsx").write_bytes(data.getvalue())
    store = make_store("sqlite", home=tmp_path / "store")
    report = Ingestor(store).ingest([tmp_path / "corpus"])
    assert [f.status for f in report.files] == ["ingested", "ingested"], [f.error for f in report.files]
    assert _places(projects_view(store)) == {
        "鑫资再生铅第三条生产线项目": ("房县", "folder", "房县"),
        "西南农产品物流园项目": ("房县", "folder", "房县"),
        RUICHENG[0]: ("芮城县", "sheet name", "芮城县"),
    }
    fang = next(r for r in projects_view(store) if r["county"] == "房县")
    assert (fang["city"], fang["province"], fang["county_code"], fang["home"]) == ("十堰市", "湖北省", "420325", False)


def test_a_text_places_its_projects_by_its_heading(tmp_path: Path) -> None:
    """A policy text: a section heading naming a county places the prose projects under it that name
    none; projects under a heading without a place take the document title's."""
    text = ("# 芮城县2020年重点工程\n\n"
            "## 一、工业项目\n\n开工建设优质菊花品质提升建设项目。\n\n"
            "## 二、房县\n\n开工建设西南农产品物流园项目。\n")
    path = tmp_path / "plan.md"
    path.write_text(text, encoding="utf-8")
    store = make_store("sqlite", home=tmp_path / "store")
    result = Ingestor(store).ingest_file(path)
    assert result.status == "ingested", result.error
    found = _places(projects_view(store))
    assert found["优质菊花品质提升建设项目"] == ("芮城县", "document title", "芮城县2020年重点工程")
    assert found["西南农产品物流园项目"] == ("房县", "section heading", "房县")
    assert f"{path}, character 59: '西南农产品物流园项目' names no county of its own; placed in 房县 from the section " \
        "heading '房县'" in result.warnings


def test_document_context_reaches_the_target_on_the_fresh_dev_half() -> None:
    """docs/linking-quality.md: in its document, the fresh dev half is placed in its exact county."""
    fresh = measure()["fresh dev"]["in its document"]
    assert fresh.exact / fresh.total >= 0.95 and fresh.exact == fresh.linked  # no county link is wrong
    names = sum(len(d["names"]) for d in json.loads(
        (Path(__file__).parent / "data" / "real" / "place-names-2.json").read_text(encoding="utf-8"))["documents"])
    assert names >= 40


def test_an_enterprise_placed_by_another_row_lends_its_county_labelled_inferred(tmp_path: Path) -> None:
    """The county cell of one row places its enterprise; a row of the same list naming only that
    enterprise (owner column, or the company opening its name) is placed there, labelled as inferred."""
    path = tmp_path / "list.csv"
    path.write_text("项目名称,建设地点,责任单位\n"
                    "山西恒昌荣医疗器械有限公司医用口罩生产线建设项目,芮城县,\n"
                    "山西恒昌荣医疗器械有限公司二期项目,,\n"
                    "中转仓储建设项目,,山西国脉生物科技有限公司\n"
                    "优质菊花品质提升建设项目,芮城县,山西国脉生物科技有限公司\n"
                    "农村地质灾害治理搬迁项目,,\n", encoding="utf-8")
    store = make_store("sqlite", home=tmp_path / "store")
    result = Ingestor(store).ingest_file(path)
    assert result.status == "ingested", result.error
    found = _places(projects_view(store))
    assert found["山西恒昌荣医疗器械有限公司二期项目"] == (
        "芮城县", "enterprise in document", "山西恒昌荣医疗器械有限公司 (row 2)")
    assert found["中转仓储建设项目"] == ("芮城县", "enterprise in document", "山西国脉生物科技有限公司 (row 5)")
    assert found["农村地质灾害治理搬迁项目"] == ("临汾市", "home city (row names no place)", None)
    assert (f"{path}, row 3: placed in 芮城县 (inferred) because its enterprise 山西恒昌荣医疗器械有限公司 is placed "
            "there by row 2 of this list") in result.warnings


@pytest.mark.neo4j
def test_document_places_are_the_same_on_neo4j(tmp_path: Path, neo4j_store: GraphStore) -> None:
    """Parity: the same lists give the same places, sources and counts on both backends, and a second
    ingest changes nothing on either."""
    folder = tmp_path / "corpus" / "房县"
    folder.mkdir(parents=True)
    (folder / "2021春季开工.csv").write_text("项目名称\n鑫资再生铅第三条生产线项目\n", encoding="utf-8")
    (tmp_path / "corpus" / "list.csv").write_text(
        "芮城县今年第二批15个项目集中开工\n项目名称,建设地点,责任单位\n" + "".join(f"{n},,\n" for n in RUICHENG)
        + "风陵渡新材料园区基础设施建设项目,永济市,山西国脉生物科技有限公司\n中转仓储建设项目,,山西国脉生物科技有限公司\n",
        encoding="utf-8")
    sqlite = make_store("sqlite", home=tmp_path / "store")
    views = []
    for store in (sqlite, neo4j_store):
        first = Ingestor(store).ingest([tmp_path / "corpus"])
        again = Ingestor(store).ingest([tmp_path / "corpus"])
        assert [f.status for f in again.files] == ["unchanged", "unchanged"]
        views.append(([(f.places, f.warnings) for f in first.files],
                      sorted((r["name"], r["county"], r["county_code"], r["place_source"], r["place_source_text"])
                             for r in projects_view(store))))
    assert views[0] == views[1]
    # the county the list's title states outranks the county inferred from an enterprise's other row
    assert ("中转仓储建设项目", "芮城县", "140830", "title rows", "芮城县今年第二批15个项目集中开工") in views[0][1]


def _document(text: str) -> str | None:
    """The county or city a news text states of itself (headline, then lead), as ingest reads it."""
    gaz = load_gazetteer()
    resolver = resolver_for(gaz, extractor_for(gaz))
    found = resolver.document_place(text_statements("doc:新闻", text, parse_structure(text)))
    info = resolver.info(found.place_id if found else None)
    return info.county or info.city


@pytest.mark.parametrize(("text", "where"), [
    # place-names-3 dev pages: a headline's short form, its 故县镇 shared with 沁县, a lead about the whole city
    ("# 河津第二批十个重点项目集中开工\n\n运城日报讯 4月21日,河津市隆重举行第二批产业类9个重点项目集中开工仪式。", "河津市"),
    ("# 故县镇:紧盯项目建设不放松\n\n本报讯 今年,灵宝市故县镇坚持把项目建设作为推进经济转型的重要举措。", "灵宝市"),
    ("# 一季度渭南277个项目开(复)工\n\n4月23日,记者从市发改委获悉,全市一季度重点项目建设稳步推进。", "渭南市"),
    # a headline naming the city, a lead naming the county: the lead narrows it (place-names-2 dev, 襄垣)
    ("# 长治:开发区项目签约\n\n1月1日,中国能建山西电建在长治分会场与山西省襄垣县政府签署协议。", "襄垣县"),
    # the county a city-wide ceremony was held in is not the list's (渭南 2017, place-names-3)
    ("# 渭南135个项目今集中开工\n\n2月13日,2017年全市第一次项目集中开工仪式在华阴市举行。", "渭南市"),
    ("2020年4月15日,运城市永济举行2020年第三批重大项目集中开工仪式。", "永济市"),  # a county right after its city
])
def test_a_news_text_states_its_place_by_headline_and_lead(text: str, where: str) -> None:
    assert _document(text) == where


def test_document_context_on_the_third_set_dev_half() -> None:
    """docs/linking-quality.md: the third set's dev half, in its document, is placed exactly, none wrong."""
    third = measure()["third dev"]
    assert third["in its document"].exact == third["in its document"].total == 50
    assert all(s.exact == s.linked for s in third.values())  # no county link is wrong, in any setting
    assert third["name + city cell"].honest == third["name + city cell"].total


def test_a_new_area_is_not_the_township_sharing_its_head(gaz: Gazetteer) -> None:
    """A real headline (tests/data/real/26, dev3): 天府新区 spans counties of 成都; 温江区's 天府街道
    shares only its head, so the headline places its projects in 成都市, no finer."""
    from ingest.places import resolver_for

    resolver = resolver_for(gaz, extractor_for(gaz))
    found = resolver.document_place([("document title", "成都在深圳招商签约117亿元 天府新区项目是签约重点")])
    assert found is not None and found.place_id == "region:5101"
