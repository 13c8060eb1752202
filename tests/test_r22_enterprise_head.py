"""Round 22: company names read by the sentence encoder's enterprise head (encoder_spans.py,
enterprises.tagged_organisations and enterprises._head_doubts): it adds names the rules, LAC and the
CRF miss, and drops what they took for a company where it reads none. The sentences are real ones
from the evaluation texts (tests/data/real)."""

from __future__ import annotations

import json
from functools import lru_cache

import pytest

from ingest import enterprises
from ingest.encoder_spans import HEAD_FILES, SentenceEncoder, TokenStates, sentence_encoder, shipped_encoder_spans
from ingest.ner import Token
from ontology import Gazetteer
from tests.text_extraction import companies_in


def test_the_shipped_enterprise_head_was_trained_with_the_built_encoder() -> None:
    encoder = sentence_encoder()
    assert encoder is not None and shipped_encoder_spans("enterprises") is not None, \
        f"run make model and train_spans ({HEAD_FILES['enterprises']})"
    info = json.loads(HEAD_FILES["enterprises"].with_suffix(".json").read_text(encoding="utf-8"))
    assert info["encoder_sha256"] == encoder.graph_sha256()
    assert info["sentences"] > 1000 and any(s.startswith("848-") for s in info["trained_on"])


def test_a_government_body_is_not_a_company(gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Text 779: 重庆市经信委 (a city's commission) is read as a company without the head's veto."""
    text = "据重庆市经信委统计,自去年8月重庆举办首届智博会以来,全市签约的智能产业项目超过800个,占到全市新签工业项目的一半以上。"
    assert "重庆市经信委" not in companies_in(text, gaz)
    monkeypatch.setattr(enterprises, "ORG_ENCODER_VETO", -1.0)
    assert "重庆市经信委" in companies_in(text, gaz)


def test_the_head_adds_a_brand_without_a_legal_form(gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Text 228: 麦开 heads a work's name (麦开食品) with no 集团 or 公司 after it, and the CRF does not read it.
    (Round 22 showed this with text 206's 商汤; since round 40 the company CRF, trained on more text, reads that
    one itself.)"""
    text = ("当天,还有12个项目集中开工,其中经开区本部6个:格特拉克研发中心、中核智能立体停车设备、云嘉汽车零部件、"
            "佳铭特汽车电子、麦开食品、大佑农生物;")
    assert any(name.startswith("麦开") for name in companies_in(text, gaz))
    monkeypatch.setattr(enterprises, "ORG_SPAN_TAGGER", None)
    assert any(name.startswith("麦开") for name in companies_in(text, gaz))
    monkeypatch.setattr(enterprises, "ORG_ENCODER_MIN_SCORE", 2.0)
    assert not any(name.startswith("麦开") for name in companies_in(text, gaz))


def test_a_head_span_must_fit_the_words() -> None:
    """The head reads subword tokens: a span that ends inside a word, holds a clause or a person is no name."""
    text = "欣奕华高端装备项目由李松签约"
    words = [Token(0, 3, "ORG"), Token(3, 5, "n"), Token(5, 7, "n"), Token(7, 9, "n"), Token(9, 10, "p"),
             Token(10, 12, "PER"), Token(12, 14, "v")]
    assert enterprises._fits_words(text, 0, 3, words)
    assert not enterprises._fits_words(text, 0, 4, words)  # 欣奕华高: ends inside 高端
    assert not enterprises._fits_words(text, 9, 12, words)  # 由李松: a person
    assert not enterprises._fits_words(text, 10, 14, words)


def test_both_heads_read_one_encoding(gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The project head and the enterprise head tag the same sentences: each is encoded once."""
    encoder = sentence_encoder()
    assert encoder is not None
    encoded: list[str] = []

    def counted(text: str) -> TokenStates:
        encoded.append(text)
        return SentenceEncoder._states(encoder, text)

    monkeypatch.setattr(encoder, "_cached", lru_cache(maxsize=8)(counted))
    companies_in("合肥市长丰县与比亚迪签订新能源汽车零部件产业园项目,总投资50亿元,建设电池托盘生产线。", gaz)
    assert encoded and len(encoded) == len(set(encoded))
