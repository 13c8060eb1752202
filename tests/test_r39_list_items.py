"""Round 39, two edges of names found on the development texts.

A list item after a 、 starts at the 、: the construction words inside it are part of its name
(…东绕城改扩建小许家至机场, …站改扩建工程新城段, dev 513 and 09), where a lead-in verb would open a first
item or a clause (加快|临沂至滕州). The sibling finder cut such items after their 改扩建 or 建成 and the judge
dropped the rest.

A phase after 项目 (round 32) is part of the name only where the text names the phase as the work: a list mark,
the clause's end, a bracket, 等, 的 or a site follows it. Where what follows speaks of the phase (…项目一期已投产,
二期…; …项目一期超净车间…已完工), the keys take the whole project (dev 80, 82, 462, 504, 585).
Sentences in the dev texts' shapes; places and works invented."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import project_money


def test_a_later_list_item_keeps_its_construction_words(gaz: Gazetteer) -> None:
    found = project_money("加快长治至滕州、晋城东绕城改扩建小许家至机场、小许家至港沟、阳城至沁水改扩建等高速公路建设。", gaz)
    assert "晋城东绕城改扩建小许家至机场" in found
    assert "小许家至机场" not in found


def test_a_later_list_item_is_not_cut_at_a_verb_inside_it(gaz: Gazetteer) -> None:
    found = project_money("包括延长石油临汾新材料科技产业园建设、临汾铁路枢纽临汾站改扩建工程新城段、1668新时代广场等大项目。", gaz)
    assert "临汾铁路枢纽临汾站改扩建工程新城段" in found


def test_a_phase_spoken_of_leaves_the_whole_project(gaz: Gazetteer) -> None:
    found = project_money("总投资约1.5亿元,年产量5万吨的临钢钢结构生产项目一期已投产,二期工程正在加紧建设中。", gaz)
    assert list(found) == ["临钢钢结构生产项目"]
    assert found["临钢钢结构生产项目"] == 15000.0
    found = project_money("临汾宏达饮料有限公司的灌装饮料生产项目一期超净车间、动力机房已完工。", gaz)
    assert list(found) == ["灌装饮料生产项目"]


def test_a_phase_named_as_the_work_stays(gaz: Gazetteer) -> None:
    assert list(project_money("在侯马姚湾综合码头项目一期施工现场,300多名施工人员正在抢抓工期。", gaz)) == [
        "侯马姚湾综合码头项目一期"]
