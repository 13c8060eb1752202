"""Search, similar, duplicates and the embedding cache, with the real model
on the bundled corpus."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from graph.factory import make_store
from search_api.core.config import load_scoring
from search_api.core.duplicates import PairScorer
from search_api.core.embeddings import CachedEncoder, Embedder
from search_api.core.evaluate import Evaluator, read_pairs
from search_api.core.search import Filters, Mode, top_rows
from search_api.core.service import PlanAtlas as Services
from tests.conftest import ROOT


def names(hits: list) -> list[str]:  # type: ignore[type-arg]
    return [h.name for h in hits]


def test_model_paraphrase_ranks_above_unrelated(embedder: Embedder) -> None:
    model = embedder
    base, para, other = model.encode(["吉县抽水蓄能电站项目，装机120万千瓦", "吉县建设120万千瓦抽水蓄能电站工程",
                                      "隰县玉露香梨冷链物流园项目"])
    assert model.dim == 384
    assert float(base @ para) > float(base @ other) + 0.03
    assert abs(float(np.linalg.norm(base)) - 1.0) < 1e-4


def test_search_ranks_the_obvious_project_first(corpus_services: Services) -> None:
    s = corpus_services.state.searcher
    hits = s.search("吉县抽水蓄能电站", k=5)
    assert hits[0].name == "吉县抽水蓄能电站项目"
    why = hits[0].why.model_dump()
    assert "抽水蓄能" in why["matched_terms"] and why["shared"]["county"] == ["吉县"]
    assert why["shared"]["task"] == 8 and why["vector_score"] > 0.9
    assert {"vector", "bm25"} == set(why["ranks"])


def test_semantic_match_without_shared_words(corpus_services: Services) -> None:
    s = corpus_services.state.searcher
    hits = s.search("氢燃料重型卡车生产", k=10, mode=Mode.VECTOR)
    assert any("重卡" in n for n in names(hits)[:5]), names(hits)
    lexical = s.search("氢燃料重型卡车生产", k=10, mode=Mode.BM25)
    assert len(lexical) <= 10


def test_filters(corpus_services: Services) -> None:
    s = corpus_services.state.searcher
    in_ji = s.search("光伏发电", k=20, filters=Filters(county="吉县"))
    assert in_ji and all("吉县" in s.index.docs[s.index.position[h.id]].counties for h in in_ji)
    yanhuang = s.search("光伏发电", k=20, filters=Filters(block="沿黄"))
    assert yanhuang and {h.block for h in yanhuang} == {"沿黄"}
    hydrogen = s.search("项目", k=50, filters=Filters(chain="氢能"))
    assert hydrogen and all("chain:hydrogen" in h.chains for h in hydrogen)
    task8 = s.search("电站", k=20, filters=Filters(task=8))
    assert task8 and {h.task for h in task8} == {8}
    big = s.search("项目", k=50, filters=Filters(min_investment_wan=500000))
    assert big and all(s.index.docs[s.index.position[h.id]].investment_wan >= 500000 for h in big)
    later = s.search("项目", k=50, filters=Filters(year_from=2026))
    assert all(s.index.docs[s.index.position[h.id]].year_span[1] >= 2026 for h in later)
    assert s.search("光伏", filters=Filters(county="吉县", industry="风电"))[0].id.startswith("project:141028")


def test_similar_finds_the_cross_county_report(corpus_services: Services) -> None:
    s = corpus_services.state.searcher
    source = next(d for d in s.index.docs if d.name == "吉县抽水蓄能电站项目")
    hits = s.similar(source.id, k=5)
    assert source.id not in [h.id for h in hits]
    assert "吉乡抽水蓄能电站项目" in names(hits)[:2]


def test_duplicates_across_counties(corpus_services: Services) -> None:
    report = corpus_services.duplicates(min_score=0.55, across_counties=True)
    pairs = {frozenset((p.a_name, p.b_name)) for p in report.pairs}
    assert frozenset(("吉县抽水蓄能电站项目", "吉乡抽水蓄能电站项目")) in pairs
    assert all(p.a_county != p.b_county for p in report.pairs)
    assert frozenset(("洪洞县抽水蓄能电站项目", "安泽县抽水蓄能电站项目")) not in pairs
    first = report.pairs[0]
    assert {"cosine", "name_similarity", "same_investment", "conflicts"} <= set(first.evidence.model_dump())
    assert report.clusters and all(len(c) >= 2 for c in report.clusters)


def test_near_duplicate_variants_and_hard_negatives(embedder: Embedder) -> None:
    from ingest.extract import extractor_for
    from ingest.textnorm import normalise
    from ontology import load_gazetteer

    gaz = load_gazetteer()
    scorer = PairScorer(gaz, extractor_for(gaz), load_scoring(embedder.name).duplicates)
    model = embedder

    def score(a: str, b: str) -> float:
        va, vb = model.encode([normalise(a), normalise(b)])
        return scorer.score(scorer.side(a, va), scorer.side(b, vb)).score

    assert score("隰县玉露香梨冷链物流园项目", "隰縣玉露香梨冷鏈物流園項目") >= 0.55  # traditional
    assert score("汾西县团柏河流域综合治理项目", "团柏河流域综合治理工程（汾西县）") >= 0.55  # county moved, 工程
    assert score("蒲县煤矿智能化改造项目", "蒲县煤矿智能化改造工程") >= 0.55
    assert score("吉县文城乡20万千瓦风电项目", "吉县文城乡20万千瓦光伏发电项目") < 0.55  # 光伏 vs 风电
    assert score("蒲县克城镇风电场一期项目", "蒲县克城镇风电场二期工程") < 0.55
    assert score("洪洞县抽水蓄能电站项目", "安泽县抽水蓄能电站项目") < 0.55


def test_eval_reports_all_three_methods(corpus_services: Services) -> None:
    state = corpus_services.state
    result = Evaluator(state.searcher, state.duplicates.scorer).run(
        read_pairs(ROOT / "tests" / "data" / "dup_pairs.jsonl")).model_dump()
    dup = result["duplicates"]
    assert set(dup) == {"model", "bm25", "hybrid"}
    assert dup["hybrid"]["f1"] >= dup["bm25"]["f1"] and dup["hybrid"]["f1"] >= 0.8
    assert dup["model"]["roc_auc"] > 0.7
    assert result["similar"]["hybrid"]["recall@10"] >= 0.9


def test_embedding_cache_hits_and_model_change(tmp_path: Path, embedder: Embedder) -> None:
    store = make_store("sqlite", home=tmp_path)
    model = embedder
    encoder = CachedEncoder(model, store)
    first = encoder.encode(["吉县抽水蓄能电站项目", "隰县梨果冷链项目", "吉县抽水蓄能电站项目"])
    assert (encoder.hits, encoder.misses) == (0, 2)
    again = CachedEncoder(model, store)
    second = again.encode(["隰县梨果冷链项目", "吉县抽水蓄能电站项目"])
    assert (again.hits, again.misses) == (2, 0)
    assert np.allclose(second[1], first[0])
    model_id = model.model_id
    try:
        model.model_id = "another-model:0"
        other = CachedEncoder(model, store)
        other.encode(["隰县梨果冷链项目"])
        assert other.misses == 1  # a different model never reuses these vectors
    finally:
        model.model_id = model_id
    store.close()


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    from ontology import PlanAtlasError

    with pytest.raises(PlanAtlasError, match="make model"):
        Embedder(str(tmp_path / "var" / "models" / "none"), load_scoring(None).embedding)


def test_top_rows_is_the_head_of_a_full_stable_sort(corpus_services: Services) -> None:
    """`similar` ranks BM25 by partition, not by sorting every matched project: the same rows in the
    same order as the full stable sort, on the corpus's real scores and on them rounded (many ties)."""
    index = corpus_services.state.index
    checked = 0
    for doc in index.docs:
        real = index.bm25_scores(doc.tokens)
        for scores in (real, np.round(real, 0)):
            matched = np.flatnonzero(scores > 0)
            full = matched[np.argsort(-scores[matched], kind="stable")]
            for k in (1, 3, 10, len(matched) + 1):
                assert top_rows(scores, k).tolist() == full[:k].tolist()
                checked += 1
    assert checked >= 8 * len(index.docs) > 0
