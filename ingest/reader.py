"""Reads a file into text, refusing what is not a document: empty, binary,
oversize, undecodable or of an unknown kind. Every refusal names the file."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from ontology import InputError

TEXT_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".docx": "docx"}
TABLE_SUFFIXES = {".csv": "csv", ".xlsx": "xlsx", ".json": "json", ".jsonl": "jsonl"}
SUPPORTED = {**TEXT_SUFFIXES, **TABLE_SUFFIXES}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Zip containers (.docx, .xlsx) are checked from their directory before any
# member is inflated: a member may not claim more than this, nor all together,
# nor inflate more than MAX_ZIP_RATIO times (a 1 MB bomb once took 2.2 GB).
MAX_ZIP_MEMBER_BYTES = 64 * 1024 * 1024
MAX_ZIP_TOTAL_BYTES = 128 * 1024 * 1024
MAX_ZIP_RATIO = 200
MAX_ZIP_MEMBERS = 10_000
_ENCODINGS = ("utf-8-sig", "gb18030", "big5")


@dataclass(frozen=True)
class RawFile:
    """A file's bytes with what we know of it before parsing."""

    path: Path
    kind: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> RawFile:
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        raise InputError(str(path), f"unsupported file type {path.suffix or '(none)'!r}; "
                         f"supported: {', '.join(sorted(SUPPORTED))}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(str(path), f"file is {size / 1048576:.1f} MB, over the "
                             f"{max_bytes / 1048576:.0f} MB limit (PLANATLAS_MAX_FILE_MB)")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise InputError(str(path), "file is empty")
    return RawFile(path=path, kind=kind, data=data)


def decode_text(raw: RawFile) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK or Big5.

    Binary data and bytes no candidate decodes cleanly are refused rather than
    guessed at, since a wrong guess would fill the graph with mojibake."""
    data = raw.data
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _checked(raw, data.decode("utf-16"), "utf-16")
    if b"\x00" in data[:65536]:
        raise InputError(str(raw.path), "binary file (contains NUL bytes), not text")
    try:
        return _checked(raw, data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    # GB18030 decodes almost any bytes, Big5 text included (as rare characters
    # and control codes): of the legacy encodings that decode, the one leaving
    # the fewest odd characters wins, GB18030 on a tie.
    decoded = []
    for encoding in _ENCODINGS[1:]:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        decoded.append((_odd_count(text[:65536]), encoding, text))
    if not decoded:
        raise InputError(str(raw.path), "cannot decode: not UTF-8, GB18030/GBK or Big5 text")
    _, encoding, text = min(decoded, key=lambda d: (d[0], _ENCODINGS.index(d[1])))
    return _checked(raw, text, encoding)


def _odd_count(sample: str) -> int:
    """Control, private-use, surrogate and unassigned characters, plus the rare
    CJK of extension blocks that a wrong legacy decoding produces."""
    return sum(1 for ch in sample if (unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn") and ch not in "\r\n\t\f")
               or 0x3400 <= ord(ch) <= 0x4DBF or ord(ch) >= 0x20000 or 0xE000 <= ord(ch) <= 0xF8FF)


_LAYOUT_CHARS = str.maketrans("", "", "\r\n\t\f")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL (past the binary check) and lone surrogates
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_DIRTY = re.compile(f"[\x00\ud800-\udfff{_ZERO_WIDTH}]")  # anything clean_text changes


_ZERO_WIDTH_TABLE = {ord(c): None for c in _ZERO_WIDTH}


def clean_text(text: str) -> str:
    """Text safe to store and index: no NUL, no lone surrogate (from a JSON
    escape like "\\ud800", which no UTF-8 store can hold), no zero-width marks.
    Every table cell passes here, and nearly all are clean: one scan tells."""
    if not _DIRTY.search(text):
        return text
    text = _UNSTORABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", text)
    return text.translate(_ZERO_WIDTH_TABLE)


def _checked(raw: RawFile, text: str, encoding: str) -> tuple[str, str]:
    sample = text[:65536]
    # printable text has none of the odd categories: skip the per-character count
    printable = sample.translate(_LAYOUT_CHARS).isprintable()
    odd = 0 if printable else sum(
        1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn") and ch not in "\r\n\t\f")
    if sample and odd / len(sample) > 0.01:
        raise InputError(str(raw.path), f"does not look like text (decoded as {encoding}, "
                         f"{odd} control characters)")
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise InputError(str(raw.path), "file is empty")
    return text, encoding


def check_zip(raw: RawFile, what: str) -> None:
    """Refuse a zip container that would inflate beyond the limits, or whose
    XML declares a DTD or entities (the billion-laughs bomb), before a parser
    inflates anything. Sizes come from the zip directory; a member that lies
    about its size cannot yield more than it declared (zipfile stops there)."""
    path = str(raw.path)
    try:
        with zipfile.ZipFile(io.BytesIO(raw.data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise InputError(path, f"not a usable {what}: {len(members)} zip members")
            total = 0
            for info in members:
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > MAX_ZIP_MEMBER_BYTES or total > MAX_ZIP_TOTAL_BYTES or (
                        ratio > MAX_ZIP_RATIO and info.file_size > 1024 * 1024):
                    raise InputError(path, f"refused: zip member {info.filename!r} inflates to "
                                     f"{info.file_size / 1048576:.0f} MB ({ratio:.0f}× its packed size); "
                                     f"limits {MAX_ZIP_MEMBER_BYTES >> 20} MB per member, "
                                     f"{MAX_ZIP_TOTAL_BYTES >> 20} MB in all, {MAX_ZIP_RATIO}×")
            for info in members:
                if info.filename.endswith((".xml", ".rels")):
                    _check_xml(path, info.filename, archive.read(info))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise InputError(path, f"not a valid {what} ({exc})") from exc


def _check_xml(path: str, member: str, data: bytes) -> None:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise InputError(path, f"refused: {member} declares a DTD or entities ({type(exc).__name__})") from exc
    except ParseError as exc:
        raise InputError(path, f"{member} is not well-formed XML ({exc})") from exc


def docx_text(raw: RawFile) -> str:
    """Paragraph texts of a .docx (tables' cells too), one per line."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    check_zip(raw, ".docx file")
    try:
        document = Document(io.BytesIO(raw.data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, SyntaxError, AttributeError) as exc:
        raise InputError(str(raw.path), f"not a valid .docx file ({type(exc).__name__}: {exc})") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    text = clean_text("\n".join(lines))
    if not text.strip():
        raise InputError(str(raw.path), "document has no text")
    return text


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---[ \t]*(\n|\Z)", re.DOTALL)
FRONT_MATTER_MAX_CHARS = 8192  # a header longer than this is not a header
FRONT_MATTER_FIELDS = ("title", "source", "published")  # what a document keeps of its header


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """A Markdown file's YAML header (`---` … `---`, as site generators and saved web pages write
    it: title, source, published) and the text with the header blanked out, not cut: the same
    length, so every character span still points into the file as stored. A header YAML rejects
    but whose every line is `key: value` (a note with a colon in it, "来源:河北新闻网 作者:李巍")
    is still a header, read line by line: its words are no article text. Text with no header,
    or lines between `---` that are not such a header, comes back as it was."""
    match = _FRONT_MATTER.match(text[:FRONT_MATTER_MAX_CHARS])
    if match is None:
        return {}, text
    fields = _yaml_fields(match.group(1))
    if fields is None:
        fields = _line_fields(match.group(1))
    if fields is None:
        return {}, text
    blank = re.sub(r"[^\n]", " ", match.group(0))
    return fields, blank + text[match.end():]


def _yaml_fields(header: str) -> dict[str, str] | None:
    try:
        meta = yaml.safe_load(header)
    except yaml.YAMLError:
        return None
    if not isinstance(meta, dict):
        return None
    return {str(k): str(v).strip() for k, v in meta.items()
            if isinstance(v, str | int | float) or hasattr(v, "isoformat")}  # scalars and dates


_HEADER_LINE = re.compile(r"([A-Za-z_][\w-]*):(?:[ \t]+(.*))?")


def _line_fields(header: str) -> dict[str, str] | None:
    """`key: value` per line, the value as written (None unless every non-blank line is one)."""
    lines = [line for line in header.split("\n") if line.strip()]
    matches = [_HEADER_LINE.fullmatch(line.rstrip()) for line in lines]
    if not lines or any(m is None for m in matches):
        return None
    return {m.group(1): (m.group(2) or "").strip() for m in matches if m is not None}


def read_text(raw: RawFile) -> tuple[str, str]:
    """Text and its encoding (or 'docx') for a text-kind file."""
    if raw.kind == "docx":
        return docx_text(raw), "docx"
    return decode_text(raw)
