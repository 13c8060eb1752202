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
"""

from __future__ import annotations

import argparse
import json
import os
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
files = sorted(p for p in Path(sys.argv[1]).rglob('*') if p.suffix in ('.csv', '.jsonl', '.json', '.xlsx'))
store = make_store('sqlite', home=Path(sys.argv[2]))
ingestor = Ingestor(store, load_gazetteer())
ingestor.extractor  # built before the clock starts
t, c = time.perf_counter(), time.process_time()
report = ingestor.ingest(files)
wall, cpu = time.perf_counter() - t, time.process_time() - c
sys.stdout.write(json.dumps({'wall': wall, 'cpu': cpu, 'projects': sum(f.by_label.get('Project', 0) for f in report.files),
                             'failed': len(report.failed)}))
"""


ARMS = ("base", "new", "home-only")


def run(tree: Path, data: Path, home: Path, arm: str) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, "-c", CHILD, str(data), str(home), arm], cwd=tree, env=env,
                         capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base", type=Path, required=True, help="the older code tree (git archive of a commit)")
    p.add_argument("--size", type=int, default=5000)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        subprocess.run([sys.executable, "-m", "bench.generate", "--size", str(args.size), "--out", str(data)],
                       cwd=ROOT, check=True, capture_output=True)
        walls: dict[str, list[float]] = {arm: [] for arm in ARMS}
        cpus: dict[str, list[float]] = {arm: [] for arm in ARMS}
        counts: dict[str, float] = {}
        for r in range(args.rounds):
            for arm in ARMS:
                result = run(args.base if arm == "base" else ROOT, data, Path(tmp) / f"{arm}-{r}", arm)
                walls[arm].append(result["wall"])
                cpus[arm].append(result["cpu"])
                counts[arm] = result["projects"]
        wall = {arm: statistics.median(walls[arm]) for arm in ARMS}
        cpu = {arm: statistics.median(cpus[arm]) for arm in ARMS}
        sys.stdout.write(json.dumps({"size": args.size, "rounds": args.rounds, "projects": counts,
                                     "wall_s": {a: [round(w, 2) for w in walls[a]] for a in ARMS},
                                     "cpu_s": {a: [round(c, 2) for c in cpus[a]] for a in ARMS},
                                     "median_wall_s": {a: round(w, 2) for a, w in wall.items()},
                                     "median_cpu_s": {a: round(c, 2) for a, c in cpu.items()},
                                     "wall_new_over_base": round(wall["new"] / wall["base"], 3),
                                     "cpu_new_over_base": round(cpu["new"] / cpu["base"], 3),
                                     "wall_new_over_home_only": round(wall["new"] / wall["home-only"], 3),
                                     "cpu_new_over_home_only": round(cpu["new"] / cpu["home-only"], 3)},
                                    indent=2) + "\n")


if __name__ == "__main__":
    main()
