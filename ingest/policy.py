"""Policy texts → graph: the document, its parts, tasks and measures, the
places, rivers, industries, chains and enterprises each sentence names, the
partnerships it states and the concrete projects it names."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace

from graph.models import GraphBatch, Provenance
from ingest.enterprises import EnterpriseMention, add_enterprises, find_enterprises, tagged_organisations
from ingest.extract import Extractor, Mention
from ingest.fields import RECORD_FIELDS, line_field, opening_investment, profile_line
from ingest.ner import PLACE_TAG, OrgTagger, Token, default_tagger, organisations
from ingest.places import (
    TITLE_SOURCE,
    DocumentPlace,
    PlaceResolver,
    add_country_node,
    add_division_nodes,
    add_named_zone_node,
    add_zone_node,
    path_statements,
    resolver_for,
)
from ingest.project_phrases import (
    EVENT_AT_SITE,
    FACILITY_WORDS,
    HOME_PLACE_LABELS,
    Phrase,
    find_project_phrases,
    home_county,
    listed_line,
)
from ingest.projects import ProjectRecord, add_project
from ingest.quantities import (
    POINTS_BACK,
    amounts,
    attach_investments,
    investment_of_previous,
    referred_before,
    stated_right_after,
)
from ingest.structure import MAX_LIST_LINE, ParsedText, Section, Sentence, parse_structure
from ingest.tasks import TaskIndex
from ingest.values import years_in
from ontology import Gazetteer, InputError, load_schema
from ontology.divisions import COUNTY_CODE, PROVINCE_CODE, read_divisions

# A policy text beyond these is a mistake or an attack (5 MB of one repeated
# heading once made 249,661 Section nodes): refused with the count, not stored.
MAX_SECTIONS = 5_000
MAX_SENTENCES = 100_000


@dataclass
class Container:
    """The graph node a sentence belongs to (document, part, task or measure)."""

    id: str
    task_id: str | None
    previous: list[tuple[str, str]] = field(default_factory=list)  # (id, name) of the last sentence's projects
    # the projects of the sentence before the last, when the last named none and stated no amount (see _sentence_facts)
    held: list[tuple[str, str]] = field(default_factory=list)
    words: dict[str, list[Token]] = field(default_factory=dict)  # tagged words by sentence text
    default_place: str | None = None  # for projects that name no place: the city the text is about
    document: DocumentPlace | None = None  # the place the text (its title, file, lead) or the heading above states
    last_named: LastNamed = field(default_factory=lambda: LastNamed())  # a new one per text; sections share the root's
    listing: bool = False  # the sentence before opened a list of works, one a line (各分会场开工项目如下:)


@dataclass
class LastNamed:
    """The project a later "工程总投资…"/"项目估算投资…" refers to: the one the last sentence naming
    projects named, when it named one only (an approval's heading item refers to the project of its title)."""

    project_id: str | None = None


def policy_batch(doc_id: str, text: str, props: dict[str, object], gaz: Gazetteer,
                 extractor: Extractor, tasks: TaskIndex | None = None, tagger: OrgTagger | None = None) -> GraphBatch:
    parsed = parse_structure(text)
    sections = parsed.all_sections()
    sentences = len(parsed.preamble) + sum(len(s.sentences) + 1 for s in sections)
    if len(sections) > MAX_SECTIONS or sentences > MAX_SENTENCES:
        raise InputError(str(props.get("path", doc_id)), f"{len(sections)} sections and {sentences} sentences: over "
                         f"the limits of {MAX_SECTIONS} sections and {MAX_SENTENCES} sentences per document; split it")
    all_sentences = [*parsed.preamble, *(s for top in parsed.sections for sub in top.walk()
                                         for s in [sub.title_sentence, *sub.sentences])]
    texts = list(dict.fromkeys(s.text for s in all_sentences))
    words = dict(zip(texts, (tagger or default_tagger()).tokens(texts), strict=True))  # one batched NER run
    batch = GraphBatch()
    header_title = str(props.get("title") or "")  # a Markdown header's title (ingest/reader.front_matter)
    batch.node(doc_id, "PolicyDocument", Provenance(doc=doc_id), **{"title": parsed.title, **props})
    key = doc_id.removeprefix("doc:")
    resolver = resolver_for(gaz, extractor)
    document = resolver.document_place(text_statements(doc_id, text, parsed, header_title))
    place = _text_city(f"{header_title}\n{text}", gaz, extractor)
    if document is not None and not document.code.startswith(resolver.home_code):
        place = None  # the text states another city or province (a 娄底 list naming 大宁新材料 is no 临汾 text)
    root = Container(doc_id, None, words=words, default_place=place, document=document)
    _sentences_facts(batch, doc_id, root, parsed.preamble, gaz, extractor, tasks)
    for section in parsed.sections:
        _section(batch, doc_id, key, doc_id, section, None, gaz, extractor, tasks, root)
    _fold_short_forms_named_first(batch)
    return batch


# a line saying that works follow, one a line ("各分会场开工项目如下:", "签约项目分别是:"), and what no such line holds
_OPENS_WORK_LIST = re.compile(r"(?:项目|工程)[^，。,；;]{0,8}(?:如下|分别是|分别为)[:：]$")
_NOT_ONE_LINE = re.compile(r"[，,。；;：:！？!?]")
# the last cell of a table row pasted as text, when it tells the work's stage (…二期 在建, …平台建成)
_ROW_STATUS = re.compile(r"\s*(?:在建|建成|新开工|续建|竣工|前期|预备|储备|开工)$")
_CLAUSE_BREAK = re.compile(r"[，,；;。:：、]")  # a county names the site of a project in its own clause only
RELATIVE_PLACE = re.compile(r"^[我全本该][省市县区]$")  # 我市, 全市: whichever city wrote the text
LEAD_CHARS = 300  # a news lead is its first paragraph; longer first paragraphs are cut here


def text_statements(doc_id: str, text: str, parsed: ParsedText, header_title: str = "") -> list[tuple[str, str]]:
    """What a text says of its own place: the title of its Markdown header, its headline, its file name
    and folders, and its lead (the first paragraph of a news item, "3月13日,芮城县举行…": the weakest
    statement, last, so that it only narrows a headline's city to its county; used only when it names
    one place). A text with no title at all starts from its lead."""
    first = parsed.preamble[0] if parsed.preamble else None
    headline = parsed.title if first is None or not first.text.startswith(parsed.title) else ""
    titles = [(TITLE_SOURCE, t) for t in (header_title, headline) if t]
    if first is None:
        return [*titles, *path_statements(doc_id)]
    end = text.find("\n", first.start)
    lead = [("document lead", text[first.start : end if end >= 0 else len(text)][:LEAD_CHARS])]
    return [*titles, *path_statements(doc_id), *lead] if titles else [*lead, *path_statements(doc_id)]


def _text_city(text: str, gaz: Gazetteer, extractor: Extractor) -> str | None:
    """The home city, when the text names it or one of its counties and speaks no more of another
    city (运城's work report, a 三门峡 forum, a 华容 news item naming no city at all): the projects
    of other texts that name no place are left unplaced rather than put in the home city."""
    counts: dict[str, int] = {}
    in_home = 0
    for m in extractor.find(text):
        entry = gaz.entries.get(m.entry_id)
        if RELATIVE_PLACE.match(m.form):
            continue
        if m.entry_id == gaz.home.id or (entry is not None and entry.data.get("kind") == "city"):
            counts[m.entry_id] = counts.get(m.entry_id, 0) + 1
        elif entry is not None and entry.label == "County" and m.form == entry.name:
            in_home += 1  # the home city's counties by their full names (永和 alone may be a 福建 brand)
    home = counts.get(gaz.home.id, 0)
    return gaz.home.id if home + in_home and all(n <= home for n in counts.values()) else None


RELATIVE_LEVELS = {"省": 2, "市": 4, "县": 6, "区": 6}  # 全省, 我市, 本县: the code length of the text's own place


def _relative_place(batch: GraphBatch, m: Mention, container: Container, gaz: Gazetteer,
                    prov: Provenance) -> str | None:
    """What 全省, 我市 or 本县 stand for: the gazetteer's reading (the home city and province) in a text
    about the home city; else the province, city or county of the place the text states, or nothing —
    a Hubei text's 全省 is no mention of the home province."""
    if container.default_place == gaz.home.id:
        return m.entry_id
    size = RELATIVE_LEVELS[m.form[-1]]
    if container.document is None or len(container.document.code) < size:
        return None
    return add_division_nodes(batch, gaz, container.document.code[:size], prov)


def _home_short_form(written: str, place_id: str, container: Container, places: PlaceResolver) -> bool:
    """Whether `written` (a mention's form, or a name) names a place of the home city only by its short form
    (大宁, 永和) in a text about another city: there it is a company's or a brand's word (大宁新材料 in a 娄底
    list, 邵武永和新型环保 in a 福建 one), not the home county, which the full name (大宁县) still is."""
    entry = places.gaz.entries.get(place_id)
    if container.default_place == places.gaz.home.id or entry is None or entry.label not in HOME_PLACE_LABELS:
        return False
    return places.short_form_only((place_id,), written)


def _within(heading: DocumentPlace, outer: DocumentPlace | None) -> bool:
    """A heading's place counts unless it is a broader place than the document's (## 山西省 in a
    襄汾县 list); a heading naming another county or city (## 运城市) does count."""
    return outer is None or not outer.code.startswith(heading.code) or outer.code == heading.code


def _role(parent: Section | None) -> tuple[str, str] | None:
    if parent is None:
        return None
    for role in load_schema().section_roles:
        if any(word in parent.title for word in role.words):
            return role.label, role.rel
    return None


def _section(batch: GraphBatch, doc_id: str, key: str, parent_id: str, section: Section,
             parent: Section | None, gaz: Gazetteer, extractor: Extractor, tasks: TaskIndex | None,
             root: Container) -> None:
    role = _role(parent)
    heading = resolver_for(gaz, extractor).document_place([("section heading", section.title)])
    document = heading if heading is not None and _within(heading, root.document) else root.document
    title_prov = Provenance(doc=doc_id, start=section.title_sentence.start,
                            end=section.title_sentence.end, sentence=section.title_sentence.text)
    if role is not None:
        label, rel = role
        node_id = f"{label.lower()}:{key}:{section.number}"
        body = [s for sub in section.walk() for s in sub.sentences]
        batch.node(node_id, label, title_prov, ordinal=section.ordinal, number=section.number,
                   title=section.title, text=section.title + "\n" + "".join(s.text for s in body), doc=doc_id)
        batch.edge(parent_id, rel, node_id, title_prov)
        container = Container(node_id, node_id if label == "Task" else None, words=root.words,
                              default_place=root.default_place, document=document, last_named=root.last_named)
        _sentences_facts(batch, doc_id, container, [section.title_sentence, *body], gaz, extractor, tasks)
        return
    node_id = f"section:{key}:{section.path}"
    batch.node(node_id, "Section", title_prov, ordinal=section.ordinal, number=section.number,
               title=section.title, level=section.level, path=section.path)
    batch.edge(parent_id, "HAS_SECTION", node_id, title_prov)
    container = Container(node_id, None, words=root.words, default_place=root.default_place, document=document,
                          last_named=root.last_named)
    _sentences_facts(batch, doc_id, container, [section.title_sentence, *section.sentences], gaz, extractor, tasks)
    below = Container(doc_id, None, words=root.words, default_place=root.default_place, document=document,
                      last_named=root.last_named)
    for child in section.children:
        _section(batch, doc_id, key, node_id, child, section, gaz, extractor, tasks, below)


def _prov(doc_id: str, sentence: Sentence, mention: Mention | None = None) -> Provenance:
    if mention is None:
        return Provenance(doc=doc_id, start=sentence.start, end=sentence.end, sentence=sentence.text)
    return _span_prov(doc_id, sentence, mention.start, mention.end)


def _division_mentions(batch: GraphBatch, doc_id: str, container: Container, sentence: Sentence,
                       mentions: list[Mention], resolver: PlaceResolver,
                       companies: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """Places outside the gazetteer the sentence names (another city's districts, a province, a country or
    area outside China), as nodes the container MENTIONS: a text about 洛阳 is found from 洛阳's node. Only
    certain ones (see `PlaceResolver.mentions`); the gazetteer's own mentions are not looked at twice, and a
    place inside a company's name (浙江 in 浙江运达风电股份有限公司) is where the company is from, its
    LOCATED_IN, not a place the text speaks of. Returns (end, county code) of each county, or township's
    county, stored."""
    sites: list[tuple[int, str]] = []
    taken = [(m.start, m.end) for m in mentions] + companies
    inside = (container.document.code,) if container.document else ()
    zones = [z for z in resolver.zones(sentence.text, inside)  # a known place that is the zone or runs past it wins
             if not any(s < z.end and z.start < e and not (z.start <= s and e <= z.end and e - s < len(z.form))
                        for s, e in taken)]
    for zone in zones:
        prov = _span_prov(doc_id, sentence, zone.start, zone.end)
        batch.edge(container.id, "MENTIONS", add_zone_node(batch, resolver.gaz, zone, prov), prov, form=zone.form)
    taken += [(z.start, z.end) for z in zones]
    named = tuple((w.start, w.end) for w in container.words.get(sentence.text, []) if w.tag == PLACE_TAG)
    for form, start, code in resolver.mentions(sentence.text, inside, named):
        end = start + len(form)
        if not _free(taken, start, end):
            continue
        prov = _span_prov(doc_id, sentence, start, end)
        batch.edge(container.id, "MENTIONS", add_division_nodes(batch, resolver.gaz, code, prov), prov, form=form)
        taken.append((start, end))
        if len(code) >= COUNTY_CODE:
            sites.append((end, code[:COUNTY_CODE]))
    for form, start, country in resolver.countries_in(sentence.text):
        end = start + len(form)
        if _free(taken, start, end):  # 内蒙古 is no 蒙古
            prov = _span_prov(doc_id, sentence, start, end)
            batch.edge(container.id, "MENTIONS", add_country_node(batch, country, prov), prov, form=form)
            taken.append((start, end))
    for zone in resolver.named_zones(sentence.text, named):  # last: a place the zone's name holds (赣榆港区) wins
        if _free(taken, zone.start, zone.end):
            prov = _span_prov(doc_id, sentence, zone.start, zone.end)
            batch.edge(container.id, "MENTIONS", add_named_zone_node(batch, zone, prov), prov, form=zone.form)
    return sites


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether no span already taken overlaps start..end."""
    return not any(s < end and start < e for s, e in taken)


def _sentences_facts(batch: GraphBatch, doc_id: str, container: Container, sentences: list[Sentence],
                     gaz: Gazetteer, extractor: Extractor, tasks: TaskIndex | None) -> None:
    """The facts of a run of sentences, in order; a sentence followed by a profile's field lines gets them."""
    fields = [line_field(s.text) for s in sentences]
    in_profile = [profile_line(s.text) for s in sentences]
    for i, sentence in enumerate(sentences):
        field = fields[i]
        own = field if field is not None and field[0] in RECORD_FIELDS else None
        # a table row's other cells; or the field lines after a heading: the 项目名称 line names the same work (a
        # line of a field no column has, 项目进展:…, is the profile's and takes none)
        profile = {k: v for k, v in sentence.profile.items() if k in RECORD_FIELDS}
        card = False  # the line naming a work over its profile, as a card of works writes it
        if own is None and not sentence.named and (field is not None or not in_profile[i]):
            lines = list(itertools.takewhile(lambda k: in_profile[k], range(i + 1, len(sentences))))
            for k in lines:
                stated = fields[k]
                if stated is not None and stated[0] in RECORD_FIELDS:
                    profile.setdefault(*stated)
                elif stated is None and (opening := opening_investment(sentences[k].text)) is not None:
                    profile.setdefault("investment", opening)
            card = field is None and (len(lines) >= MIN_CARD_LINES or any(k in RECORD_FIELDS for k in profile))
        _sentence_facts(batch, doc_id, container, sentence, gaz, extractor, tasks, own, profile, card)


def _sentence_facts(batch: GraphBatch, doc_id: str, container: Container, sentence: Sentence,
                    gaz: Gazetteer, extractor: Extractor, tasks: TaskIndex | None,
                    field: tuple[str, str] | None = None, profile: dict[str, str] | None = None,
                    card: bool = False) -> None:
    """`field`: the field this sentence states, when it is a line of a project's profile (it names no work);
    `profile`: the fields the lines right after it state, for the one work it names; `card`: the sentence is a
    line over such a profile, which names its work with or without a work word."""
    mentions = extractor.find(sentence.text)
    places = resolver_for(gaz, extractor)
    for m in mentions:
        prov = _prov(doc_id, sentence, m)
        place = _relative_place(batch, m, container, gaz, prov) if RELATIVE_PLACE.match(m.form) else m.entry_id
        if place is not None and place != gaz.home.id and not _home_short_form(m.form, place, container, places):
            batch.edge(container.id, "MENTIONS", place, prov, form=m.form)
    words = container.words.get(sentence.text, [])
    # a table's cells other than its name and content (建设单位, 建设地点, an approval's title beside the name…)
    # name no work
    works_here = field is None and sentence.column in (None, "content")
    if sentence.named:  # a table's name cell: one work, the whole cell (as a list file's row), placed as a list line
        whole = Phrase(sentence.text, 0, len(sentence.text), None, source="listed")
        listed = listed_line(sentence.text, mentions, gaz, words)
        phrases = [replace(listed, name=whole.name, start=0, end=whole.end) if listed else whole]
    else:
        phrases = find_project_phrases(sentence.text, mentions, gaz, words) if works_here else []
    line = _ROW_STATUS.sub("", sentence.text) if sentence.row else sentence.text
    item = ((container.listing or sentence.row or card) and len(line) <= MAX_LIST_LINE
            and not _NOT_ONE_LINE.search(line))
    if item and not phrases:  # a line of a list of works is one work, with or without a work word
        phrases = [p for p in (listed_line(line, mentions, gaz, words),) if p is not None]
    profile = profile if profile and len(phrases) == 1 else {}
    container.listing = item or bool(_OPENS_WORK_LIST.search(sentence.text))
    spans = [(p.start, p.end) for p in phrases]
    companies = find_enterprises(sentence.text, organisations(words), mentions, spans, words,
                                 extractor.tokens(sentence.text) if phrases else [],
                                 tagged_organisations(sentence.text, words, mentions),
                                 container.document.code[:PROVINCE_CODE] if container.document else "")
    sites = _division_mentions(batch, doc_id, container, sentence, mentions, places,
                               [(c.start, c.end) for c in companies if places.name_origin(c.name)])
    cues = gaz.raw["regions"].get("partner_cues", [])
    # the home city's partnership, when the home city speaks (its text, or a sentence naming it): 运城与西安…合作
    # in a 运城 news item is theirs, not the home city's
    home_speaks = container.default_place == gaz.home.id or any(
        m.entry_id == gaz.home.id or (home_county(m.entry_id, gaz)
                                      and not _home_short_form(m.form, m.entry_id, container, places))
        for m in mentions if not RELATIVE_PLACE.match(m.form))
    for m in mentions:
        entry = gaz.entries.get(m.entry_id)
        if home_speaks and entry and entry.data.get("partner") and any(c in sentence.text for c in cues):
            batch.edge(gaz.home.id, "PARTNER_OF", m.entry_id, _prov(doc_id, sentence, m))
    found: list[tuple[str, str]] = []
    project_ids: list[str] = []
    money = attach_investments(sentence.text, spans, [p.investment_wan for p in phrases])
    for n, phrase in enumerate(phrases):
        if money[n] is not None and container.previous and _whole_the_work_is_part_of(sentence.text, phrase):
            _give_investment(batch, container.previous[-1][0], money[n])
            money[n] = None
    # "工程总投资30.66亿元。", "这个项目总投资800亿元,项目建设包括…": an amount a sentence opens with, before
    # any name, for the works named before it goes to the last project named alone
    _give_investment(batch, container.last_named.project_id,
                     referred_before(sentence.text, min((p.start for p in phrases), default=len(sentence.text))))
    # round 45: a profile's amount line after a paragraph on the work ("(一)兴仁镇川裕村渠道改造项目", "该项目在…砌护
    # 渠道…。", "资金规模:206.7万元。"): the work named last, alone, is the one the profile is about
    if field is not None and field[0] == "investment":
        _give_investment(batch, container.last_named.project_id, _profile_amount(dict([field])))
    for phrase, wan in zip(phrases, money, strict=True):
        start, end = sentence.span(phrase.start, phrase.end)
        site = _clause_site(sentence.text, sites, phrase.start, phrase.name, container)
        investor = max((len(form) for c in companies for form in (c.name, c.placed)
                        if form and phrase.name.startswith(form) and places.name_origin(form)), default=0)
        place_id, source = _phrase_place(phrase.place_id, phrase.name, container, places, site, investor,
                                         profile.get("county"))
        parent = _parent(phrase.sub, found, container.previous)
        again = None if parent else (_named_in_full(batch, places.without_place_note(phrase.name))
                                     or _named_by_owner(batch, sentence.text, phrase.start, phrase.name, companies))
        if again is not None:  # the same work named again in short: one project, which takes the amount stated here
            batch.node(again, "Project", Provenance(doc=doc_id, start=start, end=end, sentence=sentence.text))
            _give_investment(batch, again, wan if wan is not None else _profile_amount(profile))
            project_ids.append(again)
            found.append((again, batch.nodes[again].props["name"]))
            continue
        owner = profile.get("owner")
        record = ProjectRecord(name=places.without_place_note(phrase.name), place_id=place_id,
                               investment_wan=wan if wan is not None else _profile_amount(profile),
                               also_in=phrase.extra_place_ids, zone_id=phrase.zone_id,
                               years=phrase.years or years_in(profile.get("years", "")),
                               content=profile.get("content", ""), category=profile.get("category"),
                               owner=owner if owner and len(owner) <= MAX_OWNER_CHARS else None,
                               extra={"capacity": phrase.capacity, **source},
                               prov=Provenance(doc=doc_id, start=start, end=end, sentence=sentence.text))
        if parent is not None:
            record.extra["parent"] = parent[1]
        if container.task_id:
            record.task_id, record.task_score, record.task_source = container.task_id, 1.0, "policy-text"
        elif tasks is not None and places.info(place_id).home:  # the policy's tasks are the home city's
            inferred = tasks.infer(phrase.name + sentence.text)
            if inferred:
                record.task_id, record.task_score, record.task_source = *inferred, "inferred"
        node = add_project(batch, record, gaz, extractor)
        project_ids.append(node.id)
        if parent is not None:
            batch.edge(node.id, "PART_OF_PROJECT", parent[0], record.prov)
        elif not phrase.sub:
            found.append((node.id, phrase.name))
    _restated_amounts(batch, sentence.text, spans)
    points_back = POINTS_BACK.match(sentence.text) is not None
    # round 43: "首个洽谈推进项目是A。杨洪波简单介绍了项目情况。该项目签约额3亿元": a sentence about the work named
    # before may follow one sentence that names no work and states no amount
    before = container.previous or container.held
    if not phrases and before:
        # "…项目正式动工。该项目…拟投资3.1亿元": the previous sentence's one project, or the last of its works
        # when the sentence points back (round 29: "在A不远处,B项目建设如火如荼。该项目总投资2.5亿元")
        if len(before) == 1 or points_back:
            _give_investment(batch, before[-1][0], investment_of_previous(sentence.text))
    quiet = not phrases and not amounts(sentence.text)
    container.held = container.previous if quiet else []
    container.previous = found or _named_whole(batch, sentence.text)
    if found:
        container.last_named.project_id = _named_before(batch, *found[0]) if len(found) == 1 else None
    add_enterprises(batch, sentence.text, companies, project_ids, spans,
                    lambda s, e: _span_prov(doc_id, sentence, s, e), container.id, gaz, extractor)


# Round 41: a sentence about the work named before it that names, after its copula, the larger work it is part of
# ("该装置是吉林石化炼油化工转型升级项目核心,总投资37.29亿元", "该项目是…项目的重要组成部分,总投资…"): the amount is
# the subject's, the work named in the predicate takes none (it stays a work of its own).
_COPULA = re.compile(r"\s*(?:是|为|系|属于|作为)\s*$")
_PART_OF_WHOLE = re.compile(r"的?(?:核心|之一|重要组成部分|组成部分|一部分|重要部分|子项目|配套(?:项目|工程)"
                            r"|先导工程|重要内容)")


def _whole_the_work_is_part_of(text: str, phrase: Phrase) -> bool:
    """Whether `phrase` is the larger work a sentence pointing back (该项目是…) says its work is part of."""
    back = POINTS_BACK.match(text)
    return (back is not None and bool(_COPULA.match(text[back.end() : phrase.start]))
            and _PART_OF_WHOLE.match(text, phrase.end) is not None)


# Round 31: a project's profile written as fields, one a line, as investment promotion lists and project briefs are
# (项目名称:…/建设地点:侯马经济开发区/建设内容及规模:…/总投资:3.5亿元/建设年限:2023-2025年/责任单位:…): the field lines
# right after the line naming one work are that work's, read with the project lists' own header words
# (ingest/fields.py); a field line names no work of its own.
MAX_OWNER_CHARS = 40  # a longer 责任单位 value is a sentence, not a unit's name
# Round 45: a line over two or more field lines, or over one a list's column has (投资:500万元), names the work they
# profile, with or without a work word ("赣州市兴国路中学", "性质:赣州经开区区属公办初中", "地址:…",
# "规划办学规模:总投资1.2亿元…"), as a list's line does
MIN_CARD_LINES = 2


def _profile_amount(profile: dict[str, str]) -> float | None:
    """The investment a profile's 总投资/投资规模 line states (约12亿元), in 万元."""
    return next((a.wan for a in amounts(profile.get("investment", "")) if not a.batch), None)


def _restated_amounts(batch: GraphBatch, text: str, spans: list[tuple[int, int]]) -> None:
    """Round 31: a work the text named before, written again whole with its amount right after it
    ("嘉好粮油二期总投资13.6亿元,…" after "观摩了嘉好粮油二期和…码头及罐区工程2个在建项目"), takes that amount, though
    the sentence's rules name no work there (a brand and its phase have no work word); round 35: any work named
    before, not only in the sentence before ("A、B等4个项目新开工建设。4个项目总投资15.8亿元。其中,…;B总投资1亿元")."""
    if "投资" not in text:  # most sentences: no walk over the text's projects
        return
    for project_id, name in _projects_named(batch):
        pos = text.find(name) if len(name) >= MIN_SHORT_NAME_CHARS else -1
        while pos >= 0:
            if not any(start <= pos < end for start, end in spans):
                _give_investment(batch, project_id, stated_right_after(text, pos + len(name)))
            pos = text.find(name, pos + 1)


def _named_whole(batch: GraphBatch, text: str) -> list[tuple[str, str]]:
    """Round 35: the one work the text named before that a sentence naming no work writes whole
    ("走进新凤鸣新沂产业基地,生产线正在运转…。": "“本项目总投资180亿元…" after it is about that work); none when it
    writes several."""
    named = [(pid, name) for pid, name in _projects_named(batch) if len(name) >= MIN_SHORT_NAME_CHARS and name in text]
    return named if len(named) == 1 else []


def _give_investment(batch: GraphBatch, project_id: str | None, wan: float | None) -> None:
    """An amount a sentence states for a project named before it goes to that project, unless the
    project already has one (its own sentence's amount wins)."""
    node = batch.nodes.get(project_id) if project_id else None
    if node is not None and wan is not None and node.props.get("investment_wan") is None:
        node.props["investment_wan"] = wan


def _named_before(batch: GraphBatch, project_id: str, name: str) -> str:
    """A project named again in short (岳阳丰利纸业有限公司年产9万吨…项目, then 年产9万吨…项目): the one named in
    full before, which a later "项目总投资…" is about."""
    return next(iter(_fuller_names(batch, name)), project_id)


# what a later mention of a work may leave out of the name first written: its place and owner before it
# (来宾市塑料光纤三网融合项目 → 塑料光纤三网融合项目, 易华录数据湖…项目 → 数据湖…项目) and the owner's kind
# (绿地集团陆港… → 绿地陆港…)
_OWNER_KIND = re.compile(r"集团|股份有限公司|有限责任公司|有限公司|公司")
_WORK_TAIL = re.compile(r"(?:建设)?(?:项目|工程)$")
MIN_SHORT_NAME_CHARS = 5  # a shorter re-mention (电厂项目, 二期工程) could be any of the text's works
MIN_GAPPED_CHARS = 6  # a re-mention with words left out of its middle: at least this long,
GAPPED_LEAD = 4  # and starting with this many characters of the full name as written there
_JOINS = "及和与、暨"


def _shortens(full: str, short: str) -> bool:
    """`short` is `full` without what leads it, and not the last of works joined in it (A及B项目 names B too), or
    `full` with words left out of its middle (below)."""
    if len(full) <= len(short):
        return False
    had_tail = bool(_WORK_TAIL.search(short))
    short = _WORK_TAIL.sub("", short)
    for written in (full, _OWNER_KIND.sub("", full)):
        written = _WORK_TAIL.sub("", written)
        if written == short or (written.endswith(short) and written[-len(short) - 1] not in _JOINS):
            return True
        if had_tail and _leads(written, _OWNER_KIND.sub("", short)):
            return True
    # round 29: or it leaves words out of the middle, keeping the first characters and the head (海生润玻璃工业产业园
    # 项目 → 海生润玻璃产业园): the same work written loosely, not a part of it (京雄高速公路河北段 ends apart)
    written = _WORK_TAIL.sub("", full)
    rest = iter(written)
    return (len(short) >= MIN_GAPPED_CHARS and short[:GAPPED_LEAD] in written and short[-1] == written[-1]
            and not any(ch in _JOINS for ch in written) and all(ch in rest for ch in short))


# Round 35: a later mention may also keep only the name's first words (its owner, brand and place), with 项目 for what
# the work makes (宜春市合众汽车年产10万辆纯电动汽车智慧工厂 → 宜春市合众汽车项目, 正威哈尔滨新一代材料技术产业园 →
# 正威集团哈尔滨项目); not when what the full name adds is a phase, a section or a work word (…项目一期工程, …黄冈段,
# …工程项目), a few characters (…分会场), or a work at a facility the first words name (…发展中心|5MW光伏发电项目).
_NOT_LEFT_OUT = re.compile(r"项目|工程|期|[(（]")
MIN_LEFT_OUT = 4  # characters of what the work makes that the later mention leaves out


def _leads(written: str, lead: str, min_lead: int = MIN_SHORT_NAME_CHARS) -> bool:
    """Whether `lead` is the first words of the name `written` (work word taken off) as above."""
    rest = written[len(lead):]
    return (len(lead) >= min_lead and written.startswith(lead) and len(rest) >= MIN_LEFT_OUT
            and rest[0] not in _JOINS and not _NOT_LEFT_OUT.search(rest) and not _PART_OF_LINE.search(written)
            and not lead.endswith(FACILITY_WORDS))


def _named_in_full(batch: GraphBatch, name: str) -> str | None:
    """The one project of this text whose name, written in full before, this later name shortens
    ("来宾市塑料光纤三网融合项目…。塑料光纤三网融合项目总投资预计22亿元"): the same work, not another."""
    if len(_WORK_TAIL.sub("", name)) < MIN_SHORT_NAME_CHARS:
        return None
    fuller = _fuller_names(batch, name) or _fuller_names_placed(batch, name)
    return fuller[0] if len(fuller) == 1 else None


# Round 44: the short form may come first ("美兰机场二期扩建项目" as a subheading, "海口美兰机场二期扩建项目" in its
# paragraph; "广西佳马胶合板项目" in a list, "广西佳马木业有限公司年产18万立方米胶合板项目" in the profiles): a
# sentence sees only the works named before it, so the two stay apart until the whole text is read. Then a work
# whose name shortens exactly one work named after it (_shortens) is that work — one project, with the amount
# whichever of the two stated — when the longer name only adds what a first mention leaves out:
# - a place, owner or brand before it; not one character, a list's dash, a clause ending in a verb or the event
#   held at the work (包|中关村人工智能创新园, 湘潭大学城创新创业园—|湖南吉利…, 内容有|易文化商业街,
#   主会场|法麦克斯三期项目: there the longer name is the wrong one);
# - what the work makes, after its first words; not an apposition (合浦至湛江高铁|即合湛高铁);
# - in its middle, the owner's kind of company (广西佳马|木业有限公司年产18万立方米|胶合板); not a place or a
#   quantity (康吊村|关门社|集中安置点, 合芜高速|190公里八车道|改扩建).
# Not a part of a listed parent, and not two works with different amounts.
_ONE_PLACE = frozenset(("LOCATED_IN", "SERVES_TASK", "IN_INDUSTRY"))
_NOT_A_LEAD = re.compile(r"^.$|[—\-－–、,，]|(?:有|是|为|在|即)$")
_APPOSITION = re.compile(r"^(?:即|或|又称|简称|也)")


def _fold_short_forms_named_first(batch: GraphBatch) -> None:
    """Fold each project first named in short into the one project named in full after it (see above)."""
    named = _projects_named(batch)
    parts = {k[0] for k in batch.edges if k[1] == "PART_OF_PROJECT"} | {
        k[2] for k in batch.edges if k[1] == "PART_OF_PROJECT"}
    for i, (pid, name) in enumerate(named):
        if pid in parts or len(_WORK_TAIL.sub("", name)) < MIN_SHORT_NAME_CHARS:
            continue
        lead = _WORK_TAIL.sub("", name)[:2]  # every way of shortening keeps these two characters: a cheap test first
        fuller = [(j, qid, full) for j, (qid, full) in enumerate(named)
                  if qid != pid and lead in full and _shortens(full, name)]
        if len(fuller) != 1 or fuller[0][0] < i or fuller[0][1] in parts or not _adds_what_a_first_mention_may_not(
                fuller[0][2], name):
            continue
        into = fuller[0][1]
        amounts = {batch.nodes[p].props.get("investment_wan") for p in (pid, into)} - {None}
        if len(amounts) <= 1:
            batch.fold(pid, into, _ONE_PLACE)


def _adds_what_a_first_mention_may_not(full: str, short: str) -> bool:
    """Whether the longer of two names of one work only adds a lead, what the work makes, or its owner's kind."""
    written, core = (_OWNER_KIND.sub("", _WORK_TAIL.sub("", n)) for n in (full, short))
    if written == core:
        return True
    if written.endswith(core):
        lead = written[: -len(core)]
        return not _NOT_A_LEAD.search(lead) and not EVENT_AT_SITE.match(lead)
    if written.startswith(core):
        return not _APPOSITION.match(written[len(core) :])
    return _OWNER_KIND.search(full) is not None and _OWNER_KIND.search(short) is None


# Round 41: a later mention that keeps only the name's first words (above) may also add the place the work lies in
# before them, the first name having none (合众汽车年产10万辆纯电动汽车智慧工厂 …, then 宜春市合众汽车项目总投资50亿元):
# the name taggers learned from keys that leave a place or zone out before an owner or brand. Only the first words,
# not the name's tail (磐安|抽水蓄能电站 is not 长龙山抽水蓄能电站), and only when the first name leads with no place
# of its own; with the place written, four characters of the first words (合众汽车) are enough. The same name with
# the place added is the same project by its id already (projects.project_id leaves the place out).
MIN_LEAD_AFTER_PLACE = 4


def _fuller_names_placed(batch: GraphBatch, name: str) -> list[str]:
    """The ids of this text's projects, named without a leading place, whose first words `name` keeps after its
    own leading place."""
    divisions = read_divisions()
    cut = divisions.prefix_length(name)
    if not cut or not _WORK_TAIL.search(name):
        return []
    lead = _OWNER_KIND.sub("", _WORK_TAIL.sub("", name[cut:]))
    return [pid for pid, full in _projects_named(batch) if not divisions.prefix_length(full)
            and any(_leads(_WORK_TAIL.sub("", written), lead, MIN_LEAD_AFTER_PLACE)
                    for written in (full, _OWNER_KIND.sub("", full)))]


# Round 31: a work the text named with its owner first (…广东特变电气股份有限公司二期扩产项目…签约仪式), then again
# with that owner as its clause's subject and no name of its own ("广东特变电气股份有限公司计划投资1.2亿元建设二期厂房
# 及自动化设备项目"), or by its brand alone ("总投资20亿元的博石高科" after 博石高科正极材料项目): the same work, which
# takes the amount stated there, not a second one. The clause must hold the owner's investing or building verb, and
# the two names must share words beyond the work word (二期, 抽水蓄能电站): the owner's other work
# (…还将投资建设研发中心项目) stays a work of its own.
MAX_OWNER_GAP = 20  # characters between the owner and the work: its verb and amount (计划投资1.2亿元建设)
_OWNER_CLAUSE = re.compile(rf"(?=[^,，;；。:：、]{{1,{MAX_OWNER_GAP}}}$)(?!.*(?:项目|工程))"
                           r".*(?:投资|建设|新建|投建|实施|打造)")
# 国家能源集团 of 国家能源集团广东电力有限公司: the group a subsidiary's works carry
_GROUP_STEM = re.compile(r"^.{2,}?集团")
_PHASE_NEXT = re.compile(r"^(?:[一二三四五六七八九十\d]+期|[（(])")
_PART_OF_LINE = re.compile(r"(?:桥|隧道|站|段)$")  # 贵南高铁二塘双线特大桥: a line's part, not the line again
MIN_SHARED_WORDS = 2  # characters the re-mention and the named work share beyond their work words


def _named_by_owner(batch: GraphBatch, text: str, start: int, name: str,
                    companies: list[EnterpriseMention]) -> str | None:
    """The one project named before whose owner is the subject of this bare work's clause, or whose name this
    brand leads; None when no project or more than one fits."""
    if not _WORK_TAIL.search(name):  # a brand alone (博石高科), not a facility (…机场, …产业园): no work word, no head
        if name.endswith(FACILITY_WORDS):
            return None
        fits = [pid for pid, full in _projects_named(batch) if len(full) > len(name) and full.startswith(name)
                and not _PHASE_NEXT.match(full[len(name):]) and not _PART_OF_LINE.search(full)]
        return fits[0] if len(fits) == 1 else None
    owner = max((c for c in companies if c.end <= start and _OWNER_CLAUSE.match(text[c.end:start])),
                key=lambda c: c.end, default=None)
    if owner is None or any(name.startswith(form) for form in _owner_forms(owner)):
        return None
    core = _WORK_TAIL.sub("", name)
    fits = [pid for pid, full in _projects_named(batch) if full != name
            and any(full.startswith(form) for form in _owner_forms(owner))
            and _shared_chars(core, _WORK_TAIL.sub("", full)) >= MIN_SHARED_WORDS]
    return fits[0] if len(fits) == 1 else None


def _projects_named(batch: GraphBatch) -> list[tuple[str, str]]:
    """The id and name of each project of this text so far."""
    return [(n.id, n.props.get("name", "")) for n in batch.nodes.values() if n.label == "Project"]


def _owner_forms(owner: EnterpriseMention) -> list[str]:
    """The forms an owner's works may start with: its name as written, with its place, its group."""
    stem = _GROUP_STEM.match(owner.name)
    return [form for form in (owner.name, owner.placed, owner.group, stem and stem.group(0)) if form]


def _shared_chars(a: str, b: str) -> int:
    """The length of the longest run of characters the two names share."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] not in b:
                break
            best = j - i
    return best


def _fuller_names(batch: GraphBatch, name: str) -> list[str]:
    """The ids of this text's projects whose names `name` shortens."""
    return [pid for pid, full in _projects_named(batch) if _shortens(full, name)]


def _clause_site(text: str, sites: list[tuple[int, str]], start: int, name: str, container: Container) -> str | None:
    """The county of another city that the project's own clause names before it (镇安县与…签订的东阳钼产业园项目),
    when the text names that work only once: its other mentions would place it apart, as two works."""
    if sum(name in other for other in container.words) > 1:
        return None
    return next((code for stop, code in reversed(sites)
                 if stop <= start and not _CLAUSE_BREAK.search(text, stop, start)), None)


def _phrase_place(own: str | None, name: str, container: Container, places: PlaceResolver,
                  site: str | None = None, investor: int = 0,
                  stated: str | None = None) -> tuple[str | None, dict[str, str | None]]:
    """A prose project's place: the one its sentence names, else the one its name or its heading or document
    states (a project named without a place in a 芮城县 news item is in 芮城县), else the city the text is
    about. Unlike a list row, a prose name naming another city than its county news item's is the
    investor's origin, not the site (the resolver's row rule would let the name win). `site`: the code of
    the last county of another city the sentence names before the project (镇安县与…公司签订的东阳钼产业园
    项目), which places a project whose name names no county, within the document's place. `investor`: the
    length of the company the name opens with when that company is written with where it is from (深圳惠科|
    新材料产业项目 in a 太原 text): a place of another province there is the investor's origin, and only the
    rest of the name can name the site. `stated`: the site its profile's 建设地点 line gives, which wins when it
    names a county."""
    if stated:
        given = places.place({"county": stated, "name": name}, container.document)
        if given.county_ids:
            return given.county_ids[0], {"place_source": "profile", "place_source_text": stated}
    if own is not None and not _home_short_form(name, own, container, places):
        return own, {"place_source": "sentence"}
    document = container.document
    if investor and (document is None or _origin_may_be_site(places.name_origin(name[:investor]), document.code)):
        investor = 0
    placed = places.place({"name": name[investor:]}, document)  # 祁东县科多…生产线 names its own county
    if site is not None and not (placed.county_ids and placed.found_in == "name") \
            and (document is None or site.startswith(document.code)):
        return places.county_id(site), {"place_source": "sentence"}
    place_id = placed.county_ids[0] if placed.county_ids else placed.region_id
    if document is not None and document.county and place_id is not None and placed.found_in == "name" \
            and places.info(place_id).city_code != places.info(document.place_id).city_code:
        # A county's news item: a name naming another city's place names the investor's origin
        # (定远县 signs 江苏南通城欣…项目, 繁昌区 signs 吴江纺织…项目); the project is the county's.
        placed = places.place({}, document)
        place_id = document.place_id
    if place_id is not None or document is not None:
        return place_id, {"place_source": placed.source, "place_source_text": placed.source_text}
    return container.default_place, {"place_source": "home city (text names no place)"
                                     if container.default_place else None}


def _origin_may_be_site(origin: str | None, code: str) -> bool:
    """The investor's origin lies in the document's province (钦州中马… in a 南宁 text, 平舆县弘康… in a 驻马店
    list): there a place heading a name is as often the site, and so is a county written in full (贵定县康佳…
    in a 广东 text). Another province's or its city's (深圳极视角… in a 青岛 text), or a country's, is only where
    the company is from."""
    return origin is None or origin[:PROVINCE_CODE] == code[:PROVINCE_CODE] or len(origin) >= COUNTY_CODE


def _span_prov(doc_id: str, sentence: Sentence, start: int, end: int) -> Provenance:
    doc_start, doc_end = sentence.span(start, end)
    return Provenance(doc=doc_id, start=doc_start, end=doc_end, sentence=sentence.text)


def _parent(sub: bool, this_sentence: list[tuple[str, str]],
            previous: list[tuple[str, str]]) -> tuple[str, str] | None:
    """A part listed after 其中/包括 belongs to the project named just before it
    in the sentence, or to the previous sentence's project if it named one only."""
    if not sub:
        return None
    if this_sentence:
        return this_sentence[-1]
    return previous[0] if len(previous) == 1 else None
