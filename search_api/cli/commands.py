"""One function per `planatlas` subcommand: open the service, call one of
its methods, print the result (`--json` for scripts, rich tables for people).
Errors are PlanAtlas errors, turned into a message and exit code in `main`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from graph.transfer import export_graph, import_graph
from ontology import InputError
from search_api.cli import render
from search_api.core.config import write_overrides
from search_api.core.evaluate import MIN_CALIBRATION_PAIRS
from search_api.core.export import Format
from search_api.core.export import render as render_book
from search_api.core.models import Workbook
from search_api.core.review import to_jsonl
from search_api.core.search import Filters, Mode
from search_api.core.service import PlanAtlas
from search_api.settings import Settings, open_store

T = TypeVar("T", bound=BaseModel | list[Any])


def _open(args: argparse.Namespace, settings: Settings, with_model: bool = True) -> PlanAtlas:
    return PlanAtlas.open(settings, with_model=with_model, progress=render.Bars(not args.json))


def _show(args: argparse.Namespace, data: T, human: Callable[[T], None]) -> None:
    if args.json:
        render.emit_json(data)
    else:
        human(data)


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(county=args.county, block=args.block, task=args.task, industry=args.industry,
                   chain=args.chain, year_from=args.year_from, year_to=args.year_to,
                   min_investment_wan=args.min_investment, max_investment_wan=args.max_investment,
                   standard_industry=args.standard_industry, city=args.city, province=args.province)


def _wants_file(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "xlsx", None) or getattr(args, "csv", None))


def _write_book(args: argparse.Namespace, book: Workbook) -> int:
    """`--xlsx FILE` and/or `--csv FILE`: the result as a spreadsheet instead of a table."""
    for path, fmt in ((args.xlsx, Format.XLSX), (args.csv, Format.CSV)):
        if path:
            path.write_bytes(render_book(book, fmt))
            render.written(path, f"{sum(len(t.rows) for t in book.sheets)} rows ({fmt.value})")
    return 0


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    with _open(args, settings) as service:  # the model loads only if a project's industry needs it
        report = service.ingest([Path(p) for p in args.paths], force=args.force, workers=args.workers)
    _show(args, report.files, render.ingest_report)
    return 1 if report.failed else 0


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    with _open(args, settings, with_model=False) as service:
        _show(args, service.stats(), render.stats)
    return 0


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    with _open(args, settings, with_model=False) as service:
        _show(args, service.node(args.id), render.as_json)
    return 0


def cmd_tasks(args: argparse.Namespace, settings: Settings) -> int:
    with _open(args, settings, with_model=False) as service:
        _show(args, service.tasks(), render.tasks)
    return 0


def cmd_projects(args: argparse.Namespace, settings: Settings) -> int:
    with _open(args, settings, with_model=False) as service:
        if _wants_file(args):
            return _write_book(args, service.export_projects(args.county, args.block))
        page = service.projects(county=args.county, block=args.block, task=args.task, city=args.city,
                                province=args.province)
    _show(args, page.data, render.projects)
    return 0


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    with _open(args, settings) as service:
        if _wants_file(args):
            return _write_book(args, service.export_search(args.text, args.k, _filters(args), Mode(args.mode)))
        hits = service.search(args.text, k=args.k, filters=_filters(args), mode=Mode(args.mode))
    _show(args, hits, render.hits)
    return 0


def cmd_similar(args: argparse.Namespace, settings: Settings) -> int:
    with _open(args, settings) as service:
        hits = service.similar(args.id, k=args.k, filters=_filters(args), mode=Mode(args.mode))
    _show(args, hits, render.hits)
    return 0


def cmd_duplicates(args: argparse.Namespace, settings: Settings) -> int:
    with _open(args, settings) as service:
        if _wants_file(args):
            return _write_book(args, service.export_duplicates(args.min_score, args.across_counties))
        _show(args, service.duplicates(args.min_score, args.across_counties), render.duplicates)
    return 0


def cmd_review(args: argparse.Namespace, settings: Settings) -> int:
    with _open(args, settings, with_model=False) as service:
        _show(args, service.review(args.a, args.b, args.decision, args.comment, args.reviewer), render.as_json)
    return 0


def cmd_reviews(args: argparse.Namespace, settings: Settings) -> int:
    """The decisions; `--labels FILE` writes the labelled pairs `planatlas eval` reads."""
    with _open(args, settings, with_model=False) as service:
        if args.labels:
            rows = service.review_labels()
            args.labels.write_text(to_jsonl(rows), encoding="utf-8")
            render.written(args.labels, f"{len(rows)} labelled pairs")
            return 0
        _show(args, service.reviews(), render.reviews)
    return 0


def cmd_merge(args: argparse.Namespace, settings: Settings) -> int:
    with _open(args, settings, with_model=False) as service:
        _show(args, service.merge(args.ids, args.reviewer), render.as_json)
    return 0


def cmd_unmerge(args: argparse.Namespace, settings: Settings) -> int:
    with _open(args, settings, with_model=False) as service:
        _show(args, service.unmerge(args.merge_id), render.as_json)
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    with _open(args, settings) as service:
        report = service.evaluate(Path(args.pairs), k=args.k)
    if args.write_config:
        if report.calibrated is None:
            raise InputError(args.pairs, f"too few labelled pairs to calibrate (need {MIN_CALIBRATION_PAIRS} of each)")
        write_overrides(Path(args.write_config), report.calibrated)
    _show(args, report, render.evaluation)
    return 0


def cmd_eval_tasks(args: argparse.Namespace, settings: Settings) -> int:
    with _open(args, settings) as service:
        _show(args, service.eval_tasks(), render.task_inference)
    return 0


def cmd_eval_extraction(args: argparse.Namespace, settings: Settings) -> int:
    with _open(args, settings) as service:  # the model places projects no keyword does
        _show(args, service.eval_extraction(Path(args.folder)), render.extraction_quality)
    return 0


def cmd_chain(args: argparse.Namespace, settings: Settings) -> int:
    with _open(args, settings, with_model=False) as service:
        if _wants_file(args):
            return _write_book(args, service.export_chain(args.name, args.county))
        _show(args, service.chain(args.name, args.county), render.chain)
    return 0


def cmd_partners(args: argparse.Namespace, settings: Settings) -> int:
    with _open(args, settings) as service:
        report = service.partners(args.subject, k=args.k, kinds=tuple(args.kind or ()))
    _show(args, report, render.partners)
    return 0


def cmd_block(args: argparse.Namespace, settings: Settings) -> int:
    with _open(args, settings) as service:
        _show(args, service.block(args.name, args.year or date.today().year), render.as_json)
    return 0


def cmd_transfer(args: argparse.Namespace, settings: Settings) -> int:
    """`export` writes the whole graph to JSON Lines; `import` restores one."""
    exporting = args.command == "export"
    with open_store(settings) as store:
        summary = (export_graph if exporting else import_graph)(store, Path(args.file))
    verb, preposition = ("exported", "to") if exporting else ("imported", "from")
    _show(args, summary, lambda d: render.transfer(d, verb, preposition))
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from search_api.http.app import KEEP_ALIVE_SECONDS, MAX_CONNECTIONS, MAX_HEADER_BYTES, create_app
    from search_api.http.slow_clients import serve_protocol

    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info",
                timeout_keep_alive=KEEP_ALIVE_SECONDS, limit_concurrency=MAX_CONNECTIONS,
                h11_max_incomplete_event_size=MAX_HEADER_BYTES,
                http=serve_protocol(settings.max_client_connections))
    return 0
