"""One torch thread for small work, shared by every caller in the process.

A query to the embedding model is a dozen tokens and a sentence to the encoder
head (encoder_spans.py) a few dozen: a second thread gains little, and when the
cores are busy every operator waits for it at OpenMP's barrier (measured on 2
busy cores: ~850 ms per query with 2 threads, ~45 ms with 1; the head 2.2 ms
with 2, 1.3 ms with 1). The thread count is process-wide, so the callers share
one reference count: overlapping callers restore the count once, the last out."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_inside = 0  # callers now running on one thread
_saved = 0


@contextmanager
def one_torch_thread() -> Iterator[None]:
    import torch

    global _inside, _saved
    with _lock:
        if _inside == 0:
            _saved = torch.get_num_threads()
            torch.set_num_threads(1)
        _inside += 1
    try:
        yield
    finally:
        with _lock:
            _inside -= 1
            if _inside == 0:
                torch.set_num_threads(_saved)
