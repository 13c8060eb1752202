"""Paths through a pulled subgraph, as the reasons chain and partner views
give: alternating node and relationship steps, edges followed either way."""

from __future__ import annotations

import networkx as nx

from search_api.core.models import NodeStep, PathStep, RelStep


def node_step(graph: nx.MultiDiGraph[str], node_id: str) -> NodeStep:
    data = graph.nodes[node_id]
    return NodeStep(id=node_id, label=str(data.get("label") or ""), name=str(data.get("name") or node_id))


def graph_path(graph: nx.MultiDiGraph[str], *waypoints: str) -> list[PathStep]:
    """The shortest path through the waypoints in order, or [] if a leg has none.
    Adjacent waypoints (the usual case: a reason names every hop) are joined
    directly, without a search, so a path costs its length, not the graph's size."""
    undirected: nx.MultiGraph[str] | None = None
    steps: list[PathStep] = []
    for a, b in zip(waypoints, waypoints[1:], strict=False):
        if a in graph and b in graph and (graph.has_edge(a, b) or graph.has_edge(b, a)):
            ids = [a, b]
        else:
            undirected = undirected if undirected is not None else graph.to_undirected(as_view=True)
            try:
                ids = nx.shortest_path(undirected, a, b)
            except (nx.NetworkXNoPath, nx.NodeNotFound):
                return []
        if not steps:
            steps.append(node_step(graph, ids[0]))
        for x, y in zip(ids, ids[1:], strict=False):
            if graph.has_edge(x, y):
                steps.append(RelStep(rel=next(iter(graph[x][y])), dir="->"))
            else:
                steps.append(RelStep(rel=next(iter(graph[y][x])), dir="<-"))
            steps.append(node_step(graph, y))
    return steps


def path_text(steps: list[PathStep]) -> str:
    """'吉县 <-LOCATED_IN- 吉县抽水蓄能电站项目 -PART_OF_CHAIN-> 储能'."""
    parts = []
    for step in steps:
        if isinstance(step, RelStep):
            parts.append(f"-{step.rel}->" if step.dir == "->" else f"<-{step.rel}-")
        else:
            parts.append(step.name)
    return " ".join(parts)
