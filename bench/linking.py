"""County linking on real project names (tests/data/real/place-names.json),
reported separately for the dev and the holdout half (an entry whose source
is the URL of a holdout text belongs to the holdout).

Each name goes through the same place resolver as an ingested row, twice:
- alone (a one-column list: only 项目名称);
- with its list's city in the county cell (a list that says 运城市 but not the county).

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
from ingest.places import PlaceResolver, resolver_for
from ingest.textnorm import normalise
from ontology import load_gazetteer

NAMES = Path(__file__).resolve().parent.parent / "tests" / "data" / "real" / "place-names.json"
README = NAMES.parent / "README.md"
HOLDOUT_TEXTS = ("03", "04", "06", "09", "10", "11")


@dataclass
class Score:
    total: int = 0
    exact: int = 0
    honest: int = 0
    linked: int = 0  # names placed in a county at all (right or wrong)

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


def judge(resolver: PlaceResolver, entry: dict[str, str], fields: dict[str, str], score: Score) -> None:
    placement = resolver.place(fields)
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


def measure() -> dict[str, dict[str, Score]]:
    gaz = load_gazetteer()
    resolver = resolver_for(gaz, extractor_for(gaz))
    holdout = holdout_sources()
    out: dict[str, dict[str, Score]] = {s: {"name only": Score(), "name + city cell": Score()}
                                         for s in ("dev", "holdout")}
    for entry in json.loads(NAMES.read_text(encoding="utf-8")):
        split = "holdout" if entry["source"] in holdout else "dev"
        name = normalise(entry["name"])
        judge(resolver, entry, {"name": name}, out[split]["name only"])
        judge(resolver, entry, {"county": entry["city"], "name": name}, out[split]["name + city cell"])
    return out


def main() -> None:
    lines = ["| split | input | names | exact county | county links that are right | "
             "county or its city/province (not misplaced) |", "|---|---|---:|---:|---:|---:|"]
    for split, rows in measure().items():
        for how, s in rows.items():
            right = f"{s.exact}/{s.linked} = {100 * s.exact / s.linked:.0f}%" if s.linked else "-"
            lines.append(f"| {split} | {how} | {s.total} | {s.pct(s.exact)} | {right} | {s.pct(s.honest)} |")
    import sys

    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
