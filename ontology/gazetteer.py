"""The gazetteer: every named place, block, river, industry, chain and
enterprise the extractor can recognise, loaded from `data/*.yaml`.

Entries carry stable ids and their surface forms. Forms that are also common
words or single characters (古, 吉, 延长, 河西 ...) are kept apart as
`context_forms`: the extractor accepts them only next to other places."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ontology.divisions import DIVISIONS_FILE, Divisions, read_adjacency, read_divisions
from ontology.errors import SchemaError

DATA_DIR = Path(__file__).parent / "data"
DATA_FILES = ("counties", "blocks", "regions", "rivers", "industries", "chains", "places", "landmarks")
# A township short form shared by this many divisions in the country (新城, 和平, 古城) is an
# ordinary word: it counts only next to another place, like the ambiguous county short forms.
GENERIC_SHORT_COUNT = 4
# Among the places a sentence names, a city's or a province's short form counts unless this many divisions
# share it: townships named after their city (庆阳镇, 长沙街道) no longer hide 庆阳, 长沙 or 河南 (round 11: a plan
# names cities so), while 中山, 兴安, 大同 and 朝阳 (18-42 places each: street names and words) still need their
# full names.
GENERIC_CITY_SHORT_COUNT = 15


@dataclass(frozen=True)
class Entry:
    """One named thing: its graph id and label, and the ways text writes it."""

    id: str
    label: str
    name: str
    forms: tuple[str, ...]
    context_forms: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class ChainLinkSpec:
    id: str
    chain_id: str
    name: str
    order: int
    keywords: tuple[str, ...]
    industries: tuple[str, ...]


@dataclass(eq=False)
class Gazetteer:
    home: Entry
    entries: dict[str, Entry]
    links: dict[str, ChainLinkSpec]
    raw: dict[str, Any]
    fingerprint: str
    divisions: Divisions
    local: dict[str, Entry] = field(default_factory=dict)  # the home city's townships and landmarks
    adjacency: dict[str, tuple[str, ...]] = field(default_factory=dict)  # county code → neighbouring county codes

    def by_label(self, label: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.label == label]

    def resolve(self, text: str, label: str | None = None) -> Entry | None:
        """The entry whose name or any form equals `text` (context forms too)."""
        for entry in self.entries.values():
            if label is not None and entry.label != label:
                continue
            if text == entry.name or text in entry.forms or text in entry.context_forms:
                return entry
        return None

    def county(self, text: str) -> Entry | None:
        """A county, or the home city itself, by full name, short form or alias."""
        if text in (self.home.name, *self.home.forms):
            return self.home
        return self.resolve(text, "County")

    def block_of(self, county_id: str) -> Entry | None:
        for block in self.by_label("Block"):
            if county_id in block.data["member_ids"]:
                return block
        return None

    def chain_links(self, chain_id: str) -> list[ChainLinkSpec]:
        return sorted((l for l in self.links.values() if l.chain_id == chain_id), key=lambda l: l.order)

    def encloses_home(self, place_id: str) -> bool:
        """The home city or a region it lies in (its province): never a partner of the home
        city, though a company named 山西… is located there."""
        kind, _, code = place_id.partition(":")
        return kind == "region" and bool(code) and str(self.home.data.get("code", "")).startswith(code)

    def county_of_place(self, entry: Entry) -> str | None:
        """The county (or home city) id a zone, park, area or enterprise lies in."""
        ids = entry.data.get("county_ids") or []
        return ids[0] if len(ids) == 1 else None


def _read_data(data_dir: Path) -> tuple[dict[str, Any], str]:
    raw: dict[str, Any] = {}
    digest = hashlib.sha256()
    digest.update(DIVISIONS_FILE.read_bytes())
    for name in DATA_FILES:
        blob = (data_dir / f"{name}.yaml").read_bytes()
        digest.update(name.encode() + b"\0" + blob)
        raw[name] = yaml.safe_load(blob) or {}
    return raw, digest.hexdigest()[:16]


def _forms(record: dict[str, Any], *keys: str) -> tuple[str, ...]:
    out: list[str] = []
    for key in keys:
        value = record.get(key)
        for form in value if isinstance(value, list) else [value]:
            if form and form not in out:
                out.append(str(form))
    return tuple(out)


class _Builder:
    """Turns the raw YAML into entries, checking every cross-reference."""

    def __init__(self, raw: dict[str, Any], divisions: Divisions) -> None:
        self.raw = raw
        self.divisions = divisions
        self.entries: dict[str, Entry] = {}
        self.links: dict[str, ChainLinkSpec] = {}
        # townships and landmarks of the home city: matched by the place resolver only (ingest/places.py),
        # not by the extractor, whose every sentence scan they would slow down
        self.local: dict[str, Entry] = {}

    def add(self, entry: Entry) -> Entry:
        if entry.id in self.entries:
            raise SchemaError(f"gazetteer: duplicate id {entry.id}")
        self.entries[entry.id] = entry
        return entry

    def place_id(self, name: str) -> str:
        """Id of a county, the home city or a region, by any of its names."""
        for entry in self.entries.values():
            if entry.label in ("County", "Region") and (name == entry.name or name in entry.forms):
                return entry.id
        raise SchemaError(f"gazetteer: unknown place {name!r}")

    def build(self) -> tuple[Entry, dict[str, Entry], dict[str, ChainLinkSpec]]:
        raw = self.raw
        city = raw["counties"]["city"]
        home = self.add(Entry(city["id"], "Region", city["name"], _forms(city, "aliases"),
                              data={**city, "kind": "city", "home": True}))
        for c in raw["counties"]["counties"]:
            ambiguous = bool(c.get("ambiguous_short"))
            forms = _forms(c, "aliases") + (() if ambiguous else (c["short"],))
            context = (c["short"],) if ambiguous else ()
            self.add(Entry(f"county:{c['code']}", "County", c["name"], forms, context, data=dict(c)))
        for r in raw["regions"]["regions"]:
            ambiguous = bool(r.get("ambiguous_alias"))
            forms = () if ambiguous else _forms(r, "aliases")
            self.add(Entry(r["id"], "Region", r["name"], forms,
                           _forms(r, "aliases") if ambiguous else (), data=dict(r)))
        for r in raw["regions"]["regions"]:
            member_ids = [self.place_id(m) for m in r.get("members", [])]
            self.entries[r["id"]].data["member_ids"] = member_ids
        for b in raw["blocks"]["blocks"]:
            member_ids = [self.place_id(m) for m in b["members"]]
            rotation = [self.place_id(m) for m in b.get("lead_rotation", [])]
            forms = _forms(b, "full_name", "aliases") + (b["name"],)
            self.add(Entry(f"block:{b['id']}", "Block", b["name"], forms,
                           data={**b, "member_ids": member_ids, "rotation_ids": rotation}))
        for river in raw["rivers"]["rivers"]:
            county_ids = [self.place_id(c) for c in river.get("counties", [])]
            self.add(Entry(f"river:{river['name']}", "River", river["name"], (river["name"],),
                           data={**river, "county_ids": county_ids}))
        for m in raw["rivers"].get("mountains", []):
            self.add(Entry(f"mountain:{m}", "Mountain", m, (m,)))
        for ind in raw["industries"]["industries"]:
            self.add(Entry(f"industry:{ind['name']}", "Industry", ind["name"],
                           (ind["name"], *_forms(ind, "aliases")), data=dict(ind)))
        self._chains()
        self._places()
        self._townships(str(city["code"]))
        self._landmarks()
        return home, self.entries, self.links

    def industry_id(self, name: str) -> str:
        entry_id = f"industry:{name}"
        if entry_id not in self.entries:
            raise SchemaError(f"gazetteer: unknown industry {name!r}")
        return entry_id

    def _chains(self) -> None:
        for chain in self.raw["chains"]["chains"]:
            chain_id = f"chain:{chain['id']}"
            self.add(Entry(chain_id, "IndustrialChain", chain["name"], _forms(chain, "aliases"),
                           data={**chain, "industry_ids": [self.industry_id(i) for i in chain.get("industries", [])]}))
            link_ids: dict[str, str] = {}
            for order, link in enumerate(chain["links"], start=1):
                link_id = f"link:{chain['id']}:{order}"
                link_ids[link["name"]] = link_id
                self.links[link_id] = ChainLinkSpec(
                    link_id, chain_id, link["name"], order, tuple(link.get("keywords", [])),
                    tuple(self.industry_id(i) for i in link.get("industries", [])))
            for ent in chain.get("enterprises", []):
                if ent["link"] not in link_ids:
                    raise SchemaError(f"gazetteer: {ent['name']} names unknown link {ent['link']}")
                eid = f"enterprise:{ent['name']}"
                place = ent.get("county") or ent.get("region")
                existing = self.entries.get(eid)
                if existing is None:
                    existing = self.add(Entry(eid, "Enterprise", ent["name"],
                                              (ent["name"], *_forms(ent, "aliases")),
                                              data={"county_ids": [], "links": [], "chain_leader": False}))
                data = existing.data
                data["links"].append(link_ids[ent["link"]])
                data["chain_leader"] = data["chain_leader"] or bool(ent.get("chain_leader"))
                if place and self.place_id(place) not in data["county_ids"]:
                    data["county_ids"].append(self.place_id(place))

    def _places(self) -> None:
        places = self.raw["places"]
        kinds = (("development_zones", "DevelopmentZone", "zone"), ("parks", "Park", "park"),
                 ("urban_areas", "UrbanArea", "area"))
        for key, label, prefix in kinds:
            for p in places.get(key, []):
                names = p.get("counties") or [x for x in (p.get("county"), p.get("region")) if x]
                ambiguous = bool(p.get("ambiguous_alias"))
                aliases = _forms(p, "aliases")
                self.add(Entry(f"{prefix}:{p['name']}", label, p["name"],
                               (p["name"],) + (() if ambiguous else aliases),
                               aliases if ambiguous else (),
                               data={**p, "county_ids": [self.place_id(n) for n in names],
                                     "industry_ids": [self.industry_id(i) for i in p.get("industries", [])]}))


    def _taken(self) -> set[str]:
        entries = (*self.entries.values(), *self.local.values())
        return {f for e in entries for f in (e.name, *e.forms, *e.context_forms)}

    def _townships(self, city_code: str) -> None:
        """The home city's townships from the national divisions, each tied to its
        county, so that 陶寺 or 和川镇 in a project name places it. Short forms many
        divisions share (新城, 和平, 古城) are ordinary words and left out."""
        taken = self._taken()  # forms of other entries; two townships may share a name (屯里镇)
        counties = {e.data["code"]: e.id for e in self.entries.values() if e.label == "County"}
        for d in self.divisions.children(city_code, "township"):
            county_id = counties.get(d.code[:6])
            if county_id is None or d.name in taken:
                continue
            short = d.short if d.short and d.short not in taken else None
            generic = short is not None and len(self.divisions.codes(short)) >= GENERIC_SHORT_COUNT
            self.local[f"township:{d.code}"] = Entry(
                f"township:{d.code}", "Township", d.name, (d.name,) + ((short,) if short and not generic else ()),
                data={"code": d.code, "county_ids": [county_id]})

    def _landmarks(self) -> None:
        """Scenic areas, relic sites, mountains, reservoirs and temples of the home city and, with their
        `city`, of neighbouring cities (their county found in the national divisions)."""
        taken = self._taken()
        for item in self.raw["landmarks"].get("landmarks", []):
            forms = tuple(f for f in _forms(item, "name", "aliases") if f not in taken)
            county = self.division_id(item["county"], item["city"]) if "city" in item else self.place_id(item["county"])
            self.local[f"landmark:{item['name']}"] = Entry(
                f"landmark:{item['name']}", "Landmark", item["name"], forms, data={**item, "county_ids": [county]})

    def division_id(self, county: str, city: str) -> str:
        """Graph id of a county of another city, by its full name under that city's full name."""
        cities = [c for c in self.divisions.full.get(city, []) if len(c) == 4]
        codes = [c for c in self.divisions.full.get(county, []) if len(c) == 6 and c[:4] in cities]
        if len(codes) != 1:
            raise SchemaError(f"gazetteer: no single county {county!r} in {city!r} ({len(codes)} found)")
        return f"county:{codes[0]}"


def load_gazetteer(data_dir: Path = DATA_DIR) -> Gazetteer:
    return _load_cached(str(data_dir))


@lru_cache(maxsize=4)
def _load_cached(data_dir: str) -> Gazetteer:
    raw, fingerprint = _read_data(Path(data_dir))
    divisions = read_divisions()
    builder = _Builder(raw, divisions)
    home, entries, links = builder.build()
    return Gazetteer(home=home, entries=entries, links=links, raw=raw, fingerprint=fingerprint, divisions=divisions,
                     local=builder.local, adjacency=read_adjacency())
