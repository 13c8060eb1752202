"""A learned tagger of project names: a linear-chain CRF (CRFsuite, through
`python-crfsuite`) over the characters of a sentence, labelling each B, I or
O of a project name. The rules of project_phrases.py were written text by
text and carry the shapes of the texts they were written from; the tagger
learns where names start and end from every development text's answer key
at once, from features that hold on text it has not seen: the character and
its neighbours, its class (digit, Han, Latin, punctuation), the LAC word it
is in with the word's tag and position, whether that word is a project head
(项目, 工程, 基地, 产业园, 水库…) or a verb that leads into a name (签约, 建设…),
and the gazetteer's place mentions.

A second model of the same shape tags enterprise names (晋南钢铁集团, and the
brands heading project names: 科多供电…项目), trained on the keys' enterprises.

The model files are built by `python -m search_api.tools.train_spans` (a few seconds)
from the development splits of tests/data/real and shipped in ontology/data/,
with the fingerprint of the texts they were trained on beside them (spans.json)."""

from __future__ import annotations

import bisect
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ingest.extract import Mention
from ingest.ner import INFRA_HEADS, Token

MODEL_DIR = Path(__file__).resolve().parent.parent / "ontology" / "data"
# one model per kind of name: project names, and enterprise names (full, short and brand forms)
KINDS = ("projects", "enterprises")
MODEL_FILES = {"projects": MODEL_DIR / "project_spans.crfsuite", "enterprises": MODEL_DIR / "enterprise_spans.crfsuite"}
MODEL_FILE = MODEL_FILES["projects"]
MODEL_INFO = MODEL_DIR / "spans.json"
# Words that end a project's name or name a work
HEAD_WORDS = frozenset(("项目", "工程", "基地", "产业园", "园区", "中心", "工业园", "生产线", "电站", "电厂",
                        *INFRA_HEADS, "灌区", "枢纽", "治理", "整治", "配置"))
LEAD_WORDS = frozenset(("签约", "签订", "签署", "开工", "投资", "建设", "新建", "引进", "启动", "实施", "落户",
                        "包括", "分别", "为", "是", "有", "如", "总投资", "推进", "投产", "核准", "批复"))
MIN_SPAN_CHARS = 4  # a tagged span shorter than this is no name


def _char_class(ch: str) -> str:
    if ch.isdigit():
        return "D"
    if "\u4e00" <= ch <= "\u9fff":
        return "H"
    if ch.isascii() and ch.isalpha():
        return "L"
    return "P"


def sentence_features(text: str, words: Sequence[Token], mentions: Sequence[Mention]) -> list[list[str]]:
    """One feature list per character of `text`."""
    word_at: list[tuple[str, str, str]] = [("", "", "S")] * len(text)  # (word, tag, B/I/E/S)
    for w in words:
        form = text[w.start : w.end]
        for i in range(w.start, min(w.end, len(text))):
            pos = "S" if w.end - w.start == 1 else "B" if i == w.start else "E" if i == w.end - 1 else "I"
            word_at[i] = (form, w.tag, pos)
    place_at = [""] * len(text)
    for m in mentions:
        for i in range(m.start, min(m.end, len(text))):
            place_at[i] = m.label
    padded = f"^^{text}$$"
    head_ahead = _distances(text, words, HEAD_WORDS, forward=True)
    lead_behind = _distances(text, words, LEAD_WORDS, forward=False)
    out = []
    for i, ch in enumerate(text):
        j = i + 2
        form, tag, pos = word_at[i]
        feats = [
            "b", f"c={ch}", f"c-1={padded[j - 1]}", f"c+1={padded[j + 1]}", f"c-2={padded[j - 2]}",
            f"c+2={padded[j + 2]}", f"b-1={padded[j - 1 : j + 1]}", f"b+1={padded[j : j + 2]}",
            f"k={_char_class(ch)}", f"k-1={_char_class(padded[j - 1])}", f"k+1={_char_class(padded[j + 1])}",
            f"t={tag}", f"tp={tag}:{pos}", f"p={pos}",
        ]
        if form and len(form) <= 4:
            feats.append(f"w={form}")
        if form in HEAD_WORDS:
            feats.append(f"head:{pos}")
        if form in LEAD_WORDS:
            feats.append(f"lead:{pos}")
        if place_at[i]:
            feats.append(f"place={place_at[i]}")
        feats.append(f"ha={head_ahead[i]}")
        feats.append(f"lb={lead_behind[i]}")
        if pos in ("B", "S"):
            feats.append(f"tprev={word_at[i - 1][1] if i else '^'}")
        if pos in ("E", "S"):
            feats.append(f"tnext={word_at[i + 1][1] if i + 1 < len(text) else '$'}")
        prev_form = word_at[i - 1][0] if i else ""
        if pos in ("B", "S") and prev_form in LEAD_WORDS:
            feats.append("after-lead")
        out.append(feats)
    return out


CLAUSE_BREAKS = "，。；：！？,;:!?、\n"


def _bucket(distance: int | None) -> str:
    if distance is None:
        return "none"
    return "0" if distance == 0 else "near" if distance <= 6 else "mid" if distance <= 16 else "far"


def _distances(text: str, words: Sequence[Token], forms: frozenset[str], forward: bool) -> list[str]:
    """For each character, how far the next (or last) word of `forms` is within its clause, bucketed."""
    marks = sorted((w.end if forward else w.start) for w in words if text[w.start : w.end] in forms)
    breaks = [0]  # breaks[k]: clause breaks in text[:k]
    for ch in text:
        breaks.append(breaks[-1] + (ch in CLAUSE_BREAKS))
    out = []
    for i in range(len(text)):
        if forward:
            k = bisect.bisect_right(marks, i)
            mark = marks[k] if k < len(marks) else None
            gap = None if mark is None or breaks[mark] != breaks[i] else mark - i
        else:
            k = bisect.bisect_right(marks, i) - 1
            mark = marks[k] if k >= 0 else None
            gap = None if mark is None or breaks[i] != breaks[mark] else i - mark
        out.append(_bucket(gap))
    return out


def bio_labels(text: str, names: Sequence[str]) -> list[str]:
    """B/I/O of every literal occurrence of the key's names in `text` (longest first)."""
    labels = ["O"] * len(text)
    for name in sorted(set(names), key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if all(label == "O" for label in labels[start:end]):
                labels[start] = "B"
                for i in range(start + 1, end):
                    labels[i] = "I"
            start = text.find(name, end)
    return labels


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    score: float  # the model's marginal probability of its first character being B


def spans_of(labels: Sequence[str], marginal_b: Sequence[float], min_chars: int = MIN_SPAN_CHARS) -> list[Span]:
    out: list[Span] = []
    start: int | None = None
    for i, label in enumerate([*labels, "O"]):
        if start is not None and label != "I":
            if i - start >= min_chars:
                out.append(Span(start, i, marginal_b[start]))
            start = None
        if label == "B":
            start = i
    return out


class SpanTagger:
    """A trained model; `spans` tags one sentence."""

    def __init__(self, path: Path) -> None:
        import pycrfsuite

        self._tagger: Any = pycrfsuite.Tagger()
        self._tagger.open(str(path))

    def spans(self, text: str, words: Sequence[Token], mentions: Sequence[Mention],
              min_chars: int = MIN_SPAN_CHARS) -> list[Span]:
        """The names the model tags, each with its probability of starting where it does."""
        if not text:
            return []
        labels = self._tagger.tag(sentence_features(text, words, mentions))
        marginal = [self._tagger.marginal("B", i) if label == "B" else 0.0 for i, label in enumerate(labels)]
        return [s for s in spans_of(labels, marginal, min_chars) if not only_places(text, s, mentions)]

    def tagging(self, text: str, words: Sequence[Token], mentions: Sequence[Mention],
                min_chars: int = MIN_SPAN_CHARS) -> Tagging:
        """The tagged names and, for every character, the model's probability of B and of I there:
        how sure it is of any other span's edges (what the name judge reads)."""
        if not text:
            return Tagging([], [], [])
        labels = self._tagger.tag(sentence_features(text, words, mentions))
        begin = [self._tagger.marginal("B", i) for i in range(len(text))]
        inside = [self._tagger.marginal("I", i) for i in range(len(text))]
        spans = [s for s in spans_of(labels, begin, min_chars) if not only_places(text, s, mentions)]
        return Tagging(spans, begin, inside)


PLACE_JOINERS = frozenset("、和与及")
# places that are never built: divisions, urban areas and rivers (a park or a zone may be the project)
BARE_PLACE_LABELS = frozenset(("County", "Region", "UrbanArea", "River"))


def only_places(text: str, span: Span, mentions: Sequence[Mention]) -> bool:
    """A span that is nothing but the gazetteer's divisions, urban areas or
    rivers and the words joining them (清水河和鄂河, in "清水河和鄂河等流域…项目")
    is a list of places, never a project's name: a name says what is built."""
    covered = [False] * (span.end - span.start)
    for m in mentions:
        if m.label not in BARE_PLACE_LABELS:
            continue
        for i in range(max(m.start, span.start), min(m.end, span.end)):
            covered[i - span.start] = True
    return all(c or text[span.start + i] in PLACE_JOINERS for i, c in enumerate(covered))


@dataclass(frozen=True)
class Tagging:
    spans: list[Span]
    p_begin: list[float]  # per character
    p_inside: list[float]


@lru_cache(maxsize=4)
def tagger_at(path: Path) -> SpanTagger | None:
    return SpanTagger(path) if path.exists() else None


def tagger_enabled() -> bool:
    """`PLANATLAS_TAGGER=off` turns the learned taggers off (the rules and LAC still run):
    how the benchmark measures what they cost."""
    return os.environ.get("PLANATLAS_TAGGER", "on").lower() not in ("off", "0", "false", "no")


def default_span_tagger(kind: str = "projects") -> SpanTagger | None:
    """The shipped model of `kind`, loaded once per process (None when it is not built)."""
    return tagger_at(MODEL_FILES[kind])


def model_info() -> dict[str, Any]:
    """What the shipped model was trained on (texts and their fingerprint)."""
    if not MODEL_INFO.exists():
        return {}
    info: dict[str, Any] = json.loads(MODEL_INFO.read_text(encoding="utf-8"))
    return info
