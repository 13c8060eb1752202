"""Project lists: CSV, XLSX, JSON and JSONL, with Chinese or English column
names. A bad row is reported with its file and row number and skipped (or
kept without the bad field); the good rows still go in."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graph.models import GraphBatch, Provenance
from ingest.enterprises import add_owners
from ingest.extract import Extractor
from ingest.fields import header_field
from ingest.places import Placement, path_statements, resolver_for
from ingest.projects import VALUE_FIELDS, VALUES_BY_ROW, ProjectRecord, add_project, project_id, project_text
from ingest.reader import RawFile, check_zip, clean_text, decode_text
from ingest.tasks import TaskIndex
from ingest.textnorm import normalise
from ingest.values import parse_investment, parse_years, unit_in
from ontology import Gazetteer, InputError

HEADER_SCAN_ROWS = 10
MAX_ROWS = 50_000  # project rows per file: beyond this a list is a mistake or an attack
MAX_REPEAT_WARNINGS = 20
IDENTITY_FIELDS = ("county", "content", "investment")
DELIMITERS = (",", "\t", ";", "|", "，")


@dataclass
class Row:
    number: int  # the row number a planner sees (line in the file, row in the sheet)
    cells: dict[str, Any]


@dataclass
class Columns:
    field_of: dict[str, str]  # header → field
    units: dict[str, str | None]  # field → unit named in its header
    title: str = ""  # the text of the rows above the header (a list's own title: 襄汾县2023年重点项目)
    sheet: str = ""  # the worksheet's name (xlsx)


def _columns(headers: list[Any]) -> Columns | None:
    field_of: dict[str, str] = {}
    units: dict[str, str | None] = {}
    for h in headers:
        if h is None or str(h).strip() == "":
            continue
        field = header_field(str(h))
        if field and field not in field_of.values():
            field_of[str(h)] = field
            units[field] = unit_in(str(h))
            if field == "investment" and units[field] is None and "yi" in str(h).lower():
                units[field] = "亿元"
    filled = [h for h in headers if h is not None and str(h).strip()]
    # a lone column is a header only when it is the name column itself (a list of names)
    if "name" not in field_of.values() or (len(field_of) < 2 and len(filled) != 1):
        return None
    return Columns(field_of, units)


def _data_rows(grid: Iterator[tuple[int, list[Any]]], headers: list[str]) -> Iterator[Row]:
    """The non-empty rows after the header, keyed by header (columns without one dropped)."""
    for n, vals in grid:
        if any(v not in (None, "") for v in vals):
            yield Row(n, {h: v for h, v in zip(headers, vals, strict=False) if h})


def _grid_rows(path: str, grid: Iterator[tuple[int, list[Any]]]) -> tuple[Columns, list[str], Iterator[Row]]:
    """Find the header in the first rows of a grid; the rest are data."""
    scanned: list[tuple[int, list[Any]]] = []
    for number, values in grid:
        scanned.append((number, values))
        columns = _columns(values)
        if columns is not None:
            headers = [str(v).strip() if v is not None else "" for v in values]
            columns.title = " ".join(_text(v) for _, vals in scanned[:-1] for v in vals if _text(v))
            return columns, headers, _data_rows(grid, headers)
        if len(scanned) >= HEADER_SCAN_ROWS:
            break
    raise InputError(path, f"no header row with a project-name column (项目名称/name) in the first "
                     f"{HEADER_SCAN_ROWS} rows")


def _csv_grid(raw: RawFile) -> tuple[Columns, list[str], Iterator[Row]]:
    text, _ = decode_text(raw)
    first_lines = "\n".join(text.splitlines()[:HEADER_SCAN_ROWS])
    best = max(DELIMITERS, key=lambda d: max(
        (len((_columns(next(csv.reader([line], delimiter=d), [])) or Columns({}, {})).field_of)
         for line in first_lines.splitlines()), default=0))
    reader = csv.reader(io.StringIO(text), delimiter=best)

    def grid() -> Iterator[tuple[int, list[Any]]]:
        try:
            for values in reader:
                yield reader.line_num, values
        except csv.Error as exc:
            raise InputError(str(raw.path), f"broken CSV: {exc}", row=reader.line_num) from exc

    return _grid_rows(str(raw.path), grid())


def _xlsx_grid(raw: RawFile) -> tuple[Columns, list[str], Iterator[Row]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_zip(raw, ".xlsx workbook")
    try:
        workbook = load_workbook(io.BytesIO(raw.data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise InputError(str(raw.path), f"not a readable .xlsx workbook ({exc})") from exc
    problems = []
    for sheet in workbook.worksheets:
        grid = ((n, list(values)) for n, values in enumerate(sheet.iter_rows(values_only=True), start=1))
        try:
            columns, headers, rows = _grid_rows(f"{raw.path} [{sheet.title}]", grid)
            columns.sheet = str(sheet.title)
            return columns, headers, rows
        except InputError as exc:
            problems.append(exc.reason)
    raise InputError(str(raw.path), "no sheet has a header row with a project-name column (项目名称/name)")


def _json_value(path: str, text: str, row: int | None = None) -> Any:
    """One JSON value; a parse error, nesting too deep for the parser or a
    string no store can hold becomes an InputError naming the file (and line)."""
    try:
        return _clean_json(json.loads(text))
    except json.JSONDecodeError as exc:
        where = "" if row is not None else f" at line {exc.lineno}"
        raise InputError(path, f"invalid JSON{where}: {exc.msg}", row=row) from exc
    except RecursionError as exc:
        raise InputError(path, "JSON nested too deeply (a project list is a list of flat objects)", row=row) from exc


def _clean_json(value: Any) -> Any:
    """Strings (keys too) without NUL or lone surrogates; called on parsed data,
    which json.loads already bounded in depth."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean_json(v) for v in value]
    if isinstance(value, dict):
        return {clean_text(str(k)): _clean_json(v) for k, v in value.items()}
    return value


def _json_grid(raw: RawFile) -> tuple[Columns, list[str], Iterator[Row]]:
    text, _ = decode_text(raw)
    path = str(raw.path)
    items: list[tuple[int, Any]]
    if raw.kind == "jsonl":
        items = []
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                try:
                    items.append((number, _json_value(path, line, row=number)))
                except InputError as exc:  # one bad line is one skipped row, not a lost file
                    items.append((number, exc))
    else:
        data = _json_value(path, text)
        if isinstance(data, dict):
            data = next((data[k] for k in ("projects", "data", "items", "rows") if isinstance(data.get(k), list)), None)
        if not isinstance(data, list):
            raise InputError(path, "JSON must be a list of project objects (or {\"projects\": [...]})")
        items = list(enumerate(data, start=1))
    keys: list[str] = []
    seen: set[str] = set()
    for _, item in items:
        if isinstance(item, dict):
            for k in item:
                if k not in seen:
                    seen.add(k)
                    keys.append(k)
    columns = _columns(keys)
    if columns is None:
        raise InputError(path, "objects have no project-name key (name/项目名称)")

    def rows() -> Iterator[Row]:
        for number, item in items:
            if isinstance(item, InputError):
                yield Row(number, {"__error__": item.reason})
            elif not isinstance(item, dict):
                yield Row(number, {"__error__": f"expected an object, got {type(item).__name__}"})
            else:
                yield Row(number, item)

    return columns, keys, rows()


READERS = {"csv": _csv_grid, "xlsx": _xlsx_grid, "json": _json_grid, "jsonl": _json_grid}


class RowError(ValueError):
    """The row cannot become a project."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dict, list)):  # a JSON object or list in a cell: kept as its JSON text
        return json.dumps(value, ensure_ascii=False)
    return clean_text(str(value)).strip()


class _RowParser:
    def __init__(self, doc_id: str, columns: Columns, gaz: Gazetteer, extractor: Extractor,
                 tasks: TaskIndex | None) -> None:
        self.doc_id, self.columns, self.gaz, self.extractor, self.tasks = doc_id, columns, gaz, extractor, tasks
        self.places = resolver_for(gaz, extractor)
        self.document = self.places.document_place(document_statements(doc_id, columns))

    def parse(self, row: Row, warnings: list[str]) -> ProjectRecord:
        if "__error__" in row.cells:
            raise RowError(row.cells["__error__"])
        fields: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for header, value in row.cells.items():
            field = self.columns.field_of.get(header)
            if isinstance(value, (dict, list)):
                warnings.append(f"row {row.number}: {header!r} holds a JSON {type(value).__name__}; "
                                "kept as its JSON text")
            if field is None:
                if _text(value):
                    extra[header] = _text(value)
            elif field != "seq":
                fields[field] = value
        original = {k: _text(v) for k, v in fields.items() if k not in ("investment", "years")}
        text = {k: normalise(v) for k, v in original.items()}
        name = text.get("name", "")
        if not name:
            raise RowError("missing project name")
        placement = self.places.place(text, self.document)
        try:
            investment = parse_investment(fields.get("investment"), self.columns.units.get("investment"))
        except ValueError as exc:
            warnings.append(f"row {row.number}: {exc}; investment left empty")
            investment = None
        try:
            years = parse_years(fields.get("years"))
        except ValueError as exc:
            warnings.append(f"row {row.number}: {exc}; years left empty")
            years = None
        record = ProjectRecord(
            name=name, name_original=original.get("name"),
            prov=Provenance(doc=self.doc_id, row=row.number,
                            sentence=f"{original.get('name', '')} {original.get('content', '')}".strip()),
            place_id=self._place_id(placement), zone_id=placement.zone_id, also_in=placement.county_ids[1:],
            content=text.get("content", ""), investment_wan=investment, years=years,
            owner=text.get("owner") or None, category=text.get("category") or None,
            extra={**extra,
                   "content_original": (original.get("content")
                                        if original.get("content") != text.get("content") else None),
                   "county_inferred": None if placement.level == "county" else "unknown",
                   **self._source(placement)})
        if placement.source_text is not None:
            where = self.places.info(record.place_id)
            warnings.append(f"row {row.number}: names no county of its own; placed in "
                            f"{where.county or where.city or where.province} from the {placement.source} "
                            f"{placement.source_text!r}" + (f" ({placement.note})" if placement.note else ""))
        elif placement.note:
            warnings.append(f"row {row.number}: {placement.note}")
        elif placement.level == "city" and placement.region_id != self.gaz.home.id:
            where = self.places.info(placement.region_id)
            warnings.append(f"row {row.number}: no county named; stored at the level of "
                            f"{where.city or where.province}")
        elif placement.county_ids and not self.places.info(placement.county_ids[0]).home:
            where = self.places.info(placement.county_ids[0])
            warnings.append(f"row {row.number}: {where.county} is not in {self.gaz.home.name}; stored in "
                            f"{where.province or ''}{where.city or ''}{where.county} (home: false)")
        elif placement.level == "none":
            warnings.append(f"row {row.number}: county missing and not inferable from the name, content or owner; "
                            "stored at city level")
        self._task(record, _text(fields.get("task")), row, warnings)
        return record

    def _source(self, placement: Placement) -> dict[str, str | None]:
        """Where the row's place came from (the project's `place_source`, `place_source_text`)."""
        if placement.source is None:
            return {"place_source": "home city (row names no place)" if not placement.note else None}
        return {"place_source": placement.source, "place_source_text": placement.source_text}

    def _place_id(self, placement: Placement) -> str | None:
        """The row's place: its first county, else its city or province; a row naming no place
        at all belongs to the home city, one whose place text cannot be resolved to nothing."""
        if placement.county_ids:
            return placement.county_ids[0]
        if placement.region_id or placement.note:
            return placement.region_id
        return self.gaz.home.id

    def _task(self, record: ProjectRecord, ref: str, row: Row, warnings: list[str]) -> None:
        if self.tasks is None:
            return
        if ref:
            task_id = self.tasks.by_reference(ref)
            if task_id:
                record.task_id, record.task_score, record.task_source = task_id, 1.0, "table"
                return
            warnings.append(f"row {row.number}: task {ref!r} names no known task; inferred instead")
        if record.place_id is not None and not self.places.info(record.place_id).home:
            return  # the policy's tasks are the home city's: another city's project serves none of them
        if record.content:
            inferred = self.tasks.infer(project_text(record.name, record.content), extra=record.category or "")
        else:  # a name only: the model helps where BM25 has few words
            inferred = self.tasks.infer_name(record.name, extra=record.category or "")
        if inferred:
            record.task_id, record.task_score, record.task_source = *inferred, "inferred"


def document_statements(doc_id: str, columns: Columns) -> list[tuple[str, str]]:
    """What a list says of its own place, nearest to the rows first: the rows above its header, its
    sheet's name, its file name, then its folders (inner first) under the folder that was ingested."""
    return [("title rows", columns.title), ("sheet name", columns.sheet), *path_statements(doc_id)]


def table_batch(doc_id: str, raw: RawFile, gaz: Gazetteer, extractor: Extractor,
                tasks: TaskIndex | None = None) -> tuple[GraphBatch, list[str]]:
    columns, _, rows = READERS[raw.kind](raw)
    parser = _RowParser(doc_id, columns, gaz, extractor, tasks)
    batch = GraphBatch()
    batch.node(doc_id, "PolicyDocument", Provenance(doc=doc_id), title=raw.path.stem, path=raw.path.name,
               format=raw.kind, sha256=raw.sha256)
    warnings: list[str] = []
    records: list[tuple[ProjectRecord, tuple[str, ...]]] = []
    for row in rows:
        if len(records) >= MAX_ROWS:
            raise InputError(str(raw.path), f"more than {MAX_ROWS} project rows; split the list", row=row.number)
        try:
            records.append((parser.parse(row, warnings), _identity_cells(row, columns)))
        except RowError as exc:
            warnings.append(f"row {row.number}: skipped: {exc}")
    if not records:
        raise InputError(str(raw.path), "no usable project rows" + (f" ({warnings[0]})" if warnings else ""))
    _lend_enterprise_places([r for r, _ in records], parser, warnings)
    _tell_apart(records, gaz, warnings)
    for record, _ in records:
        node = add_project(batch, record, gaz, extractor)
        batch.edge(doc_id, "MENTIONS", node.id, record.prov)
        owner = _enterprise(record)
        if owner:
            add_owners(batch, owner, node.id, record.prov, gaz, extractor)
    return batch, [f"{raw.path}, {w}" for w in warnings]


_COMPANY_HEAD = re.compile(r"^(.{2,24}?(?:有限责任公司|股份有限公司|有限公司|集团|公司))")


def _enterprise(record: ProjectRecord) -> str | None:
    """The company a row names: its owner cell, else a company name opening the project name."""
    if record.owner:
        return record.owner
    found = _COMPANY_HEAD.match(record.name)
    return found.group(1) if found else None


def _lend_enterprise_places(records: list[ProjectRecord], parser: _RowParser, warnings: list[str]) -> None:
    """A row that is placed no finer than a city takes the county of its enterprise when another row of
    the same list places that enterprise by its own county cell (one county only): labelled
    `enterprise in document`, inferred, and warned. Only within one document, so a file's facts
    never depend on what else is stored (ingestion stays idempotent and all-or-nothing)."""
    seats: dict[str, dict[str, int]] = {}
    for record in records:
        company = _enterprise(record)
        if company and record.place_id and record.extra.get("place_source") == "row cell" \
                and parser.places.info(record.place_id).level == "county":
            seats.setdefault(company, {}).setdefault(record.place_id, record.prov.row or 0)
    for record in records:
        company = _enterprise(record)
        known = seats.get(company or "", {})
        if len(known) != 1 or parser.places.info(record.place_id).level == "county":
            continue
        (county, lender), = known.items()
        home = parser.places.info(record.place_id)
        inside = parser.places.info(county)
        named = not str(record.extra.get("place_source") or "home city").startswith("home city")
        if named and home.level != "none" and (home.city or home.province) not in (inside.city, inside.province):
            continue  # the row names another city or province than the enterprise's county: the row wins
        record.place_id = county
        record.extra.update(place_source="enterprise in document", place_source_text=f"{company} (row {lender})",
                            county_inferred="enterprise")
        warnings.append(f"row {record.prov.row}: placed in {inside.county} (inferred) because its enterprise "
                        f"{company} is placed there by row {lender} of this list")


def _identity_cells(row: Row, columns: Columns) -> tuple[str, ...]:
    """What makes two same-named rows two projects: their site, scale (content) and investment cells."""
    by_field = {f: normalise(_text(row.cells.get(h))) for h, f in columns.field_of.items() if f in IDENTITY_FIELDS}
    return tuple(by_field.get(f, "") for f in IDENTITY_FIELDS)


def _tell_apart(records: list[tuple[ProjectRecord, tuple[str, ...]]], gaz: Gazetteer, warnings: list[str]) -> None:
    """Rows whose names give one project id stay one project only when their
    site, content and investment agree (a true repeat: one node, every row in
    its provenance). Otherwise each gets a variant of the id, so a list of
    four 光伏电站 at four towns keeps four projects and four investments.
    Repeats that still disagree (an owner, the years) keep every row's value."""
    groups: dict[str, list[tuple[ProjectRecord, tuple[str, ...]]]] = {}
    for record, cells in records:
        groups.setdefault(project_id(gaz, record.place_id, record.name), []).append((record, cells))
    repeats = 0
    for pid, group in groups.items():
        distinct = {cells for _, cells in group}
        if len(distinct) > 1:
            for record, cells in group:
                record.variant = hashlib.sha256("\x1f".join(cells).encode()).hexdigest()[:6]
            rows = ", ".join(str(r.prov.row) for r, _ in group[:5])
            warnings.append(f"rows {rows}{' …' if len(group) > 5 else ''}: same project name ({pid}) at "
                            f"different sites, scales or investments: kept as {len(distinct)} projects")
        same: dict[tuple[str, ...], list[ProjectRecord]] = {}
        for record, cells in group:
            same.setdefault(cells, []).append(record)
        for repeated in same.values():
            differing = _keep_row_values(repeated)
            for record in repeated[1:]:
                repeats += 1
                if repeats <= MAX_REPEAT_WARNINGS:
                    warnings.append(f"row {record.prov.row}: repeats row {repeated[0].prov.row}: merged into one "
                                    "project, both rows kept as its sources" + differing)
    if repeats > MAX_REPEAT_WARNINGS:
        warnings.append(f"{repeats - MAX_REPEAT_WARNINGS} more repeated rows merged the same way")


def _keep_row_values(repeated: list[ProjectRecord]) -> str:
    """Where the rows of one true repeat give different values, every row's
    value goes into the project's VALUES_BY_ROW (the node itself shows the
    last row's, as a later list's value shows across lists); the warning's
    note naming them, or ""."""
    by_field = {f: [(r.prov.row, getattr(r, f)) for r in repeated if getattr(r, f) not in (None, "")]
                for f in VALUE_FIELDS}
    differing = {f: [[row, value] for row, value in pairs] for f, pairs in by_field.items()
                 if len({value for _, value in pairs}) > 1}
    if not differing:
        return ""
    text = json.dumps(differing, ensure_ascii=False)
    for record in repeated:
        record.extra[VALUES_BY_ROW] = text
    shown = "; ".join(f"{f} " + " / ".join(f"{v!r} (row {row})" for row, v in pairs[:3])
                      + (" …" if len(pairs) > 3 else "") for f, pairs in differing.items())
    return f" (their values differ, every row's is kept: {shown})"
