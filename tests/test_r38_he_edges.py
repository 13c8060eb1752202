"""Round 38: a list item opening with 和 (、和世泰钛材加工中心, text 1031) is proposed from the span the
models tag after the 和, and is now judged from there too: the models' begin sits on the character after
it. Read at the 和, the encoder's begin was near even and the CRF's near nought, so whether the judge
kept the name turned on the third decimal of the machine's int8 arithmetic. A 和 after a comma, a space
or a verb may still join two names (…项目,和新城香格里拉大酒店; …改扩建和朔州机场新建): it is read where it stands."""

from __future__ import annotations

from ingest.name_judge import candidate_features
from ingest.span_tagger import Span, Tagging

NAME = "和世泰钛材加工中心"


def _features(text: str) -> dict[str, float]:
    """The candidate NAME in `text`, under a reading that begins a name after its 和 (a little at the 和)."""
    start = text.index(NAME)
    end = start + len(NAME)
    begin, inside = [0.0] * len(text), [0.0] * len(text)
    begin[start], begin[start + 1] = 0.3, 0.9
    for i in range(start + 2, end):
        inside[i] = 0.95
    reading = Tagging([Span(start + 1, end, 0.9)], begin, inside)
    return candidate_features(text, start, end, "etc", [], [], reading, False, True, reading)


def test_a_list_item_opening_with_he_is_read_where_the_models_begin_it() -> None:
    f = _features(f"集中开工的辽宁荣信沐樾府、{NAME}等20个重点项目。")
    assert f["enc-begin"] == f["crf-begin"] == 0.9
    assert f["enc-inside-min"] == 0.95 and f["enc=same"] == 1.0


def test_a_he_that_may_join_two_names_is_read_where_it_stands() -> None:
    for text in (f"推进辽宁荣信沐樾府和{NAME[1:]}建设。", f"三项工程基础建设类项目,{NAME}开工。",
                 f"{NAME}开工。"):
        f = _features(text)
        assert f["enc-begin"] == 0.3 and f["enc=inside"] == 1.0, text
