"""Round 45: amounts as fund-allocation notices, key-project lists and project cards write them. The sentences are
real: 2091 (holdout107: 焉耆's link-fund notice), 2097 (holdout107: 四川's four works of the western development list),
2095 (holdout107: an aid plan for 沿河), 2090 (holdout107: 沙坡头's minority-fund notice), 1978 (holdout99: 商南's
project cards), 1811 (holdout87: 禄劝's reservoir approvals), 1687 (holdout78), 1803 (holdout86) and 1802 (holdout86,
where the figures after the names are central-budget shares, which the key gives no work)."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import project_money

ALLOCATED = ("自治区(第二批)财政衔接推进乡村振兴补助资金项目10个2161万元,分别为:焉耆镇上四号渠生态渔业养殖项目80万元、"
             "包尔海乡马鹿养殖基地建设项目245万元、四十里城子镇蓄水池建设项目326万元、北大渠乡北渠村五组蓄水池建设项目131万元、"
             "包尔海乡包尔海村蓄水池项目261万元。")


def test_a_figure_right_after_a_name_in_an_allocation_is_the_works(gaz: Gazetteer) -> None:
    found = project_money(ALLOCATED, gaz)
    assert found["焉耆镇上四号渠生态渔业养殖项目"] == 80.0
    assert found["四十里城子镇蓄水池建设项目"] == 326.0
    assert found["包尔海乡包尔海村蓄水池项目"] == 261.0


def test_shares_listed_in_a_sentence_that_allocates_nothing_stay_unattached(gaz: Gazetteer) -> None:
    """1802: the sentence before gives the central budget's 32.7亿元; these are the works' shares of it."""
    text = "其中迈湾水利枢纽工程16.5亿元,天角潭水利枢纽工程9亿元,琼西北供水工程4亿元,南繁基地(乐东、三亚片)水利设施建设工程3.2亿元。"
    found = project_money(text, gaz)
    assert found["迈湾水利枢纽工程"] is None and found["天角潭水利枢纽工程"] is None


def test_an_amount_after_a_names_mark_is_that_names(gaz: Gazetteer) -> None:
    """"A、总投资322亿元,B、总投资27亿元": each amount follows its work; the one before a work (a grant, 22亿元, or the
    item before's) is not its lead-in."""
    text = ("我省有4个重大项目新开工并获得国家重点支持,项目总投资达524亿元,年度共争取中央预算内投资补助22亿元,其中成都五环快速路、"
            "总投资322亿元,凉山州大桥水库灌区二期工程、总投资27亿元,脚木足拉水电站、总投资82亿元,金沙江银江水电站、投资60亿元,"
            "此外,全省农网改造升级工程作为西部农网改造升级的组成部分、总投资33亿元。")
    found = project_money(text, gaz)
    assert (found["成都五环快速路"], found["凉山州大桥水库灌区二期工程"], found["脚木足拉水电站"],
            found["金沙江银江水电站"]) == (3220000.0, 270000.0, 820000.0, 600000.0)


def test_an_amount_spent_on_a_work_leads_into_it(gaz: Gazetteer) -> None:
    text = ("据悉,该公司2017年投入的1500万元帮扶资金将由县政府统筹安排,800万元用于坝坨河玫瑰产业扶贫示范园建设、300万元用于淇滩镇"
            "三壶瓶村蔬菜产业基地建设、200万元用于官舟镇黄龙村食用菌产业扶贫示范基地建设。")
    found = project_money(text, gaz)
    assert found.get("淇滩镇三壶瓶村蔬菜产业基地") == 300.0 or found.get("淇滩镇三壶瓶村蔬菜产业基地建设") == 300.0


def test_an_approved_or_audited_total_is_the_works_investment(gaz: Gazetteer) -> None:
    text = ("真金万水库(中型)工程批复总投资 26751.91 万元,工程包括水库枢纽工程和东干渠工程;"
            "甲甸二水库(小一型)工程属于国家烟草水源援建项目,审定总投资 8278.79 万元。")
    found = project_money(text, gaz)
    assert found["真金万水库(中型)工程"] == 26751.91 and found["甲甸二水库(小一型)工程"] == 8278.79


def test_an_investments_size_is_money(gaz: Gazetteer) -> None:
    text = ("当天揭牌的广东省公共卫生应急物资产业园由国开行广东省分行、广新控股集团、清远市政府共建,总投资规模45亿元,"
            "旨在补齐公共卫生应急物资储备、调配、生产、科研能力方面的短板。")
    assert project_money(text, gaz)["广东省公共卫生应急物资产业园"] == 450000.0


def test_a_list_items_site_sentence_is_about_it(gaz: Gazetteer) -> None:
    text = ("1.益海嘉里粮油加工潮州基地。选址于潮州临港产业转移工业园文胜围南片区,占地面积约417亩,计划总投资24.61亿人民币,"
            "建成后年产值132.87亿元。")
    assert project_money(text, gaz)["益海嘉里粮油加工潮州基地"] == 246100.0


def test_a_profiles_amount_line_after_a_paragraph_on_the_work(gaz: Gazetteer) -> None:
    text = ("二、资金安排\n(一)兴仁镇川裕村渠道改造项目\n该项目在兴仁镇川裕村砌护渠道共计7.59千米,配套建设渠道构筑物741座,"
            "铺设4米宽硬化路2条共计2.5千米,修建过水路面1处等。\n资金规模:206.7万元。\n资金来源:少数民族发展项目资金173万元。\n"
            "(二)香山乡米粮川村水利配套设施项目\n该项目在米粮川村砌护渠道48条,长11.27千米。\n资金规模:154.16万元。\n"
            "资金来源:少数民族发展项目资金150万元。\n")
    found = project_money(text, gaz)
    assert found["兴仁镇川裕村渠道改造项目"] == 206.7 and found["香山乡米粮川村水利配套设施项目"] == 154.16


def test_a_profile_goes_on_past_fields_no_list_column_has(gaz: Gazetteer) -> None:
    """开工时间 and 年度投资 are no column of a list; the 总投资额 line after them is still the card's."""
    text = ("1、陕西数智联盟科技产业园项目\n建设地点:商南县现代材料产业园\n"
            "投资主体:陕西商於泰开通讯科技有限公司、陕西宏悦电子科技有限公司、陕西科迈达电子有限公司、陕西达沃鑫智能装备有限公司等\n"
            "建设年限:2024年—2025年\n开工时间:2024年1月\n总投资额:2.83亿元\n年度投资:2亿元\n")
    assert project_money(text, gaz)["陕西数智联盟科技产业园项目"] == 28300.0
