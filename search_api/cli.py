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


def _filters(args: argparse.Namespace) -> Any:
    from search_api.search import Filters

    return Filters(county=args.county, block=args.block, task=args.task, industry=args.industry,
                   chain=args.chain, year_from=args.year_from, year_to=args.year_to,
                   min_investment_wan=args.min_investment, max_investment_wan=args.max_investment)


def _print_hits(hits: list[dict[str, Any]]) -> None:
    table = Table("#", "name", "county", "score", "why")
    for n, h in enumerate(hits, start=1):
        why = h["why"]
        reasons = [f"词:{'、'.join(why['matched_terms'][:5])}"] if why["matched_terms"] else []
        reasons += [f"{k}:{v}" for k, v in why["shared"].items()]
        if why.get("vector_score") is not None:
            reasons.append(f"cos {why['vector_score']:.3f}")
        table.add_row(str(n), h["name"], h["county"] or "", f"{h['score']:.4f}", "  ".join(reasons))
    console.print(table)


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from search_api.search import Mode
    from search_api.services import Services

    with Services(settings, show_progress=not args.json) as services:
        hits = services.searcher.search(args.text, k=args.k, filters=_filters(args), mode=Mode(args.mode))
    _emit(args, [h.model_dump() for h in hits], _print_hits)
    return 0


def cmd_similar(args: argparse.Namespace, settings: Settings) -> int:
    from search_api.search import Mode
    from search_api.services import Services

    with Services(settings, show_progress=not args.json) as services:
        if args.id not in services.searcher.index.position:
            err_console.print(f"[red]no project with id {args.id!r}")
            return 2
        hits = services.searcher.similar(args.id, k=args.k, filters=_filters(args), mode=Mode(args.mode))
    _emit(args, [h.model_dump() for h in hits], _print_hits)
    return 0


def cmd_duplicates(args: argparse.Namespace, settings: Settings) -> int:
    from search_api.services import Services

    with Services(settings, show_progress=not args.json) as services:
        from search_api.duplicates import DEFAULT_MIN_SCORE

        min_score = DEFAULT_MIN_SCORE if args.min_score is None else args.min_score
        report = services.duplicates(min_score, args.across_counties)

    def human(data: dict[str, Any]) -> None:
        table = Table("score", "a", "b", "evidence")
        for p in data["pairs"]:
            ev = p["evidence"]
            table.add_row(f"{p['score']:.3f}", f"{p['a_name']}（{p['a_county']}）", f"{p['b_name']}（{p['b_county']}）",
                          f"cos {ev['cosine']} name {ev['name_similarity']}" + (" money" if ev["same_investment"] else ""))
        console.print(table)
        console.print(f"{len(data['pairs'])} pairs in {len(data['clusters'])} clusters "
                      f"({data['candidates']} candidates scored)")

    _emit(args, report.model_dump(), human)
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from search_api.evaluate import Evaluator, read_pairs
    from search_api.services import Services

    pairs = read_pairs(Path(args.pairs))
    with Services(settings, show_progress=not args.json) as services:
        result = Evaluator(services.searcher).run(pairs, k=args.k)

    def human(data: dict[str, Any]) -> None:
        table = Table("method", "ROC AUC", "precision", "recall", "F1", f"recall@{args.k}", "MRR")
        for method in ("model", "bm25", "hybrid"):
            d, s = data["duplicates"][method], data["similar"].get(method, {})
            table.add_row(method, str(d["roc_auc"]), str(d["precision"]), str(d["recall"]), str(d["f1"]),
                          str(s.get(f"recall@{args.k}")), str(s.get("mrr")))
        console.print(table)

    _emit(args, result, human)
    return 0


def cmd_chain(args: argparse.Namespace, settings: Settings) -> int:
    from ontology import load_gazetteer
    from search_api.chains import chain_view, load_chain, opportunities, resolve_chain

    gaz = load_gazetteer()
    chain_id = resolve_chain(gaz, args.name)
    if chain_id is None:
        err_console.print(f"[red]no chain matches {args.name!r}; chains: "
                          + ", ".join(c.name for c in gaz.by_label("IndustrialChain")))
        return 2
    with open_store(settings) as store:
        cg = load_chain(store, chain_id)
        if cg is None:
            err_console.print(f"[red]chain {chain_id} is not in the store; ingest first")
            return 2
        data = chain_view(cg, gaz)
        if args.county:
            county = gaz.county(args.county)
            if county is None:
                err_console.print(f"[red]unknown county {args.county!r}")
                return 2
            data["opportunities"] = {"county": county.name, "items": opportunities(cg, county.id)}

    def human(d: dict[str, Any]) -> None:
        console.print(f"[bold]{d['name']}[/bold]" + ("（样例数据）" if d["sample"] else ""))
        table = Table("#", "link", "enterprises", "projects (county)")
        for link in d["links"]:
            projects = "；".join(f"{p['name']}（{p['county']}）" for p in link["projects"]) or "[red]缺口：无项目"
            table.add_row(str(link["order"]), link["name"], "、".join(e["name"] for e in link["enterprises"]), projects)
        console.print(table)
        for p in d["partners"]:
            for via in p["via"]:
                console.print(f"partner {p['name']}: {via['path']}")
        console.print_json(json.dumps(d["gaps"], ensure_ascii=False))
        for o in d.get("opportunities", {}).get("items", []):
            console.print(f"opportunity {o['link']} ({o['direction']}, held by {o['held_by']}): {o['path']}")

    _emit(args, data, human)
    return 0


def cmd_partners(args: argparse.Namespace, settings: Settings) -> int:
    from search_api.partners import CANDIDATE_LABELS, PartnerFinder
    from search_api.services import Services

    kinds = tuple(args.kind) if args.kind else CANDIDATE_LABELS
    with Services(settings, show_progress=not args.json) as services:
        finder = PartnerFinder(services.store, services.gaz, services.searcher)
        subject = finder.resolve(args.subject)
        if subject is None:
            err_console.print(f"[red]{args.subject!r} is neither a county nor a project")
            return 2
        results = finder.find(subject, k=args.k, kinds=kinds)
    data = {"subject": {"id": subject.id, "label": subject.label, "name": subject.props.get("name")},
            "partners": results}

    def human(d: dict[str, Any]) -> None:
        table = Table("#", "partner", "kind", "score", "why (graph path)")
        for n, r in enumerate(d["partners"], start=1):
            table.add_row(str(n), r["name"], r["label"], f"{r['score']:.2f}",
                          "\n".join(f"[{x['kind']}] {x['path']}" for x in r["reasons"][:2]))
        console.print(table)

    _emit(args, data, human)
    return 0


def cmd_block(args: argparse.Namespace, settings: Settings) -> int:
    from search_api.partners import block_view
    from search_api.services import Services

    with Services(settings, show_progress=not args.json) as services:
        data = block_view(services.store, services.gaz, args.name, services.searcher, year=args.year)
    if data is None:
        err_console.print(f"[red]no block named {args.name!r}")
        return 2
    _emit(args, data, lambda d: console.print_json(json.dumps(d, ensure_ascii=False)))
    return 0


def cmd_transfer(args: argparse.Namespace, settings: Settings) -> int:
    """`export` writes the whole graph to JSON Lines; `import` restores one."""
    from graph.transfer import export_graph, import_graph

    run, verb, preposition = ((export_graph, "exported", "to") if args.command == "export"
                              else (import_graph, "imported", "from"))
    with open_store(settings) as store:
        summary = run(store, Path(args.file))

    def human(d: dict[str, Any]) -> None:
        console.print(f"{verb} {d['documents']} documents, {d['nodes']} nodes and {d['edges']} "
                      f"relationships {preposition} {d['path']}")

    _emit(args, summary.model_dump(), human)
    return 0


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
    p = sub.add_parser("search", parents=[common], help="hybrid search for projects")
    p.add_argument("text")
    _add_filters(p)
    p.set_defaults(func=cmd_search)
    p = sub.add_parser("similar", parents=[common], help="projects similar to one project")
    p.add_argument("id")
    _add_filters(p)
    p.set_defaults(func=cmd_similar)
    p = sub.add_parser("duplicates", parents=[common], help="likely duplicate projects")
    p.add_argument("--min-score", type=float, default=None, help="decision threshold (default: calibrated)")
    p.add_argument("--across-counties", action="store_true", help="only pairs in different counties")
    p.set_defaults(func=cmd_duplicates)
    p = sub.add_parser("eval", parents=[common], help="measure duplicates and similar on labelled pairs")
    p.add_argument("pairs", help="JSON Lines of {a, b, label}")
    p.add_argument("-k", type=int, default=10)
    p.set_defaults(func=cmd_eval)
    p = sub.add_parser("chain", parents=[common], help="an industrial chain: links, projects, gaps")
    p.add_argument("name", help="chain id or any part of its name, e.g. 氢能")
    p.add_argument("--county", help="also list opportunities for this county")
    p.set_defaults(func=cmd_chain)
    p = sub.add_parser("partners", parents=[common], help="who a county or project should work with")
    p.add_argument("subject", help="county name or project id/name")
    p.add_argument("-k", type=int, default=10)
    p.add_argument("--kind", action="append", choices=["County", "Region", "Enterprise", "Project"])
    p.set_defaults(func=cmd_partners)
    p = sub.add_parser("block", parents=[common], help="a block: members, lead county, joint projects")
    p.add_argument("name", help="沿汾 / 沿黄 / 沿太岳")
    p.add_argument("--year", type=int, default=2023)
    p.set_defaults(func=cmd_block)
    p = sub.add_parser("export", parents=[common], help="write the whole graph to a JSON Lines file")
    p.add_argument("file", help="where to write, e.g. graph.jsonl")
    p.set_defaults(func=cmd_transfer)
    p = sub.add_parser("import", parents=[common], help="restore a JSON Lines export, one document at a time")
    p.add_argument("file", help="a file written by `planatlas export`")
    p.set_defaults(func=cmd_transfer)
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
