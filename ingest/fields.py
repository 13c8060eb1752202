"""The fields of a project as planners write them: the header words of a project list's columns (项目名称,
建设地点, 总投资…) and the same words opening a line of a project's profile in prose ("总投资:3.5亿元"). One
table of words for both, so a list and a profile read the same field the same way."""

from __future__ import annotations

import re

from ingest.textnorm import normalise

# Header words per field, compared after normalising (NFKC, simplified, no
# spaces or bracketed units). Order matters: the first field that claims a
# header gets it.
FIELDS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "no", "no.", "#", "seq"),
    "name": ("项目名称", "名称", "项目", "工程名称", "建设项目名称",
             "name", "project", "projectname", "project_name", "title"),
    "county": ("建设地点", "项目地点", "项目选址", "所在县区", "县区", "县(市、区)", "县市区", "所在地", "地点", "区县",
               "所在县", "county", "location", "place", "district"),
    "content": ("建设内容及规模", "建设内容", "建设规模", "主要建设内容", "建设内容和规模", "content",
                "description", "scope"),
    "investment": ("总投资", "投资", "计划总投资", "估算总投资", "总投资额", "项目总投资", "投资规模", "投资额",
                   "计划投资", "投资金额", "资金规模", "项目资金", "整合资金",  # (round 45: fund lists' amount columns)
                   "investment", "total_investment", "investment_wan", "investment_yi"),
    "years": ("建设年限", "建设期", "建设起止年限", "起止年限", "建设周期", "建设期限", "years", "period",
              "construction_years"),
    "owner": ("责任单位", "牵头单位", "建设单位", "项目单位", "业主单位", "实施单位", "项目业主", "投资方", "投资主体",
              "签约企业", "央企", "owner", "unit", "responsible"),
    "category": ("项目类型", "项目类别", "类别", "类型", "行业", "category", "type"),
    "task": ("所属任务", "对应任务", "重点任务", "任务", "task"),
}
# the header of an approval list's title column (批复名称: "…关于X项目环境影响报告表的批复"), which names each
# row's work only inside its title: read in tables pasted into prose (structure._headed_tables), not a list file's field
TITLE_HEADERS = frozenset(("批复名称", "文件名称", "审批文件名称", "批复文件名称"))
_UNIT_BRACKETS = re.compile(r"[（(【\[].*?[)）】\]]")
# the fields a profile's line may state of the project named above it (its name line names the project itself)
RECORD_FIELDS = ("county", "content", "investment", "years", "owner", "category")
# "总投资:3.5亿元", "建设内容及规模:新建…。": a field's header word, a colon, its value
LONG_FIELDS = ("name", "content")  # fields whose value may be a sentence
MAX_FIELD_VALUE = 40  # a longer value of another field (总投资:…) is a sentence of prose, not a field
# (after the item's number a list may put before it: "5项目名称:…")
_FIELD_LINE = re.compile(r"^\s*(?:\d{1,3}|[一二三四五六七八九十]+[、.．])?\s*([^:：，,。；;\s\d]{2,10})\s*[:：]"
                         r"\s*(\S.*?)[。；;]?$")


def header_field(header: str) -> str | None:
    key = _UNIT_BRACKETS.sub("", normalise(str(header))).strip().lower().replace(" ", "")
    for field, words in FIELDS.items():
        if key in words:
            return field
    return None


def line_field(line: str) -> tuple[str, str] | None:
    """The field and value a line of a project's profile states (总投资:3.5亿元 → investment, 3.5亿元; 项目名称:… →
    name, …), else None: such a line stands alone, never a wrapped sentence's part."""
    m = _FIELD_LINE.match(line)
    field = header_field(m.group(1)) if m else None
    if m is None or field in (None, "seq") or (field not in LONG_FIELDS and len(m.group(2)) > MAX_FIELD_VALUE):
        return None
    return field, m.group(2)


MAX_PROFILE_HEADER = 6  # characters of a profile line's header word (开工时间, 亩均效益, 项目进展)


_OPENS_WITH_INVESTMENT = re.compile(r"^(?:计划|规划|预计|估算)?总投资")


def opening_investment(line: str) -> str | None:
    """The value of a profile line of another field that opens with the work's investment ("规划办学规模:总投资
    1.2亿元,总用地面积50.94亩…"): the card states the amount under a heading of its own."""
    m = _FIELD_LINE.match(line)
    return m.group(2) if m is not None and _OPENS_WITH_INVESTMENT.match(m.group(2)) else None


def profile_line(line: str) -> bool:
    """Whether a line is written as one field of a project's profile, its header word known or not
    (总投资:2.83亿元, and 开工时间:2024年1月, 项目进展:… that no list column has): a run of such lines under
    the line naming a work is that work's profile, and a field no column has does not end it."""
    m = _FIELD_LINE.match(line)
    return m is not None and (len(m.group(1)) <= MAX_PROFILE_HEADER or line_field(line) is not None)
