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
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx
import numpy as np

from ingest.extract import Extractor
from ingest.project_phrases import home_county
from ingest.textnorm import normalise
from ontology import Gazetteer
from search_api.core import deadline
from search_api.core.config import DuplicateConfig
from search_api.core.index import ProjectIndex
from search_api.core.models import DuplicatePair, DuplicateReport, PairEvidence
from search_api.core.progress import ProgressHook

_PHASE = re.compile(r"([一二三四五六七八九\d]+)期")
# Sizes in names: unit -> (what it measures, factor to that measure's base unit). Two names
# sized only in different measures (年产300台 vs 年产5万吨) or in the same measure at
# different amounts (10万千瓦 vs 200兆瓦) describe different projects.
UNITS: dict[str, tuple[str, float]] = {
    "万千瓦": ("power", 1e4), "千瓦": ("power", 1.0), "兆瓦": ("power", 1e3),
    "万吨": ("mass", 1e4), "吨": ("mass", 1.0), "公里": ("length", 1.0), "亩": ("land", 1.0),
    "万平方米": ("floor", 1e4), "平方米": ("floor", 1.0), "座": ("座", 1.0), "台": ("台", 1.0), "辆": ("辆", 1.0),
}
_QUANTITY = re.compile(r"(\d+(?:\.\d+)?)\s*(" + "|".join(sorted(UNITS, key=len, reverse=True)) + ")")
SIZE_TOLERANCE = 0.01  # relative difference under which two sizes are the same
DEADLINE_EVERY = 1000  # pairs scored between two checks of the request deadline
FEATURES = ("cosine", "name", "money", "conflict")  # what `PairScorer.features` measures of a pair
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


@dataclass(frozen=True)
class PairScore:
    score: float
    evidence: PairEvidence


class PairScorer:
    def __init__(self, gaz: Gazetteer, extractor: Extractor, config: DuplicateConfig) -> None:
        self.gaz = gaz
        self.extractor = extractor
        self.config = config
        forms = {f for c in gaz.by_label("County") for f in (c.name, *c.forms, *c.context_forms) if len(f) > 1}
        self._county_forms = sorted(forms, key=len, reverse=True)
        self._amounts = np.zeros(0)  # every project's investment, sorted (see `money_weight`)

    def know_amounts(self, amounts: list[float]) -> None:
        """The corpus' investments, so that an equal sum weighs by how rare it is."""
        self._amounts = np.sort(np.asarray(amounts, dtype=np.float64))

    def money_weight(self, amount: float) -> float:
        """How much an equal investment says, from 1 down: 1 / the number of
        other projects whose investment equals this one within tolerance. Two
        unrelated projects share a sum more often the more projects there are
        (at 100k generated ones, hundreds share any sum within 1%), so the same
        sum weighs less as N grows. With no corpus known it counts fully."""
        if not len(self._amounts):
            return 1.0
        tol = self.config.money_tolerance * amount
        band = int(np.searchsorted(self._amounts, amount + tol, "right") - np.searchsorted(self._amounts, amount - tol))
        return 1.0 / max(1, band - 1)

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
        if qa and qb and not (qa.keys() & qb.keys()):
            out.append(f"different units: {'/'.join(sorted(qa))} vs {'/'.join(sorted(qb))}")
        for measure in sorted(qa.keys() & qb.keys()):
            if not any(_same_amount(x, y, SIZE_TOLERANCE) for x in qa[measure] for y in qb[measure]):
                out.append(f"different sizes: {sorted(qa[measure])} vs {sorted(qb[measure])} ({measure})")
        for kinds in self.config.exclusive_kinds:
            ka, kb = {k for k in kinds if k in a.name}, {k for k in kinds if k in b.name}
            if ka and kb and not (ka & kb):
                out.append(f"different kinds: {'、'.join(sorted(ka))} vs {'、'.join(sorted(kb))}")
        return out

    def features(self, a: Side, b: Side) -> tuple[dict[str, float], PairEvidence]:
        """The evidence of a pair as numbers in [0, 1] (the `FEATURES`), and as the reader sees it."""
        c = self.config
        cos = float(a.vector @ b.vector) if a.vector is not None and b.vector is not None else None
        name_sim = len(a.bigrams & b.bigrams) / max(1, len(a.bigrams | b.bigrams))
        same_key = bool(a.key) and a.key == b.key
        money = (a.investment_wan is not None and b.investment_wan is not None
                 and abs(a.investment_wan - b.investment_wan)
                 <= c.money_tolerance * max(a.investment_wan, b.investment_wan))
        conflicts = self.conflicts(a, b)
        values = {"cosine": 0.0 if cos is None else min(1.0, max(0.0, (cos - c.cos_floor) / c.cos_span)),
                  "name": 1.0 if same_key else name_sim,
                  "money": self.money_weight(float(a.investment_wan or 0.0)) if money else 0.0,
                  "conflict": 1.0 if conflicts else 0.0}
        evidence = PairEvidence(
            cosine=None if cos is None else round(cos, 4), name_similarity=round(name_sim, 3),
            same_name_key=same_key, same_investment=money,
            same_years=bool(a.years) and a.years == b.years, conflicts=conflicts)
        return values, evidence

    def score(self, a: Side, b: Side) -> PairScore:
        """The weighted mean of the evidence, marked down by a contradiction."""
        c = self.config
        f, evidence = self.features(a, b)
        weight_cos = c.w_cos if evidence.cosine is not None else 0.0
        raw = (weight_cos * f["cosine"] + c.w_name * f["name"] + c.w_money * f["money"]) / \
            (weight_cos + c.w_name + c.w_money)
        final = raw * (c.conflict_factor if f["conflict"] else 1.0)
        return PairScore(score=round(final, 4), evidence=evidence)


def _quantities(name: str) -> dict[str, set[float]]:
    """The sizes a name states, in base units, by what they measure."""
    out: dict[str, set[float]] = defaultdict(set)
    for value, unit in _QUANTITY.findall(name):
        measure, factor = UNITS[unit]
        out[measure].add(float(value) * factor)
    return out


def _same_amount(x: float, y: float, tolerance: float) -> bool:
    return abs(x - y) <= tolerance * max(abs(x), abs(y))


class DuplicateFinder:
    """Duplicate detection over one index. The name-key groups are computed
    once per finder; the service makes a new finder with each new index."""

    def __init__(self, index: ProjectIndex, gaz: Gazetteer, extractor: Extractor, config: DuplicateConfig) -> None:
        self.index, self.config = index, config
        self.scorer = PairScorer(gaz, extractor, config)
        self.scorer.know_amounts([d.investment_wan for d in index.docs if d.investment_wan is not None])
        self._name_keys: dict[str, list[int]] | None = None

    def side(self, i: int) -> Side:
        d = self.index.docs[i]
        vector = self.index.vectors[i] if self.index.vectors is not None else None
        return self.scorer.side(d.name, vector, d.investment_wan, d.years, d.counties)

    def name_key_groups(self) -> dict[str, list[int]]:
        """Projects by name key."""
        if self._name_keys is None:
            groups: dict[str, list[int]] = defaultdict(list)
            for i, d in enumerate(self.index.docs):
                groups[self.scorer.side(d.name, None).key].append(i)
            self._name_keys = dict(groups)
        return self._name_keys

    def candidate_pairs(self, progress: ProgressHook | None = None) -> set[tuple[int, int]]:
        """Pairs worth scoring: vector neighbours above the candidate cosine,
        plus exact signals (same name key; same investment and years)."""
        index, c = self.index, self.config
        pairs: set[tuple[int, int]] = set()
        n = len(index)
        if index.vectors is not None and n > 1:
            for start in range(0, n, c.batch):
                deadline.check()
                rows = np.arange(start, min(n, start + c.batch))
                keys, sims = index.neighbours_batch(rows, min(c.neighbours, n - 1))
                for r, row in enumerate(rows.tolist()):
                    for j, s in zip(keys[r].tolist(), sims[r].tolist(), strict=True):
                        if j != row and 0 <= j < n and s >= c.candidate_min_cos:
                            pairs.add((min(row, j), max(row, j)))
                if progress:
                    progress(len(rows))
        groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
        for key, members in self.name_key_groups().items():
            groups[("key", key)] = members
        for i, d in enumerate(index.docs):
            if d.investment_wan is not None and d.years:
                groups[("money", d.investment_wan, d.years)].append(i)
        for members in groups.values():
            if 1 < len(members) <= c.max_exact_group:
                pairs.update(combinations(members, 2))
        return pairs

    def find(self, min_score: float | None = None, across_counties: bool = False, all_pairs: bool = False,
             progress: ProgressHook | None = None) -> DuplicateReport:
        """Score candidates (or, as a baseline, every pair) and cluster the accepted ones."""
        threshold = self.config.min_score if min_score is None else min_score
        index = self.index
        deadline.check()
        pairs = set(combinations(range(len(index)), 2)) if all_pairs else self.candidate_pairs(progress)
        sides: dict[int, Side] = {}
        accepted: list[DuplicatePair] = []
        for count, (i, j) in enumerate(sorted(pairs)):
            if count % DEADLINE_EVERY == 0:
                deadline.check()
            a, b = index.docs[i], index.docs[j]
            if across_counties and a.county == b.county:
                continue
            if i not in sides:
                sides[i] = self.side(i)
            if j not in sides:
                sides[j] = self.side(j)
            result = self.scorer.score(sides[i], sides[j])
            if result.score >= threshold:
                accepted.append(self._pair(i, j, result))
        accepted.sort(key=lambda p: (-p.score, p.a, p.b))
        graph: nx.Graph[str] = nx.Graph()
        graph.add_edges_from((p.a, p.b) for p in accepted)
        clusters = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c))
        return DuplicateReport(pairs=accepted, clusters=clusters, candidates=len(pairs))

    def of(self, project_id: str) -> list[DuplicatePair]:
        """Likely duplicates of one project (its vector neighbours and same-key
        projects), for the warning on a project page."""
        index = self.index
        i = index.position[project_id]
        others: set[int] = set()
        if index.vectors is not None and len(index) > 1:
            keys, _ = index.neighbours_batch(np.array([i]), min(self.config.neighbours, len(index) - 1))
            others.update(int(j) for j in keys[0] if j != i and 0 <= j < len(index))
        key = self.scorer.side(index.docs[i].name, None).key
        others.update(j for j in self.name_key_groups().get(key, []) if j != i)
        me = self.side(i)
        out = []
        for j in sorted(others):
            result = self.scorer.score(me, self.side(j))
            if result.score >= self.config.min_score:
                out.append(self._pair(i, j, result))
        return sorted(out, key=lambda p: -p.score)

    def _pair(self, i: int, j: int, result: PairScore) -> DuplicatePair:
        a, b = self.index.docs[i], self.index.docs[j]
        return DuplicatePair(a=a.id, b=b.id, a_name=a.name, b_name=b.name, a_county=a.county, b_county=b.county,
                             score=result.score, evidence=result.evidence)
