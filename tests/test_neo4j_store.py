"""What only the Neo4j backend has: its schema, one transaction per document,
batched writes and the native vector and full-text indexes, all against the
real server (the shared contract cases are in test_store_contract.py)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import numpy as np
import pytest
from neo4j import GraphDatabase, ManagedTransaction

from graph import neo4j_queries as q
from graph.factory import make_store
from graph.models import GraphBatch, Provenance
from graph.neo4j_store import Neo4jStore
from graph.store import GraphStore
from ingest.pipeline import Ingestor, build_batch, doc_id_for
from ingest.reader import read_file
from ontology import SchemaError, StoreError, StoreUnavailable, load_schema
from tests.conftest import GUIDANCE

pytestmark = pytest.mark.neo4j


def raw_dump(uri: str) -> list[str]:
    """Everything in the database, internal labels and properties included,
    as sorted JSON lines: two equal dumps mean two identical databases."""
    with GraphDatabase.driver(uri, auth=None) as driver:
        nodes = driver.execute_query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props",
                                     database_="neo4j").records
        rels = driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN properties(a) AS a, type(r) AS type, properties(b) AS b, "
            "properties(r) AS props", database_="neo4j").records
    lines = [json.dumps(["node", r["labels"], r["props"]], sort_keys=True, ensure_ascii=False, default=repr)
             for r in nodes]
    lines += [json.dumps(["rel", r["a"], r["type"], r["b"], r["props"]], sort_keys=True, ensure_ascii=False,
                         default=repr) for r in rels]
    return sorted(lines)


def test_server_version(neo4j_store: Neo4jStore) -> None:
    version = neo4j_store.server_version()
    print(f"\nNeo4j server under test: {version}")  # noqa: T201 - the point of this test
    assert version.startswith("Neo4j Kernel 5.") and version.endswith("community")


def test_schema_has_constraints_and_fulltext_index(neo4j_uri: str, neo4j_store: Neo4jStore) -> None:
    neo4j_store.ensure_schema()  # idempotent
    with GraphDatabase.driver(neo4j_uri, auth=None) as driver:
        constraints = {r["name"]: r for r in driver.execute_query(
            "SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties, type", database_="neo4j").records}
        indexes = {r["name"]: r for r in driver.execute_query(
            "SHOW INDEXES YIELD name, type, options", database_="neo4j").records}
    for name, props in (("planatlas_county_id", ["id"]), ("planatlas_project_id", ["id"]),
                        ("planatlas_document_id", ["id"]), ("planatlas_embedding_key", ["model", "key"])):
        assert constraints[name]["type"] == "UNIQUENESS" and constraints[name]["properties"] == props
    fulltext = indexes["planatlas_project_text"]
    assert fulltext["type"] == "FULLTEXT"
    assert fulltext["options"]["indexConfig"]["fulltext.analyzer"] == "whitespace"


def test_factory_builds_the_neo4j_store(neo4j_uri: str, neo4j_store: Neo4jStore, tmp_path: Path) -> None:
    with make_store("neo4j", home=tmp_path, neo4j_uri=neo4j_uri) as store:
        assert store.backend == "neo4j" and store.counts().nodes == 0


def test_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="cannot reach Neo4j at bolt://127.0.0.1:1"):
        Neo4jStore.connect("bolt://127.0.0.1:1", "neo4j", "", "neo4j")


def _unused_port() -> int:
    """A loopback port nothing listens on (the OS just handed it out and took it back)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_nothing_listening_is_unavailable() -> None:
    uri = f"bolt://127.0.0.1:{_unused_port()}"
    with pytest.raises(StoreUnavailable, match=f"cannot reach Neo4j at {uri}"):
        Neo4jStore.connect(uri, "neo4j", "", "neo4j")


def test_a_server_gone_after_connecting_is_unavailable() -> None:
    """Reads and writes of a store whose server has gone, once the driver's
    retries are spent (cut short here), raise StoreUnavailable."""
    uri = f"bolt://127.0.0.1:{_unused_port()}"
    store = Neo4jStore(GraphDatabase.driver(uri, max_transaction_retry_time=0.2), load_schema(), uri=uri)
    try:
        with pytest.raises(StoreUnavailable, match=f"Neo4j {uri}: Couldn't connect"):
            store.counts()
        with pytest.raises(StoreUnavailable):
            store.get_nodes(["county:141024"])
        with pytest.raises(StoreUnavailable):
            list(store.iter_nodes())
        with pytest.raises(StoreUnavailable):
            store.replace_document("doc:a", "f", "a.md", GraphBatch())
        with pytest.raises(StoreUnavailable):
            store.server_version()
    finally:
        store.close()


def test_other_server_errors_are_store_errors(neo4j_uri: str) -> None:
    """A server that answers "no" is not "try again later"."""
    store = Neo4jStore.connect(neo4j_uri, "neo4j", "", "nosuchdb")
    try:
        with pytest.raises(StoreError, match="nosuchdb") as failure:
            store.counts()
        assert not isinstance(failure.value, StoreUnavailable)
    finally:
        store.close()


def test_get_nodes_in_small_batches(neo4j_store: Neo4jStore, neo4j_uri: str) -> None:
    """Many labels, each in several UNWIND batches: the same nodes as one batch."""
    b = GraphBatch()
    for i in range(30):
        b.node(f"river:r{i:02d}", "River", Provenance(doc="x", start=i), name=f"河{i}")
        b.node(f"mountain:m{i:02d}", "Mountain", Provenance(doc="x", row=i), name=f"山{i}")
    neo4j_store.replace_document("doc:a", "f", "a.md", b)
    ids = [*b.nodes, "river:missing", "nolabel:x"]
    small = Neo4jStore.connect(neo4j_uri, "neo4j", "", "neo4j", batch_size=7)
    try:
        assert small.get_nodes(ids) == neo4j_store.get_nodes(ids)
        assert len(small.get_nodes(ids)) == 60
    finally:
        small.close()


def _guidance_batch(store: GraphStore) -> tuple[str, GraphBatch]:
    ingestor = Ingestor(store)
    doc_id = doc_id_for(GUIDANCE)
    batch, _ = build_batch(read_file(GUIDANCE), doc_id, ingestor.gaz, ingestor.extractor, ingestor.tasks)
    return doc_id, batch


def test_bad_last_edge_leaves_the_database_exactly_as_before(neo4j_uri: str, neo4j_store: Neo4jStore) -> None:
    """Replacing an ingested document with a batch whose last edge is invalid
    changes nothing: the removal of the old facts is rolled back too."""
    report = Ingestor(neo4j_store).ingest([GUIDANCE])
    assert [f.status for f in report.files] == ["ingested"]
    before = raw_dump(neo4j_uri)
    doc_id, batch = _guidance_batch(neo4j_store)
    assert len(batch.edges) > 100
    batch.edge(next(iter(batch.nodes)), "SERVES_TASK", "task:nowhere:1")
    with pytest.raises(SchemaError, match="unknown nodes: task:nowhere:1"):
        neo4j_store.replace_document(doc_id, "new", str(GUIDANCE), batch)
    assert raw_dump(neo4j_uri) == before


class _FailsBeforeCommit(Neo4jStore):
    """Fails after every node and edge of the document is written, before the
    transaction commits: the real server must roll all of it back."""

    def _write_edges(self, tx: ManagedTransaction, doc_id: str, batch: GraphBatch, labels: dict[str, str],
                     new: set[str]) -> None:
        super()._write_edges(tx, doc_id, batch, labels, new)
        written = tx.run("MATCH ()-[r]->() WHERE $doc IN r._prov_docs RETURN count(r) AS n", {"doc": doc_id}).single()
        assert written is not None and written["n"] == len(batch.edges)  # really written, inside the transaction
        raise RuntimeError("disk full (simulated)")


def test_a_failure_mid_write_rolls_back_the_whole_document(neo4j_uri: str, neo4j_store: Neo4jStore) -> None:
    Ingestor(neo4j_store).ingest([GUIDANCE])
    before = raw_dump(neo4j_uri)
    failing = _FailsBeforeCommit.connect(neo4j_uri, "neo4j", "", "neo4j")
    try:
        doc_id, batch = _guidance_batch(failing)
        with pytest.raises(RuntimeError, match="simulated"):
            failing.replace_document(doc_id, "new", str(GUIDANCE), batch)
        with pytest.raises(RuntimeError, match="simulated"):
            failing.replace_document("doc:fresh", "f", "fresh.md", _guidance_batch(failing)[1])
    finally:
        failing.close()
    assert raw_dump(neo4j_uri) == before


def test_small_batches_write_the_same_graph(neo4j_uri: str, neo4j_store: Neo4jStore) -> None:
    """UNWIND chunking: a batch size of 7 must give exactly what one chunk gives."""
    Ingestor(neo4j_store).ingest([GUIDANCE])
    whole = raw_dump(neo4j_uri)
    doc_id, batch = _guidance_batch(neo4j_store)
    small = Neo4jStore.connect(neo4j_uri, "neo4j", "", "neo4j", batch_size=7)
    try:
        record = small.document(doc_id)
        assert record is not None
        summary = small.replace_document(doc_id, record.fingerprint, record.path, batch,
                                         ingested_at=record.ingested_at)
    finally:
        small.close()
    assert summary.removed_edges > 7 * 10  # many chunks (a few edges stay: the gazetteer vouches for them too)

    def graph_only(dump: list[str]) -> list[str]:  # the change counter rightly counts the rewrite
        return [line for line in dump if q.CHANGES not in line]

    assert graph_only(raw_dump(neo4j_uri)) == graph_only(whole) and len(whole) > len(graph_only(whole))


def _unit_vectors(n: int, dim: int, seed: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_vector_index_matches_exact_cosine(neo4j_uri: str, neo4j_store: Neo4jStore) -> None:
    """1000 random vectors (harder for HNSW than real embeddings): the index's
    top 10 equal the exact top 10 for every query, with the same cosines."""
    ids = [f"project:141024:p{i:04d}" for i in range(1000)]
    vectors = _unit_vectors(len(ids), 24, seed=7)
    texts = [f"w{i % 5} common" for i in range(len(ids))]
    assert neo4j_store.sync_project_index(ids, texts, vectors, "m") == 1000
    assert neo4j_store.sync_project_index(ids, texts, vectors, "m") == 0  # unchanged: nothing written
    for seed in range(20):
        query = _unit_vectors(1, 24, seed=100 + seed)[0]
        exact = vectors @ query
        hits = neo4j_store.vector_top(query, 10)
        assert hits is not None and [h[0] for h in hits] == [ids[i] for i in np.argsort(-exact)[:10]]
        for project_id, cosine in hits:
            assert abs(cosine - float(exact[ids.index(project_id)])) < 1e-5
    subset = ids[::3]
    filtered = neo4j_store.vector_top(query, 5, subset)
    in_subset = sorted(subset, key=lambda i: -exact[ids.index(i)])[:5]
    assert filtered is not None and [h[0] for h in filtered] == in_subset
    assert neo4j_store.vector_top(query, 5, []) == []
    # One text changes and one project goes: two entries change, the rest stay.
    texts[0] = "changed"
    assert neo4j_store.sync_project_index(ids[:-1], texts[:-1], vectors[:-1], "m") == 2
    assert ids[-1] not in [h[0] for h in neo4j_store.vector_top(vectors[-1], 3) or []]
    # A model of another dimension rebuilds the vector index.
    small = _unit_vectors(len(ids), 8, seed=9)
    assert neo4j_store.sync_project_index(ids, texts, small, "other") == 1000
    top = neo4j_store.vector_top(small[5], 1)
    assert top is not None and top[0][0] == ids[5] and abs(top[0][1] - 1.0) < 1e-5
    assert neo4j_store.counts().nodes == 0  # index entries are internal


def test_fulltext_index_takes_user_tokens_literally(neo4j_store: Neo4jStore) -> None:
    """Lucene syntax in a token is text, never query syntax."""
    specials = ["c++", "a:b", "(x)", "AND", "OR", "NOT", "\\", '"q"', "*", "?", "[1", "{2}", "~3", "^", "/x/",
                "!", "&&", "||", "-y", "抽水蓄能"]
    ids = [f"project:141024:s{i:02d}" for i in range(len(specials))]
    texts = [f"{token} filler" for token in specials]
    neo4j_store.sync_project_index(ids, texts, None, None)
    for project_id, token in zip(ids, specials, strict=True):
        hits = neo4j_store.fulltext_top([token], 50)
        assert hits is not None and [h[0] for h in hits] == [project_id], token
    everything = neo4j_store.fulltext_top(["filler"], 50)
    assert everything is not None and len(everything) == len(specials)
    assert neo4j_store.fulltext_top(["absent", ""], 50) == [] and neo4j_store.fulltext_top([], 5) == []
    two = neo4j_store.fulltext_top(["c++", "抽水蓄能", "absent"], 50)
    assert two is not None and {h[0] for h in two} == {ids[0], ids[-1]}


def test_provenance_of_a_shared_node_survives_other_documents(neo4j_store: Neo4jStore) -> None:
    b = GraphBatch()
    b.node("county:141024", "County", Provenance(doc="x", start=4, sentence="s1"), name="洪洞县")
    neo4j_store.replace_document("doc:a", "f", "a.md", b)
    c = GraphBatch()
    c.node("county:141024", "County", Provenance(doc="x", start=2, sentence="s2"), code="141024")
    neo4j_store.replace_document("doc:b", "f", "b.md", c)
    neo4j_store.replace_document("doc:a", "f", "a.md", GraphBatch())
    node = neo4j_store.get_node("county:141024")
    # what only doc:a said goes with it (issue 17); doc:b's value and provenance stay
    assert node is not None and node.props == {"code": "141024"}
    assert [(p.doc, p.sentence) for p in node.provenance] == [("doc:b", "s2")]


def test_batched_vector_queries_answer_as_one_query_per_vector(neo4j_store: Neo4jStore) -> None:
    """The duplicate pass's batched neighbour queries (VECTOR_QUERY_MANY) give,
    vector by vector and in order, what `vector_top` gives, across batch borders."""
    ids = [f"project:141024:b{i:04d}" for i in range(300)]
    vectors = _unit_vectors(len(ids), 16, seed=11)
    assert neo4j_store.sync_project_index(ids, ["w"] * len(ids), vectors, "m") == 300
    rows = vectors[:150]  # more than one batch of 64
    batched = neo4j_store.vector_top_many(rows, 6)
    assert batched is not None and len(batched) == len(rows)
    for vector, hits in zip(rows, batched, strict=True):
        single = neo4j_store.vector_top(vector, 6)
        assert single is not None
        assert [h[0] for h in hits] == [h[0] for h in single]
        assert np.allclose([h[1] for h in hits], [h[1] for h in single], atol=1e-6)
    assert batched[0][0][0] == ids[0]  # each vector is its own nearest neighbour
    assert neo4j_store.vector_top_many(rows[:3], 0) == [[], [], []]
