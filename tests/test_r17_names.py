"""Round 17, names and amounts from dev19's texts read fresh (before training on them): a note on the page's
picture after a name is no part of it and does not break the list the amounts after 分别 go to (508, 舟山); an
amount in another currency leads into the name after it like one in 元 (531, 哈尔滨), and is no investment in
万元."""

from __future__ import annotations

from ingest.extract import extractor_for
from ingest.policy import policy_batch
from ontology import Gazetteer


def _projects(text: str, gaz: Gazetteer) -> dict[str, float | None]:
    batch = policy_batch("doc:t", text, {"path": "t"}, gaz, extractor_for(gaz))
    return {n.props["name"]: n.props.get("investment_wan") for n in batch.nodes.values() if n.label == "Project"}


def test_a_picture_note_is_no_part_of_the_name(gaz: Gazetteer) -> None:
    found = _projects("特色项目为浙能舟山六横液化天然气接收站项目(如下效果图)、橡塑新材料项目,总投资分别为105亿元、96亿元。",
                      gaz)
    assert found == {"浙能舟山六横液化天然气接收站项目": 1050000.0, "橡塑新材料项目": 960000.0}, found


def test_an_amount_in_dollars_leads_into_the_name(gaz: Gazetteer) -> None:
    found = _projects("其中,韩国大宇客车株式会社与哈尔滨龙江客车制造有限公司签约,将在哈市平房区投资7000万美元建设客车生产项目,"
                      "预计明年2月投入生产。", gaz)
    assert found == {"客车生产项目": None}, found
