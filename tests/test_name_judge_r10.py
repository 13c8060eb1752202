"""Stretches no work's name can be (round 10, docs/experiments/r10-judge.md): on real sentences of the
development texts of dev12 and dev13 (tests/data/real), the judge vetoes a clause before 项目 (a subject,
then a verb of meeting or planning or an adverb of tense), a phrase led by a time or a policy verb, a
superlative or an ordinal, and a role or a region — and does not veto the keyed work beside it."""

from __future__ import annotations

import pytest

from ingest.extract import extractor_for
from ingest.name_judge import VETO, candidate_features
from ingest.ner import default_tagger
from ontology import Gazetteer

# 249-etuoke-2020-guodian-4gw-new-energy-signing (dev13)
MEETING = "12月18日,鄂托克旗人民政府与国电电力内蒙古新能源开发有限公司在呼和浩特市举行项目签约仪式。"
SUPPORT = "旗人民政府将全力支持项目建设,强化各类要素保障,提供优质高效服务,确保项目早日落地生根、开花结果。"
# 253-heilongjiang-2023-spring-starts-cctv (dev13)
STOCK = "目前,黑龙江省已储备项目1.27万个,总投资2.8万亿元。"
# 261-beijing-2012-western-districts-key-projects (dev13)
PLAN = ("另外,在社会事业和民生保障领域,今年计划竣工项目包括:门头沟区学前教育第一批工程,石景山区第三幼儿园,"
        "石景山医院医疗楼扩建,良乡体育中心一期,门头沟区老年社会福利中心。")
REGION = "北京西部地区涉及石景山、门头沟、丰台河西地区、房山,产业发展还依托首钢、京煤集团等国有大型企业。"
# 254-xizang-2019-xinhua-key-works-feature (dev13)
FIRST = "国家“十三五”规划重点工程项目拉林铁路是西藏首条电气化铁路。"
# 262-xinjiang-2022-jan-oct-key-industry-projects (dev13)
EVA = "天利高新20万吨/年EVA项目是新疆首套EVA项目,也是自治区重点产业项目之一。"
# 236-tianjin-hitech-zone-2024-wic-seven-signings (dev13)
SUPPLIER = ("据了解,中海油田服务股份有限公司(COSL)是全球最具规模的综合型油田服务供应商,注册地在天津市滨海高新区,"
            "隶属于中国海洋石油集团有限公司。")
# 223-huangzhou-2025-huaneng-350mw-signing-base-start (dev12)
DEVELOP = ("该项目计划总投资约 2.1 亿元,将建设新能源总部办公楼、仓储基地以及光伏玻璃组件、支架桥架型材配套加工制造基地,"
           "并续建渔光互补光伏项目,发展分布式光伏项目。")


def _features(text: str, name: str, gaz: Gazetteer) -> dict[str, float]:
    """The judge's features of the first occurrence of `name` in `text`, as the ingest path computes them."""
    start = text.index(name)
    words = default_tagger().tokens([text])[0]
    return candidate_features(text, start, start + len(name), "tagger", words, extractor_for(gaz).find(text),
                              None, False, True)


@pytest.mark.parametrize(("text", "name"), [(MEETING, "呼和浩特市举行项目"), (SUPPORT, "旗人民政府将全力支持项目"),
                                            (STOCK, "黑龙江省已储备项目")])
def test_a_clause_before_its_project_word_is_never_a_work(text: str, name: str, gaz: Gazetteer) -> None:
    assert VETO in _features(text, name, gaz)


@pytest.mark.parametrize(("text", "name"), [(PLAN, "今年计划竣工项目"), (DEVELOP, "发展分布式光伏项目")])
def test_a_phrase_led_by_a_time_or_a_policy_verb_is_never_a_work(text: str, name: str, gaz: Gazetteer) -> None:
    assert VETO in _features(text, name, gaz)


def test_a_superlative_or_an_ordinal_is_never_a_work(gaz: Gazetteer) -> None:
    assert VETO in _features(FIRST, "西藏首条电气化铁路", gaz)
    assert VETO in _features(EVA, "新疆首套EVA项目", gaz)
    assert VETO not in _features(EVA, "天利高新20万吨/年EVA项目", gaz)  # the work it describes is weighed as before


def test_a_role_or_a_region_is_never_a_work(gaz: Gazetteer) -> None:
    assert VETO in _features(SUPPLIER, "综合型油田服务供应商", gaz)
    assert VETO in _features(REGION, "丰台河西地区", gaz)


@pytest.mark.parametrize(("text", "name"), [(PLAN, "门头沟区学前教育第一批工程"), (PLAN, "良乡体育中心一期"),
                                            (PLAN, "门头沟区老年社会福利中心")])
def test_a_keyed_work_is_not_vetoed(text: str, name: str, gaz: Gazetteer) -> None:
    assert VETO not in _features(text, name, gaz)
