"""Every scoring number in one typed config: search fusion, duplicate
scoring, partner ranking and block joint-project detection.

Cosine cut-offs only mean something for the model that produced the
cosines (e5 puts unrelated Chinese texts at 0.8 and near-duplicates above
0.95; another model spreads them differently), so those numbers come from a
preset keyed by the embedding model's family name. A model without a preset
falls back to the e5 values with a warning; `planatlas eval PAIRS
--write-config FILE` calibrates them on labelled pairs, and
`PLANATLAS_SCORING_CONFIG=FILE` loads the result."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ontology import InputError


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EmbeddingConfig(_Frozen):
    """How texts are put to the model."""

    prefix: str = ""  # e5 wants "query: " on both sides for symmetric similarity
    batch: int = 64
    content_chars: int = 160  # how much of a project's content joins its name in the embedded text


class SearchConfig(_Frozen):
    rrf_k: int = 60  # reciprocal-rank-fusion constant (Cormack et al.'s default)
    pool: int = 200  # how deep each ranking goes before fusion
    exact_below: int = 20000  # below this many projects a brute-force dot product beats HNSW
    filtered_exact_below: int = 200000  # filtered queries scan their candidates exactly up to this many
    hnsw_connectivity: int = 16
    hnsw_expansion_add: int = 128
    hnsw_expansion_search: int = 96
    filtered_ann_factor: int = 8  # how many more neighbours a filtered HNSW query asks for
    # Let a store's own full-text and vector indexes (Neo4j) answer top-k queries. Off: every backend is
    # served by the in-memory BM25 + vectors + HNSW, 10-50x faster over Bolt (docs/benchmarks.md, Neo4j speed).
    native_store_indexes: bool = False


class DuplicateConfig(_Frozen):
    cos_floor: float = 0.85  # cosine at which the embedding evidence starts counting
    cos_span: float = 0.12  # cos_floor + cos_span counts fully
    candidate_min_cos: float = 0.88  # vector neighbours below this are not scored at all
    w_cos: float = 0.5
    w_name: float = 0.4
    w_money: float = 0.1
    conflict_factor: float = 0.3  # a contradiction in the names multiplies the score by this
    min_score: float = 0.55  # default decision threshold (5-fold CV on the labelled sample pairs)
    neighbours: int = 10  # vector neighbours per project taken as candidates
    money_tolerance: float = 0.01  # relative difference under which two investments are "the same"
    max_exact_group: int = 50  # a name key or money/years value shared by more projects is no signal
    batch: int = 4096  # projects per neighbour query
    exclusive_kinds: tuple[tuple[str, ...], ...] = (
        ("光伏", "风电", "风力", "抽水蓄能", "氢", "LNG", "天然气", "煤层气", "生物质", "垃圾发电"),
        ("铸造", "锻造", "锻件", "机加工"),
        ("景区", "公路", "民宿", "博物馆", "康养", "湿地公园"),
    )  # words of one group in both names, but different ones, mean different projects


class PartnerConfig(_Frozen):
    weights: dict[str, float] = Field(default_factory=lambda: {
        "complementary_chain": 1.5, "shared_chain": 1.0, "shared_river": 0.5, "shared_task": 1.0,
        "same_block": 0.5, "similar_projects": 2.0, "declared_partner": 0.75, "pagerank": 0.5,
        "adjacent": 0.75, "city_partner": 0.4,  # a shared border; the home city's partner, inherited
        "shared_enterprise": 1.0})  # one company is a party to projects of both
    # Evidence saturates: the tenth project on the same link says little more than the second.
    caps: dict[str, float] = Field(default_factory=lambda: {
        "complementary_chain": 2.0, "shared_chain": 2.0, "similar_projects": 2.0, "shared_enterprise": 2.0})
    default_cap: float = 1.0
    complementary_link: float = 1.0  # one holder of an adjacent chain link
    shared_link: float = 0.5  # one holder of the same chain link
    place_share: float = 0.5  # a holder's place gets this share of the holder's weight
    similar_per_project: int = 5
    # A county's similar-project evidence comes from at most this many of its
    # projects (each lookup ranks every project: all of a 10k county would be quadratic).
    similar_subject_projects: int = 50
    similarity_floor: float = 0.85  # cosine at which project similarity starts counting
    similarity_span: float = 0.13
    max_reasons: int = 6
    pagerank_alpha: float = 0.85


class BlockConfig(_Frozen):
    joint_min_cos: float = 0.92  # two member counties' projects this similar are a joint candidate


class ScoringConfig(_Frozen):
    embedding: EmbeddingConfig = EmbeddingConfig()
    search: SearchConfig = SearchConfig()
    duplicates: DuplicateConfig = DuplicateConfig()
    partners: PartnerConfig = PartnerConfig()
    blocks: BlockConfig = BlockConfig()
    source: str = "defaults"  # which preset or file these numbers came from
    warning: str | None = None  # set when the cosine cut-offs were not made for this model


# Per model family: the numbers that depend on the model's cosine scale.
# multilingual-e5-small: chosen on the labelled sample pairs (docs/search-quality.md).
PRESETS: dict[str, dict[str, Any]] = {
    "multilingual-e5-small": {
        "embedding": {"prefix": "query: "},
        "duplicates": {"cos_floor": 0.85, "cos_span": 0.12, "candidate_min_cos": 0.88, "min_score": 0.55},
        "partners": {"similarity_floor": 0.85, "similarity_span": 0.13},
        "blocks": {"joint_min_cos": 0.92},
    },
}
FALLBACK_PRESET = "multilingual-e5-small"
# `planatlas serve`: open connections one client address may hold; the next is answered 429 at once.
# 0 turns the cap off (behind a reverse proxy every client has the proxy's address: limit there instead).
CLIENT_CONNECTIONS = 16
LEXICAL = "lexical"  # no embedding model: only the model-independent numbers matter


def model_family(model: str) -> str:
    """'var/models/multilingual-e5-small' or 'intfloat/multilingual-e5-small' → 'multilingual-e5-small'."""
    return Path(model.rstrip("/")).name.split(":")[0]


def _merge(base: ScoringConfig, overrides: dict[str, Any], source: str, warning: str | None) -> ScoringConfig:
    data = base.model_dump()
    for section, values in overrides.items():
        if section in ("source", "warning"):
            continue
        if not isinstance(values, dict) or section not in data:
            raise ValueError(f"unknown section {section!r}")
        data[section] = {**data[section], **values}
    return ScoringConfig.model_validate({**data, "source": source, "warning": warning})


def load_scoring(model: str | None, path: Path | None = None) -> ScoringConfig:
    """The config for an embedding model (None: no model): its preset, or the
    fallback with a warning, then the overrides of a JSON file written by
    `planatlas eval --write-config`, if one is given."""
    family = model_family(model) if model else None
    if family is None:
        config = ScoringConfig(source=LEXICAL)
    elif family in PRESETS:
        config = _merge(ScoringConfig(), PRESETS[family], f"preset:{family}", None)
    else:
        cosine_only = {k: v for k, v in PRESETS[FALLBACK_PRESET].items() if k != "embedding"}
        warning = (f"no scoring preset for embedding model {family!r}: its cosine cut-offs are those of "
                   f"{FALLBACK_PRESET} and may be wrong; calibrate them with `planatlas eval PAIRS "
                   "--write-config FILE` and set PLANATLAS_SCORING_CONFIG=FILE")
        config = _merge(ScoringConfig(), cosine_only, f"fallback:{FALLBACK_PRESET}", warning)
    if path is None:
        return config
    try:
        overrides = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(overrides, dict):
            raise ValueError("the file must hold one JSON object")
        return _merge(config, overrides, f"{config.source}+file:{path}", None)
    except (OSError, json.JSONDecodeError, ValueError, ValidationError) as exc:
        raise InputError(str(path), f"not a scoring config ({exc})") from exc


def write_overrides(path: Path, overrides: dict[str, Any]) -> None:
    """Save scoring overrides (e.g. calibrated cut-offs) for `PLANATLAS_SCORING_CONFIG`."""
    path.write_text(json.dumps(overrides, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
