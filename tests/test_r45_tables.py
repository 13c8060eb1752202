"""Round 45: tables pasted as text whose cells a space parts, and amount columns whose unit stands in the header or
over the table. The texts are real: 1962 (holdout98: 平江's approval list, "序号 文件名称 文号 发文时间"), 1953
(holdout97: 泉州's park list with a 属地 column), 2094 (holdout107: 耀州's fund table one cell a line, 单位:万元 over
it) and 2096 (holdout107: 楚雄's farmland table, 投资规模(万元))."""

from __future__ import annotations

from ingest.structure import _spaced_header, parse_structure
from ontology import Gazetteer
from tests.text_extraction import project_money

SPACED_APPROVALS = """作出的建设项目环境影响评价文件审批决定
序号 文件名称 文号 发文时间
1 关于平江县月池塘安居小区建设项目的审批意见 平环批字[2017]10658号 2017/11/15
2 关于平江县交通建设投资有限公司蒙华铁路平江火车站连接线(S317城区段)建设项目的审批意见 平环批字[2017]10668号 2017/11/15
3 关于平江县城市建设投资有限公司平江县鲁肃西路(严家滩大桥-平江大桥段)建设项目的审批意见 平环批字[2017]20670号 2017/11/17
4 关于平江县宏利源石业有限公司花岗岩石材加工项目的审批意见 平环批字[2017]10687号 2017/11/23
"""

SPACED_PARKS = """序号 属地 项目名称 备注
1 鲤城区 ★鲤城区高新区科创中心 试点项目
2 鲤城区 泉州鲤城园区标准化建设示范区一期
3 鲤城区 泉州鲤城火炬紫华园
4 鲤城区 泉州鲤城海天产业园
"""


def test_a_spaced_approval_lists_works_are_its_titles_whole(gaz: Gazetteer) -> None:
    """The owner the title writes before the work stays in its name, as the key has it."""
    found = project_money(SPACED_APPROVALS, gaz)
    assert {"平江县交通建设投资有限公司蒙华铁路平江火车站连接线(S317城区段)建设项目",
            "平江县城市建设投资有限公司平江县鲁肃西路(严家滩大桥-平江大桥段)建设项目",
            "平江县月池塘安居小区建设项目"} <= set(found)
    assert not any("审批意见" in name or "平环批字" in name for name in found)


def test_a_spaced_row_reads_its_name_cell_alone(gaz: Gazetteer) -> None:
    rows = [s for s in parse_structure(SPACED_PARKS).preamble if s.named]
    assert [s.text for s in rows] == ["鲤城区高新区科创中心", "泉州鲤城园区标准化建设示范区一期", "泉州鲤城火炬紫华园",
                                      "泉州鲤城海天产业园"]
    assert all(SPACED_PARKS[s.start : s.end] == s.text for s in rows)  # provenance: the cell's own characters


def test_a_spaced_header_joins_a_words_spaced_characters() -> None:
    assert _spaced_header("序号 项 目 名 称 备注") == (["序号", "项目名称", "备注"], ["seq", "name", None])
    assert _spaced_header("序号 文件名称 文号 发文时间") is not None
    assert _spaced_header("一 科技产业类 59项") is None


FUND_TABLE = """三、资金分配情况表
铜川市耀州区2018年扶贫资金分配表
单位:万元
序号 |
项目名称 |
建设地点 |
建设内容 |
整合资金 |
责任单位 |
1 |
农田水利工程维修养护项目 |
全区 |
京兆村、上龙村等水利设施维修养护 |
330 |
水务局 |
2 |
耀州区照金镇芋园(五峰)村绿化工程 |
耀州区照金镇芋园(五峰)村 |
1、新村巷道绿化;2、芋园(五峰)兔场周边绿化;3、新村广场绿化 |
49 |
照金镇政府 |
3 |
孙塬镇惠塬村巷道硬化及排水工程 |
惠塬村 |
村内三组巷道硬化、六组至七组硬化巷道及排水渠铺设1000米 |
30 |
扶贫局 |
"""


def test_a_bare_figure_takes_the_unit_over_its_table(gaz: Gazetteer) -> None:
    """A cell that opens like a heading ("1、新村巷道绿化;…") but ends in its bar is still the row's cell."""
    found = project_money(FUND_TABLE, gaz)
    assert found["农田水利工程维修养护项目"] == 330.0
    assert found["耀州区照金镇芋园(五峰)村绿化工程"] == 49.0
    assert found["孙塬镇惠塬村巷道硬化及排水工程"] == 30.0


def test_a_bare_figure_takes_the_unit_in_its_header(gaz: Gazetteer) -> None:
    text = ("序号 | 项目类型 | 项目名称 | 项目建设地点 | 项目单位 | 建设规模(万亩) | 投资规模(万元) |\n"
            "1 | 高标准农田建设项目 | 楚雄州楚雄市2025年高标准农田建设项目 | 苍岭镇黄草村委会、云甸村委会 | 楚雄市农业农村局 |"
            " 新建1.02万亩,改造提升0.51万亩 | 4462.5 |\n"
            "2 | 高标准农田建设项目 | 楚雄州南华县2025年高标准农田建设项目 | 龙川镇柿子树社区、大智阁村委会 | 南华县农业农村局 |"
            " 新建0.95万亩 | 3702.5 |\n")
    found = project_money(text, gaz)
    assert found["楚雄州楚雄市2025年高标准农田建设项目"] == 4462.5
    assert found["楚雄州南华县2025年高标准农田建设项目"] == 3702.5


MERGED = """2024年温州市第三批高标准农田建设项目清单
县市区 | 序号 | 项目名称 | 建设规模(万亩) | 其中新建面积(万亩) | 新建中新增高效节水(万亩) | 其中改造提升面积(万亩) |
鹿城区 | 1 | 2024年鹿城区藤桥镇藤北村等15村高标准农田建设项目 | 0.2228 | 0.2228 | 1421.26 | |||
2 | 2024年鹿城区山福镇江南村等8村高标准农田建设项目 | 0.1541 | 0.1541 | 1430.96 | ||||
3 | 2024年鹿城区仰义街道澄沙桥等3村高标准农田建设项目 | 0.0703 | 0.0703 | 0.0199 | 896.43 | |||
"""


def test_a_row_under_a_merged_cell_keeps_its_columns(gaz: Gazetteer) -> None:
    """2130 (holdout109): the county cell spans its group's rows, so the rows after the first open with their number;
    read from the left they put the number under 县市区 and a figure under 项目名称 ("0.1541" was a work)."""
    found = project_money(MERGED, gaz)
    assert {"2024年鹿城区藤桥镇藤北村等15村高标准农田建设项目", "2024年鹿城区山福镇江南村等8村高标准农田建设项目",
            "2024年鹿城区仰义街道澄沙桥等3村高标准农田建设项目"} <= set(found)
    assert not any(name[0].isdigit() and "年" not in name for name in found)
