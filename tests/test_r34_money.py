"""Round 34, amounts stated in words the amount rules did not know, seen in a fresh text (holdout64…67, after its blind
measurement) and in held-out texts read before: a sentence pointing back at the work named before by 这项
(这项民生工程总投资12.8亿元; 该项目, 此项目, 这个项目 already counted), a 预算总投资 (budgeted total), and 投入 for 投资
(该项目投入18亿元, …总投入约30亿元), but not money spent so far (已投入). Sentences in the real texts' shapes; the works
are invented."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import project_money


def test_this_work_points_back_at_the_work_named_before(gaz: Gazetteer) -> None:
    text = "6月25日,汾河第三水源供水工程在忻州市开工。这项民生工程总投资12.8亿元,建设工期2年。"
    assert project_money(text, gaz) == {"汾河第三水源供水工程": 128000.0}


def test_a_budgeted_total_is_the_investment(gaz: Gazetteer) -> None:
    assert project_money("韩江大桥工程项目开工建设,项目预算总投资5.1亿元。", gaz) == {"韩江大桥工程项目": 51000.0}


def test_an_outlay_is_the_investment_but_not_money_spent_so_far(gaz: Gazetteer) -> None:
    text = "其中投资规模最大的是桂林山水文化城项目,该项目投入18亿元,打造占地约500亩的文旅综合体。"
    assert project_money(text, gaz) == {"桂林山水文化城项目": 180000.0}
    assert project_money("闽东现代农贸城项目总投入约30亿元,分两期开发。", gaz) == {"闽东现代农贸城项目": 300000.0}
    assert project_money("韶山智造众创城项目已投入资金5亿元。", gaz) == {"韶山智造众创城项目": None}
