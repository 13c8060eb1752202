"""Amounts written in running text: the investment of a project ("总投资4.3亿元",
"投资约32亿元", "共投资1.3亿元"), its capacity ("2×30万千瓦", "装机容量约200MW",
"年产25万吨") and a year in its name ("蒲县2024年…项目").

Batch totals are not investments: an amount right after "N个项目" or "项目N个"
belongs to the batch, and 产值/税收/基金规模/营业收入 are not investments at all."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.values import UNITS_WAN

_NUMBER = r"(\d+(?:\.\d+)?)"
# 0.35亿美元 is not 3,500万元: an amount in another currency is not taken
_FOREIGN = r"[美欧港日英]元|美金|港币|英镑|卢布|台币"
_NOT_MONEY_WAN = r"千瓦|吨|件|平|立方|千伏|辆|台|头|只|套|亩|人|户|个|座|米"
# "年产6亿安时", "1500万KVAh": a count of a unit, not money
_NOT_MONEY_YI = r"安时|千瓦时|度|人次|立方|吨|[A-Za-z]"
_MONEY_UNIT = rf"(亿元|万元|亿(?!{_FOREIGN}|{_NOT_MONEY_YI})|万(?!{_NOT_MONEY_WAN}|{_FOREIGN}|[A-Za-z]))"
MONEY = re.compile(rf"(总投资|计划总投资|计划投资|共投资|投资|投入)?\s*(?:约|近|超过|超|达|逾|共)?\s*"
                   rf"{_NUMBER}\s*{_MONEY_UNIT}")
NOT_INVESTMENT = ("产值", "税收", "利税", "基金规模", "规模", "营业收入", "销售收入", "收入", "利润", "融资", "授信",
                  "完成投资", "当年计划投资", "年度计划投资", "效益")
BATCH = re.compile(r"(\d+|[一二三四五六七八九十百]+)(余|多)?个(“[^”]*”)?"
                   r"(重点|产业|省外|省市|签约|开工|投产)?(项目|工程)"
                   r"|项目\s*\d+\s*个|一批")
_CAPACITY_UNITS = ("万千瓦时", "万千瓦", "千瓦", "兆瓦", "MW", "GW", "kW", "KW", "万吨", "吨", "立方米", "m3", "m³",
                   "万件", "万套", "万台", "万辆", "万平方米", "平方米", "亩", "公里", "千伏", "kV", "万头", "万只")
CAPACITY = re.compile(r"(?:装机容量|装机|产能|规模)?\s*(约)?\s*((?:年产|年处理|日处理)?\s*\d+(?:\.\d+)?"
                      r"(?:\s*[×xX*]\s*\d+(?:\.\d+)?)?\s*(?:"
                      + "|".join(re.escape(u) for u in _CAPACITY_UNITS) + r")(?:[A-Za-z]{2,5})?)")
YEAR = re.compile(r"(?<!\d)(19[9]\d|20\d\d)\s*年")


# "年产48万锭", "4000万棒", "8亿只": a bare 万/亿 followed by a word is a count of that word (锭, 棒, 只,
# 片 ... too many measure words to list); it is money only when an investment word leads into it
# ("投资1亿建设…"). 年产/年处理 before the number always make it a count.
_CJK = re.compile(r"[\u4e00-\u9fff]")
_COUNT_LEAD = re.compile(r"(年产|年处理|日处理|年加工|产能)\s*$")
_BARE_UNITS = ("万", "亿")
_MORE_YUAN = re.compile(r"[多余]元")  # 3亿多元


@dataclass(frozen=True)
class Amount:
    wan: float
    start: int
    end: int
    batch: bool  # a batch total or a figure that is not an investment


def amounts(text: str) -> list[Amount]:
    """Money figures in `text`, each with whether it must not be taken as one project's investment."""
    out = []
    for m in MONEY.finditer(text):
        if _counted(text, m):
            continue
        value = float(m.group(2)) * UNITS_WAN[m.group(3)]
        before = text[max(0, m.start() - 12) : m.start()]
        lead = m.group(1) or ""
        not_money = any(word in before[-6:] + lead for word in NOT_INVESTMENT) and lead not in ("总投资", "共投资")
        batch = bool(BATCH.search(before)) or not_money
        out.append(Amount(round(value, 4), m.start(), m.end(), batch))
    return out


def _counted(text: str, m: re.Match[str]) -> bool:
    """A figure that counts goods rather than money: after 年产, or a bare 万/亿 a word follows
    with no investment word leading into it."""
    if _COUNT_LEAD.search(text, 0, m.start(2)):
        return True
    return (m.group(3) in _BARE_UNITS and not m.group(1) and m.end() < len(text)
            and bool(_CJK.match(text, m.end())) and not _MORE_YUAN.match(text, m.end()))


def capacity_in(text: str) -> str | None:
    """The first capacity written in `text`, as written (约 dropped)."""
    m = CAPACITY.search(text)
    return re.sub(r"\s+", "", m.group(2)) if m else None


def year_in(name: str) -> str | None:
    m = YEAR.search(name)
    return m.group(1) if m else None
