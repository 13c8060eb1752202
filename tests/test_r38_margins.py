"""Round 38, calls that turned on the machine's arithmetic (the int8 encoder gives slightly other states on
another CPU; running it with graph optimisation off gives such states here and moved both calls below).

A list item opening with 和 (、和世泰钛材加工中心, text 1031) is proposed from the span the
models tag after the 和, and is now judged from there too: the models' begin sits on the character after
it. Read at the 和, the encoder's begin was near even and the CRF's near nought, so whether the judge
kept the name turned on the third decimal of the machine's int8 arithmetic. A 和 after a comma, a space
or a verb may still join two names (…项目,和新城香格里拉大酒店; …改扩建和朔州机场新建): it is read where it stands.

A builder the sentence names (分别由重庆至信和重庆平洋投资建设) is a company whatever the encoder's head reads there:
its doubt of 重庆至信 was 0.053 against the 0.05 that drops a name."""

from __future__ import annotations

import pytest

from ingest import enterprises
from ingest.name_judge import candidate_features
from ingest.span_tagger import Span, Tagging
from ontology import Gazetteer
from tests.text_extraction import companies_in

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
    for text in (f"集中开工的辽宁荣信沐樾府、{NAME}等20个重点项目。", f"省百大项目“{NAME}”选址在园区。"):
        f = _features(text)
        assert f["enc-begin"] == f["crf-begin"] == 0.9
        assert f["enc-inside-min"] == 0.95 and f["enc=same"] == 1.0, text


def test_a_he_that_may_join_two_names_is_read_where_it_stands() -> None:
    for text in (f"推进辽宁荣信沐樾府和{NAME[1:]}建设。", f"三项工程基础建设类项目,{NAME}开工。",
                 f"{NAME}开工。"):
        f = _features(text)
        assert f["enc-begin"] == 0.3 and f["enc=inside"] == 1.0, text


def test_a_named_builder_stays_a_company_where_the_head_reads_none(gaz: Gazetteer,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(enterprises, "_head_inside", lambda sentence, mentions: [0.0] * len(sentence))
    found = companies_in("两个扩建项目同步落地,分别由重庆至信和重庆平洋投资建设。", gaz)
    assert {"重庆至信", "重庆平洋"} <= found
    # names found otherwise are still dropped when the head reads no company in them (round 45: but not a place and a
    # brand, 宁德|时代, in a list the text calls companies)
    assert companies_in("宁德时代、比亚迪等企业参加签约。", gaz) == {"宁德时代"}
    monkeypatch.undo()
    assert companies_in("宁德时代、比亚迪等企业参加签约。", gaz) == {"宁德时代", "比亚迪"}
