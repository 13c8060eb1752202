"""Measures extraction on real texts with hand-made answer keys
(tests/data/real/: `NN-slug.md` + `NN-slug.answers.json`).

Each text is run through the same path as `planatlas ingest` (policy_batch,
in memory, nothing stored) and the facts it yields are compared with the key:
projects (name, and the investment attached to a matched project),
enterprises (any form of the name) and places (surface forms the extractor
finds). Names are compared after the normalisation the key's README asks
for: no punctuation, no leading place or zone names, no trailing 项目/工程.
An optional `splits.json` ({"dev": [...], "holdout": [...]}, file stems)
groups the figures, so the held-out half is reported apart."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.models import GraphBatch
from ingest.extract import PLACE_LABELS, Extractor
from ingest.ner import OrgTagger
from ingest.policy import RELATIVE_PLACE, policy_batch
from ingest.reader import front_matter
from ingest.standard_industry import StandardIndustryClassifier, annotate_projects
from ingest.textnorm import normalise
from ontology import Gazetteer, InputError
from ontology.divisions import read_divisions
from search_api.core.models import ExtractionDoc, ExtractionReport, ExtractionScore, IndustrySample

_NOISE = re.compile(r"[\s\u3000·•、，,。.;；:：()（）\[\]【】“”\"'‘’《》<>—–\-_/]+")
_TAIL = re.compile(r"(建设)?(项目|工程)(建设)?$")
PLACE_KINDS = PLACE_LABELS | {"Mountain", "River"}
SAMPLE_FILE = "standard-industry-sample.json"
SCORED_KINDS = ("projects", "project_names_exact", "investments", "attachments", "enterprises", "places",
                "placements")
INVESTMENT_TOLERANCE = 0.01  # relative: 4.3亿元 and 43000万元 are the same figure


def body_of(text: str) -> str:
    """The article text with its YAML header blanked out, as ingestion reads it."""
    return front_matter(text)[1]


def _strip_places(name: str, extractor: Extractor) -> str:
    """The name without the place and zone names it starts with: the gazetteer's,
    then the country's provinces, cities and counties (湖南邵阳|犬木塘水库), so
    names from other provinces compare the same way as the home city's."""
    while True:
        lead = [m for m in extractor.find(name) if m.start == 0 and m.label in PLACE_KINDS]
        end = max((m.end for m in lead), default=0) or read_divisions().prefix_length(name)
        if not end or end >= len(name) - 1:
            return name
        name = name[end:]


def name_key(name: str, extractor: Extractor) -> str:
    key = _NOISE.sub("", normalise(name))
    key = _strip_places(key, extractor)
    return _TAIL.sub("", key) or key


def _exact_key(name: str) -> str:
    key = _NOISE.sub("", normalise(name))
    return _TAIL.sub("", key) or key


def _same_work(keyed: str, found: str, extractor: Extractor) -> bool:
    """Whether two names with the same key after their leading places are one work: one is the other
    with a place before it (邵阳犬木塘水库, 犬木塘水库), or the places they lead with share a name
    (山西临汾…, 临汾市…). 东宁大桥 and 黑河黑龙江大桥 both leave 大桥 but are two bridges."""
    if name_key(keyed, extractor) != name_key(found, extractor):
        return False
    a, b = _exact_key(keyed), _exact_key(found)
    if a.endswith(b) or b.endswith(a):
        return True
    rest = len(name_key(keyed, extractor))
    lead_a, lead_b = a[: len(a) - rest], b[: len(b) - rest]
    return lead_a[:2] in lead_b or lead_b[:2] in lead_a


def _place_dropped(keyed: str, found: str) -> bool:
    """A pair matched only loosely because the extracted name leaves out the place or zone the keyed name
    starts with (key 宜春市合众汽车…工厂, extracted 合众汽车…工厂): the same work for recall, but a name that
    a later mention with the place (宜春市合众汽车项目总投资…) no longer reads as the same work."""
    a, b = _exact_key(keyed), _exact_key(found)
    return a != b and a.endswith(b)


def _pair_projects(expected: list[dict[str, Any]], found: list[dict[str, Any]], extractor: Extractor
                   ) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[str], list[str]]:
    """Keyed works paired one to one with extracted ones: first the names written alike, then those
    that differ by a leading place, so that a loose pair never takes a name another work has exactly.
    Returns the pairs, the keyed names missed and the extracted names no key has."""
    free = list(range(len(found)))
    pairs: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
    for loose in (False, True):
        for n, item in enumerate(expected):
            if n in pairs:
                continue
            want = _exact_key(item["name"])
            hit = next((i for i in free if (_same_work(item["name"], found[i]["name"], extractor) if loose
                                            else _exact_key(found[i]["name"]) == want)), None)
            if hit is not None:
                free.remove(hit)
                pairs[n] = (item, found[hit])
    missed = [item["name"] for n, item in enumerate(expected) if n not in pairs]
    return [pairs[n] for n in sorted(pairs)], missed, [found[i]["name"] for i in free]


def _org_key(name: str) -> str:
    return _NOISE.sub("", normalise(name))


@dataclass
class _Found:
    """What one document yielded, in the shape the key has."""

    projects: list[dict[str, Any]] = field(default_factory=list)
    enterprises: list[set[str]] = field(default_factory=list)  # the forms of each enterprise
    places: set[str] = field(default_factory=set)


def _found(batch: GraphBatch, body: str, gaz: Gazetteer, extractor: Extractor) -> _Found:
    out = _Found()
    for node in batch.nodes.values():
        if node.label == "Project":
            out.projects.append({"name": node.props["name"], "investment_wan": node.props.get("investment_wan"),
                                 **{k: node.props.get(k) for k in ("county", "city", "province", "place_level")}})
        elif node.label == "Enterprise":
            out.enterprises.append({node.props["name"], *(node.props.get("aliases") or [])})
    seen = {n.id for n in batch.nodes.values() if n.label == "Enterprise"}
    for edge in batch.edges.values():
        entry = gaz.entries.get(edge.dst)
        if entry is not None and entry.label == "Enterprise" and entry.id not in seen:
            seen.add(entry.id)
            out.enterprises.append({entry.name, *entry.forms})
    # places outside the gazetteer the ingest stored as mentions (another city's districts and townships,
    # zones named by their division: 长沙经开区), by the words each mention's provenance spans
    divisions = {n.id for n in batch.nodes.values() if n.label in ("County", "Region", "Township", "DevelopmentZone")}
    spans = {(p.start, p.end) for e in batch.edges.values() if e.type == "MENTIONS" and e.dst in divisions
             for p in e.provenance if p.start is not None and p.end is not None}
    out.places = {body[start:end] for start, end in spans}
    # the gazetteer's places, but not one only ever named inside such a longer place (吉县 in 吉县产业集聚区):
    # the key, like the extraction, has the longest form
    inner: dict[str, bool] = {}
    for m in extractor.find(body):
        if m.label in PLACE_KINDS:
            within = any(s <= m.start and m.end <= e and e - s > m.end - m.start for s, e in spans)
            inner[m.form] = inner.get(m.form, True) and within
    out.places |= {form for form, only_inside in inner.items() if not only_inside}
    # 全市, 我省: the text's own city or province, stored as such, but a reference, not a name a key lists
    out.places = {form for form in out.places if not RELATIVE_PLACE.match(form)}
    return out


def _score(found: int, extracted: int, expected: int, correct: int | None = None) -> ExtractionScore:
    """`found`: key items the extraction has; `correct`: extracted items the key has
    (the same number for one-to-one matches)."""
    right = found if correct is None else correct
    return ExtractionScore(found=found, correct=right, extracted=extracted, expected=expected,
                           precision=round(right / extracted, 3) if extracted else None,
                           recall=round(found / expected, 3) if expected else None)


def _same_org(a: set[str], b: set[str]) -> bool:
    """Two enterprises are one when a form of one equals a form of the other,
    or a form of at least four characters lies inside a form of the other
    (晋南钢铁 in 山西晋南钢铁集团有限公司)."""
    ka, kb = {_org_key(x) for x in a if x}, {_org_key(x) for x in b if x}
    if ka & kb:
        return True
    return any(len(s) >= 4 and s in t for x in ka for y in kb for s, t in ((x, y), (y, x)))


def _same_money(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= INVESTMENT_TOLERANCE * max(a, b)


_PLACE_SUFFIX = re.compile(r"(自治县|自治州|县|市|区|州|盟|旗)$")


def _place_name(name: str | None) -> str | None:
    return _PLACE_SUFFIX.sub("", normalise(name)) if name else None


def _placement(want: dict[str, Any], got: dict[str, Any]) -> tuple[bool, bool, bool]:
    """(placed, exact, not misplaced) for a matched project: `want` the key's county/city/province,
    `got` the extracted project's. Exact: the key's county (or its city, when it names no county) or a
    county inside that city, or the city the key gives as its county (a city without counties); not
    misplaced: the project's place is that or a place holding it."""
    level = got.get("place_level") or "none"
    if level == "none":
        return False, False, False
    names = {k: _place_name(want.get(k)) for k in ("county", "city", "province")}
    mine = {k: _place_name(got.get(k)) for k in ("county", "city", "province")}
    if level == "county":
        exact = mine["county"] == names["county"] if names["county"] else \
            bool(names["city"]) and mine["city"] == names["city"]
        return True, exact, exact
    # at city level, exact when the key names that city and no county, or names it as its county (儋州市,
    # 东莞市: cities without counties, which keys often give as the county)
    keyed_city = names["city"] if not names["county"] else names["county"]
    exact = level == "city" and bool(keyed_city) and mine["city"] == keyed_city
    holds = (level == "city" and mine["city"] == names["city"]) or \
        (level == "province" and mine["province"] == names["province"])
    return True, exact, exact or holds


def score_document(stem: str, body: str, key: dict[str, Any], gaz: Gazetteer, extractor: Extractor,
                   industries: StandardIndustryClassifier, title: str = "",
                   tagger: OrgTagger | None = None) -> ExtractionDoc:
    """One text against its key; `title`: its header's, which ingestion reads as a place statement;
    `tagger`: the NER model (ingest's default when None; training passes one that remembers its words)."""
    batch = policy_batch(f"doc:{stem}", body, {"path": stem, **({"title": title} if title else {})}, gaz,
                         extractor, tagger=tagger)
    annotate_projects(batch, industries)
    with_industry = sum(1 for n in batch.nodes.values() if n.label == "Project" and n.props.get("std_code"))
    found = _found(batch, body, gaz, extractor)
    expected = key.get("projects", [])
    pairs, missed, spurious = _pair_projects(expected, found.projects, extractor)
    want_money = [p for p in expected if p.get("investment_wan") is not None]
    got_money = [p for p in found.projects if p.get("investment_wan") is not None]
    right_money = sum(1 for k, f in pairs if _same_money(k.get("investment_wan"), f.get("investment_wan")))
    given_money = sum(1 for _, f in pairs if f.get("investment_wan") is not None)
    keyed_money = sum(1 for k, _ in pairs if k.get("investment_wan") is not None)
    orgs = [{e["name"], *e.get("aliases", [])} for e in key.get("enterprises", [])]
    org_hits = sum(1 for o in orgs if any(_same_org(o, f) for f in found.enterprises))
    org_right = sum(1 for f in found.enterprises if any(_same_org(o, f) for o in orgs))
    keyed = [(k, f) for k, f in pairs if k.get("county") or k.get("city")]
    judged = [(f["name"], *_placement(k, f)) for k, f in keyed]  # (name, placed, exact, not misplaced)
    misplaced = [name for name, is_placed, _, honest in judged if is_placed and not honest]
    exact = sum(1 for k, f in pairs if _exact_key(k["name"]) == _exact_key(f["name"]))
    places = {p["name"] for p in key.get("places", [])}
    place_right = {f for f in found.places if f in places}
    return ExtractionDoc(
        doc=stem,
        projects=_score(len(pairs), len(found.projects), len(expected)),
        project_names_exact=_score(exact, len(found.projects), len(expected)),
        investments=_score(right_money, len(got_money), len(want_money)),
        attachments=_score(right_money, given_money, keyed_money),
        enterprises=_score(org_hits, len(found.enterprises), len(orgs), org_right),
        places=_score(len(place_right), len(found.places), len(places)),
        placements=_score(found=sum(j[2] for j in judged), extracted=sum(j[1] for j in judged),
                          expected=len(keyed), correct=sum(j[3] for j in judged)),
        misplaced_projects=misplaced,
        place_dropped=[f["name"] for k, f in pairs if _place_dropped(k["name"], f["name"])],
        missed_projects=missed, spurious_projects=spurious,
        missed_enterprises=[e["name"] for e, o in zip(key.get("enterprises", []), orgs, strict=True)
                            if not any(_same_org(o, f) for f in found.enterprises)],
        spurious_enterprises=[max(f, key=lambda n: (len(n), n)) for f in found.enterprises
                              if not any(_same_org(o, f) for o in orgs)],
        missed_places=sorted(places - found.places), spurious_places=sorted(found.places - places),
        with_standard_industry=with_industry,
    )


def _total(docs: list[ExtractionDoc], kind: str) -> ExtractionScore:
    scores: list[ExtractionScore] = [getattr(d, kind) for d in docs]
    return _score(sum(s.found for s in scores), sum(s.extracted for s in scores),
                  sum(s.expected for s in scores), sum(s.correct for s in scores))


def _splits(folder: Path, stems: list[str]) -> dict[str, list[str]]:
    path = folder / "splits.json"
    if not path.exists():
        return {"all": stems}
    try:
        named: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"not JSON ({exc})") from exc
    return {split: [s for s in stems if s in members] for split, members in named.items()}


def industry_sample(path: Path, industries: StandardIndustryClassifier) -> IndustrySample | None:
    """Section accuracy on hand-labelled projects (`standard-industry-sample.json`)."""
    if not path.exists():
        return None
    labels = json.loads(path.read_text(encoding="utf-8"))["labels"]
    found = industries.classify([row["name"] for row in labels])
    right = sum(1 for row, f in zip(labels, found, strict=True) if f is not None and f.section == row["section"])
    assigned = [f for f in found if f is not None]
    sources: dict[str, int] = {}
    for f in assigned:
        sources[f.source] = sources.get(f.source, 0) + 1
    return IndustrySample(labelled=len(labels), assigned=len(assigned), section_right=right,
                          section_accuracy=round(right / len(labels), 3) if labels else None, by_source=sources)


def evaluate_extraction(folder: Path, gaz: Gazetteer, extractor: Extractor,
                        industries: StandardIndustryClassifier | None = None) -> ExtractionReport:
    """Scores every text in `folder` that has an answer key."""
    industries = industries or StandardIndustryClassifier()
    keys = sorted(folder.glob("*.answers.json"))
    if not keys:
        raise InputError(str(folder), "no *.answers.json answer keys here")
    docs: dict[str, ExtractionDoc] = {}
    for key_path in keys:
        stem = key_path.name.removesuffix(".answers.json")
        text_path = folder / f"{stem}.md"
        if not text_path.exists():
            raise InputError(str(key_path), f"answer key without its text {text_path.name}")
        try:
            key = json.loads(key_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(str(key_path), f"not JSON ({exc})") from exc
        header, body = front_matter(text_path.read_text(encoding="utf-8"))
        docs[stem] = score_document(stem, body, key, gaz, extractor, industries, header.get("title", ""))
    splits = _splits(folder, list(docs))
    totals = {split: {kind: _total([docs[s] for s in stems], kind)
                      for kind in SCORED_KINDS}
              for split, stems in splits.items()}
    coverage = {}
    for split, stems in splits.items():
        extracted = sum(docs[s].projects.extracted for s in stems)
        placed = sum(docs[s].with_standard_industry for s in stems)
        coverage[split] = round(placed / extracted, 3) if extracted else None
    return ExtractionReport(folder=str(folder), splits=splits, totals=totals, documents=list(docs.values()),
                            industry_coverage=coverage,
                            industry_sample=industry_sample(folder / SAMPLE_FILE, industries))
