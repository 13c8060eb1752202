"""Project lists (CSV, XLSX, JSON, JSONL): not yet supported."""

from __future__ import annotations

from graph.models import GraphBatch
from ingest.extract import Extractor
from ingest.reader import RawFile
from ontology import Gazetteer, InputError


def table_batch(doc_id: str, raw: RawFile, gaz: Gazetteer, extractor: Extractor) -> tuple[GraphBatch, list[str]]:
    raise InputError(str(raw.path), f"{raw.kind} project lists are not supported yet")
