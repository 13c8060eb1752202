"""Finds gazetteer entities in sentences: a longest-match scan over every
surface form, checked against jieba's segmentation (with a user dictionary
built from the gazetteer) so that short forms only count as whole words.
Ambiguous forms (古, 吉, 延长, 河西 ...) count only next to another place.

Segmentation runs on rjieba, the binding of jieba-rs: jieba's dictionary and
algorithm in Rust, with the same cuts as the `jieba` package on our corpus and
16 times its speed (segmentation was most of the ingest time)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import rjieba

from ingest.textnorm import normalise, search_word
from ontology import Gazetteer

PLACE_LABELS = {"County", "Region", "UrbanArea", "DevelopmentZone", "Park"}
NESTING_LABELS = {"IndustrialChain"}  # names that contain other names (晋南钢铁—大运汽车…)
SEPARATORS = set("、，,和及与—–-－~～至到 ")
_LONG_FORM = 4
USER_WORD_FREQ = 200000  # high enough that gazetteer names are cut whole
_WINDOW = 8
SEARCH_WORDS_CACHE = 65536  # project texts seen twice per ingest (task inference, stored words)


@dataclass(frozen=True)
class Mention:
    entry_id: str
    label: str
    form: str
    start: int  # offsets within the sentence
    end: int


@dataclass(frozen=True)
class _Form:
    text: str
    entry_id: str
    label: str
    needs_context: bool


class Extractor:
    """Built once per gazetteer (jieba's dictionary load takes about a second)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        forms: dict[str, list[_Form]] = {}
        for entry in [gazetteer.home, *gazetteer.entries.values()]:
            for text, ctx in [(entry.name, False), *((f, False) for f in entry.forms),
                              *((f, True) for f in entry.context_forms)]:
                bucket = forms.setdefault(text, [])
                if not any(f.entry_id == entry.id for f in bucket):
                    bucket.append(_Form(text, entry.id, entry.label, ctx))
        self._forms = forms
        self._by_first: dict[str, list[str]] = {}
        for text in sorted(forms, key=len, reverse=True):
            self._by_first.setdefault(text[0], []).append(text)
        self._first_chars = re.compile("[" + "".join(re.escape(ch) for ch in sorted(self._by_first)) + "]")
        self._jieba = rjieba.Jieba()
        for text in forms:
            if len(text) > 1:
                self._jieba.add_word(text, USER_WORD_FREQ, None)
        # Cached per extractor, since the cut depends on this gazetteer's words.
        self._search_words = lru_cache(maxsize=SEARCH_WORDS_CACHE)(self._cut_search_words)

    def tokens(self, text: str) -> list[tuple[str, int, int]]:
        """(word, start, end) with character offsets, no HMM guessing of new words."""
        tokens: list[tuple[str, int, int]] = self._jieba.tokenize(text, "default", False)
        return tokens

    def search_tokens(self, text: str) -> list[str]:
        """Words for BM25: jieba with the gazetteer dictionary, lower-cased, no
        punctuation or stop words; single characters dropped except digits."""
        return list(self._search_words(text))

    def _cut_search_words(self, text: str) -> tuple[str, ...]:
        return tuple(w for w in (search_word(word) for word, _, _ in self.tokens(normalise(text))) if w)

    def find(self, sentence: str, skip: frozenset[str] = frozenset()) -> list[Mention]:
        """Mentions in `sentence`; entries in `skip` are not matched (nested scans)."""
        raw: list[tuple[int, int, _Form]] = []
        i = 0
        # only positions whose character starts some form can start a match
        for m in self._first_chars.finditer(sentence):
            if m.start() < i:
                continue
            i = m.start()
            match = None
            for text in self._by_first[sentence[i]]:
                if sentence.startswith(text, i) and (not skip or any(f.entry_id not in skip
                                                                     for f in self._forms[text])):
                    end = i + len(text)
                    if len(text) >= _LONG_FORM or self._forms[text][0].needs_context or self._is_word(sentence, i, end):
                        match = (i, end, text)
                        break
            if match is None:
                continue
            start, end, text = match
            forms = [f for f in self._forms[text] if f.entry_id not in skip]
            raw.extend((start, end, form) for form in forms)
            if any(f.label in NESTING_LABELS for f in forms):
                own = skip | {f.entry_id for f in forms}
                for inner in self.find(text, own):
                    raw.append((start + inner.start, start + inner.end,
                                _Form(inner.form, inner.entry_id, inner.label, False)))
            i = end
        return self._resolve_context(sentence, raw)

    def _is_word(self, sentence: str, start: int, end: int) -> bool:
        """Whether jieba cuts [start, end) as a whole word. Only a window
        around the match is segmented: far context rarely moves a cut, and
        segmenting whole sentences for every short form was the ingest hot spot."""
        left = max(0, start - _WINDOW)
        window = sentence[left : end + _WINDOW]
        bounds = {0, len(window)}
        for _, s, e in self.tokens(window):
            bounds.update((s, e))
        return start - left in bounds and end - left in bounds

    def _resolve_context(self, sentence: str, raw: list[tuple[int, int, _Form]]) -> list[Mention]:
        """Keep ambiguous forms only when a neighbouring mention is a place."""
        accepted = [not f.needs_context for _, _, f in raw]
        if all(accepted):  # nothing ambiguous (the common case): no neighbour to look for
            return [Mention(f.entry_id, f.label, f.text, s, e) for s, e, f in raw]
        changed = True
        while changed:  # 河西、老城、东城、滂汜河: each confirms its neighbour
            changed = False
            places = [(s, e) for (s, e, f), ok in zip(raw, accepted, strict=False) if ok and f.label in PLACE_LABELS]
            for i, (start, end, _) in enumerate(raw):
                if not accepted[i] and _next_to_place(sentence, start, end, places):
                    accepted[i] = changed = True
        return [Mention(f.entry_id, f.label, f.text, s, e) for (s, e, f), ok in zip(raw, accepted, strict=False) if ok]


def _next_to_place(sentence: str, start: int, end: int, places: list[tuple[int, int]]) -> bool:
    for ps, pe in places:
        between = sentence[pe:start] if pe <= start else sentence[end:ps] if ps >= end else "x"
        if len(between) <= 2 and all(ch in SEPARATORS for ch in between):
            return True
    return False


@lru_cache(maxsize=2)
def extractor_for(gazetteer: Gazetteer) -> Extractor:
    return Extractor(gazetteer)
