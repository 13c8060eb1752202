"""Round 20, a company's forms with and without the place its name starts with (南通恒力纺织, 恒力纺织有限公司;
中山大洋电机, 大洋电机): one node, found by the place-less core, with the place as its LOCATED_IN; a country
before a brand (美国希尔顿) is where the company is from, not its brand."""

from __future__ import annotations

from ingest.enterprises import brand_of, resolve
from ingest.extract import extractor_for
from ontology import Gazetteer


def test_forms_with_and_without_their_place_are_one_company(gaz: Gazetteer) -> None:
    extractor = extractor_for(gaz)
    with_place, without = resolve("南通恒力纺织", gaz, extractor), resolve("恒力纺织有限公司", gaz, extractor)
    assert with_place.id == without.id == "enterprise:恒力纺织"
    assert with_place.origin == "3206" and without.origin is None
    assert resolve("中山大洋电机", gaz, extractor).id == "enterprise:大洋电机"
    # a core this short says too little without its place (北京首钢 is not every 首钢)
    assert resolve("北京首钢", gaz, extractor).id == "enterprise:北京首钢"
    # a county's short form is often a brand: 长安福特 is not 长安区's 福特
    assert resolve("长安福特汽车有限公司", gaz, extractor).id == "enterprise:长安福特汽车"


def test_a_country_is_no_brand() -> None:
    assert brand_of("美国希尔顿") is None
