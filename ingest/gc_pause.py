"""Python's cyclic garbage collector paused while documents are built and written.

Building a batch makes ~10 small objects per list row (nodes, edges, their
provenance and property dicts), all alive until the batch is written. Each
700 allocations start a collection, and every tenth of those walks the older
objects again, a whole 6,000-row batch among them: at 100k rows the collector
took about a fifth of ingest CPU while finding nothing to free (the batch holds
no reference cycles; reference counting frees it when the document is done).
Left on, it also re-scanned the long-lived gazetteer and extractor tables
again and again (1.3-2 of ~6 client CPU seconds of a 10k ingest into Neo4j).
An ingest of many files pauses it for the run and collects the young objects
between files, so reference cycles wait at most one file.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Collector off inside, back to what it was after (on, unless a caller had it off).

    Process-wide, like the collector itself: two threads ingesting at once leave it
    on when both are done, since only the first to pause it finds it on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def collect_young() -> None:
    """Collect the two younger generations (what a file just left behind), not the long-lived tables."""
    gc.collect(1)
