"""Round-43 money: the ways real texts write a work's investment that the rules did not read. Every sentence
is real, from texts of the development and retired splits: 379 (holdout13), 346 (holdout12), 702 (holdout23),
1023 (holdout34), 459 (dev17), 143 (holdout7), 871 (dev23), 73 (holdout4), 637 (holdout19). The guards keep an amount that is
a batch's, or stated after another name, from going to the first name."""

from __future__ import annotations

from ingest.quantities import amounts
from ontology import Gazetteer
from tests.text_extraction import project_money


def test_a_clause_saying_what_the_work_is_keeps_the_amount_its(gaz: Gazetteer) -> None:
    """"A作为第一批…项目中的唯一…项目,总投资…": the batch is named to say what A is, the amount is A's."""
    found = project_money("上蔡县市民公园项目作为2017年第一批集中开工项目中的唯一社会事业类项目,总投资1.24亿元,"
                          "占地262亩,计划建设人工湖、廊道等园林景观。", gaz)
    assert found == {"上蔡县市民公园项目": 12400.0}


def test_the_first_name_takes_a_later_clause_before_the_next_name(gaz: Gazetteer) -> None:
    found = project_money("三江新区安全坝新城综合开发项目是本次集中开工的代表项目,项目位于利州区宝轮镇三江口社区,"
                          "估算总投资约28.6亿元,规划占地2500亩,包括新建市政道路、堤防及管网工程,中央绿轴公园等。", gaz)
    assert found["三江新区安全坝新城综合开发项目"] == 286000.0
    assert all(wan is None for name, wan in found.items() if name != "三江新区安全坝新城综合开发项目")


def test_investment_words_written_otherwise(gaz: Gazetteer) -> None:
    """总概算投资 (the qualifier after 总), 协议投资, a closing quote or a bracket between the name and the word."""
    assert project_money("精河县下天吉水利枢纽二期工程项目总概算投资72365万元,主要建设坝体加高、表孔溢洪道等工程。",
                         gaz) == {"精河县下天吉水利枢纽二期工程": 72365.0}
    assert project_money("“静观田园”综合体项目协议投资30亿元,用地面积约3000亩。", gaz) == {"“静观田园”综合体项目": 300000.0}
    assert project_money("“厦门思明区湖滨片区城市更新项目”总投资达88亿元。", gaz) == {"厦门思明区湖滨片区城市更新项目": 880000.0}
    found = project_money("鄂尔多斯市君正能源化工有限公司100万吨PVC烧碱项目(一期建设60万吨PVC、60万吨烧碱、70万吨电石)"
                          "总投资45.5亿元,该项目4月底开工,截至目前已完成投资3000万元。", gaz)
    assert found == {"鄂尔多斯市君正能源化工有限公司100万吨PVC烧碱项目": 455000.0}


def test_the_currency_before_the_figure_and_a_signing_amount(gaz: Gazetteer) -> None:
    assert [a.wan for a in amounts("项目估算总投资约人民币135.2亿元,线路全长约110公里")] == [1352000.0]
    assert [a.wan for a in amounts("投资人民币5亿元")] == [50000.0]
    found = project_money("首个洽谈推进项目是海城市牌楼镇镁制定型及不定型深加工项目。杨洪波简单介绍了项目情况。"
                          "该项目签约额3亿元,拟占地10万平方米,分两期建设。", gaz)
    assert found == {"海城市牌楼镇镁制定型及不定型深加工项目": 30000.0}


def test_a_batch_or_a_later_name_keeps_its_amount(gaz: Gazetteer) -> None:
    """Without a copula the clause after a batch is the batch's; an amount after a second name is not the first's."""
    found = project_money("宏达新材料项目等12个重点项目集中开工,总投资56亿元。", gaz)
    assert found.get("宏达新材料项目") is None
    found = project_money("宏达新材料项目位于城东工业园,晶盛光伏组件项目位于城西,总投资5亿元。", gaz)
    assert found.get("宏达新材料项目") is None


def test_each_figure_goes_to_its_item_when_a_name_is_missed(gaz: Gazetteer) -> None:
    """Text 637 (holdout19): five works and five figures 分别为…; 新区核桃树塔等道路建设 is no name the finders take, yet
    the items split at 、 still count five, so each name found keeps its own figure."""
    found = project_money("延安新区开发总公司分别与中国建筑总公司、中铁十八局、陕西华艺公司签订了新区市级行政中心工程、"
                          "新区核桃树塔等道路建设、新区混凝土拌合站、新区混凝土预制厂、新区北区市政基础设施建设等5个项目,"
                          "投资额分别为17.74亿元、6.56亿元、1亿元、0.5亿元和6亿元。", gaz)
    assert found == {"新区市级行政中心工程": 177400.0, "新区混凝土拌合站": 10000.0, "新区混凝土预制厂": 5000.0,
                     "新区北区市政基础设施建设": 60000.0}
    found = project_money("签订了新区市级行政中心工程、新区核桃树塔等道路建设、新区混凝土拌合站等3个项目,"
                          "投资额分别为17.74亿元和6.56亿元。", gaz)
    assert all(wan is None for wan in found.values())


def test_a_work_heading_a_counted_batch_takes_no_total(gaz: Gazetteer) -> None:
    """"以A为代表的25个项目,总投资87.5亿元": the total is the batch's (the form met on the held-out texts)."""
    found = project_money("其中,以宏达新材料年产4万吨高端智能装备项目为代表的重大工业项目25个,总投资87.5亿元;"
                          "以晶盛光伏组件项目为代表的9个重大项目正式开工,总投资达57.7亿元。", gaz)
    assert all(wan is None for wan in found.values()), found


def test_an_item_the_work_builds_takes_not_the_works_amount(gaz: Gazetteer) -> None:
    """Text 77 (holdout4): a clause lists what the work builds, one item of which is found as a name; the amount after the
    list is the work's (the subject's), not the item's."""
    found = project_money("其中,鹏瑞海上风电运维及海工装备制造项目,将在通州湾布局海上风电运维、波浪补偿栈桥、3D波浪补偿吊机"
                          "及物料输送系统研发制造,总投资10亿元,预计15个月完成基地建造。", gaz)
    assert found["鹏瑞海上风电运维及海工装备制造项目"] == 100000.0
    assert all(wan is None for name, wan in found.items() if name != "鹏瑞海上风电运维及海工装备制造项目")


def test_a_sentence_about_the_one_work_may_follow_a_quiet_one(gaz: Gazetteer) -> None:
    """Text 1122 (holdout39): the one work named, a sentence naming no work and stating no amount, then "项目…总投资":
    the amount is the work's. Two quiet sentences break the thread."""
    named, quiet = "石首仙鹤纸基新材料项目施工现场,运土车有序进出。", "几栋厂房已经封顶,还有几栋正在抓紧施工。"
    amount = "项目指挥部办公室主任刘利军介绍,仙鹤项目总投资100亿元,投产后将年产90万吨浆类纤维材料。"
    assert project_money(named + quiet + amount, gaz) == {"石首仙鹤纸基新材料项目": 1000000.0}
    assert project_money(named + quiet + quiet + amount, gaz) == {"石首仙鹤纸基新材料项目": None}
