"""Turns one project, from whatever source, into graph facts: a stable id from
county + normalised name (so the same project from two sources is one node),
its place, industries, chain links, task and mentioned rivers and regions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from graph.models import GraphBatch, Node, Provenance
from ingest.extract import Extractor
from ingest.keywords import KeywordSet
from ingest.places import add_zone_node, resolver_for
from ontology import Gazetteer

_NAME_NOISE = re.compile(r"[\s\u3000·•、，,。.;；:：()（）\[\]【】“”\"'‘’《》<>—–\-_/]+")
_TAIL = re.compile(r"(建设)?(项目|工程)(建设)?$")
MENTION_LABELS = ("River", "Region", "Enterprise", "Mountain", "Park", "UrbanArea")
# What a source states about a project. Where the rows or documents naming one project disagree on
# one of these, every value is kept: per document by the store, per row of one list in VALUES_BY_ROW.
VALUE_FIELDS = ("investment_wan", "years", "owner", "content", "category")
VALUES_BY_ROW = "values_by_row"  # JSON text {field: [[row, value], ...]}: a list's repeats that disagree


@dataclass
class ProjectRecord:
    """A project as read from a source, before linking."""

    name: str
    prov: Provenance
    place_id: str | None = None  # a county id, or the home city's region id
    zone_id: str | None = None
    name_original: str | None = None
    content: str = ""
    investment_wan: float | None = None
    years: str | None = None
    owner: str | None = None
    category: str | None = None
    task_id: str | None = None
    task_score: float | None = None
    task_source: str | None = None
    also_in: tuple[str, ...] = ()  # more counties (shared projects) or places of a compound site
    extra: dict[str, Any] = field(default_factory=dict)
    variant: str = ""  # tells apart rows of one list sharing a name but not a site, scale or investment


def project_text(name: str, content: str | None) -> str:
    """The text a project is matched, classified and searched by."""
    return f"{name} {content}" if content else name


def normalise_name(name: str, gazetteer: Gazetteer, place_id: str | None) -> str:
    """The part of a name that stays when sources word it differently: no
    punctuation, no county name in front, no trailing 项目/工程."""
    key = _NAME_NOISE.sub("", name)
    entry = gazetteer.entries.get(place_id) if place_id else None
    if entry is not None:
        for form in sorted({entry.name, *entry.forms, *entry.context_forms}, key=len, reverse=True):
            if len(form) > 1 and key.startswith(form):
                key = key[len(form):]
                break
    return _TAIL.sub("", key) or key


def project_id(gazetteer: Gazetteer, place_id: str | None, name: str) -> str:
    entry = gazetteer.entries.get(place_id) if place_id else None
    # a place outside the gazetteer (another city's county) is `county:<code>` or `region:<code>`
    code = (entry.data.get("code") if entry else place_id.split(":", 1)[1] if place_id else None) or "unknown"
    return f"project:{code}:{normalise_name(name, gazetteer, place_id)}"


def keyword_hits(text: str, keywords: list[str] | tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(k for k in keywords if k and k in text))


@dataclass
class Classification:
    """What a project text is about: its industries and chain links (with the
    words that matched), the places and rivers it names."""

    industries: dict[str, list[str]]
    links: dict[str, list[str]]
    mentions: list[str]
    counties: list[str]


@dataclass(frozen=True)
class _KeywordTable:
    """The gazetteer's industry and chain-link keywords, gathered once: a
    text is first checked against the set of all words, and only the
    industries and links sharing a word with it are looked at."""

    words: KeywordSet
    industries: tuple[tuple[str, tuple[str, ...]], ...]  # (industry id, its words in order)
    links: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]  # (link id, keywords, chain's requires_any)
    industries_of: dict[str, tuple[int, ...]]  # word -> positions in `industries` listing it
    links_of: dict[str, tuple[int, ...]]  # word -> positions in `links`


@lru_cache(maxsize=4)
def _keyword_table(gazetteer: Gazetteer) -> _KeywordTable:
    industries = tuple((i.id, tuple(dict.fromkeys(w for w in [i.name, *i.forms, *i.data.get("keywords", [])] if w)))
                       for i in gazetteer.by_label("Industry"))
    links = tuple((link.id, tuple(dict.fromkeys(k for k in link.keywords if k)),
                   tuple(r for r in gazetteer.entries[link.chain_id].data.get("requires_any") or () if r))
                  for link in gazetteer.links.values())
    words = {w for _, ws in industries for w in ws} | {w for _, ks, _ in links for w in ks}
    industries_of: dict[str, list[int]] = {}
    for n, (_, ws) in enumerate(industries):
        for w in ws:
            industries_of.setdefault(w, []).append(n)
    links_of: dict[str, list[int]] = {}
    for n, (_, ks, _) in enumerate(links):
        for k in ks:
            links_of.setdefault(k, []).append(n)
    return _KeywordTable(KeywordSet(sorted(words)), industries, links,
                         {w: tuple(ns) for w, ns in industries_of.items()},
                         {w: tuple(ns) for w, ns in links_of.items()})


def classify(text: str, gazetteer: Gazetteer, extractor: Extractor) -> Classification:
    table = _keyword_table(gazetteer)
    present = table.words.present(text)
    industries: dict[str, list[str]] = {}
    links: dict[str, list[str]] = {}
    if present:  # only the industries and links sharing a word, in the table's order
        for n in sorted({n for w in present for n in table.industries_of.get(w, ())}):
            industry_id, words = table.industries[n]
            industries[industry_id] = [w for w in words if w in present]
        for n in sorted({n for w in present for n in table.links_of.get(w, ())}):
            link_id, keywords, required = table.links[n]
            if not required or any(r in text for r in required):
                links[link_id] = [k for k in keywords if k in present]
    mentions: list[str] = []
    counties: list[str] = []
    for mention in extractor.find(text):
        if mention.label in MENTION_LABELS and mention.entry_id not in mentions:
            mentions.append(mention.entry_id)
        if mention.label == "County" and mention.entry_id not in counties:
            counties.append(mention.entry_id)
    return Classification(industries, links, mentions, counties)


def add_project(batch: GraphBatch, rec: ProjectRecord, gazetteer: Gazetteer, extractor: Extractor) -> Node:
    """Add the project node and its links to `batch`; returns the node."""
    pid = project_id(gazetteer, rec.place_id, rec.name) + (f"#{rec.variant}" if rec.variant else "")
    places = resolver_for(gazetteer, extractor)
    place = places.info(rec.place_id)
    entry = gazetteer.entries.get(rec.place_id) if rec.place_id else None
    props: dict[str, Any] = {
        "name": rec.name, "name_original": rec.name_original if rec.name_original != rec.name else None,
        "county": entry.name if entry else place.county or place.city or place.province,
        **place.props(), "content": rec.content or None,
        "investment_wan": rec.investment_wan, "years": rec.years, "owner": rec.owner,
        "category": rec.category, **{k: v for k, v in rec.extra.items() if v not in (None, "")},
        # jieba words, space-joined: BM25 and full-text indexes read these instead of re-segmenting
        "search_text": " ".join(extractor.search_tokens(project_text(rec.name, rec.content))),
    }
    node = batch.node(pid, "Project", rec.prov, **props)
    for place_id in (rec.place_id, *rec.also_in):
        if place_id:
            places.add_nodes(batch, place_id, rec.prov)
    if rec.place_id:
        batch.edge(pid, "LOCATED_IN", rec.place_id, rec.prov)
    if rec.zone_id:
        batch.edge(pid, "LOCATED_IN", rec.zone_id, rec.prov)
    elif (zone := places.zone_of(project_text(rec.name, rec.content), rec.place_id)) is not None:
        batch.edge(pid, "LOCATED_IN", add_zone_node(batch, gazetteer, zone, rec.prov), rec.prov)
    for other in rec.also_in:  # a project shared by several counties, or a compound site
        label = gazetteer.entries[other].label if other in gazetteer.entries else "County"
        batch.edge(pid, "LOCATED_IN" if label == "County" else "MENTIONS", other, rec.prov)
    found = classify(project_text(rec.name, rec.content), gazetteer, extractor)
    for entry_id in found.mentions:
        if entry_id not in (rec.place_id, rec.zone_id):
            batch.edge(pid, "MENTIONS", entry_id, rec.prov)
    for industry_id, hits in found.industries.items():
        batch.edge(pid, "IN_INDUSTRY", industry_id, rec.prov, matched=hits[:3])
    for link_id, hits in found.links.items():
        batch.edge(pid, "PART_OF_CHAIN", link_id, rec.prov, matched=hits[:3])
    if rec.task_id:
        batch.edge(pid, "SERVES_TASK", rec.task_id, rec.prov, score=rec.task_score, source=rec.task_source)
    return node
