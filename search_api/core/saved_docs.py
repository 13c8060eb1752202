"""The indexed projects as one msgpack file of columns, for the saved index
(index_files.py).

At 100k projects the JSON list of one object per project it replaces took
~6 s of a server's start: ~2 s to parse 135 MB, ~4 s to build 200k pydantic
task and industry references. Here each field is one list (the projects'
names, then their contents, ...), which msgpack reads several times faster
than JSON objects (more so with the cyclic collector paused, as the caller
does); and a field with few distinct values (the place, the task reference,
the standard industry, the counties, industries, chains, ...) is stored once
per distinct value and referenced by number, so the loaded projects share one
object per value: at 100k generated projects 0.26 s to read instead of 0.9 s.
Those shared objects (lists, dicts, references) are never changed in place:
nothing in the service does, and it must stay so. The file names the
fingerprint it was written under; a reader checks it, so a file left from
another build is never taken for this one. msgpack reads plain values only:
no code runs on load (no pickle)."""

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
SHARE_BELOW = 0.5  # a column with fewer distinct values than this share of the rows is stored shared
_MODELS: dict[str, type[TaskRef] | type[StandardIndustryRef]] = {"task_ref": TaskRef,
                                                                 "standard_industry": StandardIndustryRef}


class StaleFile(ValueError):
    """A saved file written under another fingerprint (or not by us)."""


def _plain(name: str, value: Any) -> Any:
    if name in _MODELS:
        return value.model_dump() if value is not None else None
    return value


def _key(value: Any) -> Any:
    """A hashable stand-in that tells 1 from 1.0 and ["a"] from "a"."""
    if isinstance(value, list):
        return "list", tuple(value)
    if isinstance(value, dict):
        return "dict", json.dumps(value, sort_keys=True, ensure_ascii=False)
    return type(value).__name__, value


def _column(values: list[Any]) -> list[Any] | dict[str, list[Any]]:
    """The values as they are, or, when few are distinct, each distinct value
    once and the number of each row's value."""
    seen: dict[Any, int] = {}
    numbers = [seen.setdefault(_key(v), len(seen)) for v in values]
    if len(seen) >= SHARE_BELOW * len(values):
        return values
    distinct: list[Any] = [None] * len(seen)
    for v, n in zip(values, numbers, strict=True):
        distinct[n] = v
    return {"distinct": distinct, "numbers": numbers}


def write_docs(folder: Path, docs: list[ProjectDoc], fingerprint: str) -> None:
    columns = {name: _column([_plain(name, getattr(d, name)) for d in docs]) for name in FIELDS}
    (folder / DOCS_FILE).write_bytes(msgpack.packb({"fingerprint": fingerprint, "size": len(docs),
                                                    "columns": columns}))


def read_docs(folder: Path, fingerprint: str) -> list[ProjectDoc]:
    """The projects as written; StaleFile if written under another fingerprint,
    KeyError/ValueError/TypeError/IndexError if malformed (the caller rebuilds either way)."""
    data = msgpack.unpackb((folder / DOCS_FILE).read_bytes())
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint:
        raise StaleFile(f"{folder / DOCS_FILE} was written for another state of the store")
    size, stored = int(data["size"]), data["columns"]
    columns: list[list[Any]] = []
    for name in FIELDS:
        column = stored[name]
        if isinstance(column, dict):
            distinct = column["distinct"]
            if name in _MODELS:  # our own file: the references are not validated again
                distinct = [_MODELS[name].model_construct(**v) if v is not None else None for v in distinct]
            values = [distinct[n] for n in column["numbers"]]
        else:
            values = [_MODELS[name].model_construct(**v) if v is not None else None for v in column] \
                if name in _MODELS else column
        if len(values) != size:
            raise ValueError(f"{folder / DOCS_FILE}: column {name} has {len(values)} rows, not {size}")
        columns.append(values)
    return [ProjectDoc(*row) for row in zip(*columns, strict=True)]
