from __future__ import annotations

import pytest

from ontology import Gazetteer, SchemaError, load_schema
from ontology.schema import Schema


def test_schema_declares_required_labels_and_types() -> None:
    schema = load_schema()
    for label in ["PolicyDocument", "Section", "Task", "Measure", "Project", "County", "Block", "Region",
                  "River", "Industry", "IndustrialChain", "Enterprise", "DevelopmentZone", "Park"]:
        assert label in schema.labels
    for rel in ["HAS_SECTION", "HAS_TASK", "MENTIONS", "LOCATED_IN", "MEMBER_OF", "PARTNER_OF",
                "IN_INDUSTRY", "PART_OF_CHAIN", "UPSTREAM_OF", "SERVES_TASK", "FLOWS_THROUGH"]:
        assert rel in schema.relationships


def test_schema_rejects_undeclared_label_in_relationship() -> None:
    with pytest.raises(SchemaError, match="undeclared label Nowhere"):
        Schema.model_validate({"labels": {"A": {"id_prefix": "a:"}},
                               "relationships": {"R": {"from": ["A"], "to": ["Nowhere"]}}})


def test_schema_rejects_injection_in_names() -> None:
    with pytest.raises(SchemaError):
        Schema.model_validate({"labels": {"A`) DETACH DELETE n //": {"id_prefix": "a:"}}, "relationships": {}})
    with pytest.raises(SchemaError):
        load_schema().check_rel("MENTIONS]->() DETACH DELETE n //")


def test_seventeen_counties_with_codes(gaz: Gazetteer) -> None:
    counties = gaz.by_label("County")
    assert len(counties) == 17
    codes = {c.name: c.data["code"] for c in counties}
    assert codes["洪洞县"] == "141024" and codes["霍州市"] == "141082" and codes["尧都区"] == "141002"
    assert gaz.county("洪洞").name == "洪洞县"
    assert gaz.county("临汾市区").name == "尧都区"


def test_three_blocks_with_members(gaz: Gazetteer) -> None:
    sizes = {b.name: len(b.data["member_ids"]) for b in gaz.by_label("Block")}
    assert sizes == {"沿汾": 6, "沿黄": 7, "沿太岳": 4}
    assert gaz.block_of(gaz.county("吉县").id).name == "沿黄"
    assert gaz.block_of(gaz.county("翼城县").id).name == "沿太岳"


def test_ambiguous_short_forms_are_context_only(gaz: Gazetteer) -> None:
    gu = gaz.county("古县")
    assert "古" in gu.context_forms and "古" not in gu.forms


def test_chains_have_ordered_links(gaz: Gazetteer) -> None:
    links = [l.name for l in gaz.chain_links("chain:hydrogen")]
    assert links[0] == "焦化/钢铁副产氢" and links[3] == "氢能重卡整车"
    assert len(gaz.by_label("IndustrialChain")) >= 5
