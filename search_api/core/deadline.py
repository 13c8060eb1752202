"""A cooperative deadline for one request's work. The API answers 503 when a
read passes its time budget, but the worker thread cannot be killed; the
expensive views (partners, county page, duplicates) call `check()` in their
loops so the work itself stops soon after the budget instead of finishing
unheard. The CLI sets no deadline: `check()` is then a no-op."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from ontology import PlanAtlasError

# monotonic time after which the current request's work stops; None = no limit
DEADLINE: ContextVar[float | None] = ContextVar("planatlas_deadline", default=None)


class DeadlineExceeded(PlanAtlasError):
    """The request's work passed its time budget and was stopped (HTTP 503)."""


def check() -> None:
    """Raise `DeadlineExceeded` once the current context's deadline has passed."""
    deadline = DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline:
        raise DeadlineExceeded("the request took longer than its time budget and was stopped; "
                               "narrow it (filters, k, depth) or try again")


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Work in this context (and threads started from it with a copied context) stops after `seconds`."""
    token = DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        DEADLINE.reset(token)
