"""Round 12 (docs/extraction-quality.md, "Round 12"): lists a plan itself calls works. Items before
等规划项目/等铁路/… are candidates even when a planning verb (推动, 谋划…) leads the list, and an
abbreviated line the NER reads as a person's name (宁宣黄) is not vetoed there; a rule phrase with an
unclosed bracket is no name. Real sentences of dev14 texts."""

from __future__ import annotations

from ingest import name_judge, project_phrases
from ingest.extract import extractor_for
from ingest.ner import default_tagger
from ontology import Gazetteer

# 284-yangtze-delta-2019-outline-rail-works (dev14)
PLANNED_RAIL = ("推动北沿江高铁、沿江高铁武合宁通道、沪通铁路二期、沪苏湖、通苏嘉甬、杭临绩、沪乍杭、合新、镇宣、宁宣黄、"
                "宁扬宁马等规划项目开工建设。")
# the same list before a bare 等项目 under a planning verb stays a list of kinds (as round 11 left it)
PLANNED_KINDS = "重点谋划绿色煤炭、绿色焦化、绿色钢铁等项目。"
# 287-anhui-yangtze-economic-belt-implementation-opinions (dev14): a note in brackets cut by the news rule
BRACKET = ("将合肥港建成内陆地区重要的集装箱(集装箱项目可行性研究报告)中转枢纽港和江淮航运中心,"
           "将蚌埠港建成沿淮地区航运枢纽。")


def _etc(text: str, gaz: Gazetteer) -> list[str]:
    words = default_tagger().tokens([text])[0]
    return [p.name for p in project_phrases._listed_before_etc(text, extractor_for(gaz).find(text), gaz, words)]


def test_a_planning_verb_does_not_make_listed_works_kinds(gaz: Gazetteer) -> None:
    names = _etc(PLANNED_RAIL, gaz)
    assert {"北沿江高铁", "沿江高铁武合宁通道", "沪通铁路二期", "宁宣黄", "宁扬宁马"} <= set(names)
    assert _etc(PLANNED_KINDS, gaz) == []


def test_an_abbreviated_line_in_a_works_list_is_not_vetoed_as_a_person(gaz: Gazetteer) -> None:
    text = PLANNED_RAIL
    words = default_tagger().tokens([text])[0]
    start = text.index("宁宣黄")
    end = start + len("宁宣黄")
    assert any(w.tag == "PER" and w.end == end for w in words)  # what the NER reads it as
    mentions = extractor_for(gaz).find(text)
    listed = name_judge.candidate_features(text, start, end, "etc", words, mentions, None, False, False)
    tagged = name_judge.candidate_features(text, start, end, "tagger", words, mentions, None, False, False)
    assert name_judge.VETO not in listed and name_judge.VETO in tagged


def test_rule_phrases_with_an_unclosed_bracket_are_dropped(gaz: Gazetteer) -> None:
    text = BRACKET
    words = default_tagger().tokens([text])[0]
    names = [p.name for p in project_phrases.find_project_phrases(text, extractor_for(gaz).find(text), gaz, words)]
    assert not any(n.count("(") != n.count(")") for n in names)

# 348-hebei-2023-transport-power-plan-xiongan-works (dev15)
XIONGAN = ("方案提出,河北将发挥雄安新区“四纵三横”高速公路网效益,今年推动开工建设京雄高速公路二期;推进京德、荣乌新线高速公路"
           "二期和京武高速公路尽早开工建设;利用干线路网,谋划雄安新区至黄骅港出海通道;推动构建“四纵两横”高速铁路网,配合推动"
           "雄安新区至北京大兴国际机场快线和雄商、雄忻高铁加快建设,支持做好石雄城际铁路前期工作。")
CHANNEL = "推动环淀路体系建设,推进白洋淀内河航道规划建设及现有码头、渡口改造提升。"


def test_works_named_as_objects_of_building_verbs_are_candidates(gaz: Gazetteer) -> None:
    words = default_tagger().tokens([XIONGAN])[0]
    names = [p.name for p in project_phrases._verb_objects(XIONGAN, extractor_for(gaz).find(XIONGAN), gaz, words)]
    assert {"京雄高速公路二期", "荣乌新线高速公路二期", "京武高速公路", "雄安新区至北京大兴国际机场快线", "雄忻高铁",
            "石雄城际铁路"} <= set(names)  # stage words (尽早开工建设, 加快建设, 前期工作) and 和 cut off
    assert not any("四纵" in n or "高速铁路网" in n for n in names)  # a network is not a work's head
    words = default_tagger().tokens([CHANNEL])[0]
    names = [p.name for p in project_phrases._verb_objects(CHANNEL, extractor_for(gaz).find(CHANNEL), gaz, words)]
    assert "白洋淀内河航道" in names and not any("规划建设" in n for n in names)
    assert project_phrases._verb_objects(CHANNEL, extractor_for(gaz).find(CHANNEL), gaz, ()) == []  # unjudged: none

