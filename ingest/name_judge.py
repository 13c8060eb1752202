"""A learned accept/reject step for the project names found in prose.

The rules of project_phrases.py and the CRF tagger propose names; on text
they were not written from about half of the rules' names were wrong
(lead-ins kept, programme headings, two names joined at 、) and the tagger
could only add names, never remove one. Here every candidate — each rule
phrase, each tagged span, and the boundary variants of a rule phrase (its
leading function words trimmed, its 、-joined parts apart) — becomes a row of
general features (where it came from, its head and length, the words and
characters at its edges, whether it starts with a place or an organisation,
counts, quotes, the sentence's genre, and the CRF's probabilities that a name
starts, runs on and ends where the candidate does), and a logistic regression
trained on the development keys gives each a probability. The sentence keeps
the most probable candidates that clear the threshold and do not overlap.
A candidate no work's name can be (it ends in a person's name, or it opened a
document's title and did not close it) is dropped whatever its weights
(`_never_a_work`, round 9).

The weights are written by `python -m search_api.tools.train_spans` next to
the CRF models (ontology/data/project_judge.json), from candidates scored by
CRFs that had not seen their text (as on new text); the threshold and the L2
weight were chosen by leave-one-text-out cross-validation on the dev texts.
List rows never come here: a user's row is a project whatever its name."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ingest.extract import Mention
from ingest.ner import Token
from ingest.span_tagger import HEAD_WORDS, LEAD_WORDS, MODEL_DIR, Tagging

JUDGE_FILE = MODEL_DIR / "project_judge.json"
Features = dict[str, float]
# what the judge reads of a candidate's sentence: the genre words of news of projects
_GENRE = {"sign": re.compile(r"签约|签订|签署"), "start": re.compile(r"开工|动工|开建|奠基"),
          "approve": re.compile(r"核准|批复|获批|审批"), "money": re.compile(r"\d\s*(?:亿|万元)"),
          "plan": re.compile(r"谋划|储备|推动|加快|打造|围绕|培育|发展")}
_COUNT = re.compile(r"(?:\d+|[一二三四五六七八九十百两]+)\s*(?:余|多)?\s*[个项批家]")
_YEAR = re.compile(r"(?:19|20)\d\d\s*年")
_PROGRAMME = re.compile(r"(?:产业|提升|改善|行动|计划|专项|工作|示范|体系|重点|重大|招商|引资|在谈|储备)"
                        r"(?:建设)?(?:项目|工程)?$")  # a name ending in a programme's word names a kind
_FUNCTION_TAGS = frozenset(("v", "vd", "c", "d", "p", "u", "r", "xc", "w", "q", "m"))
# "徐大堡核电3、4号机组", "9#、10#泊位", "医用手套1、2、3号生产线", "一、二期": numbers of units or phases joined
# by 、 before one unit word are words of one name, not items of a list (round 28: the models cut 7 keyed names)
_NUMBER = r"(?:\d+|[一二三四五六七八九十]+)"
UNIT_NUMBERS = re.compile(rf"{_NUMBER}(?:、{_NUMBER})*、{_NUMBER}[号期标]|{_NUMBER}#(?:、{_NUMBER}#)+")
# (a unit written out each time is a list of works: "一期、二期", "1号线三期、2号线一期")


@lru_cache(maxsize=4096)
def unit_number_runs(text: str) -> tuple[tuple[int, int], ...]:
    """The runs of unit numbers in a sentence, found once for all its candidates (the judge asks per candidate)."""
    return tuple((m.start(), m.end()) for m in UNIT_NUMBERS.finditer(text))


def cuts_unit_numbers(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] starts or ends inside a run of unit numbers (徐大堡核电3|、4号机组)."""
    return any(a < start < b or a < end < b for a, b in unit_number_runs(text))


def _bucket(n: int) -> str:
    return "1-4" if n <= 4 else "5-8" if n <= 8 else "9-14" if n <= 14 else "15-22" if n <= 22 else "23+"


def candidate_features(text: str, start: int, end: int, source: str, words: Sequence[Token],
                       mentions: Sequence[Mention], tagging: Tagging | None, investment: bool,
                       event: bool, encoding: Tagging | None = None) -> Features:
    """The features of the candidate name text[start:end] (all general: no word list of one text);
    `tagging` is the CRF's reading of the sentence, `encoding` the encoder head's (encoder_spans.py)."""
    name = text[start:end]
    core = re.sub(r"(建设)?(项目|工程)(建设)?$", "", name)
    f: Features = {"bias": 1.0, f"src={source}": 1.0, f"len={_bucket(len(name))}": 1.0,
                   f"corelen={_bucket(len(core))}": 1.0}
    f["tail" if core != name else "no-tail"] = 1.0
    if _ENDS_IN_HEAD.search(name):
        f["head"] = 1.0
    plain = UNIT_NUMBERS.sub("0", name)  # a run of unit numbers is no list
    for key, pattern in (("digit", r"\d"), ("quote", r"[“”\"]"), ("list", "、"), ("and", r"[和及与暨]"),
                         ("of", "的"), ("bracket", r"[(（]")):
        if re.search(pattern, plain):
            f[f"has-{key}"] = 1.0
    if _COUNT.search(name):
        f["has-count"] = 1.0
    if _YEAR.search(name):
        f["has-year"] = 1.0
    if _PROGRAMME.search(name):
        f["programme"] = 1.0
    inside = [w for w in words if start <= w.start < end]
    first = next((w for w in inside if w.start == start), None)
    f[f"w0={first.tag if first else 'mid'}"] = 1.0  # the first word's tag, or "mid": the name starts inside a word
    if first is not None and first.tag in _FUNCTION_TAGS:
        f["w0-function"] = 1.0
    if not any(w.end == end for w in words):
        f["ends-mid-word"] = 1.0
    before = [w for w in words if w.end <= start]
    if before:
        prev = before[-1]
        form = text[prev.start : prev.end]
        f[f"prev-tag={prev.tag}"] = 1.0
        if form in LEAD_WORDS:
            f["prev-lead"] = 1.0
    for w in inside:
        if w.tag in ("PER", "v", "ORG", "LOC", "TIME") and w.start > start:
            f[f"in-{w.tag}"] = 1.0
    if first is not None and first.tag in ("LOC", "ORG"):
        f[f"starts-{first.tag}"] = 1.0
    lead = [m for m in mentions if m.start == start]
    if lead:
        f[f"starts-{lead[0].label}"] = 1.0
    f["words"] = min(len(inside), 12) / 12
    if _never_a_work(text, start, end, inside, listed=source == "etc"):
        f[VETO] = 1.0
    if investment:
        f["money"] = 1.0
    f["event" if event else "no-event"] = 1.0
    for genre, genre_words in _GENRE.items():
        if genre_words.search(text):
            f[f"genre={genre}"] = 1.0
    for model, reading in (("crf", tagging), ("enc", encoding)):
        if reading is not None and reading.p_begin:
            f.update(_tagging_features(model, reading, text, start, end))
    return f


# marks after which a 和 cannot join two names: fewer than project_phrases._NAME_OPENING_MARKS, after which a 和
# may open a name (a candidate is proposed) but may also join two (…项目,和新城…: the judge decides)
_BEFORE_OPENING_HE = frozenset("、“「《（(")


def _tagging_features(model: str, tagging: Tagging, text: str, start: int, end: int) -> Features:
    """How sure a tagger (the CRF, or the encoder head) is of the candidate's edges and inside,
    and how the candidate stands to the spans it tagged."""
    f: Features = {}
    opening_he = (start > 0 and end - start > 2 and text[start - 1] in _BEFORE_OPENING_HE
                  and text.startswith("和", start))
    if opening_he and tagging.p_begin[start + 1] > tagging.p_begin[start]:
        # a name opening with 和 after a list mark or an opening quote (、和世泰钛材加工中心, “和禾生物质发电项目”),
        # where no conjunction stands: a model that read the 和 as one begins the name after it, and its edge is
        # read there (round 38)
        start += 1
    p_begin = tagging.p_begin[start]
    # a run of unit numbers reads as one word: the models, never taught that its 、 is inside a name, are not asked
    inner = {i for a, b in unit_number_runs(text) if start <= a and b <= end for i in range(a + 1, b)}
    p_inside = [p for i, p in enumerate(tagging.p_inside[start + 1 : end], start + 1) if i not in inner] or [1.0]
    p_end = 1.0 - (tagging.p_inside[end] if end < len(text) else 0.0)
    f[f"{model}-begin"] = p_begin
    f[f"{model}-inside-min"] = min(p_inside)
    f[f"{model}-inside-mean"] = sum(p_inside) / len(p_inside)
    f[f"{model}-end"] = p_end
    f[f"{model}-span"] = p_begin * min(p_inside) * p_end
    same = [s for s in tagging.spans if s.start == start and s.end == end]
    within = [s for s in tagging.spans if start <= s.start and s.end <= end and s not in same]
    around = [s for s in tagging.spans if s.start <= start and end <= s.end and s not in same]
    crossing = [s for s in tagging.spans if s.start < end and start < s.end and s not in same + within + around]
    f[f"{model}=same" if same else f"{model}=inside" if within else f"{model}=around" if around
      else f"{model}=crossing" if crossing else f"{model}=none"] = 1.0
    if len(within) > 1:
        f[f"{model}=several"] = 1.0
    return f


def _never_a_work(text: str, start: int, end: int, inside: Sequence[Token], listed: bool = False) -> bool:
    """A candidate no work's name can be, whatever its other features (round 9, from the dev texts' spurious
    names): one ending in a person's name (a signatory, "…研究员侯保荣", or a company's short name the NER
    reads as a person, "常州瑞德丰"), or one that opened a document's title and did not close it (the phrase
    ran on from before the title: "国家发改委下发了《关于…工程"), or, round 21, one that starts with the
    amount noted after the name before it ("(5亿元)、祁东县白地风电场项目") or ends on the quote that opens
    the next one ("药茶博物馆”“"), or, round 28, one cut inside a run of unit numbers (徐大堡核电3|、4号机组).
    A person's name is never a work's, but the NER reads some whole works as one (郑万高铁: PER): a "name"
    ending in a work's head word is the NER's slip (round 28).
    An item of a list the text calls works ("…、宁宣黄、宁扬宁马等规划项目", `listed`) is exempt from the
    person rule: abbreviated lines read as names to the NER (round 12)."""
    name = text[start:end]
    return bool((not listed and inside and inside[-1].tag == "PER" and inside[-1].end == end
                 and not _ENDS_IN_HEAD.search(text, inside[-1].start, end))
                or _TITLE_OPEN.search(name) or _AMOUNT_NOTE.match(name) or _STRAY_QUOTES.search(name)
                or cuts_unit_numbers(text, start, end)
                or _not_a_name(text, name, inside))


def _not_a_name(text: str, name: str, inside: Sequence[Token]) -> bool:
    """Round 10, from the spurious names of fresh text (dev12, dev13): a stretch that is no work's name —
    a clause (a subject, then an adverb of tense or a verb of meeting/planning: "呼和浩特市举行项目",
    "黑龙江省已储备项目", "旗人民政府将全力支持项目"), a phrase led by a time or a policy verb
    ("今年计划竣工项目", "发展分布式光伏项目", "力争成渝中线高铁"), a superlative or an ordinal
    ("西藏首条电气化铁路", "最大抽水蓄能电站"), or a role or a region ("…总裁", "…供应商", "丰台河西地区").
    Each word list was checked against every keyed name of the training splits: none is vetoed."""
    if any((w.tag in ("d", "p") and text[w.start : w.end] in _CLAUSE_ADVERBS)
           or (w.tag == "v" and text[w.start : w.end] in _CLAUSE_VERBS) for w in inside[1:]):
        return True
    return bool(_LED_BY.search(name) or _RANKED.search(name) or _ROLE_END.search(name) or PART_ALONE.match(name))


_ENDS_IN_HEAD = re.compile(rf"(?:{'|'.join(sorted(HEAD_WORDS, key=len, reverse=True))})$")
_TITLE_OPEN = re.compile(r"[《<〈][^》>〉]*$")  # a document's title opened inside the name and not closed
_STRAY_QUOTES = re.compile(r"“$")  # a name never ends on a quote that opens the next one (…博物馆”“)
# the amount noted after the name before ("A项目(5亿元)、B项目"): no name starts with it
_AMOUNT_NOTE = re.compile(r"[(（][^()（）]*\d[^()（）]*[亿万]?元[)）]")
# the words below are those of the dev texts' wrong candidates (dev…dev13; none is in a keyed name there)
_CLAUSE_ADVERBS = frozenset(("将", "已", "在", "全力"))
_CLAUSE_VERBS = frozenset(("举行", "召开", "开展", "推进", "支持", "查看", "储备", "有", "作为", "充分利用", "组织",
                           "下达", "掀起", "坚持", "确保", "加快", "抓好", "是"))
_LED_BY = re.compile(r"^(?:今年|年内|同期|目前|力争|加快|完善|发展|抓好|实现|全力)")
_RANKED = re.compile(r"首[条套个]|最[大长]|第[一二三四五六七八九十]+长")
_ROLE_END = re.compile(r"(?:总裁|供应商|地区|产能)$")
# round 28: a part's word with one character before it is a piece of a longer name (沿江高铁宜|荆段, 6号线|南延)
PART_ALONE = re.compile(r"^.(?:段|道|延|线)$")

VETO = "never-a-work"  # the feature that marks such a candidate: no weight is learned for it, the judge drops it


@dataclass
class NameJudge:
    """A logistic regression over candidate features: weights by feature name, and two thresholds:
    a rule's phrase is dropped below `rule_threshold`, any other candidate (a tagged span, a boundary
    variant) is kept from `threshold` on — both chosen by cross-validation."""

    weights: dict[str, float]
    threshold: float
    rule_threshold: float

    def keeps(self, probability: float, from_rule: bool) -> bool:
        return probability >= (self.rule_threshold if from_rule else self.threshold)

    def probability(self, features: Features) -> float:
        if VETO in features:
            return 0.0
        z = sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def save(self, path: Path, info: dict[str, Any]) -> None:
        weights = {k: round(v, 5) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-5}
        path.write_text(json.dumps({**info, "threshold": self.threshold, "rule_threshold": self.rule_threshold,
                                    "weights": weights},
                                   ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def load_judge(path: Path) -> NameJudge | None:
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return NameJudge({k: float(v) for k, v in data["weights"].items()}, float(data["threshold"]),
                     float(data["rule_threshold"]))


@lru_cache(maxsize=4)
def judge_at(path: Path) -> NameJudge | None:
    return load_judge(path)


def judge_info(path: Path = JUDGE_FILE) -> dict[str, Any]:
    """What the shipped judge was trained on (texts and their fingerprint), without its weights."""
    if not path.exists():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    data.pop("weights", None)
    return data


MIN_FEATURE_ROWS = 2  # a feature seen in one training row only is noise


def train_judge(rows: Sequence[Features], labels: Sequence[bool], l2: float, threshold: float,
                rule_threshold: float, iterations: int = 30) -> NameJudge:
    """L2-regularised logistic regression by Newton's method (a few hundred rows: exact and fast)."""
    counts: dict[str, int] = {}
    for row in rows:
        for k in row:
            counts[k] = counts.get(k, 0) + 1
    names = sorted(k for k, n in counts.items() if (n >= MIN_FEATURE_ROWS or k == "bias") and k != VETO)
    index = {k: i for i, k in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for r, row in enumerate(rows):
        for k, v in row.items():
            if k in index:
                x[r, index[k]] = v
    y = np.array([1.0 if label else 0.0 for label in labels])
    w = np.zeros(len(names))
    penalty = np.full(len(names), l2)
    penalty[index["bias"]] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x.T * (p * (1 - p))) @ x + np.diag(penalty + 1e-6)
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-6:
            break
    return NameJudge({k: float(w[i]) for k, i in index.items()}, threshold, rule_threshold)


@dataclass
class Row:
    """A candidate as training sees it: the sentence, the name and its features."""

    sentence: str
    name: str
    features: Features


_recorded: list[Row] | None = None


@contextmanager
def recording() -> Iterator[list[Row]]:
    """Collects every candidate the phrase finder judges (how training gets its rows)."""
    global _recorded
    rows: list[Row] = []
    _recorded = rows
    try:
        yield rows
    finally:
        _recorded = None


def record(sentence: str, name: str, features: Features) -> None:
    if _recorded is not None:
        _recorded.append(Row(sentence, name, features))


def is_recording() -> bool:
    return _recorded is not None
