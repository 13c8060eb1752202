"""Export and import: a graph survives the round trip through a JSON Lines
file unchanged, within one backend and across both."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.factory import make_store
from graph.models import GraphBatch
from graph.neo4j_store import Neo4jStore
from graph.store import GraphStore
from graph.transfer import export_graph, import_graph
from ingest.pipeline import Ingestor
from ontology import InputError, SchemaError
from tests.conftest import DOCS, wipe_neo4j


def _body(path: Path) -> list[str]:
    """The export without its header line (which names the backend)."""
    return path.read_text(encoding="utf-8").splitlines()[1:]


def _snapshot(store: GraphStore) -> tuple[object, ...]:
    return (store.counts(), [n.model_dump() for n in store.iter_nodes(with_provenance=True)],
            [e.model_dump() for e in store.iter_edges(with_provenance=True)],
            [d.model_dump() for d in store.documents()])


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus, ingested into SQLite and exported once."""
    home = tmp_path_factory.mktemp("transfer")
    with make_store("sqlite", home=home) as store:
        report = Ingestor(store).ingest([DOCS])
        assert not report.failed
        summary = export_graph(store, home / "corpus.jsonl")
    assert summary.documents == 6 and summary.nodes > 300 and summary.edges > 1000
    return home / "corpus.jsonl"


def test_export_lists_everything(corpus_file: Path) -> None:
    lines = [json.loads(line) for line in corpus_file.read_text(encoding="utf-8").splitlines()]
    header = lines[0]
    assert header["kind"] == "header" and header["format"] == "planatlas-graph" and header["backend"] == "sqlite"
    kinds = [line["kind"] for line in lines[1:]]
    assert kinds == sorted(kinds, key=["document", "node", "edge"].index)
    nodes = [line for line in lines if line["kind"] == "node"]
    edges = [line for line in lines if line["kind"] == "edge"]
    assert sum(header["counts"]["by_label"].values()) == len(nodes)
    assert sum(header["counts"]["by_type"].values()) == len(edges)
    project = next(n for n in nodes if n["id"] == "project:141028:抽水蓄能电站")
    assert project["label"] == "Project" and project["props"]["name"] == "吉县抽水蓄能电站项目"
    assert project["provenance"] and all(p["doc"].startswith("doc:") for p in project["provenance"])


def test_sqlite_round_trip(corpus_file: Path, tmp_path: Path) -> None:
    with make_store("sqlite", home=tmp_path) as copy:
        summary = import_graph(copy, corpus_file)
        export_graph(copy, tmp_path / "again.jsonl")
        assert summary.documents == 6 and summary.unvouched_nodes == 0
        with make_store("sqlite", home=corpus_file.parent) as original:
            assert _snapshot(copy) == _snapshot(original)  # ingest times included
    assert _body(tmp_path / "again.jsonl") == _body(corpus_file)


@pytest.mark.neo4j
def test_sqlite_to_neo4j_to_sqlite(corpus_file: Path, neo4j_store: Neo4jStore, tmp_path: Path) -> None:
    import_graph(neo4j_store, corpus_file)
    export_graph(neo4j_store, tmp_path / "from-neo4j.jsonl")
    assert json.loads((tmp_path / "from-neo4j.jsonl").read_text(encoding="utf-8").splitlines()[0])["backend"] == "neo4j"
    assert _body(tmp_path / "from-neo4j.jsonl") == _body(corpus_file)
    with make_store("sqlite", home=tmp_path) as back:
        import_graph(back, tmp_path / "from-neo4j.jsonl")
        export_graph(back, tmp_path / "back.jsonl")
        with make_store("sqlite", home=corpus_file.parent) as original:
            assert _snapshot(back) == _snapshot(original) == _snapshot(neo4j_store)
    assert _body(tmp_path / "back.jsonl") == _body(corpus_file)


@pytest.mark.neo4j
def test_neo4j_round_trip(corpus_file: Path, neo4j_uri: str, neo4j_store: Neo4jStore, tmp_path: Path) -> None:
    Ingestor(neo4j_store).ingest([DOCS])
    before = _snapshot(neo4j_store)
    export_graph(neo4j_store, tmp_path / "n.jsonl")
    wipe_neo4j(neo4j_uri)
    assert neo4j_store.counts().nodes == 0
    import_graph(neo4j_store, tmp_path / "n.jsonl")
    assert _snapshot(neo4j_store) == before


def test_unvouched_nodes_are_kept(tmp_path: Path) -> None:
    """A node whose document was deleted but which another document links to
    comes back; the linking document then vouches for it."""
    with make_store("sqlite", home=tmp_path / "a") as store:
        a = GraphBatch()
        a.node("task:doc:a:1", "Task", title="t")
        store.replace_document("doc:a", "f", "a.md", a)
        b = GraphBatch()
        b.node("project:141024:x", "Project", name="x")
        b.edge("project:141024:x", "SERVES_TASK", "task:doc:a:1", score=2.5)
        store.replace_document("doc:b", "f", "b.md", b)
        store.delete_document("doc:a")
        summary = export_graph(store, tmp_path / "u.jsonl")
        before = store.counts()
    assert summary.unvouched_nodes == 1
    with make_store("sqlite", home=tmp_path / "b") as copy:
        assert import_graph(copy, tmp_path / "u.jsonl").unvouched_nodes == 1
        assert copy.counts() == before
        task = copy.get_node("task:doc:a:1")
        assert task is not None and task.props == {"title": "t"} and [p.doc for p in task.provenance] == ["doc:b"]


def test_documents_are_imported_in_dependency_order(tmp_path: Path) -> None:
    """doc:a links to a node only doc:z provides: doc:z goes in first."""
    with make_store("sqlite", home=tmp_path / "a") as store:
        z = GraphBatch()
        z.node("task:doc:z:1", "Task", title="t")
        store.replace_document("doc:z", "f", "z.md", z)
        a = GraphBatch()
        a.node("project:141024:x", "Project", name="x")
        a.edge("project:141024:x", "SERVES_TASK", "task:doc:z:1")
        store.replace_document("doc:a", "f", "a.md", a)
        export_graph(store, tmp_path / "d.jsonl")
        before = _snapshot(store)
    with make_store("sqlite", home=tmp_path / "b") as copy:
        import_graph(copy, tmp_path / "d.jsonl")
        assert _snapshot(copy) == before


def test_a_bad_document_fails_alone(corpus_file: Path, tmp_path: Path) -> None:
    """Import is all-or-nothing per document: one whose edge points at a node
    nobody provides is refused whole, the documents before it stay."""
    lines = corpus_file.read_text(encoding="utf-8").splitlines()
    broken = [line for line in lines if '"kind": "edge"' in line and '"type": "SERVES_TASK"' in line][0]
    edge = json.loads(broken)
    edge["dst"] = "task:nowhere:1"
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([*lines, json.dumps(edge, ensure_ascii=False)]) + "\n", encoding="utf-8")
    failing_doc = edge["provenance"][0]["doc"]
    with make_store("sqlite", home=tmp_path) as copy:
        with pytest.raises(SchemaError, match="unknown nodes: task:nowhere:1"):
            import_graph(copy, bad)
        assert copy.document(failing_doc) is None
        assert copy.document("gazetteer") is not None


def test_files_that_are_not_exports_are_refused(tmp_path: Path, corpus_file: Path) -> None:
    with make_store("sqlite", home=tmp_path) as store:
        with pytest.raises(InputError, match="no such file"):
            import_graph(store, tmp_path / "missing.jsonl")
        (tmp_path / "other.jsonl").write_text('{"kind": "node", "id": "x"}\n', encoding="utf-8")
        with pytest.raises(InputError, match="not a planatlas-graph export"):
            import_graph(store, tmp_path / "other.jsonl")
        lines = corpus_file.read_text(encoding="utf-8").splitlines()
        (tmp_path / "cut.jsonl").write_text("\n".join([*lines[:3], lines[3][:20]]) + "\n", encoding="utf-8")
        with pytest.raises(InputError, match="row 4: malformed line"):
            import_graph(store, tmp_path / "cut.jsonl")
        orphan = json.loads([line for line in lines if '"kind": "node"' in line][0])
        orphan["provenance"] = [{"doc": "doc:unknown"}]
        (tmp_path / "orphan.jsonl").write_text(lines[0] + "\n" + json.dumps(orphan) + "\n", encoding="utf-8")
        with pytest.raises(InputError, match="doc:unknown"):
            import_graph(store, tmp_path / "orphan.jsonl")
        assert store.counts().nodes == 0 and store.documents() == []
