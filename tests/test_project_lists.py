"""Project lists in every format, linked into the graph, on the sample corpus
and on small files written here."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.factory import make_store
from graph.store import GraphStore
from ingest.pipeline import Ingestor
from ontology import load_gazetteer
from search_api.core.config import load_scoring
from search_api.core.service import PlanAtlas
from tests.conftest import DOCS, GUIDANCE
from tests.corpus_labels import labelled_projects, load_labels


def projects_view(store: GraphStore, **filters: Any) -> list[dict[str, Any]]:
    """The service's project list (lexical: no model needed) as JSON-ready dicts."""
    service = PlanAtlas(store, load_gazetteer(), embedding_model=None, scoring=load_scoring(None),
                        max_file_bytes=20 << 20)
    return [p.model_dump() for p in service.projects(**filters).data]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GraphStore, dict[str, list[str]]]]:
    store = make_store("sqlite", home=tmp_path_factory.mktemp("corpus"))
    report = Ingestor(store).ingest([DOCS])
    assert {f.status for f in report.files} == {"ingested"}, [f.error for f in report.files]
    yield store, {Path(f.path).name: f.warnings for f in report.files}
    store.close()


def _ingest_one(store: GraphStore, path: Path) -> list[str]:
    ingestor = Ingestor(store)
    ingestor.ingest([GUIDANCE])
    result = ingestor.ingest_file(path)
    assert result.status == "ingested", result.error
    return result.warnings


def _project(store: GraphStore, name: str) -> dict[str, object]:
    rows = [p for p in projects_view(store) if p["name"] == name]
    assert len(rows) == 1, (name, [p["name"] for p in projects_view(store)])
    return rows[0]


def test_county_inference_accuracy_on_labelled_corpus(corpus: tuple[GraphStore, dict[str, list[str]]]) -> None:
    store, _ = corpus
    total = correct = 0
    wrong = []
    for label, pid in labelled_projects(store):
        if label["county"] is None:
            continue
        total += 1
        node = store.get_node(pid) if pid else None
        if node is not None and node.props.get("county") == label["county"]:
            correct += 1
        else:
            wrong.append((label["name"], label["county"], node.props.get("county") if node else None))
    accuracy = correct / total
    print(f"county inference: {correct}/{total} = {accuracy:.3f}")
    assert total >= 200 and accuracy >= 0.95, wrong


def test_corpus_covers_all_counties_and_both_chains(corpus: tuple[GraphStore, dict[str, list[str]]]) -> None:
    store, _ = corpus
    projects = projects_view(store)
    assert len(projects) >= 200
    counties = {p["county"] for p in projects if p["city"] == "临汾市"}
    assert len({c for c in counties if c and c != "临汾市"}) == 17
    # the two rows of other cities (noise rows 平遥县, 介休市) are kept, each in its own county
    elsewhere = {(p["county"], p["city"], p["province"], p["home"]) for p in projects if p["city"] != "临汾市"}
    assert elsewhere == {("平遥县", "晋中市", "山西省", False), ("介休市", "晋中市", "山西省", False)}
    on_chain = {c: sum(c in p["chains"] for p in projects) for c in ("chain:hydrogen", "chain:auto_equipment")}
    assert on_chain["chain:hydrogen"] >= 8 and on_chain["chain:auto_equipment"] >= 8, on_chain


def test_noise_rows_reported_with_file_and_row(corpus: tuple[GraphStore, dict[str, list[str]]]) -> None:
    _, warnings = corpus
    for noise in load_labels()["noise"]:
        name = Path(noise["file"]).name
        hits = [w for w in warnings[name] if f"row {noise['row']}:" in w]
        assert hits, (noise, warnings[name])
        assert all(w.startswith(str(DOCS / name)) or name in w for w in hits)
    csv_warnings = warnings["projects-2023-county-reports.csv"]
    assert any("row 95: 平遥县 is not in 临汾市; stored in 山西省晋中市平遥县 (home: false)" in w for w in csv_warnings)
    assert any("row 89: skipped: missing project name" in w for w in csv_warnings)
    assert any("row 105: investment '约3个亿'" in w for w in csv_warnings)


def test_reingesting_the_corpus_changes_no_counts(corpus: tuple[GraphStore, dict[str, list[str]]]) -> None:
    store, _ = corpus
    before = store.counts()
    report = Ingestor(store).ingest([DOCS])
    assert {f.status for f in report.files} == {"unchanged"}
    forced = Ingestor(store).ingest([DOCS], force=True)
    assert {f.status for f in forced.files} == {"ingested"}
    assert store.counts() == before


def test_projects_cli_contract_fields(corpus: tuple[GraphStore, dict[str, list[str]]]) -> None:
    store, _ = corpus
    rows = projects_view(store, county="吉县")
    assert rows and all("吉县" in r["counties"] for r in rows)
    for key in ("id", "name", "county", "block", "industries", "chains", "task", "investment_wan", "years", "sources"):
        assert key in rows[0]
    assert {r["block"] for r in rows} == {"沿黄"}
    assert all(r["task"]["number"] == 8 for r in projects_view(store, task=8))
    assert {r["block"] for r in projects_view(store, block="沿太岳")} == {"沿太岳"}


def test_same_project_from_two_sources_is_one_node(corpus: tuple[GraphStore, dict[str, list[str]]]) -> None:
    store, _ = corpus
    node = store.get_node("project:141028:抽水蓄能电站")
    assert node is not None
    docs = {p.doc for p in node.provenance}
    assert {"doc:linfen-2023-shuangcheng-guidance", "doc:projects-2023-county-reports"} <= docs


def test_news_style_text(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "news.md"
    path.write_text("今年以来，临汾经济开发区精密智造项目，侯马经济开发区高频变压器、电感元器件项目，"
                    "洪洞经济技术开发区100万千瓦光伏发电及配套项目等一批项目加快建设。"
                    "总投资16.7亿元的乡宁县北方铜业园子沟尾矿库项目完成备案。", encoding="utf-8")
    _ingest_one(store, path)
    names = {p["name"]: p for p in projects_view(store)}
    assert names["临汾经济开发区精密智造项目"]["county"] == "临汾市"
    assert names["侯马经济开发区高频变压器、电感元器件项目"]["county"] == "侯马市"
    assert names["侯马经济开发区高频变压器、电感元器件项目"]["zones"] == ["侯马经济开发区"]
    solar = names["洪洞经济技术开发区100万千瓦光伏发电及配套项目"]
    assert solar["county"] == "洪洞县" and "光伏" in solar["industries"]
    tail = names["乡宁县北方铜业园子沟尾矿库项目"]
    assert tail["county"] == "乡宁县" and tail["investment_wan"] == 167000.0
    assert not any("一批" in n for n in names)


def test_traditional_characters_are_matched_and_kept(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "trad.jsonl"
    rows = [{"name": "隰縣玉露香梨冷鏈物流園項目", "county": "隰縣", "content": "建設氣調冷庫5萬噸",
             "investment": "3.4億元", "years": "2023—2025年", "owner": "隰縣果業發展中心"},
            {"name": "翼城縣氫能重卡換電站項目", "content": "建設加氫站2座", "investment": "12000萬元"}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    _ingest_one(store, path)
    pear = _project(store, "隰县玉露香梨冷链物流园项目")
    assert pear["county"] == "隰县" and pear["investment_wan"] == 34000.0 and pear["years"] == "2023-2025"
    assert "梨果" in pear["industries"]
    node = store.get_node(str(pear["id"]))
    assert node is not None and node.props["name_original"] == "隰縣玉露香梨冷鏈物流園項目"
    h2 = _project(store, "翼城县氢能重卡换电站项目")
    assert h2["county"] == "翼城县" and "chain:hydrogen" in h2["chains"] and h2["investment_wan"] == 12000.0


def test_csv_gbk_semicolons_units_and_extra_columns(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    text = ("项目名称;所在县区;建设内容;总投资(万元);建设期;牵头单位;所属任务;联系人\n"
            "吉县抽水蓄能电站工程;吉县;装机120万千瓦;860000;2023-2028;吉县发改局;（八）;张三\n"
            "安泽县连翘药茶精深加工项目;;年加工连翘茶500吨;3.5亿元;2024年;安泽县农业农村局;;李四\n")
    path.write_bytes(text.encode("gbk"))
    _ingest_one(store, path)
    pumped = store.get_node("project:141028:抽水蓄能电站")
    assert pumped is not None and pumped.props["investment_wan"] == 860000.0 and pumped.props["联系人"] == "张三"
    assert {p.doc for p in pumped.provenance} == {"doc:linfen-2023-shuangcheng-guidance", "doc:list"}
    tea = _project(store, "安泽县连翘药茶精深加工项目")
    assert tea["county"] == "安泽县" and tea["investment_wan"] == 35000.0 and tea["years"] == "2024"
    assert "chain:medicinal_tea" in tea["chains"] and tea["task"]["source"] == "inferred"
    assert _project(store, "吉县抽水蓄能电站工程")["task"]["source"] == "table"


def test_xlsx_with_title_row_merged_cells_and_formulas(store: GraphStore, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["2024年重点项目表"])
    ws.merge_cells("A1:E1")
    ws.append(["项目名称", "建设地点", "总投资（亿元）", "建设年限", "备注"])
    ws.append(["浮山县储气设施项目", "浮山县", 9.8, "2023-2025", "=1+1"])
    ws.append([None, "浮山县", 1, "2024", None])
    ws.append(["介休市示范项目", "介休市", 1, "2024", None])
    path = tmp_path / "list.xlsx"
    wb.save(path)
    warnings = _ingest_one(store, path)
    storage = store.get_node("project:141027:储气设施")
    assert storage is not None and storage.props["investment_wan"] == 98000.0
    assert any("row 4: skipped: missing project name" in w for w in warnings)
    assert any("row 5: 介休市 is not in 临汾市; stored in 山西省晋中市介休市 (home: false)" in w for w in warnings)
    assert all(str(path) in w for w in warnings)


def test_table_without_header_is_a_clear_error(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "nohead.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    result = Ingestor(store).ingest_file(path)
    assert result.status == "failed" and "no header row" in (result.error or "") and str(path) in (result.error or "")
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"projects": [{"name": "x"', encoding="utf-8")
    result = Ingestor(store).ingest_file(bad_json)
    assert result.status == "failed" and "invalid JSON" in (result.error or "")
