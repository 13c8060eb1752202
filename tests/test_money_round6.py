"""Round-6 money and enterprise mechanisms, each on made-up sentences in the style of
signing, start and approval news (none copied from the real-text set): counts are not
money, amounts that lead into or refer back to a project, and enterprise names."""

from __future__ import annotations

from ingest.quantities import amounts


def test_a_bare_wan_or_yi_before_a_measure_word_counts_goods() -> None:
    assert amounts("建设年产36万锭紧密纺纱线") == []
    assert amounts("新建2000万棒食用菌生产线") == []
    assert amounts("年产6亿只医用手套") == []
    assert amounts("年产120万片光学镜片") == []
    # an investment word leading into it, or 元 after 多, keeps it money
    assert [a.wan for a in amounts("计划投资2亿建设冷库")] == [20000]
    assert [a.wan for a in amounts("总投资约3亿多元")] == [30000]
    assert [a.wan for a in amounts("项目总投资1.5亿,占地80亩")] == [15000]


def test_other_currencies_are_not_taken_as_yuan() -> None:
    assert amounts("由某投资公司投资12亿港币建设") == []
    assert amounts("投资5000万英镑") == []
