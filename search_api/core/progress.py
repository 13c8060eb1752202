"""How long work reports progress without the core knowing who shows it:
the CLI passes a rich progress bar, the API and tests pass nothing."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Protocol


class ProgressHook(Protocol):
    """Told that `n` more items are done, optionally with what is being worked on."""

    def __call__(self, n: int, note: str = "") -> None: ...


class Progress(Protocol):
    def task(self, what: str, total: int) -> AbstractContextManager[ProgressHook]:
        """A bar (or nothing) for `total` items of `what`, open while the work runs."""
        ...


def _ignore(n: int, note: str = "") -> None:
    """Progress nobody watches."""


class Silent:
    """No progress shown."""

    def task(self, what: str, total: int) -> AbstractContextManager[ProgressHook]:
        return nullcontext(_ignore)
