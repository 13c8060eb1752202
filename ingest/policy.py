"""Policy texts → graph: the document, its parts, tasks and measures, the
places, rivers, industries, chains and enterprises each sentence names, the
partnerships it states and the concrete projects it names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.models import GraphBatch, Provenance
from ingest.extract import Extractor, Mention
from ingest.projects import ProjectRecord, add_project
from ingest.structure import Section, Sentence, parse_structure
from ontology import Gazetteer, load_schema

SITE_SEPARATORS = "、，,和及与"
COMPOUND_SEPARATORS = "—–－-"
FACILITY_ENDINGS = ("设施", "电站", "管线", "管道")
_OBJECT = re.compile(r"^等?([^，。；、：,;:“”（）()]{2,30}?)(项目|工程|及|，|。|；|、|$)")
_NAMED = re.compile(r"围绕([^，。；、：,;:“”（）()]{4,40}?(?:项目|工程))")


@dataclass
class Container:
    """The graph node a sentence belongs to (document, part, task or measure)."""

    id: str
    task_id: str | None


def policy_batch(doc_id: str, text: str, props: dict[str, object], gaz: Gazetteer,
                 extractor: Extractor) -> GraphBatch:
    parsed = parse_structure(text)
    batch = GraphBatch()
    batch.node(doc_id, "PolicyDocument", Provenance(doc=doc_id), title=parsed.title, **props)
    key = doc_id.removeprefix("doc:")
    root = Container(doc_id, None)
    for sentence in parsed.preamble:
        _sentence_facts(batch, doc_id, root, sentence, gaz, extractor)
    for section in parsed.sections:
        _section(batch, doc_id, key, doc_id, section, None, gaz, extractor)
    return batch


def _role(parent: Section | None) -> tuple[str, str] | None:
    if parent is None:
        return None
    for role in load_schema().section_roles:
        if any(word in parent.title for word in role.words):
            return role.label, role.rel
    return None


def _section(batch: GraphBatch, doc_id: str, key: str, parent_id: str, section: Section,
             parent: Section | None, gaz: Gazetteer, extractor: Extractor) -> None:
    role = _role(parent)
    title_prov = Provenance(doc=doc_id, start=section.title_sentence.start,
                            end=section.title_sentence.end, sentence=section.title_sentence.text)
    if role is not None:
        label, rel = role
        node_id = f"{label.lower()}:{key}:{section.number}"
        body = [s for sub in section.walk() for s in sub.sentences]
        batch.node(node_id, label, title_prov, ordinal=section.ordinal, number=section.number,
                   title=section.title, text=section.title + "\n" + "".join(s.text for s in body), doc=doc_id)
        batch.edge(parent_id, rel, node_id, title_prov)
        container = Container(node_id, node_id if label == "Task" else None)
        for sentence in [section.title_sentence, *body]:
            _sentence_facts(batch, doc_id, container, sentence, gaz, extractor)
        return
    node_id = f"section:{key}:{section.path}"
    batch.node(node_id, "Section", title_prov, ordinal=section.ordinal, number=section.number,
               title=section.title, level=section.level, path=section.path)
    batch.edge(parent_id, "HAS_SECTION", node_id, title_prov)
    container = Container(node_id, None)
    for sentence in [section.title_sentence, *section.sentences]:
        _sentence_facts(batch, doc_id, container, sentence, gaz, extractor)
    for child in section.children:
        _section(batch, doc_id, key, node_id, child, section, gaz, extractor)


def _prov(doc_id: str, sentence: Sentence, mention: Mention | None = None) -> Provenance:
    start, end = sentence.span(mention.start, mention.end) if mention else (sentence.start, sentence.end)
    return Provenance(doc=doc_id, start=start, end=end, sentence=sentence.text)


def _sentence_facts(batch: GraphBatch, doc_id: str, container: Container, sentence: Sentence,
                    gaz: Gazetteer, extractor: Extractor) -> None:
    mentions = extractor.find(sentence.text)
    for m in mentions:
        if m.entry_id != gaz.home.id:
            batch.edge(container.id, "MENTIONS", m.entry_id, _prov(doc_id, sentence, m), form=m.form)
    cues = gaz.raw["regions"].get("partner_cues", [])
    for m in mentions:
        entry = gaz.entries.get(m.entry_id)
        if entry and entry.data.get("partner") and any(c in sentence.text for c in cues):
            batch.edge(gaz.home.id, "PARTNER_OF", m.entry_id, _prov(doc_id, sentence, m))
    for record in named_projects(sentence, mentions, doc_id, gaz):
        record.task_id = container.task_id
        record.task_score = 1.0 if container.task_id else None
        record.task_source = "policy-text" if container.task_id else None
        add_project(batch, record, gaz, extractor)


def named_projects(sentence: Sentence, mentions: list[Mention], doc_id: str, gaz: Gazetteer) -> list[ProjectRecord]:
    """Concrete projects a policy sentence names.

    Two shapes occur: a list of sites followed by what is built there
    ("洪洞县、安泽县、吉县等抽水蓄能电站项目" → one project per site; "吉县—延长…管线"
    → one project joining both), and "围绕<proper name>项目"."""
    text = sentence.text
    records: list[ProjectRecord] = []
    places = sorted((m for m in mentions if m.label in ("County", "Region") and m.entry_id != gaz.home.id),
                    key=lambda m: m.start)
    groups: list[list[list[Mention]]] = []  # groups of sites; a site is one place or a compound
    for m in places:
        gap = text[groups[-1][-1][-1].end : m.start] if groups else None
        if gap is not None and gap and all(ch in COMPOUND_SEPARATORS for ch in gap):
            groups[-1][-1].append(m)
        elif gap is not None and len(gap) <= 1 and all(ch in SITE_SEPARATORS for ch in gap):
            groups[-1].append([m])
        else:
            groups.append([[m]])
    for group in groups:
        end = group[-1][-1].end
        obj = _OBJECT.match(text[end:])
        if not obj:
            continue
        what, stop = obj.group(1), obj.group(2)
        is_project = stop in ("项目", "工程")
        if not is_project and not (what.endswith(FACILITY_ENDINGS) and len(group) > 1):
            continue
        if not is_project and len(group) == 1:
            continue
        suffix = stop if is_project else "项目"
        span_end = end + obj.end(2) if is_project else end + obj.end(1)
        start, stop_at = sentence.span(group[0][0].start, span_end)
        prov = Provenance(doc=doc_id, start=start, end=stop_at, sentence=text)
        for site in group:
            county = next((m for m in site if m.label == "County"), None)
            if county is None:  # "承接西安…项目" names a kind of project, not one
                continue
            site_name = (gaz.entries[county.entry_id].name if len(site) == 1
                         else "—".join(m.form for m in site))
            records.append(ProjectRecord(name=f"{site_name}{what}{suffix}", prov=prov,
                                         place_id=county.entry_id))
    for match in _NAMED.finditer(text):
        name = match.group(1)
        start, end = sentence.span(match.start(1), match.end(1))
        inside = [m for m in places if match.start(1) <= m.start < match.end(1) and m.label == "County"]
        records.append(ProjectRecord(name=name, prov=Provenance(doc=doc_id, start=start, end=end, sentence=text),
                                     place_id=inside[0].entry_id if inside else gaz.home.id))
    return records

