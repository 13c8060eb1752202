"""Every project with what the graph links to it (counties, block, task,
industries, chains, rivers, zones), read from the store in one pass over
nodes and edges. Search, duplicates and the project lists all use these
records, so a project's county or block is derived in exactly one place."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from graph.models import Node
from graph.store import GraphStore
from ontology import Gazetteer
from search_api.core.models import ProjectSummary, Source, StandardIndustryRef, TaskRef, ValueConflict

_YEAR = re.compile(r"(\d{4})")
PLACE_LABELS = ("County", "Region")  # LOCATED_IN these is where a project is; other targets are zones
PLACE_PROPS = ("county_code", "city", "city_code", "province", "province_code", "home", "place_level",
               "place_source", "place_source_text")


@dataclass
class ProjectDoc:
    id: str
    name: str
    county: str | None
    counties: list[str]
    block: str | None
    task: int | None
    task_id: str | None
    industries: list[str]
    chains: list[str]
    links: list[str]
    rivers: list[str]
    investment_wan: float | None
    years: str | None
    content: str
    search_text: str = ""  # the search words, space-separated, as ingest stores them (`tokens` splits them)
    zones: list[str] = field(default_factory=list)
    owner: str | None = None
    task_ref: TaskRef | None = None
    standard_industry: StandardIndustryRef | None = None
    place: dict[str, Any] = field(default_factory=dict)  # county/city/province codes and names (PLACE_PROPS)

    @property
    def tokens(self) -> list[str]:
        """The search words. Split on use, not when 100k projects are loaded
        (~0.5 s of a server's start); a search splits only its hits'."""
        return self.search_text.split()

    @property
    def year_span(self) -> tuple[int, int] | None:
        found = [int(y) for y in _YEAR.findall(self.years or "")]
        return (min(found), max(found)) if found else None

    def embed_text(self, content_chars: int) -> str:
        """The name and the start of the content: what the model compares."""
        return f"{self.name}。{self.content[:content_chars]}" if self.content else self.name

    def summary(self, node: Node | None = None, conflicts: list[ValueConflict] | None = None) -> ProjectSummary:
        """The planner's view of the project; `node` (read with provenance) adds its sources,
        `conflicts` the values its sources disagree on (views.conflicts_of)."""
        return ProjectSummary(
            id=self.id, name=self.name or None, county=self.county, counties=self.counties, zones=self.zones,
            block=self.block, industries=self.industries, chains=self.chains, chain_links=self.links,
            task=self.task_ref, investment_wan=self.investment_wan, years=self.years,
            content=self.content or None, owner=self.owner, standard_industry=self.standard_industry,
            **self.place,
            sources=[Source.of(p) for p in node.provenance] if node else [], conflicts=conflicts or [])


def _standard(props: dict[str, object]) -> StandardIndustryRef | None:
    """The flat std_* properties ingest stores, as one object."""
    if not props.get("std_code"):
        return None
    score = props.get("std_score")
    return StandardIndustryRef(section=str(props["std_section"]), division=str(props["std_division"]),
                               code=str(props["std_code"]), name=str(props["std_name"]),
                               score=float(score) if isinstance(score, (int, float)) else None)


def load_projects(store: GraphStore) -> list[ProjectDoc]:
    """Every project with its linked attributes, from one pass over the graph, ordered by id."""
    names: dict[str, str] = {}
    labels: dict[str, str] = {}
    chain_of_link: dict[str, str] = {}
    tasks: dict[str, Node] = {}
    projects = []
    for node in store.iter_nodes():
        labels[node.id] = node.label
        names[node.id] = node.props.get("name") or node.props.get("title") or node.id
        if node.label == "ChainLink":
            chain_of_link[node.id] = node.props["chain"]
        elif node.label == "Task":
            tasks[node.id] = node
        elif node.label == "Project":
            projects.append(node)
    out_edges: dict[str, list[tuple[str, str]]] = defaultdict(list)
    task_edge: dict[str, TaskRef] = {}
    block_of: dict[str, str] = {}
    for edge in store.iter_edges():
        if edge.type == "MEMBER_OF" and labels.get(edge.dst) == "Block":
            block_of[edge.src] = names[edge.dst]
        elif labels.get(edge.src) == "Project":
            out_edges[edge.src].append((edge.type, edge.dst))
            if edge.type == "SERVES_TASK" and edge.src not in task_edge and edge.dst in tasks:
                task = tasks[edge.dst]
                task_edge[edge.src] = TaskRef(id=task.id, number=task.props.get("number"),
                                              title=task.props.get("title"), score=edge.props.get("score"),
                                              source=edge.props.get("source"))
    docs = []
    for node in projects:
        edges = out_edges[node.id]
        located = [d for t, d in edges if t == "LOCATED_IN"]
        counties = [d for d in located if labels.get(d) in PLACE_LABELS]
        links = [d for t, d in edges if t == "PART_OF_CHAIN"]
        task_ids = [d for t, d in edges if t == "SERVES_TASK"]
        blocks = [block_of[c] for c in counties if c in block_of]
        props = node.props
        first_task = task_ids[0] if task_ids else None
        docs.append(ProjectDoc(
            id=node.id, name=props.get("name", ""), county=props.get("county"),
            counties=[names[c] for c in counties], block=blocks[0] if blocks else None,
            task=int(tasks[first_task].props.get("number", 0)) if first_task in tasks else None,
            task_id=first_task,
            industries=sorted(names[d] for t, d in edges if t == "IN_INDUSTRY"),
            chains=sorted({chain_of_link[link] for link in links if link in chain_of_link}),
            links=sorted(names[link] for link in links),
            rivers=sorted(names[d] for t, d in edges if t == "MENTIONS" and labels.get(d) == "River"),
            investment_wan=props.get("investment_wan"), years=props.get("years"),
            content=props.get("content") or "", search_text=props.get("search_text") or "",
            zones=[names[z] for z in located if labels.get(z) not in PLACE_LABELS],
            owner=props.get("owner"), task_ref=task_edge.get(node.id), standard_industry=_standard(props),
            place={k: props.get(k) for k in PLACE_PROPS}))
    docs.sort(key=lambda d: d.id)
    return docs


def division_code(gaz: Gazetteer, text: str, level: str) -> str | None:
    """The code of the county, city or province a filter names (full name or short form);
    of several (朝阳区), the one in the home city or province."""
    codes = [c for c in gaz.divisions.codes(text.strip()) if gaz.divisions.get(c) and
             gaz.divisions.by_code[c].level == level]
    home = str(gaz.home.data.get("code", ""))
    codes.sort(key=lambda c: (not c.startswith(home), not c.startswith(home[:2]), c))
    return codes[0] if codes else None
