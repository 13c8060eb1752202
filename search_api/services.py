"""Everything search needs, opened once: the store, the gazetteer, the
embedding model and the project index. The CLI opens one per command; the
API keeps one for its lifetime and rebuilds the index after an ingest."""

from __future__ import annotations

import threading
from collections.abc import Callable

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from graph.store import GraphStore
from ingest.tasks import TaskIndex
from ontology import Gazetteer, load_gazetteer
from search_api.duplicates import DuplicateReport, find_duplicates
from search_api.embeddings import CachedEncoder, Embedder
from search_api.index import ProjectIndex, load_projects
from search_api.search import Searcher
from search_api.settings import Settings, open_store

_models: dict[str, Embedder] = {}
_models_lock = threading.Lock()


def load_embedder(name: str) -> Embedder:
    """One model per process and name: loading takes seconds and ~500 MB."""
    with _models_lock:
        if name not in _models:
            _models[name] = Embedder(name)
        return _models[name]


class Services:
    def __init__(self, settings: Settings, store: GraphStore | None = None, with_model: bool = True,
                 show_progress: bool = False) -> None:
        self.settings = settings
        self.store = store or open_store(settings)
        self.gaz: Gazetteer = load_gazetteer()
        self.embedder = load_embedder(settings.embedding_model) if with_model else None
        self.show_progress = show_progress
        self._searcher: Searcher | None = None
        self._lock = threading.Lock()

    def _encode_progress(self, total: int) -> tuple[Progress | None, Callable[[int], None] | None]:
        if not self.show_progress or total == 0:
            return None, None
        progress = Progress(TextColumn("[bold]embed"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=Console(stderr=True))
        task = progress.add_task("", total=total)
        return progress, lambda n: progress.advance(task, n)

    @property
    def searcher(self) -> Searcher:
        with self._lock:
            if self._searcher is None:
                self._searcher = self._build()
            return self._searcher

    def _build(self) -> Searcher:
        encoder = CachedEncoder(self.embedder, self.store) if self.embedder else None
        docs = load_projects(self.store)
        progress, hook = self._encode_progress(len(docs))
        if progress:
            progress.start()
        try:
            index = ProjectIndex.from_docs(docs, encoder, hook, store=self.store)
        finally:
            if progress:
                progress.stop()
        return Searcher(index, self.embedder, self.gaz, TaskIndex.from_store(self.store))

    def refresh(self) -> None:
        """Rebuild the index (after an ingest); cached embeddings make this cheap."""
        fresh = self._build()
        with self._lock:
            self._searcher = fresh

    def duplicates(self, min_score: float, across_counties: bool) -> DuplicateReport:
        return find_duplicates(self.searcher.index, self.gaz, min_score=min_score, across_counties=across_counties)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Services":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
