"""Parses the heading hierarchy of Chinese official documents.

Real documents mix Markdown marks (`##`, `####`) with numbering (一、 / （一） /
(一) / 1. / （1）) and the two disagree, so levels come from the numbering
style alone. Paragraphs split by page breaks are rejoined, keeping a map from
every character back to its offset in the decoded file (provenance spans)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace

from pydantic import BaseModel, Field

from ingest.fields import TITLE_HEADERS, header_field, profile_line
from ingest.values import unit_in

CN_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "一二三四五六七八九十百零"
HEADING_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^([{_CN}]+)\s*[、．.]\s*(.*)$")),
    (2, re.compile(rf"^[（(]\s*([{_CN}]+)\s*[)）]\s*(.*)$")),
    (3, re.compile(r"^(\d{1,2})\s*[.．、](?!\d)\s*(.*)$")),
    (4, re.compile(r"^[（(]\s*(\d{1,2})\s*[)）]\s*(.*)$")),
]
_MD_MARK = re.compile(r"^(#{1,6})\s*")
_SENTENCE_END = "。！？；!?;"
_PARA_END = _SENTENCE_END + "：:…”’」』）)】"
MAX_TITLE = 40


def cn_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23; Arabic digits pass through."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(units, 0) if units else 0)
    return CN_DIGITS.get(text, 0)


@dataclass
class MappedText:
    """A string plus, for each character, its offset in the source text."""

    text: str
    offsets: list[int] = field(default_factory=list)

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets[start], self.offsets[end - 1] + 1

    def slice(self, start: int, end: int) -> MappedText:
        return MappedText(self.text[start:end], self.offsets[start:end])

    def __add__(self, other: MappedText) -> MappedText:
        return MappedText(self.text + other.text, self.offsets + other.offsets)


class Sentence(BaseModel):
    """A sentence with its span in the source; `offsets` maps each character
    back to the source, since a rejoined sentence spans a page break."""

    text: str
    start: int
    end: int
    offsets: list[int] = Field(default_factory=list, exclude=True, repr=False)
    row: bool = False  # a row of a table pasted as text, its number cut off (see _numbered_rows)
    # the name cell of a table with a header pasted as text (see _headed_tables): one work, taken whole, and the row's
    # other cells by field (owner, county, investment…) as its profile
    named: bool = False
    profile: dict[str, str] = Field(default_factory=dict)
    column: str | None = None  # a table's other cell: its column's field ("owner", "county", "content"…, "other")

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets[start], self.offsets[end - 1] + 1


class Section(BaseModel):
    """A numbered (or Markdown) heading with its own sentences and children."""

    path: str
    level: int
    ordinal: str
    number: int
    title: str
    title_sentence: Sentence
    sentences: list[Sentence] = Field(default_factory=list)
    children: list[Section] = Field(default_factory=list)

    def walk(self) -> list[Section]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out

    def full_text(self) -> str:
        return "".join(s.text for s in self.sentences)


class ParsedText(BaseModel):
    title: str
    preamble: list[Sentence] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)

    def all_sections(self) -> list[Section]:
        return [s for top in self.sections for s in top.walk()]


@dataclass
class _Para:
    text: MappedText
    heading: tuple[int, str, str, bool] | None  # level, ordinal text, title, markdown-marked
    row: bool = False
    bulleted: bool = False  # opened with a bullet: a paragraph of its own (an item, or a subheading: ●乡村振兴领域)
    profile: dict[str, str] | None = None  # on a table's name cell: the row's other cells by field
    column: str | None = None  # on a table's other cells: the column's field ("other" for a column of none)

    @property
    def cell(self) -> bool:
        """A cell of a table with a header: never joined to the line before or after."""
        return self.profile is not None or self.column is not None


def _paragraphs(text: str) -> list[MappedText]:
    out: list[MappedText] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            start = pos + lead
            out.append(MappedText(stripped, list(range(start, start + len(stripped)))))
        pos += len(line) + 1
    return out


def _classify(para: MappedText) -> list[_Para]:
    """A paragraph as a heading, a body, or an inline heading plus its body."""
    md = _MD_MARK.match(para.text)
    body = para.slice(md.end(), len(para.text)) if md else para
    if not body.text.strip():
        return []  # a bare "#" line
    for level, pattern in HEADING_PATTERNS:
        m = pattern.match(body.text)
        if not m:
            continue
        ordinal, rest = m.group(1), m.group(2)
        rest_start = m.start(2)
        if len(rest) <= MAX_TITLE and not rest.endswith("。"):
            return [_Para(body, (level, ordinal, rest, bool(md)))]
        stop = rest.find("。")
        if 0 < stop <= MAX_TITLE:
            title_para = body.slice(0, rest_start + stop + 1)
            tail = body.slice(rest_start + stop + 1, len(body.text))
            out = [_Para(title_para, (level, ordinal, rest[:stop], bool(md)))]
            if tail.text.strip():
                out.append(_Para(tail, None))
            return out
        break
    if md:
        return [_Para(body, (0, "", body.text, True))]
    return [_Para(body, None)]


# A line ending in a name's end, followed by a line that starts a new item,
# is one entry of a list (a list of names, one a line), not a wrapped sentence.
_LIST_LINE_END = re.compile(r"(?:项目|工程|名单|清单)$")
_CONTINUES = "，,、。；;：:)）的和及与等建"
# a line holding only an item's number ("二", "3.", "(四)") marks the next line's item; joined to it, the number
# would open the item's name (二河南中联天盛…项目)
_NUMBER_LINE = re.compile(r"^\s*[（(]?(?:[一二三四五六七八九十百]+|\d+)[)）、.．]?\s*$")


# A table pasted as text keeps a row a line, each opening with its number and no stop after it
# ("1 上海光源二期 在建", "12CR929宽体客机研发保障建设项目在建"): lines whose opening numbers count up one by
# one are rows, headings between them allowed ("(二)先进制造业"). Not a year, a date, an amount or a decimal.
_ROW_NUMBER = re.compile(r"^(\d{1,3})(?![\d.．、,，:：%年月日号])\s*")
MIN_ROWS = 3


def _numbered_rows(paras: list[_Para]) -> list[_Para]:
    """The paragraphs, with the rows of a pasted table marked and their numbers cut off."""
    runs: list[list[tuple[int, re.Match[str]]]] = [[]]
    expected = None
    for i, para in enumerate(paras):
        if para.heading is not None:
            continue
        m = _ROW_NUMBER.match(para.text.text)
        number = int(m.group(1)) if m and m.end() < len(para.text.text) else None
        if number is None or number != expected:
            runs.append([])
        if m is not None and number is not None:
            runs[-1].append((i, m))
        expected = number + 1 if number is not None else None
    for run in runs:
        if len(run) >= MIN_ROWS:
            for i, m in run:
                paras[i] = _Para(paras[i].text.slice(m.end(), len(paras[i].text.text)), None, row=True)
    return paras


# Round 44b: a table with a header row pasted as text — cells joined by bars ("序号 | 项 目 名 称 |" then "1 | 海城市…
# 建设项目 |") or one cell a line after a run of header lines ("序号", "工程名称", "建设地点", "建设内容", then "1",
# "湖南长沙望城区靖港110kV变电站2号主变改造工程", "长沙", "望城区", "本工程对…") — as environmental-impact notices
# and approval lists print them. Its name column names one work a row, taken whole as a list file's row is, and the
# row's other cells are that work's profile (建设单位 its owner, 建设地点 its place, 总投资 its amount); no cell runs
# into the next (joined, "…63MVA" + "2" + the next row's name made one name). A header must name the name column and
# one other field; a table one cell a line must open with its 序号 column and number its rows 1, 2, 3….
_BAR = re.compile(r"\s*[|｜]\s*")
# an approval list's title column, which names each work inside its approval's title: the work is what the title is
# about ("鄂尔多斯市生态环境局关于内蒙古坤能…项目环境影响报告表的批复" → 内蒙古坤能…项目; a title cut before its 的批复
# too); a 项目名称 column beside it names the work itself and is read instead
_APPROVAL_TITLE = re.compile(r"关于(.+?)\s*(?:环境影响(?:报告[表书]|登记表|评价文件))?"
                             r"(?:的?(?:审批意见|批复|审批决定|审查意见))?$")
MIN_HEADER_CELLS = 2
MAX_HEADER_CHARS = 12


def _bar_cells(text: MappedText) -> list[MappedText]:
    """A line's cells between bars, the empty ones at its two ends left out."""
    cells, start = [], 0
    for m in _BAR.finditer(text.text):
        cells.append(text.slice(start, m.start()))
        start = m.end()
    cells.append(text.slice(start, len(text.text)))
    while cells and not cells[-1].text:
        cells.pop()
    while cells and not cells[0].text:
        cells.pop(0)
    return cells


def _field(cell: str) -> str | None:
    """A header cell's field; an approval's title column (批复名称: "…关于X项目环境影响报告表的批复") is `title`."""
    field = header_field(cell) if len(cell) <= MAX_HEADER_CHARS else None
    return field or ("title" if cell.replace(" ", "") in TITLE_HEADERS else None)


def _header(cells: list[str]) -> list[str | None] | None:
    """The field of each header cell, when the cells are a table's header (a name or title column and another)."""
    fields = [_field(c) for c in cells]
    known = [f for f in fields if f is not None]
    return fields if len(known) >= MIN_HEADER_CELLS and ("name" in known or "title" in known) else None


def _named_by(fields: list[str | None]) -> str:
    return "name" if "name" in fields else "title"


# an amount cell holds the figure alone, its unit in the header (投资规模(万元)) or in a line over the table (单位:万元)
_BARE_FIGURE = re.compile(r"\d+(?:\.\d+)?")
_TABLE_UNIT = re.compile(r"单位\s*[:：]\s*(万元|亿元)[)）]?$")
UNIT_LINES_BEFORE = 3  # lines over a header that may give its table's unit


def _table_unit(paras: list[_Para], i: int, header: list[str], fields: list[str | None]) -> str | None:
    """The unit of the amount column of the table whose header paras[i] opens: its header cell's, else a line's
    just over the header."""
    given = next((unit_in(c) for c, f in zip(header, fields, strict=False) if f == "investment" and unit_in(c)), None)
    over = (_TABLE_UNIT.search(p.text.text) for p in paras[max(0, i - UNIT_LINES_BEFORE) : i])
    return given or next((m.group(1) for m in over if m is not None), None)


def _row_paras(fields: list[str | None], cells: list[MappedText], unit: str | None = None) -> list[_Para]:
    """One row's paragraphs: its name cell with the others as its profile, then the other cells standing alone;
    `unit`: the unit of the table's amount column, which a bare figure in it is written in."""
    named_by = _named_by(fields)
    profile = {f: c.text + (unit if f == "investment" and unit and _BARE_FIGURE.fullmatch(c.text) else "")
               for f, c in zip(fields, cells, strict=False) if f not in (None, "name", "title", "seq") and c.text}
    out = []
    for n, c in enumerate(cells):
        f = fields[n] if n < len(fields) else None
        if f == named_by and c.text:
            title = _APPROVAL_TITLE.search(c.text) if f == "title" else None
            out.append(_Para(c.slice(title.start(1), title.end(1)) if title else c, None, profile=profile))
        elif f != "seq" and c.text:
            out.append(_Para(c, None, column=f or "other"))
    return out


def _under_merged_cells(fields: list[str | None], cells: list[MappedText]) -> list[MappedText]:
    """A row that opens with its number where the 序号 column is not the first: the cells before it were merged
    with the row above's (县市区 | 序号 | 项目名称…, then "2 | 2024年鹿城区山福镇…项目 | 0.1541 |": the county cell
    spans the group's rows) and are left empty, so its cells stand under their own headers."""
    seq = fields.index("seq") if "seq" in fields else 0
    if seq and cells and cells[0].text.isdigit() and not (len(cells) > seq and cells[seq].text.isdigit()):
        return [MappedText("", [])] * seq + cells
    return cells


def _line_cell(para: _Para) -> MappedText | None:
    """A line's one cell (a line of a table one cell a line may end with a bar: "序号 |"), None for a heading or a
    line of several cells."""
    ends_cell = para.text.text.endswith(("|", "｜"))  # "1、新村巷道绿化;2、… |": a cell, though it opens as a heading
    cells = _bar_cells(para.text) if para.heading is None or ends_cell else []
    return cells[0] if len(cells) == 1 else None


def _headed_tables(paras: list[_Para]) -> list[_Para]:
    """The paragraphs, with each table with a header read into its rows (see above)."""
    out: list[_Para] = []
    i = 0
    while i < len(paras):
        para = paras[i]
        cells = _bar_cells(para.text) if para.heading is None and _BAR.search(para.text.text) else []
        fields = _header([c.text for c in cells]) if len(cells) > 1 else None
        if fields is not None:
            unit = _table_unit(paras, i, [c.text for c in cells], fields)
            rows: list[list[MappedText]] = []
            i += 1
            while i < len(paras) and paras[i].heading is None and _BAR.search(paras[i].text.text):
                cells = _bar_cells(paras[i].text)
                # a row the page broke over lines goes on in a line that opens with no row number
                if rows and fields[0] == "seq" and cells and not cells[0].text.isdigit():
                    rows[-1] += cells
                else:
                    rows.append(_under_merged_cells(fields, cells))
                i += 1
            out += [p for row in rows for p in _row_paras(fields, row, unit)]
            continue
        spaced = _spaced_table(paras, i)
        if spaced is not None:
            out += spaced[0]
            i = spaced[1]
            continue
        # one cell a line: the header is the short lines from 序号 to the first row's number (审批文号, 发文时间…: a
        # column of no field is read by none)
        run = list(itertools.takewhile(lambda c: 0 < len(c) <= MAX_HEADER_CHARS and c != "1",
                                       (_cell_text(p) or "" for p in itertools.islice(paras, i, None))))
        fields = _header(run) if len(run) > MIN_HEADER_CELLS and _field(run[0]) == "seq" else None
        rows_follow = i + len(run) < len(paras) and _cell_text(paras[i + len(run)]) == "1"
        if fields is None or not rows_follow:
            out.append(para)
            i += 1
            continue
        unit = _table_unit(paras, i, run, fields)
        i += len(run)
        number = 1
        while i < len(paras) and _cell_text(paras[i]) == str(number):
            row = _numbered_row(paras, i, number, len(fields))
            if row is None:
                break
            # a column may take two lines (建设地点: "长沙", "望城区"): then the name cell alone is read by its column
            out += _row_paras(fields if len(row) == len(fields) else fields[: fields.index(_named_by(fields)) + 1],
                              row, unit)
            i += len(row)
            number += 1
    return out


# Round 45: a table whose cells a space parts, its header a line from 序号 ("序号 文件名称 文号 发文时间", then "1
# 关于平江县月池塘安居小区建设项目的审批意见 平环批字[2017]10658号 2017/11/15"; "序号 项 目 名 称 备注" spaces a header
# word's characters too). A row is a line its number opens, counting up from 1; a row with more pieces than columns
# has spaces in its name cell, which takes the pieces between its neighbours' cells; one with fewer has its last
# cells empty (备注). Short lines between rows (一 科技产业类 59项) stay as they are.
_WORD = re.compile(r"\S+")
_SPACED_ROW = re.compile(r"^(\d{1,3})\s+\S")
MAX_SECTION_LINE = 20  # characters of a line between rows that the table goes on past (a group's title)


def _spaced_header(text: str) -> tuple[list[str], list[str | None]] | None:
    """The words and fields of a spaced header line opening with 序号, a run of one-character words joined into one
    (项 目 名 称)."""
    words: list[str] = []
    for single, run in itertools.groupby(text.split(), key=lambda w: len(w) == 1):
        pieces = list(run)
        words += ["".join(pieces)] if single else pieces
    fields = _header(words) if len(words) > MIN_HEADER_CELLS and _field(words[0]) == "seq" else None
    return (words, fields) if fields is not None else None


def _spaced_cells(row: MappedText, fields: list[str | None]) -> list[MappedText] | None:
    """A spaced row's cells by column (see above), None when it has no name cell."""
    spans = [m.span() for m in _WORD.finditer(row.text)]
    pieces = [row.slice(a, b) for a, b in spans]
    named = fields.index(_named_by(fields))
    if len(pieces) <= named:
        return None
    if len(pieces) <= len(fields):
        return pieces
    end = len(pieces) - (len(fields) - named - 1)  # the pieces from `end` on are the cells right of the name's
    return [*pieces[:named], row.slice(spans[named][0], spans[end - 1][1]), *pieces[end:]]


def _spaced_table(paras: list[_Para], i: int) -> tuple[list[_Para], int] | None:
    """The paragraphs a spaced table from paras[i] (its header) reads into, and the index after it; None when
    paras[i] opens none."""
    para = paras[i]
    header = _spaced_header(para.text.text) if para.heading is None and " " in para.text.text else None
    if header is None:
        return None
    fields = header[1]
    unit = _table_unit(paras, i, *header)
    out: list[_Para] = []
    number, j = 1, i + 1
    while j < len(paras):
        text = paras[j].text.text
        m = _SPACED_ROW.match(text) if paras[j].heading is None else None
        if m is not None and int(m.group(1)) == number:
            cells = _spaced_cells(paras[j].text, fields)
            if cells is None:
                break
            out += _row_paras(fields, cells, unit)
            number += 1
        elif m is not None or len(text) > MAX_SECTION_LINE or _CLAUSE_MARKS.search(text):
            break
        else:
            out.append(paras[j])
        j += 1
    return (out, j) if number > MIN_ROWS else None


def _cell_text(para: _Para) -> str | None:
    cell = _line_cell(para)
    return cell.text if cell is not None else None


def _numbered_row(paras: list[_Para], i: int, number: int, columns: int) -> list[MappedText] | None:
    """The cells of the row that paras[i] numbers: its lines up to the next row's number, or its column count for
    the last row; None when a heading or a line of several cells falls inside it."""
    end = min(len(paras), i + 2 * columns)
    following = next((j for j in range(i + 1, end) if _cell_text(paras[j]) == str(number + 1)), None)
    cells = [_line_cell(p) for p in paras[i : following if following is not None else i + columns]]
    return None if len(cells) < columns or any(c is None for c in cells) else [c for c in cells if c is not None]


# a photo caption ends with its byline, no stop after it ("…开工活动现场。新甘肃·甘肃日报记者 王虎"): the next
# line starts a paragraph of its own, not the caption's sentence run on
_BYLINE = re.compile(r"(?:记者|通讯员|摄影|摄|供图|供稿)\s*[\u4e00-\u9fff]{0,4}(?:\s+[\u4e00-\u9fff]{2,4})*$")


_LIST_OPENS = ":："
_WRAPPED = "，,、的和及与等"  # a line ending so goes on in the next, list or not
_SENTENCE_ENDS = "。！？!?"
MAX_LIST_LINE = 40  # characters of one item of a list written a line each
# A short line with no stop or comma in it, before a line that is a whole sentence, is a subheading or a
# caption ("这里产业“新”潮澎湃" above "美霖光伏…项目成功落户、…。"), not the start of that sentence cut by a
# page break: joined, it ran into the first name of the sentence
MAX_HEADLINE = 24
_CLAUSE_MARKS = re.compile(r"[，,、；;：:。！？!?]")


def _headline(line: str, after: str) -> bool:
    return len(line) <= MAX_HEADLINE and not _CLAUSE_MARKS.search(line) and after[-1] in _SENTENCE_ENDS


def _rejoin(paras: list[_Para]) -> list[_Para]:
    """Join body paragraphs that a page break cut mid-sentence (not list lines). Short lines after a line
    ending in a colon ("各分会场开工项目如下:") are a list, one item a line, until a line ends a sentence."""
    out: list[_Para] = []
    listing = False
    for para in paras:
        prev = out[-1] if out else None
        line = para.text.text
        listing = ((listing or (prev is not None and prev.text.text[-1] in _LIST_OPENS)) and len(line) <= MAX_LIST_LINE
                   and prev is not None and prev.text.text[-1] not in _WRAPPED)
        if (prev is not None and prev.heading is None and para.heading is None and not listing
                and not prev.row and not para.row and not para.bulleted and not prev.cell and not para.cell
                and not _BYLINE.search(prev.text.text)
                and prev.text.text[-1] not in _PARA_END and not _NUMBER_LINE.match(prev.text.text)
                and not (_LIST_LINE_END.search(prev.text.text) and line[0] not in _CONTINUES)
                and not profile_line(line) and not profile_line(prev.text.text)  # a profile's field lines
                and not _headline(prev.text.text, line)):
            prev.text = prev.text + para.text
            continue
        out.append(para)
        listing = listing and line[-1] not in _SENTENCE_ENDS
    return out


def _whole(cell: MappedText, profile: dict[str, str]) -> Sentence:
    start, end = cell.span(0, len(cell.text))
    return Sentence(text=cell.text, start=start, end=end, offsets=cell.offsets, named=True, profile=profile)


def split_sentences(mapped: MappedText) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = 0
    text = mapped.text
    for i, ch in enumerate(text):
        closing = i + 1 < len(text) and text[i + 1] in "”’」』"
        if ch in _SENTENCE_END and not closing or (ch in "”’」』" and i > 0 and text[i - 1] in _SENTENCE_END):
            if text[start : i + 1].strip():
                s, e = mapped.span(start, i + 1)
                sentences.append(Sentence(text=text[start : i + 1], start=s, end=e,
                                          offsets=mapped.offsets[start : i + 1]))
            start = i + 1
    if text[start:].strip():
        s, e = mapped.span(start, len(text))
        sentences.append(Sentence(text=text[start:], start=s, end=e, offsets=mapped.offsets[start:]))
    return sentences


# Round 36: a line opening with a bullet (◆绵阳京东方OLED模组项目, ■“十四五”期间…) starts a paragraph: not the rest of
# the line before it (two names of a list ran into one) and its bullet no part of its first name. Not a row: bullets
# also mark subheadings and whole sentences.
_BULLET = re.compile(r"^[◆◇●○■□▲△★☆◎•·►▶※]+\s*(?=\S)")


def _bulleted(paras: list[_Para]) -> list[_Para]:
    """The paragraphs, with the bulleted ones marked and their bullets cut off."""
    out = []
    for para in paras:
        bullet = _BULLET.match(para.text.text) if para.heading is None else None
        # (a table's cell keeps its profile or column: "★鲤城区高新区科创中心", a pilot marked in its name cell)
        out.append(replace(para, text=para.text.slice(bullet.end(), len(para.text.text)), bulleted=True)
                   if bullet else para)
    return out


def parse_structure(text: str) -> ParsedText:
    paras = _rejoin(_bulleted(_numbered_rows(_headed_tables([p for raw in _paragraphs(text) for p in _classify(raw)]))))
    title = ""
    preamble: list[Sentence] = []
    roots: list[Section] = []
    stack: list[Section] = []
    counters: dict[str, int] = {}
    for para in paras:
        if para.heading is None:
            sentences = split_sentences(para.text)
            for sentence in sentences:
                sentence.row, sentence.column = para.row, para.column
            if para.profile is not None and sentences:  # a table's name cell is one work, its sentence the cell
                sentences = [_whole(para.text, para.profile)]
            (stack[-1].sentences if stack else preamble).extend(sentences)
            continue
        level, ordinal, heading_title, _ = para.heading
        if level == 0 and not title and not roots:
            title = heading_title.replace(" ", "")
            continue
        if level == 0:
            level = stack[-1].level + 1 if stack else 1
        while stack and stack[-1].level >= level:
            stack.pop()
        parent_path = stack[-1].path if stack else ""
        index = counters.get(parent_path, 0) + 1
        counters[parent_path] = index
        start, end = para.text.span(0, len(para.text.text))
        title_sentence = Sentence(text=para.text.text, start=start, end=end, offsets=para.text.offsets)
        section = Section(path=f"{parent_path}.{index}" if parent_path else str(index), level=level,
                          ordinal=para.text.text[: len(para.text.text) - len(heading_title)].strip(),
                          number=cn_number(ordinal) if ordinal else index, title=heading_title.strip(),
                          title_sentence=title_sentence)
        (stack[-1].children if stack else roots).append(section)
        stack.append(section)
    if not title:
        first = next((s.text for s in preamble), "")
        title = first[:MAX_TITLE]
    return ParsedText(title=title, preamble=preamble, sections=roots)
