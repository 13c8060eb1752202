"""Round 44b: tables with a header row pasted as text, as environmental-impact notices print them — cells joined by
bars, or one cell a line under a run of header lines. The texts are real: 1933 (holdout96: 鞍山's pre-approval
notice, bars) and 1963 (holdout98: a grid company's disclosure, one cell a line, its 建设地点 column two lines)."""

from __future__ import annotations

from ingest.structure import parse_structure
from ontology import Gazetteer
from tests.text_extraction import project_money

BARS = """项目名单如下:
序号 | 项 目 名 称 |
1 | 海城市感王镇鸿亿纺织印花厂坯布染色、印花加工建设项目 |
2 | 岫岩满族自治县动物无害化处理中心项目 |
3 | 鞍钢化学科技有限公司化工事业部运输刷槽站洗刷尾气治理项目 |
4 | 鞍山市多福乐豆制食品有限公司现有醇基锅炉改天然气锅炉建设项目 |
污染物治理措施见附件。"""

ONE_CELL_A_LINE = """一、建设项目概况
序号
工程名称
建设地点
建设内容
1
湖南长沙望城区靖港110kV变电站2号主变改造工程
长沙
望城区
本工程对已建靖港110kV变电站站内现有2号主变进行增容改造,将现有容量为31.5MVA2号主变更换为63MVA
2
湖南江背220kV输变电工程
长沙市
长沙县
本工程新建一座江背220kV户外变电站,新上2台容量为240MVA的主变;新建丛塘~生药π入江背220kV变电站线路工程,线路路径约2×18.8km,新建铁塔64基。
"""


def test_a_barred_tables_name_column_names_one_work_a_row(gaz: Gazetteer) -> None:
    parsed = parse_structure(BARS)
    named = [s.text for s in parsed.preamble if s.named]
    assert named == ["海城市感王镇鸿亿纺织印花厂坯布染色、印花加工建设项目", "岫岩满族自治县动物无害化处理中心项目",
                     "鞍钢化学科技有限公司化工事业部运输刷槽站洗刷尾气治理项目",
                     "鞍山市多福乐豆制食品有限公司现有醇基锅炉改天然气锅炉建设项目"]
    assert all(BARS[s.start : s.end] == s.text for s in parsed.preamble)  # provenance: the cell's own characters
    found = project_money(BARS, gaz)
    assert set(named) <= set(found) and not any("|" in name or "序号" in name for name in found)


def test_a_table_one_cell_a_line_keeps_its_rows_apart(gaz: Gazetteer) -> None:
    """Joined, "…63MVA" + "2" + the next row's name made one name, and 长沙 + 望城区 + 本工程 another."""
    names = set(project_money(ONE_CELL_A_LINE, gaz))
    assert {"湖南长沙望城区靖港110kV变电站2号主变改造工程", "湖南江背220kV输变电工程"} <= names
    assert not any(name.startswith(("63MVA", "长沙")) or "本工程" in name for name in names)


def test_the_rows_other_cells_are_the_works_profile(gaz: Gazetteer) -> None:
    """The columns a list file reads (建设单位, 总投资) read the same in a pasted table (a minimal table: the keyed
    notices with such columns name their works only inside an approval's title, 关于…的批复, which is no name column)."""
    text = "序号 | 项目名称 | 建设单位 | 总投资(万元) |\n1 | 年产5万吨饲料加工项目 | 某某饲料有限公司 | 3500 |\n"
    [row] = [s for s in parse_structure(text).preamble if s.named]
    assert row.text == "年产5万吨饲料加工项目" and row.profile == {"owner": "某某饲料有限公司", "investment": "3500"}


def test_lines_under_no_header_are_not_read_as_a_table() -> None:
    parsed = parse_structure("序号\n说明\n1\n第一段文字,没有表头。\n")
    assert not any(s.named for s in parsed.preamble)
