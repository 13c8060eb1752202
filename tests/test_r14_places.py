"""Round 14 (docs/extraction-quality.md, "Round 14"): a list of bare places of any province before one work word
names one work per place, as the home counties' lists always did (洪洞县、安泽县、吉县抽水蓄能电站项目). Real
sentences of the training texts (359, 367, 299, 288, 350, 222, 284 and the guidance)."""

from __future__ import annotations

from ingest import project_phrases
from ingest.extract import extractor_for
from ingest.ner import default_tagger
from ontology import Gazetteer


def _composed(text: str, gaz: Gazetteer) -> list[str]:
    words = default_tagger().tokens([text])[0]
    return [p.name for p in project_phrases._place_lists(text, extractor_for(gaz).find(text), words)]


def test_one_work_per_place(gaz: Gazetteer) -> None:
    # 359: the last place read with its work word by the NER (定西民用机场), another object after 和
    assert _composed("全面推进嘉峪关机场改扩建工程,加快天水、平凉、临夏、定西民用机场和具备条件的通用机场前期工作。", gaz) \
        == ["天水民用机场", "平凉民用机场", "临夏民用机场", "定西民用机场"]
    # 367: the work word's stage stays in the name as the text writes it
    assert _composed("实施武汉、长沙、重庆、贵阳机场扩建,建设成都新机场。", gaz) \
        == ["武汉机场扩建", "长沙机场扩建", "重庆机场扩建", "贵阳机场扩建"]
    # 299: two places joined by 和, then another object after 以及
    assert _composed("此外,京藏高速公路那曲至拉萨段、日喀则至口岸铁路、拉萨新机场、叶巴滩和拉哇水电站以及昌都、阿里与藏中"
                     "电网联网工程等重大项目前期工作正在筹备中。", gaz) == ["叶巴滩水电站", "拉哇水电站"]


def test_lists_that_name_no_work_per_place(gaz: Gazetteer) -> None:
    assert _composed("建设南京、徐州、连云港三大国家级综合运输枢纽。", gaz) == []  # a counted group (288)
    assert _composed("推动济南、青岛协同打造区域航空双枢纽。", gaz) == []  # cooperation, not works (350)
    assert _composed("加快北京、上海等机场建设。", gaz) == []  # a kind, with 等
    assert _composed("谋划实施中条山、吕梁山、太行山生态屏障修复治理项目。", gaz) == []  # one work across mountains
    assert _composed("谋划洪洞县、安泽县、吉县抽水蓄能电站项目。", gaz) == []  # home counties: _county_sites' own


def test_an_owner_before_the_list_belongs_to_each_work(gaz: Gazetteer) -> None:
    """Round 17 (dev text 222): the company right before the places is each work's owner, in each name."""
    assert _composed("国家能源集团荆州和随州热电联产项目。", gaz) == ["国家能源集团荆州热电联产项目",
                                                             "国家能源集团随州热电联产项目"]


def test_training_labels_the_place_of_a_composed_name() -> None:
    """A name keyed one work per place is no span of its sentence; train_spans labels its place instead, as the
    keys wrote it before round 14, so the tagger is not taught that the place is no name (66, 222, 359)."""
    from ingest.span_tagger import bio_labels
    from search_api.tools.train_spans import list_items

    text = "加快涔天河、莽山、毛俊水库建设。"
    assert list_items(text, ["涔天河水库", "莽山水库"]) == ["涔天河", "莽山"]
    labels = bio_labels(text, ["毛俊水库", *list_items(text, ["涔天河水库", "莽山水库"])])
    assert "".join(labels) == "OO" + "BII" + "O" + "BI" + "O" + "BIII" + "OOO"
    assert list_items("国家能源集团荆州和随州热电联产项目", ["国家能源集团荆州热电联产项目"]) == ["国家能源集团荆州"]
    assert list_items("建设南京、徐州综合运输枢纽", ["南京机场"]) == []  # the work word is not in the sentence
