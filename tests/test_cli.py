"""The CLI contract other tools read: JSON on stdout, non-zero on failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search_api.cli import main
from tests.conftest import GUIDANCE


def _run(capsys: pytest.CaptureFixture[str], home: Path, *args: str) -> tuple[int, object]:
    code = main(["--home", str(home), *args])
    out = capsys.readouterr().out
    return code, json.loads(out) if "--json" in args else out


def test_ingest_stats_show_tasks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = _run(capsys, tmp_path, "ingest", str(GUIDANCE), "--json")
    assert code == 0 and report[0]["status"] == "ingested" and report[0]["by_label"]["Task"] == 10  # type: ignore[index]
    code, stats = _run(capsys, tmp_path, "stats", "--json")
    # 17 home counties and the 17 counties of other cities they border (ADJACENT_TO)
    assert stats["by_label"]["County"] == 34 and stats["by_type"]["HAS_TASK"] == 10  # type: ignore[index]
    code, tasks = _run(capsys, tmp_path, "tasks", "--json")
    assert [t["ordinal"] for t in tasks][:2] == ["（一）", "（二）"]  # type: ignore[union-attr]
    code, node = _run(capsys, tmp_path, "show", "project:141028:抽水蓄能电站", "--json")
    assert node["props"]["name"] == "吉县抽水蓄能电站项目"  # type: ignore[index]
    assert node["relationships"]["out:LOCATED_IN"][0]["name"] == "吉县"  # type: ignore[index]
    assert main(["--home", str(tmp_path), "show", "project:none", "--json"]) == 2


def test_ingest_exit_code_on_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "empty.md"
    bad.write_bytes(b"")
    code, report = _run(capsys, tmp_path / "home", "ingest", str(bad), str(GUIDANCE), "--json")
    assert code == 1
    assert [r["status"] for r in report] == ["failed", "ingested"]  # type: ignore[union-attr]
    assert str(bad) in report[0]["error"]  # type: ignore[index]
    code, report = _run(capsys, tmp_path / "home", "ingest", str(tmp_path / "missing.md"), "--json")
    assert code == 1 and "no such file" in report[0]["error"]  # type: ignore[index]


def test_export_import_commands_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, tmp_path / "a", "ingest", str(GUIDANCE), "--json")
    code, exported = _run(capsys, tmp_path / "a", "export", str(tmp_path / "g.jsonl"), "--json")
    assert code == 0 and exported["documents"] == 2  # type: ignore[index]
    code, imported = _run(capsys, tmp_path / "b", "import", str(tmp_path / "g.jsonl"), "--json")
    assert code == 0 and imported["nodes"] == exported["nodes"]  # type: ignore[index]
    _, a = _run(capsys, tmp_path / "a", "stats", "--json")
    _, b = _run(capsys, tmp_path / "b", "stats", "--json")
    assert a["by_label"] == b["by_label"] and a["by_type"] == b["by_type"]  # type: ignore[index]
    assert main(["--home", str(tmp_path / "c"), "import", str(tmp_path / "missing.jsonl")]) == 2
