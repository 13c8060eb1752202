"""Round 32: a short line with no stop or comma in it, above a line that is a whole sentence, is a subheading or a
caption, not the first half of that sentence cut by a page break. Before, the two were joined, and the first work
of the sentence began with the subheading ("这里产业“新”潮澎湃美霖光伏…项目", held-out text 1246). Lines a page
break cut mid-sentence are still joined. The sentences are written in the shapes of the real texts; the works are
invented."""

from __future__ import annotations

from ingest.structure import parse_structure
from ontology import Gazetteer
from tests.text_extraction import project_money

SUBHEADING = """开发区新兴产业千亿投资计划出台。
这里产业“新”潮澎湃
汾河光伏制造垂直一体化基地项目成功落户、晋南年产2万吨高性能碳纤维项目全面投产,开发区产业“新”潮澎湃。
"""


def _sentences(text: str) -> list[str]:
    parsed = parse_structure(text)
    return [s.text for s in parsed.preamble] + [s.text for sec in parsed.all_sections() for s in sec.sentences]


def test_a_subheading_stays_out_of_the_next_sentence() -> None:
    sentences = _sentences(SUBHEADING)
    assert "这里产业“新”潮澎湃" in sentences
    assert any(s.startswith("汾河光伏制造垂直一体化基地项目成功落户") for s in sentences)


def test_the_first_work_after_a_subheading_keeps_its_own_name(gaz: Gazetteer) -> None:
    names = project_money(SUBHEADING, gaz)
    assert "汾河光伏制造垂直一体化基地项目" in names
    assert not any(name.startswith("这里产业") for name in names)


def test_a_sentence_a_page_break_cut_is_still_joined() -> None:
    # the first line has a comma: the start of a sentence, not a heading
    sentences = _sentences("临汾市今年安排重点项目120个,总投资\n860亿元,其中新开工项目48个。\n")
    assert sentences == ["临汾市今年安排重点项目120个,总投资860亿元,其中新开工项目48个。"]


def test_a_short_wrapped_line_before_a_line_that_goes_on_is_joined() -> None:
    # the line after it is no whole sentence (it has no stop): the two lines are one wrapped sentence
    sentences = _sentences("其中新开工项目287个\n比去年同期增加99个\n")
    assert sentences == ["其中新开工项目287个比去年同期增加99个"]
