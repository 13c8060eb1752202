"""Industrial chains as first-class structure: ordered links, the projects
and enterprises on each link (those the ontology puts there and those that own,
sign or lead a project on it), and what is missing — links with no project in
the city, links a block lacks, upstream supply no local project uses — plus
opportunities for a county next to an existing link, each justified by a
path in the graph.

Only the chain's own neighbourhood is pulled from the store (links, their
projects and enterprises, and where those lie), so this works the same on
the embedded store and on Neo4j."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from graph.models import Edge, Node
from graph.store import GraphStore
from ontology import Gazetteer
from search_api.core.models import (
    ChainEdge,
    ChainGaps,
    ChainLinkView,
    ChainPartner,
    ChainView,
    EnterpriseRole,
    LinkEnterprise,
    LinkProject,
    Opportunity,
    PartnerVia,
    PathStep,
    UnusedSupply,
)
from search_api.core.paths import graph_path, path_text


@dataclass
class LinkState:
    node: Node
    projects: list[Node] = field(default_factory=list)
    enterprises: list[Node] = field(default_factory=list)
    # enterprise id → (role, project) for the enterprises that are a party to a project on the link
    roles: dict[str, list[tuple[str, Node]]] = field(default_factory=dict)
    upstream: list[str] = field(default_factory=list)
    downstream: list[str] = field(default_factory=list)


@dataclass
class ChainGraph:
    """A chain's subgraph: nodes and typed edges, for views and paths."""

    chain: Node
    links: list[LinkState]
    graph: nx.MultiDiGraph[str]
    place_of: dict[str, list[Node]]  # project / enterprise id → counties or regions
    block_of: dict[str, str]  # county id → block name

    def path(self, source: str, target: str) -> list[PathStep]:
        return graph_path(self.graph, source, target)


def resolve_chain(gaz: Gazetteer, ref: str) -> str | None:
    """A chain id from an id, a short id or any part of its name (氢能, 药茶)."""
    for chain in gaz.by_label("IndustrialChain"):
        if ref in (chain.id, chain.id.removeprefix("chain:")):
            return chain.id
    for chain in gaz.by_label("IndustrialChain"):
        if any(ref in form for form in (chain.name, *chain.forms)):
            return chain.id
    return None


Around = dict[str, list[tuple[Edge, Node]]]  # what `GraphStore.neighbours_many` returns


def load_chain(store: GraphStore, chain_id: str) -> ChainGraph | None:
    chain = store.get_node(chain_id)
    if chain is None or chain.label != "IndustrialChain":
        return None
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    graph.add_node(chain.id, label=chain.label, name=chain.props["name"])
    links: list[LinkState] = []
    place_of: dict[str, list[Node]] = {}
    block_of: dict[str, str] = {}
    for _, link in store.neighbours(chain_id, ["PART_OF_CHAIN"], "in"):
        if link.label == "ChainLink":
            links.append(LinkState(link))
    links.sort(key=lambda s: s.node.props["order"])
    # Four batched reads (links, their projects' parties, members' places, those counties' blocks),
    # not one per member.
    around = store.neighbours_many([s.node.id for s in links], ["PART_OF_CHAIN", "UPSTREAM_OF"], "both")
    on_links = [o for s in links for e, o in around[s.node.id] if e.type == "PART_OF_CHAIN" and e.dst == s.node.id]
    parties = store.neighbours_many([o.id for o in on_links if o.label == "Project"], ["PARTY_TO"], "in")
    members = [o.id for o in on_links] + [o.id for rows in parties.values() for _, o in rows if o.label == "Enterprise"]
    located = store.neighbours_many(list(dict.fromkeys(members)), ["LOCATED_IN"], "out")
    blocks = store.neighbours_many([p.id for rows in located.values() for _, p in rows if p.label == "County"],
                                   ["MEMBER_OF"], "out")

    def add_member(state: LinkState, node: Node) -> None:
        graph.add_node(node.id, label=node.label, name=node.props.get("name", node.id))
        (state.projects if node.label == "Project" else state.enterprises).append(node)
        if node.id not in place_of:
            place_of[node.id] = _places(graph, node.id, located, blocks, block_of)

    for state in links:
        link = state.node
        graph.add_node(link.id, label=link.label, name=link.props["name"])
        graph.add_edge(link.id, chain.id, key="PART_OF_CHAIN")
        for edge, other in around[link.id]:
            if edge.type == "UPSTREAM_OF":
                (state.downstream if edge.src == link.id else state.upstream).append(other.id)
                graph.add_edge(edge.src, edge.dst, key="UPSTREAM_OF")
                continue
            if edge.dst != link.id:
                continue
            add_member(state, other)
            graph.add_edge(other.id, link.id, key="PART_OF_CHAIN", matched=edge.props.get("matched"))
        for project in list(state.projects):
            for edge, company in parties.get(project.id, []):
                if company.label != "Enterprise":
                    continue
                add_member(state, company)
                graph.add_edge(company.id, project.id, key="PARTY_TO", role=edge.props.get("role"))
                state.roles.setdefault(company.id, []).append((str(edge.props.get("role") or "party"), project))
    for state in links:
        state.projects.sort(key=lambda n: n.id)
        state.enterprises = sorted({e.id: e for e in state.enterprises}.values(), key=lambda n: n.id)  # once each
    return ChainGraph(chain, links, graph, place_of, block_of)


def _places(graph: nx.MultiDiGraph[str], node_id: str, located: Around, blocks: Around,
            block_of: dict[str, str]) -> list[Node]:
    """A member's counties and regions (and their blocks) from the batched reads, added to the graph."""
    places = []
    for _, place in located.get(node_id, []):
        if place.label not in ("County", "Region"):
            continue
        places.append(place)
        graph.add_node(place.id, label=place.label, name=place.props["name"])
        graph.add_edge(node_id, place.id, key="LOCATED_IN")
        if place.label == "County" and place.id not in block_of:
            for _, block in blocks.get(place.id, []):
                if block.label == "Block":
                    block_of[place.id] = block.props["name"]
                    graph.add_node(block.id, label="Block", name=block.props["name"])
                    graph.add_edge(place.id, block.id, key="MEMBER_OF")
    return places


def chain_view(cg: ChainGraph, gaz: Gazetteer) -> ChainView:
    links_out = []
    counties: set[str] = set()
    partners: dict[str, ChainPartner] = {}
    for state in cg.links:
        projects = []
        for p in state.projects:
            places = cg.place_of.get(p.id, [])
            counties.update(x.props["name"] for x in places if x.label == "County")
            projects.append(LinkProject(
                id=p.id, name=p.props.get("name"), county=p.props.get("county"),
                counties=[x.props["name"] for x in places],
                block=next((cg.block_of[x.id] for x in places if x.id in cg.block_of), None)))
        enterprises = []
        for e in state.enterprises:
            places = cg.place_of.get(e.id, [])
            enterprises.append(LinkEnterprise(
                id=e.id, name=e.props["name"], located=[x.props["name"] for x in places],
                roles=[EnterpriseRole(role=role, project_id=p.id, project=p.props.get("name"))
                       for role, p in state.roles.get(e.id, [])]))
            for x in places:
                if x.label == "Region" and not gaz.encloses_home(x.id):
                    partner = partners.setdefault(x.id, ChainPartner(id=x.id, name=x.props["name"], via=[]))
                    partner.via.append(PartnerVia(enterprise=e.props["name"], link=state.node.props["name"],
                                                  path=path_text(cg.path(x.id, state.node.id))))
        links_out.append(ChainLinkView(
            id=state.node.id, name=state.node.props["name"], order=state.node.props["order"],
            upstream=state.upstream, downstream=state.downstream, projects=projects, enterprises=enterprises,
            gap=not projects))
    return ChainView(id=cg.chain.id, name=cg.chain.props["name"], sample=cg.chain.props.get("sample", False),
                     links=links_out, counties=sorted(counties),
                     partners=sorted(partners.values(), key=lambda p: p.id), gaps=gaps(cg, gaz),
                     edges=[ChainEdge.model_validate({"from": s.node.id, "to": d})
                            for s in cg.links for d in s.downstream])


def gaps(cg: ChainGraph, gaz: Gazetteer) -> ChainGaps:
    no_project = [s.node.props["name"] for s in cg.links if not s.projects]
    by_block: dict[str, list[str]] = {}
    for block in gaz.by_label("Block"):
        missing = []
        for s in cg.links:
            blocks = {cg.block_of.get(x.id) for p in s.projects for x in cg.place_of.get(p.id, [])}
            if s.projects and block.name not in blocks:
                missing.append(s.node.props["name"])
        by_block[block.name] = missing
    by_id = {s.node.id: s for s in cg.links}
    unused = []
    for s in cg.links:
        for down in s.downstream:
            if s.projects and not by_id[down].projects:
                unused.append(UnusedSupply(link=s.node.props["name"], downstream=by_id[down].node.props["name"],
                                           projects=[p.props.get("name") for p in s.projects]))
    return ChainGaps(links_without_projects=no_project, links_missing_in_block=by_block,
                     upstream_without_local_use=unused)


def opportunities(cg: ChainGraph, county_id: str) -> list[Opportunity]:
    """Links next to one where the county already has a project, held by
    another county's project or a partner's enterprise but not by this county."""
    def places(s: LinkState) -> dict[str, list[Node]]:
        out: dict[str, list[Node]] = {}
        for n in [*s.projects, *s.enterprises]:
            for x in cg.place_of.get(n.id, []):
                out.setdefault(x.id, []).append(n)
        return out

    by_id = {s.node.id: s for s in cg.links}
    result = []
    for s in cg.links:
        own = [p for p in s.projects if county_id in {x.id for x in cg.place_of.get(p.id, [])}]
        if not own:
            continue
        for direction, neighbour_ids in (("downstream", s.downstream), ("upstream", s.upstream)):
            for nid in neighbour_ids:
                neighbour = by_id[nid]
                held = places(neighbour)
                if county_id in held:
                    continue
                for place_id, holders in sorted(held.items()):
                    # county <-LOCATED_IN- project -PART_OF_CHAIN-> link -UPSTREAM_OF- neighbour
                    #   <-PART_OF_CHAIN- holder -LOCATED_IN-> place
                    steps = graph_path(cg.graph, county_id, own[0].id, s.node.id, nid, holders[0].id, place_id)
                    result.append(Opportunity(
                        link=neighbour.node.props["name"], direction=direction, because=own[0].props.get("name"),
                        next_to=holders[0].props.get("name"), held_by=cg.graph.nodes[place_id]["name"],
                        path=path_text(steps), steps=steps))
    return result
