"""Round 15, names: items of a list the text itself calls fields (…等方面, …等领域) name no work, whatever the
tagger proposes there (a real sentence of the bundled guidance, where the retrained judge kept 黄河文化传承); a
bracket with a figure after a finished name is a note on the project, not part of its name (rows of 446, dev17:
the models before dev17 kept the bracket; those trained on it do not, with no rule of their own)."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import sentence_project_names


def test_a_list_of_fields_names_no_work(gaz: Gazetteer) -> None:
    text = "沿黄七县要围绕生态保护、绿色发展，在乡村振兴、生态治理、黄河文化传承等方面创建样板、谋划项目。"
    assert sentence_project_names(text, gaz) == []
    # a work before 等项目 is still one (the guidance's own list of works)
    assert "遗址博物馆群" in sentence_project_names("谋划实施黄河国家文化公园、遗址博物馆群、重点景区景点扩容提档等项目。", gaz)


def test_a_figure_in_brackets_after_the_name_is_a_note(gaz: Gazetteer) -> None:
    names = sentence_project_names("15.山东友谊胶粘科技有限公司双向拉伸聚丙烯薄膜及特种胶带项目(年产BOPP薄膜33万吨)", gaz)
    assert names == ["山东友谊胶粘科技有限公司双向拉伸聚丙烯薄膜及特种胶带项目"]
    names = sentence_project_names("48.华勤橡胶工业集团有限公司华勤橡胶科技中心项目(建设橡胶产品研发中心,总建筑面积2.5 万平方米)", gaz)
    assert names == ["华勤橡胶工业集团有限公司华勤橡胶科技中心项目"]
    # a phase in brackets stays in the name
    assert sentence_project_names("开工建设杭州至温州高速铁路项目(一期工程)。", gaz) == ["杭州至温州高速铁路项目(一期工程)"]


def test_a_works_facility_is_no_company(gaz: Gazetteer) -> None:
    """dev18's wrong companies (texts 495, 487): a facility a project builds or sits in (汽车城, 高星级酒店, 科技城)
    is no company; the companies of the same sentences are still found."""
    from conftest import company_forms

    forms = company_forms("中南国际汽车城配套道路工程,总投资1.18亿元;长河湾洲际高星级酒店配套道路工程,总投资8100万元;"
                          "卫全塑板建设项目,总投资1.2亿元。", gaz)
    assert not {"中南国际汽车城", "长河湾洲际高星级酒店"} & forms, forms
    forms = company_forms("在智能装备领域,友蓝能源净化处理设备研发制造基地等工业项目落户前沿科技城。", gaz)
    assert "前沿科技城" not in forms and "友蓝能源" in forms, forms
