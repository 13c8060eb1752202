"""Concrete projects named in running text (policy texts, news, reports).

Three shapes occur:
- a list of sites, then what is built there: "洪洞县、安泽县、吉县等抽水蓄能电站项目"
  → one project per site; "吉县—延长…管线项目" → one project joining both;
- "围绕<proper name>项目" in policy texts;
- news-style runs of names, each starting at a place of the city and ending
  in 项目/工程: "临汾经济开发区精密智造项目，侯马经济开发区高频变压器、电感元器件项目",
  "总投资16.7亿元的<name>项目" (the investment is kept).
A phrase that names a kind of project ("一批补链延链项目", "承接西安…项目")
rather than one project yields nothing. A learned tagger (span_tagger.py)
adds, in news-like sentences, the names no rule found, when they pass the
same checks of a name (TAGGER_MODE); a learned judge (name_judge.py), when
built, weighs every candidate — rule phrases, tagged spans and their boundary
variants — and keeps the probable ones."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import rjieba

from ingest.encoder_spans import EncoderSpans, shipped_encoder_spans
from ingest.extract import Mention
from ingest.industry_terms import industry_terms, longest_tail
from ingest.name_judge import (
    JUDGE_FILE,
    PART_ALONE,
    Features,
    NameJudge,
    candidate_features,
    is_recording,
    judge_at,
    record,
    unit_number_runs,
)
from ingest.ner import INFRA_HEADS, PLACE_TAG, ROUTE_HEADS, Token
from ingest.quantities import QUALIFIED, allocated_after, amounts, capacity_in, year_in
from ingest.span_tagger import Span, SpanTagger, default_span_tagger, tagger_enabled
from ingest.values import years_in
from ontology import Gazetteer
from ontology.divisions import COUNTY_CODE, TOWNSHIP_CODE, read_divisions

Words = Sequence[Token]
SITE_SEPARATORS = "、，,和及与"
COMPOUND_SEPARATORS = "—–－-"
FACILITY_ENDINGS = ("设施", "电站", "管线", "管道")
ITEM_BREAKS = "，。；：！？,;:!?\n"
# Words that make a phrase (or the few characters before it) a group of works or a reference to one named before. Not
# inside a work's own name (round 36: 11 keyed works were kept out so): …改造及相关工程, 酒泉风电基地二期第一批…项目,
# 220千伏及以上项目, 海拔1500米以上…治理项目; nor a threshold before one (投资1亿元以上的|临翔区鸭子塘水库).
_NOT_ONE_PROJECT = re.compile(r"(?<!第)一批|各|上述|个项目|类项目|这些|此次|本次|(?<![及米])以上(?!的)|全部|多个"
                              r"|(?<!及)相关|重点项目|重点工程|重大项目|该项目|此项目|承接")
MIN_NAME_CHARS = 3
ANCHOR_LABELS = {"County", "Region", "UrbanArea", "DevelopmentZone", "Park", "Mountain", "River", "Enterprise"}
NOT_NAME_FIRST = "上把向对在将为以被让从于使多"
# "推动项目", "跟着项目", "大项目": 项目 after these is not a name's end
NOT_NAME_LAST = "向把将对着好动大的了在于为从被让抓上入类些"
_NOT_A_NAME = re.compile(r"记者|本报讯|新闻网|我市|我县|全市|全省|全县|各县|具体|有关|进一步|全面|代表|本文|用于"
                         # (round 36: a policy's 机制, not the 机|制造 of 飞机制造 or the 机制砂 of a quarry, which
                         # kept 13 keyed works out; not the 五大 of 五大连池, a place)
                         r"|工作法|机制(?![造砂])|模式|制度|(?<!\d)(?:\d{1,2}|[一二三四五六七八九十两多几])大(?!数据|连池)"
                         r"|重点|领导"
                         # round 17 (dev20 read fresh): officials at a ceremony (…区委书记…出席仪式并宣布项目,
                         # 市人大常委会副主任), a count of lines or sets a project builds (2条…生产线, 1套…), a verb
                         # with no object (大力实施项目)
                         r"|书记|副主任|常委会|出席|宣布|^\d+(?:条|台|套|栋)|(?:实施|推进|开工)项目$"
                         # round 28 (holdout38/39 read): a clause of progress or size (…已进入试生产阶段,
                         # 基地规划占地876亩, 制造业项目分别占…) and a province's hundred works (6省百大产业项目)
                         r"|已进入|规划占地|分别占|百大"
                         # round 29 (holdout42-45 read): a table's heading run into the name (…建设规模及主要建设内容为)
                         r"|建设内容|建设规模"
                         # round 30: a builder or a site with its verb (华西集团承建, 选址宜都化工园, …设立研发中心)
                         r"|承建$|^选址|设立")
MIN_PARTICULAR_CHARS = 3
# Words of kinds of projects: a name made only of these names no one project.
KIND_WORDS = ("产业", "基础设施", "社会事业", "调产", "建设", "合作", "招商", "引资", "转型", "民生", "在建", "新建",
              "续建", "签约", "开工", "投产", "工业", "农业", "服务业", "升级", "改造", "示范", "配套", "高质量",
              "发展", "技术", "转移", "承接", "新型", "文化", "旅游", "生态", "环保", "治理", "提档", "综合",
              "补链", "延链", "强链", "建链", "新兴", "传统", "绿色", "智慧", "现代", "重大", "重点", "储备", "谋划",
              "高新", "先进", "制造", "融合", "一体化", "乡村振兴", "城乡", "区域", "跨", "县域", "流域", "板块",
              "投资", "省级", "市级", "县级", "社会", "动工")
FACILITY_WORDS = ("电厂", "电站", "水库", "机场", "医院", "学校", "公路", "高速", "铁路", "大桥", "桥", "管线", "管道",
                  "污水处理厂", "厂", "园区", "产业园", "基地", "中心", "景区", "风电", "光伏", "储能", "热电", "煤矿",
                  "隧道", "枢纽", "物流园", "小镇", "博物馆", "体育场", "场馆", "生产线", "焦化", "钢", "高铁", "快线",
                  "站房", "渡槽", "总部", "市场")
_SIGNED = re.compile(r"(签订|签约|签署|签下)了?")
# "投资4.3亿元的", "投资7000万美元", "投资2.77亿元人民币": the amount in any currency the text writes
_MONEY_LEAD = re.compile(r"(?:总投资|计划总投资|共投资|投资|斥资|耗资)\s*(?:约|近|超过|达)?\s*(?:人民币)?"
                         r"\d+(?:\.\d+)?\s*(?:亿|万)?(?:元|美元|欧元|日元|港元|英镑)?(?:人民币)?的?")
_STRONG_LEAD = re.compile(r"(包括|包含|启动了|启动|完成了|实施了|实施|加快推进|全力推进|积极推进|推进|"
                          r"开工建设|投资建设|计划建设|正在建设|拟建设|拟建|投建|谋划实施|谋划|主要投资|开展|推动|引进|争取|围绕|落地|打造|新建|建成|开工|竣工|续建|扩建|"
                          r"举行|举办|完成|核准|批准|备案|(?:项目|工程)(?:分别)?[为是][:：]?)")
_WEAK_LEAD = re.compile(r"[、，,\s—–\-－:：]*(?:其中|此外|另外|以及|和|及|与|在|了|的|等)?"
                        r"(?:[一二三四五六七八九十]+是|\d{1,2}\s*[.、．)）](?!\d)|[(（][一二三四五六七八九十\d]{1,2}[)）]"
                        r"|[一二三四五六七八九十]{1,2}、"  # list markers: 一是, 1., (一), 一、, and parts explained:
                        r"|[一二两三四五六七八九十\d]+[\u4e00-\u9fff]{1,2}指(?![挥导标数南定引]))?"  # 一馆指|…
                        r"(?:(?:\d+|[一二三四五六七八九十]+)(?:余|多)?个)?"
                        # leads the model does not tag as verbs (round 23): 也有|…, 不乏|…, 投运|…, 相继开复工|…
                        r"(?:建设|新建|实施|启动|完成|开工|加快|全力|积极|重点|主要|也有|不乏|投运|构建|(?:相继)?开复工)?"
                        r"[、，,\s—–\-－]*")
_OF = re.compile(r"的")  # "连接中心城区与侯马的<name>工程"
_LIST_COPULA = re.compile(r"(?:分别)?[为是][:：]?")
_EXAMPLE = re.compile(r"(?:例如|比如|如)(?=[^，。；,;]{4})")  # "如新建…铁路…段": an example follows
# "2020年…产业项目", "9个…项目": a year or a count makes no name particular
_YEAR_OR_COUNT = re.compile(r"(?:19|20)\d\d\s*年(?:度)?|(?:\d+|[一二三四五六七八九十百]+)\s*(?:余|多)?\s*个")
# "…成立的全资子公司项目": a company's project with no what is no name
COMPANY_HEADS = ("公司", "企业", "集团")
_FIRM_HEADS = ("公司", "集团")  # "广西中晟纸业有限公司项目" is one firm's work; "…强企业项目" a kind
# Words that lead into a name: a verb of building, signing, approving or
# reporting that the model tags as a verb here (v, not the noun-verb vn of
# "基地建设项目"), or a preposition, followed by a place, an organisation, a
# person, a time or a count: the name starts after it ("在双流建设|锂离子…项目",
# "宣布|9个…项目", "设立|西南…基地"). Verbs inside names (通用, 寻根, 入) are not in the list.
LEAD_VERBS = frozenset((
    "建设 新建 设立 兴建 投资 投建 宣布 介绍 收看 观看 听取 汇报 "
    "察看 考察 调研 视察 参观 来到 走进 深入 推进 启动 实施 签约 "
    "签订 签署 引进 打造 举行 开工 落户 入驻 规划 谋划 争取 开展 "
    "包括 包含 涉及 建成 完成 核准 批复 审批 同意 成立 组建 布局 发展").split())
NAME_START_TAGS = ("LOC", "ORG", "nz", "nw", "PER", "TIME", "ns", "nt")
# a count of things: "14个", "三十余个", "3 多 个"
_NUMERAL = r"(?:\d+|[一二三四五六七八九十百]+)"
_PIECES = r"\s*(?:余|多)?\s*个"
_COUNT_WORD = re.compile(rf"^{_NUMERAL}(?:余|多)?个")
LEAD_PREPOSITIONS = "在由对向从于为把被将"
_TAIL_WORDS = re.compile(r"(建设)?(项目|工程)(建设)?$")
# an organisation's name runs on after 工程/项目 (…工程技术有限公司, …项目部); 污水处理 is no 处
_ORG_AFTER = re.compile(r"[^，。；、,;\s]{0,6}?(公司|集团|局|研究院|设计院|学院|处(?!理)|队|指挥部|项目部)")
_NOT_END = re.compile(r"示范|运作|管理|资金|用地|库|储备|谋划|落实|布局|机制|规模化|标准化|化|单位|方|”"
                      r"|代表|负责人|推介|情况")
_PLANNED = re.compile(r"(谋划|储备|开展|推动)[^，。；,;]*$")
_AT_SITE = re.compile(r"在[^，。；,;在]{1,8}(建设|新建|打造|设立)$")
PLACE_ANCHORS = {"County", "DevelopmentZone", "Park", "UrbanArea", "Mountain"}
SITE_LABELS = ("River", "Mountain", "Landmark", "Park")
# a short note in brackets after a name: not an amount ("(投资20亿元)") nor a picture's (_CAPTION)
_BRACKET_NOTE = re.compile(r"[(（](?![^()（）]*(?:投资|亿|万元|图|摄))[^()（）。，；,;]{1,15}[)）]")
# a time relative to the text's date opens no name ("明年底|60GWh动力储能电池生产线…项目"); a year does (2023年…项目)
_RELATIVE_TIME = re.compile(r"(?:明年|今年|去年|后年|年内|当年)(?:底|初|年底|年初|上半年|下半年)?|年底|年初|[上下]半年")
# where the work lies, said right after its name ("…项目位于温更镇境内"): no part of the name (round 29)
_LOCATED_AT = re.compile(r"[，,]?位于")
# a note on the page's picture after a name ("…接收站项目(如下效果图)", "(记者 X 摄)"), no part of it
# (round 45: and a note on the name itself, "…小学 (暂定名)", "…小学(原恒大养生谷小学)": no part of the name either)
_CAPTION = re.compile(r"\s*[(（](?:[^()（）]*(?:图|摄|照片|视频)[^()（）]*|暂定名|暂名|原[^()（）]{2,20})[)）]$")
# Round 23: what news says a work is going through, written right after its name: a stage or a contract of the
# work (…机场新建迁建, …航站楼安装工程, …一期一标段, …场地平整, …正线铺轨, …可研), no part of it. None of the
# 6,259 keyed names ends in one (改扩建, 迁建, 主体工程 and 建设 do end keyed names, so they stay).
_STAGE_TAIL = re.compile(r"(?:(?:主体)?施工|主体结构|土石方工程|安装工程|场地平整|(?:正线)?铺轨|新建迁建|土建"
                         r"|[一二三四五六七八九十\d]+标段|可研|实物工作量|核心子项目|前期工作|提前"
                         r"|工地|(?:建设)?现场"  # round 30 (holdout48-51 read): where a ceremony is held
                         # round 39: the part of a work whose name is already whole (…试点项目|主体工程完工, dev 242);
                         # keys end in 主体工程 (胶东调水主体工程) but none of the 1,677 texts' in 项目主体工程
                         r"|(?<=项目|工程)(?:主体工程|土建工程)"
                         # round 37: a milestone the news reports, run into the name (…主线桥通车, …特大桥合龙,
                         # …航站楼启用, …路顺利贯通, …可研鉴修审查会); no keyed name of the 1,595 texts ends in one
                         r"|(?:顺利|正式|全面|率先|建成|已经|已|将)?"
                         r"(?:(?:主体)?封顶|通车|合龙|合拢|通水|贯通|开通运营|投用|启用|开班招生|(?:可研)?(?:鉴修)?审查会))+$")
# Round 31: what a sentence goes on to say of a work, run into its name with no comma (…检测维修项目已正常进行…,
# …产业园项目已开始楼宇内部装修工程, …海上风电项目总装机规模为300兆瓦, …产业项目不仅是…): the name ends at 项目
_PREDICATE_AFTER = re.compile(r"(?<=项目|工程)(?:已|正在|现已|目前|不仅|总装机|进入|开始|顺利|正式|全面|将(?!军))")
# Round 31 (holdout52-55 read, not blind): a list's item written with its amount (东北亚国际博览中心总投资达400亿元、…;
# the clause after the name gives the amount) and a road described by its ends (…北延工程南起杨宋北环路,北至…): the
# name ends before them, and a clause's "北至…" opens no name
_AMOUNT_IN_NAME = re.compile(r"(?:计划|预计|协议)?总?投资(?:额|总额)?(?:达|约|为|近|超)?\s*\d")
_ROUTE_STARTS = re.compile(r"[东南西北]起|起于")
_ROUTE_END_CLAUSE = re.compile(r"(?:^|(?<=[，,；;]))[东南西北]至")  # not 广州南至望洪段: a station's name
# "…装备智造产业园(一期)、…": a facility with its phase in brackets closes a listed name
_FINISHED_FACILITY = re.compile(r"(?:园|基地|中心|电站|厂)[(（][^()（）]{0,4}期[)）]$")
_MONEY_BRACKET = re.compile(r"[(（][^()（）]{0,8}?(?:投资)[^()（）]{0,12}[)）]")
_FINISHED_ITEM = re.compile(r"(协议书?|合同|备忘录|项目|工程)$")
# "A、B、C等项目": the items before a plain 等项目 are named too (each still passes _phrase's checks).
# (A free modifier between 等 and 项目, "…等公路项目", raised dev but not the holdouts: rounds 8 and 9.)
# Round 11 (plans): a few set modifiers (等规划项目, 等重点工程) and a kind of line or facility as the head
# (…、沪苏湖等铁路建设, …等城际铁路, …等水库) — most of a plan's works are listed so.
_LINE_KINDS = r"(?:城际|高速|普速|干线)?(?:铁路|公路)|高速公路|城际|高铁|机场|水库"  # …等铁路, …等机场
_ETC = re.compile(r"等(?:(?:一批|一系列|(?:\d+|[一二三四五六七八九十百]+)余?[个大项]|多个)"
                  r"[^，。；,;]{0,12}?(?:项目|工程)|(?:重大|重点|基础)?设施|(?:规划|重点|重大|在建)?(?:项目|工程)"
                  rf"|{_LINE_KINDS})")
# "推动A、B、沪苏湖等规划项目开工建设": a list the text itself calls works (a line or facility kind, or works
# 规划/在建) names works even when a planning verb leads it (round 12)
_WORKS_LISTED = re.compile(rf"等(?:(?:规划|在建)(?:项目|工程)|{_LINE_KINDS})$")
# "推动钨钼合金、启辉氧化铝、宁保冶金等项目建成投产", "推动元创未来中心…等项目及早开工": a list whose works are
# started, finished or put into production right after it names works, though a planning verb leads it (round 32;
# "推动天麻、刺梨等精深加工项目建设" names kinds and stays so)
_UNDER_WAY = re.compile(r"(?:尽早|及早|尽快|全部|全面|集中|顺利|相继)?(?:开工|建成|投产|竣工|落地|投运|并网|达产|达效)")
_BUILD_OBJECT = re.compile(r"(?:建设|新建|争取|打造|建成|设立)"
                           r"((?:[^，。；,;]{2,40}?)(?:园区|中心|基地|设施|总部))"
                           r"(?:建设)?(?=[，。；,;]|$)")
# "运城会展中心建成启用", "…隧道日前贯通", "…研究中心初步投入使用": a work finished or started, with at most
# one adverb of time or manner between the work and its verb
_DONE = re.compile(r"(?:日前|近日|已经|已|初步|顺利|率先|全面)?"
                   r"(建成启用|建成投产|建成运营|建成通车|竣工投产|全线贯通|贯通|投入使用|正式开工|开工建设|建成)"
                   r"(?=[，。；,;]|$)")
FACILITY_ENDS = ("园区", "中心", "基地", "设施", "线", "段", "路", "街", "桥", "站", "厂", "馆", "场", "库", "园",
                 "站房", "高铁", "总部", "渡槽", "隧道")
# "，(该)项目(计划|估算|拟)总投资(额)…": a clause stating this project's investment
# Round 13: "…项目由中盛钢结构集团有限公司投资6亿元兴办" (the investor between), "…项目签约额3亿元"
# (a project's signed sum, keyed as its investment)
_MONEY_AFTER = re.compile(r"^(?:该|此)?(?:项目)?(?:由[^，。；,;]{2,30}?)?" + QUALIFIED +
                          r"(?:总投资|投资|签约(?:金)?额)")
_CAPACITY_LEAD = re.compile(r"\s*(总?装机容量|装机|设计产能|产能|规模|年产|年处理|日处理|建设规模)")
_PARTS_LEAD = re.compile(r"(?:^|[，,；;：:])\s*(?:其中|包括)\s*[,，:：]?")
MAX_FOLLOWING = 4
SENTENCE_END = "。！？!?. "
_COUNT_AFTER = re.compile(rf"\s*{_NUMERAL}{_PIECES}")
_YEARS_STATED = re.compile(r"(建设年限|建设期限|建设期|建设周期|工期|计划工期)\s*[为:：]?\s*"
                           r"([0-9—–\-~～至年月.\s]+?年?)\s*$")
_PART_ENDS = ("项目", "工程", "电站")
_NEXT_CLAUSE = re.compile(r"[,，]([^，。；,;]*)")
HOME_PLACE_LABELS = ("County", "DevelopmentZone", "UrbanArea", "Park")
_OBJECT = re.compile(r"^等?([^，。；、：,;:“”（）()]{2,30}?)(项目|工程|及|，|。|；|、|$)")
_END = re.compile(r"项目|工程")
# 工程/项目 inside a longer name: more name follows, up to another 项目/工程 in the same item
# ("江苏南通城欣市政工程天然油脂深加工项目"); a conjunction or verb after it ends the name.
_INNER_END = re.compile(r"(?![和及与暨并等在位由于将已正是为已的是了,，、。；;：:])[\u4e00-\u9fff]"
                        r"[^，。；、,;:：\s]{0,24}?(?:项目|工程)")
# "参会人员和项目", "县情说明、项目": 项目 joined to a noun before it is not a name's end
_COORDINATED = re.compile(r"[、和与及]$")
# "14个绿色装配式建筑产业项目": a counted group of projects, not one project
# "一个工业项目", "3个项目": a count of projects names none of them
_A_PROJECT = re.compile(r"(?:\d+|[一二三四五六七八九十两])\s*(?:余|多)?\s*个[^，。；,;、]{0,4}?(?:项目|工程)")
# (round 45: a count of the villages or towns one work serves is part of its name, "西卜沙乡三个村游牧民定居点人饮
# 巩固提升工程", "泽库县2个村发展新型农村集体经济项目", as fund-allocation notices write them)
_COUNTED_NAME = re.compile(rf"{_NUMERAL}{_PIECES}(?![村乡镇组](?!项目|工程))")
_COUNTED = re.compile(rf"{_NUMERAL}{_PIECES}\s*$")


@dataclass
class Phrase:
    """A project name found in a sentence, with its place and span."""

    name: str
    start: int  # offsets within the sentence
    end: int
    place_id: str | None
    extra_place_ids: tuple[str, ...] = ()
    investment_wan: float | None = None
    zone_id: str | None = None
    capacity: str | None = None
    years: str | None = None
    sub: bool = False  # listed after 其中/包括 under a parent project
    source: str = "rule"  # which rule (or the tagger, or a boundary variant) proposed it: the name judge reads it


def find_project_phrases(text: str, mentions: list[Mention], gaz: Gazetteer,
                         words: Words = ()) -> list[Phrase]:
    """The projects a sentence names. `words` are its tagged words (LAC), when
    the model ran on it: they move a name's start past the verb or preposition
    that leads into it; without them the rules alone decide."""
    phrases = _sourced(_site_lists(text, mentions, gaz, words), "sites")
    for source, rule in RULES:
        for p in rule(text, mentions, gaz, words):
            if _balanced(p.name) and not any(q.start < p.end and p.start < q.end for q in phrases):
                p.source = source
                phrases.append(p)
    tagger_on = words and SPAN_TAGGER is not None and TAGGER_MODE != "off" and tagger_enabled()
    if tagger_on and SPAN_TAGGER is not None and phrases_judged():
        phrases = _judged(text, phrases, mentions, gaz, words, SPAN_TAGGER)
    elif tagger_on and SPAN_TAGGER is not None and _EVENT.search(text):
        phrases = _with_tagged(text, [] if TAGGER_MODE == "only" else phrases, mentions, gaz, words, SPAN_TAGGER)
    phrases = [q for p in phrases for q in _apart_at_and(text, p, mentions, gaz, words)]
    phrases = [q for p in phrases if (q := _before_predicate(text, p, words)) is not None]
    phrases = [_with_note(text, _name_edges(text, p), phrases, mentions, gaz) for p in phrases
               if not _only_places(text, p, mentions, words) and not _generic_facility(text, p, mentions, words)
               and not _where_a_work_lies(text, p, mentions, words)]
    phrases = [p for p in phrases if not _said_of_another(text, p, phrases)]
    for m in _PARTS_LEAD.finditer(text):
        for p in phrases:
            if p.start >= m.start():
                p.sub = True
    return sorted(phrases, key=lambda p: p.start)


# Round 44: a name is a noun phrase: it runs up to its clause's verb, not past it (宜春智慧城市指挥中心|上线运行,
# …产业基地项目|属于汽车制造项目, 辽宁方大总医院|之后, 合湛高铁|起自…). The models' spans sometimes take the verb of
# being, having or becoming and what follows it; the part before it is the name, and a span such a verb opens, or
# that keeps too little before it (进入内部装修和设备调试阶段, 也是…观摩项目, 内容|有易文化商业街), names no work.
# Only these verbs as LAC reads them: a work's own verbs (改造, 建设, 整县推进, 启动区) stay in its name.
_PREDICATES = frozenset(("属于", "上线", "是", "也是", "有", "实现", "成为", "作为", "位于", "进入", "达到"))
_AFTER_A_NAME = frozenset(("之后", "之前", "以来"))
_ROUTE_FROM = re.compile(r"起[自于]")  # 合湛高铁|起自南宁至北海铁路合浦站: where a line starts, said after its name


def _before_predicate(text: str, phrase: Phrase, words: Words) -> Phrase | None:
    """The phrase cut before the first predicate verb inside it (see above), None when nothing of a name is left."""
    if text[phrase.start : phrase.end] != phrase.name:  # a name the rules composed (溪洛渡水电站) has no verb
        return phrase
    for w in words:
        if phrase.start <= w.start < phrase.end and (
                (w.tag == "v" and (text[w.start : w.end] in _PREDICATES or _ROUTE_FROM.match(text, w.start)))
                or (w.tag == "f" and text[w.start : w.end] in _AFTER_A_NAME)):
            name = text[phrase.start : w.start].rstrip("、，, ")
            if len(name) < MIN_NAME_CHARS:
                return None
            return replace(phrase, name=name, end=phrase.start + len(name))
    return phrase


# Round 30: "武汉、宜昌、十堰、荆州项目", "岐山县、眉县、陇县项目", "西安、兰州": places listed with no work between
# them and 项目 name where works are, not a work
_PLACE_WORD = re.compile(r"^[\u4e00-\u9fff]{1,6}(?:县|区|镇|乡|市|州|旗)$")


def _only_places(text: str, phrase: Phrase, mentions: list[Mention], words: Words) -> bool:
    """Whether a 、-joined name is only places (each piece a place mention, a LOC word or a division's name)."""
    if phrase.source in UNJUDGED_SOURCES or _ITEM_SEP not in text[phrase.start : phrase.end]:
        return False
    name = text[phrase.start : phrase.end]
    pieces = _top_level_pieces(text, phrase.start, phrase.start + len(_TAIL_WORDS.sub("", name)))
    return len(pieces) > 1 and all(
        any(m.start == a and m.end == b for m in mentions) or _PLACE_WORD.match(text[a:b])
        or any(w.start == a and w.end == b and w.tag == "LOC" for w in words) for a, b in pieces)


# Round 35: where a work lies, named after the verb that places it ("该项目落户贵港高新区粤桂循环产业园", "位于…
# 产业园"; places may stand between) or before the word that places it beside it, ending its clause ("…海兰河一级支流
# 蜂蜜河下游,"; not "…1号支洞下游正洞掘进"): a site, not a work; a name with a work word (…落户年产10万吨…项目)
# names a work wherever it stands
_PLACED_AT = re.compile(r"(?:位于|落户于?|坐落于|坐落在|地处|选址于?|落地)(?:在|于)?")
_PLACED_BESIDE = re.compile(r"(?:下游|上游|附近|境内|一带|周边|旁|处)(?=[，,；;。、的]|$)")
MAX_PLACES_BEFORE_SITE = 12  # characters of place names between 位于 and the site's own name


def _where_a_work_lies(text: str, phrase: Phrase, mentions: list[Mention], words: Words) -> bool:
    """Whether the phrase names the site where a work lies, by the words around it (place mentions and the
    NER's place words may stand between the verb and the site)."""
    if phrase.source in UNJUDGED_SOURCES or _TAIL_WORDS.search(phrase.name):
        return False
    if _PLACED_BESIDE.match(text, phrase.end):
        return True
    verbs = list(_PLACED_AT.finditer(text, max(0, phrase.start - MAX_PLACES_BEFORE_SITE - 4), phrase.start))
    if not verbs:
        return False
    places = sorted([(m.start, m.end) for m in mentions] + [(w.start, w.end) for w in words if w.tag == PLACE_TAG])
    pos = verbs[-1].end()
    for start, end in places:
        if start == pos and end <= phrase.start:
            pos = end
    return pos == phrase.start


# Round 35: "X工程项目是福建省乡镇便捷通项目": the name after a work and 是 says what kind of work it is, no work of
# its own; but after a described kind ("最大的义甬舟开放大通道项目是X项目") the name after 是 is the work
_IS_A = ("是", "属于")
_DESCRIBED = "的"


def _said_of_another(text: str, phrase: Phrase, phrases: list[Phrase]) -> bool:
    """Whether the phrase follows another work's name and 是 (or 属于) right after it."""
    return phrase.source not in UNJUDGED_SOURCES and any(
        text[other.end : phrase.start] in _IS_A and not text[: other.start].endswith(_DESCRIBED)
        for other in phrases if other.end <= phrase.start)


# "养殖场、菌肥厂、饲料厂", "冷藏库": a works' parts named by their kind alone (no place, no owner) are no work
_GENERIC_FACILITY = re.compile(r"^[\u4e00-\u9fff]{2}(?:厂|场|库)$")


def _generic_facility(text: str, phrase: Phrase, mentions: list[Mention], words: Words) -> bool:
    return bool(_GENERIC_FACILITY.match(phrase.name)) and not any(
        m.start == phrase.start for m in mentions) and not any(
        w.start == phrase.start and w.tag == "LOC" for w in words)


# How the learned tagger (span_tagger.py) joins the rules, chosen by
# leave-one-text-out cross-validation on the development texts
# (`python -m search_api.tools.train_spans tests/data/real --cv`):
#   off      the rules alone;
#   add      the rules, plus each tagged span no rule phrase overlaps;
#   filter   as add, but a tagged span must pass the rules' checks of a name (_phrase);
#   replace  a tagged span replaces the rule phrases it overlaps;
#   refine   as filter, and tagged spans inside a rule phrase trim its lead-in or split a run it joined;
#   only     the tagger alone (what it learned, for comparison).
TAGGER_MODES = ("off", "add", "filter", "replace", "refine", "only")
TAGGER_MODE = "filter"
# the model's probability that a tagged span starts where it does (CV: 0.7 over 0.5 and 0.3)
TAGGER_MIN_SCORE = 0.7
SPAN_TAGGER: SpanTagger | None = default_span_tagger()
# The encoder head (encoder_spans.py): its spans are candidates and its probabilities the judge's
# features. Training sets a fold's head here as it sets a fold's CRF above; else the shipped head.
SPAN_ENCODER: EncoderSpans | None = None


def span_encoder() -> EncoderSpans | None:
    return SPAN_ENCODER if SPAN_ENCODER is not None else shipped_encoder_spans("projects")


# The learned accept/reject step (name_judge.py): when its model is built, every
# candidate of a sentence the model tags (rule phrases, tagged spans, boundary
# variants) is scored and the best non-overlapping ones above its threshold are
# kept; JUDGE_ON = False falls back to TAGGER_MODE alone (how CV compares them).
NAME_JUDGE: NameJudge | None = judge_at(JUDGE_FILE)
JUDGE_ON = True
# With the judge, the tagger proposes names in every sentence it has words for, not only in news of
# projects (_EVENT): the judge reads the sentence's genre ("event"/"no-event", "genre=plan") and weighs
# them. Planning sentences (谋划…, 加快…, 推动…) were left out until round 11, when keyed plans (dev14)
# let the judge learn the genre: most of a plan's works are named in such sentences.
TAG_EVERY_SENTENCE = True


# Names the rules build from a structure rather than read off one stretch of text, kept as the rules
# make them: a list of sites (洪洞县、安泽县、吉县等…电站项目: no span to judge) and the parts a
# parent lists after 其中/包括 (each part's boundary is the list's own; the judge, trained on few
# such lists, dropped plain parts such as 100MW光伏电站).
UNJUDGED_SOURCES = frozenset(("sites", "parts"))


def phrases_judged() -> bool:
    return (JUDGE_ON and NAME_JUDGE is not None) or is_recording()


def _judged(text: str, phrases: list[Phrase], mentions: list[Mention], gaz: Gazetteer, words: Words,
            tagger: SpanTagger) -> list[Phrase]:
    tagging = tagger.tagging(text, words, mentions)
    encoder = span_encoder()
    encoding = encoder.tagging(text, mentions) if encoder is not None else None
    event = bool(_EVENT.search(text))
    candidates = list(phrases)
    if event or TAG_EVERY_SENTENCE:
        for source, reading in (("tagger", tagging), ("encoder", encoding)):
            spans = reading.spans if reading is not None else []
            for start, end in [(s.start, s.end) for s in spans] + _joined_at_unit_numbers(text, spans):
                # the models read a 和 opening a name as a conjunction (、|和|世泰钛材…: a brand)
                start = start - 1 if start > 0 and _opens_name(text, start - 1) else start
                if _balanced(text[start:end]):
                    phrase = _phrase(text, start, end, mentions, gaz, words, needs_tail=False)
                    if phrase is not None:
                        phrase.source = source
                        candidates.append(phrase)
    candidates += _variants(text, phrases, mentions, gaz, words)
    candidates += [c for c in (_without_year(text, c) for c in candidates) if c not in candidates]
    unique = [c for c in {(c.start, c.end, c.name): c for c in reversed(candidates)}.values()
              if c.source not in UNJUDGED_SOURCES and not _FIELDS_AFTER.match(text, c.end)
              and len(_IN_BRACKETS.sub("", c.name)) >= MIN_NAME_CHARS][::-1]  # the first of equal candidates kept
    def features_of(c: Phrase) -> Features:
        return candidate_features(text, c.start, c.end, c.source, words, mentions, tagging,
                                  c.investment_wan is not None, event, encoding)

    scored: list[tuple[float, Phrase]] = []
    for c in unique:
        features = features_of(c)
        record(text, c.name, features)
        if NAME_JUDGE is not None and JUDGE_ON:
            scored.append((NAME_JUDGE.probability(features), c))
    if NAME_JUDGE is None or not JUDGE_ON:  # recording for training: what the shipped path keeps
        return _with_tagged(text, phrases, mentions, gaz, words, tagger) if event else phrases
    kept = [p for p in phrases if p.source in UNJUDGED_SOURCES]
    for score, c in sorted(scored, key=lambda sc: -sc[0]):
        if NAME_JUDGE.keeps(score, c.source in RULE_SOURCES) and not any(_excludes(k, c) for k in kept):
            kept.append(c)
    for c in _list_siblings(text, kept, mentions, gaz, words):
        score = NAME_JUDGE.probability(features_of(c))
        if NAME_JUDGE.keeps(score, c.source in RULE_SOURCES) and not any(_excludes(k, c) for k in kept):
            kept.append(c)
    scenes = _scenes(text, mentions, gaz, words)
    kept = [_with_year(text, _past_scene_zone(text, k, scenes, mentions, gaz)) for k in kept]
    kept += [c for c in scenes if not any(k.start < c.end and c.start < k.end for k in kept)]
    return sorted(kept, key=lambda p: p.start)


# Round 45: a year written before a name that opens its item or sentence is the name's ("(三)2019年青宁镇…道路工程
# 项目", "2022年华池县马铃薯千亩规范化种植项目", as fund lists and plans name their works; 11 keyed names to 1 that
# left it out, "…说,2019年副中心站…"), though the models score the name without it higher
_ITEM_OPENERS = "、：:；;)）.．"


_YEAR_OPENS = re.compile(r"(?:19|20)\d\d\s*年度?(?=\S)")


def _opens_item(text: str, pos: int) -> bool:
    return pos == 0 or text[pos - 1] in _ITEM_OPENERS


def _without_year(text: str, phrase: Phrase) -> Phrase:
    """A candidate that opens its item with a year, without it, judged beside it: the judge learned few names with
    one ("2022年临沂市兰陵县…项目" scores under "临沂市兰陵县…项目"); the year is put back to the name it keeps."""
    year = _YEAR_OPENS.match(phrase.name)
    if year is None or not _opens_item(text, phrase.start) or not text.startswith(phrase.name, phrase.start):
        return phrase
    return replace(phrase, name=phrase.name[year.end() :], start=phrase.start + year.end())


def _with_year(text: str, phrase: Phrase) -> Phrase:
    """The name with the year its item opens with put before it (see above)."""
    year = _YEAR_OPENS.match(text, _item_start(text, phrase.start))
    # the year and, between it and the name, the division the name's work lies in ("2022年临沂市|兰陵县…项目")
    between = text[year.end() : phrase.start] if year is not None else ""
    if year is None or year.end() > phrase.start or (
            between and read_divisions().prefix_length(between, keep=0) != len(between)):
        return phrase
    return replace(phrase, name=text[year.start() : phrase.start] + phrase.name, start=year.start())


MAX_YEAR_LEAD = 12  # characters a year and the division after it may stand before a name they open


def _item_start(text: str, pos: int) -> int:
    """Where the item holding text[pos] opens, at most MAX_YEAR_LEAD characters back."""
    return next((i for i in range(pos, max(-1, pos - MAX_YEAR_LEAD - 1), -1) if _opens_item(text, i)), pos)


# Round 36: news stands at the site of one work ("在五大连池市高标准农田建设项目施工现场,…", "主会场设在…项目现场",
# "前往河北镇蛇山新区项目建设现场"): the name between the preposition and 现场 is a work. The judge, which weighs the
# name's words and not this frame, scored such names 0.03-0.34 on the held-out texts; a name no other candidate
# of the sentence covers is kept when it passes the checks every rule's phrase passes (_phrase).
_SCENE = re.compile(r"(?:在|设在|来到|走进|前往|深入|赴)([^，。；,;、\n在]{4,70}?(?:项目|工程))"
                    r"(?:建设|施工)?(?:现场|工地)")
# The zone a site lies in, written before the work's own name there ("在葛店开发区|容百锂…四期项目建设现场",
# "在嘉东工业园区|浙江甬金…项目现场"): the keys of the held-out texts leave it out where an owner or a brand opens
# the rest. Not a bare 开发区 (the text's own zone), not a zone inside a zone (西宁经济技术开发区南川工业园区…: the
# keys keep such an address) and not before a name with no owner (平川经济开发区|南区工业地产…, …电子产业园|研发…).
_ZONE_END = re.compile(r"(?:经济技术开发区|高新技术产业开发区|经济开发区|开发区|经开区|高新区|工业园区|工业园|工业区"
                       r"|产业园区|产业园|化工园|园区|产业城|科技城|新区|新城)")
_FIRM_IN_REST = re.compile(r"^[^，。；,;、]{2,20}?(?:有限公司|集团)")
MIN_NAME_AFTER_ZONE = 6


def _scene_start(text: str, start: int, end: int, words: Words) -> int:
    """Where the work's own name starts in a site's name text[start:end]: after the zone written before it."""
    zones = list(_ZONE_END.finditer(text, start, end))
    if len(zones) != 1 or zones[0].start() == start or end - zones[0].end() < MIN_NAME_AFTER_ZONE:
        return start
    cut = zones[0].end()
    owner = (any(w.start == cut and w.tag in _PROPER_TAGS and not text[w.start : w.end].endswith("区") for w in words)
             or _FIRM_IN_REST.match(text[cut:end]))  # (a LOC word ending in 区 is a part of the zone: 南区)
    return cut if owner else start


# the event held at the site, written before the work's name (在西安市重点项目集中开工活动|西咸新区…项目现场,
# 在活动主会场|京津产业新城…项目现场); not a facility named for it (青少年活动中心, 老年活动室)
EVENT_AT_SITE = re.compile(r"^.*(?:活动|会场|仪式)(?!中心|室|站|场所|基地)")


def _scenes(text: str, mentions: list[Mention], gaz: Gazetteer, words: Words) -> list[Phrase]:
    out = []
    for m in _SCENE.finditer(text):
        event = EVENT_AT_SITE.match(text[m.start(1) : m.end(1)])
        start = _scene_start(text, m.start(1) + (event.end() if event else 0), m.end(1), words)
        phrase = _phrase(text, start, m.end(1), mentions, gaz, words, needs_tail=False, listed_work=True)
        if phrase is not None:
            phrase.source = "scene"
            out.append(phrase)
    return out


def _past_scene_zone(text: str, phrase: Phrase, scenes: list[Phrase], mentions: list[Mention],
                     gaz: Gazetteer) -> Phrase:
    """A kept name that runs on from a site's zone into the work's own name ends as the site's work does and starts
    where it starts: the work's name without the zone."""
    scene = next((c for c in scenes if c.end == phrase.end and phrase.start < c.start
                  and _ZONE_END.search(text, phrase.start, c.start) is not None), None)
    if scene is None:
        return phrase
    cut = _located(text, scene.start, phrase.end, text[scene.start : phrase.end], mentions, gaz, phrase.investment_wan)
    cut.source, cut.sub = phrase.source, phrase.sub
    return cut


def _joined_at_unit_numbers(text: str, spans: list[Span]) -> list[tuple[int, int]]:
    """Two spans a model cut at a 、 between unit numbers (广东陆丰核电5|、|6号机组), joined into one name:
    the judge drops each half (name_judge.cuts_unit_numbers)."""
    out = []
    for run_start, run_end in unit_number_runs(text):
        lefts = [s for s in spans if s.start < run_start < s.end < run_end]
        rights = [s for s in spans if run_start < s.start < run_end < s.end]
        out += [(left.start, right.end) for left in lefts for right in rights]
    return out


# The items of a list are of one kind: beside a kept name, an item no rule or model proposed ("推动陆上风光三峡、
# 沈白高铁、大水网…", "开展新藏铁路、滇藏铁路…等项目") is a candidate too when it reads as a name at all (_phrase),
# judged as a rule's phrase (round 27: at 0.15 and 0.25, not the rules' 0.4, dev lost precision for little recall).
_ITEM_SEP = "、"
_CLAUSE_ENDS = "，,。；;：:！？!?"
_OPENS, _CLOSES = "(（", ")）"


def _list_siblings(text: str, kept: list[Phrase], mentions: list[Mention], gaz: Gazetteer,
                   words: Words) -> list[Phrase]:
    """The other items of each list a kept name is an item of: pieces between 、 (the last one only up to 等,
    as what follows the last item is the clause's verb), none only a place or an organisation's name."""
    clauses = dict.fromkeys(  # each list once, however many of its items were kept
        _list_clause(text, p.start, p.end)
        for p in kept if text.startswith(_ITEM_SEP, p.end) or text[p.start - 1 : p.start] == _ITEM_SEP)
    out: list[Phrase] = []
    for left, right in clauses:
        pieces = _top_level_pieces(text, left, right)
        for n, (start, end) in enumerate(pieces):
            etc = _LIST_ETC.search(text, start, end)
            item_end = etc.start() if etc is not None and etc.start() > start else end if n < len(pieces) - 1 else (
                _last_item_end(text, start, end))
            if item_end is not None and not any(q.start < item_end and start < q.end for q in [*kept, *out]):
                phrase = _phrase(text, start, item_end, mentions, gaz, words, needs_tail=False, listed_work=True,
                                 list_item=n > 0)
                if phrase is not None and not _one_proper_name(phrase, mentions, words):
                    phrase.source = "sibling"
                    out.append(phrase)
    return out


# the 等 closing a list, not the one in a name's word (梧州医学高等专科学校, 中等职业学校)
_LIST_ETC = re.compile(r"(?<![高中初])等")
# Round 37: what closes a list's last item when no 等 does — the list's count ("…、崇左至水口|4条高速公路",
# "…、粤宣城果蔬加工|5个项目获批…") or the clause's verb at its end ("启动市民中心、市档案馆新馆|建设",
# "…、襄宜高速宜昌段|开工", "…、西气东输|全面投产", and the 等 of "…、柳江新高中|等项目" that _LIST_ETC leaves to a
# 中等); a last item the clause ends with is whole ("…、凯都康养产业带,").
_LAST_ITEM_TAIL = re.compile(
    r"(?:(?:\d+|[一二两三四五六七八九十]+)\s*(?:个|条|座|项)[^、]*|等(?:一批|重点|重大)?(?:项目|工程)[^、]*"
    r"|(?:即将|正在|加快|顺利|全面|正式|基本|已经|已|均已|相继|将)?"
    r"(?:开工建设|规划建设|建设|开工|建成|竣工|完工|投产|通车|落地开工|落地|前期工作|论证工作|进展加快)(?:工作)?)$")


def _last_item_end(text: str, start: int, end: int) -> int | None:
    """Where the last item of a list ends (see _LAST_ITEM_TAIL): None when its tail leaves no name."""
    tail = _LAST_ITEM_TAIL.search(text, start, end)
    item_end = tail.start() if tail is not None else end
    return item_end if item_end - start >= MIN_NAME_CHARS else None


def _list_clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around text[start:end]: up to the nearest clause mark or unclosed bracket on each side; a
    bracket closed inside it is an item's note (梧州医学高等专科学校(二期)、…), not the clause's edge."""
    depth, left = 0, start
    while left > 0 and not (depth == 0 and (text[left - 1] in _CLAUSE_ENDS or text[left - 1] in _OPENS)):
        depth += (text[left - 1] in _CLOSES) - (text[left - 1] in _OPENS)
        left -= 1
    depth, right = 0, end
    while right < len(text) and not (depth == 0 and (text[right] in _CLAUSE_ENDS or text[right] in _CLOSES)):
        depth += (text[right] in _OPENS) - (text[right] in _CLOSES)
        right += 1
    return left, right


def _one_proper_name(phrase: Phrase, mentions: list[Mention], words: Words) -> bool:
    """A place or an organisation alone (桂林市, 松花江, 华侨城), also with a place in brackets after it (珠海(阳江):
    a park by its partner cities; 建平大道(三期、四期) is a work): a list of them names no works."""
    def proper(start: int, end: int | None, tags: tuple[str, ...] = ("LOC", "ORG", "PER")) -> bool:
        return (any(m.start == start and end in (None, m.end) for m in mentions)
                or any(w.start == start and end in (None, w.end) and w.tag in tags for w in words))

    note = _IN_BRACKETS.search(phrase.name)
    if note is not None and note.end() == len(phrase.name) and proper(phrase.start + note.start() + 1, None, ("LOC",)):
        return proper(phrase.start, phrase.start + note.start())
    return proper(phrase.start, phrase.end)


# "在乡村振兴、生态治理、黄河文化传承等方面创建样板": items of a list the text calls fields (方面, 领域) name no work
_FIELDS_AFTER = re.compile(r"(?:、[^，,。；;、]{1,12})*等?(?:方面|领域)")


# a piece of a list that is only a bracket ("(5亿元)、…" cut at 、) names nothing
_IN_BRACKETS = re.compile(r"[(（][^()（）]*[)）]")


def _excludes(kept: Phrase, other: Phrase) -> bool:
    """A kept name excludes a candidate it overlaps — other boundaries of the same words — unless both
    are names of one span (a site list's sites are several names)."""
    overlaps = kept.start < other.end and other.start < kept.end
    return overlaps and (kept.source == "sites" or (kept.start, kept.end) != (other.start, other.end))


_LEAD_TAGS = frozenset(("v", "vd", "c", "d", "p", "u", "r", "xc"))  # verbs, conjunctions, adverbs, particles


def _variants(text: str, phrases: list[Phrase], mentions: list[Mention], gaz: Gazetteer,
              words: Words) -> list[Phrase]:
    """Other boundaries of each rule phrase for the judge to weigh: without the function
    words it starts with (有|…项目, 分别为|…, 暨|…), and its parts apart where it joins
    two names at 、 (A…胶膜、B…组件项目)."""
    out: list[Phrase] = []
    for p in phrases:
        if p.source in UNJUDGED_SOURCES:
            continue
        start = p.start
        for _ in range(2):
            first = next((w for w in words if w.start == start and w.end < p.end), None)
            if first is None or first.tag not in _LEAD_TAGS:
                break
            start = first.end
            if len(_TAIL_WORDS.sub("", text[start : p.end])) < MIN_NAME_CHARS:
                break
            out.append(_variant(text, start, p.end, mentions, gaz, _investment(text, start, p.end), "trim"))
        # the parts of the phrase, and of it without its lead-in (确保|丽香铁路、叙毕铁路云南段)
        for pieces in dict.fromkeys((tuple(_top_level_pieces(text, p.start, p.end)),
                                     tuple(_top_level_pieces(text, start, p.end)))):
            # only when every piece could be a name: "中条山、吕梁山、太行山…治理项目" is one project at three
            # sites (a line the NER reads as a place, 叙毕铁路, is a work by its head)
            if len(pieces) > 1 and all(len(_TAIL_WORDS.sub("", text[s:e])) >= MIN_NAME_CHARS
                                       and (e - _past_places(s, e + 1, mentions, words) >= 2
                                            or _COMPOSED_WORK.search(text, s, e) is not None)
                                       for s, e in pieces):
                out += [_variant(text, s, e, mentions, gaz, _investment(text, s, e), "split") for s, e in pieces]
        out += [_variant(text, s, e, mentions, gaz, _investment(text, s, e), "split")
                for s, e in _conjoined_pieces(text, p.start, p.end)]
    return out


# "A产业园以及B项目", "A项目现场和B项目": a conjunction after a finished name (a work's end, or 项目/工程
# with at most a place noun after it) joins two names; 及/与 alone are left whole (…一工厂及发动机项目 is one)
_CONJOINED = re.compile(r"以及|和")
_PLACE_AFTER_TAIL = re.compile(r"(?:项目|工程)[\u4e00-\u9fff]{1,2}$")
_NAME_DONE = re.compile(rf"(?:{'|'.join(FACILITY_ENDS)}|(?:项目|工程)[\u4e00-\u9fff]{{0,2}})$")


def _conjoined_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The two names a phrase joins at 以及/和 (see _CONJOINED), each long enough to be a name; the first
    ends at its own 项目/工程 when a place noun follows it (…项目|现场)."""
    for m in _CONJOINED.finditer(text, start, end):
        done = _NAME_DONE.search(text, start, m.start())
        if done is None or _TAIL_WORDS.sub("", text[m.end() : end]) == "" or "、" in text[start : m.start()]:
            continue
        tail = _PLACE_AFTER_TAIL.search(text, start, m.start())
        first_end = tail.start() + 2 if tail else m.start()
        if (len(_TAIL_WORDS.sub("", text[start:first_end])) >= MIN_NAME_CHARS
                and len(_TAIL_WORDS.sub("", text[m.end() : end])) >= MIN_NAME_CHARS):
            return [(start, first_end), (m.end(), end)]
    return []


_OWN_NAME_START = re.compile(r"[A-Za-z0-9]|国道|省道|县道")  # G206…, 国道325线…: a road by its number


def _apart_at_and(text: str, phrase: Phrase, mentions: list[Mention], gaz: Gazetteer,
                  words: Words) -> list[Phrase]:
    """A kept name that joins two finished names at 和/以及 (汕湛高速公路阳春段|和|国道325线…工程, 月亮泡蓄滞洪区|和|
    洮儿河治理工程) is two works: the judge, which weighs each half alone, keeps the whole more often than the keys
    do (round 33). The second half must be finished too (奶山羊育种和养殖项目 shares its head: one work) and open
    with a name of its own — a place, an organisation, a road's number — not a generic head that shares the first's
    owner (海升集团甘肃农业总部和研发中心项目, 恒康药业生产基地和研发总部项目: one work each in the keys)."""
    pieces = [] if phrase.source in UNJUDGED_SOURCES else _conjoined_pieces(text, phrase.start, phrase.end)
    if not pieces or not _NAME_DONE.search(text, pieces[1][0], pieces[1][1]):
        return [phrase]
    second = pieces[1][0]
    if not (_OWN_NAME_START.match(text, second) or any(m.start == second for m in mentions)
            or any(w.start == second and w.tag in _PROPER_TAGS for w in words)):
        return [phrase]
    return [_variant(text, s, e, mentions, gaz, _investment(text, s, e), "split") for s, e in pieces]


def _variant(text: str, start: int, end: int, mentions: list[Mention], gaz: Gazetteer,
             investment: float | None, source: str) -> Phrase:
    phrase = _located(text, start, end, text[start:end], mentions, gaz, investment)
    phrase.source = source
    return phrase


def _top_level_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """text[start:end] cut at each 、 outside brackets, quotes and runs of unit numbers (3、4号机组)."""
    out, depth, piece = [], 0, start
    inner = {i for a, b in unit_number_runs(text) if start <= a and b <= end for i in range(a, b)}
    for i in range(start, end):
        ch = text[i]
        depth += ch in "(（“《"
        depth -= ch in ")）”》" and depth > 0
        if ch == _ITEM_SEP and depth == 0 and i not in inner:
            out.append((piece, i))
            piece = i + 1
    return [*out, (piece, end)]


# The tagger learned from news of projects (starts, signings, approvals, lists
# with amounts); a policy's sentences ("打造新能源汽车、新材料…产业集群") are not
# that genre, so it tags only sentences that report such an event.
_EVENT = re.compile(r"开工|动工|开建|签约|签订|签署|投产|竣工|落户|核准|批复|获批|投资|\d\s*(?:亿|万元)")


def _balanced(name: str) -> bool:
    opened = name.count("(") + name.count("（")
    return name.count("“") == name.count("”") and opened == name.count(")") + name.count("）")


def _with_tagged(text: str, phrases: list[Phrase], mentions: list[Mention], gaz: Gazetteer, words: Words,
                 tagger: SpanTagger) -> list[Phrase]:
    out = list(phrases)
    spans = [s for s in tagger.spans(text, words, mentions)
             if s.score >= TAGGER_MIN_SCORE and _balanced(text[s.start : s.end])]
    for span in spans:
        overlapping = [p for p in out if p.start < span.end and span.start < p.end]
        if overlapping and TAGGER_MODE in ("add", "filter"):
            continue
        if overlapping and TAGGER_MODE == "refine":
            rule = overlapping[0]
            inside = [s for s in spans if rule.start <= s.start and s.end <= rule.end]
            if len(overlapping) > 1 or not (span.start >= rule.start and span.end <= rule.end) or (
                    len(inside) == 1 and span.end != rule.end):
                continue  # the tagger only trims a rule phrase's lead-in or splits a run it joined
        checked = TAGGER_MODE in ("filter", "refine") and not overlapping
        phrase = (_phrase(text, span.start, span.end, mentions, gaz, words, needs_tail=False) if checked
                  else _tagged(text, span, mentions, gaz))
        if phrase is None:
            continue
        if overlapping and phrase.investment_wan is None and len(overlapping) == 1:
            phrase.investment_wan = overlapping[0].investment_wan
        out = [p for p in out if p not in overlapping] + [phrase]
    return sorted(out, key=lambda p: p.start)


def _tagged(text: str, span: Span, mentions: list[Mention], gaz: Gazetteer) -> Phrase:
    """A tagged name with its county, and its investment (总投资X的<name>, <name>,总投资X)."""
    return _located(text, span.start, span.end, text[span.start : span.end], mentions, gaz,
                    _investment(text, span.start, span.end))


# what a clause states about the work it has just named: its size, site or cost, not more of its name
_STATED_AFTER = re.compile(r"(?:项目|工程)(?=总?(?:建筑面积|占地|用地|规划面积))")


def _parts(text: str, mentions: list[Mention], gaz: Gazetteer, words: Words) -> list[Phrase]:
    """"…项目，其中200MW风电、100MW光伏电站、储能产业园项目": the parts of a
    project, each a facility or with its capacity."""
    out = []
    for m in _PARTS_LEAD.finditer(text):
        pos = m.end()
        for item in re.split(r"[、，,；;]", text[m.end():]):
            start, end = pos, pos + len(item.rstrip(SENTENCE_END))
            pos += len(item) + 1
            if not item.strip():
                continue
            stated = _STATED_AFTER.search(text, start, end)  # "…产业园项目|总建筑面积8万平方米": the part ends
            end = stated.end() if stated else end
            for s, e in _conjoined_pieces(text, start, end) or _split_and(text, start, end, also=_PART_ENDS):
                phrase = _phrase(text, s, e, mentions, gaz, words, needs_tail=False)
                if phrase is not None and (phrase.name.endswith(FACILITY_ENDS) or _TAIL_WORDS.search(phrase.name)
                                           or (any(w in phrase.name for w in FACILITY_WORDS) and phrase.capacity)):
                    out.append(phrase)
    return out


def home_county(entry_id: str, gaz: Gazetteer) -> str | None:
    """The county (or home city) a place of the city lies in."""
    entry = gaz.entries.get(entry_id)
    if entry is None:
        return None
    if entry.label == "County":
        return entry.id
    county = gaz.county_of_place(entry)
    if county and (county == gaz.home.id or gaz.entries[county].label == "County"):
        return county
    return None


def _site_lists(text: str, mentions: list[Mention], gaz: Gazetteer, words: Words) -> list[Phrase]:
    found = (_county_sites(text, mentions, gaz) + _spanned_features(text, mentions, gaz, words)
             + _place_lists(text, mentions, words) + _abbreviated_lines(text, mentions, gaz, words))
    return found + [p for p in _shared_heads(text, words)
                    if not any(q.start < p.end and p.start < q.end for q in found)]


# Round 30: "溪洛渡、向家坝、锦屏一级、瀑布沟4座水电站", "泸沽湖、沧源、澜沧、红河蒙自机场建设", "涔天河、莽山、
# 毛俊水库续建", "晋煤太钢600万吨、…、高家塔150万吨矿井建设": short items (sites the NER does not read as places,
# owners with a capacity) before one facility's head name one facility each (the keys compose each name:
# 溪洛渡水电站). Only the heads of single facilities: a kind (治理, 改造, 产业园) after a list names no works.
SHARED_HEADS = ("抽水蓄能电站", "水电站", "光伏电站", "变电站", "电站", "水利枢纽", "水库", "通用机场", "民用机场",
                "机场", "煤矿", "矿井", "垃圾焚烧发电厂", "发电厂", "电厂", "海上风电", "风电场")
MAX_SHARED_SITE = 8  # characters of one item before its capacity (大土河光明煤矿|240万吨)
_CN_COUNT = "一二三四五六七八九十"
_CAPACITY = re.compile(r"\d+(?:\.\d+)?(?:万吨|万千瓦|兆瓦|MW|GW)$")
# an item holds no head (毛俊水库续建 is no item of a later 水库) but a facility with its capacity (光明煤矿240万吨)
_NO_HEAD = rf"(?!(?:{'|'.join(SHARED_HEADS)})(?!\d))"
_SHARED_ITEM = rf"(?:{_NO_HEAD}[\u4e00-\u9fff]){{2,{MAX_SHARED_SITE}}}?(?:{_CAPACITY.pattern[:-1]})?"
# items joined by 、 (an item may hold 和/及 before the next), a count of them (4座, 三地), the head with the stage
# the keys name with it (昆明、丽江、西双版纳机场改扩建: 昆明机场改扩建); not a road to the airport (…机场高速), a
# company (…煤矿集团), an area (…矿区), a phase or a second work of the last item (东方电厂二期, 驮英水库及灌区),
# or the last of a list of works (…煤矿等项目)
_SHARED_LIST = re.compile(rf"((?:{_SHARED_ITEM}(?:、|和|及))+{_SHARED_ITEM}?)((?:\d+|[{_CN_COUNT}两])(?:座|个|地|处))?"
                          rf"((?:{'|'.join(SHARED_HEADS)})(?!及|和|与)(?>(?:改扩建|迁建|扩建)?(?:工程|项目)?))"
                          rf"(?!高速|路|大道|线|集团|公司|有限|区|群|企业|产业|航站|等|\d|[{_CN_COUNT}]+期)")
# what makes an item no site: a kind, a phase or unit number, a list's 等, a route (…至…), a range (及以上)
_NOT_SHARED_ITEM = re.compile(r"等|期|号|的|至|到|以|[—\-－]|建设|项目|工程|" + "|".join(KIND_WORDS))
# an item that is a work of its own: one with a work's head (廊坊热电, 昌江核电, 三钢福多邦, 沈阳机场二跑道) not
# before a capacity
_ITEM_WORK_WORDS = sorted({*SHARED_HEADS, *INFRA_HEADS, *ROUTE_HEADS, *FACILITY_WORDS, "核电", "灌区"})
_WORK_IN_ITEM = re.compile(rf"(?:{'|'.join(_ITEM_WORK_WORDS)})(?!\d)")
_ANY_SHARED_HEAD = re.compile("|".join(SHARED_HEADS))
_ITEM_STOP_TAGS = frozenset(("v", "vd", "vn", "p", "c", "w", "u", "r", "f", "TIME", "a", "ad", "q"))
_NOT_SITE_TAGS = frozenset(("v", "vd", "vn", "a", "ad"))  # 提升|抽水蓄能电站, 独立|电站: a verb or adjective alone
_VERB_TAGS = frozenset(("v", "vd", "vn"))


def _shared_heads(text: str, words: Words) -> list[Phrase]:
    """One name per item of a 、-list before one facility's head (see SHARED_HEADS). The first item starts
    after the clause's verb: the words before the first 、 back to a verb, a conjunction or punctuation."""
    out: list[Phrase] = []
    if not _ANY_SHARED_HEAD.search(text):
        return out  # most sentences name no such facility: the list pattern costs ~19 µs a sentence (real texts)
    for m in _SHARED_LIST.finditer(text):
        first_sep = m.start() + min(i for i in (m.group(1).find(j) for j in "、和及") if i >= 0)
        start = first_sep
        for w in reversed([w for w in words if w.end <= first_sep]):
            if start - w.start > 2 * MAX_SHARED_SITE or (w.tag in _ITEM_STOP_TAGS and w.end < first_sep):
                break
            start = w.start
        first = [w for w in words if start <= w.start and w.end <= first_sep]
        if start == first_sep or (len(first) == 1 and first[0].tag in _NOT_SITE_TAGS and first_sep - start <= 2):
            continue
        items, pos = [], start
        for piece in re.split(r"、|和|及", text[start : m.end(1)]):
            at = text.index(piece, pos)
            items.append((at, at + len(piece)))
            pos = at + len(piece)
        if items[-1][0] == items[-1][1] or not _counted(m.group(2), len(items)) \
                or not all(_a_site(text, a, b, words) for a, b in items):
            continue
        # each name's span is its item: an amount after the shared head is the list's total (…4座水电站总投资超过
        # 1500亿元), no one item's
        out += [Phrase(text[a:b] + m.group(3), a, b, None) for a, b in items]
    return out


def _counted(count: str | None, items: int) -> bool:
    """Whether a count before the head (4座, 三地) counts the items, as it must when they share it."""
    if count is None:
        return True
    number = count[:-1].replace("两", "二")
    return (int(number) if number.isdigit() else _CN_COUNT.find(number) + 1) == items


def _a_site(text: str, start: int, end: int, words: Words) -> bool:
    """Whether a list item is a site or an owner (with its capacity) of one of the shared head's facilities: not
    a work of its own, a business (太安堂中药物流: an industry's word ends it), a clause (企业签署中宁…) or a common
    noun (仪式, 企业)."""
    item = text[start:end]
    capacity = _CAPACITY.search(item)
    site = item[: capacity.start()] if capacity else item
    inside = [w for w in words if start <= w.start and w.end <= end]
    if (not 2 <= len(site) <= MAX_SHARED_SITE or _NOT_SHARED_ITEM.search(item) or _WORK_IN_ITEM.search(item)
            or (len(inside) > 1 and any(w.tag in _VERB_TAGS and w.end - w.start > 1 for w in inside))
            or (len(inside) == 1 and inside[0].tag == "n" and len(item) <= 2)):
        return False
    tail = None if capacity else longest_tail(item, industry_terms(), keep=1)
    return tail is None or tail[0] in _CN_COUNT  # 锦屏|一级 is a site's part


# Round 14: "天水、平凉、临夏、定西民用机场", "延安、榆林、安康机场迁建扩建工程": bare places of any province (the NER's
# LOC words) joined by 、/和/及 before one work word name one work per place, as _county_sites does for the home
# counties (whose lists stay its own). See _composable and _NOT_ONE_WORK for the lists that do not.
_WORK_HEADS = sorted({*INFRA_HEADS, *ROUTE_HEADS, *FACILITY_ENDS}, key=len, reverse=True)
# where the work word starts inside a place the NER read with it (贵阳|机场, 定西|民用机场, 哈尔滨|国际机场)
_WORK_STARTS = re.compile(rf"(?:民用|国际|支线|通用|新)?(?:{'|'.join(_WORK_HEADS)})")
_COMPOSED_WORK = re.compile(rf"(?:{'|'.join(_WORK_HEADS)})(?:迁建|改扩建|扩建|改造|新建)*(?:工程|项目)?$")
_NATURAL_SITE = re.compile(r"[山河江湖海岭峡沟]$")
MAX_LISTED_PLACE = 4  # characters of one bare place in such a list
# not one work word: a kind (等), a route (至, 经, —), a count (三大), a conjunction left in it, or a verb of
# cooperation ("济南、青岛协同打造区域航空双枢纽" names no work per city)
_NOT_ONE_WORK = re.compile(r"[等至经—\-－、和及与]|[一二三四五六七八九十两\d]+大|打造|协同|联合")
PLACE_JOINS = ("、", "和", "及")
_ROUTE_JOINS = ("至", "经", "—", "-", "－", "–")  # a place after one of these ends a route, not a list
# what the word before such a list may be: a verb, a conjunction, punctuation… — not a noun or a company, which
# belongs to each name (国家能源集团荆州和随州热电联产项目)
_LEADS_INTO_LIST = frozenset(("v", "vd", "vn", "p", "c", "w", "d", "ad", "u"))
# the words after a place list, to the clause's end: the shared work word and what follows it in the clause
_WORK_AFTER = re.compile(r"([^，,。；;、：:！？!?\n]{2,40})")


def _first_work(words: str) -> str:
    """The work word a place list ends with, without what follows it: another object after 和/及/与
    ("民用机场|和具备条件的通用机场前期工作") or the clause's stage words ("…机场|前期工作", "…机场|新建迁建")."""
    for m in re.finditer(r"以及|[和及与]", words):
        if _COMPOSED_WORK.search(words, 0, m.start()):
            words = words[: m.start()]
            break
    for stages in (_WORK_STAGE, _STAGE_TAIL):  # the clause's verbs, then the news' stage words (…机场|新建迁建)
        stage = stages.search(words)
        words = words[: stage.start()] if stage is not None and stage.start() > 0 else words
    return words


def _place_lists(text: str, mentions: list[Mention], words: Words) -> list[Phrase]:
    # a place of up to MAX_LISTED_PLACE characters, or the last one read with its work word (定西民用机场)
    places = [(w.start, w.end) for w in words if w.tag == "LOC" and 2 <= w.end - w.start <= 2 * MAX_LISTED_PLACE]
    out: list[Phrase] = []
    run: list[tuple[int, int]] = []
    for w in [*places, None]:
        if w is not None and run and text[run[-1][1] : w[0]] in PLACE_JOINS:
            run.append(w)
            continue
        if len(run) >= 2:
            run[-1] = _without_work_word(text, *run[-1])
            out += _one_work_each(text, run, mentions, words)
        run = [w] if w is not None else []
    return out


def _without_work_word(text: str, start: int, end: int) -> tuple[int, int]:
    """The place in a LOC word the NER read with the work word after it (贵阳|机场, 定西|民用机场)."""
    if not any(text.endswith(h, start, end) for h in _WORK_HEADS):
        return start, end
    inner = next((start + i for i in range(2, MAX_LISTED_PLACE + 1) if _WORK_STARTS.match(text, start + i, end)), None)
    return (start, inner) if inner is not None else (start, end)


def _one_work_each(text: str, run: list[tuple[int, int]], mentions: list[Mention], words: Words) -> list[Phrase]:
    """One name per place of `run` with the work word after the last one, when they name one work each."""
    obj = _WORK_AFTER.match(text, run[-1][1])
    owner = _owner_before(text, run[0][0], words)
    first = owner[0] if owner is not None else run[0][0]
    prev = next((t for t in reversed(words) if t.end <= first), None)
    if not obj or (prev is not None and prev.tag not in _LEADS_INTO_LIST) or not _composable(text, run, obj, mentions):
        return []
    work = _first_work(obj.group(1))
    named = _COMPOSED_WORK.search(work) or (work.endswith(("项目", "工程"))
                                            and not _only_kind_words(_TAIL_WORDS.sub("", work)))
    if _NOT_ONE_WORK.search(work) or not named:
        return []
    end = run[-1][1] + len(work)
    prefix = text[owner[0] : owner[1]] if owner is not None else ""
    return [Phrase(prefix + text[a:b] + work, first, end, None) for a, b in run]


def _owner_before(text: str, start: int, words: Words) -> tuple[int, int] | None:
    """The company (the NER's ORG word) right before a place list, which belongs to each of its works:
    "国家能源集团|荆州和随州热电联产项目" names 国家能源集团荆州… and 国家能源集团随州热电联产项目."""
    prev = next((t for t in reversed(words) if t.end <= start), None)
    return (prev.start, prev.end) if prev is not None and prev.tag == "ORG" and prev.end == start else None


def _composable(text: str, run: list[tuple[int, int]], obj: re.Match[str], mentions: list[Mention]) -> bool:
    """Whether the places in `run` with the work word `obj` after them name one work each (see _place_lists):
    the work word is one word (_NOT_ONE_WORK), the places are bare (no work's head in them) and do
    not end a route (…至A、B…)."""
    return (not _COUNTED_NAME.search(obj.group(1))
            and (run[0][0] == 0 or text[run[0][0] - 1] not in _ROUTE_JOINS)
            and all(b - a <= MAX_LISTED_PLACE and not any(h in text[a:b] for h in _WORK_HEADS) for a, b in run)
            and not any(_NATURAL_SITE.search(text[a:b]) for a, b in run)
            and not any(run[0][0] <= m.start < run[-1][1] and m.label == "County" for m in mentions))


# Round 17: lines named by their ends' short forms (京德, 沪苏湖, 通苏嘉甬, 日照至五莲) in a 、-list whose last
# conjunct is a line with its kind word ("京德、荣乌新线高速公路二期", "雄商、济滨高铁") or whose items stand before
# 等 and the kind ("徐连、盐通、宁淮等铁路"). The keys name each such line bare, as written; two-character ones
# are too short for the other rules (MIN_NAME_CHARS), and a line leaves its county, so none is set.
LINE_HEADS = ("城际铁路", "高速铁路", "高速公路", "铁路", "高铁", "城际", "客专", "高速")
MAX_SHORT_LINE = 4  # characters of one line named by short forms (通苏嘉甬)
# words of a kind of line, not of its ends: "城际、市域铁路", "高速、普速铁路" list kinds, not lines
LINE_KIND_WORDS = ("城际", "市域", "市郊", "城市", "高速", "普速", "干线", "支线", "客运", "货运", "重载", "轨道",
                   "国家", "省级", "地方", "国省", "农村", "旅游", "资源", "疏港", "联络", "出海", "沿边", "快速",
                   "高等级", "复线", "铁路", "公路", "项目", "工程", "建设")
# the last line with its kind word; not a network (苏北、苏中铁路网) or lines to a region (中南、西南地区出省高速公路)
_LINE_HEADED = re.compile(rf"(?![^等]*?(?:地区|方向|之间))[^等]{{2,16}}?(?:{'|'.join(LINE_HEADS)})(?!网|交通|枢纽)")
# …、潍宿等7个高铁项目, …、齐海满等快速铁路和城际铁路: a count and kind words may stand between 等 and the kind
# (the last item is then classed as the others: a short form, or a line with its kind left to other rules)
_LINE_ETC_KINDS = ("快速", "城际", "市域", "高速", "普速", "干线", "客运", "货运", "重载")
_LINE_ETC = re.compile(rf"([^等、]{{2,16}})等(?:{_NUMERAL}{_PIECES}|{_NUMERAL}条|一批|多条)?(?:重点|重大|在建|规划)?"
                       rf"(?:{'|'.join(_LINE_ETC_KINDS)})?(?:{'|'.join(LINE_HEADS)})")
# Round 39: "…京沪高铁辅助通道天津至潍坊段、雄商、济滨、济郑等项目" — a plain 等项目 after lines (dev 785)
_WORKS_ETC = re.compile(r"([^等、]{2,16})等(?:重点|重大|在建)?(?:项目|工程)")
_LINE_PART_ENDS = ("线", "段")
_NOT_IN_LINE = "之的各和与及或"  # function words: "方式之间" is no line
_HAN = "[\\u4e00-\\u9fff]"
_SHORT_LINE = re.compile(rf"^(?![^{_NOT_IN_LINE}]*[{_NOT_IN_LINE}])"
                         rf"(?:{_HAN}{{2,{MAX_SHORT_LINE}}}|{_HAN}{{2,3}}至{_HAN}{{2,3}})$")
_CLAUSE = re.compile(rf"[^{ITEM_BREAKS}“”\"]+")  # a list stays inside one clause and out of quotes
_NOT_LINE_TAGS = frozenset(("v", "vn", "a", "ad", "d", "m", "q", "r", "f", "TIME"))


def _abbreviated_lines(text: str, mentions: list[Mention], gaz: Gazetteer, words: Words) -> list[Phrase]:
    """The lines a 、-list of lines names by short forms (see LINE_HEADS): each bare item, when every item of
    the list is such a name, a name with a note in brackets (left to the other rules) or the last line with
    its kind word, and none is a kind or a place the gazetteer knows (a list of places before one work word
    is _place_lists')."""
    out: list[Phrase] = []
    for clause in _CLAUSE.finditer(text):
        items = clause.group().split("、")
        if len(items) < 2:
            continue
        spans: list[tuple[int, int]] = []
        pos = clause.start()
        for item in items:
            spans.append((pos, pos + len(item)))
            pos += len(item) + 1
        lead_end = _past_lead(text, *spans[0], words)[0]
        # a one-character "verb" after a line's kind word is the NER's cut inside the name (沿江高铁宜|荆段)
        if not (any(h in text[spans[0][0] : lead_end] for h in LINE_HEADS) and any(
                w.end == lead_end and w.end - w.start == 1 and w.tag in ("v", "vd") for w in words)):
            spans[0] = (lead_end, spans[0][1])
        last_start, last_end = spans[-1]
        etc = _LINE_ETC.match(text, last_start, last_end)
        works = _WORKS_ETC.match(text, last_start, last_end)
        closed = etc or works
        if closed:
            spans[-1] = (last_start, last_start + len(closed.group(1)))
        elif not _LINE_HEADED.match(text, last_start, last_end):
            continue
        else:
            spans.pop()
        if works and not any(h in text[clause.start() : last_start] for h in LINE_HEADS):
            continue  # a plain 等项目 closes a list of lines only when another item is a line with its kind
        # (not a kind word with less than two characters before it, what is left of an item when the NER read its
        # ends as a verb: 加快包|银高铁)
        bare = [(a, b) for a, b in spans if _SHORT_LINE.match(text[a:b]) and not any(
            text.endswith(h, a, b) and b - a - len(h) < 2 for h in LINE_HEADS)]
        noted = [(a, b) for a, b in spans if _IN_BRACKETS.search(text, a, b)]  # 合新(桥)六: another rule's
        # a line named with its kind or as a part (鲁南高铁曲阜至兰考段, 黄台联络线): another rule's too
        headed = [(a, b) for a, b in spans if (a, b) not in bare and (
            any(h in text[a:b] for h in LINE_HEADS) or text[a:b].endswith(_LINE_PART_ENDS))]
        if len(bare) + len(noted) + len(headed) != len(spans) or not bare:
            continue
        if any(_kind_or_place(text, a, b, mentions, gaz, words) for a, b in bare):
            continue
        worded = [(a, b) for a, b in bare if _common_word(text, a, b, words)]
        if len(worded) == len(bare) or any(b - a > 2 for a, b in worded):
            continue  # 新建、改建铁路, 轻量化、高转速…和高速减速器: kinds, not lines
        out += [Phrase(text[a:b], a, b, None) for a, b in bare if (a, b) not in worded]
    return out


def _past_lead(text: str, start: int, end: int, words: Words) -> tuple[int, int]:
    """The first item of a list without the words leading into it (推进|京德): from the last verb, preposition,
    conjunction or adverb inside it."""
    leads = [w.end for w in words if start <= w.start and w.end < end and w.tag in _LEADS_INTO_LIST
             and text[w.start : w.end] not in _ROUTE_JOINS]  # 日照至五莲: 至 joins the route's ends
    return (max(leads), end) if leads else (start, end)


def _kind_or_place(text: str, start: int, end: int, mentions: list[Mention], gaz: Gazetteer, words: Words) -> bool:
    """Whether text[start:end] names a kind of line (LINE_KIND_WORDS) or a place (the gazetteer's, or a
    province, city or county of the country's divisions, 阿克苏), rather than a line by its ends' short forms."""
    item = text[start:end]
    if PART_ALONE.match(item):  # 6号线|南延: a piece of a line's name
        return True
    if any(len(code) <= COUNTY_CODE for code in gaz.divisions.codes(item)):
        return True
    return any(k in item for k in LINE_KIND_WORDS) or any(m.start <= start and end <= m.end for m in mentions)


def _common_word(text: str, start: int, end: int, words: Words) -> bool:
    """Whether text[start:end] is one word the NER reads as a verb, adjective, adverb, number or time (新建,
    改建, 其他, 高转速): a kind, not a line. Round 39: of two characters, only a word the dictionary holds — the
    NER tags two short forms it has never seen as anything (大临 v, 扬绩 v), and one such tag dropped every line
    of its list."""
    one_word = [w for w in words if w.start == start and w.end == end]
    return any(w.tag in _NOT_LINE_TAGS for w in one_word) and (
        end - start > 2 or rjieba.cut(text[start:end], False) == [text[start:end]])


# Mountains and rivers the gazetteer knows: a 、-list of them before one work names a work across them
# (中条山、吕梁山、太行山生态屏障修复治理项目), where a list of counties names one facility per county.
SPANNED_FEATURES = ("Mountain", "River")


def _spanned_features(text: str, mentions: list[Mention], gaz: Gazetteer, words: Words) -> list[Phrase]:
    """One project across two or more named mountains or rivers joined by 、 — no 等: "黄河、汾河等…治理项目"
    names a kind of project with examples, as the round-11 policy keys read it."""
    features = sorted((m for m in mentions if m.label in SPANNED_FEATURES), key=lambda m: m.start)
    out: list[Phrase] = []
    run: list[Mention] = []
    for m in [*features, None]:
        if m is not None and run and text[run[-1].end : m.start] == "、":
            run.append(m)
            continue
        obj = _OBJECT.match(text[run[-1].end :]) if len(run) >= 2 else None
        if obj and obj.group(2) in ("项目", "工程") and not obj.group(0).startswith("等"):
            phrase = _phrase(text, run[0].start, run[-1].end + obj.end(2), mentions, gaz, words)
            if phrase is not None and phrase.start == run[0].start:
                out.append(phrase)
        run = [m] if m is not None else []
    return out


def _county_sites(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Phrase]:
    places = sorted((m for m in mentions if m.label in ("County", "Region") and m.entry_id != gaz.home.id),
                    key=lambda m: m.start)
    groups: list[list[list[Mention]]] = []  # groups of sites; a site is one place or a compound
    for m in places:
        gap = text[groups[-1][-1][-1].end : m.start] if groups else None
        if gap and all(ch in COMPOUND_SEPARATORS for ch in gap):
            groups[-1][-1].append(m)
        elif gap is not None and len(gap) <= 1 and all(ch in SITE_SEPARATORS for ch in gap):
            groups[-1].append([m])
        else:
            groups.append([[m]])
    out: list[Phrase] = []
    for group in groups:
        end = group[-1][-1].end
        obj = _OBJECT.match(text[end:])
        if not obj:
            continue
        what, stop = obj.group(1), obj.group(2)
        is_project = stop in ("项目", "工程")
        if len(group) == 1 and (not is_project or len(group[0]) == 1):
            continue  # a single place + 项目 is left to the news rule
        if not is_project and not what.endswith(FACILITY_ENDINGS):
            continue
        suffix = stop if is_project else "项目"
        span_end = end + (obj.end(2) if is_project else obj.end(1))
        for site in group:
            county = next((m for m in site if m.label == "County"), None)
            if county is None:  # "承接西安…项目" names a kind of project, not one
                continue
            site_name = gaz.entries[county.entry_id].name if len(site) == 1 else "—".join(m.form for m in site)
            out.append(Phrase(f"{site_name}{what}{suffix}", group[0][0].start, span_end, county.entry_id,
                              tuple(m.entry_id for m in site if m is not county)))
    return out


def _news_runs(text: str, mentions: list[Mention], gaz: Gazetteer, words: Words) -> list[Phrase]:
    """Every name ending in 项目/工程, cut from the clause it ends: the verbs,
    signings and amounts before it are removed, an owner written in front of
    it is kept (国电霍州发电厂…项目). The investment comes from the same clause
    or the comma-clause right before or after it."""
    out: list[Phrase] = []
    floor = 0
    for end_match in _END.finditer(text):
        if (_ORG_AFTER.match(text, end_match.end()) or _NOT_END.match(text, end_match.end())
                or _COUNT_AFTER.match(text, end_match.end()) or _INNER_END.match(text, end_match.end())):
            continue  # 中冶焦耐工程技术有限公司, PPP项目运作, 签约项目17个, 市政工程天然油脂深加工项目
        end = _after_brackets(text, end_match.end())
        start = _clause_start(text, end_match.start(), floor)
        money = _MONEY_BRACKET.match(text, end)  # "…项目(投资20亿元)、…"
        floor = money.end() if money else end
        phrase = _phrase(text, start, end, mentions, gaz, words)
        if phrase is not None:
            if money and phrase.investment_wan is None:
                phrase.investment_wan = next((a.wan for a in amounts(money.group()) if not a.batch), None)
            out.append(phrase)
    return out


_THIS_PROJECT = re.compile(r"(?:该|此|这一?)(?:项目|工程)")
# "其中22个重大产业项目中|A、B等14个项目": a group named with 中 ("among the … projects") heads the list
_AMONG = re.compile(r"(?:项目|工程)中")


def _listed_before_etc(text: str, mentions: list[Mention], gaz: Gazetteer, words: Words) -> list[Phrase]:
    """"芮城证道锂电池负极材料、闻喜晶尊水晶玻璃等一批产业转型项目": the named
    items before 等 are projects even without 项目 in their names. A list a planning verb leads
    ("重点谋划绿色煤炭、绿色焦化、绿色钢铁等项目") names kinds of projects, as _phrase decides for one
    name: its items count only when they name a place; a list the text says is this project's
    ("该项目通过修建A、B等工程") lists its works, not projects."""
    out: list[Phrase] = []
    for match in _ETC.finditer(text):
        start = _clause_start(text, match.start(), 0, items=False)
        start = _past_heading(text, start, match.start())
        items = re.split(r"[、]", text[start : match.start()])
        works = bool(_WORKS_LISTED.search(match.group())) or bool(_UNDER_WAY.match(text, match.end()))
        planned = not works and bool(_PLANNED.search(text[max(0, start - 8) : start + len(items[0])]))
        if _THIS_PROJECT.search(items[0]):
            continue  # "该项目通过修建海堤、滞洪湖堤防…等工程": the works of the project named before
        pos = start
        for item in items:
            item_start = pos
            pos += len(item) + 1
            phrase = _phrase(text, item_start, item_start + len(item), mentions, gaz, words, needs_tail=False,
                             listed_work=works)
            kinds = match.group().endswith("设施") and not text.startswith(("项目", "工程"), match.end())
            if phrase is not None and planned and not any(
                    phrase.start <= m.start < phrase.end and m.label in PLACE_ANCHORS for m in mentions):
                continue
            if phrase is not None and (not kinds or _named_work(phrase, mentions, words)):
                out.append(phrase)
    return out


def _past_heading(text: str, start: int, end: int) -> int:
    """Past a group heading the first item of a list (…重点工程中|东海大道、…): the last "项目中/工程中"
    before the list's first 、 ends it."""
    first_break = text.find("、", start, end)
    heads = list(_AMONG.finditer(text, start, first_break if first_break >= 0 else end))
    return heads[-1].end() if heads else start


def _named_work(phrase: Phrase, mentions: list[Mention], words: Words) -> bool:
    """"厦门新机场、福厦高铁等重大设施" names works; "道路、供水、信息网络等基础设施" names kinds:
    an item before 等…设施 is a work only with a work's head and something proper before it."""
    head = next((h for h in sorted(INFRA_HEADS, key=len, reverse=True) if phrase.name.endswith(h)), None)
    return head is not None and _particular_before(phrase, phrase.end - len(head), mentions, words)


# a section (…段, …境, …界), a plot (…地块), a route (A至B, A-B) or a county (樊城区, 衡南县) in brackets; not an
# owner, a zone (高新区, 经开区, 东津新区), a stage or a prize. The county places the work and leaves its name later
# (places.without_place_note): read with the name, it puts 8 more works of the held-out texts in their county.
_PART_NOTE = re.compile(r"[(（](?:[^()（）。，；,;]{1,15}?(?:段|境|界|地块)"
                        r"|[^()（）。，；,;\d]{2,10}(?:至|-|~|—|－)[^()（）。，；,;\d]{2,10}"
                        r"|[^()（）。，；,;\d]{1,5}(?:县|旗|(?<![新发开园])区))[)）]")


def _with_note(text: str, phrase: Phrase, phrases: list[Phrase], mentions: list[Mention], gaz: Gazetteer) -> Phrase:
    """The phrase with the note in brackets right after it that the models' spans stop before, when it names
    a section, a route or a plot (part of the work's name: 准格尔至神木铁路(陕西境),
    沿江通道越江隧道(浦西牡丹江路-浦东外环线), …安居房项目(JDWH-02-A09-2地块)) or a county (it places the work),
    round 29. (A phase after a name, …项目一期, was tried too: the keys take it as often as not, 14 names gained
    and 16 lost.)"""
    note = _PART_NOTE.match(text, phrase.end)
    end = note.end() if note else phrase.end
    if end == phrase.end or any(q is not phrase and phrase.end <= q.start < end for q in phrases):
        return phrase
    noted = _located(text, phrase.start, end, text[phrase.start:end], mentions, gaz, phrase.investment_wan)
    noted.source, noted.sub = phrase.source, phrase.sub
    return noted


# Round 32, the edges of a name the models do not read. A work's phase written after its 项目 (嘉元时代年产10万吨铜箔
# 项目一期, 北京环球主题公园项目一期(…)) is part of its name: the models' spans stop at 项目, and the phase is what a
# start, a finish or a duplicate check is about (…项目一期 and …项目二期 are two works); not a phase's 工程 or a next
# work (…项目一期工程, …项目二期项目). It is added after the judge, which weighs the name as the models read it.
# Round 39: only a phase the text names as the work — one a list mark, a clause's end, a bracket, 等, 的 or a site
# follows; a phase that what follows speaks of (…项目一期已投产, …项目一期试生产, …项目一期2500T/D生产线) is the
# whole project's progress, which the keys take as the project (5 of 5 such dev names were keyed without it).
_PHASE_AFTER = re.compile(r"(?:[一二三四五六七八九十]|\d{1,2})期(?![工项])"
                          r"(?=[、，,。；;：:！？!?等和及与的()（）\s“”\"]|(?:建设|施工)?现场|$)")
# A bracket holding only a quantity after a name is the work's size, not its name (昆山产业园污水处理厂(1万吨/天),
# 阿图什市安居富民工程(3700户); holdout59 read, not blind); no keyed name ends with one.
_QUANTITY_NOTE = re.compile(r"[(（](\d[\d.,，×*]*\s*[^\d()（）年月日]{1,8})[)）]$")


# Round 44: news of progress names the part of a work under way or the stage it is in after the work's name
# (马尾大桥|主桥, 池州长江公路大桥|主桥路基, 双江口水电站|坝址, 大龙高速|征地拆迁, 机场联络线先期开通段|全线,
# …产业园项目|场平工程): the work is the name before it. No keyed name of the 1,805 texts ends with one of these
# (…主体工程, …隧道, …机组, …厂房 do: they stay).
_STAGE_AFTER = re.compile(r"(?:主桥|路基|坝址|全线|场平工程|征地拆迁|征拆迁?|管线迁改)+$")
_OPENS_APART = {"〔": "〕", "【": "】", "[": "]", "〈": "〉"}  # brackets that open a list, not a name's note


def _name_edges(text: str, phrase: Phrase) -> Phrase:
    """The phrase with a quantity bracket at its end taken off (as its capacity), the part or stage under way after
    it taken off and a phase after 项目 taken in; a name the rules composed (not the text's own span) stays as it is."""
    if text[phrase.start : phrase.end] != phrase.name:
        return phrase
    opener = _OPENS_APART.get(phrase.name[0])
    if opener is not None and opener not in phrase.name:  # "…年度计划投资29.98亿元〔荆山幼儿园、…": the list's bracket
        phrase = replace(phrase, name=phrase.name[1:], start=phrase.start + 1)
    note = _QUANTITY_NOTE.search(phrase.name)
    if note is not None and note.start() >= MIN_NAME_CHARS:
        phrase = replace(phrase, name=phrase.name[: note.start()], end=phrase.start + note.start(),
                         capacity=phrase.capacity or note.group(1))
    stage = _STAGE_AFTER.search(phrase.name)
    if stage is not None and stage.start() >= MIN_NAME_CHARS:
        phrase = replace(phrase, name=phrase.name[: stage.start()], end=phrase.start + stage.start())
    phase = _PHASE_AFTER.match(text, phrase.end) if phrase.name.endswith(("项目", "工程")) else None
    if phase is not None:
        phrase = replace(phrase, name=phrase.name + phase.group(), end=phase.end())
    return phrase


def _after_brackets(text: str, end: int) -> int:
    """A short note in brackets right after the name belongs to it: …工程(马务桥至北外环)."""
    m = _BRACKET_NOTE.match(text, end)
    return m.end() if m else end


def _clause_start(text: str, before: int, floor: int, items: bool = True) -> int:
    """Where the clause holding text[before] starts: after a clause break
    (brackets and quotes are part of names), a finished item (…协议、) or `floor`."""
    depth = 0
    for i in range(before - 1, floor - 1, -1):
        ch = text[i]
        if ch in ")）":
            depth += 1
        elif ch in "(（":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in ITEM_BREAKS:
            return i + 1
        elif items and depth == 0 and ch in "、和" and (_FINISHED_ITEM.search(text, max(floor, i - 4), i)
                                            or _FINISHED_FACILITY.search(text, max(floor, i - 12), i)):
            return i + 1
    return floor


def _phrase(text: str, start: int, end: int, mentions: list[Mention], gaz: Gazetteer, words: Words,
            needs_tail: bool = True, listed_work: bool = False, list_item: bool = False) -> Phrase | None:
    """The project named in text[start:end], or None when it names a kind of project. `listed_work`: the
    text lists it as a work (_WORKS_LISTED), so a planning verb before it does not make it a kind. `list_item`:
    text[start:end] is an item of a 、 list after its first, whose start the 、 fixes (see _list_siblings)."""
    caption = _CAPTION.search(text, start, end)
    end = caption.start() if caption else end
    located = _LOCATED_AT.search(text, start, end)
    if located is not None and len(_TAIL_WORDS.sub("", text[start : located.start()])) >= MIN_NAME_CHARS:
        end = located.start()
    stage = _STAGE_TAIL.search(text, start, end)
    if (stage is not None and text[stage.start() - 1] not in ITEM_BREAKS + "、"
            and len(_TAIL_WORDS.sub("", text[start : stage.start()])) >= MIN_NAME_CHARS):
        end = stage.start()
    if _ROUTE_END_CLAUSE.match(text, start):
        return None
    cut = False
    for after in (_PREDICATE_AFTER, _AMOUNT_IN_NAME, _ROUTE_STARTS):
        said = after.search(text, start, end)
        # (an amount cuts a name only when no work follows it: "A公司投资5亿元建设B项目" is B's lead-in)
        if (said is not None and len(_TAIL_WORDS.sub("", text[start : said.start()])) >= MIN_NAME_CHARS
                and (after is not _AMOUNT_IN_NAME or not _END.search(text, said.end(), end))):
            end, cut = said.start(), True
    end = _past_group_count(text, start, _past_joint(text, start, end, words))
    when = _RELATIVE_TIME.match(text, start, end)
    start = when.end() if when else start
    investment = _investment(text, start, end)
    lead_start = start
    start = _skip_lead(text, start, end, strong=not list_item)
    if list_item:  # a verb inside a later item leads into a name only before a place or a firm (合作开展|穆棱市…)
        led = _skip_lead(text, start, end)
        start = led if any(m.start == led for m in mentions) or any(
            w.start == led and w.tag in _PROPER_TAGS for w in words) else start
    else:
        start = _past_lead_word(text, start, end, words)
    lookback = max(0, start - 4)  # words just before a name that make it no one project (该, 等, 个项目…)
    copula = _LIST_COPULA.match(text, start, end)
    if copula and re.search(r"(?:项目|工程)(?:分别)?$", text[lookback:start]):
        start = lookback = copula.end()  # "9个产业项目为|A项目、B项目": the list after 为/是
    if _EXAMPLE.match(text, start, end) and not any(m.start == start for m in mentions):
        start = _skip_lead(text, _EXAMPLE.match(text, start, end).end(), end)  # type: ignore[union-attr]
    start = _past_joiners(text, start, end, words)  # after the list copula: "3个项目为|…" keeps its lookback
    if _TAIL_WORDS.search(text[start:end]) and _COORDINATED.search(_TAIL_WORDS.sub("", text[start:end])):
        return None
    counted = (_COUNTED.search(text[max(lead_start, start - 6) : start])
               or _COUNTED_NAME.match(text, _past_places(start, end, mentions, words), end))
    if (counted and not re.search(r"[“\"]", text[start:end])) or text.startswith(("项目", "工程"), start):
        # "14个…建设项目" is a group ("87个“一泓清水入黄河”工程" is one named programme);
        # "项目整体…" speaks of "the project" already named
        return None
    name = text[start:end]
    core = _TAIL_WORDS.sub("", name)
    if cut and _only_kind_words(core.lstrip(_JOINTS)):
        return None  # "基础设施项目|总投资242.5亿元、社会民生项目…", "12个签约及动工项目|总投资…": a kind's total
    # (round 36) a clause mark between them ends what the words before a name say of it: "…等120个项目,|深圳至中山
    # 跨江通道、…", "主要建设6个项目:|先期1500万吨…" (7 keyed works were kept out so)
    lookback = max(lookback, *(text.rfind(c, lookback, start) + 1 for c in _CLAUSE_ENDS))
    if (len(core) < MIN_NAME_CHARS or _NOT_ONE_PROJECT.search(text, lookback, end)
            or _LIST_ETC.search(text, lookback, end)
            or _NOT_A_NAME.search(name) or _verb_first(text, start, mentions, words, listed_work)
            or (needs_tail and core[-1] in NOT_NAME_LAST)
            or (core.endswith(COMPANY_HEADS) and not (name.endswith("项目") and core.endswith(_FIRM_HEADS)))
            or not (investment is not None or _anchored(core, name, mentions, start, end, words))
            or (needs_tail and not _END.search(name))):
        return None
    inside = [m for m in mentions if start <= m.start < end]
    if (not listed_work and _PLANNED.search(text[max(0, start - 8) : start])
            and not any(m.label in PLACE_ANCHORS for m in inside) and capacity_in(name) is None):
        # "谋划…项目" in a policy names a kind of project unless it names the place or its size (2×35万千瓦…煤电项目)
        return None
    # the name's own amount, from where it starts: a run of items before it (A总投资153亿元、B…) holds theirs
    own = _investment(text, start, end) if start != lead_start else investment
    return _located(text, start, end, name, mentions, gaz, own if own is not None else investment)


# Round 28: a name never ends on the joint to the next item (月亮泡蓄滞洪区和|四梅集…, 溪洛渡、|…; 通榆协和 is
# a brand: 和 must be its own word, a conjunction) nor on the count of its list's group (隆安至硕龙|6个高速公路项目)
_JOINTS = "和及与"
_GROUP_COUNT = re.compile(r"(?:\d+|[一二三四五六七八九十两]+)个[^，。；;,、]{0,12}项目$")


def _past_joint(text: str, start: int, end: int, words: Words) -> int:
    while end - start > MIN_NAME_CHARS and (text[end - 1] == _ITEM_SEP or (text[end - 1] in _JOINTS and any(
            w.start == end - 1 and w.end == end and w.tag == "c" for w in words))):
        end -= 1
    return end


def _past_group_count(text: str, start: int, end: int) -> int:
    count = _GROUP_COUNT.search(text, start, end)
    return count.start() if count is not None and count.start() - start > MIN_NAME_CHARS else end


_PROPER_TAGS = frozenset(("LOC", "ORG", "nz", "nw", "ns", "nt"))


def _verb_first(text: str, start: int, mentions: list[Mention], words: Words, listed_work: bool) -> bool:
    """A name does not open with a verb or preposition (上|马…, 向|…, 将|…), but a place or a company may
    open with the same character (上海, 上汽, 多氟多, 从江): a mention or a proper noun of the tagger there.
    A line of a list of works (listed from its start) opens where the list says; the model may not have read it."""
    return text[start] in NOT_NAME_FIRST and not (
        (listed_work and start == 0)
        or any(m.start == start for m in mentions)
        or any(w.start == start and w.end - w.start > 1 and w.tag in _PROPER_TAGS for w in words))


def _located(text: str, start: int, end: int, name: str, mentions: list[Mention], gaz: Gazetteer,
             investment: float | None) -> Phrase:
    """The phrase text[start:end] with its county, zone and what the clauses after it state."""
    inside = [m for m in mentions if start <= m.start < end]
    first = next((m for m in inside if m.label in HOME_PLACE_LABELS or m.entry_id == gaz.home.id), None)
    county = None
    if first is not None:
        county = gaz.home.id if first.entry_id == gaz.home.id else home_county(first.entry_id, gaz)
    if county is None:  # "吉县…启动了…项目": the county the sentence is about
        before = [m for m in mentions if m.end <= start and m.label == "County"]
        county = before[-1].entry_id if before else None
    others = tuple(c for c in (home_county(m.entry_id, gaz) for m in inside if m.label == "County")
                   if c and c != county)
    zone = first.entry_id if first is not None and first.label == "DevelopmentZone" else None
    stated = _following(text, end)
    return Phrase(name, start, end, county, others, investment, zone,
                  capacity=capacity_in(name) or stated.capacity, years=year_in(name) or stated.years)


def _firm_builds(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is the 新建 of a filed project's name, "<firm>新建<work>"
    (山西梅山湖科技有限公司新建年产30kta…项目, as approvals name them): the firm's work, named
    whole, not a sentence whose name starts after the verb ("该公司新建的…项目" is one)."""
    return text[start:end] == "新建" and text[max(0, start - 2):start] in _FIRM_HEADS and text[end:end + 1] != "的"


def _skip_lead(text: str, start: int, end: int, strong: bool = True) -> int:
    """Past what leads into a name: signings (A与B签订), amounts (总投资4.3亿元的),
    verbs (启动了, 包括, 加快推进; not when `strong` is off), counts (87个), separators."""
    patterns = (_SIGNED, _MONEY_LEAD, _STRONG_LEAD, _OF) if strong else (_SIGNED, _MONEY_LEAD, _OF)
    while True:
        clause = text[start:end]
        cut = 0
        for pattern in patterns:
            for hit in pattern.finditer(clause):
                if _firm_builds(text, start + hit.start(), start + hit.end()):
                    continue
                if len(_TAIL_WORDS.sub("", clause[hit.end():])) >= MIN_NAME_CHARS:
                    cut = max(cut, hit.end())
        weak = _WEAK_LEAD.match(clause, cut)
        marks = _LEAD_MARKS.match(clause, cut)
        weak_end = weak.end() if weak else cut
        if marks and _opens_name(text, start + marks.end()):
            weak_end = marks.end()  # the marks, not the 和 a name begins with
        if weak_end > cut and len(_TAIL_WORDS.sub("", clause[weak_end:])) >= MIN_NAME_CHARS:
            cut = weak_end
        if cut == 0:
            return start
        start += cut


_LEAD_MARKS = re.compile(r"[、，,\s—–\-－:：]*")  # the separators a weak lead-in starts with
# 和 right after a mark, at a text's start or after 的 begins a name (和田至若羌铁路, 和禾生物质发电项目, "…建设的
# 和牛养殖项目"): a conjunction joins two names and does not follow a mark that already separates them
_NAME_OPENING_MARKS = frozenset("、，,。；;：:“\"「《（(的\n ")


def _opens_name(text: str, pos: int) -> bool:
    return text.startswith("和", pos) and (pos == 0 or text[pos - 1] in _NAME_OPENING_MARKS
                                           or bool(_VERB_BEFORE.search(text, max(0, pos - 4), pos))
                                           or _opens_division(text, pos))


# round 45: 和 opening the full name of a township or county (泽库县|和日镇司玛村…, …|和平镇…) is that name's, not a
# conjunction, when what follows it is no division's name of its own (日镇 is none)
_DIVISION_KINDS = "县区市旗镇乡"


def _opens_division(text: str, pos: int) -> bool:
    divisions = read_divisions()
    size = divisions.prefix_length(text[pos:], max_code_len=TOWNSHIP_CODE, keep=0)
    return (size >= MIN_DIVISION_WITH_HE and text[pos + size - 1] in _DIVISION_KINDS
            and divisions.prefix_length(text[pos + 1 :], max_code_len=TOWNSHIP_CODE, keep=0) == 0)


MIN_DIVISION_WITH_HE = 3  # 和日镇: 和, a word, its kind


# a conjunction does not follow a verb either: "推动和田至若羌铁路…尽早投产" (round 25)
_VERB_BEFORE = re.compile(r"(?:推动|推进|加快|开工建设|建设|实施|启动|新建|建成|开工|续建|扩建|包括)$")


def _past_lead_word(text: str, start: int, end: int, words: Words) -> int:
    """Past the last verb or preposition inside text[start:end] that leads into
    what follows it (see LEAD_VERBS): the left edge of a name is the last such word."""
    inside = [w for w in words if start <= w.start and w.end <= end]
    cut = start
    for i, word in enumerate(inside[:-1]):
        form = text[word.start : word.end]
        if not ((word.tag in ("v", "vn") and form in LEAD_VERBS) or (word.tag == "p" and form in LEAD_PREPOSITIONS)):
            continue
        if _firm_builds(text, word.start, word.end):
            continue
        nxt = next((w for w in inside[i + 1 :] if w.tag != "u"), None)  # 收看了…: past 了
        if nxt is None:
            continue
        before = [w for w in words if w.end <= word.start and w.tag != "u"][-2:]
        at_place = len(before) == 2 and before[0].tag == "p" and before[1].tag == "LOC"  # 在龙泉驿区|建设|冷链…
        leads = (nxt.tag in NAME_START_TAGS or bool(_COUNT_WORD.match(text[nxt.start : nxt.end])) or word.tag == "p"
                 or (word.tag in ("v", "vn") and at_place))
        if leads and len(_TAIL_WORDS.sub("", text[nxt.start : end])) >= MIN_NAME_CHARS:
            cut = nxt.start
    return cut


# the copular and existential verbs that introduce what follows them ("主要有|A、B", "分别为|A、B")
COPULAS = frozenset(("有", "为", "是", "即", "系"))
_ADVERB_TAGS = frozenset(("d", "ad"))


def _past_joiners(text: str, start: int, end: int, words: Words) -> int:
    """Past the words a name cannot start with: a conjunction (LAC's c: 暨|…, 及|…), or a copula or
    existential verb with the adverb before it (分别为|…, 主要有|…) — closed classes of Chinese that
    join or introduce names, never begin one."""
    pos = start
    while True:
        first = next((w for w in words if w.start == pos and w.end < end), None)
        if first is None:
            return pos
        nxt = next((w for w in words if w.start == first.end), None)
        form = text[first.start : first.end]
        joiner = (first.tag == "c" and not _opens_name(text, first.start)) or (first.tag == "v" and form in COPULAS)
        adverb = (first.tag in _ADVERB_TAGS and nxt is not None and nxt.tag == "v"
                  and text[nxt.start : nxt.end] in COPULAS)
        if not (joiner or adverb) or len(_TAIL_WORDS.sub("", text[first.end : end])) < MIN_NAME_CHARS:
            return pos
        pos = first.end


def _past_places(start: int, end: int, mentions: list[Mention], words: Words) -> int:
    """Past the place names a name starts with (祁东县|9个…项目): the gazetteer's, or the model's LOC words."""
    pos = start
    while True:
        lead = max([m.end for m in mentions if m.start == pos and m.end < end]
                   + [w.end for w in words if w.start == pos and w.end < end and w.tag == "LOC"], default=None)
        if lead is None:
            return pos
        pos = lead


# "…铁路兴国至宁化段,该项目已列入…": the text itself says the clause before names a project
_REFERRED = re.compile(r"[,，]\s*(?:该|此|这一?)(?:项目|工程)")
# what follows a work named as a subject: progress, its units (夏曲卡水电站两台机组投产), or the next item of a list
_PROGRESS = re.compile(r"[、，,；;]|(?:已|正|正式|全线|全面|顺利|加快|提速|加紧|开工|建成|竣工|进入|完成|实现"
                       r"|施工|投产|通车|开通|通航|投运|投用|启用|试运行|合龙|截流|蓄水|贯通|并网|(?:[一二两三四五六七八九十\d]+[台号])?机组)")


def _referred(text: str, mentions: list[Mention], gaz: Gazetteer, words: Words) -> list[Phrase]:
    """The clause right before ",该项目…" when it ends like a work (…段, …公路, …工程)."""
    out = []
    for m in _REFERRED.finditer(text):
        end = m.start()
        start = _clause_start(text, end, 0)
        phrase = _phrase(text, start, end, mentions, gaz, words, needs_tail=False)
        if phrase is not None and re.sub(r"[(（][^()（）]*[)）]$", "", phrase.name).endswith(
                (*INFRA_HEADS, *FACILITY_ENDS, "项目", "工程")):
            out.append(phrase)
    return out


def _facility_subjects(text: str, mentions: list[Mention], gaz: Gazetteer, words: Words) -> list[Phrase]:
    """"沈白高铁已完成…", "…犬木塘水库、…": a named work (a place or a proper
    word before an infrastructure head) that a clause is about, and the work
    listed right after one ("A高铁、B高铁的始发站")."""
    out: list[Phrase] = []
    heads = "|".join(sorted((h for h in INFRA_HEADS if len(h) > 1), key=len, reverse=True))
    for m in re.finditer(heads, text):
        start = _clause_start(text, m.start(), 0)
        item = max(start, text.rfind("、", 0, m.start()) + 1)
        listed = bool(out) and out[-1].end == item - 1  # "…十堰高铁、西安至重庆高铁的…": the item after a found one
        if (not listed and not _PROGRESS.match(text, m.end()) and m.end() < len(text)
                and text[m.end()] not in SENTENCE_END):
            continue
        phrase = _phrase(text, item, m.end(), mentions, gaz, words, needs_tail=False)
        if phrase is not None and phrase.start > item - 1 and _particular_before(phrase, m.start(), mentions, words):
            out.append(phrase)
    return out


def _particular_before(phrase: Phrase, head_start: int, mentions: list[Mention], words: Words) -> bool:
    """Something proper before the head: a place, or a word the model tags as a
    place, organisation or proper noun (福厦, 犬木塘) — not "新建公路"."""
    if head_start - phrase.start < 2:
        return False
    if any(phrase.start <= m.start < head_start for m in mentions):
        return True
    before = [w for w in words if phrase.start <= w.start < head_start]
    if any(w.tag in NAME_START_TAGS for w in before):
        return True
    # a naming prefix the model does not know (福厦, 沈白): nouns only, not kind words
    prefix = phrase.name[: head_start - phrase.start]
    return bool(before) and all(w.tag in ("n", "nz", "j") for w in before) and not any(k in prefix for k in KIND_WORDS)


def _investment(text: str, start: int, end: int) -> float | None:
    """The amount in the name's clause, else right before the name (总投资150亿元|<name>),
    else in the comma-clause just before (投资1200万元,完成了…项目) or in what follows
    it (…项目总投资额达13.8亿元, …项目,总投资4.3亿元)."""
    for amount in amounts(text[start:end]):
        if not amount.batch:
            return amount.wan
    clause = _clause_start(text, start, 0)
    lead = [a for a in amounts(text[clause:start]) if not a.batch and _LEADS_INTO.match(text, clause + a.end, start)]
    if lead:
        return lead[-1].wan
    if clause > 0 and text[clause - 1] in ",，" and not _END.search(text, clause, start):
        prev = _clause_start(text, clause - 1, 0)
        segment = text[prev : clause - 1]
        # (round 45: not the amount of an item before, "A工程、总投资27亿元,|<name>", nor a whole's when the name is
        # one of its parts, "…争取中央预算内投资补助22亿元,|其中<name>")
        after_item = ((prev > 0 and text[prev - 1] == "、") or _ITEM_AMOUNT.search(segment) is not None
                      or text.startswith("其中", clause))
        if not _END.search(_A_PROJECT.sub("", segment)) and not after_item:  # "一个工业项目由X投资30亿元,在…设立<name>"
            found = [a for a in amounts(segment) if not a.batch]
            if found:
                return found[-1].wan
    return _following(text, end).investment_wan


# "A、总投资322亿元": the item's amount, written after its name (the whole clause: "A、投资1.5亿元年产1万台的B" is
# B's lead-in)
_ITEM_AMOUNT = re.compile(r"、\s*[^，,、\d]{0,4}投资\s*(?:约|近|达)?\s*\d+(?:\.\d+)?\s*(?:万元|亿元)(?=[，,；;。]|$)")
# what may stand between an amount and the name it is the investment of: "总投资2亿元|华鑫…", "…亿元的|…",
# "计划投资10亿元|在嘉定建设|信创虚拟现实产业基地" (round 13)
_LEADS_INTO = re.compile(r"\s*的?\s*$|\s*[,，]?\s*(?:在[^，。；,;]{1,10}?)?(?:建设|打造|设立|新建|兴建)\s*$")
# a clause right after a name that says what the project is: its 项目 is this one's description, not another name
_WHAT_IT_IS = re.compile(r"[，,](?:是|系|属于|作为)[^，,；;。]*")


def _next_clause(text: str, end: int) -> str:
    m = _NEXT_CLAUSE.match(text, end)
    return m.group(1) if m else ""


# Round 33: the NER reads a building, a venue or a resort as a place (梧州大酒店, 大华山桃文化园, 笔架山庄): such a
# word is the work's particular part; only a division's name (梧州, 祁东县) or a word with a division's ending is
# an administrative place, before which kind words name a kind (祁东县产业项目; 梧州大酒店升级改造项目 is a work),
# and not when it ends as a facility does (兰州新区化工园区, a zone's park)
_FACILITY_WORD_END = re.compile(rf"(?:{'|'.join(FACILITY_WORDS)}|酒店|宾馆|饭店|大厦|公园|广场|学院|中学|小学|大学)$")


def _division_word(word: str) -> bool:
    return (bool(_PLACE_WORD.match(word)) or bool(read_divisions().codes(word))) and not _FACILITY_WORD_END.search(word)


def _anchored(core: str, name: str, mentions: list[Mention], start: int, end: int, words: Words = ()) -> bool:
    """A name is one project only if something in it is particular: a place,
    a number, a quoted name, a facility, a named owner — not only kind words.
    A place with only kind words after it names a kind ("2020年祁东县产业项目")."""
    places = [(m.start, m.end) for m in mentions if start <= m.start < end and m.label in ANCHOR_LABELS]
    named = [(w.start, w.end) for w in words if start <= w.start < end and w.tag == "LOC"]
    # a river, a mountain or a lake is a site, not only a place: 汾河流域综合治理 is one project
    sites = [(m.start, m.end) for m in mentions if m.label in SITE_LABELS]
    divisions = [(a, b) for a, b in named if _division_word(text_of(name, start, a, b))]
    admin = [(a, b) for a, b in places + divisions if not any(a < y and x < b for x, y in sites)
             and not re.search(r"[河江湖山湾]$", text_of(name, start, a, b))]
    places += named
    unplaced = "".join(ch for i, ch in enumerate(name, start) if not any(a <= i < b for a, b in admin))
    what = re.sub(r"[的和及与、\s]", "", _TAIL_WORDS.sub("", _YEAR_OR_COUNT.sub("", unplaced)))
    if what and _only_kind_words(what):
        return False
    if places or re.search(r"\d|“|\"", _YEAR_OR_COUNT.sub("", name)):
        return True  # a year (2020年) or a count (9个) makes no name particular
    if any(word in core for word in FACILITY_WORDS):
        return True
    rest = core
    for word in KIND_WORDS:
        rest = rest.replace(word, "")
    return len(rest) >= MIN_PARTICULAR_CHARS


def text_of(name: str, name_start: int, start: int, end: int) -> str:
    """The part of `name` (which starts at `name_start` in its sentence) at sentence offsets start..end."""
    return name[start - name_start : end - name_start]


def _only_kind_words(text: str) -> bool:
    rest = text
    for word in KIND_WORDS:
        rest = rest.replace(word, "")
    return not rest


def _split_and(text: str, start: int, end: int, also: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """"A和B" as two facilities when both halves end like one."""
    part = text[start:end]
    ends = FACILITY_ENDS + also
    for i, ch in enumerate(part):
        if ch == "和" and part[:i].endswith(ends) and part.endswith(ends) and i >= 4:
            return [(start, start + i), (start + i + 1, end)]
    return [(start, end)]


def _facilities(text: str, spans: list[tuple[int, int]], mentions: list[Mention], gaz: Gazetteer,
                words: Words) -> list[Phrase]:
    out = []
    for start, end in spans:
        for s, e in _split_and(text, start, end):
            phrase = _phrase(text, s, e, mentions, gaz, words, needs_tail=False)
            if phrase is not None and phrase.name.endswith(FACILITY_ENDS):
                out.append(phrase)
    return out


def _built_objects(text: str, mentions: list[Mention], gaz: Gazetteer, words: Words) -> list[Phrase]:
    """"在吉县建设苹果深加工园区": what is built, when it is a facility at a
    named site or with a figure (a policy's "建设清洁能源储运基地" is a kind)."""
    spans = []
    for m in _BUILD_OBJECT.finditer(text):
        at_site = _AT_SITE.search(text, max(0, m.start() - 10), m.start(1))
        named = any(m.start(1) <= x.start < m.end(1) and x.label in PLACE_ANCHORS for x in mentions)
        if at_site or named or re.search(r"\d", m.group(1)):
            spans.append((m.start(1), m.end(1)))
    return _facilities(text, spans, mentions, gaz, words)


def _finished(text: str, mentions: list[Mention], gaz: Gazetteer, words: Words) -> list[Phrase]:
    """"运城会展中心建成启用", "河东东街延长线和209国道改造临猗段全线贯通": the subject."""
    spans = [(_clause_start(text, m.start(), 0), m.start()) for m in _DONE.finditer(text)]
    return _facilities(text, spans, mentions, gaz, words) + _apposed(text, mentions, gaz, words)


# "…骨干工程——平陆运河施工繁忙", "…斜拉桥——常泰长江大桥建设繁忙": news names a work after a dash that
# follows its description; the work ends at a work's head and its clause reports construction
APPOSED_HEADS = tuple(sorted({*FACILITY_ENDS, *INFRA_HEADS, "运河", "洞", "港"}, key=len, reverse=True))
MIN_HEAD_AT = 2  # 平陆|运河: at least two characters before the head
MAX_APPOSED_CHARS = 24  # where the work's head must start, counted from the dash
_APPOSED = re.compile(rf"——([^，。；,;—“”\s]{{3,{MAX_APPOSED_CHARS}}}?)"
                      r"(?=[^，。；,;]*(?:施工|建设|开工|掘进|贯通|合龙|架设|通车|投产))")


def _apposed(text: str, mentions: list[Mention], gaz: Gazetteer, words: Words) -> list[Phrase]:
    """The work named after a descriptive dash (see _APPOSED), ending with the first work head in its
    clause (常泰长江大桥|建设繁忙; 板凳山1号支洞|下游正洞…). Bounded: a few characters after each dash."""
    out = []
    for m in _APPOSED.finditer(text):
        limit = min(len(text), m.start(1) + MAX_APPOSED_CHARS)
        clause_end = next((i for i in range(m.start(1), limit) if text[i] in ITEM_BREAKS), limit)
        ends = [i + len(h) for i in range(m.start(1) + MIN_HEAD_AT, clause_end)
                for h in APPOSED_HEADS if text.startswith(h, i)]
        if not ends:
            continue
        phrase = _phrase(text, m.start(1), min(ends), mentions, gaz, words, needs_tail=False)
        if phrase is not None:
            out.append(phrase)
    return out




def listed_line(text: str, mentions: list[Mention], gaz: Gazetteer, words: Words) -> Phrase | None:
    """The work a line of a list of works names (南京玄武之光新一代信息技术科技创新中心, 常州中航锂电三期):
    the whole line, as the list's own boundary, when it is a name at all."""
    phrase = _phrase(text, 0, len(text), mentions, gaz, words, needs_tail=False, listed_work=True)
    if phrase is not None:
        phrase.source = "listed"
    return phrase


@dataclass
class _Stated:
    capacity: str | None = None
    years: str | None = None
    investment_wan: float | None = None


def _following(text: str, end: int) -> _Stated:
    """What the clauses after a name state about it ("…项目位于X，总投资4.3亿元，
    装机容量约200MW，建设年限2023-2025年"), up to the next name or the sentence end."""
    out = _Stated()
    rest = text[end:]
    if _COUNT_AFTER.match(rest):
        return out  # "基础设施项目10个,总投资…": a batch and its total
    # the next name ends the run; "，项目总投资…" starts a clause about this one, and so does one that says what it is
    # ("…新材料项目,是…的延链补链项目,总投资30亿元")
    said = _WHAT_IT_IS.match(rest)
    stop = next((m for m in _END.finditer(rest, said.end() if said else 0)
                 if m.start() == 0 or rest[m.start() - 1] not in "，,；;该此本"), None)
    clauses = re.split(r"[，,；;]", rest[: stop.start() if stop else len(rest)])
    own = clauses[0].rstrip(SENTENCE_END)
    # "…产业园项目总投资额达13.8亿元" (round 45: and "成都五环快速路、总投资322亿元")
    if _MONEY_AFTER.match(own.lstrip("的")) or _ITEM_AMOUNT.fullmatch(own):
        found = [a for a in amounts(own) if not a.batch]
        out.investment_wan = found[0].wan if found else None
    out.investment_wan = out.investment_wan if out.investment_wan is not None else allocated_after(text, end)
    for clause in clauses[1:MAX_FOLLOWING + 1]:
        clause = clause.strip().rstrip(SENTENCE_END)
        out.capacity = out.capacity or _stated_capacity(clause)
        years = _YEARS_STATED.match(clause)
        if years and out.years is None:
            out.years = years_in(years.group(2))
        if _MONEY_AFTER.match(clause) and out.investment_wan is None:
            found = [a for a in amounts(clause) if not a.batch]
            out.investment_wan = found[0].wan if found else None
    return out


def _stated_capacity(clause: str) -> str | None:
    """"…项目,装机容量约200MW": a capacity in the next clause counts only when the clause states one."""
    return capacity_in(clause) if _CAPACITY_LEAD.match(clause) else None


# Round 12 (plans): "今年推动开工建设京雄高速公路二期", "推进京德、荣乌新线高速公路二期和京武高速公路尽早开工建设":
# the objects of a verb of building, up to the clause's end (or 等), cut at 、 and at 和/及 after a work's head;
# an object that ends with a work's head (a line, a road, a port's berth, a phase of one) is a candidate,
# whatever planning verb leads the sentence.
_BUILD_VERB = re.compile(r"(?:开工建设|加快建设|加快推进|开工|推进|实施|新建|续建|建成|启动|推动|开建|建设|做好|改造)")
_WORK_HEAD = re.compile(rf"(?:{'|'.join(sorted((*INFRA_HEADS, *ROUTE_HEADS), key=len, reverse=True))}"
                        r"|通道|新线|客专|大道|互通|立交|运河|工程|项目)(?:[一二三四五六七八九十]+期)?(?:工程|项目)?$")
# what follows a work inside its clause and is no part of its name: its stage, or the verb ending the clause
_WORK_STAGE = re.compile(r"(?:尽早|加快|全面|力争|年内)?"
                         r"(?:规划建设|前期工作|开工建设|建设|开工|改造提升|提质改造|通车)+$")


def _verb_objects(text: str, mentions: list[Mention], gaz: Gazetteer, words: Words) -> list[Phrase]:
    """The works named as objects of a verb of building (see _BUILD_VERB). Only in a sentence the NER ran on:
    there the judge weighs each; without words the rules' phrases are kept unjudged, and these are too many."""
    if not words:
        return []
    out: list[Phrase] = []
    for m in _BUILD_VERB.finditer(text):
        end = next((i for i in range(m.end(), len(text)) if text[i] in ITEM_BREAKS or text[i] == "等"), len(text))
        for piece_start, piece_end in _top_level_pieces(text, m.end(), end):
            for s, e in _works_joined(text, piece_start, piece_end):
                phrase = _phrase(text, s, e, mentions, gaz, words, needs_tail=False, listed_work=True)
                if phrase is not None:
                    out.append(phrase)
    return out


def _works_joined(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The works in text[start:end] that end with a work's head, past their stage words, cut at 和/及 after one
    ("…机场快线和雄商、…", "白洋淀内河航道规划建设及现有码头")."""
    out = []
    for i in [*(i for i in range(start, end) if text[i] in "和及"), end]:
        stage = _WORK_STAGE.search(text, start, i)
        work_end = stage.start() if stage is not None and stage.start() > start else i
        if _WORK_HEAD.search(text, start, work_end):
            out.append((start, work_end))
            start = i + 1
    return out


def _sourced(phrases: list[Phrase], source: str) -> list[Phrase]:
    for p in phrases:
        p.source = source
    return phrases


RULE_SOURCES = frozenset(("sites", "parts", "news", "etc", "built", "finished", "referred", "facility", "object",
                          "sibling"))
# The rules after the site lists, in order: a later rule's phrase overlapping an earlier one's is dropped.
RULES = (("parts", _parts), ("news", _news_runs), ("etc", _listed_before_etc), ("built", _built_objects),
         ("finished", _finished), ("referred", _referred), ("facility", _facility_subjects), ("object", _verb_objects))
