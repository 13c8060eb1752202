"""Typed read models: what a planner sees of the graph. The service returns
these; the CLI prints them as JSON and the API wraps them in its `*Public`
envelopes, so both speak the same shapes and `/docs` can show them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_serializer

from graph.models import DocumentRecord, Provenance


class ReadModel(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


class Source(Provenance):
    """Where a fact was read, as the read models show it: fields the source
    does not have (a table row has no span, a text no row) are left out."""

    @classmethod
    def of(cls, p: Provenance) -> Source:
        return cls.model_validate(p.model_dump())

    @model_serializer(mode="wrap")
    def _drop_missing(self, handler: Any) -> dict[str, Any]:
        return {k: v for k, v in handler(self).items() if v is not None}


# -- projects -----------------------------------------------------------------

class TaskRef(ReadModel):
    id: str
    number: int | None
    title: str | None
    score: float | None = None
    source: str | None = None


class StandardIndustryRef(ReadModel):
    """The project's GB/T 4754-2017 section and division, and how sure the assignment is."""

    section: str
    division: str
    code: str
    name: str
    score: float | None


class SourcedValue(ReadModel):
    """One source's value of a property: a document's, with the rows of it naming the project
    (where rows of one list disagree, each value comes with its own rows)."""

    value: str | float | int
    doc: str
    rows: list[int] = Field(default_factory=list)


class ValueConflict(ReadModel):
    """A property the project's sources disagree on: every document's (and
    disagreeing row's) value; the project's own property shows the one written last."""

    field: str
    values: list[SourcedValue]


class ProjectSummary(ReadModel):
    id: str
    name: str | None
    county: str | None
    counties: list[str]
    county_code: str | None = None
    city: str | None = None  # the prefecture-level city, province and their codes (any city of China)
    city_code: str | None = None
    province: str | None = None
    province_code: str | None = None
    home: bool | None = None  # in the home city
    place_level: str | None = None  # county | city | province | none: how precisely the project is placed
    # where the place came from: row cell | name | content | owner | title rows | sheet name | file name |
    # folder | document title | section heading | document lead | enterprise in document | home city (…)
    place_source: str | None = None
    place_source_text: str | None = None  # the document's words that placed it, when a document did
    zones: list[str]
    block: str | None
    industries: list[str]
    chains: list[str]
    chain_links: list[str]
    task: TaskRef | None
    investment_wan: float | None
    years: str | None
    content: str | None
    owner: str | None
    sources: list[Source] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)  # the original names of projects merged into this one
    merged_from: list[str] = Field(default_factory=list)  # ids of the projects merged into this one
    standard_industry: StandardIndustryRef | None = None
    conflicts: list[ValueConflict] = Field(default_factory=list)  # values its sources disagree on, per source and row


class PairReview(ReadModel):
    """A reviewer's decision on a duplicate pair. `stale`: a side's text changed since."""

    decision: str  # confirmed | rejected | later
    comment: str
    reviewer: str
    decided_at: str
    stale: bool = False


class ReviewRecord(PairReview):
    """A decision with its pair, as stored in the graph."""

    id: str
    a: str
    b: str
    a_name: str | None = None
    b_name: str | None = None


class LabelledPair(ReadModel):
    """A decided pair as a line `planatlas eval` reads (label 1: duplicates)."""

    a: str
    b: str
    label: int
    reviewer: str
    decided_at: str
    comment: str


class MergeRecord(ReadModel):
    """Projects merged into one canonical project; the members keep their nodes and sources."""

    id: str
    canonical: str
    members: list[str]
    names: list[str]  # the members' original names, canonical first
    reviewer: str
    merged_at: str


class PairEvidence(ReadModel):
    cosine: float | None
    name_similarity: float
    same_name_key: bool
    same_investment: bool
    same_years: bool
    conflicts: list[str]


class DuplicatePair(ReadModel):
    a: str
    b: str
    a_name: str
    b_name: str
    a_county: str | None
    b_county: str | None
    score: float
    evidence: PairEvidence
    review: PairReview | None = None  # the reviewer's decision on this pair, if any


class DuplicateReport(ReadModel):
    pairs: list[DuplicatePair]
    clusters: list[list[str]]
    candidates: int
    rejected_hidden: int = 0  # pairs a reviewer rejected (texts unchanged since), left out


class ProjectParty(ReadModel):
    """A company's part in the project (owner, signing_party, chain_leader) and where it is from."""

    id: str
    name: str
    role: str
    located: list[str]


class ProjectPage(ProjectSummary):
    parties: list[ProjectParty] = Field(default_factory=list)  # the enterprises that own, sign or lead it
    likely_duplicates: list[DuplicatePair]
    duplicate_warning: list[DuplicatePair]  # likely duplicates in another county
    reviews: list[ReviewRecord] = Field(default_factory=list)  # decisions on pairs this project is in
    merged_into: str | None = None  # the canonical project, if this one was merged
    merge: MergeRecord | None = None  # the merge this project is canonical of


class Page(ReadModel):
    """One page of projects and how many match in all."""

    data: list[ProjectSummary]
    count: int
    offset: int
    limit: int


# -- search -------------------------------------------------------------------

class Ranks(ReadModel):
    vector: int | None
    bm25: int | None


class Why(ReadModel):
    matched_terms: list[str]
    shared: dict[str, list[str] | int]  # county, block, chain, industry, river (names) and task (number)
    vector_score: float | None
    bm25_score: float | None
    ranks: Ranks


class Hit(ReadModel):
    id: str
    name: str
    county: str | None
    counties: list[str]
    block: str | None
    task: int | None
    chains: list[str]
    score: float
    why: Why


# -- graph, stats, tasks --------------------------------------------------------

class Stats(ReadModel):
    backend: str
    nodes: int
    edges: int
    by_label: dict[str, int]
    by_type: dict[str, int]
    documents: list[DocumentRecord]


class Relation(ReadModel):
    id: str
    label: str
    name: str | None
    props: dict[str, Any]
    provenance: list[Source]


class NodeView(ReadModel):
    id: str
    label: str
    props: dict[str, Any]
    provenance: list[Source]
    relationships: dict[str, list[Relation]]  # "out:LOCATED_IN", "in:MENTIONS", ...


class GraphNode(ReadModel):
    id: str
    label: str
    name: str


class GraphEdge(ReadModel):
    source: str
    target: str
    type: str


class Neighbourhood(ReadModel):
    root: str
    truncated: bool
    nodes: list[GraphNode]
    edges: list[GraphEdge]


class TaskSummary(ReadModel):
    id: str
    number: int | None
    ordinal: str | None
    title: str | None
    doc: str | None
    projects: list[str]  # project ids
    mentions: list[str]  # names of what the task's text mentions


class TaskPage(ReadModel):
    id: str
    number: int | None
    ordinal: str | None
    title: str | None
    doc: str | None
    mentions: list[str]
    text: str | None
    projects: list[ProjectSummary]


class TaskRefShort(ReadModel):
    id: str
    number: int | None
    title: str | None


# -- places -------------------------------------------------------------------

class CountySummary(ReadModel):
    id: str
    name: str
    code: str | None
    block: str | None
    projects: int
    city: str | None = None
    province: str | None = None
    home: bool = True  # a county of the home city (others exist once a project is placed there)


class MapCounty(ReadModel):
    id: str
    name: str
    code: str
    block: str | None
    projects: int
    investment_wan: float  # total of its projects' stated investments
    rings: list[list[list[float]]]  # outlines as [lon, lat] points


class HomeMap(ReadModel):
    """The home city's counties drawn from public boundaries, with what each holds."""

    city: str
    source: str | None
    counties: list[MapCounty]
    blocks: list[str]


class BlockSummary(ReadModel):
    id: str
    name: str
    full_name: str | None
    members: list[str]


class IndustrySummary(ReadModel):
    id: str
    name: str
    kind: str | None
    projects: int
    standard_divisions: list[str] = Field(default_factory=list)  # GB/T 4754-2017 division codes it maps onto


# -- chains and partners ----------------------------------------------------------

class NodeStep(ReadModel):
    id: str
    label: str
    name: str


class RelStep(ReadModel):
    rel: str
    dir: str  # "->" or "<-"


PathStep = NodeStep | RelStep


class ChainSummary(ReadModel):
    id: str
    name: str
    sample: bool
    links: list[str]


class LinkProject(ReadModel):
    id: str
    name: str | None
    county: str | None
    counties: list[str]
    block: str | None


class EnterpriseRole(ReadModel):
    """An enterprise's part in one project: owner, signing_party or chain_leader."""

    role: str
    project_id: str
    project: str | None


class LinkEnterprise(ReadModel):
    """An enterprise on a chain link: put there by the ontology (no roles) or a party to a
    project on the link (its roles)."""

    id: str
    name: str
    located: list[str]
    roles: list[EnterpriseRole] = []


class ChainLinkView(ReadModel):
    id: str
    name: str
    order: int
    upstream: list[str]
    downstream: list[str]
    projects: list[LinkProject]
    enterprises: list[LinkEnterprise]
    gap: bool


class PartnerVia(ReadModel):
    enterprise: str
    link: str
    path: str


class ChainPartner(ReadModel):
    id: str
    name: str
    via: list[PartnerVia]


class UnusedSupply(ReadModel):
    link: str
    downstream: str
    projects: list[str | None]


class ChainGaps(ReadModel):
    links_without_projects: list[str]
    links_missing_in_block: dict[str, list[str]]
    upstream_without_local_use: list[UnusedSupply]


class ChainEdge(ReadModel):
    from_: str = Field(alias="from")
    to: str


class Opportunity(ReadModel):
    link: str
    direction: str  # "downstream" or "upstream" of the county's own link
    because: str | None
    next_to: str | None
    held_by: str
    path: str
    steps: list[PathStep]


class Opportunities(ReadModel):
    county: str
    items: list[Opportunity]


class ChainView(ReadModel):
    id: str
    name: str
    sample: bool
    links: list[ChainLinkView]
    counties: list[str]
    partners: list[ChainPartner]
    gaps: ChainGaps
    edges: list[ChainEdge]
    opportunities: Opportunities | None = None


class Reason(ReadModel):
    kind: str
    path: str
    steps: list[PathStep]


class Partner(ReadModel):
    id: str
    label: str
    name: str
    score: float
    components: dict[str, float]
    reasons: list[Reason]


class Subject(ReadModel):
    id: str
    label: str
    name: str | None


class PartnerReport(ReadModel):
    subject: Subject
    partners: list[Partner]


class CountyPage(ReadModel):
    id: str
    name: str
    code: str | None
    block: str | None
    tasks_naming_it: list[TaskRefShort]
    projects: list[ProjectSummary]
    partners: list[Partner]
    city: str | None = None
    province: str | None = None
    home: bool = True
    neighbours: list[str] = Field(default_factory=list)  # counties sharing a border (names)


class JointProject(ReadModel):
    id: str
    name: str
    county: str | None


class JointCandidate(ReadModel):
    counties: list[str]
    projects: list[JointProject]
    shared_industries: list[str]
    shared_links: list[str]


class BlockPage(ReadModel):
    id: str
    name: str
    full_name: str | None
    theme: str | None
    members: list[str]
    lead_rotation: list[str]
    lead_this_year: str | None
    year: int
    joint_project_candidates: list[JointCandidate]
    tasks_naming_it: list[TaskRefShort]
    projects: list[ProjectSummary]


# -- evaluation and health ----------------------------------------------------------

class Threshold(ReadModel):
    threshold: float
    precision: float
    recall: float
    f1: float


class MethodQuality(ReadModel):
    roc_auc: float
    precision: float
    recall: float
    f1: float
    at_default_threshold: Threshold | None = None


class EvalReport(ReadModel):
    pairs: int
    positives: int
    resolved_to_projects: int
    duplicates: dict[str, MethodQuality]  # model, bm25, hybrid
    similar: dict[str, int | dict[str, float | None]]  # queries, k, and per method recall@k and MRR
    calibrated: dict[str, Any] | None = None  # scoring overrides fitted on these pairs (--write-config)
    fitted_weights: dict[str, float] | None = None  # log-odds per duplicate feature, fitted on these pairs


class ExtractionScore(ReadModel):
    """Key items found (recall) and extracted items right (precision)."""

    expected: int
    extracted: int
    found: int
    correct: int
    precision: float | None
    recall: float | None


class ExtractionDoc(ReadModel):
    doc: str
    projects: ExtractionScore
    # the same pairs counted only when the names are written alike (no leading place or zone of the key's left out,
    # none added): the figure a tagger that drops a keyed place loses on (projects above forgives it)
    project_names_exact: ExtractionScore
    investments: ExtractionScore
    # matched projects only: recall = keyed sums attached right, precision = attached sums that are right — how
    # well money is read once the name is found (investments above also counts names missed)
    attachments: ExtractionScore
    enterprises: ExtractionScore
    places: ExtractionScore
    # matched projects whose key names a county or city: recall = placed in it, precision = not misplaced
    placements: ExtractionScore
    missed_projects: list[str] = Field(default_factory=list)
    misplaced_projects: list[str] = Field(default_factory=list)  # placed in another county or city than the key
    place_dropped: list[str] = Field(default_factory=list)  # matched, but without the place the keyed name leads with
    spurious_projects: list[str] = Field(default_factory=list)
    missed_enterprises: list[str] = Field(default_factory=list)
    spurious_enterprises: list[str] = Field(default_factory=list)  # extracted, no keyed company (longest form)
    missed_places: list[str] = Field(default_factory=list)
    spurious_places: list[str] = Field(default_factory=list)  # place words found that the key does not list
    with_standard_industry: int = 0


class IndustrySample(ReadModel):
    """The standard-industry assignment against projects a person labelled."""

    labelled: int
    assigned: int
    section_right: int
    section_accuracy: float | None
    by_source: dict[str, int]  # keywords / model: how many were assigned each way


class ExtractionReport(ReadModel):
    folder: str
    splits: dict[str, list[str]]  # split name → document stems (dev / holdout)
    # split → projects / project_names_exact / investments / attachments / enterprises / places / placements
    totals: dict[str, dict[str, ExtractionScore]]
    documents: list[ExtractionDoc]
    industry_coverage: dict[str, float | None] = Field(default_factory=dict)  # split → share of projects with one
    industry_sample: IndustrySample | None = None


class TaskInferenceMethod(ReadModel):
    method: str  # bm25 | model | hybrid
    top1_accuracy: float  # the best task is right, with no threshold
    coverage: float  # share of rows given a task at the cross-validated threshold
    accuracy: float | None  # right among those given a task
    threshold: float  # chosen on all labelled rows


class TaskInferenceReport(ReadModel):
    labelled: int
    tasks: int
    methods: list[TaskInferenceMethod]


class ModelInfo(ReadModel):
    name: str
    id: str
    dim: int


class ScoringInfo(ReadModel):
    source: str
    warning: str | None


class Health(ReadModel):
    status: str
    backend: str
    model: ModelInfo | None
    scoring: ScoringInfo
    index: str = "ready"  # ready | building (first build, nothing to search yet) | rebuilding (old index answers)
    store_version: str = ""
    indexed_version: str | None = None  # the store version the search index was built from
    projects: int
    nodes: int
    edges: int
    by_label: dict[str, int]


# -- review, merge, export ------------------------------------------------------

class Column(ReadModel):
    header: str  # Chinese column title
    width: int  # characters, for the spreadsheet


class Table(ReadModel):
    """One section of an export: one sheet of a workbook."""

    title: str
    columns: list[Column]
    rows: list[list[str | int | float | bool | None]]


class Workbook(ReadModel):
    name: str  # a file name stem
    sheets: list[Table]


class UploadSummary(ReadModel):
    """What one stored document added: its projects and their likely duplicates."""

    doc_id: str
    projects: list[ProjectSummary]
    placed: int  # projects placed at county or city level
    duplicates: list[DuplicatePair]
