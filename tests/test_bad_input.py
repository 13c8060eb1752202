"""Bad files get a clear error naming the file, and the store is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store import GraphStore
from ingest.pipeline import Ingestor
from tests.conftest import GUIDANCE


def _snapshot(store: GraphStore) -> tuple[object, ...]:
    counts = store.counts()
    docs = [(d.id, d.fingerprint) for d in store.documents()]
    return (counts.by_label, counts.by_type, docs)


@pytest.fixture
def loaded(store: GraphStore) -> Ingestor:
    ingestor = Ingestor(store)
    assert ingestor.ingest([GUIDANCE]).files[0].status == "ingested"
    return ingestor


def _fails(ingestor: Ingestor, path: Path, reason: str) -> None:
    before = _snapshot(ingestor.store)
    result = ingestor.ingest_file(path)
    assert result.status == "failed"
    assert str(path) in (result.error or "") and reason in (result.error or ""), result.error
    assert _snapshot(ingestor.store) == before


def test_empty_file(loaded: Ingestor, tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_bytes(b"")
    _fails(loaded, tmp_path / "empty.md", "empty")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n\t ")
    _fails(loaded, tmp_path / "blank.txt", "empty")


def test_binary_file(loaded: Ingestor, tmp_path: Path) -> None:
    path = tmp_path / "image.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    _fails(loaded, path, "binary")


def test_undecodable_bytes(loaded: Ingestor, tmp_path: Path) -> None:
    path = tmp_path / "garbled.txt"
    path.write_bytes(b"\xff\xfa\xfb" + b"\x81\xff\xfe\x80" * 50)
    _fails(loaded, path, "decode")


def test_unknown_extension(loaded: Ingestor, tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(b"%PDF-1.4 not really")
    _fails(loaded, path, "unsupported file type '.pdf'")


def test_fifty_megabyte_file(loaded: Ingestor, tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing 50 MB
    _fails(loaded, path, "over the 20 MB limit")


def test_broken_docx(loaded: Ingestor, tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this is no zip archive at all" * 10)
    _fails(loaded, path, "not a valid .docx")


def test_missing_file(loaded: Ingestor, tmp_path: Path) -> None:
    _fails(loaded, tmp_path / "nowhere.md", "cannot read")


def test_batch_goes_on_after_a_bad_file(store: GraphStore, tmp_path: Path) -> None:
    (tmp_path / "a-empty.md").write_bytes(b"")
    (tmp_path / "b-guidance.md").write_bytes(GUIDANCE.read_bytes())
    report = Ingestor(store).ingest([tmp_path])
    assert [f.status for f in report.files] == ["failed", "ingested"]
    assert len(store.find_nodes("Task")) == 10


def test_gbk_and_gb18030_text_is_detected(store: GraphStore, tmp_path: Path) -> None:
    for encoding in ("gbk", "gb18030"):
        path = tmp_path / f"guidance-{encoding}.txt"
        path.write_bytes(GUIDANCE.read_text(encoding="utf-8").encode(encoding))
        result = Ingestor(store).ingest_file(path)
        assert result.status == "ingested", result.error
        doc = store.get_node(result.doc_id or "")
        assert doc is not None and doc.props["encoding"] == "gb18030" and doc.props["title"].startswith("全市2023年")
    tasks = {t.props["doc"] for t in store.find_nodes("Task")}
    assert tasks == {"doc:guidance-gbk", "doc:guidance-gb18030"}


def test_docx_policy_text(store: GraphStore, tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    for line in GUIDANCE.read_text(encoding="utf-8").split("\n"):
        document.add_paragraph(line.lstrip("#").strip())
    path = tmp_path / "guidance.docx"
    document.save(str(path))
    result = Ingestor(store).ingest_file(path)
    assert result.status == "ingested", result.error
    assert result.by_label["Task"] == 10 and result.by_label["Measure"] == 3
    assert {p.props["name"] for p in store.find_nodes("Project")} >= {"吉县抽水蓄能电站项目"}


def test_hostile_strings_are_plain_text(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "hostile.md"
    path.write_text("# '}) DETACH DELETE n //\n一、'; DROP TABLE nodes; --\n（一）洪洞县<script>alert(1)</script>项目\n"
                    "谋划洪洞县、吉县等\"'; DROP TABLE edges;--项目。\n", encoding="utf-8")
    ingestor = Ingestor(store)
    before = store.counts()
    result = ingestor.ingest_file(path)
    assert result.status == "ingested", result.error
    after = store.counts()
    assert after.by_label["County"] == before.by_label["County"] == 34  # 17 home counties + 17 bordering
    assert store.get_node("section:hostile:1") is not None
