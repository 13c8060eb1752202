"""Human output of the `planatlas` command through rich: tables on stdout,
progress bars and errors on stderr. `--json` output bypasses all of this."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph.transfer import TransferSummary
from search_api.core import models as m
from search_api.core.progress import ProgressHook

console = Console()
err_console = Console(stderr=True)


def to_json(data: BaseModel | list[Any]) -> Any:
    """JSON-ready data of a model or a list of models, with the API's field names."""
    if isinstance(data, list):
        return [to_json(item) for item in data]
    return data.model_dump(mode="json", by_alias=True)


def emit_json(data: BaseModel | list[Any]) -> None:
    sys.stdout.write(json.dumps(to_json(data), ensure_ascii=False, indent=2) + "\n")


def error(message: str) -> None:
    err_console.print(f"[red]error:[/red] {message}")


class Bars:
    """Progress bars on stderr, shown only on a terminal and never with --json."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and err_console.is_terminal

    @contextmanager
    def task(self, what: str, total: int) -> Iterator[ProgressHook]:
        if not self.enabled or total == 0:
            yield lambda n, note="": None
            return
        bar = Progress(TextColumn(f"[bold]{what}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                       TextColumn("{task.description}"), console=err_console)
        task = bar.add_task("", total=total)

        def advance(n: int, note: str = "") -> None:
            bar.update(task, advance=n, description=note or None)

        with bar:
            yield advance


def ingest_report(rows: list[Any]) -> None:
    table = Table("file", "status", "nodes", "edges", "detail")
    for r in rows:
        detail = r.error or ", ".join(f"{k} {v}" for k, v in r.by_label.items())
        if not r.error and r.places.get("placed", 0) + r.places.get("unplaced", 0) + r.places.get("city_level", 0):
            detail += "; projects " + ", ".join(f"{k.replace('_', '-')} {v}" for k, v in r.places.items())
        style = {"failed": "red", "unchanged": "dim"}.get(r.status, "green")
        table.add_row(Path(r.path).name, f"[{style}]{r.status}", str(r.nodes), str(r.edges), detail)
        for warning in r.warnings:
            table.add_row("", "[yellow]warning", "", "", warning)
    console.print(table)


def stats(d: m.Stats) -> None:
    console.print(f"backend {d.backend}: {d.nodes} nodes, {d.edges} relationships, {len(d.documents)} documents")
    for title, counts in (("label", d.by_label), ("relationship", d.by_type)):
        table = Table(title, "count")
        for k, v in counts.items():
            table.add_row(k, str(v))
        console.print(table)


def as_json(data: BaseModel) -> None:
    console.print_json(json.dumps(to_json(data), ensure_ascii=False))


def tasks(rows: list[m.TaskSummary]) -> None:
    table = Table("ordinal", "title", "projects", "mentions")
    for r in rows:
        table.add_row(r.ordinal, r.title, str(len(r.projects)), "、".join(r.mentions[:8]))
    console.print(table)


def projects(rows: list[m.ProjectSummary]) -> None:
    table = Table("id", "name", "county", "task", "万元", "years", "chains")
    for r in rows:
        county = r.county or ""
        if r.home is False:  # another city's project: say which city
            county = f"{county}（{r.city or r.province or ''}）"
        table.add_row(r.id, r.name, county, str(r.task.number) if r.task else "",
                      "" if r.investment_wan is None else f"{r.investment_wan:g}", r.years or "", ",".join(r.chains))
    console.print(table)
    console.print(f"{len(rows)} projects")
    for r in rows:  # values the sources disagree on: every one, never silently the last
        for c in r.conflicts:
            said = " / ".join(f"{v.value} ({v.doc} row {', '.join(map(str, v.rows)) or '-'})" for v in c.values)
            console.print(f"[yellow]sources disagree[/yellow] {r.id} {c.field}: {said}")


def hits(rows: list[m.Hit]) -> None:
    table = Table("#", "name", "county", "score", "why")
    for n, h in enumerate(rows, start=1):
        reasons = [f"词:{'、'.join(h.why.matched_terms[:5])}"] if h.why.matched_terms else []
        reasons += [f"{k}:{v}" for k, v in h.why.shared.items()]
        if h.why.vector_score is not None:
            reasons.append(f"cos {h.why.vector_score:.3f}")
        table.add_row(str(n), h.name, h.county or "", f"{h.score:.4f}", "  ".join(reasons))
    console.print(table)


def duplicates(d: m.DuplicateReport) -> None:
    table = Table("score", "a", "b", "evidence", "review")
    for p in d.pairs:
        ev = p.evidence
        review = f"{p.review.decision}{' (text changed)' if p.review.stale else ''}" if p.review else ""
        table.add_row(f"{p.score:.3f}", f"{p.a_name}（{p.a_county}）", f"{p.b_name}（{p.b_county}）",
                      f"cos {ev.cosine} name {ev.name_similarity}" + (" money" if ev.same_investment else ""), review)
    console.print(table)
    console.print(f"{len(d.pairs)} pairs in {len(d.clusters)} clusters ({d.candidates} candidates scored"
                  f"{f', {d.rejected_hidden} rejected by a reviewer left out' if d.rejected_hidden else ''})")


def reviews(rows: list[m.ReviewRecord]) -> None:
    table = Table("decision", "a", "b", "reviewer", "at", "comment")
    for r in rows:
        table.add_row(r.decision + (" (text changed)" if r.stale else ""), f"{r.a_name or r.a}",
                      f"{r.b_name or r.b}", r.reviewer, r.decided_at, r.comment)
    console.print(table)
    console.print(f"{len(rows)} decisions")


def written(path: Path, what: str) -> None:
    console.print(f"wrote {what} to {path}")


def evaluation(d: m.EvalReport) -> None:
    k = d.similar.get("k")
    table = Table("method", "ROC AUC", "precision", "recall", "F1", f"recall@{k}", "MRR")
    for method in ("model", "bm25", "hybrid"):
        q = d.duplicates[method]
        s = d.similar.get(method)
        ranks = s if isinstance(s, dict) else {}
        table.add_row(method, str(q.roc_auc), str(q.precision), str(q.recall), str(q.f1),
                      str(ranks.get(f"recall@{k}")), str(ranks.get("mrr")))
    console.print(table)
    if d.fitted_weights:
        console.print(f"duplicate weights fitted on these pairs (log-odds): {json.dumps(d.fitted_weights)}")
    if d.calibrated:
        console.print(f"calibrated scoring overrides: {json.dumps(d.calibrated, ensure_ascii=False)}")


def task_inference(d: m.TaskInferenceReport) -> None:
    table = Table("method", "top-1 accuracy", "coverage", "accuracy", "threshold")
    for x in d.methods:
        table.add_row(x.method, str(x.top1_accuracy), str(x.coverage), str(x.accuracy), str(x.threshold))
    console.print(f"{d.labelled} labelled rows, {d.tasks} tasks")
    console.print(table)


def extraction_quality(d: m.ExtractionReport) -> None:
    table = Table("split", "kind", "precision", "recall", "right/extracted", "found/expected")
    for split, kinds in d.totals.items():
        for kind, s in kinds.items():
            table.add_row(split, kind, str(s.precision), str(s.recall), f"{s.correct}/{s.extracted}",
                          f"{s.found}/{s.expected}")
    console.print(table)
    console.print(f"standard industry coverage: {d.industry_coverage}")
    if d.industry_sample:
        sample = d.industry_sample
        console.print(f"labelled sample: section right {sample.section_right}/{sample.labelled} "
                      f"({sample.section_accuracy}), assigned {sample.assigned} {sample.by_source}")


def chain(d: m.ChainView) -> None:
    console.print(f"[bold]{d.name}[/bold]" + ("（样例数据）" if d.sample else ""))
    table = Table("#", "link", "enterprises", "projects (county)")
    for link in d.links:
        names = "；".join(f"{p.name}（{p.county}）" for p in link.projects) or "[red]缺口：无项目"
        table.add_row(str(link.order), link.name, "、".join(e.name for e in link.enterprises), names)
    console.print(table)
    for p in d.partners:
        for via in p.via:
            console.print(f"partner {p.name}: {via.path}")
    as_json(d.gaps)
    for o in d.opportunities.items if d.opportunities else []:
        console.print(f"opportunity {o.link} ({o.direction}, held by {o.held_by}): {o.path}")


def partners(d: m.PartnerReport) -> None:
    table = Table("#", "partner", "kind", "score", "why (graph path)")
    for n, r in enumerate(d.partners, start=1):
        table.add_row(str(n), r.name, r.label, f"{r.score:.2f}",
                      "\n".join(f"[{x.kind}] {x.path}" for x in r.reasons[:2]))
    console.print(table)


def transfer(d: TransferSummary, verb: str, preposition: str) -> None:
    console.print(f"{verb} {d.documents} documents, {d.nodes} nodes and {d.edges} relationships "
                  f"{preposition} {d.path}")
