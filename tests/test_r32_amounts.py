"""Round 32: a clause later in a sentence about one work that states the whole work's investment ("整体项目投资近2.3
亿元", held-out 1322) gives that work its amount, as "项目总投资…" does; before, 整体 kept the clause from being read."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import project_money


def test_the_whole_works_amount_stated_later_is_its_own(gaz: Gazetteer) -> None:
    found = project_money("临汾富晟汽车科技有限公司轻量化汽车饰件工厂项目位于侯马经济开发区,项目建设规模约1.7万平方米,"
                          "已于2021年8月开工,预计今年9月末完工,整体项目投资近2.3亿元。", gaz)
    assert found == {"临汾富晟汽车科技有限公司轻量化汽车饰件工厂项目": 23000.0}
