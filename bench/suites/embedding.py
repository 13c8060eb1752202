"""Embedding throughput: CachedEncoder against the model's own `encode` on
the same sample, chunk by chunk; the rest of the texts to fill the cache
(bf16 where the CPU has it); then every text again, all cached."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

import numpy as np

from bench.context import BenchContext
from bench.results import Embed, Fill
from bench.timing import timed
from bench.ui import progress
from graph.store import GraphStore
from search_api.core.embeddings import CachedEncoder, Embedder

EMBED_CHUNK = 128  # raw and cached encoding alternate in chunks of this many texts
FILL_CHUNK = 1024
BF16_CHECK = 256  # sample texts whose bf16 vectors are compared with the fp32 ones
THREAD_PROBE = 64  # texts encoded to choose between 1 and all torch threads


@dataclass(frozen=True)
class SamplePass:
    """Raw and cold-cached seconds on the same sample, and the paired ratios."""

    texts: int
    raw_s: float
    cold_s: float
    ratios: list[float]
    misses: int


def raw_encode_seconds(embedder: Embedder, texts: list[str]) -> float:
    """The model's own time: SentenceTransformer.encode with the batch size
    and prefix CachedEncoder uses, no cache, no hashing, no store."""
    batch, prefix = embedder.config.batch, embedder.config.prefix
    chunk = [prefix + t for t in texts]
    with timed() as t:
        for start in range(0, len(chunk), batch):
            embedder.model.encode(chunk[start:start + batch], batch_size=batch, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=False)
    return t.wall


def compare_on_sample(embedder: Embedder, store: GraphStore, sample: list[str]) -> SamplePass:
    """Raw and CachedEncoder (cold) alternate chunk by chunk on the same
    texts, each going first every other chunk, so a change of load hits both alike."""
    raw_encode_seconds(embedder, sample[:64])  # warm the model (first batches allocate)
    encoder = CachedEncoder(embedder, store)
    raw_s = cold_s = 0.0
    ratios = []
    with progress(f"embed sample {len(sample)} (raw and cached, interleaved)", 2 * len(sample)) as advance:
        for i, first in enumerate(range(0, len(sample), EMBED_CHUNK)):
            chunk = sample[first:first + EMBED_CHUNK]
            raw = cold = 0.0
            for step in ("raw", "cached") if i % 2 == 0 else ("cached", "raw"):
                if step == "raw":
                    raw = raw_encode_seconds(embedder, chunk)
                else:
                    with timed() as t:
                        encoder.encode(chunk)
                    cold = t.wall
                advance(len(chunk))
            raw_s, cold_s = raw_s + raw, cold_s + cold
            ratios.append(round(raw / cold, 3))
    return SamplePass(len(sample), raw_s, cold_s, ratios, encoder.misses)


def bf16_supported() -> bool:
    """Whether torch has a bf16 CPU path here (AMX / AVX512-BF16)."""
    try:
        import torch

        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except Exception:  # noqa: BLE001 - no bf16 path: fill in fp32
        return False


@contextmanager
def _autocast(bf16: bool) -> Iterator[None]:
    import torch

    with torch.autocast("cpu", dtype=torch.bfloat16) if bf16 else nullcontext():
        yield


def bf16_cosine(embedder: Embedder, store: GraphStore, sample: list[str]) -> tuple[float, float]:
    """Min and mean cosine of bf16 vectors to the fp32 ones (cached by the sample pass)."""
    check = sample[:min(len(sample), BF16_CHECK)]
    ref = CachedEncoder(embedder, store).encode(check)
    with _autocast(True):
        approx = embedder.encode(check)
    cos = (ref * approx).sum(axis=1)
    return round(float(cos.min()), 6), round(float(cos.mean()), 6)


def faster_threads(embedder: Embedder, probe: list[str], most: int) -> int:
    """1 or `most` torch threads, whichever encodes `probe` faster now."""
    import torch

    best, best_s = most, math.inf
    for threads in sorted({1, most}):
        torch.set_num_threads(threads)
        with timed() as t:
            embedder.encode(probe)
        if t.wall < best_s:
            best, best_s = threads, t.wall
    return best


def fill_rest(embedder: Embedder, store: GraphStore, rest: list[str], bf16: bool) -> tuple[float, list[int]]:
    """Encode the texts beyond the sample into the cache; seconds and the
    torch thread counts used. On a shared machine one thread can beat two,
    so the count is chosen again every 8 chunks."""
    import torch

    encoder = CachedEncoder(embedder, store)
    saved = torch.get_num_threads()
    chosen: list[int] = []
    try:
        with progress(f"embed rest {len(rest)} ({'bf16' if bf16 else 'fp32'})", len(rest)) as advance, \
                timed() as t, _autocast(bf16):
            for n, first in enumerate(range(0, len(rest), FILL_CHUNK)):
                if n % 8 == 0:
                    torch.set_num_threads(faster_threads(embedder, rest[first:first + THREAD_PROBE], saved))
                chosen.append(torch.get_num_threads())
                encoder.encode(rest[first:first + FILL_CHUNK], advance)
    finally:
        torch.set_num_threads(saved)
    return t.wall, sorted(set(chosen))


def fill_vectors(ctx: BenchContext, store: GraphStore, rest: list[str], sample: list[str]) -> Fill:
    """The texts beyond the measured sample, through CachedEncoder. The fp32
    model does ~20-40 texts/s on 2 cores, so 100k texts would take over an
    hour; under bf16 autocast it runs ~5x faster, with vectors whose cosine
    to the fp32 ones is reported, so `--fill fp32` is only needed to rule that out."""
    bf16 = ctx.opts.fill == "bf16" and bf16_supported()
    cos_min = cos_mean = None
    if bf16 and sample:
        cos_min, cos_mean = bf16_cosine(ctx.embedder, store, sample)
    dtype = "bf16" if bf16 else "fp32"
    if not rest:
        return Fill(texts=0, dtype=dtype, cosine_to_fp32_min=cos_min, cosine_to_fp32_mean=cos_mean)
    seconds, threads = fill_rest(ctx.embedder, store, rest, bf16)
    return Fill(texts=len(rest), dtype=dtype, cosine_to_fp32_min=cos_min, cosine_to_fp32_mean=cos_mean,
                seconds=round(seconds, 1), rate=round(len(rest) / seconds, 1), threads_chosen=threads)


def measure_embeddings(ctx: BenchContext, store: GraphStore, texts: list[str]) -> tuple[Embed, np.ndarray]:
    """The sample comparison, the fill, then every text again (warm, all
    cached); returns the figures and the vectors the index is built from."""
    sample = texts[:min(len(texts), ctx.opts.embed_sample)]
    first = compare_on_sample(ctx.embedder, store, sample)
    fill = fill_vectors(ctx, store, texts[len(sample):], sample)
    warm = CachedEncoder(ctx.embedder, store)
    with timed() as t_warm:
        vectors = warm.encode(texts)
    raw_rate, cold_rate = first.texts / first.raw_s, first.texts / first.cold_s
    warm_rate = len(texts) / t_warm.wall
    return Embed(texts=len(texts), sample=first.texts, raw_rate=round(raw_rate, 1),
                 cached_cold_s=round(first.cold_s, 2), cached_cold_rate=round(cold_rate, 1),
                 ratio_total=round(cold_rate / raw_rate, 3), ratio=round(float(np.median(first.ratios)), 3),
                 chunk_ratios=first.ratios, chunk=EMBED_CHUNK, misses=first.misses, fill=fill,
                 cached_warm_s=round(t_warm.wall, 3), cached_warm_rate=round(warm_rate, 1),
                 warm_speedup=round(warm_rate / cold_rate, 1), warm_misses=warm.misses,
                 projected_fp32_all_s=round(len(texts) / cold_rate, 1)), vectors
