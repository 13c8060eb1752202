"""Round 15, places in the open world: a generic zone name of the national divisions places no project on its
own (综合保税区 is many cities' zone, not 天津东丽区's), and a text's 全省 is its own province, not the home
province the gazetteer reads it as."""

from __future__ import annotations

from pathlib import Path

from ingest.extract import extractor_for
from ingest.places import resolver_for
from ingest.policy import policy_batch
from ingest.reader import front_matter
from ontology import Gazetteer
from ontology.divisions import read_divisions

REAL = Path(__file__).parent / "data" / "real"


def test_a_generic_zone_name_places_nothing_on_its_own(gaz: Gazetteer) -> None:
    resolver = resolver_for(gaz, extractor_for(gaz))
    for name in ("综合保税区跨境电商产业园项目", "华纺新材料产业园项目", "航空新城综合体项目", "良种场改扩建项目"):
        placed = resolver.place({"name": name})
        assert placed.county_ids == () and placed.region_id is None, (name, placed)
    # a zone carrying its county's or city's name, or a farm with a name of its own, still places
    divisions = read_divisions()
    for zone in ("大兴经济开发区", "天津港保税区", "塞罕坝机械林场"):
        assert divisions.full.get(zone), zone
    assert resolver.place({"name": "大兴经济开发区生物医药产业园项目"}).county_ids == ("county:110115",)


def test_a_texts_whole_province_is_its_own(gaz: Gazetteer) -> None:
    """241 (dev13), a 甘肃 text: its 全省 mentions 甘肃省 (region:62), never the home province."""
    stem = "241-gansu-2021-spring-starts-city-venues"
    text = (REAL / f"{stem}.md").read_text(encoding="utf-8")
    header, body = front_matter(text)
    batch = policy_batch(f"doc:{stem}", body, {"path": stem, **header}, gaz, extractor_for(gaz))
    whole = {e.dst for e in batch.edges.values() if e.type == "MENTIONS" and e.props.get("form") == "全省"}
    assert whole and gaz.home.id not in whole and "region:14" not in whole, whole
    assert whole <= {"region:62"}
