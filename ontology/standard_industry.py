"""GB/T 4754-2017 (国民经济行业分类) as data: its 20 sections and 97 divisions,
loaded from ontology/data/gbt4754_2017.yaml and checked on load (codes, ranges)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel

from ontology.errors import PlanAtlasError

STANDARD_FILE = Path(__file__).parent / "data" / "gbt4754_2017.yaml"
SECTIONS, DIVISIONS = 20, 97


class Section(BaseModel):
    code: str  # A..T
    name: str
    divisions: str  # "01-05", the range the standard gives

    def holds(self, division: str) -> bool:
        low, high = self.divisions.split("-")
        return low <= division <= high


class Division(BaseModel):
    code: str  # "01".."97"
    section: str
    name: str
    keywords: list[str] = []


class IndustryStandard(BaseModel):
    standard: str
    sections: list[Section]
    divisions: list[Division]

    def section(self, code: str) -> Section:
        return next(s for s in self.sections if s.code == code)


@lru_cache(maxsize=1)
def load_standard(path: Path = STANDARD_FILE) -> IndustryStandard:
    """The table, refused if it is not the standard's shape."""
    data = IndustryStandard.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    codes = [d.code for d in data.divisions]
    if len(data.sections) != SECTIONS or codes != [f"{i:02d}" for i in range(1, DIVISIONS + 1)]:
        raise PlanAtlasError(f"{path}: expected {SECTIONS} sections and divisions 01..{DIVISIONS}")
    for division in data.divisions:
        if not data.section(division.section).holds(division.code):
            raise PlanAtlasError(f"{path}: division {division.code} outside section {division.section}'s range")
    return data
