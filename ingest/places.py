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
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import rjieba

from graph.models import GraphBatch, Provenance
from ingest.extract import Extractor
from ingest.project_phrases import home_county
from ingest.textnorm import normalise
from ontology import Gazetteer
from ontology.countries import Countries, Country, read_countries
from ontology.divisions import CITY_CODE, COUNTY_CODE, GENERIC_NAMES, NEW_AREA, PROVINCE_CODE, SUFFIXES, Divisions
from ontology.gazetteer import GENERIC_CITY_SHORT_COUNT, GENERIC_SHORT_COUNT

FIELDS = ("county", "name", "content", "owner")  # where a place is looked for, most telling first
# how a project's place is labelled by where it came from (the project's `place_source`)
ROW_SOURCES = {"county": "row cell", "name": "name", "content": "content", "owner": "owner"}
TITLE_SOURCE = "document title"
_CJK = re.compile(r"[\u4e00-\u9fff]")
DOCUMENT_SOURCES = ("section heading", "sheet name", "title rows", TITLE_SOURCE, "file name", "folder",
                    "document lead")  # nearest to the row first; the lead (a text's first paragraph) is the weakest
# a company's name after a place: 深圳市凯之成…有限公司, and trade names without 公司 (北京忠和酒业)
_COMPANY = re.compile(r"[^，,、；;（()）]{0,20}?(?:有限责任公司|股份有限公司|有限公司|集团|公司|[酒煤药矿乳茶]业)")
# a lead speaking of the whole city or province is about a city-wide event: a county it names is the
# ceremony's venue, not the place of the document's rows
WHOLE_AREA_WORDS = ("全市", "全省", "全国", "各县")
MUNICIPALITY_SUFFIX = "市"  # a province whose name ends so is a city (北京市, 上海市, 天津市, 重庆市)
RENAMED_SUFFIXES = frozenset("县市区旗")  # a county's short form with one of these names it, renamed or not
PROPER_NOUN_TAGS = ("ns", "nr", "nz", "nt")  # jieba's tags of place, person, other and organisation names
# a word jieba's dictionary has seen this often is a word first (资源, 合作, 南部, 光泽: 3,000-17,000), even where
# the NER reads a place; county names it knows as words are rarer (柞水 4, 神木 94, 潜江 798)
FREQUENT_WORD = 1000
_PLACE_NOTE = re.compile(r"[(（]([^()（）]{2,12})[)）]$")
MIN_NOTED_NAME = 4  # characters a name keeps without its place note ("(樊城区)" alone is no name)
COUNTRY_KIND = "country_or_area"  # an ISO 3166-1 entry: a country, or an area such as 香港 or 台湾
SHORT_NAME = 3  # names this short must also be a whole word (jieba) when they are not at the start
_WINDOW = 8
_ROAD_ENDS = frozenset("至到")  # 军店至窑淮: the places a road joins
_OPENERS = frozenset("、，,；;：:（( ") | _ROAD_ENDS  # marks after which a new name begins
LIST_JOIN, MAX_LIST_ITEM = "、", 4  # 太原、大同、阳泉: the items of a list of places, up to four characters each
_ITEM_ENDS = frozenset("、，,；;。等和及与（( ")
_ITEM_STARTS = frozenset("、，,；;：:。和及与（( ")
# The kinds of development zone a text names right after its division (长沙经开区, 永济经济技术开发区,
# 安顺国家高新区, 哈尔滨新区), longest first; a short kind and its full one are the same zone.
ZONE_KINDS = {"高新技术产业开发区": "高新技术产业开发区", "经济技术开发区": "经济技术开发区",
              "高新技术开发区": "高新技术产业开发区", "经济开发区": "经济开发区", "产业集聚区": "产业集聚区",
              "综合保税区": "综合保税区", "工业园区": "工业园区", "产业园区": "产业园区",
              "经开区": "经济技术开发区", "高新区": "高新技术产业开发区", "开发区": "开发区", "工业园": "工业园区",
              "保税区": "保税区", "新区": "新区"}
# kinds that after a province name its zones together (山西省开发区…活动), not one zone (北京经开区 is one)
_COLLECTIVE_KINDS = frozenset({"开发区", "工业园区", "产业园区", "产业集聚区", "新区"})
_ZONE_ENDS = frozenset(kind[-1] for kind in ZONE_KINDS)
# round 34: a zone with a name of its own (湘江新区, 净月高新区, 徐圩港区, 怀柔科学城) ends in one of these kinds;
# 工业园 and 产业园 are left out: most such words the NER reads as places are one work's name (…箱包工业园)
NAMED_ZONE_KINDS = ("经济技术开发区", "高新技术产业开发区", "经济开发区", "高新区", "经开区", "开发区", "工业园区",
                    "工业区", "港区", "综合保税区", "保税区", "示范区", "试验区", "实验区", "合作区", "产业集聚区",
                    "集聚区", "科学城", "科技城", "新区", "新城", "片区")
_NAMED_ZONE = re.compile(r"^(?:国家级|省级)?(.+?)(" + "|".join(NAMED_ZONE_KINDS) + ")$")
# a name made only of words that say what a zone is for is no name (产业集聚区, 综合保税区, 国家级新区, 移民新城);
# a free-trade zone (海南自由贸易试验区) is a province's policy area, not a site
_KIND_WORDS = re.compile(r"^(?:产业|工业|化工|综合|生态|文旅|旅游|智慧|经济|科技|物流|商务|现代|循环|移民|国家级|国家|"
                         r"省级|新|大|国际|空港|临港|航空港|港)+$|(?:自贸|自由贸易)$")
_ZONE_KIND = re.compile(r"(?:国家级|国家)?(" + "|".join(ZONE_KINDS) + ")")


@dataclass(frozen=True)
class Placement:
    """The certain place of a row: counties (graph ids), else one city or province region, else nothing."""

    county_ids: tuple[str, ...] = ()
    region_id: str | None = None
    zone_id: str | None = None
    note: str | None = None  # why the place is less specific than the text suggests
    found_in: str | None = None
    by_township: bool = False  # placed through a home township or landmark, or a home county's short form
    # (other places share such names: 大宁新材料 is a company in a 娄底 list)
    source_text: str | None = None  # the document's words that placed the row (when a document did)

    @property
    def level(self) -> str:
        return "county" if self.county_ids else "city" if self.region_id else "none"

    @property
    def source(self) -> str | None:
        """Where the place came from, as a planner reads it: row cell, name, content, owner, or a
        part of the document (document title, file name, …) when the row itself names no place."""
        return ROW_SOURCES.get(self.found_in or "", self.found_in)


@dataclass(frozen=True)
class DocumentPlace:
    """The place a document states for rows that name none: its title, a heading above the rows, its
    sheet, its file name or folder. `place_id` is a county or a city/province region."""

    place_id: str
    code: str
    source: str  # one of DOCUMENT_SOURCES
    text: str  # the words that state it

    @property
    def county(self) -> bool:
        return len(self.code) >= 6


@dataclass(frozen=True)
class ZoneMention:
    """A development zone a sentence names: `form` as written at `start`, in division `code`,
    of `kind` (the full kind: 经开区 → 经济技术开发区)."""

    form: str
    start: int
    code: str
    kind: str

    @property
    def end(self) -> int:
        return self.start + len(self.form)


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

    @property
    def end(self) -> int:
        return self.start + len(self.text)


class PlaceResolver:
    """Built once per gazetteer; `place` is called per row."""

    def __init__(self, gaz: Gazetteer, extractor: Extractor) -> None:
        self.gaz, self.extractor = gaz, extractor
        self.divisions: Divisions = gaz.divisions
        self.countries: Countries = read_countries()
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
    def place(self, fields: dict[str, str], document: DocumentPlace | None = None) -> Placement:
        """The place of a row from its own cells (county cell, name, content, owner: first that tells),
        else from the place its document states. The row's own place wins; the document's place only
        fills in a row naming none, refines a row naming just a city or province that holds it, and
        settles a name several places share (江北 in a 重庆 list)."""
        own = self._own(fields, (document.code,) if document else ())
        if document is None:
            return own
        doc = Placement((document.place_id,) if document.county else (),
                        None if document.county else document.place_id, own.zone_id, own.note,
                        document.source, source_text=document.text)
        if own.county_ids and not (own.by_township and not self.info(document.place_id).home
                                   and not self._holds(doc, own)):
            return own  # (a township or landmark the document's other county also has: the document's)
        if own.region_id and not (document.code.startswith(self._code(own.region_id) or "-")
                                  and len(document.code) > len(self._code(own.region_id) or "")):
            return own  # the row names another city or province than its document: the row wins
        return doc

    def mentions(self, text: str, inside: tuple[str, ...] = (),
                 places: tuple[tuple[int, int], ...] = ()) -> list[tuple[str, int, str]]:
        """(form, start, division code) for each county, city or province outside the home city that a
        sentence names, when it is certain: one division once the sentence's other places, the
        document's place `inside`, the home city and province have narrowed it (新城区 after 西安市 is
        西安's). Counties by their full name, or by a short form the places around hold once, or one only
        that county has in the country where the NER reads a place (`places`: its LOC spans; see
        `_held_counties`). Townships by their full name, when the country has one of that name or the
        sentence or document names a place holding it (`_certain_township`). A name many places share with
        nothing to choose by is not stored as a mention."""
        matches = self._scan(text, whole=False, short=False, inside=inside, named=True)
        context = {c for m in matches if len(m.codes) == 1 for c in m.codes} | set(inside)
        out: list[tuple[str, int, str]] = []
        for m in matches:
            chosen = self._choose(m.codes, context)
            if len(chosen) == 1 and not chosen[0].startswith(self.home_code) and (
                    len(chosen[0]) <= COUNTY_CODE or self._certain_township(m, chosen[0], context)
                    or self._town_of_city(chosen[0], inside)):
                out.append((m.text, m.start, chosen[0]))
        out += self._held_counties(text, matches, context, places)
        return sorted(out + self._list_siblings(text, out), key=lambda found: found[1])

    def _list_siblings(self, text: str, found: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
        """Places written as items of a list beside a certain one (太原、大同、阳泉; 天台、仙居、三门): a short form
        many places share (大同 is a city, a 大庆 district and towns) is the one division of its neighbour's
        level under its neighbour's parent. The list's other places decide; nothing else here does."""
        taken = {i for form, start, _ in found for i in range(start, start + len(form))}
        todo, out = list(found), []
        while todo:
            form, start, code = todo.pop()
            for item_start, item_end in self._list_neighbours(text, start, start + len(form)):
                item = text[item_start:item_end]
                if any(i in taken for i in range(item_start, item_end)):
                    continue  # (no common-word test: beside 太原 in a list, 大同 is the city, not the adverb)
                same = [c for c in self.divisions.codes(item) if len(c) == len(code) and c[:-2] == code[:-2]]
                if len(same) == 1 and not same[0].startswith(self.home_code):
                    out.append((item, item_start, same[0]))
                    todo.append(out[-1])
                    taken.update(range(item_start, item_end))
        return out

    def _list_neighbours(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The items right after and right before a place in a list joined by 、 (two to four characters up to
        the next list mark): its neighbours, when it has any."""
        spans = []
        if text[end : end + 1] == LIST_JOIN:
            stop = next((k for k in range(end + 1, min(len(text), end + 2 + MAX_LIST_ITEM)) if text[k] in _ITEM_ENDS),
                        len(text))
            spans.append((end + 1, stop))
        if start > 0 and text[start - 1] == LIST_JOIN:
            first = next((k + 1 for k in range(start - 2, max(-1, start - 3 - MAX_LIST_ITEM), -1)
                          if text[k] in _ITEM_STARTS), 0)
            spans.append((first, start - 1))
        return [(a, b) for a, b in spans if 2 <= b - a <= MAX_LIST_ITEM]

    def _held_counties(self, text: str, matches: list[_Match], context: set[str],
                       places: tuple[tuple[int, int], ...] = ()) -> list[tuple[str, int, str]]:
        """Counties named by their short form (西峰 after 庆阳市, 渭源 in a 甘肃 text, 宝山 after 落户): the
        sentence's or the document's places must hold exactly one county of that form, and the form must be
        no common word (资源, 合作, 通道, 仙桃 are counties too). Until round 24 only a short form right after a
        word that says where (在, 落户, 位于) counted; the places around one decide as well, and most keyed short
        forms follow no such word. Round 34: with no place around, a short form only one county in the country
        has (柞水, 神木, 锡林浩特; townships inside that county aside) counts where the NER reads a place in
        its word (`places`), and so does one the places around hold; common word or not (jieba's dictionary calls
        柞水 and 石首 nouns, while the NER reads them as places by their sentence), but no frequent word (资源,
        南部: the NER errs there too) and none a nearer place around holds another division of (仙游鲤城 is
        仙游's 鲤城街道, not the province's 泉州 鲤城区)."""
        if not context and not places:
            return []
        taken = {i for m in matches for i in range(m.start, m.end)}
        out: list[tuple[str, int, str]] = []
        for found in self._scan(text, whole=False):
            if any(i in taken for i in range(found.start, found.end)):
                continue
            held = [c for c in found.codes if len(c) == COUNTY_CODE and any(c.startswith(x) for x in context)]
            certain = held[0] if len(held) == 1 else None if held else self._only_county(found.text)
            if certain is None or certain.startswith(self.home_code):
                continue
            around = context | {code for *_, code in out}  # and the counties named before it: 仙游 in 仙游鲤城
            near = self._nearest_holder(certain, around)
            shared = any(not c.startswith(certain) and self._nearest_holder(c, around) > near
                         for c in self.divisions.short.get(found.text, []))
            if (held and not _common_word(found.text)) or (
                    any(s <= found.start < e for s, e in places) and not _frequent_word(found.text) and not shared):
                out.append((found.text, found.start, certain))
        return out

    @staticmethod
    def _nearest_holder(code: str, context: set[str]) -> int:
        """How specific the nearest place around that holds `code` is (the length of its code; 0: none holds it)."""
        return max((len(x) for x in context if code.startswith(x)), default=0)

    def _only_county(self, form: str) -> str | None:
        """The one county in the country with this short form, when no other county, city or province has it
        and the townships that share it lie in that county (府谷 and its 府谷镇)."""
        codes = self.divisions.short.get(form, [])
        counties = [c for c in codes if len(c) == COUNTY_CODE]
        if len(counties) != 1 or form in GENERIC_NAMES or form in self.divisions.full:
            return None
        return counties[0] if all(c == counties[0] or (len(c) > COUNTY_CODE and c.startswith(counties[0]))
                                  for c in codes) else None

    def _certain_township(self, match: _Match, code: str, context: set[str]) -> bool:
        """A township by its full name that lies in a place the sentence or the document names (城关镇 after
        兴化市), or, where they name none, that the country has once (戴南镇); the home city or province is
        no evidence here, and a place named that does not hold it speaks against it (湖北省鹿角镇 is not
        重庆's only 鹿角镇 of the divisions list)."""
        if not (match.text.endswith(SUFFIXES["township"]) and match.text in self.divisions.full):
            return False
        others = context - set(match.codes)
        return any(code.startswith(c) for c in others) if others else len(match.codes) == 1

    def countries_in(self, text: str) -> list[tuple[str, int, Country]]:
        """(form, start, entry) for each country or area outside China a sentence names (德国, 新加坡, 香港), the
        longest form at each place; a short form must be a whole word (加纳 is not in 增加纳税, 美国 not in
        华美国际)."""
        out: list[tuple[str, int, Country]] = []
        forms, i = self.countries.forms, 0
        while i < len(text) - 1:
            if text[i : i + 2] not in self.countries.heads:
                i += 1
                continue
            form = next((text[i : i + n] for n in self.countries.lengths if text[i : i + n] in forms
                         and (n > SHORT_NAME or self._is_word(text, i, i + n))), None)
            if form is None:
                i += 1
                continue
            out.append((form, i, self.countries.by_code[forms[form]]))
            i += len(form)
        return out

    def name_origin(self, name: str) -> str | None:
        """Where a company comes from by the place its name starts with, as a code: a country or area outside
        China (美国希尔顿: US), a division by its full name (海宁市…) or a province or city by its short form
        (浙江运达风电…, 深圳凯之成…). A county's short form is not taken: it is often a brand (长城, 华西)."""
        return _name_origin(self, name)

    def without_place_note(self, name: str) -> str:
        """The name without a closing bracket that holds only a county's or township's full name (…座椅项目
        (樊城区), …工业盐项目(月河镇)): a list's note of where the work is, which places it, not its name."""
        note = _PLACE_NOTE.search(name)
        if note is None or len(name) - len(note.group()) < MIN_NOTED_NAME:
            return name
        return name[: note.start()] if any(len(c) >= COUNTY_CODE for c in self.divisions.full.get(note.group(1), [])) \
            else name

    def _town_of_city(self, code: str, inside: tuple[str, ...]) -> bool:
        """A township of a city with no counties (东莞, 中山, 儋州: the city is its own county-level unit), in
        the document's place: there its towns are what counties are elsewhere (中堂福创科…项目 in a 东莞 text)."""
        county, city = self.divisions.get(code[:COUNTY_CODE]), self.divisions.get(code[:CITY_CODE])
        return (len(code) > COUNTY_CODE and code.startswith(inside) and county is not None and city is not None
                and county.name == city.name)

    def zones(self, text: str, inside: tuple[str, ...] = ()) -> list[ZoneMention]:
        """The development zones a sentence names by a division and a kind of zone (长沙经开区 is
        长沙's, 宁乡高新区 宁乡's), when the division is certain: one county, city or province once the
        sentence's other places, the document's place `inside`, the home city and province have
        narrowed it. The kind anchors the name, so counties count by their short form here too, but a
        county's short form outside the document's place is too loose (滨海高新区 in a 天津 text is not
        江苏's 滨海县), and so is one outside the places the sentence names. A province before a plain kind
        names its zones together (山西省开发区). A zone that is a division itself (滨海新区) is left to
        `mentions`."""
        if not any(end in text for end in _ZONE_ENDS):  # most texts name no zone: skip the scan
            return []
        kinds = list(_ZONE_KIND.finditer(text))
        if not kinds:
            return []
        context: set[str] | None = None  # the sentence's certain places, scanned once a division is found
        out: list[ZoneMention] = []
        for kind in kinds:
            at = kind.start()
            for size in range(min(self.divisions.max_len, at), 1, -1):
                form = text[at - size : at]
                codes = [c for c in self.divisions.codes(form) if len(c) <= COUNTY_CODE]
                if not codes or form in GENERIC_NAMES or text[at - size : kind.end()] in self.divisions.full:
                    continue
                if context is None:
                    context = {c for m in self._scan(text, whole=False, short=False, inside=inside, named=True)
                               if len(m.codes) == 1 for c in m.codes} | set(inside)
                # a city's short form is also its county's (长沙市, 长沙县): the city holds both for certain
                common = _common(codes)
                chosen = [common] if common in codes else self._choose(codes, context)
                short_county = form not in self.divisions.full and len(chosen[0]) == COUNTY_CODE
                loose = short_county and context and not any(chosen[0].startswith(c) for c in context)
                loose = loose or (len(chosen[0]) == PROVINCE_CODE and kind.group(0) in _COLLECTIVE_KINDS)
                if len(chosen) == 1 and not loose and self._is_word(text, at - size, at, frozenset({kind.group(0)})):
                    out.append(ZoneMention(text[at - size : kind.end()], at - size, chosen[0],
                                           ZONE_KINDS[kind.group(1)]))
                break
        return out

    def named_zones(self, text: str, places: tuple[tuple[int, int], ...]) -> list[ZoneMention]:
        """Development zones named by a name of their own, not a division's (湘江新区, 川渝高竹新区, 净月高新区,
        天津港保税区): a word the NER reads as one place that ends in a zone's kind, its name (what comes before
        the kind) more than words saying what the zone is for. Where such a zone lies is not known from its
        name: the mention has no division code (`zones` finds the ones named by their division)."""
        out: list[ZoneMention] = []
        for start, end in places:
            named = _NAMED_ZONE.match(text[start:end])
            if named and len(named.group(1)) >= 2 and not _KIND_WORDS.search(named.group(1)):
                out.append(ZoneMention(text[start:end], start, "", ZONE_KINDS.get(named.group(2), named.group(2))))
        return out

    def zone_of(self, text: str, place_id: str | None) -> ZoneMention | None:
        """The first zone `text` names (see `zones`) that lies in the place `place_id` or holds it, when
        the text has one: a project named 长沙经开区…项目 is in that zone."""
        code = self._code(place_id)
        return next((z for z in self.zones(text, (code,) if code else ())
                     if code is None or z.code.startswith(code) or code.startswith(z.code)), None)

    def document_place(self, statements: list[tuple[str, str]]) -> DocumentPlace | None:
        """The place a document states, from (source, text) pairs nearest to the rows first (a heading,
        the sheet, the title, the file name, the folder). Only a certain place counts (one county, or
        one city or province, no ambiguity; other counties by their full name only: a heading
        "实现合作共赢" is not 合作市, a title "长治:…" is 长治市). The nearest statement wins; a farther
        one only makes it more specific (a 临汾市 title in a 襄汾县 folder → 襄汾县), never contradicts it."""
        best: DocumentPlace | None = None
        values = [(source, text, normalise(text).strip()) for source, text in statements]
        # what any statement names for certain settles a name another one shares with other places:
        # a headline "故县镇:…" is the 故县镇 of the lead's "灵宝市故县镇", not the home province's
        context = tuple(dict.fromkeys(c for *_, v in values for m in self._scan(v, whole=False, short=False)
                                      if len(m.codes) == 1 for c in m.codes))
        for source, text, value in values:
            if not value:
                continue
            found = self._find(value, whole=False, context=context, short=False, inside=context)
            if found.by_township and self.short_form_only(found.county_ids, value):  # a lead's 湖南省娄底市…大宁新材料
                found = self._national_over(found, value, False, context, False, context)
            if not (found.county_ids or found.region_id):  # a title "扬中经开区召开…" names 扬中 by its zone
                zones = {z.code for z in self.zones(value, context)}
                found = Placement(region_id=self.region_id(zones.pop())) if len(zones) == 1 else found
            if found.note or len(found.county_ids) > 1 or not (found.county_ids or found.region_id):
                continue
            place_id = found.county_ids[0] if found.county_ids else found.region_id
            code = self._code(place_id) if place_id else None
            if place_id is None or code is None:
                continue
            if source == "document lead" and len(code) >= 6 and any(w in value for w in WHOLE_AREA_WORDS):
                # "全市…开工仪式在华阴市举行": the county is the ceremony's, the list is the city's
                code = code[:4]
                place_id = self.region_id(code)
                if place_id is None:
                    continue
            if best is None or (code.startswith(best.code) and len(code) > len(best.code)):
                best = DocumentPlace(place_id, code, source, text.strip())
        return best or self._county_in_title(values)

    def _county_in_title(self, values: list[tuple[str, str, str]]) -> DocumentPlace | None:
        """A title that opens with its county's short form (黎川43个项目集中开工, 兴仁与太平洋集团签约…, 台山会场…),
        when nothing else placed the text and the title names no other place: one word, at the start or after
        a figure or a mark, that is the short form of one county in the country, of no province or city (长沙,
        海南, 河北 are those), and no common word (合作 in 实现合作共赢, 天台)."""
        for source, text, value in values:
            if source != TITLE_SOURCE or self._scan(value, whole=False, short=False):
                continue  # a title naming other places too (西安…王永康, 广东省:…陆丰核电、阳西电厂) is no county's
            found = {codes[0] for word, start, _ in self.extractor.tokens(value)
                     if (start == 0 or not _CJK.match(value, start - 1))  # not 王|永康, a person's name
                     and len(codes := [c for c in self.divisions.short.get(word, []) if len(c) <= COUNTY_CODE]) == 1
                     and len(codes[0]) == COUNTY_CODE and not _common_word(word)}
            if len(found) == 1:
                code = found.pop()
                return DocumentPlace(self.county_id(code), code, source, text.strip())
        return None

    def _own(self, fields: dict[str, str], context: tuple[str, ...] = ()) -> Placement:
        """The place a row's own cells state (see `place`); `context`: codes that settle ambiguity."""
        unresolved: str | None = None
        within: Placement | None = None
        for name in FIELDS:
            value = fields.get(name, "")
            if not value:
                continue
            if name == "county" and value in (self.gaz.home.name, *self.gaz.home.forms):
                within = Placement(region_id=self.gaz.home.id, found_in=name)
                continue
            # the regions known to hold the row (its document's place, a county cell naming its city):
            # inside them a name the country shares (金村, 白水) is the one division of that name there
            inside = (*context, *(c for c in [self._code(within.region_id if within else None)] if c))
            found = self._find(value, whole=name == "county", context=context, inside=inside)
            if within is not None and within.region_id:
                found = self._inside(found, within.region_id)
            if found.county_ids:
                return Placement(found.county_ids, None, found.zone_id, found.note, name, found.by_township)
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

    def _find(self, value: str, whole: bool, context: tuple[str, ...] = (), short: bool = True,
              inside: tuple[str, ...] = ()) -> Placement:
        found = self._home_places(value) or self._national(value, whole, context, short, inside)
        if found.by_township:  # 新城 or 壶口镇 of the home city lose to 西安市新城区 or 陕西宜川壶口镇
            found = self._national_over(found, value, whole, context, short, inside)
        # a home county written by its short form only (大宁新材料 may be a company's word) is as weak as a
        # township's name against the place a document of another city states (place(), document_place():
        # 湖南省娄底市…); in a row's name with the investor's province (浙江运达…(襄汾)基地项目) it stays the site
        return replace(found, by_township=True) if self.short_form_only(found.county_ids, value) else found

    def _national_over(self, found: Placement, value: str, whole: bool, context: tuple[str, ...] = (),
                       short: bool = True, inside: tuple[str, ...] = ()) -> Placement:
        """`found` (a weak home place), or the place outside the home city `value` names that does not hold it."""
        national = self._national(value, whole, context, short, inside)
        home = [c for c in national.county_ids if self.info(c).home]
        if (national.county_ids or national.region_id) and not home and not self._holds(national, found):
            return national
        return found

    def short_form_only(self, place_ids: tuple[str, ...], written: str) -> bool:
        """Whether `place_ids` are home places (the gazetteer's) that `written` names by short forms only
        (大宁 for 大宁县)."""
        entries = [self.gaz.entries.get(c) for c in place_ids]
        return bool(entries) and all(e is not None and e.name not in written for e in entries)

    def _holds(self, outer: Placement, inner: Placement) -> bool:
        """Whether `outer`'s place (a county, city or province) holds one of `inner`'s counties: 晋城 and the
        landmark 郭峪古城 (阳城县) agree, and the landmark is the more precise."""
        codes = [self._code(c) or "-" for c in inner.county_ids]
        return any(any(c.startswith(self._code(o) or "+") for c in codes)
                   for o in (*outer.county_ids, *([outer.region_id] if outer.region_id else [])))

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

    def _national(self, text: str, whole: bool, outer: tuple[str, ...] = (), short: bool = True,
                  inside: tuple[str, ...] = ()) -> Placement:
        # a place starting a company's name outside the home province is where the company is
        # registered, not where the project is (深圳市凯之成…有限公司…项目 in 襄汾)
        # (unless another place follows right after it and starts the name: 海宁市浙江晶科…有限公司 is 海宁's)
        scanned = self._scan(text, whole, short, inside)
        starts = {m.start for m in scanned}
        matches = [m for m in scanned
                   if not (_COMPANY.match(text, m.end) and m.end not in starts
                           and not any(c.startswith(self.home_province) for c in m.codes))]
        if not matches:
            return Placement()
        context = {c for m in matches if len(m.codes) == 1 for c in m.codes} | set(outer)
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

    def _scan(self, text: str, whole: bool, short: bool = True, inside: tuple[str, ...] = (),
              named: bool = False) -> list[_Match]:
        """Longest full names anywhere; short forms only at a word edge (or the whole cell). Within the
        regions `inside` (codes known to hold the text), a short form of a township, or one the country
        shares too widely to count alone (白水, 金村), counts when that region has exactly one division of
        that name (白水 in a 渭南 list is 白水县; 汉山 in a 三门峡 list is nothing, not 汉中's 汉山街道).
        `named`: the places a sentence names (mentions), where a city's short form counts up to
        GENERIC_CITY_SHORT_COUNT sharers; where a row or a document is placed it still takes GENERIC_SHORT_COUNT
        (a lead's "在海口举行" names the ceremony's city, not the province-wide list's)."""
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
                renamed = self._renamed(text, i, form)
                if renamed:
                    hit = _Match(form + text[i + size], renamed, i)
                    break
                codes = self.divisions.full.get(form) if whole or form not in GENERIC_NAMES else None
                if not codes:
                    # national short forms of counties, cities and provinces; townships need their full name
                    # (`short` False: of cities and provinces only, as in a title "长治:…", not 合作 for 合作市)
                    shared = self.divisions.short.get(form, [])
                    codes = ([c for c in shared if len(c) <= (COUNTY_CODE if short else CITY_CODE)]
                             if whole or len(shared) < (GENERIC_CITY_SHORT_COUNT if named else GENERIC_SHORT_COUNT)
                             else None)
                # (天府新区, 两江新区: a new area spanning counties, not the township that shares its head)
                if not codes and inside and form not in GENERIC_NAMES and not text.startswith(NEW_AREA, i + size) \
                        and (size > 2 or _begins_name(text, i, size) or (out and out[-1].end == i)):
                    near = _outermost([c for c in self.divisions.codes(form) if c.startswith(inside)])
                    codes = [near] if near else None
                if codes and not whole and size <= SHORT_NAME and not self._is_word(text, i, i + size, FACILITY_RESTS):
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

    def _renamed(self, text: str, start: int, form: str) -> list[str]:
        """The counties whose short form `form` is, when the text writes it with a county's suffix that is
        not its name today (偃师市 is 偃师区 since 2021): the text still names that county. Not when the
        name starts inside a word (雄安新区 is no 安新县) or the suffix opens one (南部区域, 东方市场)."""
        at = start + len(form)
        suffix = text[at : at + 1]
        if not suffix or suffix not in RENAMED_SUFFIXES or form + suffix in self.divisions.full:
            return []
        counties = [c for c in self.divisions.short.get(form, []) if len(c) == COUNTY_CODE]
        if not counties:
            return []
        left = max(0, start - _WINDOW)
        tokens = [(s + left, e + left) for _, s, e in self.extractor.tokens(text[left : at + _WINDOW])]
        bounds = {left, *(b for t in tokens for b in t)}
        crossed = any(start < s < at < e for s, e in tokens)  # 雄/安/新区: 新区 is a word, 安新 none
        return counties if start in bounds and at + 1 in bounds and not crossed else []

    def _is_word(self, text: str, start: int, end: int, rests: frozenset[str] = frozenset()) -> bool:
        """Whether text[start:end] is a word of its own, or opens one word whose rest is one of `rests`: a facility's
        ending (三亚|港, 黄骅|港, 白云|机场: the word is a work's or a site's name and the place is named in it; round
        33) or a zone's kind (jieba has 苏州高新区 and 北京经济技术开发区 as one word each; round 34)."""
        left, reach = max(0, start - _WINDOW), end + _WINDOW + max(map(len, rests), default=0)
        tokens = [(s + left, e + left) for _, s, e in self.extractor.tokens(text[left:reach])]
        bounds = {left, *(b for t in tokens for b in t)}
        return (start in bounds and end in bounds) or any(s == start and e > end and text[end:e] in rests
                                                          for s, e in tokens)

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
        if city is None and province is not None and province.name.endswith(MUNICIPALITY_SUFFIX):
            city = province  # 北京市, 重庆市: a province-level city is its districts' city too
        level = "county" if county else "city" if city is not None else "province"
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


def path_statements(doc_id: str) -> list[tuple[str, str]]:
    """A document's file name, then its folders (inner first) under the folder that was ingested,
    as statements of its place (`doc:襄汾县/2023清单` → file name 2023清单, folder 襄汾县)."""
    parts = doc_id.removeprefix("doc:").split("~", 1)[0].split("/")
    return [("file name", parts[-1]), *(("folder", folder) for folder in reversed(parts[:-1]))]


def add_division_nodes(batch: GraphBatch, gaz: Gazetteer, code: str, prov: Provenance) -> str:
    """The node of division `code` and of the divisions above it (Township → County → City → Province, all
    `home: false` unless the gazetteer has them), joined by LOCATED_IN; returns the first node's id."""
    divisions = gaz.divisions
    home_counties = {e.data["code"]: e.id for e in gaz.by_label("County")}
    chain = [d for d in (divisions.ancestor(code, lvl) for lvl in ("township", "county", "city", "province")) if d]
    ids = []
    for d in chain:
        prefix = d.level if d.level in ("township", "county") else "region"
        node_id = home_counties.get(d.code) or f"{prefix}:{d.code}"
        if d.level == "township" and node_id not in gaz.entries and node_id not in gaz.local:
            batch.node(node_id, "Township", prov, name=d.name, code=d.code, home=False)
        elif node_id not in gaz.entries and d.level == "county":
            batch.node(node_id, "County", prov, name=d.name, code=d.code, short=d.short, home=False)
        elif node_id not in gaz.entries:
            batch.node(node_id, "Region", prov, name=d.name, code=d.code, kind=d.level, home=False)
        ids.append(node_id)
    for child, parent in zip(ids, ids[1:], strict=False):
        batch.edge(child, "LOCATED_IN", parent, prov)
    return ids[0]


# what follows a place's short form inside one word of a work or a site (三亚港, 苏州湾, 永德机场)
FACILITY_RESTS = frozenset(("港", "湾", "站", "机场", "大桥", "水库", "港区", "高铁站", "火车站", "客运站"))


@lru_cache(maxsize=4096)
def _common_word(form: str) -> bool:
    """Whether jieba's dictionary has `form` as one word of a common class (合作 vn, 通道 v, 平房 n), not a
    proper noun (ns, nr, nz, nt: 徐汇, 浦东): a county's short form that is also such a word stays a word."""
    tagged = rjieba.tag(form)
    return len(tagged) == 1 and not tagged[0][1].startswith(PROPER_NOUN_TAGS)


@lru_cache(maxsize=4096)
def _frequent_word(form: str) -> bool:
    """Whether jieba's dictionary has `form` as one word at least FREQUENT_WORD times (its frequency is what
    `suggest_freq` gives for a word the dictionary holds whole)."""
    return len(rjieba.cut(form, False)) == 1 and rjieba.suggest_freq(form) >= FREQUENT_WORD


@lru_cache(maxsize=16384)  # asked per sentence and again per company node; a list names the same owners often
def _name_origin(resolver: PlaceResolver, name: str) -> str | None:
    country = next((c for form, start, c in resolver.countries_in(name) if start == 0 and len(form) < len(name)), None)
    return country.code if country else _outermost(resolver.divisions.origin_prefix(name)[1])


def add_place_nodes(batch: GraphBatch, gaz: Gazetteer, code: str, prov: Provenance) -> str:
    """The node of a division (digits) or of a country or area outside China (ISO letters), with what holds it."""
    if code.isdigit():
        return add_division_nodes(batch, gaz, code, prov)
    return add_country_node(batch, read_countries().by_code[code], prov)


def add_country_node(batch: GraphBatch, country: Country, prov: Provenance) -> str:
    """The Region node of a country or area outside China (ISO 3166-1: `region:DE`), with its other forms."""
    node_id = f"region:{country.code}"
    batch.node(node_id, "Region", prov, name=country.name, code=country.code, kind=COUNTRY_KIND,
               aliases=[f for f in country.forms if f != country.name], home=False)
    return node_id


def add_zone_node(batch: GraphBatch, gaz: Gazetteer, zone: ZoneMention, prov: Provenance) -> str:
    """The node of a development zone outside the gazetteer (长沙经开区), LOCATED_IN its division's node
    (and that one's chain up to the province); one node per division and kind however the text writes
    them (长沙经开区, 长沙市经济技术开发区), each written form among its aliases. Returns the zone node's id."""
    division = add_division_nodes(batch, gaz, zone.code, prov)
    place = gaz.divisions.by_code[zone.code]
    node_id = f"zone:{zone.code}:{zone.kind}"
    known = batch.nodes.get(node_id)
    aliases = sorted({zone.form, *((known.props.get("aliases") or []) if known is not None else [])})
    batch.node(node_id, "DevelopmentZone", prov, name=(place.short or place.name) + zone.kind, aliases=aliases,
               code=zone.code, home=zone.code.startswith(str(gaz.home.data["code"])))
    batch.edge(node_id, "LOCATED_IN", division, prov)
    return node_id


def add_named_zone_node(batch: GraphBatch, zone: ZoneMention, prov: Provenance) -> str:
    """The node of a development zone named by a name of its own (湘江新区; see `PlaceResolver.named_zones`):
    one node per written name, LOCATED_IN nothing, since the name does not say where it lies."""
    node_id = f"zone:named:{normalise(zone.form)}"
    batch.node(node_id, "DevelopmentZone", prov, name=zone.form, aliases=[zone.form], code=zone.code, home=False)
    return node_id


def _begins_name(text: str, start: int, size: int) -> bool:
    """Whether a two-character place stands where a name begins (金村文化创意产业园) or a road ends
    (国道军店至窑淮), not inside a name (春风十里小镇). (Right after its city, 运城市永济, counts too.)"""
    return start == 0 or text[start - 1] in _OPENERS or text[start + size : start + size + 1] in _ROAD_ENDS


def _outermost(codes: list[str]) -> str | None:
    """The one code holding all of `codes` (富裕县 and its 富裕镇 are 富裕县), else the one county or larger
    among townships (北安 in a 黑龙江 text is 北安市, not 孙吴县's 北安乡), else None."""
    outer = min(codes, key=len, default=None)
    if outer is not None and all(c.startswith(outer) for c in codes):
        return outer
    counties = [c for c in codes if len(c) <= COUNTY_CODE]
    return counties[0] if len(counties) == 1 else None


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
FROM_DOCUMENT = "from_document"  # of those, the projects placed by their document, not by their own cells


def place_counts(batch: GraphBatch) -> dict[str, int]:
    """Projects of a batch by how precisely they are placed (the ingest summary), and how many of
    them took their place from the document (title, heading, sheet, file name or folder)."""
    counts = dict.fromkeys([*PLACE_COUNT_KEYS.values(), FROM_DOCUMENT], 0)
    for node in batch.nodes.values():
        if node.label == "Project":
            counts[PLACE_COUNT_KEYS[node.props.get("place_level") or "none"]] += 1
            counts[FROM_DOCUMENT] += node.props.get("place_source") in DOCUMENT_SOURCES
    return counts
