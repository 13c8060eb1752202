"""The benchmark suite at a tiny size, so that bench/ cannot rot: one run of
bench/run.py (harness, typed results, report) on 200 generated projects (HTTP API, embeddings, the
duplicate child and the all-pairs baseline included, no Neo4j), checking the
report's structure and that the numbers are sane."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import generate as gen  # noqa: E402
from bench import run as bench  # noqa: E402
from bench.results import BenchRun  # noqa: E402

pytestmark = pytest.mark.model


def test_generator_is_deterministic_and_plants_pairs(tmp_path: Path, gaz) -> None:  # type: ignore[no-untyped-def]
    a = gen.generate(300, tmp_path / "a", seed=3, gaz=gaz)
    b = gen.generate(300, tmp_path / "b", seed=3, gaz=gaz)
    assert a.projects == 300 and a.planted == 9
    assert [p.read_bytes() for p in a.files] == [p.read_bytes() for p in b.files]
    labels = [json.loads(line) for line in a.labels.read_text(encoding="utf-8").splitlines()]
    planted = [x for x in labels if x["label"] == 1]
    assert len(planted) == 9 and all(x["a_county"] != x["b_county"] for x in planted)
    assert {p.suffix for p in a.files} == {".jsonl", ".csv"}
    assert all(p.parent.name == "lists" for p in a.files)


def test_bench_run_tiny(tmp_path: Path, model_path: str) -> None:
    opts = bench.Options(sizes=[200], work=tmp_path / "work", model=Path(model_path), requests=8,
                         similar_requests=5, vector_queries=20, embed_sample=64, allpairs_max=200, neo4j="off",
                         neo4j_copies=0, policy=bench.policy_files())
    report, png, results = tmp_path / "bench.md", tmp_path / "bench.png", tmp_path / "results.json"
    hand = "A paragraph written by hand after an earlier run."
    report.write_text(f"# PlanAtlas benchmarks\n\n{hand}\n", encoding="utf-8")
    data = bench.run(opts, report, png, results, "pytest")
    (r,) = data.results
    assert r.ingest.projects == 200 and not r.ingest.failed and r.ingest.rate > 50
    assert r.reingest.unchanged == r.ingest.files and r.reingest.speedup > 1
    emb = r.embed
    assert emb.sample == 64 and emb.misses == 64 and emb.warm_misses == 0
    assert 0.2 < emb.ratio < 5 and emb.raw_rate > 0
    assert emb.fill.texts == emb.texts - 64
    assert r.vector.hnsw_recall_at_10 > 0.8
    assert r.http is not None
    for mode in (r.http.hybrid, r.http.bm25, r.http.similar):
        assert mode.n > 0 and 0 < mode.p50 <= mode.p99 < 30000
    dup = r.duplicates
    assert 0 < dup.peak_rss_mb < 4096 and dup.pass_s >= 0
    q = dup.quality
    assert q.planted == 6 and q.labels_missing_in_store == 0 and q.recall is not None and q.recall >= 0.5
    assert r.all_pairs is not None and r.all_pairs.candidates >= dup.candidates
    assert {g.goal for g in data.goals} >= {"ingest without embeddings", "full duplicate pass time"}
    text = report.read_text(encoding="utf-8")
    assert "## Goals" in text and "## N = 200" in text and "| ingest without embeddings |" in text
    assert hand in text and text.count("<!-- bench/run.py:begin -->") == 1  # the run wrote its section only
    bench.render(data, report, png)
    assert report.read_text(encoding="utf-8") == text  # and rewriting it changes nothing else
    assert png.stat().st_size > 1000
    saved = json.loads(results.read_text(encoding="utf-8"))
    assert saved["results"][0]["size"] == 200
    assert BenchRun.model_validate(saved) == data  # the JSON round-trips into the same typed results


def test_issue15_table_reads_a_real_run(tmp_path: Path) -> None:
    """bench/issue15.py over a real (tiny) parallel-ingest run: its two ingest rows carry the run's
    figure, time and CPU stamp, the verdict follows the figure, and a benchmark not run is said so."""
    from bench import issue15, parallel_ingest
    from bench.machine import cpu_kind

    figures, report = tmp_path / "figures", tmp_path / "bench.md"
    assert parallel_ingest.main(["--size", "300", "--workers", "2", "--json", str(figures / "parallel_ingest.json"),
                                 "--report", str(report)]) == 0
    run = json.loads((figures / "parallel_ingest.json").read_text(encoding="utf-8"))
    assert run["cpu"] == cpu_kind() and run["rate"]["parallel"] > 0
    assert issue15.main(["--figures", str(figures), "--report", str(report)]) == 0
    text = report.read_text(encoding="utf-8")
    assert "## Parallel ingest" in text and f"on {run['cpu']} with" in text
    (row,) = [line for line in text.splitlines() if line.startswith("| 100k: ingest, parallel")]
    verdict = "**met**" if run["rate"]["parallel"] >= 2500 else "**missed**"
    assert f"| {run['rate']['parallel']:,.0f}/s |" in row and run["cpu"] in row and row.endswith(f"{verdict} |")
    not_run = [line for line in text.splitlines() if "**not shown**" in line]
    assert len(not_run) == len(issue15.GOALS) - 1 and any("var/bench/dupes.json" in line for line in not_run)
    assert f"{len(issue15.GOALS) - 1} not shown" in text and "all on one CPU kind" in text
