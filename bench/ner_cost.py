"""What the #14 extraction costs at ingest, each figure next to its baseline in
the same run: project lists with NER on and off (lists never call the model:
their owners go through the suffix rules), with and without the standard
industry step, and prose (news texts) with NER on and off, and with NER on
but the learned name taggers off (PLANATLAS_TAGGER=off).

    .venv/bin/python -m bench.ner_cost --rows 20000 --texts 200

Prints one JSON object; docs/extraction-quality.md quotes it."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from bench.generate import generate
from bench.machine import machine_info
from graph.factory import make_store
from ingest.pipeline import Ingestor
from ingest.standard_industry import StandardIndustryClassifier
from ontology import load_gazetteer

NEWS = Path(__file__).resolve().parent.parent / "data" / "docs" / "projects-2023-news.md"


class _NoIndustries(StandardIndustryClassifier):
    """The baseline without the standard-industry step."""

    def classify(self, texts: list[str]) -> list[None]:  # type: ignore[override]
        return [None] * len(texts)


@contextmanager
def _switch(variable: str, on: bool) -> Iterator[None]:
    before = os.environ.get(variable)
    os.environ[variable] = "on" if on else "off"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(variable, None)
        else:
            os.environ[variable] = before


def _ner(on: bool) -> AbstractContextManager[None]:
    return _switch("PLANATLAS_NER", on)


def _ingest(files: list[Path], work: Path, industries: bool = True) -> dict[str, float]:
    home = work / f"home-{time.monotonic_ns()}"
    store = make_store("sqlite", home=home)
    try:
        ingestor = Ingestor(store, load_gazetteer())
        if not industries:
            ingestor.industries = _NoIndustries()
        start = time.perf_counter()
        report = ingestor.ingest(files)
        wall = time.perf_counter() - start
    finally:
        store.close()
        shutil.rmtree(home, ignore_errors=True)
    projects = sum(f.by_label.get("Project", 0) for f in report.files)
    enterprises = sum(f.by_label.get("Enterprise", 0) for f in report.files)
    return {"seconds": round(wall, 2), "projects": projects, "enterprises": enterprises,
            "projects_per_s": round(projects / wall, 1)}


def _news_copies(n: int, out: Path) -> list[Path]:
    text = NEWS.read_text(encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(n):
        path = out / f"news-{i:04d}.md"
        path.write_text(text.replace("2023", str(1990 + i % 100)), encoding="utf-8")
        files.append(path)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--texts", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ner-cost-"))
    try:
        lists = generate(args.rows, work / "lists", seed=7).files
        texts = _news_copies(args.texts, work / "texts")
        chars = sum(len(p.read_text(encoding="utf-8")) for p in texts)
        result: dict[str, object] = {"machine": machine_info(), "rows": args.rows, "texts": args.texts,
                                     "text_chars": chars}
        with _ner(False):
            result["lists_ner_off_no_industry"] = _ingest(lists, work, industries=False)
            result["lists_ner_off"] = _ingest(lists, work)
            result["texts_ner_off"] = _ingest(texts, work)
        with _ner(True):
            result["lists_ner_on"] = _ingest(lists, work)
            with _switch("PLANATLAS_TAGGER", False):
                result["texts_ner_on_tagger_off"] = _ingest(texts, work)
            result["texts_ner_on"] = _ingest(texts, work)
        print(json.dumps(result, ensure_ascii=False, indent=1, default=str))  # noqa: T201 - the bench's output
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

