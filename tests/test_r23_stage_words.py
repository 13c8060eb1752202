"""A work's stage or contract written right after its name (…场地平整, …安装工程, …可研) and the words that
lead into a name without being a verb the model tags (投运|…, 也有|…, 一馆指|…) are no part of the name
(round 23). Real sentences of the keyed texts (tests/data/real)."""

from __future__ import annotations

import pytest

from ingest import project_phrases
from ingest.extract import extractor_for
from ingest.name_judge import recording
from ingest.ner import default_tagger
from ingest.project_phrases import find_project_phrases
from ingest.quantities import capacity_in
from ontology import Gazetteer

# 818-yunnan-q1-five-networks-progress…: a runway's site works, then a second work
RUNWAY = "兰坪通用机场施工进入收尾阶段,昆明机场东二跑道场地平整、丽江机场改扩建等项目启动实施"
# 270-shandong-2020-work-report…: 投运 leads into an airport the year's report lists
AIRPORT = "力争开工建设济南机场二期、济宁机场迁建,投运青岛胶东国际机场、菏泽机场。"
# 121-changde-2017-ppp…: 也有 leads into the second list of a sentence
ALSO = ("其中既有安慈高速、江北城区棚户区改造工程等13个民生及基础设施项目,也有石墨烯新材料产业基地、"
        "粤港光电模块半导体产业园等7个投资过10亿元的产业项目。")
# 820-hunan-2022-529…: the parts a text explains with 指
PARTS = "其中一馆指中国健康医疗大数据展示馆、一院指国家健康医疗大数据研究院"


def _candidates(text: str, gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Every name the sentence yields: the candidates the judge would weigh, and those kept unjudged (parts)."""
    monkeypatch.setattr(project_phrases, "JUDGE_ON", False)
    words = default_tagger().tokens([text])[0]
    with recording() as rows:
        kept = find_project_phrases(text, extractor_for(gaz).find(text), gaz, words)
    return {r.name for r in rows} | {p.name for p in kept}


@pytest.mark.parametrize(("text", "name", "noise"), [
    (RUNWAY, "昆明机场东二跑道", "场地平整"),
    (AIRPORT, "青岛胶东国际机场", "投运"),
    (ALSO, "石墨烯新材料产业基地", "也有"),
    (PARTS, "中国健康医疗大数据展示馆", "指"),
])
def test_stage_and_lead_words_are_cut_off(text: str, name: str, noise: str, gaz: Gazetteer,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    if project_phrases.SPAN_TAGGER is None:
        pytest.skip("the project tagger is not built")
    names = _candidates(text, gaz, monkeypatch)
    assert name in names
    assert not any(noise in n and name in n for n in names)


def test_stage_words_a_keyed_name_ends_with_stay() -> None:
    """改扩建, 迁建 and 建设 end keyed names (丽江机场改扩建, 济宁机场迁建): not cut."""
    for name in ("丽江机场改扩建", "济宁机场迁建", "三门峡市沿黄生态廊道建设", "清澜大桥主体工程"):
        assert project_phrases._STAGE_TAIL.search(name) is None
    assert project_phrases._STAGE_TAIL.search("万州五桥机场T2航站楼安装工程").group(0) == "安装工程"
    assert project_phrases._STAGE_TAIL.search("厦门海辰西南智能制造中心及研发中心项目一期一标段主体施工").group(0) == \
        "一标段主体施工"


# 827-shuozhou-2024-transformation-briefing…: works a planning verb (推动) leads, each with its size
SIZED = ("建设大容量高参数、先进环保高效煤电机组,推动平朔安太堡2×35万千瓦低热值煤电项目投运、华能山阴2×100万千瓦煤电项目开工,"
         "已建成运营煤电装机1116.5万千瓦。")


def test_a_planned_work_with_its_size_is_one_work(gaz: Gazetteer) -> None:
    words = default_tagger().tokens([SIZED])[0]
    names = [p.name for p in find_project_phrases(SIZED, extractor_for(gaz).find(SIZED), gaz, words)]
    assert "平朔安太堡2×35万千瓦低热值煤电项目" in names
    assert capacity_in("重点谋划绿色煤炭项目") is None  # a kind with no size stays a kind
