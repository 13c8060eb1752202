"""Re-ingesting changes nothing; a changed file replaces its own facts only."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from graph.store import GraphStore
from ingest import pipeline
from ingest.pipeline import Ingestor
from tests.conftest import GUIDANCE


def test_same_file_twice_leaves_identical_counts(store: GraphStore) -> None:
    ingestor = Ingestor(store)
    ingestor.ingest([GUIDANCE])
    first = store.counts()
    assert ingestor.ingest([GUIDANCE]).files[0].status == "unchanged"
    forced = ingestor.ingest([GUIDANCE], force=True).files[0]
    assert forced.status == "ingested"
    assert store.counts() == first


def test_changed_file_replaces_its_facts(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "guidance.md"
    path.write_text(GUIDANCE.read_text(encoding="utf-8"), encoding="utf-8")
    other = tmp_path / "other.md"
    other.write_text("# 另一份文件\n一、重点任务\n（一）抓能源\n谋划洪洞县抽水蓄能电站项目。\n", encoding="utf-8")
    ingestor = Ingestor(store)
    ingestor.ingest([path, other])
    assert len(store.find_nodes("Task")) == 11
    shared = store.get_node("project:141024:抽水蓄能电站")
    assert shared is not None and {p.doc for p in shared.provenance} == {"doc:guidance", "doc:other"}
    text = GUIDANCE.read_text(encoding="utf-8").replace("洪洞县、安泽县、吉县等抽水蓄能电站项目", "安泽县等抽水蓄能电站项目")
    path.write_text(text, encoding="utf-8")
    assert ingestor.ingest_file(path).status == "ingested"
    assert store.get_node("project:141028:抽水蓄能电站") is None  # 吉县's was only in the old text
    shared = store.get_node("project:141024:抽水蓄能电站")
    assert shared is not None and {p.doc for p in shared.provenance} == {"doc:other"}
    assert len(store.find_nodes("Task")) == 11
    assert len([c for c in store.find_nodes("County") if c.props.get("home")]) == 17


def test_switching_ner_re_extracts_a_text(store: GraphStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """PLANATLAS_NER is part of a document's fingerprint: a text read with the model off is
    re-read when it is turned on (its enterprises differ), and unchanged while it stays on."""
    path = tmp_path / "news.md"
    # no "等企业" after the names: the rules read such a list as companies without the model
    path.write_text("# 签约\n吸引到阿里巴巴、腾讯、京东的代表参加,恒远科技塑胶制品生产线项目正式动工。\n", encoding="utf-8")
    monkeypatch.setenv("PLANATLAS_NER", "off")
    ingestor = Ingestor(store)
    assert ingestor.ingest_file(path).status == "ingested"
    without = {n.props["name"] for n in store.find_nodes("Enterprise")}
    monkeypatch.setenv("PLANATLAS_NER", "on")
    assert ingestor.ingest_file(path).status == "ingested"
    with_model = {n.props["name"] for n in store.find_nodes("Enterprise")}
    assert {"阿里巴巴", "腾讯"} <= with_model and not {"阿里巴巴", "腾讯"} & without
    assert ingestor.ingest_file(path).status == "unchanged"


def test_a_changed_extractor_re_reads_a_file(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """The extractor's version is part of a document's fingerprint: after an upgrade that changes it, a file
    stored by the old extractor is read again instead of skipped, and is unchanged after that."""
    ingestor = Ingestor(store)
    ingestor.ingest([GUIDANCE])
    assert ingestor.ingest([GUIDANCE]).files[0].status == "unchanged"
    monkeypatch.setattr(pipeline, "extractor_version", lambda: "an upgraded extractor")
    assert ingestor.ingest([GUIDANCE]).files[0].status == "ingested"
    assert ingestor.ingest([GUIDANCE]).files[0].status == "unchanged"


def test_the_extractor_version_follows_its_code_and_models(tmp_path: Path) -> None:
    """The version hashes the files extraction reads (its rules and the shipped models), so editing a rule
    module or retraining a model changes it without anyone bumping a number."""
    assert {"project_phrases.py", "project_judge.json", "project_spans.crfsuite"} <= {
        p.name for folder in pipeline.EXTRACTION_SOURCES for p in folder.iterdir()}
    rules = tmp_path / "rules.py"
    rules.write_text("HEADS = ('水库',)\n", encoding="utf-8")
    before = pipeline.fingerprint_of([tmp_path])
    assert pipeline.fingerprint_of([tmp_path]) == before
    rules.write_text("HEADS = ('水库', '机场')\n", encoding="utf-8")
    assert pipeline.fingerprint_of([tmp_path]) != before
    assert pipeline.extractor_version() == pipeline.fingerprint_of(pipeline.EXTRACTION_SOURCES)


def test_ingest_pauses_the_collector_only_while_it_works(store: GraphStore, tmp_path: Path) -> None:
    """The cyclic collector is off while a document is built and written (it cost a fifth of a
    large list's ingest), back on after, also when the file fails, and left off if it was off."""
    seen: list[bool] = []
    ingestor = Ingestor(store)
    write = store.replace_document

    def spying(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return write(*args, **kwargs)  # type: ignore[arg-type]

    store.replace_document = spying  # type: ignore[method-assign]
    assert ingestor.ingest([GUIDANCE]).files[0].status == "ingested"
    assert seen == [False] and gc.isenabled()
    bad = tmp_path / "bad.csv"
    bad.write_text("没有项目名称这一列\n1\n", encoding="utf-8")
    assert ingestor.ingest([bad]).files[0].status == "failed"
    assert gc.isenabled()
    gc.disable()
    try:
        ingestor.ingest([GUIDANCE], force=True)
        assert not gc.isenabled()
    finally:
        gc.enable()
