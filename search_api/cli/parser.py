"""The `planatlas` command line: subcommands and their options."""

from __future__ import annotations

import argparse
from pathlib import Path

from search_api.cli import commands as c


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("-k", type=int, default=10, help="how many results")
    p.add_argument("--county")
    p.add_argument("--block")
    p.add_argument("--task", type=int)
    p.add_argument("--industry")
    p.add_argument("--chain", help="chain id or part of its name, e.g. 氢能")
    p.add_argument("--year-from", type=int)
    p.add_argument("--year-to", type=int)
    p.add_argument("--min-investment", type=float, help="万元")
    p.add_argument("--max-investment", type=float, help="万元")
    p.add_argument("--mode", choices=["hybrid", "vector", "bm25"], default="hybrid")


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
    p.add_argument("--workers", type=int, default=1, help="processes extracting project lists (default 1)")
    p.set_defaults(func=c.cmd_ingest)
    sub.add_parser("stats", parents=[common], help="counts by label and type").set_defaults(func=c.cmd_stats)
    p = sub.add_parser("show", parents=[common], help="one node with its relationships")
    p.add_argument("id")
    p.set_defaults(func=c.cmd_show)
    sub.add_parser("tasks", parents=[common], help="the policy tasks").set_defaults(func=c.cmd_tasks)
    p = sub.add_parser("projects", parents=[common], help="list projects, with filters")
    p.add_argument("--county", help="county name or short form, e.g. 洪洞")
    p.add_argument("--block", help="block name, e.g. 沿汾")
    p.add_argument("--task", type=int, help="task number, e.g. 8")
    p.set_defaults(func=c.cmd_projects)
    p = sub.add_parser("search", parents=[common], help="hybrid search for projects")
    p.add_argument("text")
    _add_filters(p)
    p.set_defaults(func=c.cmd_search)
    p = sub.add_parser("similar", parents=[common], help="projects similar to one project")
    p.add_argument("id")
    _add_filters(p)
    p.set_defaults(func=c.cmd_similar)
    p = sub.add_parser("duplicates", parents=[common], help="likely duplicate projects")
    p.add_argument("--min-score", type=float, default=None, help="decision threshold (default: calibrated)")
    p.add_argument("--across-counties", action="store_true", help="only pairs in different counties")
    p.set_defaults(func=c.cmd_duplicates)
    p = sub.add_parser("eval", parents=[common], help="measure duplicates and similar on labelled pairs")
    p.add_argument("pairs", help="JSON Lines of {a, b, label}")
    p.add_argument("-k", type=int, default=10)
    p.add_argument("--write-config", metavar="FILE",
                   help="save cosine cut-offs calibrated on these pairs (load with PLANATLAS_SCORING_CONFIG)")
    p.set_defaults(func=c.cmd_eval)
    p = sub.add_parser("chain", parents=[common], help="an industrial chain: links, projects, gaps")
    p.add_argument("name", help="chain id or any part of its name, e.g. 氢能")
    p.add_argument("--county", help="also list opportunities for this county")
    p.set_defaults(func=c.cmd_chain)
    p = sub.add_parser("partners", parents=[common], help="who a county or project should work with")
    p.add_argument("subject", help="county name or project id/name")
    p.add_argument("-k", type=int, default=10)
    p.add_argument("--kind", action="append", choices=["County", "Region", "Enterprise", "Project"])
    p.set_defaults(func=c.cmd_partners)
    p = sub.add_parser("block", parents=[common], help="a block: members, lead county, joint projects")
    p.add_argument("name", help="沿汾 / 沿黄 / 沿太岳")
    p.add_argument("--year", type=int, default=None, help="whose turn to lead (default: this year)")
    p.set_defaults(func=c.cmd_block)
    p = sub.add_parser("export", parents=[common], help="write the whole graph to a JSON Lines file")
    p.add_argument("file", help="where to write, e.g. graph.jsonl")
    p.set_defaults(func=c.cmd_transfer)
    p = sub.add_parser("import", parents=[common], help="restore a JSON Lines export, one document at a time")
    p.add_argument("file", help="a file written by `planatlas export`")
    p.set_defaults(func=c.cmd_transfer)
    p = sub.add_parser("serve", help="serve the API and web UI")
    p.add_argument("--host", default="127.0.0.1", help="bind address (default loopback only)")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=c.cmd_serve)
    return parser
