"""Where a project's name starts and ends, by Chinese syntax rather than by one text's words:
shown on real sentences of the development texts (tests/data/real, part A of round 7), with the
rules alone (the learned tagger and judge off), so what is asserted is the mechanism."""

from __future__ import annotations

import pytest

from ingest import project_phrases
from ontology import Gazetteer
from tests.text_extraction import sentence_project_names


@pytest.fixture
def rules_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project_phrases, "JUDGE_ON", False)
    monkeypatch.setattr(project_phrases, "TAGGER_MODE", "off")




@pytest.mark.usefixtures("rules_alone")
def test_a_copula_or_existential_verb_introduces_names_and_starts_none(gaz: Gazetteer) -> None:
    # 43-huainan-jkq-2018-signings: 主要有|…, 分别为|…
    names = sentence_project_names("1-8月份跟踪在谈项目累计40,拟投资总额约150亿元人民币。主要有微型光纤放大器及其核心激光器"
                   "产业化基地项目、陕汽重卡汽车零配件产业园等;处于协议起草阶段的项目8个,分别为轴承锻件车件生产项目、"
                   "年产400吨薄荷脑生产项目等。", gaz)
    assert "微型光纤放大器及其核心激光器产业化基地项目" in names
    assert "轴承锻件车件生产项目" in names
    assert not any(n.startswith(("有", "分别", "为")) for n in names)


@pytest.mark.usefixtures("rules_alone")
def test_a_conjunction_joins_names_and_starts_none(gaz: Gazetteer) -> None:
    # 34-ruicheng-2020-second-batch-starts: …第二批集中开工暨|标准化厂房建设项目开工仪式
    names = sentence_project_names("3月13日,芮城县举行了“三十项重点工程”第二批集中开工暨标准化厂房建设项目开工仪式", gaz)
    assert not any(n.startswith("暨") for n in names)
