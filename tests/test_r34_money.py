"""Round 34, amounts a fresh text (holdout64…67, read after its blind measurement) stated in words the amount rules did
not know: a sentence pointing back at the work named before by 这项 (这项民生工程总投资12.8亿元; 该项目, 此项目, 这个项目
already counted), and a 预算总投资 (budgeted total). Sentences in the real texts' shapes; the works are invented."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import project_money


def test_this_work_points_back_at_the_work_named_before(gaz: Gazetteer) -> None:
    text = "6月25日,汾河第三水源供水工程在忻州市开工。这项民生工程总投资12.8亿元,建设工期2年。"
    assert project_money(text, gaz) == {"汾河第三水源供水工程": 128000.0}


def test_a_budgeted_total_is_the_investment(gaz: Gazetteer) -> None:
    assert project_money("韩江大桥工程项目开工建设,项目预算总投资5.1亿元。", gaz) == {"韩江大桥工程项目": 51000.0}
