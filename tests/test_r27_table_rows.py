"""Round 27, a table pasted into a text: a row a line, each opening with its number and ending with the
work's stage (texts 993 and 558, 上海市重大建设项目清单), names one work a row, with or without a work word;
and a brand opening with 和 after 、 keeps it (text 1031: 和世泰钛材加工中心)."""

from __future__ import annotations

from ingest.structure import parse_structure
from ontology import Gazetteer
from tests.text_extraction import project_money

SPACED = ("2021年上海市重大建设项目计划\n单位:万元\n序号 项目名称 备注\n正式项目合计 166项\n一 科技产业类 59项\n"
          "(一) 科创中心 (10项)\n1 上海光源二期 在建\n2 上海集成电路产业研发与转化功能型平台 建成\n"
          "3 上海硬X射线自由电子激光装置项目 在建\n4 高效低碳燃气轮机试验装置国家重大科技基础设施 在建\n"
          "5 国家海底长期科学观测系统 在建\n")
GLUED = ("2022年上海市重大建设项目投资计划表(正式项目)\n单位:万元\n序号 项 目 名 称 备注\n正式项目合计173项\n"
         "(一)科创中心 8项)\n6张江实验室研发大楼在建\n7同济大学上海自主智能无人系统科学中心在建\n"
         "8李政道研究所(实验楼、基础实验设施)建成\n(二)先进制造业 (47项)\n9中航商用航空发动机公司产业基地建设项目在建\n"
         "10中国商用飞机公司民用飞机试飞中心在建\n")


def test_rows_are_kept_apart_without_their_numbers() -> None:
    """(Round 45: under its spaced header 序号 项目名称 备注 the table is read by its columns, the name cell alone.)"""
    parsed = parse_structure(SPACED)
    sentences = [*parsed.preamble, *(s for section in parsed.all_sections() for s in section.sentences)]
    rows = [s.text for s in sentences if s.named]
    assert rows[:2] == ["上海光源二期", "上海集成电路产业研发与转化功能型平台"]
    assert len(rows) == 5
    start = SPACED.index("上海光源二期")
    first = next(s for s in sentences if s.named)
    assert (first.start, first.end) == (start, start + len("上海光源二期"))
    assert [s.text for s in sentences if s.column == "other"][:2] == ["在建", "建成"]


def test_each_row_names_one_work_without_its_stage(gaz: Gazetteer) -> None:
    found = set(project_money(SPACED, gaz))
    assert {"上海光源二期", "国家海底长期科学观测系统", "上海集成电路产业研发与转化功能型平台"} <= found
    assert not any(name.endswith(("在建", "建成")) for name in found)


def test_glued_numbers_and_stages_and_rows_across_headings(gaz: Gazetteer) -> None:
    found = set(project_money(GLUED, gaz))
    assert {"张江实验室研发大楼", "同济大学上海自主智能无人系统科学中心", "中国商用飞机公司民用飞机试飞中心"} <= found


def test_numbered_captions_stay_prose() -> None:
    # text 970: photo captions numbered 1-4 are rows by their numbers, but sentences, so no list items
    text = ("1 东北亚国际博览中心效果图。 (资料图片)\n2 预计今年10月末,一汽红旗新能源汽车工厂整个施工项目将全部竣工。\n"
            "3 全球最大的重组人生长激素企业金赛药业继续保持生长激素领域国际领先地位。\n4 长春中车整体搬迁建设项目鸟瞰图。\n")
    sentences = parse_structure(text).preamble
    assert sentences[0].text.startswith("东北亚") and all(s.row for s in sentences)


def test_a_number_that_is_a_date_or_amount_opens_no_row() -> None:
    text = "5月10日,项目开工。\n6月1日,项目签约。\n7月3日,项目投产。\n"
    assert not any(s.row for s in parse_structure(text).preamble)


def test_he_after_a_list_mark_opens_a_brand(gaz: Gazetteer) -> None:
    found = project_money("集中开工的辽宁百岁国际家居建材工业园、辽宁荣信沐樾府、和世泰钛材加工中心等20个重点项目,"
                          "总投资28亿元。", gaz)
    assert "和世泰钛材加工中心" in found


def test_a_place_or_brand_may_open_with_a_verbs_character(gaz: Gazetteer) -> None:
    # 上, 多, 向 open no name as verbs (上马…, 向…); 上汽, 多氟多, 向家坝 are a brand, a company and a place
    found = project_money("上汽大众全新朗逸车型技改项目总投资约50亿元,预计2025年6月正式投产。", gaz)
    assert found.get("上汽大众全新朗逸车型技改项目") == 500000
    found = project_money("位于焦作经济技术开发区的多氟多新能源年产6GWh能量型动力锂离子电池组项目生产车间,自动化设备高速运转。",
                          gaz)
    assert "多氟多新能源年产6GWh能量型动力锂离子电池组项目" in found


def test_a_caption_ends_with_its_byline() -> None:
    # text 1062 (found after the fresh reading): captions end with a byline and no stop; the next line is no part
    # of them (王虎张掖市甘州区… was one sentence)
    text = ("临夏州2023年一季度全州重大项目集中开工活动现场。新甘肃·甘肃日报记者 王虎\n"
            "张掖市甘州区河西硅业20万吨硅系新材料综合利用项目建设现场。甘州区委宣传部供图\n"
            "武威市重大项目集中开工活动现场停放的大型机械。新甘肃·甘肃日报记者 金奉乾\n"
            "渭源县渭水人家棚户区住宅小区(B区)项目施工现场。\n")
    sentences = [s.text for s in parse_structure(text).preamble]
    assert "张掖市甘州区河西硅业20万吨硅系新材料综合利用项目建设现场。" in sentences
    assert "渭源县渭水人家棚户区住宅小区(B区)项目施工现场。" in sentences
