"""The gazetteer as graph facts, written as the pseudo-document `gazetteer`
so that places, blocks, rivers and chains exist before any text names them
and are refreshed whenever the ontology data changes."""

from __future__ import annotations

from graph.models import GraphBatch, Provenance
from graph.store import GraphStore
from ingest.places import add_division_nodes
from ontology import Gazetteer

GAZETTEER_DOC = "gazetteer"


def gazetteer_batch(gaz: Gazetteer) -> GraphBatch:
    batch = GraphBatch()
    prov = Provenance(doc=GAZETTEER_DOC)
    home = gaz.home
    batch.node(home.id, "Region", prov, name=home.name, code=home.data.get("code"), kind="city",
               aliases=list(home.forms), home=True)
    for e in gaz.by_label("County"):
        batch.node(e.id, "County", prov, name=e.name, code=e.data["code"], short=e.data["short"],
                   aliases=[*e.forms, *e.context_forms], home=True)
        batch.edge(e.id, "LOCATED_IN", home.id, prov)
    for e in gaz.local.values():
        batch.node(e.id, e.label, prov, name=e.name, aliases=[*e.forms, *e.context_forms],
                   **({"code": e.data["code"]} if e.label == "Township" else
                      {"kind": e.data.get("kind"), "source": gaz.raw["landmarks"]["sources"][e.data["source"]]}))
        for county in e.data["county_ids"]:
            if county in gaz.entries:  # a neighbouring city's landmark names its county only when a project does
                batch.edge(e.id, "LOCATED_IN", county, prov)
    province = f"region:{str(home.data.get('code'))[:2]}"
    if province in gaz.entries:  # the home city in its province, as other cities' are
        batch.edge(home.id, "LOCATED_IN", province, prov)
    _neighbours(batch, gaz, prov)
    for e in gaz.by_label("Region"):
        if e.id == home.id:
            continue
        batch.node(e.id, "Region", prov, name=e.name, code=e.data.get("code"), kind=e.data.get("kind"),
                   aliases=[*e.forms, *e.context_forms], partner=bool(e.data.get("partner")))
        if e.data.get("partner"):
            batch.edge(home.id, "PARTNER_OF", e.id, prov, fields=e.data.get("fields", []))
    for e in gaz.by_label("Region"):
        for member in e.data.get("member_ids", []):
            batch.edge(member, "MEMBER_OF", e.id, prov)
    for e in gaz.by_label("Block"):
        batch.node(e.id, "Block", prov, name=e.name, full_name=e.data.get("full_name"),
                   aliases=list(e.forms), theme=e.data.get("theme"),
                   lead_rotation=[gaz.entries[c].name for c in e.data["rotation_ids"]])
        for member in e.data["member_ids"]:
            batch.edge(member, "MEMBER_OF", e.id, prov)
    for e in gaz.by_label("Mountain"):
        batch.node(e.id, "Mountain", prov, name=e.name)
    for e in gaz.by_label("River"):
        batch.node(e.id, "River", prov, name=e.name)
    for e in gaz.by_label("River"):
        if e.data.get("tributary_of"):
            batch.edge(e.id, "TRIBUTARY_OF", f"river:{e.data['tributary_of']}", prov)
        for county in e.data["county_ids"]:
            batch.edge(e.id, "FLOWS_THROUGH", county, prov)
    for e in gaz.by_label("Industry"):
        batch.node(e.id, "Industry", prov, name=e.name, kind=e.data.get("kind"), aliases=list(e.forms),
                   std_codes=list(e.data.get("gbt4754", [])))
    _chains(batch, gaz, prov)
    for label in ("DevelopmentZone", "Park", "UrbanArea"):
        for e in gaz.by_label(label):
            batch.node(e.id, label, prov, name=e.name, aliases=[*e.forms, *e.context_forms])
            for place in e.data["county_ids"]:
                batch.edge(e.id, "LOCATED_IN", place, prov)
            for industry in e.data.get("industry_ids", []):
                batch.edge(e.id, "IN_INDUSTRY", industry, prov)
    return batch


def _neighbours(batch: GraphBatch, gaz: Gazetteer, prov: Provenance) -> None:
    """ADJACENT_TO between each home county and every county it borders (ontology/data/adjacency.tsv),
    the other cities' ones created with their city and province."""
    home = {e.data["code"]: e.id for e in gaz.by_label("County")}
    for code, county_id in sorted(home.items()):
        for other in gaz.adjacency.get(code, ()):
            if other in home and other < code:
                continue  # one edge per pair of home counties
            other_id = home.get(other) or add_division_nodes(batch, gaz, other, prov)
            batch.edge(county_id, "ADJACENT_TO", other_id, prov)


def _chains(batch: GraphBatch, gaz: Gazetteer, prov: Provenance) -> None:
    for chain in gaz.by_label("IndustrialChain"):
        batch.node(chain.id, "IndustrialChain", prov, name=chain.name, aliases=list(chain.forms),
                   sample=bool(chain.data.get("sample")))
        for industry in chain.data["industry_ids"]:
            batch.edge(chain.id, "IN_INDUSTRY", industry, prov)
        links = gaz.chain_links(chain.id)
        for link in links:
            batch.node(link.id, "ChainLink", prov, name=link.name, chain=chain.id, order=link.order,
                       keywords=list(link.keywords))
            batch.edge(link.id, "PART_OF_CHAIN", chain.id, prov, order=link.order)
            for industry in link.industries:
                batch.edge(link.id, "IN_INDUSTRY", industry, prov)
        for up, down in zip(links, links[1:], strict=False):
            batch.edge(up.id, "UPSTREAM_OF", down.id, prov)
    for e in gaz.by_label("Enterprise"):
        batch.node(e.id, "Enterprise", prov, name=e.name, aliases=list(e.forms),
                   chain_leader=bool(e.data.get("chain_leader")))
        for link in e.data["links"]:
            batch.edge(e.id, "PART_OF_CHAIN", link, prov)
        for place in e.data["county_ids"]:
            batch.edge(e.id, "LOCATED_IN", place, prov)


def ensure_gazetteer(store: GraphStore, gaz: Gazetteer) -> bool:
    """Write the gazetteer if the store holds none or an older one."""
    record = store.document(GAZETTEER_DOC)
    if record is not None and record.fingerprint == gaz.fingerprint:
        return False
    store.replace_document(GAZETTEER_DOC, gaz.fingerprint, "ontology/data", gazetteer_batch(gaz))
    return True
