"""A header-read timeout for `planatlas serve`. uvicorn (0.55, h11) arms its
only timer, `timeout_keep_alive`, after a response; a connection that opens
and sends nothing, or trickles its request line and headers a byte at a time,
stays open for ever and counts against `limit_concurrency` — 64 such
sockets and every real request gets 503. This protocol arms a timer when a
connection opens and after each response, and closes the connection if the
complete request head (line + headers) has not arrived by then. A body that
trickles in is the guard's business (`guard.UPLOAD_SECONDS`, 408)."""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_SECONDS = 10.0  # the request line and headers must arrive within this


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request head."""

    header_seconds = HEADER_SECONDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_head_timer()  # the next request on a kept-alive connection gets the same deadline

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        super().connection_lost(exc)

    def _arm_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        self._head_timer = self.loop.call_later(self.header_seconds, self._head_overdue)

    def _head_overdue(self) -> None:
        """Close the connection if its client still owes the request head (h11: client IDLE)."""
        self._head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.logger.info("closing a connection whose request headers did not arrive in %.0f s",
                             self.header_seconds)
            self.transport.close()
