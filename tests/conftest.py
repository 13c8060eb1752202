"""Shared fixtures: the real gazetteer, a fresh SQLite store per test, and a
store holding the bundled corpus (built once per session)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.factory import make_store
from graph.store import GraphStore
from ingest.pipeline import Ingestor
from ontology import Gazetteer, load_gazetteer

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "data" / "docs"
GUIDANCE = DOCS / "linfen-2023-shuangcheng-guidance.md"
GUIDANCE_ID = "doc:linfen-2023-shuangcheng-guidance"


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[GraphStore]:
    s = make_store("sqlite", home=tmp_path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def guidance_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """The policy text alone, ingested once."""
    s = make_store("sqlite", home=tmp_path_factory.mktemp("guidance"))
    report = Ingestor(s).ingest([GUIDANCE])
    assert [f.status for f in report.files] == ["ingested"], report
    yield s
    s.close()
