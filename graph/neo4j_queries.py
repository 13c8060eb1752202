"""Every Cypher statement the Neo4j store runs, in one place.

Values always travel as parameters. Labels and relationship types cannot be
parameters in Cypher, so the functions that place one in query text take the
store's schema and first check the name against it (`label()` / `rel()`),
and only then quote it.
Internal labels start with `_`, which no ontology label may (the schema only
accepts identifiers starting with a letter), so "everything not starting with
an underscore" is exactly the user graph.

How the graph is laid out:
- every ontology node has exactly its ontology label and an `id` property; its
  user properties sit beside `_prov` (one JSON string per provenance entry)
  and `_prov_docs` (the document of each entry, same positions), so a
  document's entries can be dropped with a list comprehension;
- relationships carry user properties plus the same `_prov` / `_prov_docs`;
- `_PlanAtlasDocument` nodes hold document records and the ids of every node
  and relationship the document vouches for, so removing a document's facts
  is an indexed lookup rather than a scan;
- `_PlanAtlasEmbedding` nodes are the embedding cache;
- `_PlanAtlasProjectIndex` nodes hold each project's search text and vector,
  indexed by a full-text and a vector index;
- one `_PlanAtlasChanges` node counts the document writes and deletes since it
  was created (`epoch`, random), so any process can tell in one lookup whether
  the graph changed since it built its search index."""

from __future__ import annotations

from ontology import Schema

DOCUMENT = "_PlanAtlasDocument"
EMBEDDING = "_PlanAtlasEmbedding"
PROJECT_INDEX = "_PlanAtlasProjectIndex"
CHANGES = "_PlanAtlasChanges"
VECTOR_INDEX = "planatlas_project_vectors"
FULLTEXT_INDEX = "planatlas_project_text"


DOC_SEP = "|~|"  # between a document id and what it said about a node, in `_docprops`
# Document writes keep the plan they were first given. Each reaches the graph
# only through uniqueness-index seeks on ids, held to them by `USING INDEX`
# hints (`by_id`), so its plan does not depend on how many nodes there are;
# without this, a bulk load that grows the graph tenfold makes Neo4j throw
# away and re-plan every statement (its statistics "diverged"), which cost
# about a tenth of the server's time in a 10k ingest.
FIXED_PLAN = "CYPHER replan=skip "


def label(schema: Schema, name: str) -> str:
    """An ontology label, checked and back-quoted for query text."""
    return f"`{schema.check_label(name)}`"


def rel(schema: Schema, name: str) -> str:
    """An ontology relationship type, checked and back-quoted for query text."""
    return f"`{schema.check_rel(name)}`"


# -- schema -----------------------------------------------------------------

def node_id_constraint(schema: Schema, name: str) -> str:
    return (f"CREATE CONSTRAINT planatlas_{name.lower()}_id IF NOT EXISTS "
            f"FOR (n:{label(schema, name)}) REQUIRE n.id IS UNIQUE")


INTERNAL_CONSTRAINTS = [
    f"CREATE CONSTRAINT planatlas_document_id IF NOT EXISTS FOR (d:{DOCUMENT}) REQUIRE d.id IS UNIQUE",
    f"CREATE CONSTRAINT planatlas_embedding_key IF NOT EXISTS FOR (e:{EMBEDDING}) "
    "REQUIRE (e.model, e.key) IS UNIQUE",
    f"CREATE CONSTRAINT planatlas_project_index_id IF NOT EXISTS FOR (p:{PROJECT_INDEX}) REQUIRE p.id IS UNIQUE",
    f"CREATE CONSTRAINT planatlas_changes_id IF NOT EXISTS FOR (c:{CHANGES}) REQUIRE c.id IS UNIQUE",
]

# jieba segments Chinese far better than Lucene's analyzers, so the indexed
# text is already segmented and space-joined: the whitespace analyzer keeps it.
CREATE_FULLTEXT_INDEX = (
    f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (p:{PROJECT_INDEX}) ON EACH [p.search_text] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}}")

# Quantisation is off so scores (and therefore rankings) equal the exact
# float32 cosine the embedded store computes.
CREATE_VECTOR_INDEX = (
    f"CREATE VECTOR INDEX {VECTOR_INDEX} IF NOT EXISTS FOR (p:{PROJECT_INDEX}) ON p.embedding "
    "OPTIONS {indexConfig: {`vector.dimensions`: $dim, `vector.similarity_function`: 'cosine', "
    "`vector.quantization.enabled`: false}}")
VECTOR_INDEX_DIMENSIONS = (
    "SHOW VECTOR INDEXES YIELD name, options WHERE name = $name "
    "RETURN options.indexConfig['vector.dimensions'] AS dim")
DROP_VECTOR_INDEX = f"DROP INDEX {VECTOR_INDEX} IF EXISTS"
AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"
SERVER_VERSION = "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition"

# -- document writes ----------------------------------------------------------

DOCUMENT_FACTS = (
    f"{FIXED_PLAN}MATCH (d:{DOCUMENT} {{id: $doc}}) "
    "RETURN d.nodes AS nodes, d.edge_src AS edge_src, d.edge_type AS edge_type, d.edge_dst AS edge_dst")


def by_id(schema: Schema, var: str, name: str, key: str) -> str:
    """MATCH one node of a label by id, always through the label's uniqueness
    index (the hint keeps a plan made on a near-empty graph from scanning)."""
    return f"MATCH ({var}:{label(schema, name)} {{id: {key}}}) USING INDEX {var}:{label(schema, name)}(id) "


def existing_ids(schema: Schema, name: str) -> str:
    """Which of `$ids` exist with this label: one uniqueness-index seek each."""
    return f"{FIXED_PLAN}UNWIND $ids AS id {by_id(schema, 'n', name, 'id')}RETURN id"


def unprove_edges(schema: Schema, rel_type: str, src_label: str, dst_label: str) -> str:
    """Drop `$doc`'s provenance from these relationships; delete those left unvouched."""
    return (
        f"{FIXED_PLAN}UNWIND $rows AS row "
        f"{by_id(schema, 'a', src_label, 'row.src')}{by_id(schema, 'b', dst_label, 'row.dst')}"
        f"MATCH (a)-[r:{rel(schema, rel_type)}]->(b) "
        "WITH r, [i IN range(0, size(r._prov_docs) - 1) WHERE r._prov_docs[i] <> $doc] AS keep "
        "SET r._prov = [i IN keep | r._prov[i]], r._prov_docs = [i IN keep | r._prov_docs[i]] "
        "WITH r WHERE size(r._prov) = 0 "
        "DELETE r "
        "RETURN count(*) AS removed")


def unprove_nodes(schema: Schema, name: str) -> str:
    """Drop `$doc`'s provenance from these nodes; delete those nobody vouches
    for and no relationship touches any more."""
    return (
        f"{FIXED_PLAN}UNWIND $ids AS id "
        f"{by_id(schema, 'n', name, 'id')}"
        "WITH n, [i IN range(0, size(n._prov_docs) - 1) WHERE n._prov_docs[i] <> $doc] AS keep "
        "SET n._prov = [i IN keep | n._prov[i]], n._prov_docs = [i IN keep | n._prov_docs[i]], "
        f"n._docprops = [x IN coalesce(n._docprops, []) WHERE NOT x STARTS WITH $doc + '{DOC_SEP}'] "
        "WITH n WHERE size(n._prov) = 0 AND NOT (n)--() "
        "DELETE n "
        "RETURN count(*) AS removed")


def merge_nodes(schema: Schema, name: str) -> str:
    """Upsert nodes of one label: properties patched, provenance appended."""
    return (
        f"{FIXED_PLAN}UNWIND $rows AS row "
        f"MERGE (n:{label(schema, name)} {{id: row.id}}) "
        "SET n += row.props, "
        "n._prov = coalesce(n._prov, []) + row.prov, "
        "n._prov_docs = coalesce(n._prov_docs, []) + [p IN row.prov | $doc], "
        f"n._docprops = [x IN coalesce(n._docprops, []) WHERE NOT x STARTS WITH $doc + '{DOC_SEP}'] "
        f"+ [$doc + '{DOC_SEP}' + row.said]")


def create_nodes(schema: Schema, name: str) -> str:
    """Create nodes of one label that are not in the store yet, each with
    its whole property map (id, user properties, provenance) in one SET."""
    return f"{FIXED_PLAN}UNWIND $rows AS row CREATE (n:{label(schema, name)}) SET n = row.props"


def doc_props(schema: Schema, name: str) -> str:
    """What each document still vouching for these nodes said (`doc<SEP>json`, in
    write order), for the nodes that keep such a record, and their property keys."""
    return (
        f"{FIXED_PLAN}UNWIND $ids AS id "
        f"{by_id(schema, 'n', name, 'id')}WHERE size(coalesce(n._docprops, [])) > 0 "
        "RETURN n.id AS id, n._docprops AS said, keys(n) AS keys")


def set_props(schema: Schema, name: str) -> str:
    """Patch nodes' properties (a null value removes the property)."""
    return (
        f"{FIXED_PLAN}UNWIND $rows AS row "
        f"{by_id(schema, 'n', name, 'row.id')}"
        "SET n += row.props")


def merge_edges(schema: Schema, rel_type: str, src_label: str, dst_label: str) -> str:
    """Upsert relationships of one type between two labels; returns how many
    rows found both endpoints, so a vanished endpoint fails the write."""
    return (
        f"{FIXED_PLAN}UNWIND $rows AS row "
        f"{by_id(schema, 'a', src_label, 'row.src')}{by_id(schema, 'b', dst_label, 'row.dst')}"
        f"MERGE (a)-[r:{rel(schema, rel_type)}]->(b) "
        "SET r += row.props, "
        "r._prov = coalesce(r._prov, []) + row.prov, "
        "r._prov_docs = coalesce(r._prov_docs, []) + [p IN row.prov | $doc] "
        "RETURN count(r) AS written")


def create_edges(schema: Schema, rel_type: str, src_label: str, dst_label: str, shared: str) -> str:
    """Create relationships that cannot exist yet (one endpoint is new in
    this transaction), each with its whole property map. Rows come grouped
    by the endpoint on the `shared` side ("src" or "dst": the side with
    fewer distinct nodes, e.g. the county of 600 projects), so that node is
    looked up once per group rather than once per row. Returns how many
    rows found both endpoints, as `merge_edges` does."""
    one, many = ("a", "b") if shared == "src" else ("b", "a")
    labels = {"a": src_label, "b": dst_label}
    return (
        f"{FIXED_PLAN}UNWIND $groups AS g "
        f"{by_id(schema, one, labels[one], 'g.key')}"
        "UNWIND g.rows AS row "
        f"{by_id(schema, many, labels[many], 'row.id')}"
        f"CREATE (a)-[r:{rel(schema, rel_type)}]->(b) "
        "SET r = row.props "
        "RETURN count(r) AS written")


UPSERT_DOCUMENT = (
    f"{FIXED_PLAN}MERGE (d:{DOCUMENT} {{id: $doc}}) "
    "SET d.fingerprint = $fingerprint, d.path = $path, d.ingested_at = $ingested_at, "
    "d.nodes = $nodes, d.edge_src = $edge_src, d.edge_type = $edge_type, d.edge_dst = $edge_dst")
DELETE_DOCUMENT = f"MATCH (d:{DOCUMENT} {{id: $doc}}) DELETE d"
# The first statement of every document write or delete. The write lock is
# taken (`_lock`) before the count is read, so two writers never both read the
# same count (a lost update would hide one write from readers); writers of
# documents queue here for the rest of their transaction.
COUNT_CHANGE = (
    f"{FIXED_PLAN}MERGE (c:{CHANGES} {{id: 'graph'}}) ON CREATE SET c.epoch = randomUUID(), c.count = 0 "
    "SET c._lock = true WITH c SET c.count = c.count + 1 REMOVE c._lock")
CHANGE_STATE = f"MATCH (c:{CHANGES} {{id: 'graph'}}) RETURN c.epoch AS epoch, c.count AS count"

# -- reads --------------------------------------------------------------------

_DOC_FIELDS = "d.id AS id, d.fingerprint AS fingerprint, d.path AS path, d.ingested_at AS ingested_at"
GET_DOCUMENT = f"MATCH (d:{DOCUMENT} {{id: $doc}}) RETURN {_DOC_FIELDS}"
ALL_DOCUMENTS = f"MATCH (d:{DOCUMENT}) RETURN {_DOC_FIELDS} ORDER BY d.id"

# The one ontology label of a node (internal labels start with `_`).
_LABEL_OF = "[l IN labels({v}) WHERE NOT l STARTS WITH '_'][0]"


def get_nodes(schema: Schema, name: str) -> str:
    """Those of `$ids` that exist with this label, one index seek each."""
    return f"UNWIND $ids AS id MATCH (n:{label(schema, name)} {{id: id}}) RETURN n.id AS id, properties(n) AS props"


def find_nodes(schema: Schema, name: str, keys: int) -> str:
    """Nodes of a label whose `$keys[i]` property equals `$values[i]`; property
    names are dynamic lookups (`n[key]`), so they never enter the query text."""
    where = " AND ".join(f"n[$keys[{i}]] = $values[{i}]" for i in range(keys)) or "true"
    return f"MATCH (n:{label(schema, name)}) WHERE {where} RETURN n.id AS id, properties(n) AS props ORDER BY n.id"


def neighbours(schema: Schema, name: str, direction: str) -> str:
    """Relationships leaving (`out`) or entering (`in`) each node of `$ids`
    (one label), with the node at the other end, ordered by node, then type,
    then the other node's id."""
    pattern = "(a)-[r]->(b)" if direction == "out" else "(a)<-[r]-(b)"
    return (
        f"UNWIND $ids AS of MATCH (a:{label(schema, name)} {{id: of}}) MATCH {pattern} "
        "WHERE size($types) = 0 OR type(r) IN $types "
        "RETURN of, startNode(r).id AS src, type(r) AS type, endNode(r).id AS dst, properties(r) AS rprops, "
        f"b.id AS id, {_LABEL_OF.format(v='b')} AS label, properties(b) AS props "
        "ORDER BY of, type, id")


def count_label(schema: Schema, name: str) -> str:
    return f"MATCH (n:{label(schema, name)}) RETURN count(n) AS n"


def count_type(schema: Schema, name: str) -> str:
    return f"MATCH ()-[r:{rel(schema, name)}]->() RETURN count(r) AS n"


ALL_NODES = (
    "MATCH (n) WHERE NOT any(l IN labels(n) WHERE l STARTS WITH '_') "
    f"RETURN n.id AS id, {_LABEL_OF.format(v='n')} AS label, properties(n) AS props ORDER BY n.id")
ALL_EDGES = (
    "MATCH (a)-[r]->(b) "
    "RETURN a.id AS src, type(r) AS type, b.id AS dst, properties(r) AS props ORDER BY src, type, dst")

# -- embedding cache ----------------------------------------------------------

CACHED_EMBEDDINGS = (
    f"UNWIND $keys AS key MATCH (e:{EMBEDDING} {{model: $model, key: key}}) RETURN e.key AS key, e.vector AS vector")
CACHE_EMBEDDINGS = (
    f"UNWIND $rows AS row MERGE (e:{EMBEDDING} {{model: $model, key: row.key}}) SET e.vector = row.vector")

# -- native project search ----------------------------------------------------

PROJECT_INDEX_STATE = f"MATCH (p:{PROJECT_INDEX}) RETURN p.id AS id, p.hash AS hash"
UPSERT_PROJECT_INDEX = (
    f"UNWIND $rows AS row MERGE (p:{PROJECT_INDEX} {{id: row.id}}) "
    "SET p.hash = row.hash, p.search_text = row.text, p.embedding = row.embedding")
DELETE_PROJECT_INDEX = f"UNWIND $ids AS id MATCH (p:{PROJECT_INDEX} {{id: id}}) DELETE p"
# Cosine scores come back normalised to [0, 1] as (1 + cos) / 2.
VECTOR_QUERY = (
    "CALL db.index.vector.queryNodes($index, $k, $vector) YIELD node, score "
    "RETURN node.id AS id, score")
VECTOR_QUERY_MANY = (  # the k best of `candidates` HNSW neighbours per vector, one round trip for many
    "UNWIND range(0, size($vectors) - 1) AS i "
    "CALL db.index.vector.queryNodes($index, $candidates, $vectors[i]) YIELD node, score "
    "WITH i, node.id AS id, score ORDER BY i, score DESC "
    "WITH i, collect({id: id, score: score})[..$k] AS hits "
    "RETURN i, hits ORDER BY i")
VECTOR_EXACT = (
    f"UNWIND $ids AS id MATCH (p:{PROJECT_INDEX} {{id: id}}) WHERE p.embedding IS NOT NULL "
    "WITH p, vector.similarity.cosine(p.embedding, $vector) AS score "
    "RETURN p.id AS id, score ORDER BY score DESC, id LIMIT $k")
FULLTEXT_QUERY = (
    "CALL db.index.fulltext.queryNodes($index, $query, {limit: $k}) YIELD node, score "
    "RETURN node.id AS id, score")
