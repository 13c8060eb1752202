"""Round 19, places. Zones: a development zone a text names by its division and a kind of zone (长沙经开区,
永济经济技术开发区, 宁乡高新区, 哈尔滨新区) is a DevelopmentZone node LOCATED_IN that division, mentioned
by the text with the zone's whole name, one node however the kind is shortened. Sentences of the dev texts
21 (山西), 224 (湖南), 226 (湖南), 253 (黑龙江) and 50 (吕梁, where a province before 开发区 names its
zones together). Townships: another city's township by its full name, when the sentence names a place
holding it or, naming none, the country has one of that name (dev texts 16, 江苏, and 18, 湖南; a name of place-names-2.json)."""

from __future__ import annotations

from graph.models import GraphBatch
from ingest.extract import extractor_for
from ingest.places import resolver_for
from ingest.policy import policy_batch
from ontology import Gazetteer


def _batch(text: str, gaz: Gazetteer, title: str = "") -> GraphBatch:
    return policy_batch("doc:t", text, {"path": "t", **({"title": title} if title else {})}, gaz, extractor_for(gaz))


def _zones(text: str, gaz: Gazetteer, inside: tuple[str, ...] = ()) -> dict[str, str]:
    return {z.form: z.code for z in resolver_for(gaz, extractor_for(gaz)).zones(text, inside)}


def _zone_nodes(batch: GraphBatch) -> dict[str, str]:
    """Each zone node's name → the name of the division it is LOCATED_IN."""
    names = {n.id: n.props.get("name") for n in batch.nodes.values()}
    return {names[e.src]: names.get(e.dst) or e.dst for e in batch.edges.values()
            if e.type == "LOCATED_IN" and batch.nodes[e.src].label == "DevelopmentZone"}


def test_a_zone_named_by_its_city_or_county(gaz: Gazetteer) -> None:
    assert _zones("开工仪式在永济经济技术开发区举行。", gaz) == {"永济经济技术开发区": "140881"}
    # 长沙 is 长沙市 and 长沙县 at once: the city holds either
    assert _zones("比亚迪长沙新能源汽车项目落户长沙经开区。", gaz) == {"长沙经开区": "4301"}
    assert _zones("湖南宁乡高新区与企业签约。", gaz) == {"宁乡高新区": "430182"}
    assert _zones("哈尔滨新区和大庆市高新区共建产业园。", gaz) == {"哈尔滨新区": "2301", "大庆市高新区": "2306"}
    assert _zones("安顺国家高新区签约项目12个。", gaz) == {"安顺国家高新区": "5204"}


def test_no_zone_without_a_certain_division(gaz: Gazetteer) -> None:
    # 滨海新区 is a division itself, not a zone; 滨海 alone is 江苏's 滨海县 unless the sentence holds it
    assert _zones("天津滨海新区加快建设。", gaz) == {}
    assert _zones("滨海高新区加快建设。", gaz, ("12",)) == {"滨海高新区": "120116"}  # 滨海新区's, since round 20
    assert _zones("滨海高新区加快建设。", gaz, ("51",)) == {}
    assert _zones("加快建设工业园区和新区。", gaz) == {}
    # a province before a plain kind names its zones together
    assert _zones("山西省开发区2024年第三次“三个一批”活动举行。", gaz) == {}


def test_the_zone_is_a_node_in_its_division(gaz: Gazetteer) -> None:
    text = "比亚迪长沙新能源汽车项目落户长沙经开区。另有3个项目落户长沙经济技术开发区。"
    batch = _batch(text, gaz)
    zones = [n for n in batch.nodes.values() if n.label == "DevelopmentZone" and n.props.get("code") == "4301"]
    assert len(zones) == 1, zones  # one zone however its kind is written
    assert zones[0].props["name"] == "长沙经济技术开发区"
    assert _zone_nodes(batch) == {"长沙经济技术开发区": "长沙市"}
    spans = {text[p.start:p.end] for e in batch.edges.values() if e.type == "MENTIONS" and e.dst == zones[0].id
             for p in e.provenance}
    assert spans == {"长沙经开区", "长沙经济技术开发区"}


def test_a_project_named_in_a_zone_is_located_in_it(gaz: Gazetteer) -> None:
    text = "6月18日,总投资50亿元的长沙经开区新能源汽车零部件产业园项目开工。"
    batch = _batch(text, gaz)
    projects = {n.id: n.props["name"] for n in batch.nodes.values() if n.label == "Project"}
    assert projects, "the sentence names a project"
    located = {projects[e.src]: batch.nodes[e.dst].props["name"] for e in batch.edges.values()
               if e.type == "LOCATED_IN" and e.src in projects and e.dst in batch.nodes
               and batch.nodes[e.dst].label == "DevelopmentZone"}
    assert set(located.values()) == {"长沙经济技术开发区"}, located


def _townships(text: str, gaz: Gazetteer) -> dict[str, str]:
    return {form: code for form, _, code in resolver_for(gaz, extractor_for(gaz)).mentions(text)
            if len(code) > 6}


def test_a_township_in_a_place_the_sentence_names(gaz: Gazetteer) -> None:
    assert _townships("兴化市戴南镇举行2019中国•兴化千垛菜花旅游节重大项目集中开工", gaz) == {"戴南镇": "321281123"}
    # a three-character name must be a word of its own: 宜居乡 is 重庆's township, not 美丽宜居乡村's words
    assert _townships("美丽宜居乡村建设项目开工。", gaz) == {}
    # 城关镇 is the name of hundreds of townships; the 2023 list's only 鹿角镇 is 重庆's, not in the named 岳阳县
    # (its 鹿角镇 was merged away) nor in 湖北
    assert _townships("城关镇建设项目全面开工。", gaz) == {}
    assert _townships("二、项目建设地址:岳阳县鹿角镇岳阳丰利纸业有限公司厂区内。", gaz) == {}
    assert _townships("项目位于湖北省鹿角镇。", gaz) == {}


def test_the_township_is_a_node_in_its_county(gaz: Gazetteer) -> None:
    text = "兴化市戴南镇举行重大项目集中开工。"
    batch = _batch(text, gaz)
    town = batch.nodes["township:321281123"]
    assert town.label == "Township" and town.props["name"] == "戴南镇"
    assert ("township:321281123", "county:321281") in {(e.src, e.dst) for e in batch.edges.values()
                                                       if e.type == "LOCATED_IN"}


def test_a_municipality_is_its_districts_city(gaz: Gazetteer) -> None:
    """北京市, 上海市, 天津市 and 重庆市 are provinces in the divisions list, and cities to a planner (and to the
    keys): a project in 闵行区 is in 上海市 the city, and one placed in 上海市 itself is placed at city level."""
    resolver = resolver_for(gaz, extractor_for(gaz))
    district = resolver.info("county:310112")
    assert (district.county, district.city, district.province, district.level) == ("闵行区", "上海市", "上海市", "county")
    city = resolver.info("region:31")
    assert (city.county, city.city, city.province, city.level) == (None, "上海市", "上海市", "city")
    province = resolver.info("region:14")
    assert (province.city, province.level) == (None, "province")


def test_a_county_written_by_its_old_name(gaz: Gazetteer) -> None:
    """偃师市 has been 洛阳's 偃师区 since 2021 (dev text 220, a 2013 signing): its short form with a county's
    suffix still names it, in a row and in a sentence; not where the name starts inside a word (雄安新区 is
    no 安新县) or the suffix opens one (南部区域)."""
    resolver = resolver_for(gaz, extractor_for(gaz))
    assert resolver.place({"name": "偃师市铝深加工及铝合金交易市场项目"}).county_ids == ("county:410307",)
    assert [(form, code) for form, _, code in resolver.mentions("昨日上午,偃师市17个招商重点项目签约")] == [
        ("偃师市", "410307")]
    assert resolver.mentions("雄安新区建设全面提速") == []
    assert resolver.mentions("推动南部区域协调发展") == []


def test_a_title_naming_a_zone_places_the_document(gaz: Gazetteer) -> None:
    """Dev text 79: the title names 扬中 only through its zone, and the signed works are 扬中市's."""
    resolver = resolver_for(gaz, extractor_for(gaz))
    place = resolver.document_place([("document title", "扬中经开区召开产业链招商项目集中签约活动")])
    assert place is not None and place.place_id == "county:321182"


def test_a_county_before_a_company_of_its_province_is_the_site(gaz: Gazetteer) -> None:
    """Dev text 29 (浙江 2016 list): 海宁市 opens the row, the company after it starts with its own province;
    the county is the project's site, not the first words of the company's name. A company whose name starts
    with its city (深圳市凯之成…有限公司) still does not place the project there."""
    resolver = resolver_for(gaz, extractor_for(gaz))
    assert resolver.place({"name": "海宁市浙江晶科能源有限公司新增年产1200兆瓦太阳能电池组件"}).county_ids == (
        "county:330481",)
    assert resolver.place({"name": "深圳市凯之成新能源科技有限公司襄汾光伏项目"}).county_ids == ("county:141023",)


def _placed(text: str, gaz: Gazetteer, title: str = "") -> dict[str, tuple[str, str]]:
    batch = _batch(text, gaz, title)
    return {n.props["name"]: (n.props.get("county"), n.props.get("place_source")) for n in batch.nodes.values()
            if n.label == "Project"}


def test_a_county_signing_in_the_projects_clause_is_its_site(gaz: Gazetteer) -> None:
    """Dev text 238 (商洛): 镇安县与…公司签订的东阳钼产业园项目 is 镇安县's; a county named in another clause is not
    the site (the document's place stays)."""
    text = "其中,镇安县与陕西矿山冶金有限公司签订的东阳钼产业园项目合同书,总投资19.8亿元。"
    assert _placed(text, gaz)["东阳钼产业园项目"] == ("镇安县", "sentence")
    other = "镇安县召开招商大会,与会企业签订了东阳钼产业园项目合同书。"
    assert _placed(other, gaz, title="商南县签约东阳钼产业园项目")["东阳钼产业园项目"][0] == "商南县"


def test_a_county_short_form_after_a_word_of_place(gaz: Gazetteer) -> None:
    """Dev text 414 (上海): 在徐汇建设… names 徐汇区 by its short form, which counts when the document's place
    holds it (since round 24 after any word, tests/test_r24_held_counties.py); with nothing holding it, or when
    it is a common word (合作), a county's short form stays a word."""
    resolver = resolver_for(gaz, extractor_for(gaz))
    text = "弘玑计划投资25亿元在徐汇建设“数字员工”机器人研发生产项目"
    assert [(f, c) for f, _, c in resolver.mentions(text, ("31",))] == [("徐汇", "310104")]
    assert resolver.mentions(text) == []
    assert resolver.mentions("在合作中建设项目", ("62",)) == []


def test_a_work_named_again_stays_one_work(gaz: Gazetteer) -> None:
    """A work the text names in a second sentence is not placed by the first sentence's county alone: its
    two mentions would get two places and become two works."""
    text = "其中,镇安县与陕西矿山冶金有限公司签订的东阳钼产业园项目合同书,总投资19.8亿元。会上,东阳钼产业园项目等40个项目集中签约。"
    batch = _batch(text, gaz, title="商洛市集中签约40个项目")
    works = [n.props["name"] for n in batch.nodes.values() if n.label == "Project"]
    assert works == ["东阳钼产业园项目"], works


def test_a_zone_written_two_ways_is_one_node_with_both_forms(gaz: Gazetteer) -> None:
    """The node is the division's and the kind's, however the text writes either (长沙市经开区, 长沙经开区): its
    name is the division's short form with the full kind, and every written form is an alias."""
    batch = _batch("项目落户长沙市经开区。另一项目落户长沙经开区。", gaz)
    zones = [n for n in batch.nodes.values() if n.label == "DevelopmentZone"]
    assert [(z.props["name"], z.props["aliases"]) for z in zones] == [("长沙经济技术开发区", ["长沙市经开区", "长沙经开区"])]
