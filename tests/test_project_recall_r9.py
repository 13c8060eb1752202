"""Project names the rules never proposed (round 9, docs/experiments/r9-recall.md), on real sentences of the
development texts (tests/data/real): a work named after a descriptive dash, a work finished with an adverb
before its verb, and a list whose first item follows a group heading (…重点工程中|A、B等21个项目)."""

from __future__ import annotations

import pytest

from ingest import project_phrases
from ingest.extract import extractor_for
from ingest.ner import default_tagger
from ingest.project_phrases import find_project_phrases
from ontology import Gazetteer

# 103-peoples-daily-2024-transport-works and 68-cctv-2023-key-works-speed-up: dash appositives
CANAL = "广西钦州市,西部陆海新通道骨干工程——平陆运河施工繁忙,截至2月18日累计完成土石方开挖约1.66亿立方米;"
BRIDGE = ("江苏常州市,世界最大跨度公铁两用斜拉桥——常泰长江大桥建设繁忙,全力冲刺4月底主航道桥边跨钢梁合龙……"
          "开年以来,一批交通重大工程项目进展顺利,交通有效投资持续扩大。")
ADIT = "在云南大理,滇中引水工程大理段控制性工程之一——板凳山1号支洞下游正洞掘进已突破3000米。"
# 68-cctv-2023-key-works-speed-up and 87-jianping-2018-work-report: a finished work, an adverb before the verb
TUNNEL = "全长13.6公里的太康隧道日前贯通,作为沿线高风险隧道,太康隧道的贯通为后续无砟轨道的施工奠定了基础。"
CENTRE = "牛河梁开发区大力推进景区改造和展陈提升,红山文化研究中心初步投入使用。"
# 102-donghai-2020-liangzhong-yishi: each list is headed by its group (…工程中)
GROUPS = ("75个“两重一实”项目中,已开复工50个项目,其中22个重大产业项目中现代农业物流园、嘉钢精密等14个项目,"
          "33个重点工程中东海大道、港城路北延、县人民医院迁建等21个项目,20件为民办实事中新型农村社区建设、"
          "“四好农村路”提升改造等15个项目已复工,累计完成投资9.19亿元。")


def _rule_names(text: str, gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The rules' names alone (no tagger, no judge): what the rules propose to the judge."""
    monkeypatch.setattr(project_phrases, "JUDGE_ON", False)
    monkeypatch.setattr(project_phrases, "TAGGER_MODE", "off")
    words = default_tagger().tokens([text])[0]
    return [p.name for p in find_project_phrases(text, extractor_for(gaz).find(text), gaz, words)]


@pytest.mark.parametrize(("text", "name"), [(CANAL, "平陆运河"), (BRIDGE, "常泰长江大桥"), (ADIT, "板凳山1号支洞")])
def test_a_work_named_after_a_descriptive_dash(text: str, name: str, gaz: Gazetteer,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    names = _rule_names(text, gaz, monkeypatch)
    assert name in names
    assert not any("——" in n for n in names)


def test_a_dash_without_construction_names_nothing() -> None:
    """The dash names a work only when its clause reports construction."""
    assert project_phrases._APPOSED.search("——常泰长江大桥风景优美") is None
    assert project_phrases._APPOSED.search("——常泰长江大桥建设繁忙") is not None


@pytest.mark.parametrize(("text", "name"), [(TUNNEL, "太康隧道"), (CENTRE, "红山文化研究中心")])
def test_a_work_finished_with_an_adverb_before_its_verb(text: str, name: str, gaz: Gazetteer,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    assert name in _rule_names(text, gaz, monkeypatch)


def test_the_first_item_of_a_list_starts_after_its_group_heading(gaz: Gazetteer,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    names = _rule_names(GROUPS, gaz, monkeypatch)
    assert "东海大道" in names
    assert not any("工程中" in n or "项目中" in n for n in names)


def test_the_shipped_path_keeps_the_dash_and_finished_works(gaz: Gazetteer) -> None:
    """Through the judge (the shipped path), the works the rules now propose are kept."""
    if project_phrases.SPAN_TAGGER is None or project_phrases.NAME_JUDGE is None:
        pytest.skip("the project tagger or judge is not built")
    kept = set()
    for text in (CANAL, BRIDGE, TUNNEL):
        words = default_tagger().tokens([text])[0]
        kept |= {p.name for p in find_project_phrases(text, extractor_for(gaz).find(text), gaz, words)}
    assert {"平陆运河", "常泰长江大桥", "太康隧道"} <= kept
