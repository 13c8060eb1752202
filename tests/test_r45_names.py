"""Round 45: names as fund notices, school round-ups and loan reports write them. The texts are real: 2093
(holdout107: 通川's poverty-fund notice), 2092 (holdout107), 2089 (holdout107: 泽库's fund plan), 2068 (holdout105:
赣州's new schools, one card each), 2052 and 2076 (holdout104 and holdout106: loan reports of the agricultural
development bank's branches) and 1662 (holdout76, where a year after a comma is the sentence's time, not the name's)."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import company_forms, project_money


def test_a_year_opening_a_works_item_is_part_of_its_name(gaz: Gazetteer) -> None:
    text = ("(三)2019年青宁镇岩门村停车场至百花园再到旅游外环线道路工程项目,区本级财政专项扶贫资金补助1000万元。\n"
            "2022年华池县马铃薯千亩规范化种植项目")
    found = project_money(text, gaz)
    assert "2019年青宁镇岩门村停车场至百花园再到旅游外环线道路工程项目" in found
    assert "2022年华池县马铃薯千亩规范化种植项目" in found


def test_a_year_after_a_comma_is_not_added_to_a_name() -> None:
    """The rule adds a year only where an item or sentence opens; after a comma it is the clause's time."""
    from ingest.project_phrases import Phrase, _with_year
    text = "陈吉宁说,2019年副中心站综合交通枢纽、东六环路入地改造等项目实现开工。"
    start = text.index("副中心站")
    phrase = Phrase(name="副中心站综合交通枢纽", start=start, end=start + len("副中心站综合交通枢纽"), place_id=None)
    assert _with_year(text, phrase) == phrase
    item = Phrase(name="东六环路入地改造", start=text.index("东六环路"), end=text.index("等项目"), place_id=None)
    assert _with_year(text, item) == item


def test_the_villages_a_work_serves_are_counted_in_its_name(gaz: Gazetteer) -> None:
    text = ("资金分配计划具体如下:\n1.西卜沙乡三个村游牧民定居点人饮巩固提升工程\n投资:500万元 实施单位:泽库县农牧水利和科技局\n"
            "3.泽库县农村牧区小口机井工程(二期)\n投资:208万元 实施单位:泽库县农牧水利和科技局\n")
    found = project_money(text, gaz)
    assert found.get("西卜沙乡三个村游牧民定居点人饮巩固提升工程") == 500.0
    assert found.get("泽库县农村牧区小口机井工程(二期)") == 208.0


def test_a_card_names_its_work_without_a_work_word(gaz: Gazetteer) -> None:
    """The line over the card's fields (性质, 地址: no column of a list) names the school; the amount its 规划办学规模
    line opens with is the school's."""
    text = ("二、经开区\n赣州市兴国路中学\n性质:赣州经开区区属公办初中\n地址:牡丹亭路与赣康路交汇处(南侧)\n"
            "规划办学规模:总投资1.2亿元,总用地面积50.94亩,建筑面积3.1万平方米,2022年5月正式开工建设。\n")
    assert project_money(text, gaz).get("赣州市兴国路中学") == 12000.0


def test_a_banks_branch_is_an_enterprise(gaz: Gazetteer) -> None:
    text = ("2月22日,记者从农发行朔州分行了解到,该行在前不久召开的年度工作会议上明确,2023年在朔投放贷款余额将突破100亿元。"
            "“农发行舞阳县支行完成乡村振兴产业园项目2000万元和贾湖中学项目1600万元贷款资金投放”。")
    names = set(company_forms(text, gaz))
    assert {"农发行朔州分行", "农发行舞阳县支行"} <= names
    assert "记者从农发行朔州分行" not in names


def test_a_year_and_the_division_after_it_open_the_name(gaz: Gazetteer) -> None:
    """2106 (holdout108): the models' span starts at the county; the year and the city before it are the name's."""
    text = ("临沂市2022年高标准农田建设项目(第一批) 市级评审名单\n2022年临沂市兰陵县大仲村镇6.75万亩高标准农田建设项目\n"
            "2022年临沂市兰陵县尚岩镇3.8万亩高标准农田建设项目\n")
    found = project_money(text, gaz)
    assert {"2022年临沂市兰陵县大仲村镇6.75万亩高标准农田建设项目", "2022年临沂市兰陵县尚岩镇3.8万亩高标准农田建设项目"} <= set(found)


def test_a_note_on_a_name_is_not_part_of_it(gaz: Gazetteer) -> None:
    """2158 (holdout111): "(暂定名)", a name given for now, is a note on the school's name."""
    text = "新建小学分别是:阎良区聚宝小学 (暂定名)、阎良区第三小学 (暂定名)、临潼区实验小学、临潼区相桥小学。"
    found = set(project_money(text, gaz))
    assert {"阎良区聚宝小学", "阎良区第三小学"} <= found and not any("暂定名" in name for name in found)


def test_he_opening_a_townships_name_is_no_conjunction(gaz: Gazetteer) -> None:
    """2089 (holdout107): 和日镇 is a township of 泽库县; the models read 和 as "and" and cut the name to 日镇…. 和田
    (a prefecture's short form, no kind after it) and 和 before a name that is no division's stay as they were read."""
    from ingest.project_phrases import _opens_division
    text = "资金分配计划具体如下:\n2.泽库县和日镇司玛村人畜饮水安全工程\n投资:230万元 实施单位:泽库县农牧水利和科技局\n"
    assert project_money(text, gaz).get("泽库县和日镇司玛村人畜饮水安全工程") == 230.0
    assert _opens_division("和日镇司玛村人畜饮水安全工程", 0)
    assert not _opens_division("和田至若羌铁路", 0) and not _opens_division("和龙湖天街", 0)
