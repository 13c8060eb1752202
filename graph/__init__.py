"""Graph storage: one `GraphStore` interface, an embedded SQLite default and a
Neo4j backend, both fed the same neutral `GraphBatch` payloads."""

from graph.factory import Backend, make_store
from graph.models import Edge, GraphBatch, Node, Provenance, WriteSummary
from graph.store import GraphStore

__all__ = ["Backend", "Edge", "GraphBatch", "GraphStore", "Node", "Provenance", "WriteSummary", "make_store"]
