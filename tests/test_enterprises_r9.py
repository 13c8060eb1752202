"""Round-9 enterprise precision: a line's name opens with the places it joins, not an investor's short
name (沈白高铁, 祁常高速, 长益扩容); a 中心 without a company suffix is an institution or a facility; a trade
word before a park, a modifier between, names the park (江华新能源|智慧产业园).
The sentences are real (dev texts 20, 32, 45, 66 and 87)."""

from __future__ import annotations

from ontology import Gazetteer
from tests.conftest import company_forms


def test_a_route_name_is_headed_by_places_not_a_brand(gaz: Gazetteer) -> None:
    text = "公路方面加快龙琅、长益扩容、祁常高速以及贫困地区骨干通道高速公路项目建设。"
    assert not {"长益", "祁常"} & company_forms(text, gaz)
    text = "在东北,全长430公里的沈白高铁已完成整体建设进度的近50%,2000多名建设者正加紧施工。"
    assert "沈白" not in company_forms(text, gaz)


def test_a_brand_heading_a_plant_is_still_taken(gaz: Gazetteer) -> None:
    text = ("本次祁东县集中开工的9个产业项目为科多供电生产线项目、广裕橡塑汽丰泡棉项目、建汉铝建材生产线项目、"
            "瑞卓科技塑胶制品生产线项目和黄花主题公园项目。")
    assert {"科多", "广裕"} <= {form[:2] for form in company_forms(text, gaz)}


def test_a_centre_without_a_company_suffix_is_no_company(gaz: Gazetteer) -> None:
    text = "牛河梁开发区大力推进景区改造和展陈提升,红山文化研究中心初步投入使用。"
    assert "红山文化研究中心" not in company_forms(text, gaz)


def test_a_park_named_for_its_trade_through_a_modifier(gaz: Gazetteer) -> None:
    text = "其中,江华新能源智慧产业园项目总投资额达13.8亿元,主要生产景区智能共享电动车以及相关配套服务。"
    assert "江华新能源" not in company_forms(text, gaz)


def test_state_organs_slogans_and_kinds_are_nocompany_forms(gaz: Gazetteer) -> None:
    # real (dev text 89): the political era heads a slogan, not a company
    text = ("一年来,我们坚持以新时代中国特色社会主义思想为指导,学习贯彻党的十九大和十九届二中、三中、四中全会精神,"
            "认真落实重要讲话重要指示批示精神。")
    assert not any(form.startswith("新时代") for form in company_forms(text, gaz))
    # made up in the style of work reports and start news
    assert not company_forms("新时代文明实践中心建设实现全覆盖,乡村振兴取得新成效。", gaz)
    assert "中国人民银行" not in company_forms("中国人民银行、国家金融监督管理总局联合发布通知。", gaz)
    assert not company_forms("全县共有农民专业合作社320家、家庭农场150家。", gaz)
    found = company_forms("总投资3亿元的盛世华庭商住小区项目、总投资2亿元的金色家园二期项目开工建设。", gaz)
    assert "华庭" not in found
    # the banks that lend are companies still
    assert {"国家开发银行", "中国进出口银行"} <= company_forms("国家开发银行、中国进出口银行为重点项目提供融资支持。", gaz)
