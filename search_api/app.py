"""The FastAPI app: the JSON API under /api and the planners' web UI at /.
Heavy resources (store, embedding model) are opened once in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from ontology import PlanAtlasError
from search_api.routes import graph as graph_routes
from search_api.settings import Settings, open_store

STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.store = open_store(settings)
        try:
            yield
        finally:
            app.state.store.close()

    app = FastAPI(title="PlanAtlas", version="0.1.0", lifespan=lifespan)

    @app.exception_handler(PlanAtlasError)
    async def planatlas_error(_: Request, exc: PlanAtlasError) -> JSONResponse:
        return JSONResponse(status_code=400, content={"detail": str(exc)})

    @app.get("/health", tags=["meta"])
    def health(request: Request) -> dict[str, Any]:
        store = request.app.state.store
        counts = store.counts()
        return {"status": "ok", "backend": store.backend, "nodes": counts.nodes, "edges": counts.edges,
                "by_label": counts.by_label}

    app.include_router(graph_routes.router)
    app.mount("/", StaticFiles(directory=STATIC, html=True), name="ui")
    return app
