"""Round-10 enterprise rules: a two-character brand is written with the trade word after it (梦晖|铸业,
中联|煤层气, 云嘉|汽车零部件), the brand kept as an alias; news agencies, TV channels, a province's
departments and delegations are no companies. The sentences are real (design texts 214, 216, 222, 225, 228
and 248)."""

from __future__ import annotations

import pytest

from ingest import enterprises
from ingest.enterprises import _trade_after
from ontology import Gazetteer
from tests.conftest import company_forms


@pytest.mark.parametrize(("text", "at", "size"), [
    ("梦晖铸业3万吨市政铸件", 2, 2),       # a character and 业
    ("中联煤层气管道工程", 2, 3),          # an industry term
    ("云嘉汽车零部件", 2, 2),
    ("华为企业云山西中心", 2, 0),          # 企业 is no trade
])
def test_the_trade_after_a_short_name(text: str, at: int, size: int) -> None:
    assert _trade_after(text, at) == size


def test_a_short_brand_is_written_with_its_trade(gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("目前,皇城相府酒业年产3000吨蜂蜜果酒项目、梦晖铸业3万吨市政铸件、1万吨球铁管件等项目已完成年计划投资的"
            "30%以上。")
    assert "梦晖铸业" in company_forms(text, gaz)
    text = "基础设施类项目11个,主要有总投资3.4亿元的中联煤层气管道工程(盂县段)、总投资3.3亿元的郊区职业高中建设项目等。"
    # The encoder's company head trained in round 40 reads no company here (mean 0.045 inside, under the veto's
    # 0.05), so the shipped models lose 中联煤层气 (design text 216's one company missed); the rule is what this
    # test is about, measured with the veto off.
    monkeypatch.setattr(enterprises, "ORG_ENCODER_VETO", -1.0)
    found = company_forms(text, gaz)
    assert "中联煤层气" in found and "中联" in found  # the brand stays an alias


def test_a_park_named_for_a_trade_is_not_extended(gaz: Gazetteer) -> None:
    # real (dev text 17): 粤商 names merchants, 粤商产业园 the park
    text = "安宁粤商产业园项目总用地面积690亩,总建筑面积26万平方米,总投资17亿元,共引进14个绿色装配式建筑产业项目。"
    assert not any(form.startswith("粤商") for form in company_forms(text, gaz))


def test_news_agencies_channels_and_departments_are_nocompany_forms(gaz: Gazetteer) -> None:
    text = "从新华社、湖北卫视等报道的现场照片和视频信息来看,国家电网新能源充电桩建设项目在列。"
    found = company_forms(text, gaz)
    assert not {"新华社", "湖北卫视"} & found
    text = "湖南省发改委、湖南省商务厅日前联合发布218个2023年度省级重点招商引资项目,总投资约6247.76亿元。"
    assert "湖南省商务厅" not in company_forms(text, gaz)
    text = ("记者从新疆维吾尔自治区商务厅获悉:9月21日,新疆代表团举行“一带一路”新疆招商引资专场推介会暨项目签约仪式,"
            "共签订投资项目39个。")
    assert not {"新疆维吾尔自治区商务厅", "新疆代表团"} & company_forms(text, gaz)
