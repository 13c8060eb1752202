"""Turns one project, from whatever source, into graph facts: a stable id from
county + normalised name (so the same project from two sources is one node),
its place, industries, chain links, task and mentioned rivers and regions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from graph.models import GraphBatch, Node, Provenance
from ingest.extract import Extractor
from ontology import Gazetteer

_NAME_NOISE = re.compile(r"[\s\u3000·•、，,。.;；:：()（）\[\]【】“”\"'‘’《》<>—–\-_/]+")
_TAIL = re.compile(r"(建设)?(项目|工程)(建设)?$")
MENTION_LABELS = {"River": "MENTIONS", "Region": "MENTIONS", "Enterprise": "MENTIONS",
                  "Mountain": "MENTIONS", "Park": "MENTIONS", "UrbanArea": "MENTIONS"}


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
    code = (gazetteer.entries[place_id].data.get("code") if place_id else None) or "unknown"
    return f"project:{code}:{normalise_name(name, gazetteer, place_id)}"


def keyword_hits(text: str, keywords: list[str] | tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(k for k in keywords if k and k in text))


def add_project(batch: GraphBatch, rec: ProjectRecord, gazetteer: Gazetteer, extractor: Extractor) -> Node:
    """Add the project node and its links to `batch`; returns the node."""
    pid = project_id(gazetteer, rec.place_id, rec.name)
    place = gazetteer.entries.get(rec.place_id) if rec.place_id else None
    props: dict[str, Any] = {
        "name": rec.name, "name_original": rec.name_original if rec.name_original != rec.name else None,
        "county": place.name if place else None, "content": rec.content or None,
        "investment_wan": rec.investment_wan, "years": rec.years, "owner": rec.owner,
        "category": rec.category, **{k: v for k, v in rec.extra.items() if v not in (None, "")},
    }
    node = batch.node(pid, "Project", rec.prov, **props)
    if rec.place_id:
        batch.edge(pid, "LOCATED_IN", rec.place_id, rec.prov)
    if rec.zone_id:
        batch.edge(pid, "LOCATED_IN", rec.zone_id, rec.prov)
    for place in rec.also_in:  # a project shared by several counties, or a compound site
        label = gazetteer.entries[place].label
        batch.edge(pid, "LOCATED_IN" if label == "County" else "MENTIONS", place, rec.prov)
    text = f"{rec.name} {rec.content}"
    for mention in extractor.find(text):
        rel = MENTION_LABELS.get(mention.label)
        if rel and mention.entry_id not in (rec.place_id, rec.zone_id):
            batch.edge(pid, rel, mention.entry_id, rec.prov)
    for industry in gazetteer.by_label("Industry"):
        words = [industry.name, *industry.forms, *industry.data.get("keywords", [])]
        hits = keyword_hits(text, words)
        if hits:
            batch.edge(pid, "IN_INDUSTRY", industry.id, rec.prov, matched=hits[:3])
    for link in gazetteer.links.values():
        required = gazetteer.entries[link.chain_id].data.get("requires_any") or []
        hits = keyword_hits(text, link.keywords)
        if hits and (not required or keyword_hits(text, required)):
            batch.edge(pid, "PART_OF_CHAIN", link.id, rec.prov, matched=hits[:3])
    if rec.task_id:
        batch.edge(pid, "SERVES_TASK", rec.task_id, rec.prov, score=rec.task_score, source=rec.task_source)
    return node
