"""Duplicate review, merges and exports on the embedded store, with the real
model: decisions kept in the graph (through re-ingest and export/import),
rejected pairs left out of the next run, confirmed pairs reported as such,
labelled pairs that `planatlas eval` reads, merge and undo, and .xlsx/CSV
exports read back with openpyxl."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pydantic import SecretStr

from graph.factory import make_store
from graph.transfer import export_graph, import_graph
from ontology import InputError, load_gazetteer
from search_api.cli import main
from search_api.core.config import load_scoring
from search_api.core.embeddings import Embedder
from search_api.core.export import Format, render
from search_api.core.models import DuplicatePair
from search_api.core.review import REVIEW_DOC, ReviewBook
from search_api.core.service import PlanAtlas
from search_api.http.app import create_app
from search_api.settings import Settings
from tests.review_data import ROWS, write_list

TOKEN = "review-test-token"


def open_service(home: Path, model_path: str, embedder: Embedder) -> PlanAtlas:
    store = make_store("sqlite", home=home)
    return PlanAtlas(store, load_gazetteer(), embedding_model=model_path, scoring=load_scoring(model_path),
                     max_file_bytes=20 << 20, embedder=embedder)


@pytest.fixture
def service(tmp_path: Path, model_path: str, embedder: Embedder) -> Iterator[PlanAtlas]:
    """A fresh store holding the small county list (three duplicate pairs)."""
    svc = open_service(tmp_path / "home", model_path, embedder)
    report = svc.ingest([write_list(tmp_path)])
    assert not report.failed, report
    svc.refresh()
    yield svc
    svc.close()


def three_pairs(service: PlanAtlas) -> list[DuplicatePair]:
    pairs = service.duplicates().pairs
    assert len(pairs) == 3, [(p.a_name, p.b_name) for p in pairs]
    return pairs


def test_decisions_filter_the_next_run_and_show_on_both_projects(service: PlanAtlas) -> None:
    reject, confirm, later = three_pairs(service)
    service.review(reject.a, reject.b, "rejected", "不同项目", "张三")
    service.review(confirm.b, confirm.a, "confirmed", "", "李四")  # either order names the pair
    service.review(later.a, later.b, "later")
    report = service.duplicates()
    by_pair = {(p.a, p.b): p for p in report.pairs}
    assert (reject.a, reject.b) not in by_pair and report.rejected_hidden == 1
    assert by_pair[(confirm.a, confirm.b)].review.decision == "confirmed"  # type: ignore[union-attr]
    assert by_pair[(confirm.a, confirm.b)].review.reviewer == "李四"  # type: ignore[union-attr]
    assert by_pair[(later.a, later.b)].review.decision == "later"  # type: ignore[union-attr]
    assert sorted(report.clusters) == sorted(sorted([p.a, p.b]) for p in (confirm, later))
    for side in (reject.a, reject.b):
        page = service.project(side)
        assert [r.decision for r in page.reviews] == ["rejected"] and page.reviews[0].comment == "不同项目"
        assert all({p.a, p.b} != {reject.a, reject.b} for p in page.likely_duplicates)
    assert service.project(confirm.b).reviews[0].decided_at  # time and reviewer kept
    with pytest.raises(InputError):
        service.review(reject.a, reject.b, "maybe")


def test_rejected_pair_returns_when_a_side_changes(service: PlanAtlas, tmp_path: Path) -> None:
    reject = three_pairs(service)[0]
    service.review(reject.a, reject.b, "rejected")
    rows = [r.replace("城乡配送设施", "城乡配送设施及电商孵化中心") for r in ROWS]  # row 1 = the 汾河 pair
    service.ingest([write_list(tmp_path, rows=rows)])
    again = [p for p in service.duplicates().pairs if {p.a, p.b} == {reject.a, reject.b}]
    assert len(again) == 1 and again[0].review is not None and again[0].review.stale
    assert again[0].review.decision == "rejected"


def test_decisions_survive_reingest_and_export_import(service: PlanAtlas, tmp_path: Path,
                                                     model_path: str, embedder: Embedder) -> None:
    reject, confirm, later = three_pairs(service)
    service.review(reject.a, reject.b, "rejected", "不同", "张三")
    service.review(confirm.a, confirm.b, "confirmed")
    merge = service.merge([confirm.a, confirm.b], "张三")
    before = ReviewBook.load(service.store)
    report = service.ingest([write_list(tmp_path)], force=True)
    assert [f.status for f in report.files] == ["ingested"]
    assert ReviewBook.load(service.store) == before
    export_graph(service.store, tmp_path / "graph.jsonl")
    assert any(json.loads(line).get("id") == merge.id for line in (tmp_path / "graph.jsonl").open())
    copy = open_service(tmp_path / "copy", model_path, embedder)
    try:
        import_graph(copy.store, tmp_path / "graph.jsonl")
        assert ReviewBook.load(copy.store) == before
        assert copy.store.document(REVIEW_DOC) is not None
        assert [p.id for p in copy.projects().data] == [p.id for p in service.projects().data]
        assert copy.duplicates().rejected_hidden == 1
    finally:
        copy.close()


def test_merge_counts_once_keeps_every_source_and_undoes(service: PlanAtlas) -> None:
    reject, confirm, _ = three_pairs(service)
    with pytest.raises(InputError, match="only confirmed"):
        service.merge([reject.a, reject.b])
    service.review(confirm.a, confirm.b, "confirmed")
    before = service.projects()
    record = service.merge([confirm.a, confirm.b], "王五")
    after = service.projects()
    assert after.count == before.count - 1 and confirm.b not in {p.id for p in after.data}
    page = service.project(confirm.a)
    assert page.aliases == [confirm.b_name] and page.merged_from == [confirm.b]
    assert set(page.counties) == {confirm.a_county, confirm.b_county}
    assert len({(s.doc, s.row) for s in page.sources}) == 2  # both source rows
    assert page.merge is not None and page.merge.id == record.id
    assert service.project(confirm.b).merged_into == confirm.a
    hits = service.search(confirm.b_name, k=10)
    assert [h.id for h in hits].count(confirm.a) == 1 and confirm.b not in {h.id for h in hits}
    assert all({p.a, p.b} != {confirm.a, confirm.b} for p in service.duplicates().pairs)
    label = service.review_labels()[0]  # the merged-away side by its name, which eval can still resolve
    assert {label.a, label.b} == {confirm.a, confirm.b_name} and label.label == 1
    with pytest.raises(InputError, match="already merged"):
        service.merge([confirm.a, confirm.b])
    service.unmerge(record.id)
    assert service.projects().count == before.count and service.merges() == []
    assert service.project(confirm.b).merged_into is None


def test_labels_export_runs_in_eval(service: PlanAtlas, tmp_path: Path) -> None:
    reject, confirm, later = three_pairs(service)
    service.review(reject.a, reject.b, "rejected")
    service.review(confirm.a, confirm.b, "confirmed")
    service.review(later.a, later.b, "later")
    labels = service.review_labels()
    assert sorted((x.a, x.b, x.label) for x in labels) == sorted(
        [(min(reject.a, reject.b), max(reject.a, reject.b), 0), (min(confirm.a, confirm.b), max(confirm.a, confirm.b), 1)])
    path = tmp_path / "labels.jsonl"
    path.write_text("".join(x.model_dump_json() + "\n" for x in labels), encoding="utf-8")
    report = service.evaluate(path)
    assert report.pairs == 2 and report.positives == 1 and report.resolved_to_projects == 2  # both sides of both pairs found


def test_exports_read_back(service: PlanAtlas) -> None:
    confirm = three_pairs(service)[1]
    service.review(confirm.a, confirm.b, "confirmed", "同一项目", "张三")
    book = load_workbook(io.BytesIO(render(service.export_duplicates(), Format.XLSX)))
    assert book.sheetnames == ["疑似重复", "审核记录"]
    sheet = book["疑似重复"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["重复得分", "项目A ID", "项目A"] and "审核结论" in header
    assert sheet.max_row == 1 + 3 and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width == 36
    decided = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[header.index("审核结论")] == "确认重复"]
    assert len(decided) == 1 and decided[0][header.index("备注")] == "同一项目"
    projects = load_workbook(io.BytesIO(render(service.export_projects(county="洪洞县"), Format.XLSX)))["项目清单"]
    rows = list(projects.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2 and {r[1] for r in rows} == {"汾河智慧物流园项目", "煤矸石综合利用工程"}
    text = render(service.export_search("中药材种植", k=5), Format.CSV)
    assert text.startswith(b"\xef\xbb\xbf") and "中药材" in text.decode("utf-8-sig").splitlines()[1]


def test_api_writes_need_the_token_and_files_download(service: PlanAtlas, tmp_path: Path) -> None:
    pair = three_pairs(service)[0]
    settings = Settings(home=tmp_path / "unused", api_token=SecretStr(TOKEN))
    with TestClient(create_app(settings, service=service)) as client:
        body = {"a": pair.a, "b": pair.b, "decision": "confirmed", "reviewer": "张三"}
        assert client.post("/api/reviews", json=body).status_code == 401
        done = client.post("/api/reviews", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert done.status_code == 200 and done.json()["decision"] == "confirmed"
        assert client.get("/api/reviews").json()["count"] == 1
        jsonl = client.get("/api/reviews/labels", params={"format": "jsonl"}).text
        assert json.loads(jsonl)["label"] == 1
        xlsx = client.get("/api/export/duplicates", params={"format": "xlsx"})
        assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
        assert "filename*=UTF-8''" in xlsx.headers["content-disposition"]
        assert load_workbook(io.BytesIO(xlsx.content))["疑似重复"].max_row == 4
        merged = client.post("/api/merges", json={"ids": [pair.a, pair.b]}, headers={"X-API-Token": TOKEN})
        assert merged.status_code == 200
        assert client.delete(f"/api/merges/{merged.json()['id']}").status_code == 401
        assert client.delete(f"/api/merges/{merged.json()['id']}", headers={"X-API-Token": TOKEN}).status_code == 200


def test_cli_review_labels_and_xlsx(service: PlanAtlas, tmp_path: Path) -> None:
    """The same loop from the command line, on a copy of the store."""
    pair = three_pairs(service)[2]
    home = service.store.path.parent  # type: ignore[attr-defined]
    args = ["--home", str(home)]
    assert main([*args, "review", pair.a, pair.b, "rejected", "--reviewer", "张三"]) == 0
    assert main([*args, "reviews", "--labels", str(tmp_path / "labels.jsonl")]) == 0
    assert json.loads((tmp_path / "labels.jsonl").read_text(encoding="utf-8"))["label"] == 0
    assert main([*args, "duplicates", "--xlsx", str(tmp_path / "dups.xlsx")]) == 0
    sheet = load_workbook(tmp_path / "dups.xlsx")["疑似重复"]
    assert sheet.max_row == 1 + 2  # the rejected pair is left out
    assert main([*args, "projects", "--county", "浮山县", "--csv", str(tmp_path / "fushan.csv")]) == 0
    assert "中药材种植基地项目" in (tmp_path / "fushan.csv").read_text(encoding="utf-8-sig")


def test_chain_view_counts_a_merged_project_once(service: PlanAtlas) -> None:
    herbs = three_pairs(service)[2]  # the two 中药材 projects, both on the 种植基地 link

    def planting() -> list[str]:
        view = service.chain("chain:medicinal_tea")
        return [p.id for link in view.links if link.name == "种植基地" for p in link.projects]

    assert sorted(planting()) == sorted([herbs.a, herbs.b])
    service.review(herbs.a, herbs.b, "confirmed")
    record = service.merge([herbs.b, herbs.a])
    assert planting() == [herbs.b]
    service.unmerge(record.id)
    assert sorted(planting()) == sorted([herbs.a, herbs.b])


def test_every_write_endpoint_needs_the_token(service: PlanAtlas, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "unused", api_token=SecretStr(TOKEN))
    with TestClient(create_app(settings, service=service)) as client:
        paths = client.get("/openapi.json").json()["paths"]
        writes = [(method, path.replace("{merge_id}", "merge:x")) for path, ops in paths.items()
                  for method in ops if method != "get"]
        assert {p for _, p in writes} >= {"/api/reviews", "/api/merges", "/api/merges/merge:x"}
        for method, path in writes:
            assert client.request(method, path, json={}).status_code == 401, (method, path)
            wrong = client.request(method, path, json={}, headers={"Authorization": "Bearer wrong"})
            assert wrong.status_code == 401, (method, path)
