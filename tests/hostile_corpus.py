"""Writes the hostile-input corpus of issue 17 into a folder: zip and entity
bombs, deep JSON, lone surrogates, NUL bytes, repeated headings, rows and
sentences, same-named files in different folders, empty-county rows with
ordinary words, Traditional / full-width / zero-width names, Big5.

`python -m tests.hostile_corpus OUT` writes it; `build(OUT)` returns what each
file holds: its named rows (every one must be stored or reported by row) and
whether it must be refused as a whole (bombs and caps)."""

from __future__ import annotations

import io
import json
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

CSV_HEAD = "项目名称,建设地点,建设内容及规模,总投资（亿元）,责任单位\n"


@dataclass(frozen=True)
class Planted:
    """One file of the corpus: its named data rows and whether it must be refused."""

    rel: str
    named_rows: int
    refused: bool = False


def zip_with(base: bytes, member: str, content: bytes) -> bytes:
    """A copy of the zip container `base` (.docx/.xlsx) with `member` replaced by `content`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != member:
                dst.writestr(info, src.read(info))
        dst.writestr(member, content)
    return out.getvalue()


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


ENTITY_BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
               + b"".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "&lol;" * 10}">'.encode()
                          for i in range(10))
               + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
               b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")


def _jsonl(rows: list[dict[str, object]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def build(out: Path) -> list[Planted]:
    """Write the corpus under `out`; what each file holds."""
    files: dict[str, bytes] = {}
    planted: list[Planted] = []

    def put(rel: str, data: bytes, named_rows: int = 0, refused: bool = False) -> None:
        files[rel] = data
        planted.append(Planted(rel, named_rows, refused))

    # same-named files in different folders (finding 1)
    put("c/吉县/清单.csv", (CSV_HEAD + "吉县苹果冷链仓储项目,吉县,冷库1万吨,1,吉县农业农村局\n"
                            "吉县壶口旅游公路项目,吉县,公路20公里,2,吉县交通局\n").encode(), 2)
    put("c/洪洞县/清单.csv", (CSV_HEAD + "洪洞县大槐树文旅项目,洪洞县,游客中心,3,洪洞县文旅局\n").encode(), 1)
    put("c/清单.jsonl", _jsonl([{"项目名称": "汾西县中药材加工项目", "县区": "汾西县"}]).encode(), 1)
    # empty county cells, names starting with ordinary words (finding 2)
    ordinary = ["农贸市场改造提升项目", "老旧小区改造项目", "城区供水管网改造项目", "景区道路提升项目",
                "工业园区污水处理项目", "超市冷链配送项目", "矿区生态修复项目", "吉县城区停车场项目"]
    put("empty-county.csv", (CSV_HEAD + "".join(f"{n},,建设内容,1,吉县商务局\n" for n in ordinary)).encode(),
        len(ordinary))
    # same name at different sites, true repeats, repeated rows (finding 3, 6)
    put("sites.csv", (CSV_HEAD + "吉县光伏电站项目,吉县屯里镇,5万千瓦,3,吉县能源局\n"
                      "吉县光伏电站工程,吉县壶口镇,8万千瓦,5,吉县能源局\n"
                      "吉县光伏电站建设项目,吉县车城乡,2万千瓦,1.2,吉县能源局\n"
                      "吉县光伏电站建设项目,吉县车城乡,2万千瓦,1.2,吉县发改局\n").encode(), 4)
    put("repeated-rows.csv", (CSV_HEAD + "吉县苹果冷链仓储项目,吉县,冷库1万吨,1,吉县农业农村局\n" * 3000).encode(), 3000)
    # JSON: objects and lists in fields, NUL, lone surrogates, a bad JSONL line, deep nesting (findings 4, 5)
    put("objects.json", json.dumps([{"项目名称": "吉县苹果深加工项目", "县区": "吉县", "建设内容": {"线": 2}},
                                    {"项目名称": "吉县\u0000红枣加工项目", "县区": "吉县", "备注": ["一期"]}],
                                   ensure_ascii=False).encode(), 2)
    put("surrogate.json", '[{"项目名称": "吉县\\ud800冷链物流项目", "县区": "吉县"}]'.encode(), 1)
    put("bad-line.jsonl", ('{"项目名称": "乡宁县煤层气利用项目", "县区": "乡宁县"}\n{"项目名称": \n'
                           + "[" * 50_000 + "\n"
                           + '{"项目名称": "乡宁县光伏治沙项目", "县区": "乡宁县"}\n').encode(), 4)
    put("deep.json", ("[" * 100_000 + "]" * 100_000).encode(), refused=True)
    # Traditional, full-width, zero-width names; Big5 (finding 10)
    put("variants.jsonl", _jsonl([{"项目名称": "吉縣蘋果冷鏈物流園項目", "縣區": "吉縣"},
                                  {"项目名称": "吉县\u200b二〇二三年ＡＢＣ智慧农业项目", "县区": "吉\u200b县"},
                                  {"项目名称": "\u3000吉县 壶口 文旅综合体项目\u3000", "县区": " 吉 县 "}]).encode(), 3)
    put("big5.csv", "項目名稱,縣區,建設內容\n吉縣蘋果冷鏈倉儲二期項目,吉縣,冷庫1萬噸\n".encode("big5"), 1)
    # policy texts: late NUL bytes, a repeated project sentence, a repeated heading (findings 4, 6)
    put("late-nul.md", ("# 通知\n\n" + "吉县推进苹果产业发展。\n" * 7000).encode() + b"\x00\x00" + "吉县建设冷链。".encode())
    put("repeated-sentence.md", ("# 通知\n\n" + "建设吉县苹果冷链仓储项目，总投资1亿元。" * 3000).encode())
    put("repeated-heading.md", ("## 一、重复标题\n\n" * 20_000).encode(), refused=True)
    # containers: malformed, zip bombs, entity bomb (findings 5, 6)
    good_docx = _docx("吉县推进苹果产业发展，建设吉县苹果冷链仓储项目。")
    put("docx/a-malformed.docx", b"PK\x03\x04" + b"\x00" * 300, refused=True)
    put("docx/b-entity-bomb.docx", zip_with(good_docx, "word/document.xml", ENTITY_BOMB), refused=True)
    put("docx/c-zip-bomb.docx", zip_with(good_docx, "word/media/zeros.bin", b"\x00" * (64 << 20)), refused=True)
    put("docx/d-good.docx", good_docx)
    plain_xlsx = _xlsx([["项目名称", "县区"], ["吉县苹果冷链仓储三期项目", "吉县"]])
    put("xlsx/bomb.xlsx", zip_with(plain_xlsx, "xl/worksheets/sheet1.xml", b" " * (300 << 20)), refused=True)
    put("xlsx/good.xlsx", plain_xlsx, 1)
    for rel, data in files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    return planted


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for item in build(target):
        sys.stdout.write(f"{item.rel}\t{item.named_rows} named rows\t{'refused' if item.refused else ''}\n")
