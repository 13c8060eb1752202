"""Round 11, the policy genre (docs/extraction-quality.md, "Round 11"): the rules' candidates on real
sentences of plans. Named works listed before 等 and a kind of work (…等铁路建设, …等城际铁路) are
each a candidate, as before 等项目; a 、-list of named mountains before one work is one project across
them, while "黄河、汾河等…治理项目" (with 等) names a kind. Candidates only: the learned judge, whose
weights move with every retrain, decides which are kept (the guidance's own test checks that path)."""

from __future__ import annotations

from ingest import project_phrases
from ingest.extract import extractor_for
from ingest.ner import default_tagger
from ontology import Gazetteer

# 289-jiangsu-2021-transport-plan-river-crossings (dev14)
RAIL = ("在继续加快南沿江城际、宁淮城际、沪苏湖等铁路建设的同时,重点推进都市圈城际铁路和市域市郊铁路建设,"
        "开工建设北沿江高铁、通苏嘉甬铁路、盐泰锡常宜铁路等项目,加速形成南京都市圈、苏锡常都市圈1小时通勤网。")
# the bundled guidance (data/docs/linfen-2023-shuangcheng-guidance.md)
BARRIER = ("加大生态环境联防联控力度，在生态环保方面，谋划实施中条山、吕梁山、太行山生态屏障修复治理项目，"
           "黄河、汾河等跨市域流域治理项目，两市空气质量联合预警信息化建设等项目。")


def _candidates(text: str, rule: str, gaz: Gazetteer) -> list[str]:
    """The names one rule of project_phrases proposes for `text`, before any judging."""
    words = default_tagger().tokens([text])[0]
    mentions = extractor_for(gaz).find(text)
    rules = dict(project_phrases.RULES) | {"sites": project_phrases._site_lists}
    return [p.name for p in rules[rule](text, mentions, gaz, words)]


def test_works_listed_before_a_kind_of_line_are_candidates(gaz: Gazetteer) -> None:
    names = _candidates(RAIL, "etc", gaz)
    assert {"宁淮城际", "沪苏湖"} <= set(names)  # "…、沪苏湖等铁路建设": the examples are works
    assert {"北沿江高铁", "通苏嘉甬铁路", "盐泰锡常宜铁路"} <= set(names)  # before 等项目, as always
    assert not any("都市圈" in n or "市郊铁路" in n for n in names)  # no 等: kinds of railway, not works


def test_named_mountains_before_one_work_are_one_project(gaz: Gazetteer) -> None:
    names = _candidates(BARRIER, "sites", gaz)
    assert names == ["中条山、吕梁山、太行山生态屏障修复治理项目"]  # not 黄河、汾河等… (a kind, with 等)
