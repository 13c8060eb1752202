"""PROFILE every Cypher statement the Neo4j store runs, on a loaded database.

    .venv/bin/python -m bench.neo4j_profile --uri bolt://127.0.0.1:7715 --clear [--size 2000] [--label after]

Empties the database, ingests the bundled policy texts and `--size`
generated projects, then runs the store's own operations with every
statement prefixed by PROFILE (the query still runs and returns its rows):
re-ingesting one list (drop the document's facts, write them again),
deleting it, ingesting it fresh, caching and reading vectors, and every
read of the GraphStore contract. Per statement it keeps the calls, the
rows sent in (UNWIND), the plan's operators and the database hits.

Each run is saved as var/bench/neo4j_profile-<label>.json; the section of
docs/benchmarks.md shows the `after` run next to the `before` run when one
is there (run this script with PYTHONPATH pointing at an older checkout's
graph/ to make one)."""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

import graph.neo4j_store as ns
from bench.context import policy_files
from bench.generate import generate
from bench.machine import loadavg
from bench.neo4j_load import clear
from bench.sections import ran, save_run
from ingest.pipeline import Ingestor
from ontology import load_gazetteer

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- bench/neo4j_profile.py:begin -->", "<!-- bench/neo4j_profile.py:end -->"
BATCHED = ("rows", "ids", "keys")  # the parameters an UNWIND walks
ACCESS = ("Seek", "Scan", "CountStore", "Expand", "Merge", "Create", "Delete")  # how a plan reaches its data
SCANS = ("AllNodesScan", "NodeByLabelScan", "DirectedAllRelationshipsScan", "UndirectedAllRelationshipsScan",
         "DirectedRelationshipTypeScan", "UndirectedRelationshipTypeScan")


def _operators(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("children", []):
        yield from _operators(child)


def shape(query: str) -> str:
    """A statement with its labels kept and its long parts cut: the table's key."""
    text = re.sub(r"\s+", " ", query).strip()
    text = re.sub(r"CALL \(id\) \{.*\} RETURN", "CALL (id) { MATCH under each label … } RETURN", text)
    text = re.sub(r"^MATCH (\(n:|\(\)-\[r:)`\w+`", r"MATCH \1<each label or type>", text)  # `counts`: one row
    return text if len(text) <= 110 else text[:107] + "…"


class Recorder:
    """Profiles of the statements run while `on`, by statement shape."""

    def __init__(self) -> None:
        self.on = False
        self.by_query: dict[str, dict[str, Any]] = {}

    def record(self, query: str, params: dict[str, Any] | None, profile: dict[str, Any] | None) -> None:
        if profile is None:
            return
        ops = list(_operators(profile))
        entry = self.by_query.setdefault(shape(query), {"calls": 0, "rows_in": 0, "db_hits": 0, "operators": []})
        entry["calls"] += 1
        entry["rows_in"] += sum(len(v) for k, v in (params or {}).items() if k in BATCHED)
        entry["rows_in"] += sum(len(g["rows"]) for g in (params or {}).get("groups", []))  # rows grouped by endpoint
        entry["db_hits"] += sum(int(op.get("dbHits", 0)) for op in ops)
        for op in ops:
            name = str(op.get("operatorType", "?")).split("@")[0]
            if name not in entry["operators"]:
                entry["operators"].append(name)

    @contextmanager
    def profiling(self) -> Iterator[None]:
        self.on = True
        try:
            yield
        finally:
            self.on = False

    def wrap(self) -> None:
        """Every statement of the store through PROFILE while on."""
        def rows(tx: Any, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
            if not self.on:
                return plain_rows(tx, query, params)
            result = tx.run("PROFILE " + query, params or {})
            out = [dict(record) for record in result]
            self.record(query, params, result.consume().profile)
            return out

        def run(tx: Any, query: str, params: dict[str, Any] | None = None) -> None:
            if not self.on:
                plain_run(tx, query, params)
                return
            self.record(query, params, tx.run("PROFILE " + query, params or {}).consume().profile)

        def start(tx: Any, query: str, params: dict[str, Any]) -> Any:
            if not self.on:
                return plain_start(tx, query, params)
            result = tx.run("PROFILE " + query, params)
            records = list(result)
            self.record(query, params, result.consume().profile)
            return _Read(records)

        plain_rows, plain_run, plain_start = ns._rows, ns._run, ns._start  # noqa: SLF001 - a bench may reach in
        ns._rows, ns._run, ns._start = rows, run, start  # type: ignore[assignment]  # noqa: SLF001


class _Read:
    """A profiled statement's records, read at once, standing in for the driver's `Result`."""

    def __init__(self, records: list[Any]) -> None:
        self.records = records

    def single(self, strict: bool = False) -> Any:
        assert len(self.records) == 1 or not strict
        return self.records[0] if self.records else None

    def consume(self) -> None:
        return None


def operations(store: ns.Neo4jStore, list_file: Path, gaz: Any) -> dict[str, Callable[[], Any]]:
    """What the store does for ingest and for the read models, on real data."""
    projects = [n.id for n in store.find_nodes("Project")][:500]
    county = next(n.id for n in store.find_nodes("County"))
    vectors = {f"k{i}": np.ones(384, dtype=np.float32).tobytes() for i in range(500)}
    ops: dict[str, Callable[[], Any]] = {
        "re-ingest one list (replace_document)": lambda: Ingestor(store, gaz).ingest([list_file], force=True),
        "delete it (delete_document)": lambda: store.delete_document(
            next(d.id for d in store.documents() if d.path.endswith(list_file.name))),
        "ingest it fresh": lambda: Ingestor(store, gaz).ingest([list_file]),
        "cache_embeddings": lambda: store.cache_embeddings("bench", vectors),
        "cached_embeddings": lambda: store.cached_embeddings("bench", list(vectors)),
        "documents / document": lambda: [store.document(d.id) for d in store.documents()[:1]],
        "get_nodes": lambda: store.get_nodes(projects),
        "values_by_document": lambda: store.values_by_document(projects),
        "neighbours": lambda: store.neighbours(county),
        "find_nodes": lambda: store.find_nodes("Task"),
        "counts": store.counts,
        "iter_nodes / iter_edges": lambda: (list(store.iter_nodes()), list(store.iter_edges())),
    }
    return ops


def run(uri: str, size: int, work: Path) -> dict[str, Any]:
    gaz = load_gazetteer()
    data = generate(size, work / "data", gaz=gaz)
    recorder = Recorder()
    recorder.wrap()
    store = ns.Neo4jStore.connect(uri, "neo4j", "", "neo4j")
    try:
        clear(store)
        store.ensure_schema()
        ingestor = Ingestor(store, gaz)
        ingestor.ingest(policy_files())
        ingestor.ingest(data.files)
        seconds = {}
        for name, op in operations(store, data.files[0], gaz).items():
            start = time.perf_counter()
            with recorder.profiling():
                op()
            seconds[name] = round(time.perf_counter() - start, 3)
        if "_version" in vars(ns.Neo4jStore):  # the change counter (code before issue 15 had none)
            from graph import neo4j_queries as q

            with store._session() as session:  # noqa: SLF001
                result = session.run("PROFILE " + q.CHANGE_STATE)
                recorder.record(q.CHANGE_STATE, None, result.consume().profile)
        server = store.server_version()
    finally:
        store.close()
    return {"size": size, "server": server, "operations_s": seconds, "queries": recorder.by_query}


def markdown(r: dict[str, Any], before: dict[str, Any] | None) -> str:
    old = (before or {}).get("queries", {})
    lines = [BEGIN, "## Neo4j: every statement profiled (bench/neo4j_profile.py)", "",
             f"{ran(r)} with `python -m bench.neo4j_profile --size {r['size']} --clear` ({r['seconds']} s), "
             f"{r['server']}: {r['size']:,} generated projects loaded, then the store's operations with every "
             "statement under PROFILE. Db hits are summed over the calls; a statement whose plan holds a scan "
             "is marked. " + ("The `before` column is the same script on an earlier checkout "
                              f"(run {before['when']}); statements it lacks are new or changed."
                              if before else "No `before` run is saved."), "",
             "| statement | calls | rows sent | how the plan reaches data | db hits | db hits before |", "|---|---|---|---|---|---|"]
    for query, e in sorted(r["queries"].items(), key=lambda kv: -kv[1]["db_hits"]):
        scan = [op for op in e["operators"] if op in SCANS]
        access = [op for op in e["operators"] if any(word in op for word in ACCESS)]
        ops = ", ".join(access) + (" **(scan)**" if scan else "")
        was = old.get(query, {}).get("db_hits")
        lines.append(f"| `{query.replace('|', '∣')}` | {e['calls']} | {e['rows_in']:,} | {ops} | {e['db_hits']:,} | "
                     f"{'–' if was is None else f'{was:,}'} |")
    gone = [(q, e) for q, e in old.items() if q not in r["queries"]]
    for query, e in sorted(gone, key=lambda kv: -kv[1]["db_hits"]):
        lines.append(f"| `{query.replace('|', '∣')}` (before only) | {e['calls']} | {e['rows_in']:,} | "
                     f"{', '.join(op for op in e['operators'] if any(w in op for w in ACCESS))} | – | "
                     f"{e['db_hits']:,} |")
    return "\n".join([*lines, END])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="PROFILE every statement of the Neo4j store")
    p.add_argument("--uri", default="bolt://127.0.0.1:7687")
    p.add_argument("--size", type=int, default=2000)
    p.add_argument("--label", default="after", help="after | before: which saved run this is")
    p.add_argument("--clear", action="store_true", help="allow emptying the database at --uri")
    p.add_argument("--report", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = p.parse_args(argv)
    if not args.clear:
        p.error(f"this script empties the database at {args.uri}: pass --clear")
    start, load_start = time.perf_counter(), loadavg()
    with tempfile.TemporaryDirectory(prefix="planatlas-neo4j-profile-") as work:
        result = run(args.uri, args.size, Path(work))
    saved = ROOT / "var" / "bench"
    before_path = saved / "neo4j_profile-before.json"
    before = json.loads(before_path.read_text(encoding="utf-8")) if before_path.exists() and args.label != "before" \
        else None
    save_run(result, start, load_start, saved / f"neo4j_profile-{args.label}.json", args.report,
             lambda r: markdown(r, before))
    return 0


if __name__ == "__main__":
    sys.exit(main())
