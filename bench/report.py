"""docs/benchmarks.md and the scaling plot, written from a `BenchRun` only
(never from the harness's internals), so a saved results.json renders the
same report as the run that made it."""

from __future__ import annotations

import json
import math
from pathlib import Path

from bench.results import BenchRun, Goal, Neo4jResult, ScalingSeries, SizeResult
from bench.sections import verdict, write_section

BEGIN, END = "<!-- bench/run.py:begin -->", "<!-- bench/run.py:end -->"

Row = tuple[str, str]

MEASURED = (
    "Per size, in a fresh temporary home on the embedded (SQLite) store: `bench/generate.py` writes N projects "
    "(one list per county, JSONL and CSV alternating) built from `ontology/data` with 3% planted cross-county "
    "duplicates and 1% hard negatives; the bundled policy text is ingested first (untimed) so that task inference "
    "runs as in production. Then: ingest of the lists (no embeddings); a second ingest of the same files "
    "(unchanged, skipped by fingerprint); on a 1,024-text sample, the model's raw `encode` (fp32) and "
    "`CachedEncoder.encode` (cold: hash, cache look-up, encode, cache write) alternating chunk by chunk on the same "
    "texts; the other texts through `CachedEncoder` in bf16 autocast (see the analysis), then every text again "
    "(warm, all cached); exact numpy vs usearch HNSW top-10 on the same 200 queries; where a search's time goes, "
    "in-process; uvicorn on 127.0.0.1 serving the app, one client sending bounded requests: hybrid search with "
    "one filter each (county, block, chain, industry, years or investment; query embedding included) "
    "interleaved with the same request in BM25-only mode, then `similar`; the cross-county duplicate pass "
    "(`DuplicateFinder.find(across_counties=True)`) in a child process whose peak RSS (VmHWM) is reported, scored "
    "against the planted pairs; at the smallest size, "
    "the all-pairs baseline (`all_pairs=True`)."
)


def fmt(v: object, digits: int = 1) -> str:
    """A figure for a table: thousands separators, "–" for missing or NaN."""
    if v is None:
        return "–"
    if isinstance(v, float):
        return "–" if math.isnan(v) else f"{v:,.{digits}f}"
    if isinstance(v, int) and not isinstance(v, bool):
        return f"{v:,}"
    return str(v)


# -- the table of one size -------------------------------------------------------

def _ingest_rows(r: SizeResult) -> list[Row]:
    ing, re_ = r.ingest, r.reingest
    return [
        ("projects ingested / stored", f"{fmt(ing.projects)} / {fmt(ing.stored_projects)} in {ing.files} files"),
        ("ingest without embeddings", f"{fmt(ing.seconds, 2)} s → **{fmt(ing.rate, 0)} projects/s** "
                                      f"(CPU {fmt(ing.cpu_s, 2)} s → {fmt(ing.cpu_rate, 0)}/s)"),
        ("re-ingest unchanged", f"{fmt(re_.seconds, 3)} s → {fmt(re_.rate, 0)}/s, **{fmt(re_.speedup, 0)}×** "
                                f"faster ({re_.unchanged}/{ing.files} files unchanged)"),
    ]


def _embed_rows(r: SizeResult) -> list[Row]:
    emb, fill = r.embed, r.embed.fill
    rows = [
        ("raw model encode, fp32", f"{fmt(emb.raw_rate)} texts/s on {fmt(emb.sample)} texts, in chunks of "
                                   f"{emb.chunk} alternating with CachedEncoder on the same chunks"),
        ("CachedEncoder, cold, fp32", f"{fmt(emb.cached_cold_s, 1)} s → {fmt(emb.cached_cold_rate)} texts/s = "
                                      f"{emb.ratio_total:.1%} of raw by total time, **{emb.ratio:.1%}** by the "
                                      f"median of paired chunks {emb.chunk_ratios}; all "
                                      f"{fmt(emb.texts)} texts in fp32 would take "
                                      f"≈ {fmt(emb.projected_fp32_all_s / 60, 1)} min)"),
    ]
    if fill.texts:
        cos = (f"; cosine to fp32 min {fill.cosine_to_fp32_min:.5f}, mean {fill.cosine_to_fp32_mean:.6f}"
               if fill.cosine_to_fp32_min is not None and fill.cosine_to_fp32_mean is not None else "")
        rows.append((f"CachedEncoder, the other texts ({fill.dtype})",
                     f"{fmt(fill.texts)} texts in {fmt(fill.seconds, 1)} s → {fmt(fill.rate)} texts/s "
                     f"(torch threads {fill.threads_chosen}){cos}"))
    rows.append(("CachedEncoder, warm (all cached)", f"{fmt(emb.cached_warm_s, 3)} s → "
                 f"{fmt(emb.cached_warm_rate, 0)} texts/s ({fmt(emb.warm_speedup, 0)}× cold)"))
    return rows


def _vector_rows(r: SizeResult) -> list[Row]:
    vec = r.vector
    return [
        ("index build (BM25 + HNSW if ≥ EXACT_BELOW)", f"{fmt(r.index_build_s, 2)} s"),
        ("vector top-10, exact numpy", f"p50 {fmt(vec.exact_ms.p50, 2)} / p99 {fmt(vec.exact_ms.p99, 2)} ms"),
        ("vector top-10, HNSW (usearch)", f"p50 {fmt(vec.hnsw_ms.p50, 2)} / p99 {fmt(vec.hnsw_ms.p99, 2)} "
                                          f"ms; exact/HNSW p50 = **{fmt(vec.exact_over_hnsw_p50, 2)}×**; "
                                          f"recall@10 {vec.hnsw_recall_at_10:.3f}"),
    ]


def _search_rows(r: SizeResult) -> list[Row]:
    sp = r.search_inprocess
    emb, mask, core = sp.query_embedding_ms, sp.filter_mask_ms, sp.search_without_embedding_ms
    default = sp.query_embedding_default_threads_ms
    return [
        ("search in-process: query embedding / filter mask / rest",
         f"p50 {fmt(emb.p50, 1)} / {fmt(mask.p50, 2)} / {fmt(core.p50, 1)} ms; "
         f"p99 {fmt(emb.p99, 1)} / {fmt(mask.p99, 2)} / {fmt(core.p99, 1)} ms"),
        ("query embedding, torch default threads (before the fix)",
         f"p50 {fmt(default.p50, 1)} / p99 {fmt(default.p99, 1)} ms (search uses one thread)"),
    ]


def _http_rows(r: SizeResult) -> list[Row]:
    if r.http is None:
        return []
    hy, bm, si = r.http.hybrid, r.http.bm25, r.http.similar
    return [
        ("API ready (model + index from cache)", f"{fmt(r.api_ready_s)} s; server RSS {fmt(r.server_rss_mb, 0)} MB"),
        ("search HTTP hybrid + filter", f"p50 **{fmt(hy.p50, 1)}** / p95 {fmt(hy.p95, 1)} / "
                                        f"p99 **{fmt(hy.p99, 1)}** ms (n={hy.n})"),
        ("search HTTP BM25-only + filter", f"p50 {fmt(bm.p50, 1)} / p95 {fmt(bm.p95, 1)} / p99 {fmt(bm.p99, 1)} ms; "
                                           f"hybrid/BM25 p50 = {fmt(r.http.hybrid_vs_bm25_p50, 2)}×"),
        ("`similar` HTTP", f"p50 {fmt(si.p50, 1)} / p95 {fmt(si.p95, 1)} / p99 {fmt(si.p99, 1)} ms (n={si.n})"),
    ]


def _duplicate_rows(r: SizeResult) -> list[Row]:
    dup, q = r.duplicates, r.duplicates.quality
    rows = [
        ("duplicate pass (cross-county)", f"**{fmt(dup.pass_s, 2)} s** (CPU {fmt(dup.pass_cpu_s, 1)} s), "
                                          f"{fmt(dup.candidates)} candidate pairs; index from cache "
                                          f"{fmt(dup.index_s, 1)} s"),
        ("duplicate pass peak RSS (child)", f"**{fmt(dup.peak_rss_mb, 0)} MB** ({fmt(dup.rss_before_pass_mb, 0)} MB "
                                            f"before the pass)"),
        ("planted pairs: precision / recall", f"**{fmt(q.precision, 3)} / {fmt(q.recall, 3)}** "
                                              f"({q.true_positives}/{q.planted} found, {q.flagged} flagged)"),
        ("hard negatives flagged / unplanted flagged", f"{q.hard_negatives_flagged}/{q.hard_negatives} / "
                                                       f"{q.unplanted_flagged}"),
    ]
    if r.all_pairs is not None:
        ap = r.all_pairs
        rows.append(("all-pairs baseline", f"{fmt(ap.pass_s, 1)} s for {fmt(ap.candidates)} pairs = "
                                           f"**{fmt(ap.time_ratio, 0)}×** the candidate pass; recall "
                                           f"{fmt(ap.quality.recall, 3)} (gap {ap.recall_gap_points:+.1f} points), "
                                           f"precision {fmt(ap.quality.precision, 3)}"))
    return rows


def _neo4j_rows(r: SizeResult) -> list[Row]:
    nj = r.neo4j
    if nj is None:
        return []
    if not isinstance(nj, Neo4jResult):
        return [("Neo4j backend", f"failed: {nj.error}")]
    rows = [("Neo4j ingest / re-ingest", f"{fmt(nj.ingest.rate, 0)} projects/s "
             f"({fmt(nj.ingest.seconds, 1)} s) / {fmt(nj.reingest.speedup, 0)}× faster")]
    if nj.http is not None:
        hy, bm, si = nj.http.hybrid, nj.http.bm25, nj.http.similar
        rows.append(("Neo4j search HTTP hybrid / BM25 / similar",
                     f"p50 {fmt(hy.p50, 1)} / {fmt(bm.p50, 1)} / {fmt(si.p50, 1)} ms; "
                     f"p99 {fmt(hy.p99, 1)} / {fmt(bm.p99, 1)} / {fmt(si.p99, 1)} ms"))
    return rows


def size_table(r: SizeResult) -> list[str]:
    """The Markdown table of one size: every figure, with its baseline where it has one."""
    rows = [*_ingest_rows(r), *_embed_rows(r), *_vector_rows(r), *_search_rows(r), *_http_rows(r),
            *_duplicate_rows(r), *_neo4j_rows(r),
            ("load average start → end (others share the machine)", f"{r.loadavg_start} → {r.loadavg_end}")]
    return ["| measure | value |", "|---|---|", *[f"| {a} | {b} |" for a, b in rows]]


# -- the whole report ------------------------------------------------------------

def _header(run: BenchRun) -> list[str]:
    m, v = run.machine, run.machine.versions
    return [
        f"Run {run.date} with `{run.command}` ({run.total_minutes:.1f} min). This section, down to the "
        "N = … tables, is generated by `bench/run.py`; the raw figures are in `var/bench/results.json` after a run.",
        "",
        "## Machine",
        "",
        f"- {m.cores} cores, {m.memory_gb} GB memory, CPU: {m.cpu}",
        f"- Python {m.python}, torch {v.get('torch')}, numpy {v.get('numpy')}, "
        f"sentence-transformers {v.get('sentence_transformers')}, usearch {v.get('usearch')}, "
        f"bm25s {v.get('bm25s')}",
        f"- BLAS: {'; '.join(m.blas or ['unknown'])}; OPENBLAS env: {m.openblas_env or 'not set'}",
        f"- {m.platform}",
        f"- Load average at start {run.loadavg_start}, at end {run.loadavg_end}: other engineers' test runs "
        "shared these 2 cores, so wall-clock figures carry their noise; CPU-time figures and same-run ratios are the "
        "steadier ones.",
        "",
        "## What is measured",
        "",
        MEASURED,
        "",
    ]


def _goals_table(goals: list[Goal]) -> list[str]:
    lines = ["## Goals", "", "| goal | target | measured | size | met |", "|---|---|---|---|---|"]
    for g in goals:
        met = "–" if g.met is None else verdict(g.met)
        lines.append(f"| {g.goal} | {g.target} | {g.measured} | {fmt(g.size)} | {met} |")
    return lines


def _scaling_table(run: BenchRun, png: Path) -> list[str]:
    lines = ["", "## Scaling", "", f"![cost vs size]({png.name})", "", "| series | " +
             " | ".join(f"N={fmt(r.size)}" for r in run.results) + " | fitted exponent |",
             "|---|" + "---|" * (len(run.results) + 1)]
    for label, fit in run.scaling.items():
        lines.append(f"| {label} [{fit.unit}] | " + " | ".join(fmt(v, 2) for v in fit.values) +
                     f" | {fmt(fit.exponent, 2)} |")
    return lines


def _neo4j_sections(run: BenchRun) -> list[str]:
    lines = []
    if run.neo4j_load is not None:
        dumped = json.dumps(run.neo4j_load.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=2)
        lines += ["", "## Neo4j load (bench/neo4j_load.py)", "", "```json", dumped, "```"]
    if run.neo4j_note:
        lines += ["", "## Neo4j", "", run.neo4j_note]
    return lines


def write_report(run: BenchRun, path: Path, png: Path) -> None:
    """This run's section of the Markdown report, between its markers: the other scripts' sections
    and the hand-written analysis around it stay as they are (a whole-file rewrite once dropped
    every paragraph written after a run)."""
    lines = [BEGIN, *_header(run), *_goals_table(run.goals), *_scaling_table(run, png)]
    for r in run.results:
        lines += ["", f"## N = {r.size:,}", "", *size_table(r)]
    lines += [*_neo4j_sections(run), END]
    path.parent.mkdir(parents=True, exist_ok=True)
    write_section(path, "\n".join(lines))


def plot(results: list[SizeResult], fits: dict[str, ScalingSeries], path: Path) -> None:
    """Cost against N, log-log, one line per scaling series with its exponent."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r.size for r in results]
    fig, ax = plt.subplots(figsize=(8, 5.5), dpi=110)
    for (label, fit), marker in zip(fits.items(), "osD^v", strict=False):
        pts = [(s, v) for s, v in zip(sizes, fit.values, strict=True) if v]
        if not pts:
            continue
        xs, ys = zip(*pts, strict=True)
        exp = f"  ∝ N^{fit.exponent}" if fit.exponent is not None else ""
        ax.plot(xs, ys, marker=marker, label=f"{label} [{fit.unit}]{exp}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("projects (N)")
    ax.set_ylabel("cost (seconds, or ms for search)")
    ax.set_title("PlanAtlas cost vs size (embedded store, log-log; exponents fitted)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
