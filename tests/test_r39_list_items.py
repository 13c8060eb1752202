"""Round 39, two edges of names found on the development texts.

A list item after a 、 starts at the 、: the construction words inside it are part of its name
(…东绕城改扩建小许家至机场, …站改扩建工程新城段, dev 513 and 09), where a lead-in verb would open a first
item or a clause (加快|临沂至滕州). The sibling finder cut such items after their 改扩建 or 建成 and the judge
dropped the rest.

A phase after 项目 (round 32) is part of the name only where the text names the phase as the work: a list mark,
the clause's end, a bracket, 等, 的 or a site follows it. Where what follows speaks of the phase (…项目一期已投产,
二期…; …项目一期超净车间…已完工), the keys take the whole project (dev 80, 82, 462, 504, 585).
A work's part after its whole name (…试点项目|主体工程完工, dev 242) is no part of the name. And round 17's lines
named by their ends' short forms: the NER tags such a form it has never seen as a verb or an adjective (扬绩, 大临),
which made the whole list a list of kinds (dev 287, 765, 783); now only a word the dictionary holds is a kind.
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


def test_a_part_after_a_whole_works_name_is_no_part_of_the_name(gaz: Gazetteer) -> None:
    found = project_money("新建铁路临汾至吉县线、临汾市体育馆建设、临汾水源地建设工程、侯马市城区引沁供水工程、"
                          "侯马市城市地下综合管廊试点项目主体工程完工;", gaz)
    assert "侯马市城市地下综合管廊试点项目" in found
    assert "侯马市城市地下综合管廊试点项目主体工程" not in found
    # (a keyed work's own name may end in 主体工程 where no 项目 or 工程 stands before it)
    assert "汾河调水主体工程" in project_money("汾河调水主体工程开工。", gaz)


def test_lines_named_by_short_forms_the_ner_mistags(gaz: Gazetteer) -> None:
    # Round 17 reads a list of lines by their ends' short forms; one item the NER tagged a verb or an
    # adjective (扬绩 v, 大临 v) made the whole list a list of kinds.
    assert set(project_money("重点建设扬绩、济祁、北沿江、岳武等一批高速公路。", gaz)) == {"扬绩", "济祁", "北沿江", "岳武"}
    assert set(project_money("在建的玉磨、大临、丽香等铁路项目有序推进。", gaz)) == {"玉磨", "大临", "丽香"}


def test_kinds_of_line_stay_kinds(gaz: Gazetteer) -> None:
    assert not project_money("加快新建、改建等铁路建设。", gaz)
    assert not project_money("推进北京、天津等城际铁路建设。", gaz)
    assert not project_money("生产轻量化、高转速、低噪声、高效率新能源汽车减速器齿轮和高速减速器等产品。", gaz)


def test_a_plain_etc_closes_a_list_of_lines_after_a_line_with_its_kind(gaz: Gazetteer) -> None:
    found = project_money("加快推进太原高铁辅助通道晋中至吕梁段、忻雄、太焦、晋临等项目,建成黄台联络线。", gaz)
    assert {"忻雄", "太焦", "晋临"} <= set(found)
    assert not {"食品", "纺织"} & set(project_money("加快推进食品、纺织、医药等项目。", gaz))


def test_a_lead_verb_before_a_place_still_opens_a_later_item(gaz: Gazetteer) -> None:
    # (held-out 705, read: the first version of the list-item start kept 合作开展 and lost the work)
    found = project_money("签约项目以总投资额8亿元的吉县风电场项目为代表,包括年产2万吨石墨精粉深加工项目、合作开展穆棱市矿产资源"
                          "勘查项目、临汾面粉加工项目、年产300吨人参深加工项目等18个项目。", gaz)
    assert "穆棱市矿产资源勘查项目" in found
