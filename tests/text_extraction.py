"""What the whole extraction of one text finds, for the tests that check it on single sentences."""

from __future__ import annotations

from ingest.extract import extractor_for
from ingest.ner import default_tagger
from ingest.policy import policy_batch
from ingest.project_phrases import find_project_phrases
from ontology import Gazetteer


def sentence_project_names(sentence: str, gaz: Gazetteer) -> list[str]:
    """The project names the phrase finder reads in one sentence (its LAC words and gazetteer mentions given), in
    order: the sentence-level step alone, without the document's merging of works named again."""
    words = default_tagger().tokens([sentence])[0]
    return [p.name for p in find_project_phrases(sentence, extractor_for(gaz).find(sentence), gaz, words)]


def companies_in(text: str, gaz: Gazetteer) -> set[str]:
    """The names of the Enterprise nodes a policy text's extraction writes."""
    batch = policy_batch("doc:t", text, {"path": "t"}, gaz, extractor_for(gaz))
    return {n.props["name"] for n in batch.nodes.values() if n.label == "Enterprise"}


def project_money(text: str, gaz: Gazetteer) -> dict[str, float | None]:
    """Each Project node's name and investment (万元) from a policy text's extraction."""
    batch = policy_batch("doc:t", text, {"path": "t"}, gaz, extractor_for(gaz))
    return {n.props["name"]: n.props.get("investment_wan") for n in batch.nodes.values() if n.label == "Project"}


def company_forms(text: str, gaz: Gazetteer) -> dict[str, set[str]]:
    """Each Enterprise node's name with its aliases, from a policy text's extraction."""
    batch = policy_batch("doc:t", text, {"path": "t"}, gaz, extractor_for(gaz))
    return {n.props["name"]: set(n.props.get("aliases") or []) for n in batch.nodes.values()
            if n.label == "Enterprise"}


def project_cities(text: str, gaz: Gazetteer) -> dict[str, str | None]:
    """Each Project node's name and the city it is placed in, from a policy text's extraction."""
    batch = policy_batch("doc:t", text, {"path": "t"}, gaz, extractor_for(gaz))
    return {n.props["name"]: n.props.get("city") for n in batch.nodes.values() if n.label == "Project"}


def mentioned_places(text: str, gaz: Gazetteer) -> dict[str, str]:
    """Each place a policy text's extraction stores as a mention outside the gazetteer (a division, a township, a
    development zone), by its written form: the label and the code of the node it names ("" for a zone named by a
    name of its own)."""
    batch = policy_batch("doc:t", text, {"path": "t"}, gaz, extractor_for(gaz))
    labels = ("County", "Region", "Township", "DevelopmentZone")
    return {e.props["form"]: f"{batch.nodes[e.dst].label}:{batch.nodes[e.dst].props.get('code', '')}"
            for e in batch.edges.values() if e.type == "MENTIONS" and e.dst in batch.nodes
            and batch.nodes[e.dst].label in labels}
