"""Parsers never crash on hostile input: every case ends in a result or a
clear error naming the file (property-based, with hypothesis)."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.factory import make_store
from ingest.pipeline import Ingestor
from ingest.structure import parse_structure

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
PUNCT = st.sampled_from(list("，。；、：（）()“”—-# \n\t1234567890一二三四五六七八九十"))
HEADINGS = st.sampled_from(["一、", "二、", "（一）", "(二)", "（十二）", "1.", "2．", "（1）", "(3)", "#", "##",
                            "#### ", "十、", "九十九、", "（", "）", "1、", "三、保障措施", "二、重点任务"])

_store_dir = tempfile.mkdtemp(prefix="planatlas-fuzz-")
_ingestor = Ingestor(make_store("sqlite", home=Path(_store_dir)))


def _ingest(name: str, data: bytes) -> None:
    """Ingest one file; it must end as ingested or failed-with-reason."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        result = _ingestor.ingest_file(path, force=True)
        assert result.status in ("ingested", "failed")
        if result.status == "failed":
            assert result.error and str(path) in result.error


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from([".md", ".txt", ".csv", ".json", ".jsonl", ".xlsx", ".docx"]))
def test_random_bytes_in_any_format(data: bytes, suffix: str) -> None:
    _ingest(f"random{suffix}", data)


@FUZZ
@given(st.lists(st.tuples(HEADINGS, st.text(alphabet=st.one_of(CJK, PUNCT), max_size=80)), max_size=40))
def test_deep_or_broken_heading_numbering(lines: list[tuple[str, str]]) -> None:
    text = "\n".join(h + body for h, body in lines)
    parsed = parse_structure(text)
    for section in parsed.all_sections():
        assert section.title_sentence.start <= section.title_sentence.end <= len(text)
        for s in section.sentences:
            assert 0 <= s.start < s.end <= len(text)
    _ingest("headings.md", text.encode("utf-8"))


@FUZZ
@given(st.text(alphabet=st.one_of(CJK, PUNCT), min_size=1, max_size=2000))
def test_random_chinese_text(text: str) -> None:
    _ingest("chinese.md", text.encode("utf-8"))
    _ingest("chinese-gbk.txt", text.encode("gb18030"))


@FUZZ
@given(st.sampled_from([",", ";", "\t", "|", "，", ":"]), st.booleans(),
       st.lists(st.lists(st.text(alphabet=st.one_of(CJK, PUNCT), max_size=30), min_size=1, max_size=8), max_size=20))
def test_csv_with_wrong_delimiters_and_boms(delimiter: str, bom: bool, rows: list[list[str]]) -> None:
    header = delimiter.join(["项目名称", "建设地点", "总投资（亿元）", "建设年限"])
    body = "\n".join(delimiter.join(r) for r in rows)
    data = (("\ufeff" if bom else "") + header + "\n" + body).encode("utf-8")
    _ingest("list.csv", data)


@FUZZ
@given(st.lists(st.one_of(st.none(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                          st.text(alphabet=st.one_of(CJK, PUNCT), max_size=200)), min_size=4, max_size=4),
       st.integers(min_value=0, max_value=32000), st.booleans())
def test_xlsx_huge_cells_formulas_and_merges(cells: list[object], huge: int, merge: bool) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["标题"])
    if merge:
        ws.merge_cells("A1:D1")
    ws.append(["项目名称", "所在县区", "总投资(万元)", "建设期"])
    ws.append(cells)
    ws.append(["洪洞县" + "测" * huge + "项目", "洪洞县", "=SUM(1,2)", "2023-2025"])
    ws.append(["=HYPERLINK(\"http://example.invalid\")", "=A1", 1, 2024])
    buffer = io.BytesIO()
    wb.save(buffer)
    _ingest("sheet.xlsx", buffer.getvalue())


@FUZZ
@given(st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30)),
                    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                    max_leaves=20))
def test_json_of_any_shape(value: object) -> None:
    _ingest("list.json", json.dumps(value, ensure_ascii=False).encode("utf-8"))
    _ingest("list.jsonl", "\n".join(json.dumps(v, ensure_ascii=False) for v in (value if isinstance(value, list) else [value])).encode("utf-8"))
