"""Round 28, errors of the fresh holdouts 38 and 39 fixed after they were read (so not measured blind): a clause
of progress or size is no work's name (texts 1122, 1123), and the amount it stood before goes to the work the
sentence names; a province's "hundred works" are a programme (text 1121)."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import project_money


def test_a_clause_of_progress_is_no_name(gaz: Gazetteer) -> None:
    found = project_money("云图控股松滋基地35万吨电池级磷酸铁及配套项目正有序推进中,其中一期5万吨磷酸铁已进入试生产阶段。", gaz)
    assert "云图控股松滋基地35万吨电池级磷酸铁及配套项目" in found
    assert not any("已进入" in name for name in found)


def test_a_sites_size_is_no_name_and_leaves_the_amount_to_the_work(gaz: Gazetteer) -> None:
    found = project_money("其中科大讯飞人工智能研发生产基地项目位于合肥高新区,基地规划占地876亩,总投资100亿元。", gaz)
    assert found == {"科大讯飞人工智能研发生产基地项目": 1_000_000.0}


def test_a_provinces_hundred_works_are_a_programme(gaz: Gazetteer) -> None:
    found = project_money("9个省单独考核项目,年度目标任务80.5亿元,累计完成投资48.7亿元,占年计划的60.6%。"
                          "其中6省百大产业项目,年度目标任务74亿元,累计完成投资45.7亿元,占年计划的61.8%。", gaz)
    assert not any("百大" in name for name in found)
