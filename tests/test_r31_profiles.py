"""Round 31: a project's profile written as fields, one a line, as investment promotion lists and project briefs
are (项目名称:…/建设地点:…/建设内容及规模:…/总投资:3.5亿元/建设年限:…/责任单位:…): the field lines right after a
line naming one work are that work's — its place, investment, years, owner and content — read with the project
lists' own header words; a field line names no work of its own, and such lines are never joined into one
sentence. Before, the lines ran together and the work kept only what its own line said. The profile is written
for these tests in the shape those lists use; the works are invented."""

from __future__ import annotations

from pathlib import Path

from graph.store import GraphStore
from ingest.extract import extractor_for
from ingest.pipeline import Ingestor
from ingest.policy import policy_batch
from ingest.structure import parse_structure
from ontology import Gazetteer

PROFILES = """2023年招商引资重点项目推介

一、年产5万吨新型复合材料项目
项目名称:年产5万吨新型复合材料项目
建设地点:侯马经济开发区
建设内容及规模:新建生产车间2万平方米,购置生产线4条,主要生产碳纤维复合板材。
总投资:3.5亿元
二、汾河湿地文旅康养项目
建设地点:襄汾县
总投资:约12亿元
建设年限:2023-2025年
责任单位:襄汾县文旅局
"""


def _projects(text: str, gaz: Gazetteer) -> dict[str, dict[str, object]]:
    batch = policy_batch("doc:t", text, {"path": "t"}, gaz, extractor_for(gaz))
    return {n.props["name"]: n.props for n in batch.nodes.values() if n.label == "Project"}


def test_a_profiles_fields_are_its_works(gaz: Gazetteer) -> None:
    found = _projects(PROFILES, gaz)
    assert set(found) == {"年产5万吨新型复合材料项目", "汾河湿地文旅康养项目"}
    material, park = found["年产5万吨新型复合材料项目"], found["汾河湿地文旅康养项目"]
    assert (material["county"], material["investment_wan"]) == ("侯马市", 35000)
    assert "碳纤维复合板材" in str(material["content"])
    assert (park["county"], park["investment_wan"], park["years"], park["owner"]) == (
        "襄汾县", 120000, "2023-2025", "襄汾县文旅局")


def test_the_heading_and_the_name_line_are_one_work(gaz: Gazetteer) -> None:
    batch = policy_batch("doc:t", PROFILES, {"path": "t"}, gaz, extractor_for(gaz))
    ids = [n.id for n in batch.nodes.values() if n.label == "Project" and n.props["name"].startswith("年产5万吨")]
    assert len(ids) == 1


def test_field_lines_stay_lines(gaz: Gazetteer) -> None:
    parsed = parse_structure(PROFILES)
    lines = [s.text for section in parsed.all_sections() for s in section.sentences]
    assert "建设地点:襄汾县" in lines and "总投资:约12亿元" in lines


def test_a_content_line_names_no_work_of_its_own(gaz: Gazetteer) -> None:
    found = _projects("一、东岭智慧冷链物流园项目\n建设地点:襄汾县\n"
                      "建设内容:建设冷库项目和分拣中心工程,配套建设道路、停车场。\n总投资:2亿元\n", gaz)
    assert set(found) == {"东岭智慧冷链物流园项目"}
    assert found["东岭智慧冷链物流园项目"]["investment_wan"] == 20000


def test_prose_with_a_colon_still_names_its_works(gaz: Gazetteer) -> None:
    found = _projects("总投资:今年全市新开工侯马经济开发区智能装备产业园项目、襄汾县汾河湿地公园项目等30个重大项目,"
                      "合计投资120亿元。", gaz)
    assert "侯马经济开发区智能装备产业园项目" in found or "智能装备产业园项目" in found


def test_a_list_file_reads_the_same_header_words(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("项目名称,项目地点,投资规模(亿元),建设期限\n汾西县光伏储能电站项目,汾西县,6.5,2024-2026\n",
                    encoding="utf-8")
    result = Ingestor(store).ingest_file(path)
    assert result.status == "ingested", result.error
    rows = [n.props for n in store.find_nodes("Project")]
    assert [(p["county"], p["investment_wan"], p["years"]) for p in rows] == [("汾西县", 65000, "2024-2026")]


def test_a_numbered_name_line_with_its_partner_and_amount(gaz: Gazetteer) -> None:
    found = _projects("此次活动,我市8个签约项目总投资额达352亿元。具体如下:\n央企:东方能源控股有限公司\n投资规模:100亿元\n"
                      "5项目名称:吉县国际文旅创城项目\n央企:中国金茂控股集团有限公司\n投资规模:150亿元\n"
                      "6项目名称:侯马经济开发区轨道交通装备超级工厂项目\n央企:中车城市交通\n投资规模:12亿元\n", gaz)
    assert found["吉县国际文旅创城项目"]["investment_wan"] == 1500000
    assert found["吉县国际文旅创城项目"]["owner"] == "中国金茂控股集团有限公司"
    assert found["侯马经济开发区轨道交通装备超级工厂项目"]["investment_wan"] == 120000
