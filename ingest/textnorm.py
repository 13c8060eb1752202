"""Text normalisation shared by ingestion and search: Traditional → Simplified
(OpenCC) for matching, and which jieba words count for BM25 and full-text
indexes (Lucene's own analyzers segment Chinese poorly). The cutting itself
needs a gazetteer's dictionary, so it lives on `Extractor.search_tokens`."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_converter = opencc.OpenCC("t2s")
_WORD = re.compile(r"[\w\u4e00-\u9fff]")
STOPWORDS = frozenset("的 和 与 及 等 在 对 为 以 了 是 将 并 及其 其 一批 一个 建设 项目 工程 进行 实施 推进 加快 "
                      "谋划 开展 完成 新建 改造 提升 配套 相关 有关 主要 包括 以及 计划".split())


def to_simplified(text: str) -> str:
    return str(_converter.convert(text))


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """NFKC (full-width digits, letters and spaces to ASCII), no zero-width
    marks, then Simplified. Cached: table cells (counties, owners, years,
    categories) repeat row after row."""
    return to_simplified(unicodedata.normalize("NFKC", text).translate(_INVISIBLE))


def lookup_key(text: str) -> str:
    """The one form every lookup by name compares (county pages, filters,
    partners, blocks, chains, the API): `normalise` without any spaces, so
    吉縣, ｢吉县｣ in full width, 吉\u200b县 and ' 吉 县 ' all find 吉县."""
    return _SPACES.sub("", normalise(text))


@lru_cache(maxsize=262144)
def search_word(word: str) -> str | None:
    """The word as BM25 indexes it, or None for punctuation, stop words and
    single characters other than digits (cached: the vocabulary is small)."""
    word = word.strip().lower()
    if not word or word in STOPWORDS or not _WORD.search(word):
        return None
    if len(word) == 1 and not word.isdigit():
        return None
    return word
