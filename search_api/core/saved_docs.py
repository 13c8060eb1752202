"""The indexed projects as one msgpack file of columns, for the saved index
(index_files.py).

At 100k projects the JSON list of one object per project it replaces took
~6 s of a server's start: ~2 s to parse 135 MB, ~4 s to build 200k pydantic
task and industry references. Here each field is one list (the projects'
names, then their contents, ...), which msgpack reads several times faster
than JSON objects; the search words are one string per project, as the store
keeps them; and the fields with few distinct values (the place, the task
reference, the standard industry) are stored once per distinct value and
referenced by number, so the loaded projects share one object per value.
Those shared objects are never changed in place (nothing in the service
does). The file names the fingerprint it was written under; a reader checks
it, so a file left from another build is never taken for this one. msgpack
reads plain values only: no code runs on load (no pickle)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import msgpack

from search_api.core.catalog import ProjectDoc
from search_api.core.models import StandardIndustryRef, TaskRef

DOCS_FILE = "docs.msgpack"
FIELDS = tuple(f.name for f in dataclasses.fields(ProjectDoc))  # the constructor's order
SHARED = ("place", "task_ref", "standard_industry")  # few distinct values: stored once, referenced by number
WORDS = "tokens"  # written joined by spaces, split on load
_MODELS: dict[str, type[TaskRef] | type[StandardIndustryRef]] = {"task_ref": TaskRef,
                                                                 "standard_industry": StandardIndustryRef}


class StaleFile(ValueError):
    """A saved file written under another fingerprint (or not by us)."""


def _plain(name: str, value: Any) -> Any:
    if name in _MODELS:
        return value.model_dump() if value is not None else None
    return value


def _distinct(values: list[Any]) -> tuple[list[Any], list[int]]:
    """Each distinct value once, and the number of each project's value."""
    seen: dict[str, int] = {}
    distinct: list[Any] = []
    numbers = []
    for value in values:
        key = json.dumps(value, sort_keys=True, ensure_ascii=False)
        if key not in seen:
            seen[key] = len(distinct)
            distinct.append(value)
        numbers.append(seen[key])
    return distinct, numbers


def write_docs(folder: Path, docs: list[ProjectDoc], fingerprint: str) -> None:
    columns: dict[str, Any] = {}
    for name in FIELDS:
        values = [_plain(name, getattr(d, name)) for d in docs]
        if name == WORDS:
            columns[name] = [" ".join(v) for v in values]
        elif name in SHARED:
            distinct, numbers = _distinct(values)
            columns[name] = {"distinct": distinct, "numbers": numbers}
        else:
            columns[name] = values
    (folder / DOCS_FILE).write_bytes(msgpack.packb({"fingerprint": fingerprint, "size": len(docs),
                                                    "columns": columns}))


def read_docs(folder: Path, fingerprint: str) -> list[ProjectDoc]:
    """The projects as written; StaleFile if written under another fingerprint,
    KeyError/ValueError/TypeError if malformed (the caller rebuilds either way)."""
    data = msgpack.unpackb((folder / DOCS_FILE).read_bytes())
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint:
        raise StaleFile(f"{folder / DOCS_FILE} was written for another state of the store")
    size, stored = int(data["size"]), data["columns"]
    columns: list[list[Any]] = []
    for name in FIELDS:
        if name == WORDS:
            values = [text.split() for text in stored[name]]
        elif name in SHARED:
            distinct = stored[name]["distinct"]
            if name in _MODELS:  # our own file: the references are not validated again
                distinct = [_MODELS[name].model_construct(**v) if v is not None else None for v in distinct]
            values = [distinct[n] for n in stored[name]["numbers"]]
        else:
            values = stored[name]
        if len(values) != size:
            raise ValueError(f"{folder / DOCS_FILE}: column {name} has {len(values)} rows, not {size}")
        columns.append(values)
    return [ProjectDoc(*row) for row in zip(*columns, strict=True)]
