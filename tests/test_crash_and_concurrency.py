"""Crash safety (SIGKILL mid-ingest) and concurrent use of the embedded store."""

from __future__ import annotations

import json
import multiprocessing
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from graph.factory import make_store
from graph.store import GraphStore
from ingest.pipeline import Ingestor
from tests.conftest import GUIDANCE, ROOT


def _big_list(path: Path, rows: int) -> None:
    counties = ["洪洞县", "吉县", "侯马市", "翼城县", "隰县", "安泽县", "乡宁县", "浮山县"]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(rows):
            county = counties[i % len(counties)]
            fh.write(json.dumps({"name": f"{county}第{i}号光伏储能示范项目", "county": county,
                                 "content": f"建设{i % 90 + 10}万千瓦光伏发电及配套储能设施", "investment": f"{i % 50 + 1}亿元",
                                 "years": "2023-2025"}, ensure_ascii=False) + "\n")


def _state(store: GraphStore) -> tuple[object, ...]:
    c = store.counts()
    return (c.by_label, c.by_type, [(d.id, d.fingerprint) for d in store.documents()])


def _ingest_cmd(home: Path, *paths: Path) -> list[str]:
    return [sys.executable, "-m", "search_api.cli", "--home", str(home), "ingest", *map(str, paths), "--json"]


def _wal_size(home: Path) -> int:
    wal = home / "planatlas.sqlite-wal"
    return wal.stat().st_size if wal.exists() else 0


def test_sigkill_mid_ingest_leaves_the_store_as_before(tmp_path: Path) -> None:
    big = tmp_path / "big-list.jsonl"
    _big_list(big, 20000)
    home = tmp_path / "home"
    subprocess.run(_ingest_cmd(home, GUIDANCE), check=True, capture_output=True, cwd=ROOT)
    store = make_store("sqlite", home=home)
    before = _state(store)
    store.close()

    # 1. killed while parsing
    proc = subprocess.Popen(_ingest_cmd(home, big), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    store = make_store("sqlite", home=home)
    assert _state(store) == before
    store.close()

    # 2. killed while its transaction is being written: the WAL file grows
    baseline = _wal_size(home)
    proc = subprocess.Popen(_ingest_cmd(home, big), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while _wal_size(home) < baseline + 512 * 1024 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, "ingest finished before it could be killed mid-write"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    store = make_store("sqlite", home=home)
    assert _state(store) == before, "the store holds half a document"
    assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"  # type: ignore[attr-defined]
    store.close()

    # 3. running it again completes
    rerun = subprocess.run(_ingest_cmd(home, big), cwd=ROOT, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    store = make_store("sqlite", home=home)
    assert store.document("doc:big-list") is not None
    assert store.counts().by_label["Project"] == 20000 + before[0]["Project"]  # type: ignore[index]
    store.close()


def test_two_ingests_at_once_do_not_corrupt(tmp_path: Path) -> None:
    a, b = tmp_path / "list-a.jsonl", tmp_path / "list-b.jsonl"
    _big_list(a, 3000)
    _big_list(b, 3000)
    b.write_text(b.read_text(encoding="utf-8").replace("光伏储能", "风电"), encoding="utf-8")
    home = tmp_path / "home"
    procs = [subprocess.Popen(_ingest_cmd(home, p), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for p in (a, b)]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    store = make_store("sqlite", home=home)
    concurrent = _state(store)
    store.close()
    serial_home = tmp_path / "serial"
    subprocess.run(_ingest_cmd(serial_home, a, b), check=True, capture_output=True, cwd=ROOT)
    store = make_store("sqlite", home=serial_home)
    serial = _state(store)
    store.close()
    assert concurrent[:2] == serial[:2]
    integrity = make_store("sqlite", home=home)
    assert integrity._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"  # type: ignore[attr-defined]
    integrity.close()


def test_reads_keep_answering_during_an_ingest(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    _big_list(big, 8000)
    store = make_store("sqlite", home=tmp_path)
    ingestor = Ingestor(store)
    ingestor.ingest([GUIDANCE])
    expected = sorted(n.id for n in store.find_nodes("Task"))
    before = store.counts().by_label.get("Project", 0)  # the guidance's own projects
    errors: list[BaseException] = []
    answers = 0
    done = threading.Event()

    def reader() -> None:
        nonlocal answers
        reader_store = make_store("sqlite", home=tmp_path)
        try:
            while not done.is_set():
                assert sorted(n.id for n in reader_store.find_nodes("Task")) == expected
                projects = reader_store.counts().by_label.get("Project", 0)
                assert projects == before or projects >= before + 8000, projects  # before or after, never between
                answers += 1
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            reader_store.close()

    thread = threading.Thread(target=reader)
    thread.start()
    result = ingestor.ingest_file(big)
    done.set()
    thread.join(timeout=60)
    assert result.status == "ingested"
    assert not errors, errors
    assert answers > 0
    store.close()


def _open_at_once(home: str, barrier: Any, answers: Any) -> None:
    barrier.wait()
    try:
        make_store("sqlite", home=Path(home)).close()
        answers.put("ok")
    except Exception as exc:  # the answer under test: reported, not raised in the child
        answers.put(repr(exc))


def test_processes_creating_one_new_store_at_once_all_open_it(tmp_path: Path) -> None:
    """Two CLI ingests into a fresh home create its file together. SQLite refuses the
    WAL switch and the first CREATE TABLE at once (no busy wait) when another process
    holds the lock: each must wait its turn, not fail with "database is locked".
    The race is timing-dependent (about 1 try in 30 failed before the fix), so it is
    tried many times."""
    ctx = multiprocessing.get_context("fork")
    processes, tries = 6, 40
    failures: list[str] = []
    for n in range(tries):
        barrier, answers = ctx.Barrier(processes), ctx.Queue()
        procs = [ctx.Process(target=_open_at_once, args=(str(tmp_path / f"home-{n}"), barrier, answers))
                 for _ in range(processes)]
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join(timeout=120)
        failures += [a for a in (answers.get(timeout=10) for _ in procs) if a != "ok"]
    assert failures == []
