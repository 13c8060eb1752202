"""Enterprises from text: the real LAC model plus suffix rules, one node per
company across its forms, the place in its name, and its role in projects."""

from __future__ import annotations

from graph.models import GraphBatch
from ingest.enterprises import _brand_tail_words, core_name, resolve
from ingest.extract import extractor_for
from ingest.industry_terms import longest_tail
from ingest.ner import LacTagger, NoTagger
from ingest.policy import policy_batch
from ontology import Gazetteer
from tests.conftest import ROOT


def test_lac_model_loads_from_the_wheel_and_tags_organisations() -> None:
    text = "项目甲方代表山西晋城钢铁控股集团有限公司、临汾万鑫达焦化有限责任公司负责人先后发言"
    spans = LacTagger().organisations([text, "", "山西彤顺源、顶吉共投资1.3亿元"])
    assert [text[a:b] for a, b in spans[0]] == ["山西晋城钢铁控股集团有限公司", "临汾万鑫达焦化有限责任公司"]
    assert spans[1] == []


def test_forms_of_one_company_resolve_to_one_node(gaz: Gazetteer) -> None:
    ex = extractor_for(gaz)
    ids = {resolve(n, gaz, ex).id for n in ("山西华科新材料有限公司", "华科新材料", "山西华科新材料集团")}
    assert ids == {"enterprise:华科新材料"}
    assert resolve("山西晋南钢铁集团有限公司", gaz, ex).known  # the gazetteer's 晋南钢铁
    assert core_name("临汾染化集团", ex) == "临汾染化"  # a two-character core keeps its place


def _batch(text: str, gaz: Gazetteer, tagger: LacTagger | NoTagger) -> GraphBatch:
    return policy_batch("doc:t", text, {}, gaz, extractor_for(gaz), tagger=tagger)


def test_roles_places_and_groups(gaz: Gazetteer) -> None:
    batch = _batch("洪洞县人民政府与山西华科新材料有限公司签订年产5万吨碳纤维项目。"
                   "包括：国电霍州发电厂2×60万千瓦发电项目。", gaz, LacTagger())
    roles = {(e.src, e.props["role"]) for e in batch.edges.values() if e.type == "PARTY_TO"}
    assert ("enterprise:华科新材料", "signing_party") in roles
    assert {("enterprise:国电霍州发电厂", "owner"), ("enterprise:国电", "owner")} <= roles
    assert ("enterprise:华科新材料", "LOCATED_IN", "region:14") in batch.edges
    names = {n.props["name"] for n in batch.nodes.values() if n.label == "Enterprise"}
    assert "洪洞县人民政府" not in names


def test_suffix_rules_work_without_the_model(gaz: Gazetteer) -> None:
    batch = _batch("引进洪洞舜风煤业，启动了投资7.8亿元人祖山开发工程。", gaz, NoTagger())
    owners = {e.src for e in batch.edges.values() if e.type == "PARTY_TO" and e.props["role"] == "owner"}
    assert owners == {"enterprise:舜风煤业"}


def test_bureaus_verbs_and_investor_short_names(gaz: Gazetteer) -> None:
    batch = _batch("洪洞县发改局：同意临汾华瑞纸业有限公司在大槐树镇合资设立山西华瑞新材料有限公司。"
                   "签约的有总投资5.5亿元的苏州超邦涂料年产4.5万吨功能涂料项目。", gaz, NoTagger())
    names = {n.props["name"] for n in batch.nodes.values() if n.label == "Enterprise"}
    assert names == {"临汾华瑞纸业有限公司", "山西华瑞新材料有限公司", "苏州超邦涂料"}


def test_an_industry_term_heading_a_name_is_no_brand(gaz: Gazetteer) -> None:
    """Runs of characters jieba does not know head real names: a brand (科多) or a planning term
    the industry classification lists (康养, 储气, 副产 of 副产氢), which is none."""
    batch = _batch("洪洞县广胜寺景区提档升级项目、安泽县府城镇康养旅居项目相继开工；永和储气设施项目正在开展场地平整。"
                   "本次祁东县集中开工的9个产业项目为科多供电生产线项目、广裕橡塑汽丰泡棉项目。", gaz, LacTagger())
    names = {n.props["name"] for n in batch.nodes.values() if n.label == "Enterprise"}
    # text 20's key writes the company 科多供电 or 科多; since round 40 the company CRF reads the shorter
    assert names & {"科多供电", "科多"} and not names & {"康养", "储气"}


def test_a_core_of_business_words_keeps_its_place(gaz: Gazetteer) -> None:
    """Real owners of the sample lists: two counties' 新能源 companies are two nodes."""
    ex = extractor_for(gaz)
    assert core_name("山西汾西新能源有限公司", ex) == "汾西新能源"
    assert core_name("临汾市国有资本投资运营有限公司", ex) == "临汾市国有资本投资运营"
    assert core_name("吉县晋风新能源有限公司", ex) == "晋风新能源"  # a brand: the place goes
    assert resolve("山西汾西新能源有限公司", gaz, ex).id != resolve("山西古岳新能源有限公司", gaz, ex).id


def test_longest_tail_matches_a_scan_of_every_word() -> None:
    """The suffix look-up gives what testing every brand-tail word gave, on pieces of the real texts."""
    vocab = _brand_tail_words()
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/data/real").glob("*.md")))
    found = 0
    for start in range(0, len(text) - 16, 37):
        for size in (2, 5, 9, 14):
            piece = text[start:start + size]
            for keep in (0, 2):
                scan = max((w for w in vocab if piece.endswith(w) and len(piece) - len(w) >= keep), key=len,
                           default=None)
                assert longest_tail(piece, vocab, keep) == scan, (piece, keep)
                found += scan is not None
    assert found > 100


def test_lac_running_past_the_taggers_name_gives_way(gaz: Gazetteer) -> None:
    """Real list sentences (texts 1183 and 38): LAC reads 正泰光储 and 仪电智算 as organisations, the learned
    taggers 正泰 and 仪电 — the head of a work's name, not the work's own words, is the owner; a name both
    LAC and a tagger end at one place is not cut back to jieba's 科第 (莱宝高科, not 莱宝高)."""
    batch = _batch("区级项目包括G60卫星互联网、正泰光储一体化智能制造基地、迪爱斯智能设备研发生产基地等。"
                   "市级项目包括超硅半导体、仪电智算中心、陕煤研究院总部研发基地等。"
                   "总投资150亿元的莱宝高科第8.6代新型半导体显示器件等在谈项目推进签约。", gaz, LacTagger())
    names = {n.props["name"] for n in batch.nodes.values() if n.label == "Enterprise"}
    assert {"正泰", "仪电", "莱宝高科", "迪爱斯"} <= names
    assert not names & {"正泰光储", "仪电智算", "莱宝高"}
