"""Round 15: items of a list the text itself calls fields (…等方面, …等领域) name no work, whatever the tagger
proposes there. Real sentence of the bundled guidance (data/docs), where the retrained judge kept 黄河文化传承."""

from __future__ import annotations

from ingest.extract import extractor_for
from ingest.ner import default_tagger
from ingest.project_phrases import find_project_phrases
from ontology import Gazetteer


def _names(text: str, gaz: Gazetteer) -> list[str]:
    words = default_tagger().tokens([text])[0]
    return [p.name for p in find_project_phrases(text, extractor_for(gaz).find(text), gaz, words)]


def test_a_list_of_fields_names_no_work(gaz: Gazetteer) -> None:
    text = "沿黄七县要围绕生态保护、绿色发展，在乡村振兴、生态治理、黄河文化传承等方面创建样板、谋划项目。"
    assert _names(text, gaz) == []
    # a work before 等项目 is still one (the guidance's own list of works)
    assert "遗址博物馆群" in _names("谋划实施黄河国家文化公园、遗址博物馆群、重点景区景点扩容提档等项目。", gaz)
