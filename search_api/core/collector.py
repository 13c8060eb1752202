"""The cyclic garbage collector paused while a big read view builds its
working set. A partner search or county page over a county-heavy store
allocates hundreds of thousands of small objects (nodes, graph dicts, path
steps) that all stay alive until the view returns; every full collection on
the way walks all of them and the search index besides. At 10k projects that
was 60% of the view's CPU time and grew faster than the projects (16× the
collector time for 10× the projects, the rest 9.8×). Reference counting
frees almost all of the view's objects when it returns; the few cycles
(networkx's cached graph views) are collected once the collector runs again,
as soon as the last paused view has left. Results do not change."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_active = 0  # views running with the collector paused (the API runs several in threads)
_resume = False  # whether the collector was on when the first of them began


@contextmanager
def paused() -> Iterator[None]:
    """Run the block with the cyclic collector off; nested and concurrent uses share one pause."""
    global _active, _resume
    with _lock:
        if _active == 0:
            _resume = gc.isenabled()
            gc.disable()
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _resume:
                gc.enable()
