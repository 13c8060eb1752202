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
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from graph.models import Counts
from graph.store import GraphStore
from ingest.extract import Extractor, extractor_for
from ingest.identity import UPLOAD_ORIGIN, Source, upload_doc_id
from ingest.parallel import ParallelIngestor
from ingest.pipeline import FileResult, Ingestor, IngestReport, plan
from ingest.standard_industry import LazyEncoder, StandardIndustryClassifier
from ingest.tasks import TaskIndex
from ingest.textnorm import lookup_key
from ontology import Gazetteer, InputError, NotFound, PlanAtlasError, StoreUnavailable, load_gazetteer
from ontology.divisions import read_home_map
from search_api.core import collector
from search_api.core.blocks import joint_candidates, lead_of, resolve_block
from search_api.core.catalog import ProjectDoc, division_code, load_projects
from search_api.core.chains import chain_view, load_chain, opportunities, resolve_chain
from search_api.core.config import ScoringConfig, load_scoring
from search_api.core.duplicates import DuplicateFinder
from search_api.core.embeddings import CachedEncoder, TextEncoder, Variant, load_encoder, model_id_for
from search_api.core.evaluate import Evaluator, read_pairs
from search_api.core.export import chain_workbook, duplicates_workbook, projects_workbook, search_workbook
from search_api.core.extraction_eval import evaluate_extraction
from search_api.core.index import ProjectIndex
from search_api.core.index_files import INDEX_FOLDER, IndexFiles
from search_api.core.merge import chain_counted_once, merged_catalog, merged_into, new_merge
from search_api.core.models import (
    BlockPage,
    BlockSummary,
    ChainSummary,
    ChainView,
    CountyPage,
    CountySummary,
    DuplicateReport,
    EvalReport,
    ExtractionReport,
    Health,
    Hit,
    HomeMap,
    IndustrySummary,
    LabelledPair,
    MapCounty,
    MergeRecord,
    ModelInfo,
    Neighbourhood,
    NodeView,
    Opportunities,
    Page,
    PartnerReport,
    ProjectPage,
    ProjectParty,
    ProjectSummary,
    ReviewRecord,
    ScoringInfo,
    Stats,
    Subject,
    TaskInferenceReport,
    TaskPage,
    TaskSummary,
    UploadSummary,
    Workbook,
)
from search_api.core.partners import CANDIDATE_LABELS, PartnerFinder
from search_api.core.progress import Progress, Silent
from search_api.core.review import (
    ReviewBook,
    labelled_pairs,
    new_review,
    pair_key,
    reviewed_pairs,
    reviewed_report,
    text_key,
)
from search_api.core.search import Filters, Mode, Searcher
from search_api.core.task_eval import evaluate_task_inference
from search_api.core.views import (
    conflicts_of,
    neighbourhood,
    node_view,
    stats_view,
    tasks_naming,
    tasks_view,
    value_conflicts,
)
from search_api.settings import Settings, open_store

log = logging.getLogger(__name__)

MAX_GRAPH_NODES = 300  # a neighbourhood drawing stays readable and cheap
COUNTY_PARTNERS = 8  # partners shown on a county page
WATCH_SECONDS = 2.0  # how often a server looks for ingests by other processes
STATE_WAIT_SECONDS = 30.0  # a request waits this long for the first index build, then gets 503
QUICK_INDEX_MIN_NEW = 50  # this many unindexed projects: a words-only index goes in first


@dataclass(frozen=True)
class SearchState:
    """One generation of everything built from the store's projects."""

    index: ProjectIndex
    searcher: Searcher
    duplicates: DuplicateFinder
    version: str  # the store version it was built from


class PlanAtlas:
    def __init__(self, store: GraphStore, gazetteer: Gazetteer, *, embedding_model: str | None,
                 scoring: ScoringConfig, max_file_bytes: int, embedder: TextEncoder | None = None,
                 progress: Progress | None = None, embedding_variant: Variant = "fp32",
                 index_dir: Path | None = None) -> None:
        """`embedding_model` None means lexical search only; `embedder`
        passes in an already loaded model (tests share one)."""
        self.store = store
        self.gaz = gazetteer
        self.extractor: Extractor = extractor_for(gazetteer)
        self.scoring = scoring
        self.max_file_bytes = max_file_bytes
        self._embedding_model = embedding_model
        self._embedding_variant: Variant = embedding_variant
        # Where the built search index is saved and reused (None: rebuilt in memory at every start).
        self._index_files = IndexFiles(index_dir, self._counts) if index_dir is not None else None
        self._embedder = embedder
        self._progress: Progress = progress or Silent()
        self._state: SearchState | None = None
        self._counts_at: tuple[str, Counts] | None = None  # (store version, its counts): see `_counts`
        self._counts_lock = threading.Lock()
        self._build_lock = threading.Lock()  # one build at a time; readers keep the old state meanwhile
        self._model_lock = threading.Lock()
        self._model_thread: threading.Thread | None = None  # the background load (`_start_model_load`)
        self._building = False
        self.ingest_lock = threading.Lock()  # one upload at a time (the API answers 409 to a second)
        self._review_lock = threading.Lock()  # decisions and merges are read, changed and written as one
        if scoring.warning:
            log.warning(scoring.warning)

    @classmethod
    def open(cls, settings: Settings, *, with_model: bool = True, progress: Progress | None = None,
             embedder: TextEncoder | None = None) -> PlanAtlas:
        """The configured store, gazetteer, model and scoring."""
        model = settings.embedding_model if with_model else None
        return cls(open_store(settings), load_gazetteer(), embedding_model=model,
                   scoring=load_scoring(model, settings.scoring_config), max_file_bytes=settings.max_bytes,
                   embedder=embedder, progress=progress, embedding_variant=settings.embedding_variant,
                   index_dir=settings.home / INDEX_FOLDER)

    # -- lifecycle ------------------------------------------------------------
    @property
    def embedder(self) -> TextEncoder | None:
        """The model, loaded on first use (it takes seconds and ~500 MB)."""
        with self._model_lock:
            if self._embedder is None and self._embedding_model is not None:
                self._embedder = load_encoder(self._embedding_model, self.scoring.embedding, self._embedding_variant)
        return self._embedder

    @property
    def state(self) -> SearchState:
        """The current search state; the first use builds it, or, while another
        thread builds it, waits up to STATE_WAIT_SECONDS and then answers 503."""
        deadline = time.monotonic() + STATE_WAIT_SECONDS
        while (state := self._state) is None:  # another thread's build may swap one in meanwhile
            if self._build_lock.acquire(timeout=0.2):
                try:
                    if self._state is None:
                        self._state = self._build(self.store_version())
                finally:
                    self._build_lock.release()
            elif time.monotonic() > deadline:
                raise StoreUnavailable("the search index is being built; try again in a few seconds")
        return state

    def current(self) -> SearchState:
        """The search state, first rebuilt if any process or connection wrote
        to the store since it was built (one version read: on Neo4j a counter
        node), so search, `similar` and duplicates never answer from a stale
        index; a request that finds it stale waits for the rebuild."""
        state = self.state
        if state.version != self.store_version():
            self.refresh(only_if_stale=True)
            state = self.state
        return state

    def warm(self) -> None:
        """Build the search state now (a server does, before its first request)."""
        _ = self.state

    def store_version(self) -> str:
        """Changes whenever any process writes a document into the store (`GraphStore.version`)."""
        return self.store.version()

    def refresh(self, only_if_stale: bool = False) -> bool:
        """Rebuild the search state (after an ingest; with `only_if_stale`, only
        when the store version moved on); cached embeddings make this cheap.
        Readers keep the previous state until the new one is swapped in."""
        with self._build_lock:
            version = self.store_version()
            if only_if_stale and self._state is not None and self._state.version == version:
                return False
            self._building = True
            self._start_model_load()  # needed by every build below; loads while the fingerprint is read
            try:
                if self._saved_index_current():
                    # the saved index loads in seconds: no words-only build first (at 100k
                    # that build, reading every project and fitting BM25, took ~45 s of a start)
                    self._state = self._build(version)
                    return True
                docs = load_projects(self.store)
                if self._embedding_model is not None and self._many_new(docs):
                    # words first: new projects are listed and found by BM25 within
                    # seconds, while their embeddings (minutes for thousands) are computed
                    self._state = self._build(version, docs, with_vectors=False)
                self._state = self._build(version, docs)
            finally:
                self._building = False
            return True

    def _saved_index_current(self) -> bool:
        return self._index_files is not None and self._has_model and self._index_files.current(
            self.store, self._model_id(), self.scoring.search, self.scoring.embedding.content_chars)

    @property
    def _has_model(self) -> bool:
        return self._embedder is not None or self._embedding_model is not None

    def _model_id(self) -> str:
        """The model's id, from its build markers if it is not loaded yet (`model_id_for`)."""
        if self._embedder is not None:
            return self._embedder.model_id
        assert self._embedding_model is not None
        return model_id_for(self._embedding_model, self._embedding_variant)

    def _counts(self) -> Counts:
        """The store's node and edge counts, read once per store version: a
        GROUP BY over every node and edge (~0.3 s at 100k projects) that
        /health, polled while a server starts, would otherwise run each time,
        next to the fingerprint's. Every write goes through a document, which
        moves the version on."""
        with self._counts_lock:  # a poll and the build asking at once read them once
            version = self.store_version()
            if self._counts_at is None or self._counts_at[0] != version:
                self._counts_at = (version, self.store.counts())
            return self._counts_at[1]

    def _many_new(self, docs: list[ProjectDoc]) -> bool:
        state = self._state
        known = state.index.position if state is not None else {}
        return sum(1 for d in docs if d.id not in known) >= QUICK_INDEX_MIN_NEW

    def watch(self, stop: threading.Event, every: float = WATCH_SECONDS) -> None:
        """Until `stop` is set: build the state, then rebuild it whenever the
        store version changes — an ingest from the API, or from the CLI in
        another process, is searchable within seconds."""
        while not stop.is_set():
            try:
                self.refresh(only_if_stale=True)
            except PlanAtlasError as exc:  # store down or locked: keep the old state, try again
                log.warning("index refresh failed: %s", exc)
            except Exception:  # a bug must not end the watch silently: logged, tried again
                log.exception("index refresh failed")
            stop.wait(every)

    def _build(self, version: str, docs: list[ProjectDoc] | None = None, with_vectors: bool = True) -> SearchState:
        merges = ReviewBook.load(self.store).merges
        embedder: TextEncoder | None
        if self._index_files is not None and with_vectors and self._has_model:  # saved next to the store
            index, embedder = self._saved_index(merges)
        else:  # words only (the quick first build) or no home to save in
            embedder = self.embedder if with_vectors else None
            encoder = CachedEncoder(embedder, self.store) if embedder else None
            docs = merged_catalog(load_projects(self.store) if docs is None else docs, merges)
            with self._progress.task("embed", len(docs) if encoder else 0) as hook:
                index = ProjectIndex.from_docs(docs, encoder, self.scoring.search, self.extractor,
                                               self.scoring.embedding.content_chars, hook, store=self.store)
        tasks = TaskIndex.from_store(self.store, self.extractor)
        searcher = Searcher(index, embedder, self.gaz, self.extractor, self.scoring.search, tasks)
        return SearchState(index, searcher, DuplicateFinder(index, self.gaz, self.extractor, self.scoring.duplicates),
                           version)

    def _saved_index(self, merges: list[MergeRecord]) -> tuple[ProjectIndex, TextEncoder]:
        """The saved index, read while the model loads (`_start_model_load`);
        updated and saved when stale (or when the loaded model has another id
        than its build markers said), which needs the model."""
        files = self._index_files
        assert files is not None
        search, chars = self.scoring.search, self.scoring.embedding.content_chars
        model_id = self._model_id()
        self._start_model_load()
        index = files.load(self.store, model_id, search, self.extractor, chars)
        embedder = self.embedder  # waits for the load under way
        assert embedder is not None  # _has_model
        if index is None or embedder.model_id != model_id:
            with self._progress.task("index", self._counts().by_label.get("Project", 0)) as hook:
                index = files.build(self.store, CachedEncoder(embedder, self.store), search, self.extractor, chars,
                                    hook, transform=lambda found: merged_catalog(found, merges))
        return index, embedder

    def _start_model_load(self) -> None:
        """Load the model in a thread, if it is not loaded and no load is under
        way, so that what a build does first without it (the store's counts
        for the fingerprint, reading the saved files) overlaps it wherever
        either waits outside Python; `embedder` waits for it. A failure there
        is raised again by the next `embedder` (it tries again)."""
        with self._model_lock:
            if self._embedder is not None or self._embedding_model is None or self._model_thread is not None:
                return
            thread = self._model_thread = threading.Thread(target=self._load_model_quietly, name="model-load",
                                                           daemon=True)
        thread.start()

    def _load_model_quietly(self) -> None:
        try:
            _ = self.embedder
        except Exception as exc:  # noqa: BLE001 - whoever needs the model next raises it
            log.debug("model load in the background failed: %s", exc)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> PlanAtlas:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest -----------------------------------------------------------------
    def _encoder(self) -> LazyEncoder | None:
        """The model for ingest (standard industries), loaded only if a project needs it."""
        return LazyEncoder(lambda: self.embedder) if self._embedding_model is not None else None

    def ingest(self, paths: list[Path], force: bool = False, workers: int = 1) -> IngestReport:
        """Files and folders, each file in its own all-or-nothing transaction (policy texts
        first, so project lists can link to their tasks); a missing path is a failed entry.
        With `workers` > 1 project lists are extracted in that many processes (same result).
        The search state is rebuilt if anything changed."""
        ingestor = Ingestor(self.store, self.gaz, max_bytes=self.max_file_bytes, encoder=self._encoder())
        factory = (partial(load_encoder, self._embedding_model, self.scoring.embedding, self._embedding_variant)
                   if self._embedding_model is not None else None)
        runner = ParallelIngestor(ingestor, workers, factory) if workers > 1 else ingestor
        present = [p for p in paths if p.exists()]
        with self._progress.task("ingest", len(plan(present))) as advance:
            report = runner.ingest(present, progress=lambda name: advance(1, Path(name).name), force=force)
        if self._state is not None and any(r.status == "ingested" for r in report.files):
            self.refresh()
        report.files += [FileResult(path=str(p), status="failed", error=f"{p}: no such file or folder")
                         for p in paths if not p.exists()]
        return report

    def ingest_upload(self, path: Path, name: str, source: str | None = None) -> FileResult:
        """One uploaded file, its messages naming `name` and never the server's temporary path.
        Its document id is the one the CLI gives the same file: its name, or the
        relative `source` path the client names (two lists called 清单.csv)."""
        doc = Source(path, upload_doc_id(name, source), UPLOAD_ORIGIN + (source or name))
        ingestor = Ingestor(self.store, self.gaz, max_bytes=self.max_file_bytes, encoder=self._encoder())
        result = ingestor.ingest_file(path, source=doc)
        if result.status == "ingested":
            self.refresh()
        return result.model_copy(update={
            "path": name, "warnings": [w.replace(str(path), name) for w in result.warnings],
            "error": result.error.replace(str(path), name) if result.error else None})

    # -- the whole store ------------------------------------------------------------
    def health(self) -> Health:
        """Answers at once, also while the index is (re)built: `index` says which."""
        counts = self._counts()
        embedder = self._embedder
        model = ModelInfo(name=embedder.name, id=embedder.model_id, dim=embedder.dim) if embedder else None
        state = self._state
        index = "building" if state is None else "rebuilding" if self._building else "ready"
        return Health(status="ok", backend=self.store.backend, model=model,
                      scoring=ScoringInfo(source=self.scoring.source, warning=self.scoring.warning),
                      index=index, store_version=self.store_version(),
                      indexed_version=state.version if state else None,
                      projects=len(state.index) if state else 0, nodes=counts.nodes, edges=counts.edges,
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
        block_name = lookup_key(block).removesuffix("板块") if block else None
        city_code = division_code(self.gaz, lookup_key(city), "city") if city else None
        province_code = division_code(self.gaz, lookup_key(province), "province") if province else None
        rows = [d for d in self._catalog()
                if (county_name is None or county_name in d.counties or county_name == d.county)
                and (city is None or d.place.get("city_code") == city_code)
                and (province is None or d.place.get("province_code") == province_code)
                and (block_name is None or d.block == block_name)
                and (task is None or (d.task_ref is not None and d.task_ref.number == task))]
        page = rows[offset:] if limit is None else rows[offset : offset + limit]
        nodes = self.store.get_nodes([d.id for d in page])
        conflicts = conflicts_of(self.store, list(nodes.values()))
        return Page(data=[d.summary(nodes.get(d.id), conflicts.get(d.id, [])) for d in page], count=len(rows),
                    offset=offset, limit=len(rows) if limit is None else limit)

    def project(self, project_id: str) -> ProjectPage:
        node = self.store.get_node(project_id)
        if node is None or node.label != "Project":
            raise NotFound(f"no project with id {project_id!r}")
        state = self.state
        position = state.index.position.get(project_id)
        doc = state.index.docs[position] if position is not None else \
            next(d for d in load_projects(self.store) if d.id == project_id)  # stored after the index was built
        book = ReviewBook.load(self.store)
        found = state.duplicates.of(project_id) if project_id in state.index.position else []
        dups, _ = reviewed_pairs(found, book, self._text_keys())
        merge = next((m for m in book.merges if m.canonical == project_id and m.members[1:]), None)
        summary = doc.summary(node, value_conflicts(self.store, node))
        if merge:  # every member's sources, the members' names as aliases
            members = self.store.get_nodes(merge.members[1:])
            summary.sources += [s for m in members.values() for s in doc.summary(m).sources]
            summary.aliases, summary.merged_from = merge.names[1:], merge.members[1:]
        return ProjectPage(**summary.model_dump(), parties=self._parties(project_id), likely_duplicates=dups,
                           duplicate_warning=[p for p in dups if p.b_county != p.a_county],
                           reviews=self._named(book.of_project(project_id)), merge=merge,
                           merged_into=merged_into(book.merges).get(project_id))

    def _parties(self, project_id: str) -> list[ProjectParty]:
        """The enterprises party to a project, with their role and places (two store reads)."""
        companies = [(e, n) for e, n in self.store.neighbours(project_id, ["PARTY_TO"], "in")
                     if n.label == "Enterprise"]
        located = self.store.neighbours_many([n.id for _, n in companies], ["LOCATED_IN"], "out")
        return [ProjectParty(id=n.id, name=n.props["name"], role=str(e.props.get("role") or "party"),
                             located=[p.props["name"] for _, p in located.get(n.id, [])])
                for e, n in sorted(companies, key=lambda c: (c[0].props.get("role") or "", c[1].id))]

    def _catalog(self) -> list[ProjectDoc]:
        """The projects as the search state holds them, or, before any search
        (a CLI listing), straight from the store without loading the model."""
        state = self._state
        if state is not None:
            return state.index.docs
        return merged_catalog(load_projects(self.store), ReviewBook.load(self.store).merges)

    # -- search and duplicates --------------------------------------------------------------
    def search(self, query: str, k: int = 10, filters: Filters | None = None, mode: Mode = Mode.HYBRID) -> list[Hit]:
        return self.current().searcher.search(query, k=k, filters=filters, mode=mode)

    def similar(self, project_id: str, k: int = 10, filters: Filters | None = None,
                mode: Mode = Mode.HYBRID) -> list[Hit]:
        state = self.current()  # a project stored since the index was built is in it now, not a 404
        if project_id not in state.index.position:
            raise NotFound(f"no project with id {project_id!r}")
        return state.searcher.similar(project_id, k=k, filters=filters, mode=mode)

    def duplicates(self, min_score: float | None = None, across_counties: bool = False) -> DuplicateReport:
        """Pairs scoring at least `min_score` (default: the model's calibrated threshold)."""
        report = self.current().duplicates.find(min_score, across_counties)
        return reviewed_report(report, ReviewBook.load(self.store), self._text_keys())

    def evaluate(self, pairs_file: Path, k: int = 10) -> EvalReport:
        pairs = read_pairs(pairs_file)
        state = self.state
        return Evaluator(state.searcher, state.duplicates.scorer).run(pairs, k=k)

    def eval_extraction(self, folder: Path) -> ExtractionReport:
        """Extraction measured against the answer keys of real texts in `folder`."""
        industries = StandardIndustryClassifier(self._encoder())
        return evaluate_extraction(folder, self.gaz, extractor_for(self.gaz), industries)

    def eval_tasks(self) -> TaskInferenceReport:
        """Task inference from names alone, measured on the stored rows whose table names their task."""
        embedder = self.embedder
        if embedder is None:
            raise InputError("model", "eval-tasks needs the embedding model")
        return evaluate_task_inference(self.store, extractor_for(self.gaz), embedder)

    # -- places -------------------------------------------------------------------------------
    def _county_name(self, text: str) -> str:
        text = lookup_key(text)
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
        entry = self.gaz.county(lookup_key(name))
        code = None if entry else division_code(self.gaz, lookup_key(name), "county")
        node_id = entry.id if entry and entry.label == "County" else f"county:{code}" if code else None
        node = self.store.get_node(node_id) if node_id else None
        if node is None or node.label != "County":
            raise NotFound(f"no county named {name!r}")
        block = self.gaz.block_of(node.id)
        city, province = self._city_province(node.props.get("code"))
        with collector.paused():  # work linear in the county's projects (core/collector.py)
            projects = self.projects(county=node.props["name"]).data
            partners = self._partner_finder().find(node, k=COUNTY_PARTNERS)
        return CountyPage(id=node.id, name=node.props["name"], code=node.props.get("code"),
                          block=block.name if block else None, tasks_naming_it=tasks_naming(self.store, node.id),
                          projects=projects, partners=partners,
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
        block = resolve_block(self.gaz, lookup_key(name))
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
                                projects=per_industry.get(i.props["name"], 0),
                                standard_divisions=list(i.props.get("std_codes") or []))
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
        chain_id = resolve_chain(self.gaz, lookup_key(ref))
        if chain_id is None:
            names = ", ".join(c.name for c in self.gaz.by_label("IndustrialChain"))
            raise NotFound(f"no chain matches {ref!r}; chains: {names}")
        cg = load_chain(self.store, chain_id)
        if cg is None:
            raise NotFound(f"chain {chain_id} is not in the store; ingest first")
        view = chain_counted_once(chain_view(cg, self.gaz), ReviewBook.load(self.store).merges)
        if county:
            entry = self.gaz.county(lookup_key(county))
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
        with collector.paused():  # work linear in the projects involved (core/collector.py)
            found = finder.find(subject, k=k, kinds=kinds or CANDIDATE_LABELS)
        return PartnerReport(subject=Subject(id=subject.id, label=subject.label, name=subject.props.get("name")),
                             partners=found)

    # -- review, merge, export, upload summary (core/review.py, merge.py, export.py) ---------------
    def _text_keys(self) -> dict[str, str]:
        """Each current project's text fingerprint, to tell whether a decision is stale."""
        return {d.id: text_key(d.name, d.content) for d in self._catalog()}

    def _named(self, records: list[ReviewRecord]) -> list[ReviewRecord]:
        """Decisions with both projects' names, and stale where a side's text changed."""
        nodes = self.store.get_nodes([i for r in records for i in (r.a, r.b)])
        book, keys = ReviewBook.load(self.store), self._text_keys()
        out = []
        for r in records:
            stored = book.get(r.a, r.b)
            names = {k: n.props.get("name") for k, n in nodes.items()}
            out.append(r.model_copy(update={"a_name": names.get(r.a), "b_name": names.get(r.b),
                                            "stale": stored.view(keys).stale if stored else False}))
        return out

    def reviews(self) -> list[ReviewRecord]:
        """Every decision, newest first."""
        records = [s.record for s in ReviewBook.load(self.store).reviews.values()]
        return self._named(sorted(records, key=lambda r: (r.decided_at, r.id), reverse=True))

    def review(self, a: str, b: str, decision: str, comment: str = "", reviewer: str = "") -> ReviewRecord:
        """Record (or replace) the decision on the pair (a, b): confirmed, rejected or later."""
        keys = self._text_keys()
        for pid in (a, b):
            if pid not in keys:
                raise NotFound(f"no current project with id {pid!r}")
        with self._reviews_edited() as book:
            stored = new_review(a, b, decision, comment, reviewer, keys)
            book.reviews[(stored.record.a, stored.record.b)] = stored
        return self._named([stored.record])[0]

    def review_labels(self) -> list[LabelledPair]:
        """Confirmed and rejected pairs as `planatlas eval` lines (a merged-away side by its name)."""
        live = {d.id for d in self._catalog()}
        book = ReviewBook.load(self.store)
        nodes = self.store.get_nodes([i for s in book.reviews.values() for i in (s.record.a, s.record.b)])
        return labelled_pairs(book, lambda pid: pid if pid in live or pid not in nodes
                              else str(nodes[pid].props.get("name", pid)))

    def merges(self) -> list[MergeRecord]:
        return ReviewBook.load(self.store).merges

    def merge(self, ids: list[str], reviewer: str = "") -> MergeRecord:
        """Merge confirmed duplicates into the first of `ids`; the search state is rebuilt."""
        names = {d.id: d.name for d in self._catalog()}
        with self._reviews_edited(rebuild=True) as book:
            record = new_merge(book, ids, names, reviewer)
            book.merges.append(record)
        return record

    def unmerge(self, merge_id: str) -> MergeRecord:
        """Undo a merge: every member is its own project again."""
        with self._reviews_edited(rebuild=True) as book:
            found = next((m for m in book.merges if m.id == merge_id), None)
            if found is None:
                raise NotFound(f"no merge with id {merge_id!r}")
            book.merges.remove(found)
        return found

    @contextmanager
    def _reviews_edited(self, rebuild: bool = False) -> Iterator[ReviewBook]:
        """Read, change and save the review book under the one lock (saved only when the
        change raised nothing); with `rebuild`, the search state is rebuilt after, since
        merges change what the index lists."""
        with self._review_lock:
            book = ReviewBook.load(self.store)
            yield book
            book.save(self.store)
        if rebuild and self._state is not None:
            self.refresh()

    def upload_summary(self, doc_id: str) -> UploadSummary:
        """The projects one document holds and their likely duplicates elsewhere."""
        ids = [d.id for d in self._catalog()]
        nodes = self.store.get_nodes(ids)
        mine = [i for i in ids if any(p.doc == doc_id for p in nodes[i].provenance)]
        if self.store.document(doc_id) is None:
            raise NotFound(f"no document with id {doc_id!r}")
        pages = [self.project(i) for i in mine]
        dups = {pair_key(p.a, p.b): p for page in pages for p in page.likely_duplicates}
        return UploadSummary(doc_id=doc_id, projects=[ProjectSummary(**p.model_dump(include=set(
            ProjectSummary.model_fields))) for p in pages], placed=sum(1 for p in pages if p.counties),
            duplicates=sorted(dups.values(), key=lambda p: -p.score))

    def export_search(self, query: str, k: int = 10, filters: Filters | None = None,
                      mode: Mode = Mode.HYBRID) -> Workbook:
        return search_workbook(query, self.search(query, k=k, filters=filters, mode=mode))

    def export_projects(self, county: str | None = None, block: str | None = None) -> Workbook:
        title = "项目清单-" + "-".join(x for x in (county, block) if x) if county or block else "项目清单"
        return projects_workbook(title, self.projects(county=county, block=block).data)

    def export_duplicates(self, min_score: float | None = None, across_counties: bool = False) -> Workbook:
        return duplicates_workbook(self.duplicates(min_score, across_counties), self.reviews())

    def export_chain(self, ref: str, county: str | None = None) -> Workbook:
        return chain_workbook(self.chain(ref, county))
