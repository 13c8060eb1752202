"""The one schema and the gazetteer: what kinds of things the graph holds and
which places, blocks, chains and industries exist. Everything corpus-specific
lives in the YAML data here, never in code."""

from ontology.errors import InputError, NotFound, PlanAtlasError, SchemaError, StoreError, StoreUnavailable
from ontology.gazetteer import Gazetteer, load_gazetteer
from ontology.schema import Schema, load_schema

__all__ = [
    "Gazetteer",
    "InputError",
    "NotFound",
    "PlanAtlasError",
    "Schema",
    "SchemaError",
    "StoreError",
    "StoreUnavailable",
    "load_gazetteer",
    "load_schema",
]
