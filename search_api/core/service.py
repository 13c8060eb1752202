"""The one PlanAtlas service: everything a planner can ask, for the API and
the CLI alike. Routes and commands only parse their input, call one method
here and render what it returns.

It owns the store, the gazetteer, the embedding model (loaded on first need:
listing projects needs no model) and the search state — the project index
with its searcher and duplicate finder — built on first use and rebuilt as a
whole by `refresh()` after an ingest, so readers always see one consistent
generation."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from graph.store import GraphStore
from ingest.extract import Extractor, extractor_for
from ingest.pipeline import FileResult, Ingestor, IngestReport, expand_paths
from ingest.tasks import TaskIndex
from ontology import Gazetteer, NotFound, load_gazetteer
from ontology.divisions import read_home_map
from search_api.core.blocks import joint_candidates, lead_of, resolve_block
from search_api.core.catalog import ProjectDoc, division_code, load_projects
from search_api.core.chains import chain_view, load_chain, opportunities, resolve_chain
from search_api.core.config import ScoringConfig, load_scoring
from search_api.core.duplicates import DuplicateFinder
from search_api.core.embeddings import CachedEncoder, Embedder
from search_api.core.evaluate import Evaluator, read_pairs
from search_api.core.index import ProjectIndex
from search_api.core.models import (
    BlockPage,
    BlockSummary,
    ChainSummary,
    ChainView,
    CountyPage,
    CountySummary,
    DuplicateReport,
    EvalReport,
    Health,
    Hit,
    HomeMap,
    IndustrySummary,
    MapCounty,
    ModelInfo,
    Neighbourhood,
    NodeView,
    Opportunities,
    Page,
    PartnerReport,
    ProjectPage,
    ScoringInfo,
    Stats,
    Subject,
    TaskPage,
    TaskSummary,
)
from search_api.core.partners import CANDIDATE_LABELS, PartnerFinder
from search_api.core.progress import Progress, Silent
from search_api.core.search import Filters, Mode, Searcher
from search_api.core.views import neighbourhood, node_view, stats_view, tasks_naming, tasks_view
from search_api.settings import Settings, open_store

log = logging.getLogger(__name__)

MAX_GRAPH_NODES = 300  # a neighbourhood drawing stays readable and cheap
COUNTY_PARTNERS = 8  # partners shown on a county page


@dataclass(frozen=True)
class SearchState:
    """One generation of everything built from the store's projects."""

    index: ProjectIndex
    searcher: Searcher
    duplicates: DuplicateFinder


class PlanAtlas:
    def __init__(self, store: GraphStore, gazetteer: Gazetteer, *, embedding_model: str | None,
                 scoring: ScoringConfig, max_file_bytes: int, embedder: Embedder | None = None,
                 progress: Progress | None = None) -> None:
        """`embedding_model` None means lexical search only; `embedder`
        passes in an already loaded model (tests share one)."""
        self.store = store
        self.gaz = gazetteer
        self.extractor: Extractor = extractor_for(gazetteer)
        self.scoring = scoring
        self.max_file_bytes = max_file_bytes
        self._embedding_model = embedding_model
        self._embedder = embedder
        self._progress: Progress = progress or Silent()
        self._state: SearchState | None = None
        self._lock = threading.Lock()
        self.ingest_lock = threading.Lock()  # one upload at a time (the API answers 409 to a second)
        if scoring.warning:
            log.warning(scoring.warning)

    @classmethod
    def open(cls, settings: Settings, *, with_model: bool = True, progress: Progress | None = None,
             embedder: Embedder | None = None) -> PlanAtlas:
        """The configured store, gazetteer, model and scoring."""
        model = settings.embedding_model if with_model else None
        return cls(open_store(settings), load_gazetteer(), embedding_model=model,
                   scoring=load_scoring(model, settings.scoring_config), max_file_bytes=settings.max_bytes,
                   embedder=embedder, progress=progress)

    # -- lifecycle ------------------------------------------------------------
    @property
    def embedder(self) -> Embedder | None:
        """The model, loaded on first use (it takes seconds and ~500 MB)."""
        if self._embedder is None and self._embedding_model is not None:
            self._embedder = Embedder(self._embedding_model, self.scoring.embedding)
        return self._embedder

    @property
    def state(self) -> SearchState:
        with self._lock:
            if self._state is None:
                self._state = self._build()
            return self._state

    def warm(self) -> None:
        """Build the search state now (a server does, before its first request)."""
        _ = self.state

    def refresh(self) -> None:
        """Rebuild the search state (after an ingest); cached embeddings make this cheap."""
        fresh = self._build()
        with self._lock:
            self._state = fresh

    def _build(self) -> SearchState:
        embedder = self.embedder
        encoder = CachedEncoder(embedder, self.store) if embedder else None
        docs = load_projects(self.store)
        with self._progress.task("embed", len(docs) if encoder else 0) as hook:
            index = ProjectIndex.from_docs(docs, encoder, self.scoring.search, self.extractor,
                                           self.scoring.embedding.content_chars, hook, store=self.store)
        tasks = TaskIndex.from_store(self.store, self.extractor)
        searcher = Searcher(index, embedder, self.gaz, self.extractor, self.scoring.search, tasks)
        return SearchState(index, searcher, DuplicateFinder(index, self.gaz, self.extractor, self.scoring.duplicates))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> PlanAtlas:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest -----------------------------------------------------------------
    def ingest(self, paths: list[Path], force: bool = False) -> IngestReport:
        """Files and folders, each file in its own all-or-nothing transaction (policy texts
        first, so project lists can link to their tasks); a missing path is a failed entry.
        The search state is rebuilt if anything changed."""
        ingestor = Ingestor(self.store, self.gaz, max_bytes=self.max_file_bytes)
        files = expand_paths(p for p in paths if p.exists())
        with self._progress.task("ingest", len(files)) as advance:
            report = ingestor.ingest(files, progress=lambda name: advance(1, Path(name).name), force=force)
        if self._state is not None and any(r.status == "ingested" for r in report.files):
            self.refresh()
        report.files += [FileResult(path=str(p), status="failed", error=f"{p}: no such file or folder")
                         for p in paths if not p.exists()]
        return report

    def ingest_upload(self, path: Path, name: str) -> FileResult:
        """One uploaded file, its messages naming `name` and never the server's temporary path."""
        result = Ingestor(self.store, self.gaz, max_bytes=self.max_file_bytes).ingest_file(path)
        if result.status == "ingested":
            self.refresh()
        return result.model_copy(update={
            "path": name, "warnings": [w.replace(str(path), name) for w in result.warnings],
            "error": result.error.replace(str(path), name) if result.error else None})

    # -- the whole store ------------------------------------------------------------
    def health(self) -> Health:
        counts = self.store.counts()
        embedder = self.embedder
        model = ModelInfo(name=embedder.name, id=embedder.model_id, dim=embedder.dim) if embedder else None
        return Health(status="ok", backend=self.store.backend, model=model,
                      scoring=ScoringInfo(source=self.scoring.source, warning=self.scoring.warning),
                      projects=len(self.state.index), nodes=counts.nodes, edges=counts.edges,
                      by_label=counts.by_label)

    def stats(self) -> Stats:
        return stats_view(self.store)

    def node(self, node_id: str) -> NodeView:
        found = self.store.get_node(node_id)
        if found is None:
            raise NotFound(f"no node with id {node_id!r}")
        return node_view(self.store, found)

    def neighbourhood(self, node_id: str, depth: int) -> Neighbourhood:
        root = self.store.get_node(node_id)
        if root is None:
            raise NotFound(f"no node with id {node_id!r}")
        return neighbourhood(self.store, root, depth, MAX_GRAPH_NODES)

    # -- tasks ------------------------------------------------------------------------
    def tasks(self) -> list[TaskSummary]:
        return tasks_view(self.store)

    def task(self, number: int) -> TaskPage:
        found = [t for t in self.tasks() if t.number == number]
        if not found:
            raise NotFound(f"no task number {number}")
        task = found[0]
        node = self.store.get_node(task.id)
        return TaskPage(id=task.id, number=task.number, ordinal=task.ordinal, title=task.title, doc=task.doc,
                        mentions=task.mentions, text=node.props.get("text") if node else None,
                        projects=self.projects(task=number).data)

    # -- projects -----------------------------------------------------------------------
    def projects(self, county: str | None = None, block: str | None = None, task: int | None = None,
                 offset: int = 0, limit: int | None = None, city: str | None = None,
                 province: str | None = None) -> Page:
        """Projects matching the filters, by id, with their sources; one page of them if `limit` is given."""
        county_name = self._county_name(county) if county else None
        block_name = block.removesuffix("板块") if block else None
        city_code = division_code(self.gaz, city, "city") if city else None
        province_code = division_code(self.gaz, province, "province") if province else None
        rows = [d for d in self._catalog()
                if (county_name is None or county_name in d.counties or county_name == d.county)
                and (city is None or d.place.get("city_code") == city_code)
                and (province is None or d.place.get("province_code") == province_code)
                and (block_name is None or d.block == block_name)
                and (task is None or (d.task_ref is not None and d.task_ref.number == task))]
        page = rows[offset:] if limit is None else rows[offset : offset + limit]
        nodes = self.store.get_nodes([d.id for d in page])
        return Page(data=[d.summary(nodes.get(d.id)) for d in page], count=len(rows), offset=offset,
                    limit=len(rows) if limit is None else limit)

    def project(self, project_id: str) -> ProjectPage:
        node = self.store.get_node(project_id)
        if node is None or node.label != "Project":
            raise NotFound(f"no project with id {project_id!r}")
        state = self.state
        position = state.index.position.get(project_id)
        doc = state.index.docs[position] if position is not None else \
            next(d for d in load_projects(self.store) if d.id == project_id)  # stored after the index was built
        dups = state.duplicates.of(project_id) if project_id in state.index.position else []
        return ProjectPage(**doc.summary(node).model_dump(), likely_duplicates=dups,
                           duplicate_warning=[p for p in dups if p.b_county != p.a_county])

    def _catalog(self) -> list[ProjectDoc]:
        """The projects as the search state holds them, or, before any search
        (a CLI listing), straight from the store without loading the model."""
        state = self._state
        return state.index.docs if state is not None else load_projects(self.store)

    # -- search and duplicates --------------------------------------------------------------
    def search(self, query: str, k: int = 10, filters: Filters | None = None, mode: Mode = Mode.HYBRID) -> list[Hit]:
        return self.state.searcher.search(query, k=k, filters=filters, mode=mode)

    def similar(self, project_id: str, k: int = 10, filters: Filters | None = None,
                mode: Mode = Mode.HYBRID) -> list[Hit]:
        state = self.state
        if project_id not in state.index.position:
            raise NotFound(f"no project with id {project_id!r}")
        return state.searcher.similar(project_id, k=k, filters=filters, mode=mode)

    def duplicates(self, min_score: float | None = None, across_counties: bool = False) -> DuplicateReport:
        """Pairs scoring at least `min_score` (default: the model's calibrated threshold)."""
        return self.state.duplicates.find(min_score, across_counties)

    def evaluate(self, pairs_file: Path, k: int = 10) -> EvalReport:
        pairs = read_pairs(pairs_file)
        state = self.state
        return Evaluator(state.searcher, state.duplicates.scorer).run(pairs, k=k)

    # -- places -------------------------------------------------------------------------------
    def _county_name(self, text: str) -> str:
        entry = self.gaz.county(text)
        if entry is None:  # a county of another city, by its full name or unambiguous short form
            code = division_code(self.gaz, text, "county")
            county = self.gaz.divisions.get(code)
            return county.name if county else text
        return entry.name

    def counties(self, everywhere: bool = False) -> list[CountySummary]:
        """The home city's counties; with `everywhere`, also other cities' counties that hold projects."""
        per_county: dict[str, int] = {}
        for doc in self._catalog():
            for name in doc.counties:
                per_county[name] = per_county.get(name, 0) + 1
        rows = []
        for county in self.store.find_nodes("County"):
            home = county.props.get("home", True) is not False
            if not (home or everywhere):
                continue
            block = self.gaz.block_of(county.id)
            city, province = self._city_province(county.props.get("code"))
            rows.append(CountySummary(id=county.id, name=county.props["name"], code=county.props.get("code"),
                                      block=block.name if block else None,
                                      projects=per_county.get(county.props["name"], 0),
                                      city=city, province=province, home=home))
        return rows

    def _city_province(self, code: str | None) -> tuple[str | None, str | None]:
        city = self.gaz.divisions.ancestor(code, "city") if code else None
        province = self.gaz.divisions.ancestor(code, "province") if code else None
        return (city.name if city else None), (province.name if province else None)

    def county(self, name: str) -> CountyPage:
        entry = self.gaz.county(name)
        code = None if entry else division_code(self.gaz, name, "county")
        node_id = entry.id if entry and entry.label == "County" else f"county:{code}" if code else None
        node = self.store.get_node(node_id) if node_id else None
        if node is None or node.label != "County":
            raise NotFound(f"no county named {name!r}")
        block = self.gaz.block_of(node.id)
        city, province = self._city_province(node.props.get("code"))
        return CountyPage(id=node.id, name=node.props["name"], code=node.props.get("code"),
                          block=block.name if block else None, tasks_naming_it=tasks_naming(self.store, node.id),
                          projects=self.projects(county=node.props["name"]).data,
                          partners=self._partner_finder().find(node, k=COUNTY_PARTNERS),
                          city=city, province=province, home=node.props.get("home", True) is not False,
                          neighbours=self.neighbours(node.props.get("code")))

    def neighbours(self, code: str | None) -> list[str]:
        """Names of the counties sharing a border with the county of `code` (ontology adjacency data)."""
        return [d.name for d in (self.gaz.divisions.get(c) for c in self.gaz.adjacency.get(code or "", ())) if d]

    def home_map(self) -> HomeMap:
        """The home city's counties with their outlines, project counts and investment totals."""
        outlines = read_home_map()
        count: dict[str, int] = {}
        money: dict[str, float] = {}
        for doc in self._catalog():
            for name in doc.counties:
                count[name] = count.get(name, 0) + 1
                money[name] = money.get(name, 0.0) + (doc.investment_wan or 0.0)
        counties = []
        for c in outlines.get("counties", []):
            entry = self.gaz.county(c["name"])
            block = self.gaz.block_of(entry.id) if entry else None
            counties.append(MapCounty(id=entry.id if entry else f"county:{c['code']}", name=c["name"], code=c["code"],
                                      block=block.name if block else None, projects=count.get(c["name"], 0),
                                      investment_wan=round(money.get(c["name"], 0.0), 2), rings=c["rings"]))
        return HomeMap(city=self.gaz.home.name, source=outlines.get("source"), counties=counties,
                       blocks=[b.name for b in self.gaz.by_label("Block")])

    def blocks(self) -> list[BlockSummary]:
        return [BlockSummary(id=b.id, name=b.name, full_name=b.data.get("full_name"),
                             members=[self.gaz.entries[c].name for c in b.data["member_ids"]])
                for b in self.gaz.by_label("Block")]

    def block(self, name: str, year: int) -> BlockPage:
        """A block's members, its lead county in `year` and its candidate joint projects."""
        block = resolve_block(self.gaz, name)
        if block is None:
            raise NotFound(f"no block named {name!r}")
        members = [self.gaz.entries[c].name for c in block.data["member_ids"]]
        return BlockPage(
            id=block.id, name=block.name, full_name=block.data.get("full_name"), theme=block.data.get("theme"),
            members=members, lead_rotation=[self.gaz.entries[c].name for c in block.data["rotation_ids"]],
            lead_this_year=lead_of(block, self.gaz, year), year=year,
            joint_project_candidates=joint_candidates(self.state.index, members, self.scoring.blocks),
            tasks_naming_it=tasks_naming(self.store, block.id), projects=self.projects(block=block.name).data)

    def industries(self) -> list[IndustrySummary]:
        per_industry: dict[str, int] = {}
        for doc in self._catalog():
            for name in doc.industries:
                per_industry[name] = per_industry.get(name, 0) + 1
        return [IndustrySummary(id=i.id, name=i.props["name"], kind=i.props.get("kind"),
                                projects=per_industry.get(i.props["name"], 0))
                for i in self.store.find_nodes("Industry")]

    # -- chains and partners ---------------------------------------------------------------------
    def chains(self) -> list[ChainSummary]:
        rows = []
        for chain in self.store.find_nodes("IndustrialChain"):
            links = sorted(self.store.find_nodes("ChainLink", chain=chain.id), key=lambda n: n.props["order"])
            rows.append(ChainSummary(id=chain.id, name=chain.props["name"], sample=chain.props.get("sample", False),
                                     links=[link.props["name"] for link in links]))
        return rows

    def chain(self, ref: str, county: str | None = None) -> ChainView:
        """A chain's links with projects and enterprises, its gaps, and a county's opportunities."""
        chain_id = resolve_chain(self.gaz, ref)
        if chain_id is None:
            names = ", ".join(c.name for c in self.gaz.by_label("IndustrialChain"))
            raise NotFound(f"no chain matches {ref!r}; chains: {names}")
        cg = load_chain(self.store, chain_id)
        if cg is None:
            raise NotFound(f"chain {chain_id} is not in the store; ingest first")
        view = chain_view(cg, self.gaz)
        if county:
            entry = self.gaz.county(county)
            if entry is None or entry.label != "County":
                raise NotFound(f"no county named {county!r}")
            view.opportunities = Opportunities(county=entry.name, items=opportunities(cg, entry.id))
        return view

    def _partner_finder(self) -> PartnerFinder:
        return PartnerFinder(self.store, self.gaz, self.scoring.partners, self.state.searcher)

    def partners(self, ref: str, k: int = 10, kinds: tuple[str, ...] = ()) -> PartnerReport:
        """Who a county or project (by id or exact name) should work with, each with graph paths;
        `kinds` limits the labels of the partners (default: counties, regions, enterprises, projects)."""
        finder = self._partner_finder()
        subject = finder.resolve(ref)
        if subject is None:
            raise NotFound(f"{ref!r} is neither a county nor a project")
        return PartnerReport(subject=Subject(id=subject.id, label=subject.label, name=subject.props.get("name")),
                             partners=finder.find(subject, k=k, kinds=kinds or CANDIDATE_LABELS))
