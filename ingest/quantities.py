"""Amounts written in running text: the investment of a project ("总投资4.3亿元",
"投资约32亿元", "共投资1.3亿元"), its capacity ("2×30万千瓦", "装机容量约200MW",
"年产25万吨") and a year in its name ("蒲县2024年…项目").

Batch totals are not investments: an amount right after "N个项目" or "项目N个"
belongs to the batch, and 产值/税收/基金规模/营业收入 are not investments at all."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.values import UNITS_WAN

_NUMBER = r"(\d{1,3}(?:[, \u2009\u00a0]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"  # 1,200万元 and 1 036亿元 too
# 0.35亿美元 is not 3,500万元: an amount in another currency is not taken
_FOREIGN = r"[美欧港日英]元|美金|港币|英镑|卢布|台币"
_NOT_MONEY_WAN = r"千瓦|吨|件|平|立方|千伏|辆|台|头|只|套|亩|人|户|个|座|米"
# "年产6亿安时", "1500万KVAh": a count of a unit, not money
_NOT_MONEY_YI = r"安时|千瓦时|度|人次|立方|吨|[A-Za-z]"
# "100万/年吨": a bare 万 before a slash counts goods per year
_MONEY_UNIT = (rf"(万亿元|万亿|亿元|万元|亿(?!{_FOREIGN}|{_NOT_MONEY_YI})|万(?!{_NOT_MONEY_WAN}|{_FOREIGN}|[A-Za-z/])"
               r"|元)")
# "10余亿元", "30多亿元": the stated figure, like 约; "5个亿" (news speech) is 5亿, but "28个亿元项目" counts
# projects of 亿元 each
# the words before a figure count back to a colon or a word that opens a list only: "2个项目是:3.2亿元的A项目",
# "开工的4个项目分别是投资10亿元的A项目" list A's amount after the count
_COLON = re.compile(r"[:：]|分别[是为]|包括")
_GROUPING = re.compile(r"[, \u2009\u00a0]")  # the marks a figure groups its thousands with
# (round 43: the currency may stand before the figure, "估算总投资约人民币135.2亿元", "投资人民币5亿元")
MONEY = re.compile(rf"(总投资|计划总投资|计划投资|共投资|投资|投入|耗资|斥资|总造价)?\s*(?:人民币)?\s*"
                   rf"(?:约|近|超过|超|达|逾|共)?\s*(?:人民币)?\s*{_NUMBER}\s*(?:余|多)?\s*(?:个(?=亿(?!元)))?{_MONEY_UNIT}")
_PLAIN_YUAN = "元"  # "总投资5000000元": plain 元 only after an investment word (门票100元 is a price)
NOT_INVESTMENT = ("产值", "税收", "利税", "基金规模", "规模", "营业收入", "销售收入", "收入", "利润", "融资", "授信",
                  "完成投资", "完成总投资", "当年计划投资", "年度计划投资", "年度投资", "效益")
BATCH = re.compile(r"(\d+|[一二三四五六七八九十百]+)(余|多)?个(“[^”]*”)?"
                   r"(重点|重大|产业|省外|省市|签约|开工|投产)?(项目|工程)"
                   r"|项目\s*(?:共|有|合计|计)?\s*\d+\s*(?:余|多)?[个项]|一批"  # 制造业项目共670个,总投资…
                   r"|项目\s*(?:累计|共计|总计|合计)\s*\d+")  # 在谈项目累计40,拟投资总额…: a count without 个
# "投资过10亿元项目(4个)", "5亿元以上项目": a threshold that groups projects, not one's investment
# "总投资907亿元的195个重点项目": the amount of a counted batch (not of one named programme: 87个“一泓清水入黄河”工程)
_GROUP_AFTER = re.compile(r"\s*(?:及|或)?以上|\s*(?:的)?(?:项目|工程)\s*[(（]?\s*\d+\s*[个项]"
                          r"|\s*的\s*\d+\s*(?:余|多)?\s*个(?![“\"])")
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


_RANGE_LOW = re.compile(r"(\d+(?:\.\d+)?)\s*(亿元|万元|亿|万)?\s*[-—–~～至到]\s*$")


@dataclass(frozen=True)
class Amount:
    wan: float
    start: int
    end: int
    batch: bool  # a batch total or a figure that is not an investment


def amounts(text: str) -> list[Amount]:
    """Money figures in `text`, each with whether it must not be taken as one project's investment."""
    out: list[Amount] = []
    for m in MONEY.finditer(text):
        if _counted(text, m) or (m.group(3) == _PLAIN_YUAN and not m.group(1)) or (out and m.start() < out[-1].end):
            continue
        value = float(_GROUPING.sub("", m.group(2))) * UNITS_WAN[m.group(3)]
        end = m.end()
        rest = _YI_AND.match(text, end) if m.group(3) == "亿" else None
        if rest is not None:  # "1亿8千万元": 1.8亿
            value, end = value + float(rest.group(1)) * _WAN_PARTS[rest.group(2)], rest.end()
        start = m.start()
        low = _RANGE_LOW.search(text, 0, m.start(2)) if not m.group(1) else None
        if low is not None:  # "总投资10-15亿元": a range states at least its low end
            value, start = float(low.group(1)) * UNITS_WAN[low.group(2) or m.group(3)], low.start()
            if out and out[-1].end > start:  # "3亿至5亿元": the low end was read as an amount of its own
                start = out.pop().start
        before = _COLON.split(text[max(0, m.start() - 12) : m.start()])[-1]
        lead = m.group(1) or ""
        # (round 45: "总投资规模45亿元" is the size of one work's money, not a fund's)
        probe = (before[-6:] + lead).replace("投资规模", "投资")
        not_money = any(word in probe for word in NOT_INVESTMENT) and lead not in ("总投资", "共投资")
        batch = bool(BATCH.search(before)) or not_money or bool(_GROUP_AFTER.match(text, end))
        out.append(Amount(round(value, 4), start, end, batch))
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


# --- attaching amounts a name's own clause does not hold ------------------------------------------------
# The name rules (project_phrases.py) take the amount inside a name's clause, one right before it
# (…亿元的|name) and the 总投资 clauses after it. These add the forms they miss, as a second pass:
# "计划投资10亿元建设|name", "投资300万元、装机300千瓦的|name" (an amount leading into the name through a
# building verb or the name's other attributes), ",工程总投资X亿元" after a name (the works referred to
# as 工程/项目), and a sentence that opens by referring back ("项目估算投资…", "这个项目总投资…").
_CLAUSE_BREAK = "，,；;。：:"
_INVEST_WORD = re.compile(r"投资|投入|耗资|斥资|造价")
# "总投资2.4亿元的省重点工程——X项目", "…的省百大项目“X项目”": a label of the name, set off by a dash, a colon or
# an opening quote, may follow the 的
_NAME_LABEL = r"(?:[^，,；;。、]{1,10}?(?:项目|工程)\s*(?:——|—|：|:|“|「|《))"
# (round 42: the currency written after the unit, "投资2.77亿元人民币兴建…", and a short aside in brackets,
# "投资6800万元(分二期)“中华鳖”良种养殖项目"; a longer bracket explains the money, 其中企业自筹…, and ends the lead)
MAX_ASIDE_CHARS = 8
# (round 43: the site before the verb, "投资4亿元在罗城建设…", and what the work is after it, up to its 的,
# "投资30亿元建设集生产、制造、物流、销售于一体的同仁堂中药现代化产业园")
MAX_SITE_CHARS, MAX_ATTRIBUTE_CHARS = 10, 24
# (round 45: what funds are spent on, "帮扶资金…800万元用于坝坨河玫瑰产业扶贫示范园建设、300万元用于…", an allocation
# the sentence need not call an investment)
_SPENT_ON = "用于"
_LEAD_GAP = re.compile(rf"\s*(?:人民币)?\s*(?:[(（][^()（），,；;。]{{1,{MAX_ASIDE_CHARS}}}[)）])?"
                       r"\s*(?:、[^，,；;。]{1,30}?)?(?:(?:用于|拟|将|用来)?"
                       rf"(?:在[^，,；;。]{{1,{MAX_SITE_CHARS}}}?)?(?:建设|新建|兴建|打造|实施|投建|扩建)"
                       rf"(?:[^，,；;。]{{1,{MAX_ATTRIBUTE_CHARS}}}?的)?|(?:将|全部|主要)?{_SPENT_ON})?"
                       rf"\s*(?:的\s*{_NAME_LABEL}?)?\s*$")
# the words that qualify a stated investment, before its 总 ("计划总投资", "协议投资") or after it
# ("总概算投资": round 43)
_QUALIFIER_WORDS = "计划|预计|估算|概算|拟|共|静态|协议|合同|批复|核定|审定"  # (round 45: 批复总投资, an approval's)
QUALIFIED = rf"(?:{_QUALIFIER_WORDS})?"  # the words that may stand before 总投资
_TOTAL = r"总?(?:概算|估算)?"
_CLOSING_QUOTE = r"[”」』》\"]?"  # the quote that may close a name before the words after it
REFERS_BACK = re.compile(rf"(?:该|此|这个|这一|本)?(?:项目|工程){QUALIFIED}{_TOTAL}(?:投资|造价)"
                         r"(?:额|总额|规模)?(?:为|达|约|共)?")
# the words a clause about one project opens with when it states its investment, with or without 项目
# (or "整体项目投资…", round 32: the whole work's, as against a phase's)
STATES_INVESTMENT = re.compile(r"(?:整体|总体)?(?:该|此|本|这个|这一|这项)?(?:项目|工程)?"
                               rf"(?:{_QUALIFIER_WORDS}|预算|固定资产)?(?:累计)?{_TOTAL}"
                               r"(?:投资|投入|耗资|斥资|造价)"
                               r"(?:金额|总额|额|规模)?(?:估算)?(?:为|达|约|近|共)?")
# ",山东高速物流集团有限公司投资10亿元": the clause after a name that states its investor and the investment
_INVESTOR_STATES = re.compile(r"由?[^，,；;。、:：]{2,30}?(?:公司|集团)(?:计划|拟|将|预计|共)?总?投资(?:约|近|达)?")
# the words right after a name that state its investment (round 35: also what the work adds, "…项目拟增加投资20亿元",
# and after a heading's name, a space and the work's 项目, "G209绕城公路拓宽工程 项目总投资为5.53亿元"; round 43:
# after the quote that closes the name, "“X项目”总投资达88亿元", a bracket on what it builds, "X项目(一期建设…)
# 总投资45.5亿元", or the 项目 after a name ending in 工程, "X二期工程项目总概算投资…")
MAX_NOTE_CHARS = 60
_INVESTS_RIGHT_AFTER = re.compile(rf"\s*{_CLOSING_QUOTE}\s*(?:[(（][^()（）]{{1,{MAX_NOTE_CHARS}}}[)）])?\s*"
                                  r"(?:(?<=\s)(?:项目|工程)|(?<=工程)项目)?"
                                  rf"{QUALIFIED}(?:增加|追加)?{_TOTAL}"
                                  r"(?:投资|投入|造价)(?:额|总额|规模)?(?:为|达|约|共)?")
# the kinds of facility a sentence may point back at its work by (round 35: 该中心, 该产业园: 该产业园项目 without
# 项目); not project_phrases.FACILITY_WORDS, whose heads (钢, 高速, 风电) end names but open no 该X sentence
_FACILITY_HEADS = "产业园|园区|中心|工厂|电厂|水库|机场|医院|大桥|枢纽|小镇"
# a sentence about the work named just before it: "该项目…" (or 该装置, 该基地…: round 26), "项目位于…" (or, round 35,
# "位于…": a line after the heading line that names the work, and "路线全长…,总投资…" after a road's or a line's
# sentence; round 45: "选址于…", a list item's site after its name), "根据框架协议,项目总投资…", "由X公司投资建设,…",
# "作为…重点项目,…", "总投资4.89亿元,…" (round 25)
# (or, round 29, "这个计划投资44亿元的项目,…", "该技改扩建项目…": the demonstrative with what the text says of the
# work or its kind, but not a batch's or a place's: 本次…项目, 该批项目, 该区项目)
_THIS_WORK = (r"(?:(?:该|此|这个|这一|这项|本)(?:[^，。；,;项]{0,6}投资[^，。；,;项]{1,10}的)?"
              rf"(?:项目|工程|装置|基地|电站|{_FACILITY_HEADS})|(?:[该此]|这项)[^，。；,;项次批年届区市县省等计共]{{1,6}}(?:项目|工程))")
_LEAD_IN = r"^[“\"]?(?:[^，。；,;“”项个]{0,8}[，,])?"
# the sentence names the work it is about by a demonstrative (该项目…): the last work named before, of several
POINTS_BACK = re.compile(_LEAD_IN + _THIS_WORK)
OPENS_ON_PREVIOUS = re.compile(_LEAD_IN + "(?:" + _THIS_WORK +
                               r"|(?:项目|工程)(?!名称|单位|[\d一二三四五六七八九十])"
                               r"|由[^，。；,;]{2,30}?(?:投资)?建设[，,]|作为[^，。；,;]{2,30}(?:项目|工程)[，,]"
                               r"|(?:计划|预计|估算|概算|拟)?总投资(?:额|总额)?(?:为|达|约)?\s*\d|位于|坐落于|选址|路线|线路)")
_NUMBERED = re.compile(r"\s*(?:[一二三四五六七八九十]+、)?[^，,；;。：:]{0,8}[：:]\s*")  # "四、投资估算:"
_INVEST_LEAD_CHARS = 10
# "投资136.6亿元的宏达新材、晶盛二期等21个产业项目": a list that counts its items shares the amount
_COUNTED_ETC = re.compile(r"等\s*(?:\d+|[一二三四五六七八九十百]+)\s*(?:余|多)?\s*[个项家]")
# "总投资超50亿元的A、B、C等项目": a threshold a list's works pass, not the first one's amount
_THRESHOLD = re.compile(r"超|逾|以上")
_OF_ALONE = re.compile(rf"\s*的\s*{_NAME_LABEL}?\s*")


# "1亿8千万元", "1亿2000万元": the 万 after the 亿 of one figure
_YI_AND = re.compile(r"(\d+(?:\.\d+)?)(千万|百万|万)元?")
_WAN_PARTS = {"千万": 1000.0, "百万": 100.0, "万": 1.0}


# "总投资5,000万元": a comma between a digit and three more is a thousands separator, not a clause break
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def _breaks(text: str, i: int) -> bool:
    """Whether the character at `i` ends a clause."""
    return text[i] in _CLAUSE_BREAK and not _THOUSANDS.match(text, i)


def _next_break(text: str, start: int, stop: int) -> int | None:
    """The first clause break in text[start:stop], None when there is none."""
    return next((i for i in range(start, stop) if _breaks(text, i)), None)


def _clause_end(text: str, start: int) -> int:
    """Where the clause starting at `start` ends: its break, or the end of the text."""
    found = _next_break(text, start, len(text))
    return len(text) if found is None else found


def _clause_start(text: str, pos: int) -> int:
    return next((i + 1 for i in range(pos - 1, -1, -1) if _breaks(text, i)), 0)


def leading_investment(text: str, start: int) -> Amount | None:
    """The investment that leads into the name starting at `start`: the last amount of its clause,
    after an investment word, with only a building verb or the name's other attributes between."""
    clause = _clause_start(text, start)
    for amount in reversed(amounts(text[clause:start])):
        lead = text[max(clause, clause + amount.start - _INVEST_LEAD_CHARS) : clause + amount.end]
        spent = text.startswith(_SPENT_ON, clause + amount.end) and _allocates(text, clause + amount.start)
        if amount.batch or not (_INVEST_WORD.search(lead) or spent):
            continue
        if _LEAD_GAP.match(text, clause + amount.end, start):
            return Amount(amount.wan, clause + amount.start, clause + amount.end, False)
        return None
    return None


def _referring_amount(clause: str, lead: re.Pattern[str] = REFERS_BACK) -> float | None:
    """The amount of a clause that opens by referring to the works just named (工程总投资…)."""
    m = lead.match(clause)
    if m is None:
        return None
    found = [a for a in amounts(clause) if not a.batch and a.start <= m.end() + 2]
    return found[0].wan if found else None


# a bracket right after a name that holds an amount and nothing else
_BRACKETED_AMOUNT = re.compile(r"\s*[(（]\s*(?:总?投资)?\s*(?:约|近|超|逾)?\s*\d[\d,.]*\s*(?:亿元|万元|亿|万)\s*[)）]")


def _right_after(text: str, end: int, stop: int) -> float | None:
    """The amount written right after a name, before the next name at `stop`: "A项目(5亿元)",
    "<name>总投资10亿元"."""
    bracket = _BRACKETED_AMOUNT.match(text, end)
    if bracket is not None and bracket.end() <= stop:  # "A项目(5亿元)、B项目(3亿元)"
        return next((a.wan for a in amounts(bracket.group()) if not a.batch), None)
    bare = allocated_after(text, end)
    if bare is not None:
        return bare
    own_end = _clause_end(text, end)
    if own_end <= stop:
        own = text[end:own_end]
        m = _INVESTS_RIGHT_AFTER.match(text, end, own_end)  # in the text: the pattern looks back at the name's end
        found = [a for a in amounts(own) if not a.batch and a.start <= m.end() - end + 2] if m else []
        if found:
            return found[0].wan
    return None


# Round 45: a list of what each work is given writes the figure right after the name, no investment word between
# ("分别为:焉耆镇上四号渠生态渔业养殖项目80万元、焉耆县桶装水生产建设项目(二期)200万元、…", as fund-allocation
# notices do): the figure is the work's when the sentence before it speaks of funds or investment, not of what was
# done or earned (完成投资…,其中A项目1.2亿元: progress, which the keys never count)
_BARE_AMOUNT = re.compile(r"\s*(?:约|近)?\s*\d+(?:\.\d+)?\s*(?:万元|亿元)(?=\s*(?:[、，,；;。]|$))")
_ALLOCATES = re.compile(r"资金|投资|安排|分配|下达")
_NOT_ALLOCATED = re.compile(r"完成|产值|营收|收入|利润|税|贷款|授信|融资|销售")


def _allocates(text: str, pos: int) -> bool:
    """Whether the sentence up to `pos` speaks of funds or investment given, not of what was done or earned."""
    return _ALLOCATES.search(text, 0, pos) is not None and _NOT_ALLOCATED.search(text, 0, pos) is None


def allocated_after(text: str, end: int) -> float | None:
    """The amount written bare right after a name in a sentence that allocates funds (see above)."""
    m = _BARE_AMOUNT.match(text, end)
    if m is None or not _allocates(text, end):
        return None
    return next((a.wan for a in amounts(m.group()) if not a.batch), None)


def stated_right_after(text: str, end: int) -> float | None:
    """The amount an investment word right after `end` states, in its clause ("<name>总投资13.6亿元,…")."""
    return _right_after(text, end, len(text))


# the name's clause says what the work is ("A项目作为…", "A项目为…合作项目"), but not "以A为代表的25个项目": there the
# clause counts the batch A heads (found on holdout46…95, where it gave batch totals to four works)
_DESCRIBES = re.compile(rf"\s*{_CLOSING_QUOTE}\s*(?:作为|是|系|属于|为(?!代表|主|龙头|核心|重点|引领|依托))")


# a clause that says a work is the largest by its investment (投资额最大, 在22个项目中投资最大, 规模最大), and the
# clause after it that states the amount (达150亿元, 计划总投资100亿元)
_LARGEST = re.compile(r"(?:投资|规模|体量)[^，,；;。]{0,3}最大")
_STATES_LARGEST = re.compile(rf"(?:{STATES_INVESTMENT.pattern}|达到?|为|约|近)")


def referred_after(text: str, end: int, stop: int, alone: bool = False, only: bool = False) -> float | None:
    """"<name>投资10亿元" right after a name, or ",工程总投资X亿元" in the clauses after it (up to the
    next name at `stop`); for a name `alone` (no list closes with it) also the one clause after its own
    when that opens with another investment word (":总投资…", ",协议投资…", ",耗资…"), and for the sentence's
    `only` name (or, round 43, its first, up to the next name) any later clause that does ("X项目位于…,占地…,
    估算总投资约28.6亿元"): otherwise, or past a batch, an amount is this name's only when its clause refers
    back to the works."""
    right_after = _right_after(text, end, stop)
    if right_after is not None or not alone:  # the clauses after a list are the list's ("A和B,工程总投资…")
        return right_after
    own_end = _clause_end(text, end)
    # round 43: a clause that says what the work is ("A项目作为第一批集中开工项目中的唯一社会事业类项目,总投资…")
    # is about the work, even when it names the batch the work is one of
    described = _DESCRIBES.match(text, end) is not None
    # "A等9个项目集中开工,总投资…": the clause after a batch is the batch's, but not after a clause that sets the
    # work above the others (round 35: "A在22个项目中投资最大,计划总投资100亿元", "A投资额最大,达150亿元")
    if _LARGEST.search(text, end, own_end):
        next_lead = _STATES_LARGEST
    elif BATCH.search(text[_clause_start(text, end) : own_end]) and not described:
        next_lead = REFERS_BACK
    else:
        next_lead = STATES_INVESTMENT
    pos = end
    while pos < stop:
        brk = _next_break(text, pos, stop)
        if brk is None:
            return None
        nxt = brk + 1
        clause_end = _clause_end(text, nxt)
        if nxt < stop:
            clause = text[nxt:clause_end]
            opening = brk == own_end or (only and not BATCH.search(text, own_end if described else end, nxt))
            referred = _referring_amount(clause, next_lead if opening else REFERS_BACK)
            if referred is None and opening and next_lead is not REFERS_BACK:
                referred = _referring_amount(clause, _INVESTOR_STATES)
            if referred is not None:
                return referred
        pos = nxt
    return None


def referred_before(text: str, stop: int) -> float | None:
    """An amount a sentence states, before its first name (`stop`), for the works named before it:
    "项目估算投资…", "四、投资估算:项目估算投资…", "这个项目总投资800亿元,项目建设包括…"; in a sentence about
    that work (OPENS_ON_PREVIOUS), any clause that states an investment ("项目位于…,总投资5.2亿元,其中…")."""
    about_it = bool(OPENS_ON_PREVIOUS.match(text))
    pos = 0
    while pos < stop:
        head = _NUMBERED.match(text, pos)
        start = head.end() if head and pos == 0 else pos
        clause_end = _clause_end(text, start)
        if clause_end > stop:
            return None
        found = _referring_amount(text[start:clause_end], STATES_INVESTMENT if about_it else REFERS_BACK)
        if found is not None:
            return found
        pos = clause_end + 1
    return None


# the investment word right before the figure ("投资总额约6亿元"), not a word further back ("投资强度不低于200万元")
# (round 43: or what a signing states, "该项目签约额3亿元": in a sentence about one work, its investment)
_INVESTS_BEFORE = re.compile(r"(?:投资|投资额|投资总额|总造价|造价|签约额|签约金额)(?:计划)?"
                             r"(?:为|达到|达|约|近|超过|超|逾)?\s*$")


def investment_of_previous(text: str) -> float | None:
    """The investment a sentence about the project the sentence before named states (OPENS_ON_PREVIOUS:
    "该项目…拟投资3.1亿元"): the first amount an investment word stands right before that is no batch total."""
    if not OPENS_ON_PREVIOUS.match(text):
        return None
    for amount in amounts(text):
        lead = text[max(0, amount.start - _INVEST_LEAD_CHARS) : amount.start]
        if not amount.batch and (_INVESTS_BEFORE.search(lead) or _INVESTS_RIGHT_AFTER.match(text, amount.start)):
            return amount.wan
    return None


def attach_investments(text: str, spans: list[tuple[int, int]], have: list[float | None]) -> list[float | None]:
    """The investments of a sentence's names after the second pass: an amount leading into a name is
    that name's (unless the name holds its own amount), and then no other name's; a name still without
    one takes a referring 工程总投资 clause after it."""
    stated = amounts(text)
    # a value the sentence states only as a batch total (…项目共670个,总投资…) is no name's
    out = [None if v is not None and any(a.wan == v for a in stated)
           and all(a.batch for a in stated if a.wan == v) else v for v in have]
    taken: list[tuple[int, float]] = []
    attributive: set[int] = set()  # names whose amount leads in with 的 alone ("总投资76亿元的A项目")
    for i, (start, end) in enumerate(spans):
        lead = leading_investment(text, start)
        if lead is None or any(not a.batch for a in amounts(text[start:end])):
            continue
        if any(e <= lead.start and not text[e : lead.start].strip() for _, e in spans):
            continue  # "A总投资153亿元、B总投资80亿元": the amount right after A is A's, not B's lead-in
        out[i] = lead.wan
        taken.append((i, lead.wan))
        counted = _COUNTED_ETC.search(text, start, _clause_end(text, start))
        if _OF_ALONE.fullmatch(text, lead.end, start) and not counted \
                and not _THRESHOLD.search(text, lead.start, lead.end):
            attributive.add(i)
    counts = [a.wan for a in stated]
    for i, wan in taken:  # "投资1.8亿元、…的A电站,投资为1.7亿元…的B电站": each amount is one name's
        for j, value in enumerate(out):
            if j != i and value == wan and counts.count(wan) == 1 and (j, wan) not in taken \
                    and not _overlaps(spans[i], spans[j]):
                out[j] = None
    for i, _ in taken:  # "投资17亿元建设A项目、B项目和C项目": the list's total, not A's
        if i in attributive:  # "总投资约76亿元的A项目、B项目等": 的 makes it A's (keyed so in round 25's read texts)
            continue
        nxt = min((j for j, (s, _) in enumerate(spans) if s >= spans[i][1]), key=lambda j: spans[j][0], default=None)
        if nxt is not None and out[nxt] is None and _LIST_JOIN.fullmatch(text[spans[i][1] : spans[nxt][0]]):
            out[i] = None
    _one_name_per_amount(text, stated, spans, out)
    lead_ins = {i for i, _ in taken}
    closing = {s for s, _ in spans if _closes_list(text, spans, s)}
    # round 43: a name after a 、 whose item before is no name found is an item of what a clause lists ("X项目,将在
    # 通州湾布局海上风电运维、波浪补偿栈桥、…研发制造,总投资10亿元"): what the work builds, not a work a later amount is
    # about; the amount stays the subject's
    items = {s for s, _ in spans if s not in closing and text[:s].rstrip().endswith("、")}
    for i, (start, end) in enumerate(spans):
        stop = min((s for s, _ in spans if s >= end and s not in items), default=len(text))
        alone = start not in closing
        # an item of what a clause lists takes no amount stated after it either (but one before it: "投资800万元,
        # 建成了青禾村、翠磬村生态采摘园项目")
        listed = not alone or (start in items and all(a.start >= end for a in stated if a.wan == out[i]))
        if listed and i not in lead_ins and out[i] is not None and _right_after(text, end, stop) != out[i] \
                and not any(a.wan == out[i] for a in amounts(text[start:end])):
            out[i] = None  # "A、B、C项目,投资总额达560亿元": stated after the list, the list's total, not C's
        if out[i] is None:
            out[i] = referred_after(text, end, stop, alone=alone and start not in items,
                                    only=not any(s < start for s, _ in spans))
    _distributed(text, spans, out)
    return out


def _closes_list(text: str, spans: list[tuple[int, int]], start: int) -> bool:
    """Another name joins the one starting at `start` from before (A、B项目,协议投资…: the list's total)."""
    return any(_LIST_JOIN.fullmatch(text, e, start) for s, e in spans if e <= start)


# a bracket left out of the name before the join ("…接收站项目(如下效果图)、橡塑新材料项目") is a note on it
_LIST_JOIN = re.compile(r"\s*(?:[(（][^()（）]*[)）])?\s*(?:、|和|及|与|以及)\s*")


def _one_name_per_amount(text: str, stated: list[Amount], spans: list[tuple[int, int]],
                         out: list[float | None]) -> None:
    """An amount the sentence states once is one name's: of several names holding it, the one
    just before it keeps it ("X项目,总投资150亿元,是…最大石化产业项目"), else the one just after, unless
    those after it are one list (its total, no one name's)."""
    for amount in stated:
        if sum(1 for a in stated if a.wan == amount.wan) != 1:
            continue
        holders = [i for i, v in enumerate(out) if v == amount.wan]
        if len(holders) < 2 or any(_overlaps(spans[a], spans[b]) for a in holders for b in holders if a != b):
            continue
        before = [i for i in holders if spans[i][1] <= amount.start]
        keep: int | None = (max(before, key=lambda i: spans[i][1]) if before
                            else min(holders, key=lambda i: spans[i][0]))
        if not before and _one_list(text, [spans[i] for i in holders]):
            keep = None  # "投资1200万元,完成了A、B项目": an amount before a list of names is the list's total
        for i in holders:
            if i != keep:
                out[i] = None


def _one_list(text: str, spans: list[tuple[int, int]]) -> bool:
    """The names follow one another joined by 、/和/及/与 only: one list."""
    ordered = sorted(spans)
    return all(_LIST_JOIN.fullmatch(text, a[1], b[0]) for a, b in zip(ordered, ordered[1:], strict=False))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


_EACH = re.compile(r"分别(?:为|是|达|约)?")
_EACH_GAP = 12  # "A和B,总投资|分别为…": how far 分别 may stand after the list's last name
_SENTENCE_BREAK = re.compile(r"[；;。：:]")
_AMOUNT_JOIN = re.compile(r"\s*(?:、|和|及|与|,|，)\s*")


def _distributed(text: str, spans: list[tuple[int, int]], out: list[float | None]) -> None:
    """"A和B,总投资分别为5亿元和3亿元": the amounts after 分别 go to the list before it, one each in order;
    when their number is not the list's, none of them is any one name's."""
    for each in _EACH.finditer(text):
        run = _list_before(text, spans, each.start())
        if len(run) < 2:
            continue
        if any(word in text[max(0, each.start() - _EACH_GAP) : each.start()] for word in NOT_INVESTMENT):
            for i in run:  # "A项目和B项目完成投资分别为30.01亿元和24.83亿元": progress, not investments
                out[i] = None
            continue
        figures = _amount_run(text, each.end())
        if len(figures) == len(run):
            for i, wan in zip(run, figures, strict=True):
                out[i] = wan
            continue
        by_item = _by_items(text, spans, run[-1], figures)
        for i in run:
            if out[i] in figures:
                out[i] = None
        for i, wan in by_item.items():
            out[i] = wan


def _by_items(text: str, spans: list[tuple[int, int]], last: int, figures: list[float]) -> dict[int, float]:
    """Round 43: "签订了A、B、C、D、E等5个项目,投资额分别为…" with a name the finders missed (B: 核桃树塔等道路建设):
    the list's items, from its first name found to its last (`last`) split at 、, still count the figures; when
    they are as many, each name found that ends an item takes that item's figure. Otherwise none."""
    end = spans[last][1]
    clause = _clause_start(text, spans[last][0])
    inside = [(s, e) for s, e in spans if clause <= s and e <= end]
    first = min(s for s, _ in inside)
    # an item ends at a 、 or where a name found ends and another joins it (A和B: two items)
    joined = {e for _, e in inside
              if any(_LIST_JOIN.fullmatch(text, e, s) and "、" not in text[e:s] for s, _ in inside)}
    ends = sorted({first + k for k, ch in enumerate(text[first:end]) if ch == "、"} | joined | {end})
    if len(ends) != len(figures) or len(ends) <= len(inside):  # no item missed: the run above had them all
        return {}
    return {i: figures[ends.index(e)] for i, (s, e) in enumerate(spans) if first <= s and e in ends}


def _list_before(text: str, spans: list[tuple[int, int]], pos: int) -> list[int]:
    """The names (indexes into `spans`, in order) of the list that ends shortly before `pos`."""
    before = [i for i, (_, e) in enumerate(spans) if e <= pos]
    if not before:
        return []
    last = max(before, key=lambda i: spans[i][1])
    if pos - spans[last][1] > _EACH_GAP or _SENTENCE_BREAK.search(text, spans[last][1], pos):
        return []  # a comma may stand between the list and 分别 ("A和B,总投资分别为…"), no stronger break
    run = [last]
    while True:
        prev = [i for i in before if _LIST_JOIN.fullmatch(text, spans[i][1], spans[run[0]][0])]
        if not prev:
            return run
        run.insert(0, prev[0])


def _amount_run(text: str, pos: int) -> list[float]:
    """The amounts written one after another from `pos` (5亿元和3亿元, 300亿元、700亿元)."""
    out: list[float] = []
    last_end = pos
    for amount in amounts(text[pos:]):
        gap = text[last_end : pos + amount.start]
        if amount.batch or (_AMOUNT_JOIN.fullmatch(gap) is None if out else bool(gap.strip())):
            break
        out.append(amount.wan)
        last_end = pos + amount.end
    return out
