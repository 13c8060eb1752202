"""The FastAPI app: the JSON API under /api and the planners' web UI at /.
The store, the embedding model and the project index are opened once in the
lifespan hook (the model takes seconds to load)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from ontology import PlanAtlasError
from search_api.routes import chains, graph, ingest, places, projects, search
from search_api.services import Services
from search_api.settings import Settings

STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    """`services` lets tests share one already-built index; otherwise the
    lifespan opens the configured store and model."""
    settings = settings or (services.settings if services else Settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = services is None
        app.state.services = services or Services(settings)
        app.state.services.searcher  # build the index before the first request
        try:
            yield
        finally:
            if owned:
                app.state.services.close()

    app = FastAPI(title="PlanAtlas", version="0.1.0", lifespan=lifespan,
                  description="Knowledge graph, search and duplicate detection for regional planners.")

    @app.exception_handler(PlanAtlasError)
    async def planatlas_error(_: Request, exc: PlanAtlasError) -> JSONResponse:
        return JSONResponse(status_code=400, content={"detail": str(exc)})

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in exc.errors()]
        return JSONResponse(status_code=422, content={"detail": "invalid parameters", "errors": errors})

    @app.get("/health", tags=["meta"])
    def health(request: Request) -> dict[str, Any]:
        svc: Services = request.app.state.services
        counts = svc.store.counts()
        embedder = svc.embedder
        return {"status": "ok", "backend": svc.store.backend,
                "model": {"name": embedder.name, "id": embedder.model_id, "dim": embedder.dim} if embedder else None,
                "projects": len(svc.searcher.index), "nodes": counts.nodes, "edges": counts.edges,
                "by_label": counts.by_label}

    for module in (search, projects, places, chains, graph, ingest):
        app.include_router(module.router)
    app.mount("/", StaticFiles(directory=STATIC, html=True), name="ui")
    return app
