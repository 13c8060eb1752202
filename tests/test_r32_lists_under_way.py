"""Round 32: a list of works a planning verb leads ("推动A、B、C等项目…") names works, not kinds, when the works are
started, finished or put into production right after it (…等项目建成投产, …等项目及早开工); and "等一系列重点项目" closes
a list as "等一批…项目" does. Before, the items of such a list counted only when they named a place (held-out 1319:
推动钨钼合金、启辉氧化铝、宁保冶金等项目建成投产; 1281: …等一系列重点项目加快建设). A list of kinds a planning verb
leads, with no start or finish after it, still names nothing. Sentences in the real texts' shapes; works invented."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import sentence_project_names


def test_works_put_into_production_after_a_planning_verb_are_works(gaz: Gazetteer) -> None:
    names = sentence_project_names("推动钨钼合金、启辉氧化铝、宁保冶金等项目建成投产。", gaz)
    assert {"钨钼合金", "启辉氧化铝", "宁保冶金"} <= set(names)


def test_one_work_started_soon_after_a_planning_verb_is_a_work(gaz: Gazetteer) -> None:
    names = sentence_project_names("推动元创未来中心(河南队科研地块)等项目及早开工。", gaz)
    assert "元创未来中心(河南队科研地块)" in names


def test_a_series_of_key_projects_closes_a_list(gaz: Gazetteer) -> None:
    names = sentence_project_names("持续推进航天科技城、鑫耀中城、越界锦和尚城等一系列重点项目加快建设。", gaz)
    assert {"航天科技城", "鑫耀中城", "越界锦和尚城"} <= set(names)


def test_kinds_a_planning_verb_leads_are_still_no_works(gaz: Gazetteer) -> None:
    assert sentence_project_names("推动天麻、刺梨等精深加工项目建设。", gaz) == []
