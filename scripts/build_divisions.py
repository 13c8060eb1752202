"""Writes the divisions TSV from an unpacked china-division package (called by
scripts/divisions.sh): a header naming the source, version, integrity and
licence, then one `code<TAB>name` line per province, city, county-level unit
and township. The level and the parent follow from the code (2, 4, 6, 9
digits; a parent's code is a prefix), so no parent column is needed."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

FILES = ("provinces", "cities", "areas", "streets")


def main(package: Path, name: str, version: str, integrity: str) -> None:
    licence = (package / "LICENSE").read_text(encoding="utf-8").splitlines()[0].strip()
    out = sys.stdout
    out.write(f"# Administrative divisions of China, from the npm package {name} {version}\n")
    out.write(f"# (integrity {integrity}), built by scripts/divisions.sh.\n")
    out.write("# Data: 国家统计局 2023年统计用区划代码 (as of 2023-06-30), "
              "compiled by modood/Administrative-divisions-of-China.\n")
    out.write(f"# Licence: {licence} (the package's LICENSE file; its package.json says MIT).\n")
    out.write("# code<TAB>name; level by code length: 2 province, 4 city, 6 county, 9 township.\n")
    for stem in FILES:
        with (package / "dist" / f"{stem}.csv").open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                out.write(f"{row['code']}\t{row['name'].strip()}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4])
