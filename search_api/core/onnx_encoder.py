"""The quantized encoder: the same e5 model as an int8 ONNX graph, run by ONNX Runtime.

`make model` exports the fp32 model to ONNX and quantizes its weights to int8
(search_api/tools/onnx_export.py) into a sibling folder laid out like a
sentence-transformers ONNX model (`onnx/model_qint8.onnx`). Sentence-transformers'
own `backend="onnx"` needs `optimum-onnx`, whose releases pin transformers below
the version this project runs on, so this module is the thin equivalent: the
same tokenizer.json, the graph's last hidden state, mean pooling over the
attention mask and L2 normalisation, exactly the modules in `modules.json`.
On 2 shared cores it encodes several times faster than torch fp32 with vectors
at cosine >= 0.99 to the fp32 ones (the build measures it, docs/benchmarks.md).
Dynamic quantization scales activations per batch, so a text's int8 vector
varies slightly with the batch it was encoded in (cosine ~0.993 between
batch sizes 1 and 64); the cache stores the first one, so it stays stable."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from ingest.encoder_spans import ort_session
from ontology import PlanAtlasError
from search_api.core.config import EmbeddingConfig
from search_api.core.progress import ProgressHook

ONNX_SUFFIX = "-onnx"  # var/models/<model> -> var/models/<model>-onnx
QUANTIZED_FILE = "onnx/model_qint8.onnx"
BUILD_MARKER = "onnx_build.json"
MAX_TOKENS = 512
VARIANT = "onnx-int8"


def onnx_dir(model: str | Path) -> Path:
    """Where `make model` writes the quantized variant of the model folder `model`."""
    path = Path(model)
    return path.parent / f"{path.name}{ONNX_SUFFIX}"


def onnx_model_id(model: str | Path, folder: Path | None = None) -> str:
    """The id of the quantized variant, from its build marker alone (no model
    loaded): the source weights' hash, the quantized graph's hash and the
    variant, so the cache never mixes fp32 vectors, int8 ones, or int8 ones
    from an earlier quantization."""
    marker = (folder or onnx_dir(model)) / BUILD_MARKER
    try:
        build = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PlanAtlasError(f"quantized model not found at {marker.parent}; run `make model` "
                             "(or set PLANATLAS_EMBEDDING_VARIANT=fp32)") from exc
    return f"{Path(model).name}:{str(build['source_model_sha256'])[:16]}.{str(build.get('sha256', ''))[:8]}+{VARIANT}"


class OnnxEncoder:
    """multilingual-e5-small, int8 weights, on ONNX Runtime (a `TextEncoder`)."""

    def __init__(self, model: str, config: EmbeddingConfig, folder: Path | None = None, *,
                 spin: bool = False) -> None:
        self.folder = folder or onnx_dir(model)
        marker = self.folder / BUILD_MARKER
        if not marker.is_file() or not (self.folder / QUANTIZED_FILE).is_file():
            raise PlanAtlasError(f"quantized model not found at {self.folder}; run `make model` "
                                 "(or set PLANATLAS_EMBEDDING_VARIANT=fp32)")
        try:
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - tokenizers is a dependency
            raise PlanAtlasError(f"cannot load the quantized model: {exc}") from exc
        build = json.loads(marker.read_text(encoding="utf-8"))
        self.name = model
        self.config = config
        self.dim = int(build["dimension"])
        self.model_id = onnx_model_id(model, self.folder)
        self.tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.pad_id = self.tokenizer.token_to_id("<pad>") or 0
        # Queries get a one-thread session, made now: a server is ready when it can
        # answer one. Bulk encoding (ingest, a stale index) gets its own session on
        # first use: a warm start encodes nothing, and each session costs ~0.5-1 s.
        self._query = ort_session(self.folder / QUANTIZED_FILE, 1)
        self._bulk: Any = None
        self._bulk_lock = threading.Lock()
        self._spin = spin

    def encode(self, texts: list[str], progress: ProgressHook | None = None) -> np.ndarray:
        """Normalised float32 vectors. Texts are sorted by token count before
        batching (as sentence-transformers does), so a batch pads little."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        with self._bulk_lock:
            if self._bulk is None:
                self._bulk = ort_session(self.folder / QUANTIZED_FILE, os.cpu_count() or 1, self._spin)
        ids = [e.ids for e in self.tokenizer.encode_batch([self.config.prefix + t for t in texts])]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        batch = self.config.batch
        for start in range(0, len(order), batch):
            chunk = order[start:start + batch]
            out[chunk] = self._run(self._bulk, [ids[i] for i in chunk])
            if progress:
                progress(len(chunk))
        return out

    def encode_query(self, text: str) -> np.ndarray:
        """One text on a one-thread session: a query is a dozen tokens, and on
        busy cores a second thread mostly waits (see ingest/torch_threads.py)."""
        ids = self.tokenizer.encode(self.config.prefix + text).ids
        vector: np.ndarray = self._run(self._query, [ids])[0]
        return vector

    def _run(self, session: Any, rows: list[list[int]]) -> np.ndarray:
        width = max(len(r) for r in rows)
        input_ids = np.full((len(rows), width), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for n, row in enumerate(rows):
            input_ids[n, :len(row)] = row
            mask[n, :len(row)] = 1
        hidden = session.run(None, {"input_ids": input_ids, "attention_mask": mask})[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        result: np.ndarray = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return result
