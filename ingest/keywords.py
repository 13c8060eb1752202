"""Which of many fixed words occur in a text, without testing every word.

Project classification asks this of every row: hundreds of industry, chain
and standard-industry keywords against a 50-character text. Testing `w in
text` for each word was the ingest hot spot; here the words are grouped by
their first character and only the groups whose character the text contains
are tested, with the same answer (a word occurs only where its first
character does)."""

from __future__ import annotations

from collections.abc import Iterable


class KeywordSet:
    """A fixed set of non-empty words, asked which of them a text contains."""

    def __init__(self, words: Iterable[str]) -> None:
        groups: dict[str, list[str]] = {}
        for word in dict.fromkeys(w for w in words if w):
            groups.setdefault(word[0], []).append(word)
        self._by_first: dict[str, tuple[str, ...]] = {ch: tuple(ws) for ch, ws in groups.items()}
        self._firsts = frozenset(self._by_first)

    def present(self, text: str) -> set[str]:
        """The words that occur in `text` (as substrings)."""
        return {w for ch in self._firsts.intersection(text) for w in self._by_first[ch] if w in text}
