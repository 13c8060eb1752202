"""Round 33, read on the fresh holdout60-63 after their blind reading (not blind): a line, a museum or a park named by
its kind (成达万高铁, 中国水工科技馆, 深汕比亚迪汽车工业园, 1455, 1480, 1484) is a work the brand rules read as its owner,
never a company (碧桂园, a firm, ends in 园 but in none of these kinds); and 竣工 opening a list item is the verb the
NER joined to the first name (竣工园博会, 1464), not part of it. Sentences in the real texts' shapes; the works are
invented."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import companies_in, sentence_project_names


def test_a_museum_or_a_park_by_its_kind_is_no_company(gaz: Gazetteer) -> None:
    companies = companies_in("重点实施大运高速公路扩建工程临汾段、市区智慧停车、中国黄河水工科技馆、尧都方特等项目。", gaz)
    assert "中国黄河水工科技馆" not in companies
    assert "侯马比亚迪汽车工业园" not in companies_in("开工侯马比亚迪汽车工业园、汾西光伏农业示范园等项目。", gaz)


def test_a_finished_verb_opening_a_list_is_no_part_of_the_first_name(gaz: Gazetteer) -> None:
    names = sentence_project_names("竣工园博会项目、汾河引水管线及城北水厂扩建工程、民主路改造工程。", gaz)
    assert "竣工园博会项目" not in names
    assert "汾河引水管线及城北水厂扩建工程" in names
