"""GB/T 4754-2017 as data, and a standard industry for every project."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import yaml

from ingest.standard_industry import StandardIndustryClassifier
from ontology.gazetteer import DATA_DIR
from ontology.standard_industry import load_standard
from search_api.cli import main
from tests.conftest import DOCS

SAMPLE = Path(__file__).resolve().parent / "data" / "real" / "standard-industry-sample.json"


def test_the_table_has_the_standards_shape() -> None:
    std = load_standard()
    assert std.standard == "GB/T 4754-2017"
    assert len(std.sections) == 20 and len(std.divisions) == 97
    assert [s.code for s in std.sections] == list("ABCDEFGHIJKLMNOPQRST")
    assert all(std.section(d.section).holds(d.code) for d in std.divisions)
    by_code = {d.code: d for d in std.divisions}
    assert (by_code["44"].name, by_code["44"].section) == ("电力、热力生产和供应业", "D")
    assert (by_code["31"].name, by_code["76"].name) == ("黑色金属冶炼和压延加工业", "水利管理业")


def test_keywords_place_the_projects_the_old_industries_missed() -> None:
    found = StandardIndustryClassifier().classify(["安泽和川水库工程", "国电霍州发电厂2×60万千瓦发电项目",
                                                   "临汾民航机场建设项目", "古县经济技术开发区通用聚苯乙烯项目",
                                                   "翼城产业集聚区精品钢基地项目", "大宁县城乡供水一体化工程"])
    assert [f.code if f else None for f in found] == ["N76", "D44", "G56", "C26", "C31", "D46"]


class _Fixed:
    """An encoder that maps every text to one direction, to see the model path used."""

    def __init__(self, dim: int, row: int) -> None:
        self.dim, self.row = dim, row

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        out[:, self.row] = 1.0
        return out


def test_the_model_places_what_no_keyword_does() -> None:
    classifier = StandardIndustryClassifier(_Fixed(97, 0))
    classifier._vectors = np.eye(97, dtype=np.float32)  # division i ↔ axis i
    first, second = classifier.classify(["全新的某某项目", "安泽和川水库工程"])
    assert first is not None and (first.code, first.source, first.score) == ("A01", "model", 1.0)
    assert second is not None and second.source == "keywords"


def test_labelled_sample_section_accuracy_with_keywords_alone() -> None:
    labels = json.loads(SAMPLE.read_text(encoding="utf-8"))["labels"]
    found = StandardIndustryClassifier().classify([row["name"] for row in labels])
    right = sum(1 for row, f in zip(labels, found, strict=True) if f is not None and f.section == row["section"])
    assert len(labels) >= 80 and right / len(labels) >= 0.85


def test_projects_json_carries_it_and_search_filters_by_it(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    home = ["--home", str(tmp_path)]
    assert main([*home, "ingest", str(DOCS / "projects-2023-news.md"), "--json"]) == 0
    capsys.readouterr()
    assert main([*home, "projects", "--json"]) == 0
    projects = json.loads(capsys.readouterr().out)
    assert all(p["standard_industry"] for p in projects)
    pumped = next(p for p in projects if p["name"] == "安泽抽水蓄能电站项目")
    assert pumped["standard_industry"]["code"] == "D44" and pumped["standard_industry"]["section"] == "D"


def test_search_filter_columns_hold_section_division_and_code() -> None:
    from search_api.core.catalog import ProjectDoc
    from search_api.core.columns import FilterColumns
    from search_api.core.models import StandardIndustryRef

    def doc(pid: str, section: str, division: str) -> ProjectDoc:
        return ProjectDoc(id=pid, name=pid, county=None, counties=[], block=None, task=None, task_id=None,
                          industries=[], chains=[], links=[], rivers=[], investment_wan=None, years=None, content="",
                          standard_industry=StandardIndustryRef(section=section, division=division,
                                                                code=section + division, name="", score=1.0))

    cols = FilterColumns.build([doc("a", "D", "44"), doc("b", "N", "76"), doc("c", "D", "45")])
    assert cols.member(cols.standard, "D").tolist() == [True, False, True]
    assert cols.member(cols.standard, "44").tolist() == [True, False, False]
    assert cols.member(cols.standard, "N76").tolist() == [False, True, False]


def test_policy_industries_map_onto_the_divisions_their_own_words_point_to() -> None:
    """`gbt4754` in ontology/data/industries.yaml is reviewed data; it must still be what the
    industry's name, aliases and keywords point to through the standard's division keywords,
    most pointed-to first, and every code a division of the standard."""
    divisions = {d.code for d in load_standard().divisions}
    classifier = StandardIndustryClassifier()
    industries = yaml.safe_load((DATA_DIR / "industries.yaml").read_text(encoding="utf-8"))["industries"]
    for industry in industries:
        words = [industry["name"], *industry["aliases"], *industry["keywords"]]
        pointed = Counter(f.division for f in classifier.classify(words) if f is not None)
        assert industry["gbt4754"] == [code for code, _ in pointed.most_common()], industry["name"]
        assert set(industry["gbt4754"]) <= divisions
