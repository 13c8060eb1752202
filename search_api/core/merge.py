"""Merging confirmed duplicates into one canonical project, and undoing it.

A merge changes no project node: it is a `ProjectMerge` record in the review
document (see review.py) naming a canonical project and its members. The
catalog the search index is built from folds the members into the canonical
project — its counties, industries, chains and search words are the union of
all members', the members' original names become its aliases — so search,
lists and chain views count it once, while every member keeps its own node
and sources. Undo deletes the record; nothing else has to be restored."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from graph.store import utc_timestamp
from ontology import InputError
from search_api.core.catalog import ProjectDoc
from search_api.core.models import ChainView, MergeRecord
from search_api.core.review import ReviewBook


def merge_id(members: list[str]) -> str:
    return "merge:" + hashlib.sha1("\x1f".join(sorted(members)).encode()).hexdigest()[:16]


def merged_into(merges: list[MergeRecord]) -> dict[str, str]:
    """Each merged-away member's canonical project."""
    return {m: rec.canonical for rec in merges for m in rec.members if m != rec.canonical}


def new_merge(book: ReviewBook, ids: list[str], names: dict[str, str], reviewer: str) -> MergeRecord:
    """A checked merge of `ids` (the first is canonical): at least two live
    projects, none already merged, joined by confirmed decisions."""
    members = list(dict.fromkeys(ids))
    if len(members) < 2:
        raise InputError("merge", "a merge needs at least two projects")
    taken = {m for rec in book.merges for m in rec.members}
    if taken & set(members):
        raise InputError("merge", f"already merged: {', '.join(sorted(taken & set(members)))}; undo that merge first")
    missing = [m for m in members if m not in names]
    if missing:
        raise InputError("merge", f"not a current project: {', '.join(missing)}")
    linked = {members[0]}
    for _ in members:  # grow the set joined by confirmed pairs
        linked |= {m for m in members if any(book.confirmed(m, other) for other in linked)}
    if linked != set(members):
        unconfirmed = [m for m in members if m not in linked]
        raise InputError("merge", f"only confirmed duplicates can be merged; not confirmed: {', '.join(unconfirmed)}")
    return MergeRecord(id=merge_id(members), canonical=members[0], members=members,
                       names=[names[m] for m in members], reviewer=reviewer.strip() or "匿名",
                       merged_at=utc_timestamp())


def _union(*lists: list[str]) -> list[str]:
    return list(dict.fromkeys(x for items in lists for x in items))


def merged_catalog(docs: list[ProjectDoc], merges: list[MergeRecord]) -> list[ProjectDoc]:
    """The catalog with each merge's members folded into its canonical project
    (a merge whose canonical project is gone is ignored)."""
    by_id = {d.id: d for d in docs}
    folded: set[str] = set()
    out: dict[str, ProjectDoc] = {}
    for rec in merges:
        canonical = by_id.get(rec.canonical)
        parts = [by_id[m] for m in rec.members if m in by_id and m != rec.canonical]
        if canonical is None or not parts:
            continue
        every = [canonical, *parts]
        out[canonical.id] = replace(
            canonical,
            counties=_union(*(d.counties for d in every)),
            industries=sorted(set(_union(*(d.industries for d in every)))),
            chains=sorted(set(_union(*(d.chains for d in every)))),
            links=sorted(set(_union(*(d.links for d in every)))),
            rivers=sorted(set(_union(*(d.rivers for d in every)))),
            zones=_union(*(d.zones for d in every)),
            search_text=" ".join(d.search_text for d in every if d.search_text),
            investment_wan=next((d.investment_wan for d in every if d.investment_wan is not None), None),
            years=next((d.years for d in every if d.years), None))
        folded.update(d.id for d in parts)
    return [out.get(d.id, d) for d in docs if d.id not in folded]


def chain_counted_once(view: ChainView, merges: list[MergeRecord]) -> ChainView:
    """A chain view in which a merged project appears once, as its canonical project."""
    into = merged_into(merges)
    if not into:
        return view
    links = []
    for link in view.links:
        seen: set[str] = set()
        projects = []
        for p in link.projects:
            pid = into.get(p.id, p.id)
            if pid not in seen:
                seen.add(pid)
                projects.append(p if pid == p.id else p.model_copy(update={"id": pid}))
        links.append(link.model_copy(update={"projects": projects}))
    return view.model_copy(update={"links": links})
