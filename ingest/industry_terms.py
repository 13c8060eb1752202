"""The industry classification's words, against which short names are read: a run of characters that is
such a term is no brand (enterprises.py), and a list item that ends in one names a business, not a site
(project_phrases.py). One module so both read the same words without importing each other."""

from __future__ import annotations

from functools import lru_cache

from ontology.standard_industry import load_standard

MIN_TERM_CHARS = 2


@lru_cache(maxsize=1)
def industry_terms() -> frozenset[str]:
    """The industry classification's keywords and their heads (康养, 储气, 副产 of 副产氢): planning
    terms jieba does not know."""
    keywords = [k for d in load_standard().divisions for k in d.keywords]
    return frozenset(k[:n] for k in keywords for n in range(MIN_TERM_CHARS, len(k) + 1))


@lru_cache(maxsize=8)
def longest_word(vocab: frozenset[str]) -> int:
    return max(map(len, vocab), default=0)


def longest_tail(text: str, vocab: frozenset[str], keep: int = 0) -> str | None:
    """The longest word of `vocab` that `text` ends with, leaving at least `keep` characters before
    it. Looks up the text's suffixes rather than testing every word: a list's owners run this for
    each new company name, and the scan over the ~1,000 words was a tenth of a 100k ingest's time."""
    for size in range(min(longest_word(vocab), len(text) - keep), 0, -1):
        if text[-size:] in vocab:
            return text[-size:]
    return None
