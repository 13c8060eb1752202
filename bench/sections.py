"""The short benchmark scripts (encoder, ready, dupes, parallel_ingest) each
own one marked section of docs/benchmarks.md and one JSON file of raw
figures; this is how they start a run and save it, in one place."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.machine import cpu_kind, loadavg

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = ROOT / "var" / "models" / "multilingual-e5-small"


def run_parser(description: str, name: str, size: int | None = None,
               model: bool = False) -> argparse.ArgumentParser:
    """The arguments every short benchmark takes — its size, the seed of the generated data, the
    report section and the JSON file of raw figures it owns (`var/bench/<name>.json`) and, when it
    encodes, the model — so that each script adds only its own."""
    p = argparse.ArgumentParser(description=description)
    if size is not None:
        p.add_argument("--size", type=int, default=size)
    if model:
        p.add_argument("--model", type=Path,
                       default=Path(os.environ.get("PLANATLAS_EMBEDDING_MODEL", DEFAULT_MODEL)))
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--report", type=Path, default=ROOT / "docs" / "benchmarks.md")
    p.add_argument("--json", type=Path, default=ROOT / "var" / "bench" / f"{name}.json")
    return p


def verdict(ok: bool) -> str:
    """How every section marks a goal."""
    return "**met**" if ok else "**missed**"


def ran(r: dict[str, Any]) -> str:
    """A section's opening words: when the run was and on which CPU kind (older runs have no CPU stamp)."""
    return f"Run {r['when']}" + (f" on {r['cpu']}" if r.get("cpu") else "")


def write_section(report: Path, section: str) -> None:
    """Replace (or append) the section between its first line and last line, its markers."""
    begin, end = section.splitlines()[0], section.splitlines()[-1]
    text = report.read_text(encoding="utf-8") if report.exists() else "# PlanAtlas benchmarks\n"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    report.write_text(text, encoding="utf-8")


def save_run(result: dict[str, Any], started: float, load_start: list[float], json_path: Path, report: Path,
             markdown: Callable[[dict[str, Any]], str]) -> None:
    """Stamp the run (time, seconds, load before and after: the machine is shared),
    keep its raw figures as JSON, rewrite its report section and print one JSON line."""
    result.setdefault("when", time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
    result.setdefault("cpu", cpu_kind())
    result.update(seconds=round(time.perf_counter() - started, 1), load_start=load_start, load_end=loadavg())
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    write_section(report, markdown(result))
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
