"""The bench's console output: rich on stderr (stdout is the duplicate
child's JSON channel), with transient progress bars."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

console = Console(stderr=True)


class Advance:
    """A progress hook for a bar's task. Matches the core's `ProgressHook`
    (`n`, `note`) and bench/generate.py's `progress(1)`."""

    def __init__(self, bar: Progress, task: TaskID) -> None:
        self.bar, self.task = bar, task

    def __call__(self, n: int = 1, note: str = "") -> None:
        self.bar.advance(self.task, n)

    def file(self, _path: str) -> None:
        """The ingest pipeline's hook: called once per file, with its path."""
        self.bar.advance(self.task, 1)


@contextmanager
def progress(label: str, total: int) -> Iterator[Advance]:
    """A transient bar for `total` items, shown while the block runs."""
    bar = Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=console, transient=True)
    with bar:
        yield Advance(bar, bar.add_task("", total=total))
