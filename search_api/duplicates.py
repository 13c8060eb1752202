"""Duplicate projects across counties.

Candidates come from the embedding index (each project's nearest
neighbours) and from exact signals (the same name key; the same investment
and years). Each candidate pair is then scored from the embedding cosine, the
overlap of the two name keys and the money, and marked down when the names
contradict each other: they name different counties, different numbers
(10万千瓦 vs 20万千瓦), different phases (一期/二期) or different kinds of plant
(光伏 vs 风电) or different rivers. Accepted pairs are grouped into clusters with networkx."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx
import numpy as np
from pydantic import BaseModel

from ingest.extract import Extractor, extractor_for
from ingest.project_phrases import home_county
from ingest.textnorm import normalise
from ontology import Gazetteer
from search_api.index import ProjectDoc, ProjectIndex

# Weights and thresholds, named so the evaluation can report and vary them.
COS_FLOOR, COS_SPAN = 0.85, 0.12  # e5 cosines sit in a narrow band: 0.85 → 0, 0.97 → 1
W_COS, W_NAME, W_MONEY = 0.5, 0.4, 0.1
CONFLICT_FACTOR = 0.3
DEFAULT_MIN_SCORE = 0.55
NEIGHBOURS = 10
CANDIDATE_MIN_COS = 0.88
EXCLUSIVE_KINDS: tuple[tuple[str, ...], ...] = (
    ("光伏", "风电", "风力", "抽水蓄能", "氢", "LNG", "天然气", "煤层气", "生物质", "垃圾发电"),
    ("铸造", "锻造", "锻件", "机加工"),
    ("景区", "公路", "民宿", "博物馆", "康养", "湿地公园"),
)
_PHASE = re.compile(r"([一二三四五六七八九\d]+)期")
_QUANTITY = re.compile(r"(\d+(?:\.\d+)?)\s*(万千瓦|千瓦|兆瓦|万吨|吨|公里|亩|万平方米|平方米|座|台|辆)")
_NOISE = re.compile(r"[\s\W_]+|项目|工程|建设|县|市|区")


@dataclass
class Side:
    """One project as the scorer sees it."""

    name: str
    vector: np.ndarray | None
    counties: frozenset[str] = frozenset()  # counties the name itself names
    located: frozenset[str] = frozenset()  # counties the project is located in
    rivers: frozenset[str] = frozenset()  # rivers the name names
    investment_wan: float | None = None
    years: str | None = None
    key: str = ""
    bigrams: frozenset[str] = field(default_factory=frozenset)


class PairScore(BaseModel):
    score: float
    evidence: dict[str, Any]


class DuplicatePair(BaseModel):
    a: str
    b: str
    a_name: str
    b_name: str
    a_county: str | None
    b_county: str | None
    score: float
    evidence: dict[str, Any]


class DuplicateReport(BaseModel):
    pairs: list[DuplicatePair]
    clusters: list[list[str]]
    candidates: int


class PairScorer:
    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.extractor: Extractor = extractor_for(gaz)
        forms = {f for c in gaz.by_label("County") for f in (c.name, *c.forms, *c.context_forms) if len(f) > 1}
        self._county_forms = sorted(forms, key=len, reverse=True)

    def side(self, name: str, vector: np.ndarray | None, investment_wan: float | None = None,
             years: str | None = None, located: list[str] | None = None) -> Side:
        name = normalise(name)
        mentions = self.extractor.find(name)
        counties = frozenset(c for c in (home_county(m.entry_id, self.gaz) for m in mentions)
                             if c and c != self.gaz.home.id)
        rivers = frozenset(m.entry_id for m in mentions if m.label == "River")
        key = name
        for form in self._county_forms:
            key = key.replace(form, "")
        key = _NOISE.sub("", key)
        bigrams = frozenset(key[i : i + 2] for i in range(len(key) - 1)) or frozenset([key])
        located_ids = frozenset(e.id for e in (self.gaz.county(c) for c in located or []) if e and e.label == "County")
        return Side(name, vector, counties, located_ids, rivers, investment_wan, years, key, bigrams)

    def _blocks(self, counties: frozenset[str]) -> set[str]:
        return {b.id for b in (self.gaz.block_of(c) for c in counties) if b}

    def conflicts(self, a: Side, b: Side) -> list[str]:
        out = []
        if a.counties and b.counties and not (a.counties & b.counties):
            out.append("names different counties: " + "/".join(
                "、".join(sorted(self.gaz.entries[c].name for c in s)) for s in (a.counties, b.counties)))
        elif not (a.counties and b.counties):
            # A name without a county: a project two counties both report is
            # shared by neighbours, so places in different blocks contradict.
            ca, cb = a.counties or a.located, b.counties or b.located
            if ca and cb and not (ca & cb) and not (self._blocks(ca) & self._blocks(cb)):
                out.append("located in different blocks: " + "/".join(
                    "、".join(sorted(self.gaz.entries[c].name for c in s)) for s in (ca, cb)))
        if a.rivers and b.rivers and not (a.rivers & b.rivers):
            out.append("names different rivers: " + "/".join(
                "、".join(sorted(self.gaz.entries[r].name for r in s)) for s in (a.rivers, b.rivers)))
        pa, pb = set(_PHASE.findall(a.name)), set(_PHASE.findall(b.name))
        if pa and pb and not (pa & pb):
            out.append(f"different phases: {'/'.join(sorted(pa))} vs {'/'.join(sorted(pb))}")
        qa, qb = _quantities(a.name), _quantities(b.name)
        for unit in qa.keys() & qb.keys():
            if not (qa[unit] & qb[unit]):
                out.append(f"different sizes: {sorted(qa[unit])} vs {sorted(qb[unit])} {unit}")
        for kinds in EXCLUSIVE_KINDS:
            ka, kb = {k for k in kinds if k in a.name}, {k for k in kinds if k in b.name}
            if ka and kb and not (ka & kb):
                out.append(f"different kinds: {'、'.join(sorted(ka))} vs {'、'.join(sorted(kb))}")
        return out

    def score(self, a: Side, b: Side) -> PairScore:
        cos = float(a.vector @ b.vector) if a.vector is not None and b.vector is not None else None
        name_sim = len(a.bigrams & b.bigrams) / max(1, len(a.bigrams | b.bigrams))
        same_key = bool(a.key) and a.key == b.key
        money = (a.investment_wan is not None and b.investment_wan is not None
                 and abs(a.investment_wan - b.investment_wan) <= 0.01 * max(a.investment_wan, b.investment_wan))
        cos_part = 0.0 if cos is None else min(1.0, max(0.0, (cos - COS_FLOOR) / COS_SPAN))
        weight_cos = W_COS if cos is not None else 0.0
        raw = (weight_cos * cos_part + W_NAME * (1.0 if same_key else name_sim) + W_MONEY * money) / \
            (weight_cos + W_NAME + W_MONEY)
        conflicts = self.conflicts(a, b)
        final = raw * (CONFLICT_FACTOR if conflicts else 1.0)
        evidence: dict[str, Any] = {
            "cosine": None if cos is None else round(cos, 4), "name_similarity": round(name_sim, 3),
            "same_name_key": same_key, "same_investment": money,
            "same_years": bool(a.years) and a.years == b.years, "conflicts": conflicts}
        return PairScore(score=round(final, 4), evidence=evidence)


def _quantities(name: str) -> dict[str, set[float]]:
    out: dict[str, set[float]] = defaultdict(set)
    for value, unit in _QUANTITY.findall(name):
        out[unit].add(float(value))
    return out


def _side_of(scorer: PairScorer, index: ProjectIndex, i: int) -> Side:
    d: ProjectDoc = index.docs[i]
    vector = index.vectors[i] if index.vectors is not None else None
    return scorer.side(d.name, vector, d.investment_wan, d.years, d.counties)


def name_key_groups(index: ProjectIndex, scorer: PairScorer) -> dict[str, list[int]]:
    """Projects by name key (computed once per index)."""
    if "name_keys" not in index.derived:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, d in enumerate(index.docs):
            groups[scorer.side(d.name, None).key].append(i)
        index.derived["name_keys"] = dict(groups)
    return index.derived["name_keys"]  # type: ignore[no-any-return]


def candidate_pairs(index: ProjectIndex, scorer: PairScorer, k: int = NEIGHBOURS,
                    min_cos: float = CANDIDATE_MIN_COS, progress: Callable[[int], None] | None = None) -> set[tuple[int, int]]:
    """Pairs worth scoring: vector neighbours above `min_cos`, plus exact
    signals (same name key; same investment and years)."""
    pairs: set[tuple[int, int]] = set()
    n = len(index)
    if index.vectors is not None and n > 1:
        for start in range(0, n, 4096):
            rows = np.arange(start, min(n, start + 4096))
            keys, sims = index.neighbours_batch(rows, min(k, n - 1))
            for r, row in enumerate(rows):
                for j, s in zip(keys[r], sims[r]):
                    if j != row and 0 <= j < n and s >= min_cos:
                        pairs.add((min(row, int(j)), max(row, int(j))))
            if progress:
                progress(len(rows))
    groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for key, members in name_key_groups(index, scorer).items():
        groups[("key", key)] = members
    for i, d in enumerate(index.docs):
        if d.investment_wan is not None and d.years:
            groups[("money", d.investment_wan, d.years)].append(i)
    for members in groups.values():
        if 1 < len(members) <= 50:
            pairs.update(combinations(members, 2))
    return pairs


def find_duplicates(index: ProjectIndex, gaz: Gazetteer, min_score: float = DEFAULT_MIN_SCORE,
                    across_counties: bool = False, all_pairs: bool = False,
                    progress: Callable[[int], None] | None = None) -> DuplicateReport:
    """Score candidates (or, as a baseline, every pair) and cluster the accepted ones."""
    scorer = PairScorer(gaz)
    n = len(index)
    pairs = set(combinations(range(n), 2)) if all_pairs else candidate_pairs(index, scorer, progress=progress)
    sides: dict[int, Side] = {}
    accepted: list[DuplicatePair] = []
    for i, j in sorted(pairs):
        a, b = index.docs[i], index.docs[j]
        if across_counties and a.county == b.county:
            continue
        if i not in sides:
            sides[i] = _side_of(scorer, index, i)
        if j not in sides:
            sides[j] = _side_of(scorer, index, j)
        result = scorer.score(sides[i], sides[j])
        if result.score >= min_score:
            accepted.append(DuplicatePair(a=a.id, b=b.id, a_name=a.name, b_name=b.name, a_county=a.county,
                                          b_county=b.county, score=result.score, evidence=result.evidence))
    accepted.sort(key=lambda p: (-p.score, p.a, p.b))
    graph = nx.Graph()
    graph.add_edges_from((p.a, p.b) for p in accepted)
    clusters = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c))
    return DuplicateReport(pairs=accepted, clusters=clusters, candidates=len(pairs))


def duplicates_of(index: ProjectIndex, gaz: Gazetteer, project_id: str, min_score: float = DEFAULT_MIN_SCORE,
                  k: int = NEIGHBOURS) -> list[DuplicatePair]:
    """Likely duplicates of one project (its vector neighbours and same-key
    projects), for the warning on a project page."""
    scorer = PairScorer(gaz)
    i = index.position[project_id]
    others: set[int] = set()
    if index.vectors is not None and len(index) > 1:
        keys, _ = index.neighbours_batch(np.array([i]), min(k, len(index) - 1))
        others.update(int(j) for j in keys[0] if j != i and 0 <= j < len(index))
    key = scorer.side(index.docs[i].name, None).key
    others.update(j for j in name_key_groups(index, scorer).get(key, []) if j != i)
    me = _side_of(scorer, index, i)
    out = []
    for j in sorted(others):
        result = scorer.score(me, _side_of(scorer, index, j))
        if result.score >= min_score:
            a, b = index.docs[i], index.docs[j]
            out.append(DuplicatePair(a=a.id, b=b.id, a_name=a.name, b_name=b.name, a_county=a.county,
                                     b_county=b.county, score=result.score, evidence=result.evidence))
    return sorted(out, key=lambda p: -p.score)
