"""The short benchmark scripts (encoder, ready, dupes, parallel_ingest) each
own one marked section of docs/benchmarks.md and one JSON file of raw
figures; this is how they start a run and save it, in one place."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


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
    result.update(seconds=round(time.perf_counter() - started, 1), load_start=load_start, load_end=load_average())
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    write_section(report, markdown(result))
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
