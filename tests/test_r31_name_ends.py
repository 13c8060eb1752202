"""Round 31: where a name ends. At 项目 when the sentence goes on to say what the work does (…项目已正常进行…,
…项目总装机规模为300兆瓦); before the amount a list writes with each item (东北亚国际博览中心总投资达400亿元、…), which
is the item's; before the ends of a road it describes (…北延工程南起…,北至…), and "北至…" is no name. The
sentences are written for these tests in the shapes the real texts use (the last two after texts 1322 and 1318,
read after their blind measurement)."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import project_money


def test_a_name_ends_where_the_sentence_says_what_the_work_does(gaz: Gazetteer) -> None:
    found = project_money("截止目前,保留的12个项目中,5个项目已完工并运营,其中:东湖区高速动车组检测维修项目"
                          "已正常进行200公里动车组电器柜检修,计划8月份进行整车检修。"
                          "一批产业大项目引人关注。其中,西港海上风电项目总装机规模为300兆瓦,涉海面积约30平方公里。", gaz)
    assert "东湖区高速动车组检测维修项目" in found
    assert "西港海上风电项目" in found
    assert not any("已正常" in name or "总装机" in name for name in found)


def test_a_list_items_amount_is_no_part_of_its_name(gaz: Gazetteer) -> None:
    found = project_money("其中,东岭国际会展中心总投资达400亿元、中欧智能产业园总投资52亿元、吴越府总投资50亿元等重大项目"
                          "已陆续开工建设。", gaz)
    assert not any("总投资" in name for name in found)
    assert found.get("东岭国际会展中心") == 4000000
    assert found.get("中欧智能产业园") == 520000


def test_a_roads_ends_are_no_part_of_its_name(gaz: Gazetteer) -> None:
    found = project_money("其中兴旺路北延工程南起杨村北环路,北至北河南房街,建成后将连通科学城与产业示范区。", gaz)
    assert not any("南起" in name or name.startswith("北至") for name in found)
