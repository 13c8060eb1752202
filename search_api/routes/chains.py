"""Industrial chains and partners."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from search_api.chains import chain_view, load_chain, opportunities, resolve_chain
from search_api.deps import ServicesDep
from search_api.partners import CANDIDATE_LABELS, PartnerFinder

router = APIRouter(prefix="/api", tags=["chains"])


@router.get("/chains")
def chains(services: ServicesDep) -> dict[str, Any]:
    rows = []
    for chain in services.store.find_nodes("IndustrialChain"):
        links = services.store.find_nodes("ChainLink", chain=chain.id)
        rows.append({"id": chain.id, "name": chain.props["name"], "sample": chain.props.get("sample", False),
                     "links": [l.props["name"] for l in sorted(links, key=lambda l: l.props["order"])]})
    return {"data": rows, "count": len(rows)}


@router.get("/chains/{chain_ref:path}")
def chain(chain_ref: str, services: ServicesDep,
          county: Annotated[str | None, Query(max_length=50)] = None) -> dict[str, Any]:
    chain_id = resolve_chain(services.gaz, chain_ref)
    cg = load_chain(services.store, chain_id) if chain_id else None
    if cg is None:
        raise HTTPException(status_code=404, detail=f"no chain matches {chain_ref!r}")
    data = chain_view(cg, services.gaz)
    if county:
        entry = services.gaz.county(county)
        if entry is None or entry.label != "County":
            raise HTTPException(status_code=404, detail=f"no county named {county!r}")
        data["opportunities"] = {"county": entry.name, "items": opportunities(cg, entry.id)}
    return data


@router.get("/partners")
def partners(services: ServicesDep, county: Annotated[str | None, Query(max_length=50)] = None,
             project: Annotated[str | None, Query(max_length=300)] = None,
             k: Annotated[int, Query(ge=1, le=50)] = 10) -> dict[str, Any]:
    ref = project or county
    if not ref:
        raise HTTPException(status_code=422, detail="give county= or project=")
    finder = PartnerFinder(services.store, services.gaz, services.searcher)
    subject = finder.resolve(ref)
    if subject is None:
        raise HTTPException(status_code=404, detail=f"{ref!r} is neither a county nor a project")
    return {"subject": {"id": subject.id, "label": subject.label, "name": subject.props.get("name")},
            "data": finder.find(subject, k=k, kinds=CANDIDATE_LABELS)}
