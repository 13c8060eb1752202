"""The int8 ONNX encoder `make model` builds: close to fp32, kept apart from it in the cache."""

from __future__ import annotations

import json

import numpy as np
import pytest

from graph.store import GraphStore
from search_api.core.config import load_scoring
from search_api.core.embeddings import CachedEncoder, Embedder, load_encoder, model_id_for
from search_api.core.onnx_encoder import BUILD_MARKER, OnnxEncoder, onnx_dir
from search_api.settings import Settings
from search_api.tools.onnx_export import GATE_MIN_COSINE, gate_texts

TEXTS = ["吉县抽水蓄能电站项目", "汾河洪洞至尧都段生态修复与防洪提升项目",
         "洪洞县100万千瓦光伏发电及配套储能项目，建设内容包括光伏阵列、升压站和储能系统。",
         "城市总体规划需要统筹生态保护与产业发展。", "短"]


@pytest.fixture(scope="module")
def int8(model_path: str) -> OnnxEncoder:
    if not (onnx_dir(model_path) / BUILD_MARKER).is_file():
        pytest.fail(f"quantized model missing at {onnx_dir(model_path)}: run `make model`")
    encoder = load_encoder(model_path, load_scoring(model_path).embedding, "int8")
    assert isinstance(encoder, OnnxEncoder)
    return encoder


def test_int8_vectors_are_close_to_fp32_in_input_order(int8: OnnxEncoder, embedder: Embedder) -> None:
    ref, approx = embedder.encode(TEXTS), int8.encode(TEXTS)
    assert approx.shape == ref.shape == (len(TEXTS), 384)
    np.testing.assert_allclose(np.linalg.norm(approx, axis=1), 1.0, atol=1e-5)
    cos = (ref * approx).sum(axis=1)
    assert cos.min() >= GATE_MIN_COSINE, cos  # texts are sorted by length inside: the order must come back
    # A query on its own (one-thread session, no padding) gives nearly the batch's vector: dynamic
    # quantization scales activations per batch, so a text's vector varies a little with its batch.
    assert float(int8.encode_query(TEXTS[1]) @ approx[1]) >= GATE_MIN_COSINE
    assert float(int8.encode_query(TEXTS[1]) @ ref[1]) >= GATE_MIN_COSINE


def test_the_build_recorded_a_passed_gate(int8: OnnxEncoder) -> None:
    gate = json.loads((int8.folder / BUILD_MARKER).read_text(encoding="utf-8"))["gate"]
    assert gate["passed"] and gate["texts"] == 1000 and gate["cosine_min"] >= GATE_MIN_COSINE
    assert gate["auc_fp32"] - gate["auc_int8"] <= 0.01


def test_gate_texts_are_distinct_real_text() -> None:
    texts = gate_texts()
    assert len(texts) == 1000 == len(set(texts))
    assert all(len(t) >= 6 for t in texts)


def test_the_cache_keys_vectors_by_variant(int8: OnnxEncoder, embedder: Embedder, store: GraphStore) -> None:
    assert int8.model_id != embedder.model_id and int8.model_id.endswith("+onnx-int8")
    CachedEncoder(embedder, store).encode(TEXTS[:2])
    cached = CachedEncoder(int8, store)
    vectors = cached.encode(TEXTS[:2])
    assert (cached.hits, cached.misses) == (0, 2)  # fp32 vectors are not served for int8
    np.testing.assert_allclose(vectors, int8.encode(TEXTS[:2]), atol=1e-5)
    again = CachedEncoder(int8, store)
    again.encode(TEXTS[:2])
    assert (again.hits, again.misses) == (2, 0)


def test_the_model_id_is_known_before_the_model_loads(int8: OnnxEncoder, embedder: Embedder, model_path: str) -> None:
    """A server looks its saved index up under this id while the model loads (service._saved_index)."""
    assert model_id_for(model_path, "int8") == int8.model_id
    assert model_id_for(model_path, "fp32") == embedder.model_id


def test_the_service_uses_the_configured_variant(model_path: str, tmp_path: object, monkeypatch: pytest.MonkeyPatch,
                                                 int8: OnnxEncoder) -> None:
    from search_api.core.service import PlanAtlas

    assert Settings().embedding_variant == "int8"
    monkeypatch.setenv("PLANATLAS_EMBEDDING_VARIANT", "fp32")
    service = PlanAtlas.open(Settings(home=tmp_path, embedding_model=model_path))
    try:
        assert isinstance(service.embedder, Embedder)
    finally:
        service.close()
    monkeypatch.setenv("PLANATLAS_EMBEDDING_VARIANT", "int8")
    service = PlanAtlas.open(Settings(home=tmp_path, embedding_model=model_path))
    try:
        assert isinstance(service.embedder, OnnxEncoder) and service.embedder.model_id == int8.model_id
    finally:
        service.close()


def test_the_export_is_built_once_per_fp32_build(int8: OnnxEncoder, model_path: str) -> None:
    from pathlib import Path

    from search_api.tools.onnx_export import build_onnx, is_current

    assert is_current(Path(model_path), int8.folder)
    assert build_onnx(Path(model_path), int8.folder) == int8.folder  # returns at once: nothing rebuilt
