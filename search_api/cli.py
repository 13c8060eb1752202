"""The `planatlas` console command. Every subcommand a script might read takes
`--json`; human output goes to the terminal through rich, progress to stderr."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ontology import PlanAtlasError
from search_api.settings import Settings, open_store
from search_api.views import node_view, projects_view, stats_view, tasks_view

console = Console()
err_console = Console(stderr=True)


def _emit(args: argparse.Namespace, data: Any, human: Callable[[Any], None]) -> None:
    if args.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        human(data)


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.pipeline import Ingestor, expand_paths, ordered

    paths = [Path(p) for p in args.paths]
    missing = [p for p in paths if not p.exists()]
    files = ordered(expand_paths(p for p in paths if p.exists()))
    with open_store(settings) as store:
        ingestor = Ingestor(store, max_bytes=settings.max_bytes)
        progress = Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), TextColumn("{task.description}"),
                            console=err_console, disable=args.json or not err_console.is_terminal)
        with progress:
            task = progress.add_task("", total=len(files))
            results = []
            for path in files:
                progress.update(task, description=path.name)
                results.append(ingestor.ingest_file(path, force=args.force))
                progress.advance(task)
    report = [r.model_dump() for r in results]
    report += [{"path": str(p), "status": "failed", "error": f"{p}: no such file or folder"} for p in missing]

    def human(rows: list[dict[str, Any]]) -> None:
        table = Table("file", "status", "nodes", "edges", "detail")
        for r in rows:
            detail = r.get("error") or ", ".join(f"{k} {v}" for k, v in (r.get("by_label") or {}).items())
            style = {"failed": "red", "unchanged": "dim"}.get(r["status"], "green")
            table.add_row(Path(r["path"]).name, f"[{style}]{r['status']}", str(r.get("nodes", "")),
                          str(r.get("edges", "")), detail)
            for warning in r.get("warnings") or []:
                table.add_row("", "[yellow]warning", "", "", warning)
        console.print(table)

    _emit(args, report, human)
    return 1 if any(r["status"] == "failed" for r in report) else 0


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    with open_store(settings) as store:
        data = stats_view(store)

    def human(d: dict[str, Any]) -> None:
        console.print(f"backend {d['backend']}: {d['nodes']} nodes, {d['edges']} relationships, "
                      f"{len(d['documents'])} documents")
        for title, counts in (("label", d["by_label"]), ("relationship", d["by_type"])):
            table = Table(title, "count")
            for k, v in counts.items():
                table.add_row(k, str(v))
            console.print(table)

    _emit(args, data, human)
    return 0


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    with open_store(settings) as store:
        node = store.get_node(args.id)
        if node is None:
            err_console.print(f"[red]no node with id {args.id!r}")
            return 2
        data = node_view(store, node)
    _emit(args, data, lambda d: console.print_json(json.dumps(d, ensure_ascii=False, default=str)))
    return 0


def cmd_tasks(args: argparse.Namespace, settings: Settings) -> int:
    with open_store(settings) as store:
        data = tasks_view(store)

    def human(rows: list[dict[str, Any]]) -> None:
        table = Table("ordinal", "title", "projects", "mentions")
        for r in rows:
            table.add_row(r["ordinal"], r["title"], str(len(r["projects"])), "、".join(r["mentions"][:8]))
        console.print(table)

    _emit(args, data, human)
    return 0


def cmd_projects(args: argparse.Namespace, settings: Settings) -> int:
    with open_store(settings) as store:
        county = args.county
        if county:
            from ontology import load_gazetteer

            entry = load_gazetteer().county(county)
            county = entry.name if entry else county
        data = projects_view(store, county=county, block=args.block, task=args.task)

    def human(rows: list[dict[str, Any]]) -> None:
        table = Table("id", "name", "county", "task", "万元", "years", "chains")
        for r in rows:
            task = r["task"]["number"] if r["task"] else ""
            table.add_row(r["id"], r["name"], r["county"] or "", str(task),
                          "" if r["investment_wan"] is None else f"{r['investment_wan']:g}", r["years"] or "",
                          ",".join(r["chains"]))
        console.print(table)
        console.print(f"{len(rows)} projects")

    _emit(args, data, human)
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from search_api.app import create_app

    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="planatlas", description="Knowledge graph and search for planners.")
    parser.add_argument("--backend", choices=["sqlite", "neo4j"], help="store backend (PLANATLAS_BACKEND)")
    parser.add_argument("--home", type=Path, help="data folder of the embedded store (PLANATLAS_HOME)")
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print JSON for scripts")

    p = sub.add_parser("ingest", parents=[common], help="ingest files or folders")
    p.add_argument("paths", nargs="+")
    p.add_argument("--force", action="store_true", help="re-ingest even unchanged files")
    p.set_defaults(func=cmd_ingest)
    sub.add_parser("stats", parents=[common], help="counts by label and type").set_defaults(func=cmd_stats)
    p = sub.add_parser("show", parents=[common], help="one node with its relationships")
    p.add_argument("id")
    p.set_defaults(func=cmd_show)
    sub.add_parser("tasks", parents=[common], help="the policy tasks").set_defaults(func=cmd_tasks)
    p = sub.add_parser("projects", parents=[common], help="list projects, with filters")
    p.add_argument("--county", help="county name or short form, e.g. 洪洞")
    p.add_argument("--block", help="block name, e.g. 沿汾")
    p.add_argument("--task", type=int, help="task number, e.g. 8")
    p.set_defaults(func=cmd_projects)
    p = sub.add_parser("serve", help="serve the API and web UI")
    p.add_argument("--host", default="127.0.0.1", help="bind address (default loopback only)")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    overrides = {k: v for k, v in (("backend", args.backend), ("home", args.home)) if v is not None}
    try:
        settings = Settings(**overrides)
        return int(args.func(args, settings))
    except PlanAtlasError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
