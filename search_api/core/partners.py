"""Who a county or a project should work with, and why.

Candidates — counties, partner regions, enterprises and projects — are found
in the subject's neighbourhood of the graph (pulled from the store, never the
whole graph) and scored on shared chains, complementary chain positions
(upstream/downstream links), shared rivers, shared tasks, block membership,
project similarity and declared partnership, with personalised PageRank over
the same subgraph breaking ties. Each reason is a real path in that subgraph."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import networkx as nx

from graph.models import Edge, Node
from graph.store import Direction, GraphStore
from ingest.textnorm import lookup_key
from ontology import Gazetteer
from search_api.core import deadline
from search_api.core.config import PartnerConfig
from search_api.core.models import Partner, PathStep, Reason
from search_api.core.paths import graph_path, path_text
from search_api.core.search import Searcher

CANDIDATE_LABELS = ("County", "Region", "Enterprise", "Project")


@dataclass
class Subgraph:
    """The subject's neighbourhood as a networkx graph, filled by `pull`."""

    store: GraphStore
    graph: nx.MultiDiGraph[str] = field(default_factory=nx.MultiDiGraph)
    expanded: set[tuple[str, tuple[str, ...], str]] = field(default_factory=set)
    pulled: dict[tuple[str, tuple[str, ...], str], list[Node]] = field(default_factory=dict)

    def add(self, node: Node) -> None:
        if node.id not in self.graph:
            self.graph.add_node(node.id, label=node.label, name=node.props.get("name") or node.props.get("title"),
                                number=node.props.get("number"), chain=node.props.get("chain"))

    def pull(self, node_id: str, rel_types: list[str], direction: Direction = "both") -> list[Node]:
        """The neighbours, read from the store once per node, types and direction."""
        key = (node_id, tuple(rel_types), direction)
        if key not in self.pulled:
            deadline.check()  # every store read of a partner search passes here: the work stops at the budget
            self._keep(key, self.store.neighbours(node_id, rel_types, direction))
        return self.pulled[key]

    def pull_many(self, node_ids: list[str], rel_types: list[str], direction: Direction = "both") -> None:
        """Fill `pull`'s cache for many nodes in one batched store read."""
        todo = [n for n in dict.fromkeys(node_ids) if (n, tuple(rel_types), direction) not in self.pulled]
        if todo:
            deadline.check()
            for node_id, rows in self.store.neighbours_many(todo, rel_types, direction).items():
                self._keep((node_id, tuple(rel_types), direction), rows)

    def _keep(self, key: tuple[str, tuple[str, ...], str], rows: list[tuple[Edge, Node]]) -> None:
        """One node's neighbours into the graph and the cache."""
        for edge, other in rows:
            self.add(other)
            self.graph.add_edge(edge.src, edge.dst, key=edge.type)
        self.expanded.add(key)
        self.pulled[key] = [other for _, other in rows]

    def label(self, node_id: str) -> str:
        return str(self.graph.nodes[node_id].get("label", ""))

    def name(self, node_id: str) -> str:
        return str(self.graph.nodes[node_id].get("name") or node_id)

    def path(self, *waypoints: str) -> list[PathStep]:
        """A path through the given nodes in order, edges followed either way."""
        return graph_path(self.graph, *waypoints)


@dataclass
class Candidate:
    id: str
    max_reasons: int
    components: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    reasons: list[Reason] = field(default_factory=list)

    def reason(self, kind: str, weight: float, sub: Subgraph, *waypoints: str) -> None:
        """Add `weight` to `kind`, and the path through `waypoints` as a reason while there is room
        (the path is only built then: a county reached through thousands of projects builds a few)."""
        self.components[kind] += weight
        if len(self.reasons) >= self.max_reasons:
            return
        steps = sub.path(*waypoints)
        text = path_text(steps)
        if steps and all(r.path != text for r in self.reasons):
            self.reasons.append(Reason(kind=kind, path=text, steps=steps))


Cand = Callable[[str], Candidate]  # the candidate for a node id, made on first use


class PartnerFinder:
    def __init__(self, store: GraphStore, gaz: Gazetteer, config: PartnerConfig,
                 searcher: Searcher | None = None) -> None:
        self.store, self.gaz, self.config, self.searcher = store, gaz, config, searcher

    def resolve(self, ref: str) -> Node | None:
        node = self.store.get_node(ref)
        if node is not None and node.label in ("County", "Project"):
            return node
        key = lookup_key(ref)
        entry = self.gaz.county(key)
        if entry is not None and entry.label == "County":
            return self.store.get_node(entry.id)
        if self.searcher is not None:
            for doc in self.searcher.index.docs:
                if doc.name == ref or lookup_key(doc.name) == key:
                    return self.store.get_node(doc.id)
        return None

    def find(self, subject: Node, k: int = 10, kinds: tuple[str, ...] = CANDIDATE_LABELS) -> list[Partner]:
        sub = Subgraph(self.store)
        sub.add(subject)
        if subject.label == "County":
            counties = [subject.id]
            projects = [p.id for p in sub.pull(subject.id, ["LOCATED_IN"], "in") if p.label == "Project"]
        else:
            projects = [subject.id]
            counties = [c.id for c in sub.pull(subject.id, ["LOCATED_IN"], "out") if c.label == "County"]
        candidates: dict[str, Candidate] = {}

        def cand(node_id: str) -> Candidate:
            return candidates.setdefault(node_id, Candidate(node_id, self.config.max_reasons))

        own = set(counties) | set(projects) | {subject.id}
        self._chains(sub, subject.id, projects, own, cand)
        self._rivers(sub, subject.id, counties, projects, own, cand)
        self._blocks(sub, subject.id, counties, own, cand)
        self._tasks(sub, subject.id, projects, own, cand)
        self._similar(sub, subject.id, projects, own, cand)
        self._declared(sub, subject.id, projects, cand, inherited=subject.label == "County")
        self._adjacent(sub, subject.id, counties, own, cand)
        self._enterprises(sub, subject.id, projects, own, cand)
        self._pagerank(sub, subject.id, candidates)
        weights, caps = self.config.weights, self.config.caps
        results = []
        for c in candidates.values():
            if c.id in own or sub.label(c.id) not in kinds:
                continue
            score = sum(weights[kind] * min(v, caps.get(kind, self.config.default_cap))
                        for kind, v in c.components.items())
            results.append(Partner(id=c.id, label=sub.label(c.id), name=sub.name(c.id), score=round(score, 4),
                                   components={kind: round(v, 4) for kind, v in sorted(c.components.items())},
                                   reasons=c.reasons))
        results.sort(key=lambda r: (-r.score, r.id))
        return results[:k]

    def _place_of(self, sub: Subgraph, node_id: str) -> list[str]:
        return [n.id for n in sub.pull(node_id, ["LOCATED_IN"], "out") if n.label in ("County", "Region")]

    def _chains(self, sub: Subgraph, subject: str, projects: list[str], own: set[str], cand: Cand) -> None:
        """Same link: shared chain. Adjacent link: complementary position.
        Each link is visited once with the number of the subject's projects on
        it (the score is the same as one visit per project), so the work grows
        with the projects and holders involved, not with their product."""
        on_link: dict[str, list[str]] = {}  # link id → the subject's projects on it
        for project in projects:
            for link in sub.pull(project, ["PART_OF_CHAIN"], "out"):
                if link.label == "ChainLink":
                    on_link.setdefault(link.id, []).append(project)
        for link_id, mine in on_link.items():
            neighbours = sub.pull(link_id, ["UPSTREAM_OF"], "both")
            for target_link, kind in [(link_id, "shared_chain"), *((n.id, "complementary_chain") for n in neighbours)]:
                weight = len(mine) * (self.config.complementary_link if kind == "complementary_chain"
                                      else self.config.shared_link)
                via = [subject, mine[0], *dict.fromkeys([link_id, target_link])]  # every hop named: no search
                holders = sub.pull(target_link, ["PART_OF_CHAIN"], "in")
                sub.pull_many([h.id for h in holders if h.label == "Project"], ["PARTY_TO"], "in")
                for holder in holders:
                    if holder.label not in ("Project", "Enterprise") or holder.id in own:
                        continue
                    self._holder(sub, cand, own, kind, weight, [*via, holder.id])
                    if holder.label == "Project":  # the companies that own, sign or lead it hold the link too
                        for company in self._parties(sub, holder.id):
                            if company not in own:
                                self._holder(sub, cand, own, kind, weight, [*via, holder.id, company])

    def _holder(self, sub: Subgraph, cand: Cand, own: set[str], kind: str, weight: float, via: list[str]) -> None:
        """The holder at the end of `via` as a candidate, and its places outside the home city at a share."""
        holder = via[-1]
        cand(holder).reason(kind, weight, sub, *via)
        for place in self._place_of(sub, holder):
            if place not in own and not self.gaz.encloses_home(place):
                cand(place).reason(kind, weight * self.config.place_share, sub, *via, place)

    def _parties(self, sub: Subgraph, project: str) -> list[str]:
        return [n.id for n in sub.pull(project, ["PARTY_TO"], "in") if n.label == "Enterprise"]

    def _enterprises(self, sub: Subgraph, subject: str, projects: list[str], own: set[str], cand: Cand) -> None:
        """A company party to the subject's projects (owner, signing party, chain leader) that is also
        party to projects elsewhere: those projects and their counties are partners through it (同一企业),
        and so is the company's own home region when it lies outside the home city."""
        sub.pull_many(projects, ["PARTY_TO"], "in")
        for project in projects:
            for company in self._parties(sub, project):
                for place in self._place_of(sub, company):
                    if place not in own and not self.gaz.encloses_home(place):
                        cand(place).reason("shared_enterprise", self.config.place_share, sub, subject, project,
                                           company, place)
                for other in sub.pull(company, ["PARTY_TO"], "out"):
                    if other.label != "Project" or other.id in own:
                        continue
                    self._holder(sub, cand, own, "shared_enterprise", 1.0, [subject, project, company, other.id])

    def _rivers(self, sub: Subgraph, subject: str, counties: list[str], projects: list[str], own: set[str],
                cand: Cand) -> None:
        rivers = {r.id for c in counties for r in sub.pull(c, ["FLOWS_THROUGH"], "in") if r.label == "River"}
        rivers |= {r.id for p in projects for r in sub.pull(p, ["MENTIONS"], "out") if r.label == "River"}
        for river in sorted(rivers):
            for county in sub.pull(river, ["FLOWS_THROUGH"], "out"):
                if county.id not in own:
                    cand(county.id).reason("shared_river", 1.0, sub, subject, river, county.id)

    def _blocks(self, sub: Subgraph, subject: str, counties: list[str], own: set[str], cand: Cand) -> None:
        for county in counties:
            for block in sub.pull(county, ["MEMBER_OF"], "out"):
                if block.label != "Block":
                    continue
                for member in sub.pull(block.id, ["MEMBER_OF"], "in"):
                    if member.id not in own:
                        cand(member.id).reason("same_block", 1.0, sub, subject, block.id, member.id)

    def _tasks(self, sub: Subgraph, subject: str, projects: list[str], own: set[str], cand: Cand) -> None:
        """Counties whose projects serve the same tasks (Jaccard of task sets)."""
        mine = {t.id for p in projects for t in sub.pull(p, ["SERVES_TASK"], "out")}
        if not mine:
            return
        for county in self.gaz.by_label("County"):
            if county.id in own:
                continue
            theirs: dict[str, str] = {}
            for project in sub.pull(county.id, ["LOCATED_IN"], "in"):
                if project.label == "Project":
                    for task in sub.pull(project.id, ["SERVES_TASK"], "out"):
                        theirs.setdefault(task.id, project.id)
            shared = mine & theirs.keys()
            if shared:
                first = sorted(shared)[0]
                cand(county.id).reason("shared_task", len(shared) / len(mine | theirs.keys()),
                                       sub, subject, first, theirs[first], county.id)

    def _similar(self, sub: Subgraph, subject: str, projects: list[str], own: set[str], cand: Cand) -> None:
        if self.searcher is None:
            return
        index = self.searcher.index
        for project in [p for p in projects if p in index.position][: self.config.similar_subject_projects]:
            for hit in self.searcher.similar(project, k=self.config.similar_per_project):
                cos = hit.why.vector_score or 0.0
                weight = min(1.0, max(0.0, (cos - self.config.similarity_floor) / self.config.similarity_span))
                if weight <= 0 or hit.id in own:
                    continue
                node = self.store.get_node(hit.id)
                if node is None:
                    continue
                sub.add(node)
                sub.graph.add_edge(project, hit.id, key="SIMILAR_TO", score=cos)
                cand(hit.id).reason("similar_projects", weight, sub, subject, project, hit.id)
                for place in self._place_of(sub, hit.id):
                    if place not in own and place != self.gaz.home.id:
                        cand(place).reason("similar_projects", weight, sub, subject, project, hit.id, place)

    def _declared(self, sub: Subgraph, subject: str, projects: list[str], cand: Cand, inherited: bool) -> None:
        """Partner regions the home city declares, when they share an industry with the subject; a
        county of the home city inherits the others as a weaker reason (`city_partner`)."""
        industries = {i.props.get("name") for p in projects for i in sub.pull(p, ["IN_INDUSTRY"], "out")}
        home = self.store.get_node(self.gaz.home.id)
        if home is not None:
            sub.add(home)  # named in the paths
        for region in sub.pull(self.gaz.home.id, ["PARTNER_OF"], "out"):
            fields = self.gaz.entries[region.id].data.get("fields", []) if region.id in self.gaz.entries else []
            overlap = [f for f in fields if any(f in (i or "") or (i or "") in f for i in industries)]
            if overlap:
                cand(region.id).reason("declared_partner", 1.0, sub, subject, self.gaz.home.id, region.id)
            elif inherited and self._in_home_city(sub, subject):
                cand(region.id).reason("city_partner", 1.0, sub, subject, self.gaz.home.id, region.id)

    def _in_home_city(self, sub: Subgraph, county: str) -> bool:
        return self.gaz.home.id in {n.id for n in sub.pull(county, ["LOCATED_IN"], "out")}

    def _adjacent(self, sub: Subgraph, subject: str, counties: list[str], own: set[str], cand: Cand) -> None:
        """Counties sharing a border with the subject's (相邻), across city and province lines."""
        for county in counties:
            for other in sub.pull(county, ["ADJACENT_TO"], "both"):
                if other.label == "County" and other.id not in own:
                    cand(other.id).reason("adjacent", 1.0, sub, *((subject, county, other.id) if county != subject
                                                                    else (subject, other.id)))

    def _pagerank(self, sub: Subgraph, subject: str, candidates: dict[str, Candidate]) -> None:
        if not candidates:
            return
        ranks = nx.pagerank(nx.Graph(sub.graph.to_undirected()), personalization={subject: 1.0},
                            alpha=self.config.pagerank_alpha)
        top = max((ranks.get(c, 0.0) for c in candidates), default=0.0) or 1.0
        for c in candidates.values():
            c.components["pagerank"] += ranks.get(c.id, 0.0) / top
