"""The search index saved next to the store: reused while the store is
unchanged, updated (not rebuilt) after an ingest, and always answering as a
fresh in-memory build would."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np
import pytest

from graph.factory import make_store
from ontology import load_gazetteer
from search_api.core.columns import NUMBERS, SETS, FilterColumns
from search_api.core.config import ScoringConfig, SearchConfig, load_scoring
from search_api.core.embeddings import Embedder
from search_api.core.index import ProjectIndex
from search_api.core.index_files import COLUMNS_FILE, KEYS_FILE, MANIFEST, IndexFiles
from search_api.core.progress import ProgressHook
from search_api.core.saved_docs import DOCS_FILE, StaleFile
from search_api.core.search import Filters, Mode
from search_api.core.service import PlanAtlas
from tests.conftest import DOCS

QUERIES = ["光伏发电储能项目", "城市更新 老旧小区改造", "高速公路建设"]
NEW_ROWS = [("乡宁县示范光伏发电储能一体化项目", "乡宁县", "建设光伏组件及储能电站", "3.2"),
            ("汾西县有机旱作农业示范园项目", "汾西县", "建设高标准农田和冷链仓储", "1.1")]


class Counting:
    """The real model, counting the texts it is asked to encode."""

    def __init__(self, embedder: Embedder) -> None:
        self.inner = embedder
        self.name, self.model_id, self.dim = embedder.name, embedder.model_id, embedder.dim
        self.texts = 0

    def encode(self, texts: list[str], progress: ProgressHook | None = None) -> np.ndarray:
        self.texts += len(texts)
        return self.inner.encode(texts, progress)

    def encode_query(self, text: str) -> np.ndarray:
        return self.inner.encode_query(text)


def _scoring(model_path: str) -> ScoringConfig:
    """The model's preset, with HNSW from 10 projects on, so the saved graph is exercised,
    searched as deep as the corpus (a hybrid query reads 200 of its ~250 projects: with
    the default depth, builds made on several threads missed different tail projects)."""
    base = load_scoring(model_path)
    return base.model_copy(update={"search": SearchConfig(exact_below=10, hnsw_expansion_search=EXHAUSTIVE)})


def _service(home: Path, model_path: str, encoder: Counting, saved: bool) -> PlanAtlas:
    return PlanAtlas(make_store("sqlite", home=home), load_gazetteer(), embedding_model=model_path,
                     scoring=_scoring(model_path), max_file_bytes=1 << 24, embedder=encoder,
                     index_dir=home / "index" if saved else None)


EXHAUSTIVE = 1024  # HNSW search depth above the test corpus's size: the graph is read whole
TOP = 8  # the answers compared
DEPTH = 16  # how deep the other side is read for them (near ties may reorder across rank 8)
NEIGHBOURS = 10  # the nearest projects each project's vector asks the HNSW graph for
MIN_RECALL = 0.95  # of the graph's neighbours against the exact ones (a graph built or updated on
# several threads gave 0.975-1.0 on the test corpus; a wrong key → project mapping gives ~0.04)


def _answers(service: PlanAtlas) -> list[list[tuple[str, float]]]:
    out = [[(h.id, round(h.score, 4)) for h in service.search(q, k=DEPTH)] for q in QUERIES]
    first = service.state.index.docs[0].id
    out.append([(h.id, round(h.score, 4)) for h in service.similar(first, k=DEPTH)])
    return out


def _search_depth(service: PlanAtlas) -> int:
    """How deep the index's HNSW graph is searched."""
    ann = service.state.index.ann
    assert ann is not None
    return int(ann[0].expansion_search)


def _agree(got: list[list[tuple[str, float]]], want: list[list[tuple[str, float]]]) -> None:
    """Two services over the same saved HNSW graph (one built it, the other restored it):
    their answers agree, up to near ties swapping across rank 8 (the top-8s share at least
    6 projects, each within the other's top 16)."""
    assert len(got) == len(want)
    for a, b in zip(got, want, strict=True):
        top_a, top_b = [i for i, _ in a[:TOP]], [i for i, _ in b[:TOP]]
        deep_a, deep_b = {i for i, _ in a}, {i for i, _ in b}
        assert len(set(top_a) & set(top_b)) >= min(len(top_b), TOP) - 2, (a, b)
        assert set(top_a) <= deep_b and set(top_b) <= deep_a, (a, b)


def _bm25_answers(service: PlanAtlas) -> list[list[tuple[str, float]]]:
    return [[(h.id, round(h.score, 4)) for h in service.search(q, k=DEPTH, mode=Mode.BM25)] for q in QUERIES]


def _vectors_by_id(index: ProjectIndex) -> dict[str, np.ndarray]:
    assert index.vectors is not None
    return {d.id: np.asarray(index.vectors[i]) for i, d in enumerate(index.docs)}


def _graph_recall(index: ProjectIndex) -> float:
    """How many of each project's exact nearest neighbours its HNSW graph returns."""
    assert index.uses_ann and index.vectors is not None
    found = 0
    for row in range(len(index.docs)):
        graph = {i for i, _ in index.vector_top(index.vectors[row], NEIGHBOURS)}
        exact = {i for i, _ in index.vector_top(index.vectors[row], NEIGHBOURS, exact=True)}
        found += len(graph & exact)
    return found / (NEIGHBOURS * len(index.docs))


def _same_as_built_afresh(service: PlanAtlas, fresh: PlanAtlas) -> None:
    """A graph updated in place (or rebuilt) against one built afresh from the store. HNSW is
    approximate and usearch builds it on several threads, so two builds of one corpus return
    different near neighbours now and then — even searched exhaustively (recall 0.975-1.0 here),
    and a hybrid answer with near-flat fused scores then swaps projects across any cut-off.
    What must hold exactly: the same projects, the same vectors and the same BM25 answers; and
    each graph finds the exact neighbours as well as a fresh build does."""
    index, built = service.state.index, fresh.state.index
    assert [d.id for d in index.docs] == [d.id for d in built.docs]
    mine, theirs = _vectors_by_id(index), _vectors_by_id(built)
    assert all(np.allclose(mine[k], theirs[k], atol=1e-6) for k in theirs)
    assert _bm25_answers(service) == _bm25_answers(fresh)
    assert _graph_recall(index) >= MIN_RECALL and _graph_recall(built) >= MIN_RECALL


def _new_list(folder: Path) -> Path:
    path = folder / "extra-projects.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["序号", "项目名称", "建设地点", "建设内容及规模", "总投资（亿元）"])
        for n, row in enumerate(NEW_ROWS, start=1):
            writer.writerow([n, *row])
    return path


@pytest.fixture(scope="module")
def corpus_home(tmp_path_factory: pytest.TempPathFactory, model_path: str, embedder: Embedder) -> Path:
    """A home with the bundled corpus ingested and its vectors cached (built once)."""
    base = tmp_path_factory.mktemp("corpus-home")
    service = _service(base, model_path, Counting(embedder), saved=False)
    try:
        report = service.ingest([DOCS])
        assert not report.failed
        service.warm()  # fills the embedding cache
    finally:
        service.close()
    return base


@pytest.fixture
def home(corpus_home: Path, tmp_path: Path) -> Path:
    """A copy of the corpus home for one test."""
    shutil.copytree(corpus_home, tmp_path / "home")
    return tmp_path / "home"


def test_saved_index_is_reused_and_answers_like_a_fresh_build(home: Path, model_path: str,
                                                              embedder: Embedder) -> None:
    first = _service(home, model_path, Counting(embedder), saved=True)
    try:
        expected = _answers(first)
        assert first.state.index.uses_ann
    finally:
        first.close()
    assert (home / "index" / MANIFEST).is_file()

    encoder = Counting(embedder)
    again = _service(home, model_path, encoder, saved=True)
    try:
        _agree(_answers(again), expected)
        assert encoder.texts == 0  # vectors came from the saved matrix, not the cache or the model
        assert again.state.index.uses_ann
        assert _search_depth(again) == EXHAUSTIVE  # the configured depth, not usearch's default
    finally:
        again.close()


def test_an_ingest_updates_the_saved_index_incrementally(home: Path, model_path: str, embedder: Embedder,
                                                         tmp_path_factory: pytest.TempPathFactory) -> None:
    service = _service(home, model_path, Counting(embedder), saved=True)
    try:
        service.warm()
        before = len(service.state.index)
        encoder = Counting(embedder)
        service._embedder = encoder  # the same model, now counted
        report = service.ingest([_new_list(tmp_path_factory.mktemp("extra"))])
        assert not report.failed
        assert len(service.state.index) == before + len(NEW_ROWS)
        assert encoder.texts == len(NEW_ROWS)  # only the new projects were encoded
        ann = service.state.index.ann
        assert ann is not None and len(ann[0]) == before + len(NEW_ROWS)
        assert _search_depth(service) == EXHAUSTIVE  # the restored, updated graph keeps the configured depth
        index = service.state.index
        assert index.vectors is not None
        for name, *_ in NEW_ROWS:  # each new project is in the graph, under its own row
            row = next(i for i, d in enumerate(index.docs) if d.name in name)
            assert [i for i, _ in index.vector_top(index.vectors[row], 1)] == [row]
        fresh = _service(home, model_path, Counting(embedder), saved=False)  # no saved files: built in memory
        try:
            _same_as_built_afresh(service, fresh)
        finally:
            fresh.close()
    finally:
        service.close()


def test_an_unreadable_saved_index_is_rebuilt(home: Path, model_path: str, embedder: Embedder) -> None:
    first = _service(home, model_path, Counting(embedder), saved=True)
    first.warm()
    first.close()
    (home / "index" / DOCS_FILE).write_bytes(b"not msgpack")
    again = _service(home, model_path, Counting(embedder), saved=True)
    fresh = _service(home, model_path, Counting(embedder), saved=False)
    try:
        _same_as_built_afresh(again, fresh)
        assert (home / "index" / DOCS_FILE).read_bytes() != b"not msgpack"  # saved again, readable
    finally:
        again.close()
        fresh.close()


def _filtered(service: PlanAtlas) -> list[str]:
    """A filtered search, answered from the filter columns."""
    return [h.name for h in service.search("光伏发电储能", k=20, filters=Filters(county="乡宁县"))]


def test_the_saved_projects_and_filter_columns_load_as_a_fresh_build_makes_them(home: Path, model_path: str,
                                                                               embedder: Embedder) -> None:
    fresh = _service(home, model_path, Counting(embedder), saved=False)
    try:
        want_docs, want_filtered = fresh.state.index.docs, _filtered(fresh)
    finally:
        fresh.close()
    first = _service(home, model_path, Counting(embedder), saved=True)
    first.warm()
    first.close()
    assert {"docs.msgpack", "columns.msgpack", "keys.msgpack"} <= {p.name for p in (home / "index").iterdir()}
    again = _service(home, model_path, Counting(embedder), saved=True)
    try:
        index = again.state.index
        assert index.docs == want_docs  # every field, task and industry references included
        built = FilterColumns.build(index.docs)
        for name in SETS:
            saved, derived = getattr(index.columns, name), getattr(built, name)
            assert saved.keys() == derived.keys(), name
            assert all(saved[v].tolist() == derived[v].tolist() for v in derived), name
        for name in NUMBERS:
            np.testing.assert_array_equal(getattr(index.columns, name), getattr(built, name))
        assert _filtered(again) == want_filtered and want_filtered
    finally:
        again.close()


def test_a_saved_file_of_another_store_state_is_rebuilt_not_used(home: Path, model_path: str, embedder: Embedder,
                                                                 tmp_path: Path) -> None:
    """A projects or filter-columns file left from before an ingest (a copy, a
    crash between programs) names another fingerprint: the index is rebuilt."""
    service = _service(home, model_path, Counting(embedder), saved=True)
    try:
        service.warm()
        stale = {name: (home / "index" / name).read_bytes() for name in (DOCS_FILE, COLUMNS_FILE, KEYS_FILE)}
        assert not service.ingest([_new_list(tmp_path)]).failed
        size, want = len(service.state.index), _filtered(service)
    finally:
        service.close()
    assert NEW_ROWS[0][0] in want
    keys = tmp_path / "home-keys"
    shutil.copytree(home, keys)
    (keys / "index" / KEYS_FILE).write_bytes(stale.pop(KEYS_FILE))
    saved = IndexFiles(keys / "index").saved()
    with pytest.raises(StaleFile):  # an update then rebuilds instead of reusing rows by stale keys
        assert saved is not None and saved.keys()
    for name, old in stale.items():
        copy = tmp_path / f"home-{name}"
        shutil.copytree(home, copy)
        (copy / "index" / name).write_bytes(old)
        again = _service(copy, model_path, Counting(embedder), saved=True)
        try:
            assert len(again.state.index) == size and again.state.index.columns.size == size, name
            assert _filtered(again) == want, name
        finally:
            again.close()
        assert (copy / "index" / name).read_bytes() != old  # saved again, whole


def test_an_ingest_behind_the_saved_index_makes_it_stale(home: Path, model_path: str, embedder: Embedder,
                                                         tmp_path: Path) -> None:
    """Another program (no saved index) ingests: the fingerprint no longer
    matches, so the saved projects and columns are not used."""
    first = _service(home, model_path, Counting(embedder), saved=True)
    try:
        before, nodes = len(first.state.index), first.health().nodes
    finally:
        first.close()
    other = _service(home, model_path, Counting(embedder), saved=False)
    try:
        assert not other.ingest([_new_list(tmp_path)]).failed
    finally:
        other.close()
    again = _service(home, model_path, Counting(embedder), saved=True)
    try:
        assert len(again.state.index) == before + len(NEW_ROWS)
        assert NEW_ROWS[0][0] in _filtered(again)
        assert again.health().nodes > nodes  # the counts /health reports follow the store version
    finally:
        again.close()


def test_a_server_loads_the_model_while_it_reads_the_saved_index(home: Path, model_path: str,
                                                                 embedder: Embedder) -> None:
    """No model passed in: the state is ready only once the model is loaded
    too, so the first search encodes its query."""
    first = _service(home, model_path, Counting(embedder), saved=True)
    first.warm()
    first.close()
    service = PlanAtlas(make_store("sqlite", home=home), load_gazetteer(), embedding_model=model_path,
                        scoring=_scoring(model_path), max_file_bytes=1 << 24, index_dir=home / "index")
    try:
        service.refresh(only_if_stale=True)
        assert service.health().index == "ready" and service.health().model is not None
        assert service.state.index.uses_ann
        hit = service.search(QUERIES[0], k=3)[0]
        assert hit.why.vector_score is not None
    finally:
        service.close()
