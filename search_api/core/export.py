"""Exports for planners' superiors: search results, a project list, the
duplicate report with its decisions and a chain's gaps, as a `Workbook` of
tables (one sheet per section) and then as .xlsx (openpyxl: Chinese headers,
column widths, a frozen header row) or CSV (UTF-8 with BOM, so Excel reads the
Chinese; sections one after another, each under its title).

The builders take the service's read models, so an export holds exactly
what the screen and the JSON API show."""

from __future__ import annotations

import csv
import io
from enum import StrEnum

from search_api.core.models import (
    ChainView,
    Column,
    DuplicateReport,
    Hit,
    ProjectSummary,
    ReviewRecord,
    Table,
    Workbook,
)

DECISION_NAMES = {"confirmed": "确认重复", "rejected": "不是重复", "later": "稍后"}
SHEET_TITLE_MAX = 31  # Excel's limit
_SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


class Format(StrEnum):
    JSON = "json"
    XLSX = "xlsx"
    CSV = "csv"


MEDIA_TYPES = {Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               Format.CSV: "text/csv; charset=utf-8"}


def _cols(*spec: tuple[str, int]) -> list[Column]:
    return [Column(header=h, width=w) for h, w in spec]


def _join(items: list[str] | None) -> str:
    return "、".join(items or [])


def search_workbook(query: str, hits: list[Hit]) -> Workbook:
    rows: list[list[str | int | float | bool | None]] = [
        [rank, h.id, h.name, h.county, _join(h.counties), h.block, h.task, _join(h.chains), round(h.score, 4),
         _join(h.why.matched_terms)] for rank, h in enumerate(hits, start=1)]
    columns = _cols(("排名", 6), ("项目ID", 28), ("项目名称", 40), ("县区", 10), ("涉及县区", 16), ("板块", 8),
                    ("任务", 6), ("产业链", 16), ("得分", 8), ("匹配词", 24))
    return Workbook(name=f"搜索-{query}"[:40], sheets=[Table(title="搜索结果", columns=columns, rows=rows)])


def projects_workbook(title: str, projects: list[ProjectSummary]) -> Workbook:
    rows: list[list[str | int | float | bool | None]] = [
        [p.id, p.name, p.county, _join(p.counties), p.block, p.content, p.investment_wan, p.years, p.owner,
         _join(p.chains), _join(p.industries), p.task.number if p.task else None, _join(p.aliases)]
        for p in projects]
    columns = _cols(("项目ID", 28), ("项目名称", 40), ("县区", 10), ("涉及县区", 16), ("板块", 8),
                    ("建设内容及规模", 60), ("总投资（万元）", 14), ("建设年限", 12), ("责任单位", 20),
                    ("产业链", 16), ("产业", 16), ("任务", 6), ("别名", 30))
    return Workbook(name=title, sheets=[Table(title="项目清单", columns=columns, rows=rows)])


def _decision_cells(decision: str, comment: str, reviewer: str, decided_at: str,
                    stale: bool) -> list[str | int | float | bool | None]:
    return [DECISION_NAMES.get(decision, decision), reviewer, decided_at, comment, "是" if stale else "否"]


def duplicates_workbook(report: DuplicateReport, reviews: list[ReviewRecord]) -> Workbook:
    pairs: list[list[str | int | float | bool | None]] = []
    for p in report.pairs:
        r = p.review
        decision = _decision_cells(r.decision, r.comment, r.reviewer, r.decided_at, r.stale) if r else \
            ["未审核", None, None, None, None]
        pairs.append([p.score, p.a, p.a_name, p.a_county, p.b, p.b_name, p.b_county, p.evidence.cosine,
                      p.evidence.name_similarity, "；".join(p.evidence.conflicts), *decision])
    decided = [[r.a, r.a_name, r.b, r.b_name,
                *_decision_cells(r.decision, r.comment, r.reviewer, r.decided_at, r.stale)] for r in reviews]
    review_cols = (("审核结论", 10), ("审核人", 10), ("审核时间", 22), ("备注", 30), ("文本已变更", 10))
    return Workbook(name="重复项目", sheets=[
        Table(title="疑似重复", rows=pairs, columns=_cols(
            ("重复得分", 9), ("项目A ID", 28), ("项目A", 36), ("县区A", 10), ("项目B ID", 28), ("项目B", 36),
            ("县区B", 10), ("向量余弦", 9), ("名称相似度", 10), ("冲突", 30), *review_cols)),
        Table(title="审核记录", rows=decided, columns=_cols(
            ("项目A ID", 28), ("项目A", 36), ("项目B ID", 28), ("项目B", 36), *review_cols))])


def chain_workbook(view: ChainView) -> Workbook:
    links: list[list[str | int | float | bool | None]] = [
        [link.order, link.name, len(link.projects), _join([p.name or p.id for p in link.projects]),
         len(link.enterprises), _join([e.name for e in link.enterprises]), "缺口" if link.gap else ""]
        for link in sorted(view.links, key=lambda lk: lk.order)]
    g = view.gaps
    gaps: list[list[str | int | float | bool | None]] = [
        ["没有项目的环节", name, ""] for name in g.links_without_projects]
    gaps += [["板块缺少的环节", link, _join(blocks)] for link, blocks in g.links_missing_in_block.items()]
    gaps += [["上游产出无本地下游", u.link, f"下游：{u.downstream}；项目：{_join([p or '' for p in u.projects])}"]
             for u in g.upstream_without_local_use]
    return Workbook(name=f"产业链-{view.name}", sheets=[
        Table(title="环节", rows=links, columns=_cols(("序号", 6), ("环节", 20), ("项目数", 8), ("项目", 60),
                                                      ("企业数", 8), ("企业", 40), ("缺口", 8))),
        Table(title="缺口", rows=gaps, columns=_cols(("类型", 20), ("环节", 20), ("说明", 60)))])


def _sheet_title(title: str, used: set[str]) -> str:
    base = title.translate(_SHEET_FORBIDDEN)[:SHEET_TITLE_MAX] or "Sheet"
    name, n = base, 2
    while name in used:
        name = f"{base[: SHEET_TITLE_MAX - 3]}-{n}"
        n += 1
    used.add(name)
    return name


def to_xlsx(book: Workbook) -> bytes:
    """One sheet per table: bold Chinese headers, set widths, the header row frozen.
    openpyxl is imported here, on the first export: it took ~0.3 s of every server start."""
    from openpyxl import Workbook as XlsxBook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    xlsx = XlsxBook()
    xlsx.remove(xlsx.active)  # type: ignore[arg-type]
    used: set[str] = set()
    for table in book.sheets:
        sheet = xlsx.create_sheet(_sheet_title(table.title, used))
        sheet.append([c.header for c in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        for i, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = column.width
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    xlsx.save(out)
    return out.getvalue()


def to_csv(book: Workbook) -> bytes:
    """UTF-8 with BOM; with several sections, each follows its title line and a blank line separates them."""
    out = io.StringIO()
    writer = csv.writer(out)
    for n, table in enumerate(book.sheets):
        if len(book.sheets) > 1:
            if n:
                writer.writerow([])
            writer.writerow([f"# {table.title}"])
        writer.writerow([c.header for c in table.columns])
        writer.writerows([["" if v is None else v for v in row] for row in table.rows])
    return out.getvalue().encode("utf-8-sig")


def render(book: Workbook, fmt: Format) -> bytes:
    """The workbook as .xlsx or CSV bytes."""
    return to_xlsx(book) if fmt is Format.XLSX else to_csv(book)


def file_name(book: Workbook, fmt: Format) -> str:
    return f"{book.name.translate(_SHEET_FORBIDDEN)}.{fmt.value}"
