"""Concrete projects named in running text (policy texts, news, reports).

Three shapes occur:
- a list of sites, then what is built there: "洪洞县、安泽县、吉县等抽水蓄能电站项目"
  → one project per site; "吉县—延长…管线项目" → one project joining both;
- "围绕<proper name>项目" in policy texts;
- news-style runs of names, each starting at a place of the city and ending
  in 项目/工程: "临汾经济开发区精密智造项目，侯马经济开发区高频变压器、电感元器件项目",
  "总投资16.7亿元的<name>项目" (the investment is kept).
A phrase that names a kind of project ("一批补链延链项目", "承接西安…项目")
rather than one project yields nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extract import Mention
from ingest.values import parse_investment
from ontology import Gazetteer

SITE_SEPARATORS = "、，,和及与"
COMPOUND_SEPARATORS = "—–－-"
FACILITY_ENDINGS = ("设施", "电站", "管线", "管道")
CLAUSE_BREAKS = "，。；：！？,;:!?（）()“”「」"
LEAD_INS = "、和及与"
NOT_ONE_PROJECT = ("等", "一批", "各", "上述")
LEAD_VERBS = ("加快推进", "全力推进", "积极推进", "推进", "谋划实施", "谋划", "实施", "启动", "开工建设", "计划建设",
              "正在建设", "建设")
HOME_PLACE_LABELS = ("County", "DevelopmentZone", "UrbanArea", "Park")
_OBJECT = re.compile(r"^等?([^，。；、：,;:“”（）()]{2,30}?)(项目|工程|及|，|。|；|、|$)")
_NAMED = re.compile(r"围绕([^，。；、：,;:“”（）()]{4,40}?(?:项目|工程))")
_END = re.compile(r"项目|工程")
_INVESTMENT = re.compile(r"总投资\s*(\d+(?:\.\d+)?\s*(?:亿元|万元|亿|万))(?:的)?")


@dataclass
class Phrase:
    """A project name found in a sentence, with its place and span."""

    name: str
    start: int  # offsets within the sentence
    end: int
    place_id: str
    extra_place_ids: tuple[str, ...] = ()
    investment_wan: float | None = None
    zone_id: str | None = None


def find_project_phrases(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Phrase]:
    phrases = _site_lists(text, mentions, gaz) + _named(text, mentions, gaz)
    taken = [(p.start, p.end) for p in phrases]
    for p in _news_runs(text, mentions, gaz):
        if not any(s <= p.start < e or s < p.end <= e for s, e in taken):
            phrases.append(p)
    return sorted(phrases, key=lambda p: p.start)


def home_county(entry_id: str, gaz: Gazetteer) -> str | None:
    """The county (or home city) a place of the city lies in."""
    entry = gaz.entries.get(entry_id)
    if entry is None:
        return None
    if entry.label == "County":
        return entry.id
    county = gaz.county_of_place(entry)
    if county and (county == gaz.home.id or gaz.entries[county].label == "County"):
        return county
    return None


def _site_lists(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Phrase]:
    places = sorted((m for m in mentions if m.label in ("County", "Region") and m.entry_id != gaz.home.id),
                    key=lambda m: m.start)
    groups: list[list[list[Mention]]] = []  # groups of sites; a site is one place or a compound
    for m in places:
        gap = text[groups[-1][-1][-1].end : m.start] if groups else None
        if gap and all(ch in COMPOUND_SEPARATORS for ch in gap):
            groups[-1][-1].append(m)
        elif gap is not None and len(gap) <= 1 and all(ch in SITE_SEPARATORS for ch in gap):
            groups[-1].append([m])
        else:
            groups.append([[m]])
    out: list[Phrase] = []
    for group in groups:
        end = group[-1][-1].end
        obj = _OBJECT.match(text[end:])
        if not obj:
            continue
        what, stop = obj.group(1), obj.group(2)
        is_project = stop in ("项目", "工程")
        if len(group) == 1 and (not is_project or len(group[0]) == 1):
            continue  # a single place + 项目 is left to the news rule
        if not is_project and not what.endswith(FACILITY_ENDINGS):
            continue
        suffix = stop if is_project else "项目"
        span_end = end + (obj.end(2) if is_project else obj.end(1))
        for site in group:
            county = next((m for m in site if m.label == "County"), None)
            if county is None:  # "承接西安…项目" names a kind of project, not one
                continue
            site_name = gaz.entries[county.entry_id].name if len(site) == 1 else "—".join(m.form for m in site)
            out.append(Phrase(f"{site_name}{what}{suffix}", group[0][0].start, span_end, county.entry_id,
                              tuple(m.entry_id for m in site if m is not county)))
    return out


def _named(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Phrase]:
    out = []
    for match in _NAMED.finditer(text):
        inside = [m for m in mentions if match.start(1) <= m.start < match.end(1)]
        counties = [c for c in (home_county(m.entry_id, gaz) for m in inside) if c]
        if any(m.label in HOME_PLACE_LABELS for m in inside) and inside[0].start == match.start(1):
            continue  # starts at a place: the news rule reads it
        out.append(Phrase(match.group(1), match.start(1), match.end(1), counties[0] if counties else gaz.home.id))
    return out


def _news_runs(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Phrase]:
    out: list[Phrase] = []
    floor = 0
    for end_match in _END.finditer(text):
        end = end_match.end()
        start = floor
        for i in range(end_match.start() - 1, floor - 1, -1):
            if text[i] in CLAUSE_BREAKS:
                start = i + 1
                break
        floor = end
        clause = text[start:end]
        investment = None
        inv = _INVESTMENT.search(clause)
        if inv:
            try:
                investment = parse_investment(inv.group(1), None)
            except ValueError:
                investment = None
            start += inv.end()
        start = max(start, text.rfind("的", start, end) + 1)  # "连接…的<name>工程": the name follows 的
        first = next((m for m in mentions if start <= m.start < end
                      and (m.label in HOME_PLACE_LABELS or m.entry_id == gaz.home.id)), None)
        if first is None:
            continue
        name = text[first.start:end].lstrip(LEAD_INS)
        after = text[first.end:end]
        verb = next((v for v in LEAD_VERBS if after.startswith(v)), None)
        if verb and first.label == "County":  # "永和县加快推进乾坤湾…工程": the county is the subject
            name = after[len(verb):]
        county = gaz.home.id if first.entry_id == gaz.home.id else home_county(first.entry_id, gaz)
        if county is None or any(word in name for word in NOT_ONE_PROJECT) or len(name) < 6:
            continue
        others = tuple(c for c in (home_county(m.entry_id, gaz) for m in mentions
                                   if first.start < m.start < end and m.label == "County") if c and c != county)
        zone = first.entry_id if first.label == "DevelopmentZone" else None
        out.append(Phrase(name, first.start, end, county, others, investment, zone))
    return out
