"""Builds the configured store. Backends are chosen by name so callers never
import a backend module (and `neo4j` stays optional for the embedded one)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from graph.store import GraphStore


class Backend(str, Enum):
    SQLITE = "sqlite"
    NEO4J = "neo4j"


def make_store(backend: Backend | str, *, home: Path, neo4j_uri: str = "bolt://127.0.0.1:7687",
               neo4j_user: str = "neo4j", neo4j_password: str = "", neo4j_database: str = "neo4j") -> GraphStore:
    """Open the store and make sure its schema exists."""
    backend = Backend(backend)
    store: GraphStore
    if backend is Backend.SQLITE:
        from graph.sqlite_store import SqliteStore

        store = SqliteStore(home / "planatlas.sqlite")
    else:
        from graph.neo4j_store import Neo4jStore

        store = Neo4jStore.connect(neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    store.ensure_schema()
    return store
