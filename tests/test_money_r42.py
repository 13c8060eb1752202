"""Round-42 money: an amount leading into a work's name through the currency written after the unit
(亿元人民币) or a short aside in brackets ((分二期)). Both sentences are real: texts 531 (dev19) and 199
(holdout9, retired); the guard keeps a longer bracket or a clause from linking an amount to a name."""

from __future__ import annotations

from ingest.quantities import leading_investment
from ontology import Gazetteer
from tests.text_extraction import project_money


def test_the_currency_after_the_unit_and_a_short_aside(gaz: Gazetteer) -> None:
    found = project_money("北京中煤龙化集团投资2.77亿元人民币兴建年产量360万吨选煤厂项目等。", gaz)
    assert found == {"年产量360万吨选煤厂项目": 27700.0}
    found = project_money("2、投资6800万元(分二期)“中华鳖”良种养殖项目;3、投资5800万元的固镇县兴荣木业项目;", gaz)
    assert found == {"“中华鳖”良种养殖项目": 6800.0, "固镇县兴荣木业项目": 5800.0}


def test_the_gap_stays_short() -> None:
    name = "选煤厂项目"
    for lead in ("投资2.77亿元人民币兴建", "投资6800万元(分二期)", "投资6800万元（一期）建设"):
        assert leading_investment(lead + name, len(lead)) is not None, lead
    for lead in ("投资6800万元(其中企业自筹与银行贷款)", "投资6800万元人民币用于偿还贷款和"):
        assert leading_investment(lead + name, len(lead)) is None, lead
