"""Who a county or a project should work with, and why.

Candidates — counties, partner regions, enterprises and projects — are found
in the subject's neighbourhood of the graph (pulled from the store, never the
whole graph) and scored on shared chains, complementary chain positions
(upstream/downstream links), shared rivers, shared tasks, block membership,
project similarity and declared partnership, with personalised PageRank over
the same subgraph breaking ties. Each reason is a real path in that subgraph."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.models import Node
from graph.store import GraphStore
from ontology import Gazetteer
from search_api.chains import path_text
from search_api.search import Searcher

WEIGHTS = {"complementary_chain": 1.5, "shared_chain": 1.0, "shared_river": 0.5, "shared_task": 1.0,
           "same_block": 0.5, "similar_projects": 2.0, "declared_partner": 0.75, "pagerank": 0.5}
# Evidence saturates: the tenth project on the same link says little more than the second.
CAPS = {"complementary_chain": 2.0, "shared_chain": 2.0, "similar_projects": 2.0}
SIMILAR_PER_PROJECT = 5
SIMILARITY_FLOOR, SIMILARITY_SPAN = 0.85, 0.13
CANDIDATE_LABELS = ("County", "Region", "Enterprise", "Project")


@dataclass
class Subgraph:
    """The subject's neighbourhood as a networkx graph, filled by `pull`."""

    store: GraphStore
    graph: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)
    expanded: set[tuple[str, tuple[str, ...], str]] = field(default_factory=set)

    def add(self, node: Node) -> None:
        if node.id not in self.graph:
            self.graph.add_node(node.id, label=node.label, name=node.props.get("name") or node.props.get("title"),
                                number=node.props.get("number"), chain=node.props.get("chain"))

    def pull(self, node_id: str, rel_types: list[str], direction: str = "both") -> list[Node]:
        key = (node_id, tuple(rel_types), direction)
        out = []
        for edge, other in self.store.neighbours(node_id, rel_types, direction):  # type: ignore[arg-type]
            self.add(other)
            self.graph.add_edge(edge.src, edge.dst, key=edge.type)
            out.append(other)
        self.expanded.add(key)
        return out

    def label(self, node_id: str) -> str:
        return str(self.graph.nodes[node_id].get("label", ""))

    def name(self, node_id: str) -> str:
        return str(self.graph.nodes[node_id].get("name") or node_id)

    def path(self, *waypoints: str) -> list[dict[str, str]]:
        """A path through the given nodes in order, edges followed either way."""
        undirected = self.graph.to_undirected(as_view=True)
        steps: list[dict[str, str]] = []
        for a, b in zip(waypoints, waypoints[1:]):
            try:
                ids = nx.shortest_path(undirected, a, b)
            except (nx.NetworkXNoPath, nx.NodeNotFound):
                return []
            for i, (x, y) in enumerate(zip(ids, ids[1:])):
                if not steps or i > 0:
                    steps.append({"id": x, "label": self.label(x), "name": self.name(x)})
                elif steps[-1].get("id") != x:
                    steps.append({"id": x, "label": self.label(x), "name": self.name(x)})
                if self.graph.has_edge(x, y):
                    steps.append({"rel": next(iter(self.graph[x][y])), "dir": "->"})
                else:
                    steps.append({"rel": next(iter(self.graph[y][x])), "dir": "<-"})
            steps.append({"id": ids[-1], "label": self.label(ids[-1]), "name": self.name(ids[-1])})
        return steps


@dataclass
class Candidate:
    id: str
    components: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    reasons: list[dict[str, Any]] = field(default_factory=list)

    def reason(self, kind: str, weight: float, steps: list[dict[str, str]]) -> None:
        self.components[kind] += weight
        if steps and len(self.reasons) < 6 and all(r["path"] != path_text(steps) for r in self.reasons):
            self.reasons.append({"kind": kind, "path": path_text(steps), "steps": steps})


class PartnerFinder:
    def __init__(self, store: GraphStore, gaz: Gazetteer, searcher: Searcher | None = None) -> None:
        self.store, self.gaz, self.searcher = store, gaz, searcher

    def resolve(self, ref: str) -> Node | None:
        node = self.store.get_node(ref)
        if node is not None and node.label in ("County", "Project"):
            return node
        entry = self.gaz.county(ref)
        if entry is not None and entry.label == "County":
            return self.store.get_node(entry.id)
        if self.searcher is not None:
            for doc in self.searcher.index.docs:
                if doc.name == ref:
                    return self.store.get_node(doc.id)
        return None

    def find(self, subject: Node, k: int = 10, kinds: tuple[str, ...] = CANDIDATE_LABELS) -> list[dict[str, Any]]:
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
            return candidates.setdefault(node_id, Candidate(node_id))

        own = set(counties) | set(projects) | {subject.id}
        self._chains(sub, subject.id, projects, own, cand)
        self._rivers(sub, subject.id, counties, projects, own, cand)
        self._blocks(sub, subject.id, counties, own, cand)
        self._tasks(sub, subject.id, projects, own, cand)
        self._similar(sub, subject.id, projects, own, cand)
        self._declared(sub, subject.id, projects, cand)
        self._pagerank(sub, subject.id, candidates)
        results = []
        for c in candidates.values():
            if c.id in own or sub.label(c.id) not in kinds:
                continue
            score = sum(WEIGHTS[k] * min(v, CAPS.get(k, 1.0)) for k, v in c.components.items())
            results.append({"id": c.id, "label": sub.label(c.id), "name": sub.name(c.id), "score": round(score, 4),
                            "components": {k: round(v, 4) for k, v in sorted(c.components.items())},
                            "reasons": c.reasons})
        results.sort(key=lambda r: (-r["score"], r["id"]))
        return results[:k]

    def _place_of(self, sub: Subgraph, node_id: str) -> list[str]:
        return [n.id for n in sub.pull(node_id, ["LOCATED_IN"], "out") if n.label in ("County", "Region")]

    def _chains(self, sub: Subgraph, subject: str, projects: list[str], own: set[str], cand: Any) -> None:
        """Same link: shared chain. Adjacent link: complementary position."""
        for project in projects:
            for link in sub.pull(project, ["PART_OF_CHAIN"], "out"):
                if link.label != "ChainLink":
                    continue
                neighbours = sub.pull(link.id, ["UPSTREAM_OF"], "both")
                for target_link, kind in [(link, "shared_chain"), *((n, "complementary_chain") for n in neighbours)]:
                    for holder in sub.pull(target_link.id, ["PART_OF_CHAIN"], "in"):
                        if holder.label not in ("Project", "Enterprise") or holder.id in own:
                            continue
                        weight = 1.0 if kind == "complementary_chain" else 0.5
                        cand(holder.id).reason(kind, weight, sub.path(subject, project, target_link.id, holder.id))
                        for place in self._place_of(sub, holder.id):
                            if place in own or place == self.gaz.home.id:
                                continue
                            cand(place).reason(kind, weight / 2,
                                               sub.path(subject, project, target_link.id, holder.id, place))

    def _rivers(self, sub: Subgraph, subject: str, counties: list[str], projects: list[str], own: set[str],
                cand: Any) -> None:
        rivers = {r.id for c in counties for r in sub.pull(c, ["FLOWS_THROUGH"], "in") if r.label == "River"}
        rivers |= {r.id for p in projects for r in sub.pull(p, ["MENTIONS"], "out") if r.label == "River"}
        for river in sorted(rivers):
            for county in sub.pull(river, ["FLOWS_THROUGH"], "out"):
                if county.id not in own:
                    cand(county.id).reason("shared_river", 1.0, sub.path(subject, river, county.id))

    def _blocks(self, sub: Subgraph, subject: str, counties: list[str], own: set[str], cand: Any) -> None:
        for county in counties:
            for block in sub.pull(county, ["MEMBER_OF"], "out"):
                if block.label != "Block":
                    continue
                for member in sub.pull(block.id, ["MEMBER_OF"], "in"):
                    if member.id not in own:
                        cand(member.id).reason("same_block", 1.0, sub.path(subject, block.id, member.id))

    def _tasks(self, sub: Subgraph, subject: str, projects: list[str], own: set[str], cand: Any) -> None:
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
                task = sorted(shared)[0]
                cand(county.id).reason("shared_task", len(shared) / len(mine | theirs.keys()),
                                       sub.path(subject, task, theirs[task], county.id))

    def _similar(self, sub: Subgraph, subject: str, projects: list[str], own: set[str], cand: Any) -> None:
        if self.searcher is None:
            return
        index = self.searcher.index
        for project in projects:
            if project not in index.position:
                continue
            for hit in self.searcher.similar(project, k=SIMILAR_PER_PROJECT):
                cos = hit.why.get("vector_score") or 0.0
                weight = min(1.0, max(0.0, (cos - SIMILARITY_FLOOR) / SIMILARITY_SPAN))
                if weight <= 0 or hit.id in own:
                    continue
                node = self.store.get_node(hit.id)
                if node is None:
                    continue
                sub.add(node)
                sub.graph.add_edge(project, hit.id, key="SIMILAR_TO", score=cos)
                cand(hit.id).reason("similar_projects", weight, sub.path(subject, project, hit.id))
                for place in self._place_of(sub, hit.id):
                    if place not in own and place != self.gaz.home.id:
                        cand(place).reason("similar_projects", weight, sub.path(subject, project, hit.id, place))

    def _declared(self, sub: Subgraph, subject: str, projects: list[str], cand: Any) -> None:
        """Partner regions the home city declares, when they share an industry with the subject."""
        industries = {i.props.get("name") for p in projects for i in sub.pull(p, ["IN_INDUSTRY"], "out")}
        for region in sub.pull(self.gaz.home.id, ["PARTNER_OF"], "out"):
            fields = self.gaz.entries[region.id].data.get("fields", []) if region.id in self.gaz.entries else []
            overlap = [f for f in fields if any(f in (i or "") or (i or "") in f for i in industries)]
            if overlap:
                cand(region.id).reason("declared_partner", 1.0, sub.path(subject, self.gaz.home.id, region.id))

    def _pagerank(self, sub: Subgraph, subject: str, candidates: dict[str, Candidate]) -> None:
        if not candidates:
            return
        ranks = nx.pagerank(nx.Graph(sub.graph.to_undirected()), personalization={subject: 1.0}, alpha=0.85)
        top = max((ranks.get(c, 0.0) for c in candidates), default=0.0) or 1.0
        for c in candidates.values():
            c.components["pagerank"] += ranks.get(c.id, 0.0) / top


def block_view(store: GraphStore, gaz: Gazetteer, ref: str, searcher: Searcher | None = None,
               year: int = 2023, min_cos: float = 0.92) -> dict[str, Any] | None:
    """A block's members, its lead county this year, and candidate joint
    projects: similar projects in two or more member counties."""
    block = next((b for b in gaz.by_label("Block") if ref in (b.id, b.name, *b.forms)), None)
    if block is None:
        return None
    rotation = [gaz.entries[c].name for c in block.data["rotation_ids"]]
    members = [gaz.entries[c].name for c in block.data["member_ids"]]
    joint: list[dict[str, Any]] = []
    if searcher is not None and searcher.index.vectors is not None:
        index = searcher.index
        rows = [i for i, d in enumerate(index.docs) if d.county in members]
        graph = nx.Graph()
        for n, i in enumerate(rows):
            for j in rows[n + 1 :]:
                a, b = index.docs[i], index.docs[j]
                cos = float(index.vectors[i] @ index.vectors[j])
                if a.county != b.county and cos >= min_cos and (set(a.links) & set(b.links) or set(a.industries) & set(b.industries)):
                    graph.add_edge(i, j, cos=cos)
        for component in nx.connected_components(graph):
            docs = [index.docs[i] for i in sorted(component)]
            shared = set.intersection(*(set(d.industries) for d in docs))
            joint.append({"counties": sorted({d.county for d in docs if d.county}),
                          "projects": [{"id": d.id, "name": d.name, "county": d.county} for d in docs],
                          "shared_industries": sorted(shared),
                          "shared_links": sorted(set.intersection(*(set(d.links) for d in docs)))})
        joint.sort(key=lambda j: (-len(j["counties"]), -len(j["projects"]), j["projects"][0]["id"]))
    return {"id": block.id, "name": block.name, "full_name": block.data.get("full_name"),
            "theme": block.data.get("theme"), "members": members, "lead_rotation": rotation,
            "lead_this_year": rotation[(year - 2023) % len(rotation)] if rotation else None, "year": year,
            "joint_project_candidates": joint}
