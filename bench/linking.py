"""County linking on real project names (tests/data/real/place-names.json),
reported separately for the dev and the holdout half (an entry whose source
is the URL of a holdout text belongs to the holdout).

Each name goes through the same place resolver as an ingested row, three times:
- alone (a one-column list: only 项目名称);
- with its list's city in the county cell (a list that says 运城市 but not the county);
- in its document: the place its real source text states (its headline, else its first sentence,
  read by the same `text_statements` / `document_place` an ingested text goes through) fills in
  what the name does not say. A name whose source text is not stored is measured alone here.

Three sets: `place-names.json` (split by the holdout texts of the README; `place-names-leads.json` holds
the headline and lead of two of its pages not stored as texts), the fresh `place-names-2.json` (49 names
from 11 other public pages) and the third `place-names-3.json` (99 names from 18 pages of 临汾 and its
neighbouring cities), both split by page (the split is in the file).

A result is `exact` when it names the key's county, `honest` when it is exact
or a less specific place that holds the key's county (its city or province);
anything else is `wrong` (a different county or city).

    .venv/bin/python -m bench.linking            # markdown table for docs/linking-quality.md
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ingest.extract import extractor_for
from ingest.places import DocumentPlace, PlaceResolver, resolver_for
from ingest.policy import text_statements
from ingest.structure import parse_structure
from ingest.textnorm import normalise
from ontology import load_gazetteer

NAMES = Path(__file__).resolve().parent.parent / "tests" / "data" / "real" / "place-names.json"
FRESH = NAMES.parent / "place-names-2.json"
THIRD = NAMES.parent / "place-names-3.json"
LEADS = NAMES.parent / "place-names-leads.json"  # headline and lead of place-names.json pages not stored as texts
DOCUMENT_SETS = (("fresh", FRESH), ("third", THIRD))  # sets whose pages store their headline and lead
README = NAMES.parent / "README.md"
HOLDOUT_TEXTS = ("03", "04", "06", "09", "10", "11")
SETTINGS = ("name only", "name + city cell", "in its document")


@dataclass
class Score:
    total: int = 0
    exact: int = 0
    honest: int = 0
    linked: int = 0  # names placed in a county at all (right or wrong)
    with_document: int = 0  # names whose source text is stored (the others are measured alone)
    by_document: int = 0  # names whose place came from their document

    def pct(self, n: int) -> str:
        return f"{n}/{self.total} = {100 * n / self.total:.0f}%" if self.total else "-"


def holdout_sources() -> set[str]:
    """Source URLs of the holdout texts, read from the set's README table."""
    urls = set()
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 3 and cells[1] in HOLDOUT_TEXTS:
            urls.add(cells[3])
    return urls


def judge(resolver: PlaceResolver, entry: dict[str, str], fields: dict[str, str], score: Score,
          document: DocumentPlace | None = None) -> None:
    placement = resolver.place(fields, document)
    score.by_document += placement.source_text is not None
    place_id = placement.county_ids[0] if placement.county_ids else placement.region_id
    if place_id is None and not placement.note:
        place_id = resolver.gaz.home.id  # a row naming no place is kept in the home city
    info = resolver.info(place_id)
    score.total += 1
    score.linked += info.county is not None
    exact = bool(entry["county"]) and info.county == entry["county"]
    holds = (info.county is None and (info.city == entry["city"] or
                                      (info.city is None and info.province == entry["province"])))
    score.exact += exact
    score.honest += exact or holds or (not entry["county"] and info.city == entry["city"])


def source_texts() -> dict[str, str]:
    """The stored real texts by source URL: headline (when the page showed one) and body."""
    out = {}
    for path in sorted(NAMES.parent.glob("[0-9][0-9]-*.md")):
        _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
        meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
        title = meta.get("title", "")
        out[meta["source"]] = (f"# {title}\n\n" if title and not title.startswith("unknown") else "") + body
    for page in json.loads(LEADS.read_text(encoding="utf-8"))["pages"]:
        out[page["source"]] = (f"# {page['title']}\n\n" if page["title"] else "") + page["lead"]
    return out


def document_of(resolver: PlaceResolver, text: str | None) -> DocumentPlace | None:
    """What the text states of its place, read the way an ingested text is (no file name: the
    stored file names are the set's, not the publisher's)."""
    if text is None:
        return None
    return resolver.document_place([(source, said) for source, said in text_statements("doc:", text, parse_structure(text))
                                    if source not in ("file name", "folder")])


def _entries() -> list[tuple[str, dict[str, str], str | None]]:
    """(split, entry, its source text) for both sets; split names say which set."""
    holdout, texts = holdout_sources(), source_texts()
    out = [("holdout" if e["source"] in holdout else "dev", e, texts.get(e["source"]))
           for e in json.loads(NAMES.read_text(encoding="utf-8"))]
    for label, path in DOCUMENT_SETS:
        for doc in json.loads(path.read_text(encoding="utf-8"))["documents"]:
            text = (f"# {doc['title']}\n\n" if doc["title"] else "") + doc["lead"]
            out.extend((f"{label} {doc['split']}", {**e, "source": doc["source"]}, text) for e in doc["names"])
    return out


def measure() -> dict[str, dict[str, Score]]:
    gaz = load_gazetteer()
    resolver = resolver_for(gaz, extractor_for(gaz))
    out: dict[str, dict[str, Score]] = {s: {how: Score() for how in SETTINGS}
                                         for s in ("dev", "holdout", *(f"{label} {half}" for label, _ in DOCUMENT_SETS
                                                                        for half in ("dev", "holdout")))}
    for split, entry, text in _entries():
        name = normalise(entry["name"])
        judge(resolver, entry, {"name": name}, out[split]["name only"])
        judge(resolver, entry, {"county": entry["city"], "name": name}, out[split]["name + city cell"])
        in_doc = out[split]["in its document"]
        in_doc.with_document += text is not None
        judge(resolver, entry, {"name": name}, in_doc, document_of(resolver, text))
    return out


def main() -> None:
    lines = ["| split | input | names | exact county | county links that are right | "
             "county or its city/province (not misplaced) | placed by the document |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for split, rows in measure().items():
        for how, s in rows.items():
            right = f"{s.exact}/{s.linked} = {100 * s.exact / s.linked:.0f}%" if s.linked else "-"
            stored = f" ({s.with_document} with their text)" if how == "in its document" else ""
            lines.append(f"| {split} | {how} | {s.total}{stored} | {s.pct(s.exact)} | {right} | {s.pct(s.honest)} "
                         f"| {s.by_document if how == 'in its document' else '-'} |")
    import sys

    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
