"""Builds the configured store. Backends are chosen by name so callers never
import a backend module (and `neo4j` stays optional for the embedded one)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from graph.store import GraphStore
from ontology import Schema, load_schema


class Backend(StrEnum):
    SQLITE = "sqlite"
    NEO4J = "neo4j"


def make_store(backend: Backend | str, *, home: Path, neo4j_uri: str = "bolt://127.0.0.1:7687",
               neo4j_user: str = "neo4j", neo4j_password: str = "", neo4j_database: str = "neo4j",
               schema: Schema | None = None) -> GraphStore:
    """Open the store and make sure its schema exists. `schema` defaults to the
    bundled ontology."""
    backend = Backend(backend)
    schema = schema if schema is not None else load_schema()
    store: GraphStore
    if backend is Backend.SQLITE:
        from graph.sqlite_store import SqliteStore

        store = SqliteStore(home / "planatlas.sqlite", schema)
    else:
        from graph.neo4j_store import Neo4jStore

        store = Neo4jStore.connect(neo4j_uri, neo4j_user, neo4j_password, neo4j_database, schema=schema)
    try:
        store.ensure_schema()
    except BaseException:
        store.close()  # a half-made store would keep its file or connection open
        raise
    return store
