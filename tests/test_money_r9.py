"""Round-9 money mechanisms: the ways a news text writes one project's investment that the earlier
rounds missed (":总投资", ",协议投资", "5个亿", "5,000万元", "(5亿元)", "分别为…"), and the batch
guards they must keep. Two sentences are real (dev texts 20 and 100); the others are made up in the
style of start and signing news, with invented names."""

from __future__ import annotations

from ingest.quantities import amounts, attach_investments, referred_after
from ontology import Gazetteer
from tests.text_extraction import project_money

A, B = "城南污水处理厂项目", "白地风电场项目"


def _of(found: dict[str, float | None], name: str) -> float | None:
    return next(v for k, v in found.items() if k.endswith(name))


def test_news_speech_and_thousands_separators_are_read() -> None:
    assert [a.wan for a in amounts("总投资5个亿,")] == [50000.0]
    # "28个亿元项目" counts projects of 亿元 each (dev text 100): no amount of 28亿
    assert all(a.wan != 280000.0 for a in amounts("总投资46.3亿元的28个亿元项目现场集中签约"))
    text = f"{A},总投资5,000万元。"
    assert referred_after(text, len(A), len(text), alone=True) == 5000.0  # the comma inside the figure is no break


def test_a_clause_after_the_name_that_opens_with_any_investment_word(gaz: Gazetteer) -> None:
    assert _of(project_money(f"祁东县{A}：总投资5亿元。", gaz), A) == 50000.0
    assert _of(project_money(f"祁东县{A},协议投资5亿元。", gaz), A) == 50000.0
    assert _of(project_money(f"祁东县{A},耗资近20亿元。", gaz), A) == 200000.0
    assert _of(project_money(f"祁东县{A},固定资产投资5亿元。", gaz), A) == 50000.0


def test_the_widened_lead_stops_at_batches_and_lists() -> None:
    # real (dev text 20): the amount after "等9个产业项目集中开工" is the nine projects' total
    text = ("3月3日,2020年祁东县产业项目集中开工仪式在归阳工业园举行,祁东县科多供电母线及管道生产线等9个产业项目"
            "集中开工,总投资达26.5亿元。")
    name = "祁东县科多供电母线及管道生产线"
    start = text.index(name)
    assert attach_investments(text, [(start, start + len(name))], [None]) == [None]
    # a list's last name does not take the list's agreement total
    text = f"{A}、{B},协议投资10亿元。"
    assert attach_investments(text, [(0, len(A)), (len(A) + 1, len(A) + 1 + len(B))], [None, None]) == [None, None]
    # only the clause right after the name's own: further on an amount must refer back (项目总投资…)
    text = f"{A}开工,县长出席,投资5亿元的产业园同步推进。"
    assert referred_after(text, len(A), len(text), alone=True) is None


def test_bracketed_and_distributed_amounts(gaz: Gazetteer) -> None:
    found = project_money(f"祁东县{A}(5亿元)、祁东县{B}(3亿元)开工。", gaz)
    assert (_of(found, A), _of(found, B)) == (50000.0, 30000.0)
    found = project_money(f"祁东县{A}和祁东县{B},总投资分别为5亿元和3亿元。", gaz)
    assert (_of(found, A), _of(found, B)) == (50000.0, 30000.0)
    # 分别 with fewer amounts than names: none of them is any one name's
    text = f"{A}和{B}总投资分别达5亿元。"
    spans = [(0, len(A)), (len(A) + 1, len(A) + 1 + len(B))]
    assert attach_investments(text, spans, [None, 50000.0]) == [None, None]
