"""Reads tests/data/corpus_labels.json and finds each labelled project in a
store, so tests (and the eval command) can measure against the labels."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.store import GraphStore
from ingest.pipeline import doc_id_for
from ingest.projects import project_id
from ingest.textnorm import normalise
from ontology import load_gazetteer

LABELS_PATH = Path(__file__).resolve().parent / "data" / "corpus_labels.json"


def load_labels() -> dict[str, Any]:
    return json.loads(LABELS_PATH.read_text(encoding="utf-8"))


def project_index(store: GraphStore) -> dict[tuple[str, object], str]:
    """(doc id, row) and (doc id, normalised name) → project id."""
    index: dict[tuple[str, object], str] = {}
    for node in store.find_nodes("Project"):
        full = store.get_node(node.id)
        for p in full.provenance if full else []:
            if p.row is not None:
                index[(p.doc, p.row)] = node.id
            index[(p.doc, normalise(node.props["name"]))] = node.id
            index[(p.doc, node.id)] = node.id
    return index


def locate(index: dict[tuple[str, object], str], ref: dict[str, Any]) -> str | None:
    """A table row by its number; a project in text by its name, or by the id
    its name and county give (when another source named the node first)."""
    doc = doc_id_for(Path(ref["file"]))
    if ref.get("row") is not None:
        return index.get((doc, ref["row"]))
    found = index.get((doc, normalise(ref["name"])))
    if found is None and ref.get("county"):
        gaz = load_gazetteer()
        county = gaz.county(ref["county"])
        pid = project_id(gaz, county.id if county else None, normalise(ref["name"]))
        found = pid if index.get((doc, pid)) else None
    return found


def labelled_projects(store: GraphStore) -> Iterator[tuple[dict[str, Any], str | None]]:
    index = project_index(store)
    noise = {(n["file"], n["row"]) for n in load_labels()["noise"]}
    for label in load_labels()["projects"]:
        if (label["file"], label.get("row")) in noise:
            continue
        yield label, locate(index, label)
