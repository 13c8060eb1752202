"""China's administrative divisions (provinces, prefecture-level cities,
county-level units, townships) with their statistical codes, loaded from
`data/divisions.tsv` (built from a pinned registry package by
scripts/divisions.sh, never typed by hand).

A division's level and parent follow from its code: 2 digits a province, 4 a
city, 6 a county-level unit, 9 a township, and a parent's code is a prefix.
Each division is found by its full name and by a short form without the
administrative suffix (尧都区→尧都, 壶口镇→壶口, 黔西南布依族苗族自治州→黔西南).
Short forms shorter than two characters, and county names that are ordinary
words (城区, 郊区, 矿区), are never matched in running text."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import rjieba

DIVISIONS_FILE = Path(__file__).parent / "data" / "divisions.tsv"
ADJACENCY_FILE = Path(__file__).parent / "data" / "adjacency.tsv"
HOME_MAP_FILE = Path(__file__).parent / "data" / "home-map.json"
# digits of a division's code by level (a township's has 9 or more)
PROVINCE_CODE, CITY_CODE, COUNTY_CODE, TOWNSHIP_CODE = 2, 4, 6, 9
LEVELS = {PROVINCE_CODE: "province", CITY_CODE: "city", COUNTY_CODE: "county", TOWNSHIP_CODE: "township"}
# Prefecture "cities" that are placeholders: their counties belong to the province directly.
PLACEHOLDER_CITIES = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
# County-level names that are also ordinary words in project names (城区改造, 矿区治理).
GENERIC_NAMES = frozenset({"城区", "郊区", "矿区", "新区", "市辖区", "开发区", "高新区", "林区", "市中区"})
NEW_AREA = "新区"  # a county-level new area (浦东新区, 滨海新区), named by its short form too
# an autonomous prefecture is written as its short form and 州 (恩施州, 黔东南州, 德宏州): a full name, certain
# as the official one, where the short form alone is not
PREFECTURE, PREFECTURE_FORM = "自治州", "州"
# Suffixes removed to get a short form, longest first; ethnic autonomy words go too.
SUFFIXES = {
    "province": ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"),
    "city": ("自治州", "地区", "市", "盟"),
    "county": ("自治县", "自治旗", "特区", "林区", NEW_AREA, "县", "区", "市", "旗"),  # 浦东新区→浦东
    "township": ("民族乡", "街道", "镇", "乡", "苏木"),
}
AUTONOMOUS, PEOPLE = "自治", "族"
_ONE_PEOPLE = re.compile(r"(?:[\u4e00-\u9fff]族)+$")  # 峨边彝族 → 峨边, where jieba keeps a name whole
MIN_SHORT = 2
# the seventh digit of a township code for units "similar to a township" (development zones, parks, farms): the
# statistical code gives 0 to streets, 1 to towns, 2–3 to townships, 4–5 to these
ZONE_CODE_DIGITS = ("4", "5")
ZONE_ENDS = ("区", "园", "城", "镇", "基地", "中心", "管委会")  # a zone's or park's kind, as project names use it
SHORT_FARM = 4  # 良种场, 种羊场, 园艺场: a kind of farm, not a name


def _without_peoples(stem: str, autonomous: bool) -> str:
    """The place part of a name without the peoples it is autonomous for: 峨边|彝族 → 峨边, 恩施|土家族|苗族 → 恩施,
    and, for an autonomous unit, a people named without 族 (博尔塔拉|蒙古, 伊犁|哈萨克). jieba's dictionary knows
    the peoples' names, so 土家族 and 布依族 are cut whole (a pattern of one character and 族 left 恩施土)."""
    if not autonomous and PEOPLE not in stem:
        return stem
    words = rjieba.cut(stem, False)
    peoples = 0
    while len(words) - peoples > 1 and words[-1 - peoples].endswith(PEOPLE):
        peoples += 1
    if autonomous and not peoples and len(words) > 1:
        peoples = 1
    if not peoples:  # a name jieba keeps whole (焉耆回族): its last character and 族
        return _ONE_PEOPLE.sub("", stem) or stem
    return "".join(words[: len(words) - peoples])


@dataclass(frozen=True)
class Division:
    code: str
    name: str

    @property
    def level(self) -> str:
        return LEVELS[len(self.code)]

    @property
    def short(self) -> str | None:
        """The name without its administrative suffix, if that leaves two characters or more."""
        for suffix in SUFFIXES[self.level]:
            if self.name.endswith(suffix) and len(self.name) > len(suffix):
                stem = self.name[: -len(suffix)]
                if self.level != "township":
                    stem = _without_peoples(stem, suffix.startswith(AUTONOMOUS))
                if len(stem) < MIN_SHORT and suffix == NEW_AREA:
                    continue  # 清新区 is 清新's district, not a new area of 清
                return stem if len(stem) >= MIN_SHORT and stem != self.name else None
        return None


class Divisions:
    """Every division by code, and the codes each full name or short form may mean."""

    def __init__(self, rows: list[tuple[str, str]], header: list[str]) -> None:
        self.header = header
        self.by_code: dict[str, Division] = {code: Division(code, name) for code, name in rows}
        self.full: dict[str, list[str]] = {}
        self.short: dict[str, list[str]] = {}
        for d in self.by_code.values():
            if (d.level == "city" and d.name in PLACEHOLDER_CITIES) or self._generic_zone(d):
                continue
            self.full.setdefault(d.name, []).append(d.code)
            short = d.short
            if d.level == "city" and short and d.name.endswith(PREFECTURE):
                self.full.setdefault(short + PREFECTURE_FORM, []).append(d.code)
            city = self.by_code.get(d.code[:CITY_CODE]) if d.name.endswith(NEW_AREA) else None
            if city is not None and short == city.short:
                short = None  # 兰州新区, 镇江新区: 兰州 and 镇江 name the city
            if short and d.name not in GENERIC_NAMES and short not in GENERIC_NAMES:
                self.short.setdefault(short, []).append(d.code)
        for codes in self.short.values():  # 河南 is the province, not 河南蒙古族自治县 as well
            if any(len(c) < COUNTY_CODE for c in codes):
                codes[:] = [c for c in codes if len(c) < COUNTY_CODE or AUTONOMOUS not in self.by_code[c].name]
        self.max_len = max(len(n) for n in self.full)
        self.forms = frozenset(self.full) | frozenset(self.short)  # one membership test before the details
        self.heads = frozenset(f[:2] for f in self.forms)  # a scan skips a position whose two characters start none
        lengths: dict[str, set[int]] = {}
        for form in (*self.full, *self.short):
            lengths.setdefault(form[0], set()).add(len(form))
        # first character → the lengths of the forms starting with it, longest first (a scan tries only these)
        self.lengths = {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()}

    def _generic_zone(self, d: Division) -> bool:
        """A township-level zone or park (codes …4xx–5xx, "类似乡级单位") whose name carries none of its own
        county's, city's or province's names, or a short kind of farm: 综合保税区, 新材料产业园, 航空新城,
        良种场 are how many texts name their own zone or farm, not this one, so they are no place on their own
        (大兴经济开发区, 天津港保税区, 塞罕坝机械林场 are)."""
        if d.level != "township" or d.code[6] not in ZONE_CODE_DIGITS:
            return False
        if not d.name.endswith(ZONE_ENDS) and not (len(d.name) <= SHORT_FARM and d.name.endswith("场")):
            return False  # a farm, forest, prison or regiment with a name of its own (塞罕坝机械林场)
        parents = [self.by_code.get(d.code[:size]) for size in (6, 4, 2)]
        names = {n for p in parents if p is not None for n in (p.name, p.short) if n}
        return not any(n in d.name for n in names)

    def get(self, code: str | None) -> Division | None:
        return self.by_code.get(code) if code else None

    def parent(self, code: str) -> Division | None:
        cut = {9: 6, 6: 4, 4: 2}.get(len(code))
        return self.by_code.get(code[:cut]) if cut else None

    def ancestor(self, code: str, level: str) -> Division | None:
        """The division of `level` holding `code` (itself if it is of that level); placeholder cities are None."""
        size = {v: k for k, v in LEVELS.items()}[level]
        if len(code) < size:
            return None
        found = self.by_code.get(code[:size])
        if found is not None and level == "city" and found.name in PLACEHOLDER_CITIES:
            return None
        return found

    def codes(self, form: str, short: bool = True) -> list[str]:
        """Codes a full name (or, with `short`, a short form) may mean."""
        return self.full.get(form, []) + (self.short.get(form, []) if short else [])

    def prefix_length(self, text: str, max_code_len: int = 6, keep: int = 2) -> int:
        """Length of the province, city or county name (full or short form; codes up to
        `max_code_len` digits) `text` starts with, leaving at least `keep` characters; 0 if none."""
        for size in range(min(self.max_len, len(text) - keep), 1, -1):
            if any(len(code) <= max_code_len for code in self.codes(text[:size])):
                return size
        return 0

    def origin_prefix(self, text: str, keep: int = 2) -> tuple[int, list[str]]:
        """The longest division name `text` starts with that says where a company is from, leaving at least
        `keep` characters, and the codes it may mean: a full name of a county or larger (海宁市…), or a
        province's or city's short form (浙江…, 南通…). Not a county's short form: it is often a brand
        (长安福特, 华西); (0, []) when there is none."""
        for size in range(min(self.max_len, len(text) - keep), 1, -1):
            form = text[:size]
            codes = ([c for c in self.full.get(form, []) if len(c) <= COUNTY_CODE]
                     or [c for c in self.short.get(form, []) if len(c) <= CITY_CODE])
            if codes:
                return size, codes
        return 0, []

    def children(self, code: str, level: str) -> list[Division]:
        size = {v: k for k, v in LEVELS.items()}[level]
        return [d for c, d in self.by_code.items() if len(c) == size and c.startswith(code)]


def read_divisions(path: Path = DIVISIONS_FILE) -> Divisions:
    return _read_cached(str(path))


@lru_cache(maxsize=2)
def _read_cached(path: str) -> Divisions:
    rows: list[tuple[str, str]] = []
    header: list[str] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            header.append(line[1:].strip())
        elif line.strip():
            code, name = line.split("\t")
            rows.append((code, name))
    return Divisions(rows, header)


def read_adjacency(path: Path = ADJACENCY_FILE) -> dict[str, tuple[str, ...]]:
    """County code → codes of the counties sharing a border with it (built by scripts/boundaries.sh)."""
    return _adjacency_cached(str(path))


@lru_cache(maxsize=2)
def _adjacency_cached(path: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    if not Path(path).exists():
        return out
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, _, rest = line.partition("\t")
            out[code] = tuple(rest.split())
    return out


def read_home_map(path: Path = HOME_MAP_FILE) -> dict[str, Any]:
    """The home city's county outlines (code, name, rings of [lon, lat]), built by scripts/boundaries.sh."""
    return _home_map_cached(str(path))


@lru_cache(maxsize=2)
def _home_map_cached(path: str) -> dict[str, Any]:
    if not Path(path).exists():
        return {"counties": []}
    data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return data
