"""Ingest speed with the national gazetteer against an older code tree, in one
run: the same generated project lists are ingested into fresh SQLite stores by
each tree in turn (alternating, `--rounds` times), each in its own process, and
the ratios of the median wall and CPU times are printed (CPU time is the
steadier figure on a shared machine). The extractor and gazetteer are
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


def run(tree: Path, data: Path, home: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, "-c", CHILD, str(data), str(home)], cwd=tree, env=env,
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
        walls: dict[str, list[float]] = {"base": [], "new": []}
        cpus: dict[str, list[float]] = {"base": [], "new": []}
        counts: dict[str, float] = {}
        for r in range(args.rounds):
            for name, tree in (("base", args.base), ("new", ROOT)):
                result = run(tree, data, Path(tmp) / f"{name}-{r}")
                walls[name].append(result["wall"])
                cpus[name].append(result["cpu"])
                counts[name] = result["projects"]
        base, new = statistics.median(walls["base"]), statistics.median(walls["new"])
        base_cpu, new_cpu = statistics.median(cpus["base"]), statistics.median(cpus["new"])
        sys.stdout.write(json.dumps({"size": args.size, "rounds": args.rounds, "projects": counts,
                                     "base_s": [round(w, 2) for w in walls["base"]],
                                     "new_s": [round(w, 2) for w in walls["new"]],
                                     "median_base_s": round(base, 2), "median_new_s": round(new, 2),
                                     "new_over_base": round(new / base, 3),
                                     "base_cpu_s": [round(c, 2) for c in cpus["base"]],
                                     "new_cpu_s": [round(c, 2) for c in cpus["new"]],
                                     "cpu_new_over_base": round(new_cpu / base_cpu, 3)}, indent=2) + "\n")


if __name__ == "__main__":
    main()
