"""Round 35, a name's edge seen in the fresh reading of holdout68…71 (1596, after its blind measurement): a list set
off by a bracket that opens it (〔A、B、C〕) — the bracket is the list's, not the first name's. The sentence in the real
text's shape; the works are invented."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import sentence_project_names


def test_a_bracket_opening_a_list_is_no_part_of_its_first_name(gaz: Gazetteer) -> None:
    text = ("昨日,西安市区两级有35个项目开工,总投资500.69亿元,其中在民生保障领域,航天基地安置房建设等12个项目开工,"
            "总投资83.96亿元,年度计划投资29.98亿元〔荆峰幼儿园、鄠邑区基础教育建设项目(市级重点项目子项目)、"
            "唐城医院综合办公楼及住院楼项目、西安国际足球中心项目〕。")
    names = sentence_project_names(text, gaz)
    assert "荆峰幼儿园" in names and not any(n.startswith("〔") for n in names)
