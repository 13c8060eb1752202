"""Stats, single nodes and neighbourhoods for drawing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from search_api.core.models import Neighbourhood, NodeView, Stats
from search_api.http.deps import ServiceDep
from search_api.http.schemas import NeighbourhoodPublic, NodePublic, StatsPublic

router = APIRouter(prefix="/api", tags=["graph"])


@router.get("/stats", response_model=StatsPublic)
def stats(service: ServiceDep) -> Stats:
    return service.stats()


@router.get("/nodes/{node_id:path}", response_model=NodePublic)
def node(node_id: str, service: ServiceDep) -> NodeView:
    return service.node(node_id)


@router.get("/graph/neighborhood", response_model=NeighbourhoodPublic)
def neighborhood(service: ServiceDep, id: Annotated[str, Query(min_length=1, max_length=300)],
                 depth: Annotated[int, Query(ge=1, le=3)] = 1) -> Neighbourhood:
    """Nodes and edges within `depth` hops (at most 300 nodes), for drawing."""
    return service.neighbourhood(id, depth)
