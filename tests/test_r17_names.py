"""Round 17, names and amounts from dev19's texts read fresh (before training on them): a note on the page's
picture after a name is no part of it and does not break the list the amounts after 分别 go to (508, 舟山); an
amount in another currency leads into the name after it like one in 元 (531, 哈尔滨), and is no investment in
万元."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import project_money


def test_a_picture_note_is_no_part_of_the_name(gaz: Gazetteer) -> None:
    found = project_money("特色项目为浙能舟山六横液化天然气接收站项目(如下效果图)、橡塑新材料项目,总投资分别为105亿元、96亿元。",
                      gaz)
    assert found == {"浙能舟山六横液化天然气接收站项目": 1050000.0, "橡塑新材料项目": 960000.0}, found


def test_an_amount_in_dollars_leads_into_the_name(gaz: Gazetteer) -> None:
    found = project_money("其中,韩国大宇客车株式会社与哈尔滨龙江客车制造有限公司签约,将在哈市平房区投资7000万美元建设客车生产项目,"
                      "预计明年2月投入生产。", gaz)
    assert found == {"客车生产项目": None}, found


def test_a_line_holding_only_a_number_opens_no_name() -> None:
    """dev18's 485 (项城) numbers its works on lines of their own ("二", then the name): joined to the name as a
    wrapped line, the number opened it (二河南中联天盛…项目)."""
    from ingest.structure import parse_structure

    text = ("重点项目介绍\n一\n莲花健康新区建设项目一期工程\n二\n"
            "河南中联天盛防水防腐材料有限公司年产1500万平方米环保型防水卷材和2500吨防水涂料项目\n"
            "河南中联天盛防水防腐材料有限公司年产1500万平方米环保型防水卷材和2500吨防水涂料项目:总投资3亿元。\n")
    parsed = parse_structure(text)
    sentences = [s.text for s in parsed.preamble] + [s.text for sec in parsed.all_sections() for s in sec.sentences]
    assert not any(s.startswith(("一莲花", "二河南")) for s in sentences), sentences
    assert any(s.startswith("河南中联天盛") for s in sentences), sentences


def test_dev20_leads_and_non_names(gaz: Gazetteer) -> None:
    """dev20 read fresh (texts 593, 575, 573, 594; their real sentences): a time relative to the text's date and
    the verb 包含 lead into a name; officials at a ceremony and counted lines a project builds name no work."""
    found = project_money("超级工厂占地1000亩,预计明年二季度一期建成,明年底60GWh动力储能电池生产线及辅助设施项目全部建成投产。", gaz)
    assert "60GWh动力储能电池生产线及辅助设施项目" in found, found
    found = project_money("其中既包括山河工业城三期、铁建第二产业园等产业项目,也包含自贸试验区临空区块基础设施、"
                      "湖南信息学院四期等社会民生和基础设施项目。", gaz)
    assert "自贸试验区临空区块基础设施" in found, found
    assert project_money("市人大常委会副主任、牧野区委书记牛晓辉出席仪式并宣布项目正式开工。", gaz) == {}
    found = project_money("总投资120亿元的广西北海德金科技新材料项目开工建设,拟建设2条1200t/d一窑六线光伏玻璃生产线、"
                      "1条4GW光伏玻璃组件生产线、1条200万吨石英砂制备生产线。", gaz)
    assert not any(name.startswith(("2条", "1条")) for name in found), found
