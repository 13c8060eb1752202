"""Parallel ingest stores exactly what serial ingest stores, file by file."""

from __future__ import annotations

import csv
import json
import shutil
from functools import partial
from pathlib import Path

import pytest

from bench.generate import generate
from graph.factory import make_store
from graph.store import GraphStore
from ingest.parallel import ParallelIngestor
from ingest.pipeline import Ingestor, IngestReport
from ontology import Gazetteer
from search_api.core.embeddings import Embedder
from tests.conftest import DOCS, ROOT


def _facts(store: GraphStore) -> tuple[list[str], list[str]]:
    """Every node and edge with its properties and provenance, in store order."""
    nodes = [n.model_dump_json() for n in store.iter_nodes(with_provenance=True)]
    edges = [e.model_dump_json() for e in store.iter_edges(with_provenance=True)]
    return nodes, edges


def _statuses(report: IngestReport) -> list[tuple[str, str | None, str, int, int, list[str]]]:
    return [(Path(f.path).name, f.doc_id, f.status, f.nodes, f.edges, f.warnings) for f in report.files]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled documents, 600 generated projects in county lists, and a broken list."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(DOCS, root / "docs")
    generate(600, root / "gen", seed=3)
    (root / "gen" / "lists" / "broken.csv").write_bytes(b"\xff\xfe\x00garbage,\n\x00\x00")
    return root


def test_parallel_ingest_stores_what_serial_ingest_stores(corpus: Path, tmp_path: Path, gaz: Gazetteer) -> None:
    paths = [corpus / "docs", corpus / "gen" / "lists"]
    serial_store = make_store("sqlite", home=tmp_path / "serial")
    parallel_store = make_store("sqlite", home=tmp_path / "parallel")
    try:
        serial = Ingestor(serial_store, gaz).ingest(paths)
        parallel = ParallelIngestor(Ingestor(parallel_store, gaz), workers=2).ingest(paths)
        assert _statuses(parallel) == _statuses(serial)
        assert len([f for f in parallel.files if f.status == "ingested"]) > 10
        assert _facts(parallel_store) == _facts(serial_store)

        again = ParallelIngestor(Ingestor(parallel_store, gaz), workers=2).ingest(paths)  # nothing changed
        assert {f.status for f in again.files} <= {"unchanged", "failed"}
        assert _facts(parallel_store) == _facts(serial_store)
    finally:
        serial_store.close()
        parallel_store.close()


def test_a_second_file_with_the_same_document_id_is_handled_in_serial_order(corpus: Path, tmp_path: Path,
                                                                              gaz: Gazetteer) -> None:
    lists = sorted((corpus / "gen" / "lists").glob("projects-*"))[:3]
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(lists[1], other / lists[0].name)  # same file name (document id), other content
    paths = [*lists, other / lists[0].name]
    serial_store = make_store("sqlite", home=tmp_path / "serial")
    parallel_store = make_store("sqlite", home=tmp_path / "parallel")
    try:
        serial = Ingestor(serial_store, gaz).ingest(paths)
        parallel = ParallelIngestor(Ingestor(parallel_store, gaz), workers=2).ingest(paths)
        assert _statuses(parallel) == _statuses(serial)
        assert _facts(parallel_store) == _facts(serial_store)
    finally:
        serial_store.close()
        parallel_store.close()


def test_parallel_ingest_with_the_model_places_keywordless_projects_as_serial_does(
        corpus: Path, tmp_path: Path, gaz: Gazetteer, embedder: Embedder) -> None:
    """Workers classify by keywords and infer names-only rows' tasks with their own copy of the model;
    the writer classifies only the projects no keyword placed: what is stored is the serial ingest's,
    the model's standard industries and tasks among it."""
    names = json.loads((ROOT / "tests/data/real/place-names.json").read_text(encoding="utf-8"))
    real = tmp_path / "real"
    real.mkdir()
    with (real / "real-names.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["项目名称", "建设地点"])
        writer.writerows([entry["name"], entry["county"]] for entry in names)
    lists = sorted((corpus / "gen" / "lists").glob("projects-*"))[:4]
    paths = [corpus / "docs", *lists, real / "real-names.csv"]
    serial_store = make_store("sqlite", home=tmp_path / "serial")
    parallel_store = make_store("sqlite", home=tmp_path / "parallel")
    try:
        Ingestor(serial_store, gaz, encoder=embedder).ingest(paths)
        factory = partial(Embedder, embedder.name, embedder.config)  # each worker loads the model itself
        ParallelIngestor(Ingestor(parallel_store, gaz, encoder=embedder), workers=2,
                         encoder_factory=factory).ingest(paths)
        assert _facts(parallel_store) == _facts(serial_store)
        sources = [n.props.get("std_source") for n in parallel_store.find_nodes("Project")]
        assert "model" in sources and "keywords" in sources
    finally:
        serial_store.close()
        parallel_store.close()
