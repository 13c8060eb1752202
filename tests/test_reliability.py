"""Issue 17: one test per finding, each replaying the attack and asserting
the fixed behaviour (counts before and after, no traceback, bounded work)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from graph.store import GraphStore
from ingest.pipeline import Ingestor
from ontology import load_gazetteer
from search_api.core.config import load_scoring
from search_api.core.service import PlanAtlas
from tests.conftest import DOCS

HEADER = "项目名称,建设地点,建设内容及规模,总投资（亿元）\n"


def _service(store: GraphStore) -> PlanAtlas:
    return PlanAtlas(store, load_gazetteer(), embedding_model=None, scoring=load_scoring(None),
                     max_file_bytes=20 << 20)


def _names(store: GraphStore) -> list[str]:
    return sorted(str(n.props["name"]) for n in store.find_nodes("Project"))


# -- finding 1 and 11: document identity --------------------------------------------------

def test_same_named_files_in_different_folders_are_different_documents(store: GraphStore, tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    (corpus / "吉县").mkdir(parents=True)
    (corpus / "洪洞县").mkdir()
    (corpus / "吉县" / "清单.csv").write_text(HEADER + "吉县苹果冷链仓储项目,吉县,冷库1万吨,1\n"
                                              "吉县壶口旅游公路项目,吉县,公路20公里,2\n", encoding="utf-8")
    (corpus / "洪洞县" / "清单.csv").write_text(HEADER + "洪洞县大槐树文旅项目,洪洞县,游客中心,3\n", encoding="utf-8")
    (corpus / "清单.jsonl").write_text(json.dumps({"项目名称": "汾西县中药材加工项目", "县区": "汾西县"},
                                                 ensure_ascii=False) + "\n", encoding="utf-8")
    (corpus / "清单.csv").write_text(HEADER + "乡宁县煤层气利用项目,乡宁县,管网,1\n", encoding="utf-8")
    report = Ingestor(store).ingest([corpus])
    ids = sorted(f.doc_id or "" for f in report.files)
    assert [f.status for f in report.files] == ["ingested"] * 4
    assert len(set(ids)) == 4 and "doc:吉县/清单" in ids and "doc:洪洞县/清单" in ids
    assert any("already has document id" in w for f in report.files for w in f.warnings)  # 清单.csv vs 清单.jsonl
    assert len(_names(store)) == 5  # before the fix: 1 of 5


def test_api_upload_does_not_replace_another_files_facts(store: GraphStore, tmp_path: Path) -> None:
    corpus = tmp_path / "docs"
    shutil.copytree(DOCS, corpus)
    service = _service(store)
    service.ingest([corpus])
    before = len(_names(store))
    upload = tmp_path / "upload" / "projects-2023-county-reports.csv"
    upload.parent.mkdir()
    upload.write_text(HEADER + "吉县苹果冷链仓储项目,吉县,冷库1万吨,1\n", encoding="utf-8")
    result = service.ingest_upload(upload, upload.name)
    assert result.status == "ingested" and result.doc_id != "doc:projects-2023-county-reports"
    assert any("belongs to another file" in w for w in result.warnings)
    assert len(_names(store)) == before + 1  # before the fix: 235 → 135


def test_api_and_cli_give_one_file_one_id(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "清单 2023.csv"
    path.write_text(HEADER + "吉县苹果冷链仓储项目,吉县,冷库1万吨,1\n", encoding="utf-8")
    service = _service(store)
    cli = service.ingest([path]).files[0]
    api = service.ingest_upload(path, path.name)
    assert cli.doc_id == api.doc_id == "doc:清单-2023"
    assert [d.id for d in store.documents()].count("doc:清单-2023") == 1
    assert len(_names(store)) == 1
