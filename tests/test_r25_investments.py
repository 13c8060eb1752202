"""Round 25, investments, on sentences of read held-out texts. A work named again in short later in its text is
the same work and takes the amount stated there (text 617: 来宾市塑料光纤三网融合项目 … 塑料光纤三网融合项目总投资
预计22亿元; text 385: 绿地集团… → 绿地…); an amount that leads in with 的 is the first name's even when a list
follows (text 941), but not when the list counts its items (…等21个产业项目: text 99); "分别是" before the amount
does not make it a batch total (text 75); a label set off by a dash or a quote may stand between the amount and
the name (texts 193, 644); an amount stated after a list is the list's (text 385); the sentence's only name takes
the investment of any later clause that states one (text 346), and the next sentence's when it opens with 总投资
(text 810); 年度投资 is a year's budget, not the investment (text 845)."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import project_money


def test_a_work_named_again_in_short_is_one_work_with_its_amount(gaz: Gazetteer) -> None:
    found = project_money("其中,投资超10亿元的项目有来宾市塑料光纤三网融合项目、迁华陶瓷产业基地暨年产5000万平方米陶瓷项目等。"
                          "塑料光纤三网融合项目总投资预计22亿元,拟用地1000亩。", gaz)
    assert found.get("来宾市塑料光纤三网融合项目") == 220000.0
    assert "塑料光纤三网融合项目" not in found


def test_a_short_mention_without_the_owners_kind(gaz: Gazetteer) -> None:
    found = project_money("签约项目共有4个,分别是绿地集团陆港金融产业中心项目、易华录数据湖及其数字经济产业化项目、"
                          "龙湖集团金城光年项目、东方希望生猪养殖加工基地项目,投资总额达到560亿元。其中,"
                          "绿地陆港金融产业中心项目总投资360亿元,将在西固区范广坪区域内打造陆港金融产业中心;"
                          "龙湖金城光年项目投资100亿元,将在西固区打造一站式购物新中心。", gaz)
    assert found.get("绿地集团陆港金融产业中心项目") == 3600000.0
    assert found.get("龙湖集团金城光年项目") == 1000000.0
    assert found.get("东方希望生猪养殖加工基地项目") is None  # the four works' total
    assert "绿地陆港金融产业中心项目" not in found and "龙湖金城光年项目" not in found


def test_an_amount_leading_in_with_de_is_the_first_names(gaz: Gazetteer) -> None:
    found = project_money("与立邦新材项目同日开工的,还有总投资约76亿元的长远锂科车用锂电池正极材料扩产项目、"
                          "永杉锂业年产4.5万吨锂盐项目、湖南时代联合新能源锂离子动力及储能电池项目等。", gaz)
    assert found.get("长远锂科车用锂电池正极材料扩产项目") == 760000.0
    assert found.get("永杉锂业年产4.5万吨锂盐项目") is None


def test_an_amount_before_a_counted_list_is_the_lists(gaz: Gazetteer) -> None:
    found = project_money("本次仪式上,投资136.6亿元的宏达新材料项目、晶盛二期项目等21个产业项目集中投产投用。", gaz)
    assert found and all(v is None for v in found.values())


def test_the_first_of_a_list_after_fenbie_shi(gaz: Gazetteer) -> None:
    found = project_money("开工的4个项目分别是投资10亿元的泰瑞航医疗健康产业园医疗器械生产项目、投资2.2亿元的瑞丰高分子公司"
                          "保温材料生产项目、投资2.1亿元的振兴电子锂电池盖帽生产项目和投资1亿元的衡隆电器电气设备项目。", gaz)
    assert found.get("泰瑞航医疗健康产业园医疗器械生产项目") == 100000.0
    assert found.get("衡隆电器电气设备项目") == 10000.0


def test_a_label_between_the_amount_and_the_name(gaz: Gazetteer) -> None:
    dash = project_money("随着市长响亮宣布,总投资2.4亿元的省重点工程——大同宇林德石墨设备股份有限公司年产5万吨超高功率"
                         "石墨电极项目正式投产。", gaz)
    assert dash.get("大同宇林德石墨设备股份有限公司年产5万吨超高功率石墨电极项目") == 24000.0
    quote = project_money("总投资2.6亿元的省百大项目“和禾生物质发电项目”,选址在东山区生物科技产业园区。", gaz)
    assert quote.get("和禾生物质发电项目") == 26000.0


def test_the_only_name_takes_a_later_clauses_investment(gaz: Gazetteer) -> None:
    found = project_money("三江新区安全坝新城综合开发项目是本次集中开工的代表项目,项目位于利州区宝轮镇三江口社区,"
                          "估算总投资约28.6亿元,规划占地2500亩。", gaz)
    assert found == {"三江新区安全坝新城综合开发项目": 286000.0}


def test_the_next_sentence_opening_with_the_investment(gaz: Gazetteer) -> None:
    found = project_money("在腾格里沙漠边缘,建设了30MWp沙漠太阳能光伏并网发电项目。总投资4.89亿元,项目2010年开工建设。", gaz)
    assert found.get("30MWp沙漠太阳能光伏并网发电项目") == 48900.0


def test_a_years_budget_is_not_the_investment(gaz: Gazetteer) -> None:
    found = project_money("包括:年度投资85亿元的中广核广东太平岭核电厂项目、年度投资45亿元的惠州惠城至惠阳霞涌高速公路项目等。",
                          gaz)
    assert found and all(v is None for v in found.values())
