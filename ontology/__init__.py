"""The one schema and the gazetteer: what kinds of things the graph holds and
which places, blocks, chains and industries exist. Everything corpus-specific
lives in the YAML data here, never in code."""

from ontology.errors import InputError, PlanAtlasError, SchemaError, StoreError
from ontology.gazetteer import Gazetteer, load_gazetteer
from ontology.schema import Schema, load_schema

__all__ = [
    "Gazetteer",
    "InputError",
    "PlanAtlasError",
    "Schema",
    "SchemaError",
    "StoreError",
    "load_gazetteer",
    "load_schema",
]
