"""Connection limits for `planatlas serve`, in uvicorn's h11 protocol.

A header-read timeout: uvicorn (0.55, h11) arms its only timer,
`timeout_keep_alive`, after a response; a connection that opens and sends
nothing, or trickles its request line and headers a byte at a time, stays
open for ever and counts against `limit_concurrency` — 64 such sockets and
every real request gets 503. This protocol arms a timer when a connection
opens and after each response, and closes the connection if the complete
request head (line + headers) has not arrived by then. A body that trickles
in is the guard's business (`guard.UPLOAD_SECONDS`, 408).

A per-client cap: the timeout alone let one client re-open 64 trickling
connections every 10 s and keep every other client on 503. A client address
holding `per_client` open connections has its next one answered 429 at once
and closed; that connection never counts against `limit_concurrency`, so
other clients keep being served."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any
from weakref import WeakKeyDictionary

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

HEADER_SECONDS = 10.0  # the request line and headers must arrive within this
LINGER_SECONDS = 1.0  # a refused connection reads (and drops) what its client still sends, then closes
_REFUSAL = (b"HTTP/1.1 429 Too Many Requests\r\ncontent-type: text/plain; charset=utf-8\r\n"
            b"connection: close\r\nretry-after: 10\r\ncontent-length: %d\r\n\r\n%b")
# open connections per client address, per running server
_OPEN: WeakKeyDictionary[ServerState, Counter[str]] = WeakKeyDictionary()


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request head and a cap
    on the connections one client address holds open (0: no cap)."""

    header_seconds = HEADER_SECONDS
    per_client = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None
        self._host: str | None = None  # the client address this connection is counted for
        self._refused = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        host = self.client[0] if self.client else None
        if host is not None and self.per_client:
            open_now = _OPEN.setdefault(self.server_state, Counter())
            if open_now[host] >= self.per_client:
                self._refuse(host)
                return
            open_now[host] += 1
            self._host = host
        self._arm_head_timer()

    def data_received(self, data: bytes) -> None:
        if not self._refused:  # a refused connection's request is not read
            super().data_received(data)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_head_timer()  # the next request on a kept-alive connection gets the same deadline

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        if self._host is not None:
            open_now = _OPEN.get(self.server_state)
            if open_now is not None:
                open_now[self._host] -= 1
                if open_now[self._host] <= 0:
                    del open_now[self._host]
            self._host = None
        super().connection_lost(exc)

    def _refuse(self, host: str) -> None:
        """Answer 429 before any request, half-close, and close for good after
        `LINGER_SECONDS` (closing at once would reset a client whose request
        is in flight, and it would never read the answer)."""
        self._refused = True
        self.connections.discard(self)  # not one of the `limit_concurrency` connections
        message = f"{host} already has {self.per_client} open connections; close one and retry\n".encode()
        self.logger.warning("refused a connection from %s: %d open connections already", host, self.per_client)
        self.transport.write(_REFUSAL % (len(message), message))
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)

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


def serve_protocol(per_client: int) -> type[HeaderTimeoutProtocol]:
    """The protocol class uvicorn runs, with the configured per-client cap."""
    return type("ServeProtocol", (HeaderTimeoutProtocol,), {"per_client": per_client})
