"""Round 31: a work named first with its owner, then again with the owner as its clause's subject and no name of
its own ("A公司计划投资1.2亿元建设二期厂房…项目"), or by its brand alone ("总投资20亿元的博石高科"), is the same
work, which takes the amount stated there; the owner's other work stays a work of its own, and a line's part
(…高铁二塘双线特大桥) is no re-mention of the line. A work the sentence before named, written again whole with its
amount right after it, takes the amount (嘉好粮油二期总投资13.6亿元). The sentences are written for these tests in the shapes
the real texts use; the firms are invented, but for the last test's."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import project_money

SIGNING = ("活动举行了华远精工股份有限公司三期扩产项目、青禾新材料有限公司年产5万吨复合板项目签约仪式。"
           "据了解,华远精工股份有限公司计划投资2.5亿元建设三期厂房及智能生产线项目,"
           "青禾新材料有限公司计划投资3亿元建设复合板生产项目。")


def test_an_owner_naming_its_work_again_gives_it_the_amount(gaz: Gazetteer) -> None:
    found = project_money(SIGNING, gaz)
    assert found.get("华远精工股份有限公司三期扩产项目") == 25000
    assert found.get("青禾新材料有限公司年产5万吨复合板项目") == 30000
    assert "三期厂房及智能生产线项目" not in found and "复合板生产项目" not in found


def test_the_owners_other_work_stays_its_own(gaz: Gazetteer) -> None:
    found = project_money("活动举行了华远精工股份有限公司三期扩产项目签约仪式。"
                          "华远精工股份有限公司还将投资1亿元建设研发检测中心项目。", gaz)
    assert found.get("华远精工股份有限公司三期扩产项目") is None
    assert "研发检测中心项目" in found


def test_a_brand_alone_after_its_work_is_that_work(gaz: Gazetteer) -> None:
    found = project_money("江州市集中开工暨蓝石高科负极材料项目开工动员会举行。"
                          "此次开工项目包括:总投资30亿元的江州智谷科技园、总投资20亿元的蓝石高科等。", gaz)
    assert found.get("蓝石高科负极材料项目") == 200000
    assert "蓝石高科" not in found


def test_a_part_of_a_line_is_no_re_mention_of_the_line(gaz: Gazetteer) -> None:
    found = project_money("今年建成贵南高铁二塘双线特大桥。贵南高铁全线进入铺轨阶段。", gaz)
    assert "贵南高铁二塘双线特大桥" in found and "贵南高铁" in found


def test_a_work_written_again_whole_takes_the_amount_after_it(gaz: Gazetteer) -> None:
    # the real text's sentences (text 1213): how the model reads a brand decides whether a rule names it again
    found = project_money("开工仪式后,与会人员现场观摩了嘉好粮油二期和泰地液体化工码头及罐区工程2个在建项目。"
                          "嘉好粮油二期总投资13.6亿元,项目投产后预计年销售收入60亿元,利税3.5亿元;"
                          "泰地液体化工码头及罐区工程总投资5亿元。", gaz)
    assert found.get("嘉好粮油二期") == 136000
    assert found.get("泰地液体化工码头及罐区工程") == 50000
