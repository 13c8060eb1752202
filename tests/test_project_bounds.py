"""Boundary errors of project names (round 8b, docs/experiments/r8b-bounds.md): a phrase that joins two
names at 以及/和 offers its two pieces, on real sentences of the development texts (tests/data/real)."""

from __future__ import annotations

import pytest

from ingest import project_phrases
from ingest.extract import extractor_for
from ingest.name_judge import recording
from ingest.ner import default_tagger
from ingest.project_phrases import _conjoined_pieces, find_project_phrases
from ontology import Gazetteer

# 66-hunan-2017-provincial-key-projects: a list of parts after 包括, one item two names joined by 以及
PARTS = ("重点围绕高端装备制造、新材料、电子信息等十三大重点领域,包括长沙高新区新开工建设中联智慧产业城(一期)、"
         "桑德集团新能源汽车产业园以及年产6万台新能源乘用车新基地项目建设。")
# 84-jixian-2025-project-inspection: a project's site (…项目现场) and the next project joined by 和
SITES = ("在生态护坡蜂格网项目现场和2025年高标准农田项目生态护坡蜂格网施工现场,栾伟江仔细询问企业项目建设进度、"
         "设备安装调试情况、投产时间节点以及投产后的产能、市场前景等情况,实地查看了蜂格网实际施工应用情况。")


def _pieces(text: str) -> list[str]:
    return [text[s:e] for s, e in _conjoined_pieces(text, 0, len(text))]


def test_a_conjunction_after_a_finished_name_joins_two_names() -> None:
    assert _pieces("桑德集团新能源汽车产业园以及年产6万台新能源乘用车新基地项目") == [
        "桑德集团新能源汽车产业园", "年产6万台新能源乘用车新基地项目"]
    assert _pieces("生态护坡蜂格网项目现场和2025年高标准农田项目") == ["生态护坡蜂格网项目", "2025年高标准农田项目"]
    # one name: 及 is left whole, and 和 after no finished name joins what one project builds
    assert _pieces("奇瑞未来一工厂及发动机项目") == []
    assert _pieces("城乡供水和污水处理项目") == []


def test_the_parts_of_a_list_are_cut_at_the_conjunction(gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project_phrases, "JUDGE_ON", False)
    monkeypatch.setattr(project_phrases, "TAGGER_MODE", "off")
    words = default_tagger().tokens([PARTS])[0]
    names = [p.name for p in find_project_phrases(PARTS, extractor_for(gaz).find(PARTS), gaz, words)]
    assert "桑德集团新能源汽车产业园" in names
    assert not any("以及" in n for n in names)


def test_the_judge_sees_both_pieces_as_variants(gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    if project_phrases.SPAN_TAGGER is None:
        pytest.skip("the project tagger is not built")
    monkeypatch.setattr(project_phrases, "JUDGE_ON", False)  # recording: every candidate the judge would see
    words = default_tagger().tokens([SITES])[0]
    with recording() as rows:
        find_project_phrases(SITES, extractor_for(gaz).find(SITES), gaz, words)
    assert {"生态护坡蜂格网项目", "2025年高标准农田项目"} <= {r.name for r in rows}
    # the pieces as variants themselves (the judge keeps the first source of a boundary it sees twice)
    phrase = next(p for p in project_phrases._news_runs(SITES, extractor_for(gaz).find(SITES), gaz, words))
    variants = project_phrases._variants(SITES, [phrase], extractor_for(gaz).find(SITES), gaz, words)
    assert {"生态护坡蜂格网项目", "2025年高标准农田项目"} <= {v.name for v in variants if v.source == "split"}
