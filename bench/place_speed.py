"""Ingest speed with the national gazetteer against an older code tree, in one
run: the same generated project lists are ingested into fresh SQLite stores by
each tree in turn (alternating, `--rounds` times), each in its own process, and
the ratios of the median wall and CPU times are printed (CPU time is the
steadier figure on a shared machine). A third arm runs this tree with the national
scan and the home townships and landmarks switched off (`home-only`): the old tree also
lacks every other change made since, so new/home-only is what the larger gazetteer
itself costs, new/base what everything since that commit costs. The extractor and gazetteer are
built before the clock starts (a one-off per process, as in a server).

    mkdir -p /tmp/base && git archive <old commit> | tar -x -C /tmp/base
    .venv/bin/python -m bench.place_speed --base /tmp/base --size 5000 --rounds 3

With `--prose`, the data is prose instead: the real texts of tests/data/real (news, reports, lists
written as text), copied `--copies` times, and the third arm (`no-mentions`) runs this tree with the
places a sentence names outside the gazetteer switched off (`PlaceResolver.mentions`), so new/no-mentions
is what storing those mentions costs a prose ingest. `--base` is optional there.

    .venv/bin/python -m bench.place_speed --prose --copies 4 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import json, sys, time
from pathlib import Path
from graph.factory import make_store
from ingest.pipeline import Ingestor
from ontology import load_gazetteer
if sys.argv[3] == 'home-only':  # the resolver without the national divisions, townships and landmarks
    from ingest.places import Placement, PlaceResolver
    PlaceResolver._national = lambda self, text, whole, *a, **k: Placement()
    PlaceResolver._local = lambda self, text: []
if sys.argv[3] == 'no-mentions':  # no places outside the gazetteer stored from prose
    from ingest.places import PlaceResolver
    PlaceResolver.mentions = lambda self, text, inside=(): []
files = sorted(p for p in Path(sys.argv[1]).rglob('*') if p.suffix in ('.csv', '.jsonl', '.json', '.xlsx', '.md'))
store = make_store('sqlite', home=Path(sys.argv[2]))
ingestor = Ingestor(store, load_gazetteer())
ingestor.extractor  # built before the clock starts
t, c = time.perf_counter(), time.process_time()
report = ingestor.ingest(files)
wall, cpu = time.perf_counter() - t, time.process_time() - c
sys.stdout.write(json.dumps({'wall': wall, 'cpu': cpu, 'projects': sum(f.by_label.get('Project', 0) for f in report.files),
                             'failed': len(report.failed)}))
"""


REAL_TEXTS = ROOT / "tests" / "data" / "real"


def run(tree: Path, data: Path, home: Path, arm: str) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, "-c", CHILD, str(data), str(home), arm], cwd=tree, env=env,
                         capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def prose_copies(out: Path, copies: int) -> int:
    """The real texts, `copies` times each (a copy's document id differs by its file name)."""
    texts = sorted(REAL_TEXTS.glob("*.md"))
    texts = [t for t in texts if t.name != "README.md"]
    for n in range(copies):
        folder = out / f"copy-{n}"
        folder.mkdir(parents=True)
        for text in texts:
            shutil.copy(text, folder / text.name)
    return sum(len(t.read_text(encoding="utf-8")) for t in texts) * copies


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base", type=Path, help="the older code tree (git archive of a commit); required for lists")
    p.add_argument("--size", type=int, default=5000)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--prose", action="store_true", help="the real texts instead of generated lists")
    p.add_argument("--copies", type=int, default=4, help="with --prose: copies of the real texts")
    args = p.parse_args()
    if not args.prose and args.base is None:
        p.error("--base is required for project lists")
    off = "no-mentions" if args.prose else "home-only"
    arms = (("base",) if args.base else ()) + ("new", off)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        chars = 0
        if args.prose:
            chars = prose_copies(data, args.copies)
        else:
            subprocess.run([sys.executable, "-m", "bench.generate", "--size", str(args.size), "--out", str(data)],
                           cwd=ROOT, check=True, capture_output=True)
        walls: dict[str, list[float]] = {arm: [] for arm in arms}
        cpus: dict[str, list[float]] = {arm: [] for arm in arms}
        counts: dict[str, float] = {}
        for r in range(args.rounds):
            for arm in arms:
                result = run(args.base if arm == "base" else ROOT, data, Path(tmp) / f"{arm}-{r}", arm)
                walls[arm].append(result["wall"])
                cpus[arm].append(result["cpu"])
                counts[arm] = result["projects"]
        wall = {arm: statistics.median(walls[arm]) for arm in arms}
        cpu = {arm: statistics.median(cpus[arm]) for arm in arms}
        summary: dict[str, object] = {
            "data": f"prose: {args.copies} copies of the real texts, {chars:,} characters" if args.prose
            else f"{args.size} generated projects",
            "rounds": args.rounds, "projects": counts,
            "wall_s": {a: [round(w, 2) for w in walls[a]] for a in arms},
            "cpu_s": {a: [round(c, 2) for c in cpus[a]] for a in arms},
            "median_wall_s": {a: round(w, 2) for a, w in wall.items()},
            "median_cpu_s": {a: round(c, 2) for a, c in cpu.items()}}
        for other in arms:
            if other != "new":
                summary[f"wall_new_over_{other.replace('-', '_')}"] = round(wall["new"] / wall[other], 3)
                summary[f"cpu_new_over_{other.replace('-', '_')}"] = round(cpu["new"] / cpu[other], 3)
        sys.stdout.write(json.dumps(summary, indent=2) + "\n")

if __name__ == "__main__":
    main()
