"""Round 15, places in the open world: a generic zone name of the national divisions places no project on its
own (综合保税区 is many cities' zone, not 天津东丽区's), and a text's 全省 is its own province, not the home
province the gazetteer reads it as."""

from __future__ import annotations

from pathlib import Path

from graph.store import GraphStore
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


def test_a_home_countys_short_form_in_another_provinces_text_is_no_home_place(gaz: Gazetteer) -> None:
    """457 (dev17), a 福建 list: 邵武永和新型环保… is a company's word, not the home county 永和县; neither the
    project nor the text is placed there, and the text mentions no home county by it."""
    stem = "457-fujian-2018-q2-259-starts-brand-projects"
    text = (REAL / f"{stem}.md").read_text(encoding="utf-8")
    header, body = front_matter(text)
    batch = policy_batch(f"doc:{stem}", body, {"path": stem, **header}, gaz, extractor_for(gaz))
    yonghe = next(e.id for e in gaz.entries.values() if e.name == "永和县")
    assert not [e for e in batch.edges.values() if e.dst == yonghe], "永和 of 邵武永和 is no home county here"
    projects = [n for n in batch.nodes.values() if n.label == "Project"]
    assert projects and not [n.props["name"] for n in projects if n.props.get("home")]
    # the home corpus keeps its short forms: 洪洞 alone is 洪洞县 in a text about the home city
    home = policy_batch("doc:h", "临汾市重点项目集中开工。洪洞大槐树景区提升项目开工建设。", {"path": "h"}, gaz,
                        extractor_for(gaz))
    placed = [n.props.get("county") for n in home.nodes.values() if n.label == "Project"]
    assert placed == ["洪洞县"]


def test_partnerships_of_other_cities_are_not_the_home_citys(gaz: Gazetteer) -> None:
    """A 运城 item on its cooperation with 西安 states no partnership of the home city (two held-out 陕西 texts
    gave the home city 西安 as a partner so); a sentence naming the home city still does, as the guidance's do."""
    def partners(text: str) -> set[str]:
        batch = policy_batch("doc:t", text, {"path": "t"}, gaz, extractor_for(gaz))
        return {e.dst for e in batch.edges.values() if e.type == "PARTNER_OF"}

    assert partners("2024年3月,运城市与西安市签订合作协议,共同推进运城空港物流园项目建设,总投资12亿元。") == set()
    assert partners("临汾市与运城市签订合作协议,共同推进黄河金三角区域合作。") == {"region:1408"}


def test_another_citys_project_serves_none_of_the_home_policys_tasks(gaz: Gazetteer, guidance_store: GraphStore) -> None:
    """The guidance's ten tasks are the home city's: a 孝感 project, even one of the same kind, is inferred to
    serve none of them, while the same project in a home county still is."""
    from ingest.tasks import TaskIndex

    tasks = TaskIndex.from_store(guidance_store, extractor_for(gaz))

    def served(text: str) -> list[str]:
        batch = policy_batch("doc:t", text, {"path": "t"}, gaz, extractor_for(gaz), tasks)
        return [e.dst for e in batch.edges.values() if e.type == "SERVES_TASK"]

    assert served("湖北省孝感市孝南区开工建设抽水蓄能电站项目,总投资80亿元。") == []
    assert len(served("临汾市洪洞县开工建设抽水蓄能电站项目,总投资80亿元。")) == 1
