"""The search index saved next to the store, so a server starts in seconds.

Building the in-memory index at start-up meant reading every project from the
store, looking up every vector in the embedding cache, fitting BM25 and
building the HNSW graph: ~60 s at 100k projects. Now the built parts are saved
in `<home>/index/` under a fingerprint of the store's content (its documents,
their fingerprints and ingest times, its node and edge counts), the model id
and the search config:

* fingerprint unchanged: projects (saved_docs.py), vectors (memory-mapped),
  BM25, HNSW and the filter columns (columns.py) are loaded as saved, and
  nothing is read from the store or encoded;
* changed (an ingest): the projects are read again, but a project whose
  embedded text is unchanged takes its vector from the saved matrix and keeps
  its place in the HNSW graph; only new or changed projects are encoded and
  added, and removed ones are taken out of the graph. BM25 is re-fitted from
  the projects' stored search words (bm25s has no incremental add, and every
  new document changes the IDF of the others anyway); the filter columns are
  derived again from the projects. Everything is then saved as one new folder.

Files are written to a temp folder and renamed into place, so a reader never
sees half an index; the msgpack files repeat the fingerprint, so one copied in
from another build is caught; a folder that cannot be read, or whose parts do
not fit together, is rebuilt, never trusted."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bm25s
import msgpack
import numpy as np

from graph.models import Counts
from graph.store import GraphStore
from ingest.extract import Extractor
from search_api.core import collector
from search_api.core.catalog import ProjectDoc, load_projects
from search_api.core.columns import FilterColumns
from search_api.core.config import SearchConfig
from search_api.core.embeddings import CachedEncoder, content_key
from search_api.core.index import ProjectIndex, build_ann
from search_api.core.progress import ProgressHook
from search_api.core.saved_docs import StaleFile, read_docs, write_docs

log = logging.getLogger(__name__)

INDEX_FORMAT = 2  # bump when what is saved changes (2: msgpack projects, filter columns)
INDEX_FOLDER = "index"  # under the home, next to the store
MANIFEST = "manifest.json"  # written last: a folder without it is incomplete
COLUMNS_FILE = "columns.msgpack"  # the filter columns
KEYS_FILE = "keys.msgpack"  # each project's and each HNSW key's text key: for the incremental update


def store_fingerprint(store: GraphStore, model_id: str | None, config: SearchConfig, content_chars: int,
                      counts: Counts | None = None) -> str:
    """Changes with any ingest or deletion (documents carry their fingerprint
    and ingest time), with the model and with the search settings. `counts`
    passes the store's counts when the caller has them."""
    digest = hashlib.sha256(f"{INDEX_FORMAT}\n{model_id}\n{content_chars}\n{config.model_dump_json()}\n".encode())
    for d in sorted(store.documents(), key=lambda r: r.id):
        digest.update(f"{d.id}\t{d.fingerprint}\t{d.ingested_at}\n".encode())
    digest.update((counts or store.counts()).model_dump_json().encode())
    return digest.hexdigest()[:32]


def _read_plain(path: Path, fingerprint: str) -> dict[str, Any]:
    """A msgpack file of ours, checked to be written under `fingerprint`."""
    data = msgpack.unpackb(path.read_bytes())
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint:
        raise StaleFile(f"{path} was written for another state of the store")
    return data


@dataclass
class Saved:
    """What the last build left in the folder."""

    manifest: dict[str, Any]
    folder: Path

    @property
    def fingerprint(self) -> str:
        return str(self.manifest.get("fingerprint"))

    def keys(self) -> dict[str, Any]:
        """The text key of each saved project and of each HNSW key (None: removed)."""
        return _read_plain(self.folder / KEYS_FILE, self.fingerprint)

    def vectors(self) -> np.ndarray | None:
        path = self.folder / "vectors.npy"
        return np.load(path, mmap_mode="r", allow_pickle=False) if path.exists() else None

    def ann(self, view: bool, config: SearchConfig) -> Any:
        """The saved HNSW graph, searched and grown as `config` says: usearch keeps
        the graph's shape in the file but not its expansion settings, so a restored
        graph would otherwise search at usearch's default depth (64), not the configured one."""
        from usearch.index import Index

        path = self.folder / "hnsw.usearch"
        ann: Any = Index.restore(str(path), view=view) if path.exists() else None  # usearch types its setters read-only
        if ann is not None:
            ann.expansion_add, ann.expansion_search = config.hnsw_expansion_add, config.hnsw_expansion_search
        return ann


class IndexFiles:
    """The saved index of one home (`<home>/index`)."""

    def __init__(self, folder: Path, counts: Callable[[], Counts] | None = None) -> None:
        """`counts` reads the store's node and edge counts for the fingerprint:
        the service passes its own, read once per store version (core/service.py)."""
        self.folder = folder
        self._counts = counts
        self._fingerprint: tuple[tuple[str, ...], str] | None = None  # (what it was computed for, fingerprint)

    def saved(self) -> Saved | None:
        try:
            manifest = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return Saved(manifest, self.folder) if manifest.get("format") == INDEX_FORMAT else None

    def fingerprint(self, store: GraphStore, model_id: str | None, config: SearchConfig, content_chars: int) -> str:
        """`store_fingerprint`, computed once per store version (its node and
        edge counts take ~0.3 s at 100k projects, and a start asks twice)."""
        asked = (store.version(), str(model_id), config.model_dump_json(), str(content_chars))
        if self._fingerprint is None or self._fingerprint[0] != asked:
            counts = self._counts() if self._counts is not None else None
            self._fingerprint = (asked, store_fingerprint(store, model_id, config, content_chars, counts))
        return self._fingerprint[1]

    def current(self, store: GraphStore, model_id: str | None, config: SearchConfig, content_chars: int) -> bool:
        """Whether the saved files hold the index of the store as it is now."""
        saved = self.saved()
        return saved is not None and saved.fingerprint == self.fingerprint(store, model_id, config, content_chars)

    def load(self, store: GraphStore, model_id: str | None, config: SearchConfig, extractor: Extractor,
             content_chars: int, progress: ProgressHook | None = None) -> ProjectIndex | None:
        """The saved index if it is current and readable, else None. Needs the
        model's id only, not the model: a server loads the model meanwhile."""
        saved = self.saved()
        if saved is None or saved.fingerprint != self.fingerprint(store, model_id, config, content_chars):
            return None
        try:
            return self._load(saved, store, config, extractor, model_id, progress)
        except Exception as exc:  # noqa: BLE001 - an unreadable index is rebuilt, never trusted
            log.warning("saved search index at %s unreadable (%s): rebuilding", self.folder, exc)
            return None

    def build(self, store: GraphStore, encoder: CachedEncoder | None, config: SearchConfig, extractor: Extractor,
              content_chars: int, progress: ProgressHook | None = None,
              transform: Callable[[list[ProjectDoc]], list[ProjectDoc]] | None = None) -> ProjectIndex:
        """The index, from the saved files when they are current, else updated and saved.
        `transform` turns the stored projects into the indexed ones (merged duplicates folded)."""
        model_id = encoder.embedder.model_id if encoder else None
        loaded = self.load(store, model_id, config, extractor, content_chars, progress)
        if loaded is not None:
            return loaded
        fingerprint = self.fingerprint(store, model_id, config, content_chars)
        saved = self.saved()
        try:
            keys_of = saved.keys() if saved is not None else None
        except Exception as exc:  # noqa: BLE001 - without its keys an old index cannot be reused: rebuilt
            log.warning("saved search index at %s unusable (%s): rebuilding", self.folder, exc)
            saved = keys_of = None
        docs = load_projects(store)
        if transform is not None:
            docs = transform(docs)
        keys = [content_key(d.embed_text(content_chars)) for d in docs]
        old_keys = list(keys_of["text_keys"]) if keys_of else []
        vectors = self._vectors(docs, keys, saved, old_keys, encoder, content_chars, progress)
        ann_keys = list(keys_of["ann_text_keys"]) if keys_of else []
        index = ProjectIndex(docs, vectors, config, extractor, store, model_id,
                             ann=self._ann(keys, vectors, saved, ann_keys, config, len(docs)))
        try:
            self._save(index, keys, fingerprint, model_id)
        except OSError as exc:  # a read-only home still serves; it only starts slower next time
            log.warning("cannot save the search index to %s: %s", self.folder, exc)
        return index

    # -- reading -----------------------------------------------------------------------------
    def _load(self, saved: Saved, store: GraphStore, config: SearchConfig, extractor: Extractor,
              model_id: str | None, progress: ProgressHook | None) -> ProjectIndex:
        with collector.paused():  # a million small lists and strings, all kept: 2-3× faster without the collector
            docs = read_docs(saved.folder, saved.fingerprint)
        columns = FilterColumns.from_plain(_read_plain(saved.folder / COLUMNS_FILE, saved.fingerprint)["columns"])
        vectors = saved.vectors()
        if columns.size != len(docs) or (vectors is not None and vectors.shape[0] != len(docs)):
            raise ValueError("the saved projects, filter columns and vectors do not have the same rows")
        bm25 = bm25s.BM25.load(str(saved.folder / "bm25"), mmap=True) if (saved.folder / "bm25").exists() else None
        ann = saved.ann(view=True, config=config)
        positions = np.load(saved.folder / "ann_positions.npy", allow_pickle=False) if ann is not None else None
        if positions is not None and len(positions) and positions.max() >= len(docs):
            raise ValueError("the saved HNSW graph points past the saved projects")
        if progress:
            progress(len(docs))
        return ProjectIndex(docs, vectors, config, extractor, store, model_id, bm25=bm25,
                            ann=(ann, positions) if ann is not None and positions is not None else None,
                            columns=columns)

    @staticmethod
    def _vectors(docs: list[ProjectDoc], keys: list[str], saved: Saved | None, old_keys: list[str],
                 encoder: CachedEncoder | None, content_chars: int, progress: ProgressHook | None) -> np.ndarray | None:
        """Saved rows for unchanged texts; the rest through the cache (and the model)."""
        if encoder is None:
            return None
        old = saved.vectors() if saved is not None else None
        row_of = {k: i for i, k in enumerate(old_keys)} if old is not None and len(old) == len(old_keys) else {}
        missing = [i for i, k in enumerate(keys) if k not in row_of]
        out = np.zeros((len(docs), encoder.embedder.dim), dtype=np.float32)
        kept = [i for i, k in enumerate(keys) if k in row_of]
        if kept and old is not None:
            out[kept] = old[[row_of[keys[i]] for i in kept]]
        if progress and kept:
            progress(len(kept))
        if missing:
            out[missing] = encoder.encode([docs[i].embed_text(content_chars) for i in missing], progress)
        return out

    @staticmethod
    def _ann(keys: list[str], vectors: np.ndarray | None, saved: Saved | None, old_keys: list[str | None],
             config: SearchConfig, size: int) -> tuple[Any, np.ndarray] | None:
        """The saved HNSW graph with gone texts removed and new ones added, as
        (graph, position of each graph key); None below the exact-search size."""
        if vectors is None or size < config.exact_below:
            return None
        ann = saved.ann(view=False, config=config) if saved is not None else None
        if ann is None or saved is None or ann.ndim != vectors.shape[1] or ann.connectivity != config.hnsw_connectivity:
            return build_ann(vectors, config), np.arange(size, dtype=np.int64)
        waiting: dict[str, list[int]] = {}
        for i, k in enumerate(keys):
            waiting.setdefault(k, []).append(i)
        positions = np.full(len(old_keys) + size, -1, dtype=np.int64)
        gone = []
        for graph_key, text_key in enumerate(old_keys):
            if text_key is not None and waiting.get(text_key):
                positions[graph_key] = waiting[text_key].pop()
            elif text_key is not None:
                gone.append(graph_key)
        if gone:
            ann.remove(np.asarray(gone, dtype=np.uint64))
        new = sorted(i for rows in waiting.values() for i in rows)
        if new:
            graph_keys = np.arange(len(old_keys), len(old_keys) + len(new), dtype=np.int64)
            ann.add(graph_keys.astype(np.uint64), np.ascontiguousarray(vectors[new]))
            positions[graph_keys] = new
        return ann, positions[:len(old_keys) + len(new)]

    # -- writing -----------------------------------------------------------------------------
    def _save(self, index: ProjectIndex, keys: list[str], fingerprint: str, model_id: str | None) -> None:
        tmp = self.folder.parent / f".{self.folder.name}.tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        try:
            write_docs(tmp, index.docs, fingerprint)
            (tmp / COLUMNS_FILE).write_bytes(msgpack.packb({"fingerprint": fingerprint,
                                                            "columns": index.columns.to_plain()}))
            if index.vectors is not None:
                np.save(tmp / "vectors.npy", np.ascontiguousarray(index.vectors, dtype=np.float32))
            if index.bm25 is not None:
                index.bm25.save(str(tmp / "bm25"))
            ann_text_keys: list[str | None] = []
            if index.ann is not None:
                graph, positions = index.ann
                graph.save(str(tmp / "hnsw.usearch"))
                np.save(tmp / "ann_positions.npy", np.asarray(positions, dtype=np.int64))
                ann_text_keys = [keys[p] if p >= 0 else None for p in positions.tolist()]
            (tmp / KEYS_FILE).write_bytes(msgpack.packb({"fingerprint": fingerprint, "text_keys": keys,
                                                         "ann_text_keys": ann_text_keys}))
            manifest = {"format": INDEX_FORMAT, "fingerprint": fingerprint, "model_id": model_id,
                        "projects": len(index.docs)}
            (tmp / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
            old = self.folder.parent / f".{self.folder.name}.old-{os.getpid()}"
            shutil.rmtree(old, ignore_errors=True)
            if self.folder.exists():
                self.folder.rename(old)
            tmp.rename(self.folder)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
