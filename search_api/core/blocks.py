"""A county block (板块): its members, this year's lead county and the
candidate joint projects — similar projects in two or more member counties
that share a chain link or an industry."""

from __future__ import annotations

import networkx as nx

from ontology import Gazetteer
from ontology.gazetteer import Entry
from search_api.core.config import BlockConfig
from search_api.core.index import ProjectIndex
from search_api.core.models import JointCandidate, JointProject


def resolve_block(gaz: Gazetteer, ref: str) -> Entry | None:
    """A block by id, name or alias (沿黄, 沿黄板块, 沿黄七县)."""
    return next((b for b in gaz.by_label("Block") if ref in (b.id, b.name, *b.forms)), None)


def lead_of(block: Entry, gaz: Gazetteer, year: int) -> str | None:
    """The rotating lead county in `year`; the rotation starts in the block's `rotation_start` year."""
    rotation = [gaz.entries[c].name for c in block.data["rotation_ids"]]
    start = int(block.data.get("rotation_start") or year)
    return rotation[(year - start) % len(rotation)] if rotation else None


def joint_candidates(index: ProjectIndex, members: list[str], config: BlockConfig) -> list[JointCandidate]:
    """Groups of similar projects in different member counties."""
    if index.vectors is None:
        return []
    vectors = index.vectors
    rows = [i for i, d in enumerate(index.docs) if d.county in members]
    graph: nx.Graph[int] = nx.Graph()
    for n, i in enumerate(rows):
        for j in rows[n + 1 :]:
            a, b = index.docs[i], index.docs[j]
            cos = float(vectors[i] @ vectors[j])
            related = set(a.links) & set(b.links) or set(a.industries) & set(b.industries)
            if a.county != b.county and cos >= config.joint_min_cos and related:
                graph.add_edge(i, j, cos=cos)
    joint = []
    for component in nx.connected_components(graph):
        docs = [index.docs[i] for i in sorted(component)]
        joint.append(JointCandidate(
            counties=sorted({d.county for d in docs if d.county}),
            projects=[JointProject(id=d.id, name=d.name, county=d.county) for d in docs],
            shared_industries=sorted(set.intersection(*(set(d.industries) for d in docs))),
            shared_links=sorted(set.intersection(*(set(d.links) for d in docs)))))
    joint.sort(key=lambda j: (-len(j.counties), -len(j.projects), j.projects[0].id))
    return joint
