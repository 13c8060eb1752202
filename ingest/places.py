"""Where a project is: the county (or counties) named by a table's county
cell, its name, content or owner, resolved against the home city's places
(counties, zones, parks, townships, landmarks: the gazetteer) first and then
against the whole country's divisions.

Ambiguity is settled by evidence, in this order: another place the same
text names (西安市新城区 → 西安's 新城区), the home city, the home province.
Two candidates with no evidence between them place the project at the level
they share (a city or a province), and say so. Nothing here drops a row: the
caller stores whatever is certain and passes the warning on."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from graph.models import GraphBatch, Provenance
from ingest.extract import Extractor
from ingest.project_phrases import home_county
from ontology import Gazetteer
from ontology.divisions import GENERIC_NAMES, Divisions
from ontology.gazetteer import GENERIC_SHORT_COUNT

FIELDS = ("county", "name", "content", "owner")  # where a place is looked for, most telling first
_COMPANY = re.compile(r"[^，,、；;（()）]{0,20}?(?:有限责任公司|股份有限公司|有限公司|集团|公司)")
SHORT_NAME = 3  # names this short must also be a whole word (jieba) when they are not at the start
_WINDOW = 8


@dataclass(frozen=True)
class Placement:
    """The certain place of a row: counties (graph ids), else one city or province region, else nothing."""

    county_ids: tuple[str, ...] = ()
    region_id: str | None = None
    zone_id: str | None = None
    note: str | None = None  # why the place is less specific than the text suggests
    found_in: str | None = None
    by_township: bool = False  # placed through a home township or landmark (other places share such names)

    @property
    def level(self) -> str:
        return "county" if self.county_ids else "city" if self.region_id else "none"


@dataclass(frozen=True)
class PlaceInfo:
    """A place id described through its hierarchy, for the project node and the API."""

    county: str | None = None
    county_code: str | None = None
    city: str | None = None
    city_code: str | None = None
    province: str | None = None
    province_code: str | None = None
    home: bool = False
    level: str = "none"  # county | city | province | none

    def props(self) -> dict[str, Any]:
        """The project node's place properties (the county name is set by the caller)."""
        return {"county_code": self.county_code, "city": self.city, "city_code": self.city_code,
                "province": self.province, "province_code": self.province_code, "home": self.home,
                "place_level": self.level}


@dataclass
class _Match:
    text: str
    codes: list[str]
    start: int
    chosen: list[str] = field(default_factory=list)


class PlaceResolver:
    """Built once per gazetteer; `place` is called per row."""

    def __init__(self, gaz: Gazetteer, extractor: Extractor) -> None:
        self.gaz, self.extractor = gaz, extractor
        self.divisions: Divisions = gaz.divisions
        self.home_code = str(gaz.home.data["code"])
        self.home_province = self.home_code[:2]
        self.home_county_ids = {e.data["code"]: e.id for e in gaz.by_label("County")}
        self._infos: dict[str | None, PlaceInfo] = {}
        self.local_forms: dict[str, list[str]] = {}  # form of a home township or landmark → entry ids
        for entry in gaz.local.values():
            for form in dict.fromkeys((entry.name, *entry.forms)):
                self.local_forms.setdefault(form, []).append(entry.id)
        lengths: dict[str, set[int]] = {}
        for form in self.local_forms:
            lengths.setdefault(form[0], set()).add(len(form))
        self.local_lengths = {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()}
        self.local_heads = frozenset(f[:2] for f in self.local_forms)

    # -- resolving ------------------------------------------------------------------------
    def place(self, fields: dict[str, str]) -> Placement:
        """The place of a row from its county cell, name, content and owner (first field that tells).
        A county cell naming only a city (临汾市, 运城) is refined by a county of that city in the other fields."""
        unresolved: str | None = None
        within: Placement | None = None
        for name in FIELDS:
            value = fields.get(name, "")
            if not value:
                continue
            if name == "county" and value in (self.gaz.home.name, *self.gaz.home.forms):
                within = Placement(region_id=self.gaz.home.id, found_in=name)
                continue
            found = self._find(value, whole=name == "county")
            if within is not None and within.region_id:
                found = self._inside(found, within.region_id)
            if found.county_ids:
                return Placement(found.county_ids, None, found.zone_id, found.note, name)
            if found.region_id and name == "county":
                within = Placement(region_id=found.region_id, note=found.note, found_in=name)
            elif found.region_id and within is None:
                return Placement((), found.region_id, found.zone_id, found.note, name)
            if name == "county" and not found.region_id:
                unresolved = value
        if within is not None:
            return within
        if unresolved is not None:
            return Placement(note=f"place {unresolved!r} is not a known county, township or landmark; "
                                  "stored without a place")
        return Placement()

    def _find(self, value: str, whole: bool) -> Placement:
        found = self._home_places(value) or self._national(value, whole)
        if found.by_township:  # 新城 or 壶口镇 of the home city lose to 西安市新城区 or 陕西宜川壶口镇
            national = self._national(value, whole)
            home = [c for c in national.county_ids if self.info(c).home]
            if (national.county_ids or national.region_id) and not home:
                found = national
        return found

    def _inside(self, found: Placement, region_id: str) -> Placement:
        """`found` narrowed to the counties of the region a county cell named."""
        code = self._code(region_id) or ""
        counties = tuple(c for c in found.county_ids if (self._code(c) or "").startswith(code))
        return Placement(counties, None, found.zone_id if counties else None, found.note)

    def _home_places(self, text: str) -> Placement | None:
        """Counties, zones, parks and areas of the home city (the extractor), else its townships and landmarks."""
        counties: list[str] = []
        zone_id = None
        for m in self.extractor.find(text):
            county = home_county(m.entry_id, self.gaz)
            if county is None:
                continue
            if m.label == "DevelopmentZone" and zone_id is None:
                zone_id = m.entry_id
            if county not in counties:
                counties.append(county)
        if counties and counties != [self.gaz.home.id]:
            return Placement(tuple(c for c in counties if c != self.gaz.home.id), zone_id=zone_id)
        local = self._local(text)
        if local:
            return Placement(tuple(local), by_township=True)
        return Placement(region_id=self.gaz.home.id, zone_id=zone_id) if counties else None

    def _local(self, text: str) -> list[str]:
        """Counties of the home townships and landmarks a text names (longest match; short forms as whole
        words). A name two counties share (屯里镇) places nothing here: a county the text named would have."""
        counties: list[str] = []
        i = 0
        while i < len(text) - 1:
            if text[i : i + 2] not in self.local_heads:
                i += 1
                continue
            size = next((n for n in self.local_lengths.get(text[i], ()) if text[i : i + n] in self.local_forms
                         and (n > SHORT_NAME or self._is_word(text, i, i + n))), 0)
            if not size:
                i += 1
                continue
            owners = {c for e in self.local_forms[text[i : i + size]] for c in self.gaz.local[e].data["county_ids"]}
            if len(owners) == 1 and (county := owners.pop()) not in counties:
                counties.append(county)
            i += size
        return counties

    def _national(self, text: str, whole: bool) -> Placement:
        # a place starting a company's name outside the home province is where the company is
        # registered, not where the project is (深圳市凯之成…有限公司…项目 in 襄汾)
        matches = [m for m in self._scan(text, whole)
                   if not (_COMPANY.match(text, m.start + len(m.text))
                           and not any(c.startswith(self.home_province) for c in m.codes))]
        if not matches:
            return Placement()
        context = {c for m in matches if len(m.codes) == 1 for c in m.codes}
        notes = []
        for m in matches:
            m.chosen = self._choose(m.codes, context)
            if len(m.chosen) >= GENERIC_SHORT_COUNT and m.chosen == m.codes:
                m.chosen = []  # a name many places share (城关镇, 经济技术开发区) with nothing to choose by
            elif len(m.chosen) > 1:
                notes.append(f"{m.text!r} may be {'/'.join(self._label(c) for c in m.chosen)}")
        codes = [c for c in (_common(m.chosen) for m in matches if m.chosen) if c]
        # places in another province than the first one are words that happen to be names (相城大道)
        codes = [c for c in codes if c[:2] == codes[0][:2]]
        # keep the most specific places: a township or county, else a city, else a province
        counties = list(dict.fromkeys(c[:6] for c in codes if len(c) >= 6))
        certain = [m for m in matches if len(m.chosen) == 1]
        shared = "kept at the level the candidates share" if codes else "no level they share: stored without a place"
        note = ("; ".join(notes) + f"; {shared}") if notes and not certain else None
        if counties:
            return Placement(tuple(self.county_id(c) for c in counties), note=note)
        best = max(codes, key=len, default=None)
        region = self.region_id(best) if best else None
        return Placement(region_id=region, note=note)

    def _scan(self, text: str, whole: bool) -> list[_Match]:
        """Longest full names anywhere; short forms only at a word edge (or the whole cell)."""
        out: list[_Match] = []
        i = 0
        lengths, forms, heads = self.divisions.lengths, self.divisions.forms, self.divisions.heads
        while i < len(text) - 1:
            hit = None
            if text[i : i + 2] not in heads:
                i += 1
                continue
            for size in lengths.get(text[i], ()):
                form = text[i : i + size]
                if len(form) < size or form not in forms:
                    continue
                codes = self.divisions.full.get(form) if whole or form not in GENERIC_NAMES else None
                if not codes:
                    # national short forms of counties, cities and provinces; townships need their full name
                    shared = self.divisions.short.get(form, [])
                    codes = [c for c in shared if len(c) <= 6] if whole or len(shared) < GENERIC_SHORT_COUNT else None
                if codes and not whole and size <= SHORT_NAME and i > 0 and not self._is_word(text, i, i + size):
                    codes = None  # 站前区 inside 北站站前区域
                if codes:
                    hit = _Match(form, list(codes), i)
                    break
            if hit is None:
                i += 1
                continue
            out.append(hit)
            i += len(hit.text)
        return out

    def _is_word(self, text: str, start: int, end: int) -> bool:
        left = max(0, start - _WINDOW)
        bounds = {0}
        for _, s, e in self.extractor.tokens(text[left : end + _WINDOW]):
            bounds.update((s, e))
        return start - left in bounds and end - left in bounds

    def _choose(self, codes: list[str], context: set[str]) -> list[str]:
        """Candidates narrowed by the text's other places, then the home city, then the home province."""
        for keep in (lambda c: any(c != x and (c.startswith(x) or x.startswith(c)) for x in context),
                     lambda c: c.startswith(self.home_code), lambda c: c.startswith(self.home_province)):
            narrowed = [c for c in codes if keep(c)]
            if narrowed:
                return narrowed
        return codes

    # -- describing ----------------------------------------------------------------------
    def county_id(self, code: str) -> str:
        return self.home_county_ids.get(code, f"county:{code}")

    def region_id(self, code: str) -> str | None:
        """The region id of a city or province code (a county code gives its county)."""
        if len(code) >= 6:
            return self.county_id(code[:6])
        return f"region:{code}"

    def _label(self, code: str) -> str:
        parts = [self.divisions.ancestor(code, lvl) for lvl in ("province", "city", "county", "township")]
        return "".join(d.name for d in parts if d is not None)

    def info(self, place_id: str | None) -> PlaceInfo:
        """County, city and province (names and codes) of a county or region id (cached: asked twice a row)."""
        found = self._infos.get(place_id)
        if found is None:
            found = self._infos[place_id] = self._describe(place_id)
        return found

    def _describe(self, place_id: str | None) -> PlaceInfo:
        code = self._code(place_id)
        if code is None:
            return PlaceInfo()
        county = self.divisions.ancestor(code, "county")
        city = self.divisions.ancestor(code, "city")
        province = self.divisions.ancestor(code, "province")
        level = "county" if county else "city" if len(code) == 4 else "province"
        return PlaceInfo(county.name if county else None, county.code if county else None,
                         city.name if city else None, city.code if city else None,
                         province.name if province else None, province.code if province else None,
                         code.startswith(self.home_code), level)

    def _code(self, place_id: str | None) -> str | None:
        if not place_id:
            return None
        entry = self.gaz.entries.get(place_id)
        code = entry.data.get("code") if entry else place_id.split(":", 1)[1]
        return str(code) if code and str(code).isdigit() and str(code) in self.divisions.by_code else None

    def add_nodes(self, batch: GraphBatch, place_id: str, prov: Provenance) -> None:
        """County, city and province nodes for a place outside the gazetteer, with their hierarchy."""
        code = self._code(place_id)
        if code is not None and place_id not in self.gaz.entries:
            add_division_nodes(batch, self.gaz, code, prov)


def add_division_nodes(batch: GraphBatch, gaz: Gazetteer, code: str, prov: Provenance) -> str:
    """The node of division `code` and of the divisions above it (County → City → Province, all
    `home: false` unless the gazetteer has them), joined by LOCATED_IN; returns the first node's id."""
    divisions = gaz.divisions
    home_counties = {e.data["code"]: e.id for e in gaz.by_label("County")}
    chain = [d for d in (divisions.ancestor(code, lvl) for lvl in ("county", "city", "province")) if d]
    ids = []
    for d in chain:
        node_id = home_counties.get(d.code) or (f"county:{d.code}" if d.level == "county" else f"region:{d.code}")
        if node_id not in gaz.entries and d.level == "county":
            batch.node(node_id, "County", prov, name=d.name, code=d.code, short=d.short, home=False)
        elif node_id not in gaz.entries:
            batch.node(node_id, "Region", prov, name=d.name, code=d.code, kind=d.level, home=False)
        ids.append(node_id)
    for child, parent in zip(ids, ids[1:], strict=False):
        batch.edge(child, "LOCATED_IN", parent, prov)
    return ids[0]


def _common(codes: list[str]) -> str:
    """The most specific division all `codes` lie in ('' when none: different provinces)."""
    if len(codes) == 1:
        return codes[0]
    for size in (9, 6, 4, 2):
        heads = {c[:size] for c in codes}
        if len(heads) == 1 and all(len(c) >= size for c in codes):
            return heads.pop()
    return ""


@lru_cache(maxsize=2)
def resolver_for(gaz: Gazetteer, extractor: Extractor) -> PlaceResolver:
    return PlaceResolver(gaz, extractor)


PLACE_COUNT_KEYS = {"county": "placed", "city": "city_level", "province": "province_level", "none": "unplaced"}


def place_counts(batch: GraphBatch) -> dict[str, int]:
    """Projects of a batch by how precisely they are placed (the ingest summary)."""
    counts = dict.fromkeys(PLACE_COUNT_KEYS.values(), 0)
    for node in batch.nodes.values():
        if node.label == "Project":
            counts[PLACE_COUNT_KEYS[node.props.get("place_level") or "none"]] += 1
    return counts
