"""FastAPI dependencies as `Annotated` aliases. The service lives on
`app.state`, built once in the lifespan hook."""

from __future__ import annotations

import secrets
from typing import Annotated, cast

from fastapi import Depends, Header, HTTPException, Request

from search_api.core.service import PlanAtlas
from search_api.settings import Settings


def get_service(request: Request) -> PlanAtlas:
    return cast(PlanAtlas, request.app.state.service)


def get_settings(request: Request) -> Settings:
    return cast(Settings, request.app.state.settings)


ServiceDep = Annotated[PlanAtlas, Depends(get_service)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def require_token(settings: SettingsDep, authorization: Annotated[str | None, Header()] = None,
                  x_api_token: Annotated[str | None, Header()] = None) -> None:
    """Write endpoints need PLANATLAS_API_TOKEN, compared in constant time."""
    expected = settings.api_token.get_secret_value() if settings.api_token else ""
    if not expected:
        raise HTTPException(status_code=403, detail="write endpoints are disabled: set PLANATLAS_API_TOKEN")
    given = x_api_token or (authorization or "").removeprefix("Bearer ").strip()
    if not secrets.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(status_code=401, detail="missing or wrong API token",
                            headers={"WWW-Authenticate": "Bearer"})


TokenDep = Annotated[None, Depends(require_token)]
