"""The GraphStore contract. Every backend must pass these same cases."""

from __future__ import annotations

import pytest

from graph.models import GraphBatch, Provenance
from graph.store import GraphStore
from ontology import SchemaError


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


def test_hostile_values_are_stored_verbatim(store: GraphStore) -> None:
    b = GraphBatch()
    evil = "'}) DETACH DELETE n // \"; DROP TABLE nodes; --"
    b.node("project:unknown:x", "Project", name=evil)
    store.replace_document("doc:evil", "f", "evil.md", b)
    assert store.get_node("project:unknown:x").props["name"] == evil  # type: ignore[union-attr]
    assert store.counts().nodes == 1
