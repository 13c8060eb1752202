"""A county named by its short form is a place when the places its own sentence names hold exactly one
county of that form and the form is no common word: 庆阳市西峰至… names 西峰区 (round 24).
Before, the sentence's places counted only for a short form right after 在, 落户 or 位于; the document's place
counted anywhere, and still does. Real sentences of the keyed texts (tests/data/real)."""

from __future__ import annotations

from ingest.extract import extractor_for
from ingest.places import resolver_for
from ontology import Gazetteer

# 918-gansu-2013-fourteen-transport-starts…: roads between counties, one pair after its city
GANSU = "国家高速公路兰海高速临洮至渭源等4条高速公路、庆阳市西峰至合水等9条二级公路以及陇南成州民用机场试验段开工"


def _counties(text: str, inside: tuple[str, ...], gaz: Gazetteer) -> dict[str, str]:
    return {form: code for form, _, code in resolver_for(gaz, extractor_for(gaz)).mentions(text, inside)
            if len(code) == 6}


def test_a_short_form_its_sentences_city_holds_once_is_its_county(gaz: Gazetteer) -> None:
    found = _counties(GANSU, (), gaz)
    # 临洮, 渭源: nothing in the sentence holds them; 合水 is a common noun in jieba's dictionary
    assert found == {"西峰": "621002"}
    assert {"临洮", "渭源", "合水"} <= set(_counties(GANSU, ("62",), gaz))  # the document's province holds them


def test_a_short_form_that_is_a_common_word_stays_a_word(gaz: Gazetteer) -> None:
    assert _counties("双方在合作中推进项目建设", ("62",), gaz) == {}  # 合作 is a county of 甘肃 and a word
    # 仙桃 is a county-level city and a common noun (a peach of the immortals): its own text's 仙桃 stays a word
    assert _counties("也是支撑仙桃实现“百强进位、百亿增量”的源头活水", ("429004",), gaz) == {}
