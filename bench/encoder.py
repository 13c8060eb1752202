"""The encoder variants side by side, in one run: fp32 torch (the reference)
against int8 ONNX Runtime (the default), on the same texts.

    .venv/bin/python -m bench.encoder            # ~2-5 minutes on 2 shared cores

Measures, with the two variants alternating chunk by chunk so a change of load
hits both alike: texts/s on 1,024 generated project texts (name + content, as
the index embeds them); single-query latency (`encode_query`, 200 queries);
the quality gate (cosine of int8 to fp32 on the 1,000 gate texts and on the
project texts, min and mean; `planatlas eval` ROC AUC on the labelled pairs
for both). Writes its section of docs/benchmarks.md (between the markers, so
bench/run.py's report keeps it) and var/bench/encoder.json."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.generate import Generator
from bench.issue15 import TARGETS as T
from bench.issue15 import auc_drop
from bench.machine import loadavg
from bench.sections import ROOT, ran, run_parser, save_run, verdict, write_section
from bench.timing import latency, time_ms, timed
from ontology import load_gazetteer
from search_api.core.config import load_scoring
from search_api.core.embeddings import TextEncoder, load_encoder
from search_api.core.onnx_encoder import OnnxEncoder
from search_api.tools.onnx_export import gate_texts

BEGIN, END = "<!-- bench/encoder.py:begin -->", "<!-- bench/encoder.py:end -->"
CHUNK = 128
BEFORE = "int8-before"  # the int8 session before the spin-wait change, for the same-run ratio
PAIRS = ROOT / "tests" / "data" / "dup_pairs.jsonl"


def project_texts(n: int, seed: int, content_chars: int) -> list[str]:
    gen = Generator(load_gazetteer(), seed)
    out = []
    for _ in range(n):
        p = gen.project()
        out.append(f"{p.name}。{p.content[:content_chars]}")
    return out


def throughput(encoders: dict[str, TextEncoder], texts: list[str]) -> dict[str, Any]:
    """Seconds per variant over the same chunks, order alternating per chunk
    (`int8-before`, when present, is the int8 session as it was: worker
    threads spin-waiting)."""
    seconds = dict.fromkeys(encoders, 0.0)
    vectors: dict[str, list[np.ndarray]] = {k: [] for k in encoders}
    ratios = []
    for n, start in enumerate(range(0, len(texts), CHUNK)):
        chunk = texts[start:start + CHUNK]
        names = list(encoders) if n % 2 == 0 else list(reversed(encoders))
        spent = {}
        for name in names:
            with timed() as t:
                vectors[name].append(encoders[name].encode(chunk))
            spent[name] = t.wall
            seconds[name] += t.wall
        ratios.append(spent["fp32"] / spent["int8"])
    fp32, int8 = np.concatenate(vectors["fp32"]), np.concatenate(vectors["int8"])
    cos = (fp32 * int8).sum(axis=1)
    before = {"ratio_over_before": round(seconds[BEFORE] / seconds["int8"], 2)} if BEFORE in seconds else {}
    return {"texts": len(texts), "rate": {k: round(len(texts) / s, 1) for k, s in seconds.items()}, **before,
            "ratio_total": round(seconds["fp32"] / seconds["int8"], 2),
            "ratio_median_chunk": round(float(np.median(ratios)), 2),
            "cosine_min": round(float(cos.min()), 5), "cosine_mean": round(float(cos.mean()), 5)}


def query_latency(encoders: dict[str, TextEncoder], queries: list[str]) -> dict[str, Any]:
    ms: dict[str, list[float]] = {k: [] for k in encoders}
    for n, q in enumerate(queries):
        for name in (list(encoders) if n % 2 == 0 else list(reversed(encoders))):
            ms[name].append(time_ms(encoders[name].encode_query, q)[1])
    return {k: latency(v).model_dump() for k, v in ms.items()}


def gate(encoders: dict[str, TextEncoder]) -> dict[str, Any]:
    texts = gate_texts()
    cos = (encoders["fp32"].encode(texts) * encoders["int8"].encode(texts)).sum(axis=1)
    return {"texts": len(texts), "cosine_min": round(float(cos.min()), 5), "cosine_mean": round(float(cos.mean()), 5)}


def eval_auc(model: str, encoders: dict[str, TextEncoder]) -> dict[str, Any]:
    """`planatlas eval` (the service's evaluate) on the labelled pairs, per variant."""
    from graph.factory import make_store
    from search_api.core.service import PlanAtlas

    out = {}
    for name, encoder in encoders.items():
        with tempfile.TemporaryDirectory() as home:
            store = make_store("sqlite", home=Path(home))
            service = PlanAtlas(store, load_gazetteer(), embedding_model=model, scoring=load_scoring(model),
                                max_file_bytes=1 << 20, embedder=encoder)
            try:
                report = service.evaluate(PAIRS)
            finally:
                service.close()
        out[name] = {m: q.roc_auc for m, q in report.duplicates.items()}
    return out


def markdown(r: dict[str, Any]) -> str:
    t, q, g, e = r["throughput"], r["query"], r["gate"], r["eval"]
    rows = [
        (f"int8 texts/s vs fp32 ({t['texts']:,} project texts)", f"≥ {T.encoder_speedup:g}×",
         f"{t['ratio_total']}× ({t['rate']['int8']} vs {t['rate']['fp32']} texts/s; median chunk "
         f"{t['ratio_median_chunk']}×)", t["ratio_total"] >= T.encoder_speedup),
        ("single query p50 (int8)", f"≤ {T.query_p50_ms:g} ms",
         f"{q['int8']['p50']} ms (fp32 {q['fp32']['p50']} ms; p99 {q['int8']['p99']} vs {q['fp32']['p99']} ms)",
         q["int8"]["p50"] <= T.query_p50_ms),
        ("cosine to fp32, 1,000 gate texts", f"min ≥ {T.gate_cosine_min:g}", f"min {g['cosine_min']}, mean {g['cosine_mean']}",
         g["cosine_min"] >= T.gate_cosine_min),
        (f"cosine to fp32, the {t['texts']:,} project texts", f"min ≥ {T.gate_cosine_min:g}",
         f"min {t['cosine_min']}, mean {t['cosine_mean']}", t["cosine_min"] >= T.gate_cosine_min),
        ("`planatlas eval` ROC AUC, labelled pairs (int8 vs fp32)", f"no more than {T.gate_auc_drop:g} below fp32",
         "; ".join(f"{m} {e['int8'][m]} vs {e['fp32'][m]}" for m in e["fp32"]),
         auc_drop(r) <= T.gate_auc_drop),
    ]
    lines = [BEGIN, "## Encoder: int8 ONNX vs fp32 torch (bench/encoder.py)", "",
             f"{ran(r)} with `python -m bench.encoder --texts {t['texts']}` ({r['seconds']} s); load average at start "
             f"{r['load_start']}, at end {r['load_end']} (other agents' jobs share the 2 cores: the ratios, "
             "measured with the variants alternating chunk by chunk, are the figures to read).", "",
             "| goal | target | measured | met |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {verdict(d)} |" for a, b, c, d in rows]
    if BEFORE in t["rate"]:
        lines += ["", f"The int8 session as it was before (ORT worker threads spin-waiting), in the same chunks: "
                  f"{t['rate'][BEFORE]} texts/s; now (no spin-wait) {t['rate']['int8']} texts/s: "
                  f"**{t['ratio_over_before']}×**."]
    lines += ["", f"Extrapolated, not measured: 100k project texts at the int8 rate above take "
              f"{round(100000 / t['rate']['int8'] / 60, 1)} min on this load (fp32: "
              f"{round(100000 / t['rate']['fp32'] / 60, 1)} min); the goal is ≤ 10 min, i.e. ≥ 167 texts/s.", END]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = run_parser("int8 ONNX vs fp32 torch encoder", "encoder", model=True)
    p.add_argument("--texts", type=int, default=1024)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--report-only", action="store_true", help="rewrite the section from --json; no measuring")
    args = p.parse_args(argv)
    if args.report_only:
        write_section(args.report, markdown(json.loads(args.json.read_text(encoding="utf-8"))))
        return 0
    start, load_start = time.perf_counter(), loadavg()
    model = str(args.model)
    config = load_scoring(model).embedding
    encoders: dict[str, TextEncoder] = {"fp32": load_encoder(model, config, "fp32"),
                                        "int8": load_encoder(model, config, "int8")}
    before = OnnxEncoder(model, config, spin=True)
    texts = project_texts(args.texts + args.queries, args.seed, config.content_chars)
    for encoder in (*encoders.values(), before):
        encoder.encode(texts[:16])  # warm: first batches allocate
    queries = [t.split("。", 1)[0] for t in texts[args.texts:]]
    result: dict[str, Any] = {"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "model": model,
                              "throughput": throughput({**encoders, BEFORE: before}, texts[:args.texts]),
                              "query": query_latency(encoders, queries), "gate": gate(encoders),
                              "eval": eval_auc(model, encoders)}
    save_run(result, start, load_start, args.json, args.report, markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
