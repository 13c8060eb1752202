"""Parsing the cells planners write: investment with its unit (亿元/万元/元,
in the header or the cell) into 万元, and construction years into 'YYYY' or
'YYYY-YYYY'. Anything unclear raises ValueError with the reason, so the row
can be reported rather than guessed."""

from __future__ import annotations

import re

from ingest.textnorm import normalise

UNITS_WAN = {"万亿元": 1e8, "万亿": 1e8, "亿元": 10000.0, "亿": 10000.0, "万元": 1.0, "万": 1.0, "元": 0.0001}
_AMOUNT = re.compile(r"^(\d+(?:\.\d+)?)\s*(万亿元|万亿|亿元|亿|万元|万|元)?$")
_YEAR_PART = r"(\d{4})(?:\s*(?:年|[./])\s*(\d{1,2})\s*月?|\s*年)?"
_YEARS = re.compile(rf"^{_YEAR_PART}(?:\s*[-—–~～至到]+\s*{_YEAR_PART})?\s*(?:年)?$")
MIN_YEAR, MAX_YEAR = 1990, 2100


def unit_in(text: str) -> str | None:
    """The unit a header names, e.g. '总投资（亿元）' → '亿元'."""
    for unit in ("亿元", "万元"):
        if unit in normalise(text):
            return unit
    return None


def parse_investment(cell: object, header_unit: str | None) -> float | None:
    """Investment in 万元; None for an empty cell."""
    if cell is None:
        return None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        value, unit = float(cell), header_unit
    else:
        text = normalise(str(cell)).replace(",", "").replace("，", "").strip()
        if not text:
            return None
        m = _AMOUNT.match(text)
        if not m:
            raise ValueError(f"investment {cell!r} is not a number with a unit (亿元/万元)")
        value, unit = float(m.group(1)), m.group(2) or header_unit
    if value <= 0:
        raise ValueError(f"investment {cell!r} must be positive")
    if unit is None:
        raise ValueError(f"investment {cell!r} has no unit (亿元 or 万元) in the cell or the header")
    return round(value * UNITS_WAN[unit], 4)


def years_in(text: str) -> str | None:
    """The construction years prose states (2023-2025年), or None when they are not written as years."""
    try:
        return parse_years(text)
    except ValueError:
        return None


def parse_years(cell: object) -> str | None:
    if cell is None:
        return None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        cell = str(int(cell))
    text = normalise(str(cell)).strip()
    if not text:
        return None
    m = _YEARS.match(text)
    if not m:
        raise ValueError(f"construction years {cell!r} are not like 2023-2025 or 2024年")
    start, start_month, end, end_month = m.group(1), m.group(2), m.group(3), m.group(4)
    for month in (start_month, end_month):
        if month and not 1 <= int(month) <= 12:
            raise ValueError(f"construction years {cell!r} name month {month}")
    if not MIN_YEAR <= int(start) <= MAX_YEAR or (end and not MIN_YEAR <= int(end) <= MAX_YEAR):
        raise ValueError(f"construction years {cell!r} are out of range")
    if end and int(end) < int(start):
        raise ValueError(f"construction years {cell!r} end before they start")
    return f"{start}-{end}" if end and end != start else start
