"""Round 20, investments. A figure grouped by spaces (1 036亿元: dev text 259) or written 1亿8千万元 (text 96);
a district's batch total "15个重大项目…总投资120亿元" is no one work's (dev text 483); in a run "A总投资153亿元、
B总投资80亿元、C…" each name keeps the amount after it (text 142); a count before a colon does not make the
amount after it a total (另外2个项目是:3.2亿元的A项目: text 570); the clause after a name that names the
investor and the sum (…项目,山东高速物流集团有限公司投资10亿元: text 465)."""

from __future__ import annotations

from ingest.quantities import amounts
from ontology import Gazetteer
from tests.text_extraction import project_money


def test_figures_written_in_groups_and_parts() -> None:
    assert [a.wan for a in amounts("包括投资1 036亿元人民币的中国石油油气开发项目")] == [10360000.0]
    assert [a.wan for a in amounts("投资1亿8千万元的华旗10万纱锭纺织项目,投资1亿2000万元的塑料助剂项目")] == [18000.0, 12000.0]


def test_a_batch_of_major_works_is_no_works_amount(gaz: Gazetteer) -> None:
    found = project_money("天心区15个重大项目同步破土,总投资120亿元,其中音视频装备制造基地总投资5亿元。", gaz)
    assert found == {"音视频装备制造基地": 50000.0}


def test_each_name_of_a_run_keeps_the_amount_after_it(gaz: Gazetteer) -> None:
    found = project_money("其中,兴泉铁路泉州段总投资153亿元、南山文化生态园总投资80亿元、龙岩市老工业区搬迁改造工程总投资68亿元、"
                   "榕威纺织科技园总投资66.73亿元、平潭大练海上风电项目总投资55亿元。", gaz)
    assert found["龙岩市老工业区搬迁改造工程"] == 680000.0 and found["平潭大练海上风电项目"] == 550000.0


def test_amounts_after_a_counted_heading(gaz: Gazetteer) -> None:
    found = project_money("旅游商贸类的另外2个项目是:3.2亿元的中俄滨海2号通道铁路能源基地项目、3亿元的北部石材园区铁路物流园建设项目。",
                   gaz)
    assert found.get("中俄滨海2号通道铁路能源基地项目") == 32000.0


def test_an_investor_clause_after_the_name(gaz: Gazetteer) -> None:
    found = project_money("新型复合高分子建筑材料项目,甘肃亿德力建筑有限责任公司投资2.9亿元;小分子健康水生产项目,"
                   "藏域云路科技有限公司投资2亿元。", gaz)
    assert found == {"新型复合高分子建筑材料项目": 29000.0, "小分子健康水生产项目": 20000.0}
