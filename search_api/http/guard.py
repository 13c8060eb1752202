"""What the server checks before a request body is read, as plain ASGI
middleware (FastAPI dependencies only run after the multipart body has been
parsed and spooled to disk: 276 MB of an unauthenticated upload once sat in
/tmp before the 401).

- A token in the query string is refused (400) and blanked from the request
  before anything, the access log included, sees the URL.
- An upload is refused without a valid token (401/403) or with a declared
  length over the limit (413) before a byte of it is read; a body without a
  declared length is counted as it arrives and cut off at the limit, and one
  that trickles in slower than the budget allows is cut off too (408).
- An API read that has not started its answer within `request_seconds` gets
  503. Its work (a thread, which cannot be killed) runs under the same
  deadline (`core.deadline`), which the expensive views check in their loops,
  so it stops soon after instead of finishing unheard."""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

from starlette.exceptions import HTTPException

from search_api.core import deadline
from search_api.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TOKEN_PARAMS = frozenset({"token", "api_token", "apitoken", "access_token", "x-api-token", "x_api_token",
                          "authorization", "key", "api_key", "apikey"})
UPLOAD_PATHS = frozenset({"/api/ingest"})
MULTIPART_OVERHEAD = 64 * 1024  # form boundaries and part headers around the file
UPLOAD_SECONDS = 120.0  # a whole upload must arrive within this (slow-client cut-off)


class BodyTooLarge(HTTPException):
    """The upload passed the size limit while arriving (an HTTPException, so
    the body parser passes it on as it is)."""

    def __init__(self, max_mb: int) -> None:
        super().__init__(413, f"file is over the {max_mb} MB limit")


class BodyTooSlow(HTTPException):
    """The upload did not arrive within the time budget."""

    def __init__(self) -> None:
        super().__init__(408, f"the upload did not arrive within {UPLOAD_SECONDS:.0f} s")


def token_in_query(query_string: bytes) -> bool:
    return any(key.lower() in TOKEN_PARAMS for key, _ in parse_qsl(query_string.decode("latin-1"),
                                                                     keep_blank_values=True))


def header_token(headers: dict[bytes, bytes]) -> str:
    given = headers.get(b"x-api-token") or headers.get(b"authorization", b"").removeprefix(b"Bearer ")
    return given.decode("latin-1").strip()


class RequestGuard:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if token_in_query(scope.get("query_string", b"")):
            scope["query_string"] = b"token=REDACTED"  # the server's access log reads this same scope
            await _answer(send, 400, "tokens are accepted only in the Authorization (Bearer) or X-API-Token "
                                     "header, never in the URL (URLs end up in logs and browser history)")
            return
        if scope["method"] == "POST" and scope["path"] in UPLOAD_PATHS:
            refusal = self._refuse_upload({k.lower(): v for k, v in scope["headers"]})
            if refusal is not None:
                status, detail = refusal
                await _answer(send, status, detail, {"www-authenticate": "Bearer"} if status == 401 else None)
                return
            receive = _bounded(receive, self.settings, UPLOAD_SECONDS)
        elif scope["method"] == "GET" and scope["path"].startswith("/api/"):
            await self._within_budget(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _within_budget(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = abandoned = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if abandoned:
                return  # the client already has its 503
            started = True
            await send(message)

        with deadline.within(self.settings.request_seconds):  # the task (and its threads) copy this context
            task = asyncio.ensure_future(self.app(scope, receive, guarded_send))
        done, _ = await asyncio.wait({task}, timeout=self.settings.request_seconds)
        if task in done:
            task.result()  # re-raise what the app raised
            return
        if started:  # the answer is on its way: let it finish
            await task
            return
        abandoned = True
        task.add_done_callback(lambda t: t.cancelled() or t.exception())  # consume its outcome
        await _answer(send, 503, f"the request took longer than {self.settings.request_seconds:.0f} s; "
                                 "narrow it (filters, k, depth) or try again")

    def _refuse_upload(self, headers: dict[bytes, bytes]) -> tuple[int, str] | None:
        expected = self.settings.api_token.get_secret_value() if self.settings.api_token else ""
        if not expected:
            return 403, "write endpoints are disabled: set PLANATLAS_API_TOKEN"
        if not secrets.compare_digest(header_token(headers).encode(), expected.encode()):
            return 401, "missing or wrong API token"
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.settings.max_bytes + MULTIPART_OVERHEAD):
            return 413, f"file is over the {self.settings.max_file_mb} MB limit"
        return None


def _bounded(receive: Receive, settings: Settings, seconds: float) -> Receive:
    """`receive` that raises once the body passes the size limit or `seconds`."""
    limit = settings.max_bytes + MULTIPART_OVERHEAD
    seen = 0
    deadline = time.monotonic() + seconds

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(settings.max_file_mb)
            if time.monotonic() > deadline:
                raise BodyTooSlow()
        return message

    return wrapped


async def _answer(send: Send, status: int, detail: str, extra: dict[str, str] | None = None) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               *((k.encode(), v.encode()) for k, v in (extra or {}).items())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
