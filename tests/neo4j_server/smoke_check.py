"""Manual smoke check for the Neo4j test server (not collected by pytest).

    tests/neo4j_server/neo4j-test-server.sh start
    .venv/bin/python tests/neo4j_server/smoke_check.py [bolt://127.0.0.1:7687]
    tests/neo4j_server/neo4j-test-server.sh stop

Checks: dbms.components(), a uniqueness constraint, a 384-dim cosine vector index
(db.index.vector.queryNodes) and a whitespace-analyzer full-text index
(db.index.fulltext.queryNodes). Uses a throw-away label and cleans up after itself.
"""
import random
import sys
import time

from neo4j import GraphDatabase

URI = sys.argv[1] if len(sys.argv) > 1 else "bolt://127.0.0.1:7687"
DIMS = 384


def main() -> int:
    t0 = time.time()
    # Auth is disabled on the server: auth=None works (so do any basic credentials).
    with GraphDatabase.driver(URI, auth=None) as driver:
        driver.verify_connectivity()
        with driver.session(database="neo4j") as s:
            comp = s.run("CALL dbms.components() YIELD name, versions, edition "
                         "RETURN name, versions, edition").single()
            print(f"server: {comp['name']} {comp['versions'][0]} {comp['edition']}")

            s.run("CREATE CONSTRAINT smoke_id IF NOT EXISTS "
                  "FOR (n:SmokeProject) REQUIRE n.id IS UNIQUE").consume()
            s.run("CREATE VECTOR INDEX smoke_emb IF NOT EXISTS FOR (n:SmokeProject) ON (n.embedding) "
                  "OPTIONS {indexConfig: {`vector.dimensions`: 384, "
                  "`vector.similarity_function`: 'cosine'}}").consume()
            s.run("CREATE FULLTEXT INDEX smoke_text IF NOT EXISTS "
                  "FOR (n:SmokeProject) ON EACH [n.name, n.description] "
                  "OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}").consume()
            s.run("CALL db.awaitIndexes(60)").consume()

            rnd = random.Random(42)
            rows = [{"id": f"P{i}", "name": f"Harbour-{i} expansion",
                     "description": f"phase {i} dredging wharf",
                     "embedding": [rnd.uniform(-1, 1) for _ in range(DIMS)]}
                    for i in range(50)]
            s.run("UNWIND $rows AS r CREATE (n:SmokeProject) SET n = r", rows=rows).consume()

            try:
                s.run("CREATE (:SmokeProject {id: 'P1'})").consume()
                raise AssertionError("uniqueness constraint not enforced")
            except Exception as e:  # neo4j.exceptions.ConstraintError
                assert "ConstraintValidationFailed" in str(getattr(e, "code", "")), e
                print("constraint: enforced", e.code)

            top = s.run("CALL db.index.vector.queryNodes('smoke_emb', 3, $q) YIELD node, score "
                        "RETURN node.id AS id, score", q=rows[7]["embedding"]).data()
            print("vector top3:", top)
            assert top[0]["id"] == "P7" and top[0]["score"] > 0.999, top

            hits = s.run("CALL db.index.fulltext.queryNodes('smoke_text', $q) YIELD node, score "
                         "RETURN node.id AS id, score LIMIT 3", q="Harbour-12").data()
            print("fulltext 'Harbour-12':", hits)
            assert hits and hits[0]["id"] == "P12", hits

            s.run("MATCH (n:SmokeProject) DETACH DELETE n").consume()
            for stmt in ("DROP INDEX smoke_emb IF EXISTS", "DROP INDEX smoke_text IF EXISTS",
                         "DROP CONSTRAINT smoke_id IF EXISTS"):
                s.run(stmt).consume()
    print(f"OK ({time.time() - t0:.2f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
