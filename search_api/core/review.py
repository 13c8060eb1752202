"""Reviewers' decisions on duplicate pairs (确认重复 / 不是重复 / 稍后) and merges,
kept in the graph.

Decisions and merges are the facts of one pseudo-document, `REVIEW_DOC`,
written with `replace_document` like any ingested file. So re-ingesting a
project list leaves them alone (they belong to another document), export and
import carry them (they are nodes with provenance), both backends store them
the same way, and a write is all-or-nothing.

A decision keeps a short fingerprint of each side's text (name and content)
as it was when decided: a rejected pair is left out of the next duplicate
report unless one side's text has changed since, and then it is proposed
again with the old decision shown as stale. Confirmed and rejected pairs are
labelled pairs for `planatlas eval` (`labelled_pairs`)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

import networkx as nx

from graph.models import GraphBatch, Node
from graph.store import GraphStore, utc_timestamp
from ontology import InputError
from search_api.core.models import (
    DuplicatePair,
    DuplicateReport,
    LabelledPair,
    MergeRecord,
    PairReview,
    ReviewRecord,
)

REVIEW_DOC = "doc:planatlas-reviews"
REVIEW_PATH = "planatlas:reviews"  # the pseudo-document's "path" in the documents list
REVIEW_LABEL = "DuplicateReview"
MERGE_LABEL = "ProjectMerge"
Decision = Literal["confirmed", "rejected", "later"]
DECISIONS: tuple[Decision, ...] = get_args(Decision)
MAX_COMMENT = 500
MAX_REVIEWER = 50


def text_key(name: str, content: str) -> str:
    """A short fingerprint of what a reviewer read of one project."""
    return hashlib.sha256(f"{name}\x1f{content}".encode()).hexdigest()[:16]


def pair_key(a: str, b: str) -> tuple[str, str]:
    """A pair in one order, whichever side the finder put first."""
    return (a, b) if a <= b else (b, a)


def review_id(a: str, b: str) -> str:
    lo, hi = pair_key(a, b)
    return "review:" + hashlib.sha1(f"{lo}\x1f{hi}".encode()).hexdigest()[:20]


@dataclass(frozen=True)
class StoredReview:
    """A decision with the text fingerprints of both sides when it was made."""

    record: ReviewRecord
    a_text: str
    b_text: str

    def view(self, current: Mapping[str, str]) -> PairReview:
        """The decision, `stale` if a side still present has other text now."""
        r = self.record
        stale = any(pid in current and current[pid] != old
                    for pid, old in ((r.a, self.a_text), (r.b, self.b_text)))
        return PairReview(decision=r.decision, comment=r.comment, reviewer=r.reviewer,
                          decided_at=r.decided_at, stale=stale)


@dataclass
class ReviewBook:
    """Every decision (by pair) and every merge, as read from the store."""

    reviews: dict[tuple[str, str], StoredReview] = field(default_factory=dict)
    merges: list[MergeRecord] = field(default_factory=list)

    @classmethod
    def load(cls, store: GraphStore) -> ReviewBook:
        book = cls()
        for node in store.find_nodes(REVIEW_LABEL):
            p = node.props
            record = ReviewRecord(id=node.id, a=p["a"], b=p["b"], decision=p["decision"],
                                  comment=p.get("comment", ""), reviewer=p.get("reviewer", ""),
                                  decided_at=p["decided_at"])
            book.reviews[pair_key(record.a, record.b)] = StoredReview(record, p.get("a_text", ""),
                                                                      p.get("b_text", ""))
        book.merges = [MergeRecord(id=n.id, **n.props) for n in store.find_nodes(MERGE_LABEL)]
        return book

    def get(self, a: str, b: str) -> StoredReview | None:
        return self.reviews.get(pair_key(a, b))

    def of_project(self, project_id: str) -> list[ReviewRecord]:
        """Decisions on pairs this project is in, newest first."""
        found = [s.record for s in self.reviews.values() if project_id in (s.record.a, s.record.b)]
        return sorted(found, key=lambda r: (r.decided_at, r.id), reverse=True)

    def confirmed(self, a: str, b: str) -> bool:
        stored = self.get(a, b)
        return stored is not None and stored.record.decision == "confirmed"

    def save(self, store: GraphStore) -> None:
        """Write every decision and merge as the review document, in one transaction."""
        batch = GraphBatch()
        for s in self.reviews.values():
            props = s.record.model_dump(exclude={"id", "a_name", "b_name", "stale"})
            batch.add_node(Node(id=s.record.id, label=REVIEW_LABEL,
                                props={**props, "a_text": s.a_text, "b_text": s.b_text}))
        for m in self.merges:
            batch.add_node(Node(id=m.id, label=MERGE_LABEL, props=m.model_dump(exclude={"id"})))
        content = json.dumps([n.model_dump() for n in sorted(batch.nodes.values(), key=lambda n: n.id)],
                             ensure_ascii=False, sort_keys=True)
        store.replace_document(REVIEW_DOC, hashlib.sha256(content.encode()).hexdigest(), REVIEW_PATH, batch)


def new_review(a: str, b: str, decision: str, comment: str, reviewer: str,
               current: Mapping[str, str]) -> StoredReview:
    """A checked decision on the pair (a, b), stamped now, with both sides' text fingerprints."""
    if decision not in DECISIONS:
        raise InputError("review", f"decision {decision!r}: expected one of {', '.join(DECISIONS)}")
    if a == b:
        raise InputError("review", "a project cannot be a duplicate of itself")
    if len(comment) > MAX_COMMENT or len(reviewer) > MAX_REVIEWER:
        raise InputError("review", f"comment over {MAX_COMMENT} or reviewer over {MAX_REVIEWER} characters")
    lo, hi = pair_key(a, b)
    record = ReviewRecord(id=review_id(lo, hi), a=lo, b=hi, decision=decision, comment=comment.strip(),
                          reviewer=reviewer.strip() or "匿名", decided_at=utc_timestamp())
    return StoredReview(record, current.get(lo, ""), current.get(hi, ""))


def reviewed_pairs(pairs: list[DuplicatePair], book: ReviewBook,
                   current: Mapping[str, str]) -> tuple[list[DuplicatePair], int]:
    """The pairs with their decisions, without those rejected on unchanged
    text; also how many were left out."""
    kept: list[DuplicatePair] = []
    hidden = 0
    for pair in pairs:
        stored = book.get(pair.a, pair.b)
        review = stored.view(current) if stored else None
        if review is not None and review.decision == "rejected" and not review.stale:
            hidden += 1
            continue
        kept.append(pair.model_copy(update={"review": review}))
    return kept, hidden


def reviewed_report(report: DuplicateReport, book: ReviewBook, current: Mapping[str, str]) -> DuplicateReport:
    """The finder's report after the reviewers' decisions; clusters regrouped without rejected pairs."""
    pairs, hidden = reviewed_pairs(report.pairs, book, current)
    graph: nx.Graph[str] = nx.Graph()
    graph.add_edges_from((p.a, p.b) for p in pairs if not (p.review and p.review.decision == "rejected"))
    clusters = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c))
    return DuplicateReport(pairs=pairs, clusters=clusters, candidates=report.candidates, rejected_hidden=hidden)


def labelled_pairs(book: ReviewBook, ref: Callable[[str], str]) -> list[LabelledPair]:
    """Confirmed (label 1) and rejected (label 0) pairs as the JSON objects
    `planatlas eval` reads; `ref` turns a project id into what eval can
    resolve (the id, or the name of a project merged away)."""
    out = []
    for s in sorted(book.reviews.values(), key=lambda s: (s.record.decided_at, s.record.id)):
        r = s.record
        if r.decision == "later":
            continue
        out.append(LabelledPair(a=ref(r.a), b=ref(r.b), label=int(r.decision == "confirmed"),
                                reviewer=r.reviewer, decided_at=r.decided_at, comment=r.comment))
    return out


def to_jsonl(rows: list[LabelledPair]) -> str:
    return "".join(json.dumps(row.model_dump(), ensure_ascii=False, sort_keys=True) + "\n" for row in rows)
