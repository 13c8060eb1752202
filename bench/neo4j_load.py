"""How much batching buys when loading Neo4j.

Loads the bundled corpus (data/docs) N times (50 by default) into Neo4j, each
copy under its own document ids and its own node ids (gazetteer places,
chains and industries stay shared, as they would be), through
`Neo4jStore.replace_document` -- one transaction per document -- twice:

- `unwind`: rows sent as `UNWIND $rows ... MERGE` in batches of 1000;
- `per_row`: the same store with a batch size of 1, i.e. one MERGE (and one
  validation lookup) per node or relationship.

Prints one JSON object: rows written, seconds and rows/s per mode, and the
ratio. Rows are nodes plus relationships. The database is emptied before each
mode, so the script refuses to run on a non-empty database unless --clear.

    bash tests/neo4j_server/neo4j-test-server.sh start
    .venv/bin/python bench/neo4j_load.py --clear [--copies 50] [--uri bolt://127.0.0.1:7687]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from graph.factory import make_store
from graph.models import GraphBatch
from graph.neo4j_store import Neo4jStore
from graph.transfer import split_by_document
from ingest.pipeline import Ingestor
from ingest.seed import GAZETTEER_DOC

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "data" / "docs"


def corpus_batches() -> tuple[GraphBatch, dict[str, GraphBatch], dict[str, str]]:
    """The gazetteer's batch, each corpus document's batch (exactly what
    ingesting writes, read back from a scratch SQLite store), and the
    fingerprint of each document."""
    with tempfile.TemporaryDirectory() as home, make_store("sqlite", home=Path(home)) as scratch:
        report = Ingestor(scratch).ingest([DOCS])
        if report.failed:
            raise SystemExit(f"corpus failed to ingest: {[f.error for f in report.failed]}")
        documents = scratch.documents()
        batches, _ = split_by_document(documents, list(scratch.iter_nodes(with_provenance=True)),
                                       list(scratch.iter_edges(with_provenance=True)))
    gazetteer = batches.pop(GAZETTEER_DOC)
    fingerprints = {d.id: d.fingerprint for d in documents}
    return gazetteer, batches, fingerprints


def copy_batch(batch: GraphBatch, copy: int, shared: set[str]) -> GraphBatch:
    """The batch as copy number `copy`: ids of the document's own nodes get a
    suffix (so the prefix, and with it the label, is kept)."""
    def rename(node_id: str) -> str:
        return node_id if node_id in shared else f"{node_id}~{copy}"

    out = GraphBatch()
    for node in batch.nodes.values():
        out.add_node(node.model_copy(deep=True, update={"id": rename(node.id)}))
    for edge in batch.edges.values():
        out.add_edge(edge.model_copy(deep=True, update={"src": rename(edge.src), "dst": rename(edge.dst)}))
    return out


CLEAR_CHUNK = 5000


def clear(store: Neo4jStore) -> None:
    """Empty the database in chunks (a single transaction would hold every row): relationships first,
    then nodes, since a chunk of nodes that takes its relationships along holds a county's thousands
    of them (at 100k projects that overran the server's transaction memory on a 2 GB heap)."""
    with store._driver.session(database=store.database) as session:  # noqa: SLF001 - a bench may reach in
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF $n ROWS", n=CLEAR_CHUNK).consume()
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $n ROWS", n=CLEAR_CHUNK).consume()


def load(uri: str, batch_size: int, copies: int, gazetteer: GraphBatch, batches: dict[str, GraphBatch],
         fingerprints: dict[str, str]) -> dict[str, Any]:
    """Write `copies` copies of the corpus; time only the corpus documents."""
    store = Neo4jStore.connect(uri, "neo4j", "", "neo4j", batch_size=batch_size)
    try:
        clear(store)
        store.ensure_schema()
        store.replace_document(GAZETTEER_DOC, fingerprints[GAZETTEER_DOC], "ontology/data",
                               copy_batch(gazetteer, 0, set(gazetteer.nodes)))
        shared = set(gazetteer.nodes)
        # Texts first: project lists link to the tasks of their copy of the guidance.
        order = sorted(batches, key=lambda d: (not any(n.label == "Task" for n in batches[d].nodes.values()), d))
        rows = 0
        seconds = 0.0
        for copy in range(copies):
            for doc in order:
                batch = copy_batch(batches[doc], copy, shared)
                started = time.perf_counter()
                store.replace_document(f"{doc}~{copy}", fingerprints[doc], f"copy-{copy}/{doc}", batch)
                seconds += time.perf_counter() - started
                rows += len(batch.nodes) + len(batch.edges)
            progress = f"  batch {batch_size}: copy {copy + 1}/{copies}, {rows} rows, {seconds:.1f}s"
            print(progress, file=sys.stderr)  # noqa: T201 - progress of a command-line script
        counts = store.counts()
    finally:
        store.close()
    return {"batch_size": batch_size, "copies": copies, "rows": rows, "seconds": round(seconds, 2),
            "rows_per_s": round(rows / seconds, 1), "nodes_in_db": counts.nodes, "edges_in_db": counts.edges}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--uri", default="bolt://127.0.0.1:7687")
    parser.add_argument("--copies", type=int, default=50, help="copies of the corpus (default 50)")
    parser.add_argument("--row-copies", type=int, help="copies for the per-row mode (default: --copies)")
    parser.add_argument("--clear", action="store_true", help="allow emptying a non-empty database")
    args = parser.parse_args()

    probe = Neo4jStore.connect(args.uri, "neo4j", "", "neo4j")
    try:
        version = probe.server_version()
        if not args.clear and (probe.counts().nodes or probe.documents()):
            print(f"{args.uri} holds data; pass --clear to let this benchmark empty it", file=sys.stderr)  # noqa: T201
            return 2
    finally:
        probe.close()

    gazetteer, batches, fingerprints = corpus_batches()
    unwind = load(args.uri, 1000, args.copies, gazetteer, batches, fingerprints)
    per_row = load(args.uri, 1, args.row_copies or args.copies, gazetteer, batches, fingerprints)
    result = {"server": version, "documents_per_copy": len(batches), "rows_per_copy": unwind["rows"] // args.copies,
              "unwind": unwind, "per_row": per_row,
              "ratio": round(unwind["rows_per_s"] / per_row["rows_per_s"], 1)}
    print(json.dumps(result, indent=2))  # noqa: T201 - the result
    return 0


if __name__ == "__main__":
    sys.exit(main())
