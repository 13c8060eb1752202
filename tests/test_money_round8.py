"""Round-8 money and enterprise mechanisms, on made-up names and sentences in the style of signing
and start news (none copied from the real-text set)."""

from __future__ import annotations

from graph.models import GraphBatch
from ingest.enterprises import (
    NOT_ENTERPRISE,
    _at_word_end,
    _brands_before_figures,
    _names_a_venue,
    _opens_with_landform,
    find_enterprises,
    resolve,
    same_in_text,
)
from ingest.extract import extractor_for
from ingest.ner import Token, default_tagger, organisations
from ingest.quantities import attach_investments
from ontology import Gazetteer


def _written(batch: GraphBatch, name: str, gaz: Gazetteer) -> str:
    """Write `name` as add_enterprises does and return the node it went to."""
    ex = extractor_for(gaz)
    company = same_in_text(batch, resolve(name, gaz, ex), ex)
    batch.node(company.id, "Enterprise", name=company.name, aliases=company.aliases)
    return company.id


def test_a_brand_and_its_longer_short_forms_are_one_company(gaz: Gazetteer) -> None:
    batch = GraphBatch()
    brand = _written(batch, "青禾", gaz)
    assert _written(batch, "青禾硅能", gaz) == brand
    assert _written(batch, "青禾智慧钢铁城", gaz) == brand
    assert {"青禾硅能", "青禾智慧钢铁城"} <= set(batch.nodes[brand].props["aliases"])  # the forms the text wrote
    # a place after the brand names a plant of the group, and a legal name is its own company
    assert _written(batch, "青禾太原热源", gaz) != brand
    assert _written(batch, "青禾硅业有限公司", gaz) != brand
    assert _written(batch, "青", gaz) != brand  # one character is no brand


def test_a_longer_form_written_first_takes_the_companys_own_name(gaz: Gazetteer) -> None:
    batch = GraphBatch()
    first = _written(batch, "青禾美", gaz)
    batch.edge("doc:t", "MENTIONS", first)
    company = resolve("山西青禾新材料集团", gaz, extractor_for(gaz))
    assert _written(batch, "山西青禾新材料集团", gaz) == company.id != first  # its own id, as in other texts
    assert first not in batch.nodes and [e.dst for e in batch.edges.values()] == [company.id]
    node = batch.nodes[company.id]
    assert node.props["name"] == "山西青禾新材料集团"
    assert {"青禾", "青禾美"} <= set(node.props["aliases"])


def test_a_short_model_name_ending_inside_a_dictionary_word_ends_before_it() -> None:
    text = "青禾美的合作项目"  # the model's 青禾美|的…; the dictionary cuts 青禾|美的|合作项目
    words = [("青禾", 0, 2), ("美的", 2, 4), ("合作项目", 4, 8)]
    assert _at_word_end(text, 0, 3, words) == (0, 2)
    assert _at_word_end(text, 0, 2, words) == (0, 2)  # at a word's end: as it is
    # only a place would be left (江苏|金桥…): the model's end stands
    place = "江苏金桥焊材项目"
    assert _at_word_end(place, 0, 4, [("江苏", 0, 2), ("金桥焊材", 2, 6), ("项目", 6, 8)]) == (0, 4)
    assert _at_word_end(text, 0, 3, []) == (0, 3)  # no dictionary cut: nothing to go by


def test_a_name_before_a_venue_word_names_the_venue() -> None:
    assert _names_a_venue("总投资800万元的翠磬庄园休闲农业项目", "翠磬", 11)
    assert _names_a_venue("翠磬山庄", "翠磬", 2)
    assert not _names_a_venue("翠磬庄园有限公司", "翠磬庄园有限公司", 8)  # a legal name
    assert not _names_a_venue("翠磬科技年产5万吨项目", "翠磬科技", 4)
    # a name the learned tagger gives is dropped before a venue word, kept before a trade
    venue, plant = "总投资800万元的翠磬庄园休闲农业项目", "总投资800万元的翠磬年产5万吨板材项目"
    assert [m.name for m in find_enterprises(venue, [], [], tagged=[(9, 11)])] == []
    assert [m.name for m in find_enterprises(plant, [], [], tagged=[(9, 11)])] == ["翠磬"]


def test_a_name_opening_with_a_mountain_or_lake_names_a_place() -> None:
    assert _opens_with_landform("青龙湖旅游")
    assert _opens_with_landform("九华山道教")
    assert not _opens_with_landform("青龙湖旅游开发有限公司")  # a legal name
    assert not _opens_with_landform("华山")  # two characters: a brand as often as a mountain
    assert not _opens_with_landform("翠磬科技")


def test_another_provinces_township_heading_a_project_is_a_brand(gaz: Gazetteer) -> None:
    # 湖墅 and 文晖 are only townships of Hangzhou (33…): in a text about another province they are brands
    ex = extractor_for(gaz)
    for text, brand in (("本月开工的湖墅20万吨铝型材项目进展顺利。", "湖墅"), ("开工建设文晖年产5万吨纸制品项目。", "文晖")):
        words = default_tagger().tokens([text])[0]
        span = (text.index(brand), text.index("项目") + 2)

        def found(province: str, text: str = text, words: list[Token] = words,
                  span: tuple[int, int] = span) -> list[str]:
            return [m.name for m in find_enterprises(text, organisations(words), ex.find(text), [span], words,
                                                     ex.tokens(text), [], province)]

        assert found("14") == [brand]  # a Shanxi text
        assert found("33") == []  # a Zhejiang text: its own township
        assert found("") == []  # province unknown: every township is a place


def test_a_region_word_opens_no_company_short_name() -> None:
    assert NOT_ENTERPRISE.search("西部物流网")
    assert NOT_ENTERPRISE.search("东北部数据中心")
    assert not NOT_ENTERPRISE.search("西部矿业股份有限公司")  # a legal name is a company
    assert not NOT_ENTERPRISE.search("西域物流")


def test_a_brand_the_model_reads_as_a_verb_before_a_quoted_figure() -> None:
    # "翠磬达“618”煤化工项目": a three-character word the model tags as a verb, before a quoted figure
    text = "翠磬达“618”煤化工项目"
    words = [Token(0, 3, "v"), Token(3, 4, "w"), Token(4, 7, "m"), Token(7, 8, "w"), Token(8, 11, "n"),
             Token(11, 13, "n")]
    assert _brands_before_figures(text, [(0, 13)], words, []) == [(0, 3)]
    # a two-character verb is a verb (建成“618”…), and no figure after the word: no brand
    assert _brands_before_figures("建成“618”煤化工项目", [(0, 12)], [Token(0, 2, "v"), *words[1:]], []) == []
    assert _brands_before_figures("翠磬达煤化工项目", [(0, 8)], [Token(0, 3, "v"), Token(3, 6, "n"),
                                                               Token(6, 8, "n")], []) == []
    # an "adjective" of two characters right before a figure is a brand too (璀璨20万吨…), not of one
    adjective = [Token(0, 2, "a"), Token(2, 6, "m"), Token(6, 9, "n"), Token(9, 11, "n")]
    assert _brands_before_figures("璀璨20万吨铝型材项目", [(0, 11)], adjective, []) == [(0, 2)]
    one = [Token(0, 1, "a"), Token(1, 2, "n"), *adjective[1:]]
    assert _brands_before_figures("大棚20万吨铝型材项目", [(0, 11)], one, []) == []


def test_an_amount_before_a_list_of_names_is_the_lists_total() -> None:
    text = "某县投资800万元,建成了青禾村、翠磬村生态采摘园项目。"
    first, second = (text.index("青禾村"), text.index("青禾村") + 3), (text.index("翠磬村"), text.index("项目") + 2)
    # the name rules gave both names the amount before them: it is the list's, neither name's
    assert attach_investments(text, [first, second], [800.0, 800.0]) == [None, None]
    # one name after the amount keeps it; and of names not joined as a list, the first keeps it
    assert attach_investments(text, [second], [800.0]) == [800.0]
    apart = "某县投资800万元,建成了青禾村采摘园项目,并启动翠磬村生态采摘园项目。"
    a = (apart.index("青禾村"), apart.index("青禾村") + 8)
    b = (apart.index("翠磬村"), apart.index("翠磬村") + 10)
    assert attach_investments(apart, [a, b], [800.0, 800.0]) == [800.0, None]
