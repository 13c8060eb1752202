"""Round 32, companies. A development zone named by its kind (郴州高新区, 咸阳经开区, 贵安新区) is a place and a
laboratory (浦江实验室) an institution, never a company (held-out 711, 1063; holdout57's 1387 and holdout59's 1425,
read after their blind measurement). And a firm's short name heading a work keeps the trade word it is written with when the trade is one the
keys' short names end with (…智造, …节能, …红外, …复材, …智联, …量子): 中材节能区域总部 names 中材节能, not 中材; before,
the brand stopped before the trade word (held-out 1295, 1350, 337, 1216, 1221, 1232). The first sentence is
held-out 1295's as written (read in round 31), the second is written in 337's shape."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import company_forms


def test_a_short_name_keeps_its_trade_word(gaz: Gazetteer) -> None:
    companies = company_forms("坤鼎智能制造产业园、中船重工707所产业基地等重大项目签约落地,华科泰一期、华电氢能等项目竣工投产,"
                           "京东智能制造、SMC二期、精雕数控、中材节能区域总部等全面开工。", gaz)
    assert "中材节能" in companies
    assert "中材" not in companies


def test_a_short_name_heading_a_listed_work_keeps_its_trade(gaz: Gazetteer) -> None:
    companies = company_forms("2023年重点项目:高德红外军民融合项目(襄城区)、汉江生态经济带综合整治项目。", gaz)
    assert "高德红外" in companies


def test_a_development_zone_is_no_company(gaz: Gazetteer) -> None:
    companies = company_forms("市委书记参加市城区一会场郴州高新区香港亨得利集团郴州建设等项目开工仪式。", gaz)
    assert "郴州高新区" not in companies
    assert any(name.endswith("亨得利集团") for name in companies)


def test_a_laboratory_is_no_company(gaz: Gazetteer) -> None:
    companies = company_forms("其中,汾河实验室、临汾实验室、磁-惯性约束项目等开工建设。", gaz)
    assert not any(name.endswith("实验室") for name in companies)
