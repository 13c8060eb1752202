"""The FastAPI app: the JSON API under /api and the planners' web UI at /.
The service (store, model, project index) is opened once in the lifespan
hook, since the model takes seconds to load. PlanAtlas errors map to HTTP
statuses here, in one place."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from ontology import NotFound, PlanAtlasError, StoreUnavailable
from search_api.core.deadline import DeadlineExceeded
from search_api.core.service import PlanAtlas
from search_api.http.guard import RequestGuard
from search_api.http.routes import chains, export, graph, ingest, places, projects, review, search
from search_api.http.schemas import HealthPublic
from search_api.settings import Settings

STATIC = Path(__file__).parent / "static"
# uvicorn's limits for `planatlas serve`: idle connections close after 5 s,
# and past 64 open connections a new one is answered 503 at once, so slow
# clients cannot hold every worker (200 slow connections once stayed open).
KEEP_ALIVE_SECONDS = 5
MAX_CONNECTIONS = 64
MAX_HEADER_BYTES = 64 * 1024
SHUTDOWN_WAIT_SECONDS = 30.0  # for an index build in progress


def status_of(exc: PlanAtlasError) -> int:
    """404 for what does not exist, 503 while the store cannot answer, 400 for any other bad request."""
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, StoreUnavailable | DeadlineExceeded):
        return 503
    return 400


def create_app(settings: Settings | None = None, service: PlanAtlas | None = None) -> FastAPI:
    """`service` lets tests share one already-built service; otherwise the
    lifespan opens the configured store and model."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        ingest.sweep_uploads()
        app.state.service = service or PlanAtlas.open(settings)
        # the index is built, and rebuilt after any ingest into the store, in the
        # background: /health answers during a build with its state
        stop = threading.Event()
        watcher = threading.Thread(target=app.state.service.watch, args=(stop,), daemon=True, name="index-watch")
        watcher.start()
        try:
            yield
        finally:
            stop.set()
            watcher.join(timeout=SHUTDOWN_WAIT_SECONDS)
            if service is None:
                app.state.service.close()

    app = FastAPI(title="PlanAtlas", version="0.1.0", lifespan=lifespan,
                  description="Knowledge graph, search and duplicate detection for regional planners.")

    app.add_middleware(RequestGuard, settings=settings)

    @app.exception_handler(PlanAtlasError)
    async def planatlas_error(_: Request, exc: PlanAtlasError) -> JSONResponse:
        return JSONResponse(status_code=status_of(exc), content={"detail": str(exc)})

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in exc.errors()]
        return JSONResponse(status_code=422, content={"detail": "invalid parameters", "errors": errors})

    @app.get("/health", tags=["meta"], response_model=HealthPublic)
    def health(request: Request) -> HealthPublic:
        return HealthPublic.model_validate(request.app.state.service.health().model_dump())

    for module in (search, projects, places, chains, graph, ingest, review, export):
        app.include_router(module.router)
    app.mount("/", StaticFiles(directory=STATIC, html=True), name="ui")
    return app
