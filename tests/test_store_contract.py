"""The GraphStore contract. Every backend must pass these same cases: each
test runs on the embedded SQLite store and on the real Neo4j server."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from graph.factory import make_store
from graph.models import GraphBatch, Provenance
from graph.store import GraphStore
from ontology import SchemaError, StoreError


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """Each backend, empty. The Neo4j one comes from conftest's `neo4j_store`
    (requested lazily, so SQLite runs need no server)."""
    if request.param == "neo4j":
        yield request.getfixturevalue("neo4j_store")
        return
    s = make_store("sqlite", home=tmp_path)
    yield s
    s.close()


def _doc_batch(doc: str, county_name: str = "洪洞县") -> GraphBatch:
    b = GraphBatch()
    prov = Provenance(doc=doc, start=0, end=3, sentence="洪洞县抽水蓄能电站项目。")
    b.node("county:141024", "County", prov, name=county_name, code="141024")
    b.node("project:141024:抽水蓄能电站", "Project", prov, name="洪洞县抽水蓄能电站项目", investment_wan=12000.0)
    b.edge("project:141024:抽水蓄能电站", "LOCATED_IN", "county:141024", prov)
    return b


def test_replace_is_idempotent(store: GraphStore) -> None:
    store.replace_document("doc:a", "f1", "a.md", _doc_batch("doc:a"))
    first = store.counts()
    store.replace_document("doc:a", "f1", "a.md", _doc_batch("doc:a"))
    assert store.counts() == first == store.counts()
    assert first.by_label == {"County": 1, "Project": 1} and first.by_type == {"LOCATED_IN": 1}
    node = store.get_node("project:141024:抽水蓄能电站")
    assert node is not None and node.props["investment_wan"] == 12000.0
    assert [(p.doc, p.start, p.end) for p in node.provenance] == [("doc:a", 0, 3)]


def test_shared_nodes_live_while_any_document_vouches(store: GraphStore) -> None:
    store.replace_document("doc:a", "f1", "a.md", _doc_batch("doc:a"))
    store.replace_document("doc:b", "f1", "b.md", _doc_batch("doc:b"))
    node = store.get_node("project:141024:抽水蓄能电站")
    assert node is not None and sorted(p.doc for p in node.provenance) == ["doc:a", "doc:b"]
    store.delete_document("doc:a")
    node = store.get_node("project:141024:抽水蓄能电站")
    assert node is not None and [p.doc for p in node.provenance] == ["doc:b"]
    store.delete_document("doc:b")
    assert store.get_node("project:141024:抽水蓄能电站") is None
    assert store.counts().nodes == 0 and store.documents() == []


def test_reingest_replaces_exactly_that_documents_values(store: GraphStore) -> None:
    """Issue 17, finding 3: a value only doc:a said leaves the shared node when
    doc:a is re-ingested without it (or deleted); doc:b's values stay."""
    pid = "project:141024:抽水蓄能电站"
    a = _doc_batch("doc:a")
    a.nodes[pid].props.update(investment_wan=30000.0, owner="洪洞县能源局")
    b = _doc_batch("doc:b")
    del b.nodes[pid].props["investment_wan"]
    b.nodes[pid].props["years"] = "2023-2025"
    store.replace_document("doc:a", "f1", "a.md", a)
    store.replace_document("doc:b", "f1", "b.md", b)
    node = store.get_node(pid)
    assert node is not None and node.props["investment_wan"] == 30000.0 and node.props["owner"] == "洪洞县能源局"
    changed = _doc_batch("doc:a")
    del changed.nodes[pid].props["investment_wan"]
    store.replace_document("doc:a", "f2", "a.md", changed)
    node = store.get_node(pid)
    assert node is not None and "investment_wan" not in node.props and "owner" not in node.props
    assert node.props["years"] == "2023-2025" and node.props["name"] == "洪洞县抽水蓄能电站项目"
    store.replace_document("doc:a", "f3", "a.md", a)
    store.delete_document("doc:a")
    node = store.get_node(pid)
    assert node is not None and "owner" not in node.props and node.props["years"] == "2023-2025"


def test_each_documents_conflicting_values_are_kept(store: GraphStore) -> None:
    """Issue 17, finding 3: the same project in two lists with different
    investments and owners kept only the later value (silently). The node still
    shows the later one; every document's value is read back, in write order,
    and the project page lists both, each with its document."""
    from search_api.core.views import value_conflicts

    pid = "project:141024:抽水蓄能电站"
    a = _doc_batch("doc:a")
    a.nodes[pid].props.update(investment_wan=30000.0, owner="洪洞县能源局", years="2023-2025")
    b = _doc_batch("doc:b")
    b.nodes[pid].props.update(investment_wan=50000.0, owner="洪洞县发改局", years="2023-2025")
    store.replace_document("doc:a", "f1", "a.md", a)
    store.replace_document("doc:b", "f1", "b.md", b)
    node = store.get_node(pid)
    assert node is not None and node.props["investment_wan"] == 50000.0
    said = store.values_by_document([pid, "nobody"])
    assert list(said) == [pid] and list(said[pid]) == ["doc:a", "doc:b"]
    assert said[pid]["doc:a"]["investment_wan"] == 30000.0 and said[pid]["doc:b"]["owner"] == "洪洞县发改局"
    conflicts = {c.field: [(v.doc, v.value) for v in c.values] for c in value_conflicts(store, node)}
    assert conflicts == {"investment_wan": [("doc:a", 30000.0), ("doc:b", 50000.0)],
                         "owner": [("doc:a", "洪洞县能源局"), ("doc:b", "洪洞县发改局")]}  # years agree
    store.delete_document("doc:b")
    node = store.get_node(pid)
    assert node is not None and node.props["investment_wan"] == 30000.0 and value_conflicts(store, node) == []


def test_failed_write_leaves_store_unchanged(store: GraphStore) -> None:
    store.replace_document("doc:a", "f1", "a.md", _doc_batch("doc:a"))
    before = (store.counts(), store.documents())
    bad = _doc_batch("doc:a")
    bad.edge("project:141024:抽水蓄能电站", "SERVES_TASK", "task:nowhere:1")
    with pytest.raises(SchemaError, match="unknown nodes"):
        store.replace_document("doc:a", "f2", "a.md", bad)
    assert (store.counts(), store.documents()) == before
    wrong_type = _doc_batch("doc:a")
    wrong_type.edge("county:141024", "SERVES_TASK", "project:141024:抽水蓄能电站")
    with pytest.raises(SchemaError, match="SERVES_TASK may not start at County"):
        store.replace_document("doc:a", "f2", "a.md", wrong_type)
    assert (store.counts(), store.documents()) == before
    assert store.document("doc:a").fingerprint == "f1"  # type: ignore[union-attr]


def test_label_clash_is_rejected(store: GraphStore) -> None:
    store.replace_document("doc:a", "f1", "a.md", _doc_batch("doc:a"))
    clash = GraphBatch()
    clash.node("county:141024", "Region", name="x")
    with pytest.raises(SchemaError):
        store.replace_document("doc:b", "f1", "b.md", clash)
    assert store.document("doc:b") is None


def test_reads(store: GraphStore) -> None:
    store.replace_document("doc:a", "f1", "a.md", _doc_batch("doc:a"))
    assert [n.id for n in store.find_nodes("Project", name="洪洞县抽水蓄能电站项目")] == ["project:141024:抽水蓄能电站"]
    assert store.find_nodes("Project", name="x") == []
    out = store.neighbours("project:141024:抽水蓄能电站", ["LOCATED_IN"], "out")
    assert [(e.type, n.id) for e, n in out] == [("LOCATED_IN", "county:141024")]
    assert store.neighbours("county:141024", ["LOCATED_IN"], "out") == []
    assert len(store.neighbours("county:141024", None, "in")) == 1
    with pytest.raises(SchemaError):
        store.find_nodes("Project) DETACH DELETE n //")
    with pytest.raises(SchemaError):
        store.find_nodes("Project", **{"name') OR 1=1 --": "x"})
    graph = store.to_networkx()
    assert graph.has_edge("project:141024:抽水蓄能电站", "county:141024")


def test_neighbours_of_many_nodes_equal_one_by_one(store: GraphStore) -> None:
    """The batched read gives, per id, exactly what `neighbours` gives (order,
    provenance, both directions), and [] for unknown ids."""
    store.replace_document("doc:a", "f1", "a.md", _doc_batch("doc:a"))
    ids = [n.id for n in store.iter_nodes()] + ["project:nowhere", "nolabel:x"]
    for rel_types, direction in ((None, "both"), (["LOCATED_IN"], "out"), (["LOCATED_IN", "SERVES_TASK"], "in")):
        many = store.neighbours_many(ids, rel_types, direction)  # type: ignore[arg-type]
        assert list(many) == ids
        assert many == {i: store.neighbours(i, rel_types, direction) for i in ids}  # type: ignore[arg-type]
    assert any(many.values()) and many["project:nowhere"] == [] and store.neighbours_many([]) == {}
    with pytest.raises(SchemaError):
        store.neighbours_many(ids, ["NOT_A_TYPE"])


def test_hostile_values_are_stored_verbatim(store: GraphStore) -> None:
    b = GraphBatch()
    evil = "'}) DETACH DELETE n // \"; DROP TABLE nodes; --"
    b.node("project:unknown:x", "Project", name=evil)
    store.replace_document("doc:evil", "f", "evil.md", b)
    assert store.get_node("project:unknown:x").props["name"] == evil  # type: ignore[union-attr]
    assert store.counts().nodes == 1


def test_property_values_round_trip_exactly(store: GraphStore) -> None:
    """Whatever JSON can hold comes back as it went in, even values Neo4j
    cannot store natively (maps, nested or mixed lists, huge integers)."""
    props = {
        "name": "吉县", "empty": [], "words": ["a", "b"], "numbers": [1, 2], "floats": [1.5, 2.0],
        "flags": [True, False], "mixed": [1, 2.5], "nested": [["a"], ["b", "c"]], "map": {"b": 1, "a": [{"x": None}]},
        "huge": 2**70, "flag": False, "zero": 0, "float": 12000.0, "looks_encoded": "\x00json:[1]",
        "quote": "'\"`", "tuple": (1, 2),
    }
    b = GraphBatch()
    b.node("river:x", "River", Provenance(doc="doc:p", start=1, end=2), **props, dropped=None)
    b.node("river:y", "River")
    b.edge("river:x", "TRIBUTARY_OF", "river:y", map={"k": [1, "a"]}, score=0.5)
    store.replace_document("doc:p", "f", "p.md", b)
    node = store.get_node("river:x")
    assert node is not None
    expected = {**props, "tuple": [1, 2]}
    assert node.props == expected and list(node.props) == sorted(expected)
    assert store.find_nodes("River", name="吉县")[0].props == expected
    assert [n.id for n in store.find_nodes("River", flag=False)] == ["river:x"]
    (edge, other), = store.neighbours("river:x", direction="out")
    assert edge.props == {"map": {"k": [1, "a"]}, "score": 0.5} and other.id == "river:y"
    assert [n.props for n in store.iter_nodes() if n.id == "river:x"] == [expected]


def test_provenance_is_ordered_by_document_start_and_row(store: GraphStore) -> None:
    for doc, starts in (("doc:b", [9, None, 3]), ("doc:a", [5, 1])):
        b = GraphBatch()
        for start in starts:
            b.node("county:141024", "County", Provenance(doc=doc, start=start, row=7 if start == 3 else None))
        b.node("county:141024", "County", Provenance(doc=doc, start=3, row=2))
        store.replace_document(doc, "f", f"{doc}.md", b)
    node = store.get_node("county:141024")
    assert node is not None
    assert [(p.doc, p.start, p.row) for p in node.provenance] == [
        ("doc:a", 1, None), ("doc:a", 3, 2), ("doc:a", 5, None),
        ("doc:b", None, None), ("doc:b", 3, 2), ("doc:b", 3, 7), ("doc:b", 9, None)]
    full = [n for n in store.iter_nodes(with_provenance=True)]
    assert [p.model_dump() for p in full[0].provenance] == [p.model_dump() for p in node.provenance]


def test_document_records(store: GraphStore) -> None:
    store.replace_document("doc:b", "f1", "b.md", _doc_batch("doc:b"), ingested_at="2023-05-01T08:00:00+00:00")
    store.replace_document("doc:a", "f2", "a.md", GraphBatch())
    records = store.documents()
    assert [(d.id, d.fingerprint, d.path) for d in records] == [("doc:a", "f2", "a.md"), ("doc:b", "f1", "b.md")]
    assert records[1].ingested_at == "2023-05-01T08:00:00+00:00"
    assert records[0].ingested_at[:2] == "20" and store.document("doc:none") is None
    store.delete_document("doc:b")
    assert [d.id for d in store.documents()] == ["doc:a"] and store.counts().nodes == 0


def test_reserved_property_names_are_refused(store: GraphStore) -> None:
    for bad in ({"id": "x"}, {"_prov": "x"}, {"": 1}):
        b = GraphBatch()
        b.node("river:x", "River", **bad)
        with pytest.raises(SchemaError, match="reserved"):
            store.replace_document("doc:r", "f", "r.md", b)
    assert store.counts().nodes == 0 and store.documents() == []


def test_node_without_vouchers_stays_while_linked(store: GraphStore) -> None:
    """A document's node outlives it while another document's edge points at
    it, and goes with neither the edge nor the node when nobody vouches."""
    a = GraphBatch()
    a.node("task:doc:a:1", "Task", title="t")
    store.replace_document("doc:a", "f", "a.md", a)
    b = GraphBatch()
    b.node("project:141024:x", "Project", name="x")
    b.edge("project:141024:x", "SERVES_TASK", "task:doc:a:1")
    store.replace_document("doc:b", "f", "b.md", b)
    summary = store.delete_document("doc:a")
    assert (summary.removed_nodes, summary.removed_edges) == (0, 0)
    task = store.get_node("task:doc:a:1")
    assert task is not None and task.provenance == [] and task.props == {"title": "t"}
    summary = store.delete_document("doc:b")
    assert (summary.removed_nodes, summary.removed_edges) == (1, 1)
    assert store.counts().by_label == {"Task": 1} and store.counts().by_type == {}


def test_embedding_cache_is_internal(store: GraphStore) -> None:
    vector = np.arange(4, dtype=np.float32).tobytes()
    store.cache_embeddings("m1", {"k1": vector, "k2": b""})
    store.cache_embeddings("m1", {"k1": vector[::-1]})
    assert store.cached_embeddings("m1", ["k1", "k2", "k3"]) == {"k1": vector[::-1], "k2": b""}
    assert store.cached_embeddings("m2", ["k1"]) == {} and store.cached_embeddings("m1", []) == {}
    assert store.counts().nodes == 0 and list(store.iter_nodes()) == []


def test_summaries_count_what_changed(store: GraphStore) -> None:
    first = store.replace_document("doc:a", "f1", "a.md", _doc_batch("doc:a"))
    assert (first.nodes, first.edges, first.removed_nodes, first.removed_edges) == (2, 1, 0, 0)
    again = store.replace_document("doc:a", "f2", "a.md", _doc_batch("doc:a"))
    assert (again.removed_nodes, again.removed_edges) == (2, 1)
    assert store.document("doc:a").fingerprint == "f2"  # type: ignore[union-attr]


def test_get_nodes_equals_get_node_per_id(store: GraphStore) -> None:
    """The bulk read gives exactly what one `get_node` per id gives, provenance
    included, whatever order (and repeats) the ids come in; ids naming no node,
    or no label at all, are simply absent. More ids than one batch holds."""
    store.replace_document("doc:a", "f1", "a.md", _doc_batch("doc:a"))
    store.replace_document("doc:b", "f1", "b.md", _doc_batch("doc:b"))
    rivers = GraphBatch()
    for i in range(1234):
        rivers.node(f"river:r{i:04d}", "River", Provenance(doc="x", start=i, end=i + 2, sentence=f"第{i}条河"),
                    name=f"河{i}", order=i)
    rivers.node("county:141024", "County", Provenance(doc="x", row=3), short="洪洞")
    store.replace_document("doc:c", "f1", "c.md", rivers)
    ids = ["project:141024:抽水蓄能电站", "river:missing", "county:141024", "nolabel:x",
           *[f"river:r{i:04d}" for i in range(1234)], "county:141024"]
    found = store.get_nodes(ids)
    expected = {node_id: node for node_id in ids if (node := store.get_node(node_id)) is not None}
    assert found == expected and list(found) == list(expected)  # keyed in the order first asked for
    assert len(found) == 1236
    county = found["county:141024"]
    assert [p.doc for p in county.provenance] == ["doc:a", "doc:b", "doc:c"]
    assert county.props == {"code": "141024", "name": "洪洞县", "short": "洪洞"}
    shuffled = ids[:]
    random.Random(5).shuffle(shuffled)
    assert store.get_nodes(shuffled) == found
    assert store.get_nodes(list(reversed(ids))) == found
    everything = {n.id: n for n in store.iter_nodes(with_provenance=True)}
    assert store.get_nodes(list(everything)) == everything
    assert store.get_nodes([]) == {} and store.get_nodes(["river:missing", "nolabel:x"]) == {}


def test_query_arguments_are_checked_alike(store: GraphStore) -> None:
    """Labels, property names, relationship types and directions are refused
    the same way by both stores, whether or not the node exists."""
    store.replace_document("doc:a", "f1", "a.md", _doc_batch("doc:a"))
    for node_id in ("county:141024", "county:none", "nolabel:x"):
        with pytest.raises(SchemaError, match="unknown relationship type 'NOT_A_TYPE'"):
            store.neighbours(node_id, ["LOCATED_IN", "NOT_A_TYPE"])
        with pytest.raises(SchemaError, match="bad direction 'sideways'"):
            store.neighbours(node_id, None, "sideways")  # type: ignore[arg-type]
    with pytest.raises(SchemaError, match="unknown node label 'Nope'"):
        store.find_nodes("Nope")
    with pytest.raises(SchemaError, match="bad property name 'a-b'"):
        store.find_nodes("County", **{"a-b": 1})
    assert store.neighbours("nolabel:x") == [] and store.get_node("nolabel:x") is None


def test_a_closed_store_raises_store_error(store: GraphStore) -> None:
    """Backend failures reach callers as PlanAtlas errors, never as the
    driver's own exceptions."""
    store.close()
    with pytest.raises(StoreError):
        store.counts()
    with pytest.raises(StoreError):
        store.get_nodes(["county:141024"])
    with pytest.raises(StoreError):
        list(store.iter_nodes())


def test_sqlite_has_no_native_index(tmp_path: Path) -> None:
    """The embedded store says "not supported", so search keeps its own path."""
    with make_store("sqlite", home=tmp_path) as store:
        assert store.sync_project_index(["project:x"], ["a"], None, None) is None
        assert store.vector_top(np.ones(4, dtype=np.float32), 3) is None
        assert store.fulltext_top(["a"], 3) is None
