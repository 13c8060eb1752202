"""Loads `schema.yaml` into validated models. Both stores and the ingest
writer check every node label and relationship type against it, so nothing
outside the schema reaches SQL or Cypher (labels cannot be parameters there)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, model_validator

from ontology.errors import SchemaError

SCHEMA_PATH = Path(__file__).parent / "schema.yaml"
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


class LabelSpec(BaseModel):
    id_prefix: str
    properties: dict[str, str] = {}


class RelSpec(BaseModel):
    from_: list[str]
    to: list[str]

    @model_validator(mode="before")
    @classmethod
    def _rename_from(cls, data: Any) -> Any:
        if isinstance(data, dict) and "from" in data:
            data = {**data, "from_": data.pop("from")}
        return data


class SectionRole(BaseModel):
    words: list[str]
    label: str
    rel: str


class Schema(BaseModel):
    labels: dict[str, LabelSpec]
    relationships: dict[str, RelSpec]
    section_roles: list[SectionRole] = []

    @model_validator(mode="after")
    def _check_references(self) -> Schema:
        for name in [*self.labels, *self.relationships]:
            if not _IDENTIFIER.match(name):
                raise SchemaError(f"schema: {name!r} is not a plain identifier")
        for rel, spec in self.relationships.items():
            for label in [*spec.from_, *spec.to]:
                if label not in self.labels:
                    raise SchemaError(f"schema: relationship {rel} names undeclared label {label}")
        for role in self.section_roles:
            if role.label not in self.labels or role.rel not in self.relationships:
                raise SchemaError(f"schema: section role {role.words} names an undeclared type")
        return self

    def check_label(self, label: str) -> str:
        if label not in self.labels:
            raise SchemaError(f"unknown node label {label!r}")
        return label

    def check_rel(self, rel_type: str, src_label: str | None = None, dst_label: str | None = None) -> str:
        spec = self.relationships.get(rel_type)
        if spec is None:
            raise SchemaError(f"unknown relationship type {rel_type!r}")
        if src_label is not None and src_label not in spec.from_:
            raise SchemaError(f"{rel_type} may not start at {src_label}")
        if dst_label is not None and dst_label not in spec.to:
            raise SchemaError(f"{rel_type} may not end at {dst_label}")
        return rel_type

    def label_of_id(self, node_id: str) -> str:
        """Which label a node id belongs to, from its prefix."""
        for label, spec in self.labels.items():
            if node_id.startswith(spec.id_prefix):
                return label
        raise SchemaError(f"node id {node_id!r} has no known label prefix")


@lru_cache(maxsize=1)
def load_schema(path: Path = SCHEMA_PATH) -> Schema:
    with open(path, encoding="utf-8") as fh:
        return Schema.model_validate(yaml.safe_load(fh))
