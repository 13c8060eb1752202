"""What every suite shares: the options of a run, and the gazetteer,
extractor, scoring config and embedding model, each loaded once per run
(the model takes seconds and ~500 MB)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bench.ui import console
from ingest.extract import Extractor, extractor_for
from ontology import Gazetteer, load_gazetteer
from search_api.core.config import ScoringConfig, load_scoring

if TYPE_CHECKING:
    from search_api.core.embeddings import Embedder

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = ROOT / "var" / "models" / "multilingual-e5-small"


@dataclass
class Options:
    sizes: list[int]
    work: Path
    model: Path
    requests: int = 200  # per search mode, per size
    similar_requests: int = 100
    vector_queries: int = 200
    embed_sample: int = 1024  # texts encoded raw (before and after) and through CachedEncoder, fp32
    fill: str = "bf16"  # how the texts beyond the sample are encoded: bf16 | fp32
    allpairs_max: int = 1000  # all-pairs duplicate baseline at sizes up to this
    neo4j: str = "auto"  # auto | off | bolt://...
    neo4j_max: int = 10000
    neo4j_copies: int = 50  # the bundled corpus ×50, as the Neo4j issue asks
    seed: int = 7
    quick: bool = False
    http: bool = True
    policy: list[Path] = field(default_factory=list)


class BenchContext:
    """The options and the shared heavy objects of one run."""

    def __init__(self, opts: Options) -> None:
        self.opts = opts
        self.gaz: Gazetteer = load_gazetteer()
        self.extractor: Extractor = extractor_for(self.gaz)
        self.scoring: ScoringConfig = load_scoring(str(opts.model))
        self._embedder: Embedder | None = None

    @property
    def embedder(self) -> Embedder:
        """The model, loaded on first use (a run with no embedding step never pays for it)."""
        if self._embedder is None:
            from search_api.core.embeddings import Embedder

            with console.status("[bold]loading the embedding model"):
                self._embedder = Embedder(str(self.opts.model), self.scoring.embedding)
        return self._embedder

    @property
    def content_chars(self) -> int:
        """How much of a project's content its embedded text takes (as the service embeds it)."""
        return self.scoring.embedding.content_chars


def policy_files() -> list[Path]:
    """The bundled policy texts (data/docs), ingested first so projects link to tasks."""
    from ingest.pipeline import expand_paths, is_text

    docs = ROOT / "data" / "docs"
    return [p for p in expand_paths([docs]) if is_text(p)] if docs.exists() else []
