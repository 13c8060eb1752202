"""The layering of search_api/ holds: the core knows neither FastAPI nor
rich, routes and commands stay thin over the one service, every API route
declares its response schema, and scoring numbers come from the config."""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ontology import NotFound, StoreUnavailable
from search_api.cli import main
from search_api.core.config import FALLBACK_PRESET, load_scoring, model_family
from search_api.core.service import PlanAtlas
from search_api.http.app import create_app
from tests.conftest import ROOT

PACKAGES = ("ontology", "graph", "ingest", "search_api")
HTTP = ROOT / "search_api" / "http"
CLI = ROOT / "search_api" / "cli"
TOOLS = ROOT / "search_api" / "tools"  # the model builder is a command of its own, with its own bars
MAX_HANDLER_LINES = 25


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _imports(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(("library", "homes"), [("fastapi", (HTTP,)), ("starlette", (HTTP,)),
                                                ("uvicorn", (HTTP, CLI)), ("rich", (CLI, TOOLS))])
def test_library_used_only_in_its_layer(library: str, homes: tuple[Path, ...]) -> None:
    outside = [str(path.relative_to(ROOT)) for path, tree in _modules()
               if library in _imports(tree) and not any(home in path.parents for home in homes)]
    assert outside == [], f"{library} imported outside {homes}: {outside}"


def _handlers() -> Iterator[tuple[str, ast.FunctionDef]]:
    """Route functions (decorated with router.get/post) and CLI commands (cmd_*)."""
    for path in [*sorted((HTTP / "routes").glob("*.py")), HTTP / "app.py", CLI / "commands.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            routed = any(isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute)
                         and d.func.attr in ("get", "post", "put", "delete") for d in node.decorator_list)
            if routed or node.name.startswith("cmd_"):
                yield f"{path.relative_to(ROOT)}:{node.name}", node


def test_routes_and_commands_are_thin() -> None:
    handlers = list(_handlers())
    assert len(handlers) >= 30  # every route and command was found
    long = {name: (node.end_lineno or 0) - node.lineno + 1 for name, node in handlers
            if (node.end_lineno or 0) - node.lineno + 1 > MAX_HANDLER_LINES}
    assert long == {}


def test_every_api_route_declares_its_response_schema(corpus_services: PlanAtlas) -> None:
    with TestClient(create_app(service=corpus_services)) as client:
        spec = client.get("/openapi.json").json()
    api = {path: ops for path, ops in spec["paths"].items() if path.startswith("/api") or path == "/health"}
    assert len(api) >= 20
    missing = []
    for path, ops in api.items():
        for method, op in ops.items():
            schema = op["responses"]["200"].get("content", {}).get("application/json", {}).get("schema", {})
            if "$ref" not in schema:
                missing.append(f"{method.upper()} {path}")
    assert missing == []
    assert "ProjectPublic" in spec["components"]["schemas"] and "HitsPublic" in spec["components"]["schemas"]


def test_errors_map_to_statuses(corpus_services: PlanAtlas, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unknown things are 404, a store that cannot answer is 503, other PlanAtlas errors 400."""
    with TestClient(create_app(service=corpus_services)) as client:
        assert client.get("/api/projects/project:none:x").status_code == 404
        assert client.get("/api/chains/不存在").status_code == 404

        def busy() -> None:
            raise StoreUnavailable("/var/planatlas.sqlite: database is locked")

        monkeypatch.setattr(corpus_services, "stats", busy)
        answer = client.get("/api/stats")
        assert answer.status_code == 503 and "database is locked" in answer.json()["detail"]
    assert issubclass(NotFound, Exception)


def test_scoring_presets_by_model_family(tmp_path: Path) -> None:
    e5 = load_scoring("var/models/multilingual-e5-small")
    assert e5.source == "preset:multilingual-e5-small" and e5.warning is None
    assert e5.embedding.prefix == "query: " and e5.duplicates.cos_floor == 0.85
    other = load_scoring("acme/other-encoder")
    assert other.warning and "calibrate" in other.warning and other.embedding.prefix == ""
    assert other.duplicates.candidate_min_cos == load_scoring(FALLBACK_PRESET).duplicates.candidate_min_cos
    assert model_family("intfloat/multilingual-e5-small") == "multilingual-e5-small"
    file = tmp_path / "scoring.json"
    file.write_text(json.dumps({"duplicates": {"cos_floor": 0.5}}), encoding="utf-8")
    tuned = load_scoring("acme/other-encoder", file)
    assert tuned.duplicates.cos_floor == 0.5 and tuned.warning is None
    file.write_text(json.dumps({"duplicates": {"no_such_number": 1}}), encoding="utf-8")
    with pytest.raises(Exception, match="not a scoring config"):
        load_scoring("acme/other-encoder", file)


def test_eval_writes_a_calibrated_config_that_loads(tmp_path: Path, model_path: str,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    home, out = tmp_path / "home", tmp_path / "calibrated.json"
    monkeypatch.setenv("PLANATLAS_EMBEDDING_MODEL", model_path)
    assert main(["--home", str(home), "ingest", str(ROOT / "data" / "docs"), "--json"]) == 0
    capsys.readouterr()
    pairs = ROOT / "tests" / "data" / "dup_pairs.jsonl"
    assert main(["--home", str(home), "eval", str(pairs), "--json", "--write-config", str(out)]) == 0
    report = json.loads(capsys.readouterr().out)
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written == report["calibrated"]
    floor, span = written["duplicates"]["cos_floor"], written["duplicates"]["cos_span"]
    assert 0.5 < floor < 1.0 and 0 < span < 0.5  # on e5's scale: non-duplicates sit high, duplicates higher
    tuned = load_scoring(model_path, out)
    assert tuned.duplicates.cos_floor == floor and tuned.embedding.prefix == "query: "
