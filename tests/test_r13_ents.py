"""Round-13 enterprise rules, from the wrong companies of fresh news (dev16, read with the 188-text models): a name
ending in 项目 is a work cut inside ("…有限公司投资的智能机器人制造项目" gave "器人制造项目"), a news dateline
(香港商报网讯), an unnamed firm (某京企) and a count or a measure (2家钢铁子公司, 万立方米) are no companies. The
sentences are real (texts 395, 403, 405, 412 of dev16)."""

from __future__ import annotations

from ontology import Gazetteer
from tests.conftest import company_forms


def test_works_datelines_unnamed_firms_and_counts_are_nocompany_forms(gaz: Gazetteer) -> None:
    text = ("据了解,本次完成签约的10个项目包括海城市鑫荣智能装备有限公司投资的智能机器人制造项目、辽宁华宇镁建材有限公司"
            "投资的工程机械动力系统油改电项目、鞍山古源化工燃料物资有限公司投资的燃料仓储项目。")
    found = company_forms(text, gaz)
    assert not any(form.endswith("项目") for form in found)
    assert {"辽宁华宇镁建材有限公司", "鞍山古源化工燃料物资有限公司"} <= found  # the investors stay
    text = ("【香港商报网讯】通讯员 许庆勇 李丽娟 报道:11月29日,肥东县实现“千亿元工业转型”迈出的重要一步,"
            "金阳(安徽)环保科技股份有限公司一期项目正式投产。")
    assert not any("网讯" in form for form in company_forms(text, gaz))
    assert "某京企" not in company_forms("目前正在洽谈中的某京企红木交易基地、创意产业园等项目,单个投资额就上百亿元。", gaz)
    text = "目前在吉林省已有吉林建龙、吉林恒联2家钢铁子公司以及相关产业链延伸项目,分别位于吉林市龙潭区和磐石市。"
    assert not any(form[0].isdigit() for form in company_forms(text, gaz))
