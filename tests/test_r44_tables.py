"""Round 44b: tables with a header row pasted as text, as environmental-impact notices print them — cells joined by
bars, or one cell a line under a run of header lines. The texts are real: 1933 (holdout96: 鞍山's pre-approval
notice, bars), 1963 (holdout98: a grid company's disclosure, one cell a line, its 建设地点 column two lines), 1932
(holdout96: one cell a line, each ending in a bar, columns of no field), 1964 (holdout98: an approval list that names
its works inside each approval's title, its rows broken over two lines) and 2034 (holdout103)."""

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
    # (round 45: a bare figure takes its column's unit from the header)
    assert row.text == "年产5万吨饲料加工项目" and row.profile == {"owner": "某某饲料有限公司", "investment": "3500万元"}


def test_lines_under_no_header_are_not_read_as_a_table() -> None:
    parsed = parse_structure("序号\n说明\n1\n第一段文字,没有表头。\n")
    assert not any(s.named for s in parsed.preamble)


APPROVALS = """序号 | 批复名称 | 审批文号 | 审批时间 | 建设单位 | 建设地点 |
1 | 关于广盐制盐公司精制盐厂更新改造项目环境影响报告表的批复 | 徐环建〔2025〕1号 徐环建〔2025〕1号.docx
| 2025年1月3日 | 广盐制盐公司精制盐厂 | 徐闻县角尾乡 |
2 | 关于徐闻县大水桥水库饮用水源地保护综合治理项目环境影响报告表的批复 | 徐环建〔2025〕2号 徐环建〔2025〕2号.docx
| 2025年1月6日 | 徐闻县大水桥水库管理处 | 湛江市徐闻县徐城街道办、城北乡、南山镇、曲界镇、龙塘镇 |
"""

BARRED_LINES = """通讯地址:盘锦辽东湾新区管委会综合楼326
序号 |
文件名称 |
文号 |
审批日期 |
1 |
北方华锦化学工业集团有限公司铁路专用线新建工程项目 |
辽东湾行审 |
2022/3/4 |
2 |
盘锦港荣兴港区西作业区302#液体化工泊位改建工程 |
辽东湾行审 |
2022/3/25 |
"""


def test_an_approval_lists_works_are_what_its_titles_are_about(gaz: Gazetteer) -> None:
    """批复名称 "关于X环境影响报告表的批复": X is the work; the row goes on in a line with no number; 建设单位 is its
    owner and names no work of its own."""
    rows = [s for s in parse_structure(APPROVALS).preamble if s.named]
    assert [(s.text, s.profile.get("owner")) for s in rows] == [
        ("广盐制盐公司精制盐厂更新改造项目", "广盐制盐公司精制盐厂"),
        ("徐闻县大水桥水库饮用水源地保护综合治理项目", "徐闻县大水桥水库管理处")]
    assert set(project_money(APPROVALS, gaz)) == {"广盐制盐公司精制盐厂更新改造项目", "徐闻县大水桥水库饮用水源地保护综合治理项目"}


def test_a_table_one_cell_a_line_may_end_each_cell_with_a_bar(gaz: Gazetteer) -> None:
    names = set(project_money(BARRED_LINES, gaz))
    assert {"北方华锦化学工业集团有限公司铁路专用线新建工程项目", "盘锦港荣兴港区西作业区302#液体化工泊位改建工程"} <= names
    assert not any("序号" in name or "|" in name for name in names)


def test_a_name_cell_is_taken_whole(gaz: Gazetteer) -> None:
    """A list line's reading moves a name's start past a preposition (…竹园村向|家坡…); a table's name cell is whole."""
    text = ("序号 | 项目名称 | 批复文号 | 批复时间 |\n"
            "3 | 大竹县朝阳乡竹园村向家坡建筑石料用灰岩矿采矿项目 | 竹环审批〔2024〕22号 | 2024.07.03 |\n")
    assert "大竹县朝阳乡竹园村向家坡建筑石料用灰岩矿采矿项目" in project_money(text, gaz)
