"""Project and enterprise names read by the sentence encoder: small BiLSTM heads
over the token states of multilingual-e5-small (its int8 ONNX graph, which
`make model` builds), labelling each token B, I or O of a name of their kind.

Why: the CRF tagger (span_tagger.py) sees characters, LAC words and the
gazetteer, so a name with no work word and no known place (中芯临港, 联影医疗,
西电东送, 夏曲卡水电站两台机组…) is rarely a candidate at all: three in four
held-out names the extraction missed were never proposed (round 20). The
encoder was pretrained on a great deal of Chinese text and knows that 联影 is
a name; a head trained on the development keys turns that into spans. Its
spans are candidates and its probabilities are features of every candidate
(name_judge.py), so the judge weighs them against the CRF's and the rules'.
The enterprise head (round 22) does the same for company names the rules and
LAC miss (short forms and brands: 联影, 宁德时代): its surest spans join the
CRF's, and it vetoes names the others found where it reads no company
(enterprises.py). Both heads read one encoding of a sentence.

The heads are trained by `python -m search_api.tools.train_spans` (their weights,
about 2 MB each, ship in ontology/data/ like the CRF models); the encoder is run
one sentence at a time, as in training, since dynamic int8 quantization scales
activations per batch (batching a document's sentences changed the head's labels
in one sentence in five and saved no CPU, round 22). Without the built ONNX
model the extraction runs without the heads and logs a warning once."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ingest.extract import Mention
from ingest.span_tagger import MIN_SPAN_CHARS, MODEL_DIR, Tagging, only_places, spans_of
from ingest.torch_threads import one_torch_thread

ENCODER_DIR = Path(__file__).resolve().parent.parent / "var" / "models" / "multilingual-e5-small-onnx"
ENCODER_GRAPH = "onnx/model_qint8.onnx"
# one head per kind of name (span_tagger.KINDS); beside each, a .json of what it was trained on
HEAD_FILES = {"projects": MODEL_DIR / "project_encoder_head.npz",
              "enterprises": MODEL_DIR / "enterprise_encoder_head.npz"}
HEAD_FILE = HEAD_FILES["projects"]
MAX_TOKENS = 512  # the encoder's window; a longer sentence is tagged in its first window only
LABELS = ("O", "B", "I")
CACHED_SENTENCES = 4096  # a document's sentences are tagged once though several steps read them
# the encodings of the last few sentences: the project head and the enterprise head read the same one
CACHED_ENCODINGS = 32
log = logging.getLogger(__name__)


def ort_session(path: Path, threads: int, spin: bool = False) -> Any:
    """An ONNX Runtime session. Its worker threads do not spin-wait for work by
    default: on cores other processes share, a spinning thread burns the slice
    the other thread needs (bulk encoding ran at about half the rate, bench/encoder.py)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spin else "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "1" if spin else "0")
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


@dataclass(frozen=True)
class TokenStates:
    """The encoder's last hidden state of each token of a sentence that covers characters,
    with the characters it covers (its first non-space one to its end)."""
    offsets: list[tuple[int, int]]
    states: np.ndarray  # [tokens, 384] float32


class SentenceEncoder:
    """The int8 e5 graph and its tokenizer, one sentence at a time."""

    def __init__(self, folder: Path = ENCODER_DIR) -> None:
        from tokenizers import Tokenizer

        self.folder = folder
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.session = ort_session(folder / ENCODER_GRAPH, os.cpu_count() or 1)
        self._cached = lru_cache(maxsize=CACHED_ENCODINGS)(self._states)

    def graph_sha256(self) -> str:
        build = json.loads((self.folder / "onnx_build.json").read_text(encoding="utf-8"))
        return str(build.get("sha256", ""))

    def states(self, text: str) -> TokenStates:
        """The token states of `text` (shared: callers must not write into them)."""
        return self._cached(text)

    def _states(self, text: str) -> TokenStates:
        encoding = self.tokenizer.encode(text)
        ids = np.array([encoding.ids], dtype=np.int64)
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0][0]
        keep, offsets = [], []
        for i, (a, b) in enumerate(encoding.offsets):
            while a < b and text[a].isspace():
                a += 1
            if b > a:
                keep.append(i)
                offsets.append((a, b))
        return TokenStates(offsets, hidden[keep].astype(np.float32))


class EncoderHead:
    """The trained BiLSTM + linear layer: B/I/O probabilities of each token. It runs in PyTorch
    (which sentence-transformers brings and the embedding step loads anyway): a recurrent loop
    stepped in Python cost as much as the encoder itself."""

    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        import torch

        self._torch = torch
        dim, hidden = weights["weight_ih_l0"].shape[1], weights["weight_hh_l0"].shape[1]
        self.lstm = torch.nn.LSTM(dim, hidden, batch_first=True, bidirectional=True)
        self.lstm.load_state_dict({k: torch.from_numpy(np.asarray(v, dtype=np.float32))
                                   for k, v in weights.items() if k.startswith(("weight_", "bias_"))})
        self.out = torch.nn.Linear(2 * hidden, len(LABELS))
        self.out.load_state_dict({"weight": torch.from_numpy(np.asarray(weights["out_weight"], dtype=np.float32)),
                                  "bias": torch.from_numpy(np.asarray(weights["out_bias"], dtype=np.float32))})
        self.lstm.eval()
        self.out.eval()

    def probabilities(self, states: np.ndarray) -> np.ndarray:
        if not len(states):
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        torch = self._torch
        with one_torch_thread(), torch.inference_mode():
            hidden, _ = self.lstm(torch.from_numpy(np.ascontiguousarray(states, dtype=np.float32))[None])
            result: np.ndarray = torch.softmax(self.out(hidden[0]), dim=-1).numpy()
        return result


class EncoderSpans:
    """Tags names of one kind in a sentence from its encoder states (a `Tagging`, as the CRF gives)."""

    def __init__(self, encoder: SentenceEncoder, head: EncoderHead) -> None:
        self.encoder = encoder
        self.head = head
        self._cached = lru_cache(maxsize=CACHED_SENTENCES)(self._tag)

    def tagging(self, text: str, mentions: list[Mention], min_chars: int = MIN_SPAN_CHARS) -> Tagging:
        begin, inside, labels = self._cached(text)
        spans = [s for s in spans_of(labels, begin, min_chars) if not only_places(text, s, mentions)]
        return Tagging(spans, list(begin), list(inside))

    def _tag(self, text: str) -> tuple[tuple[float, ...], tuple[float, ...], tuple[str, ...]]:
        """Per character: the probability that a name begins there, that it goes on there, and the
        label. A token's B probability is its first character's; its later characters are inside
        a name as far as the token is in one (B or I)."""
        begin = [0.0] * len(text)
        inside = [0.0] * len(text)
        labels = ["O"] * len(text)
        if not text.strip():
            return tuple(begin), tuple(inside), tuple(labels)
        found = self.encoder.states(text)
        probs = self.head.probabilities(found.states)
        for (a, b), (p_o, p_b, p_i) in zip(found.offsets, probs.tolist(), strict=True):
            label = LABELS[int(np.argmax((p_o, p_b, p_i)))]
            begin[a], inside[a] = p_b, p_i
            labels[a] = label
            for c in range(a + 1, b):
                inside[c] = p_b + p_i
                labels[c] = "O" if label == "O" else "I"
        return tuple(begin), tuple(inside), tuple(labels)


def load_head(path: Path = HEAD_FILE) -> EncoderHead | None:
    if not path.exists():
        return None
    with np.load(path) as data:
        return EncoderHead({k: data[k] for k in data.files})


def save_head(weights: dict[str, np.ndarray], path: Path, info: dict[str, Any]) -> None:
    """The weights, and beside them (same name, .json) what they were trained on and with which encoder."""
    arrays: dict[str, Any] = {k: np.asarray(v, dtype=np.float32) for k, v in weights.items()}
    np.savez_compressed(path, **arrays)
    path.with_suffix(".json").write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def sentence_encoder() -> SentenceEncoder | None:
    """The built int8 encoder, loaded once per process (None, with a warning, when `make model`
    has not built it: the extraction then runs on the rules, the CRF and the judge alone)."""
    if not (ENCODER_DIR / ENCODER_GRAPH).is_file():
        log.warning("no encoder at %s (run `make model`): project names are read without it", ENCODER_DIR)
        return None
    return SentenceEncoder()


def shipped_encoder_spans(kind: str = "projects") -> EncoderSpans | None:
    """The shipped head of `kind` over the built encoder, loaded on first use (a process that
    extracts nothing never loads the encoder); None when either is missing or
    `PLANATLAS_TAGGER=off` turns the learned taggers off (read at each call, as the CRFs do)."""
    from ingest.span_tagger import tagger_enabled

    return _shipped(kind) if tagger_enabled() else None


@lru_cache(maxsize=len(HEAD_FILES))
def _shipped(kind: str) -> EncoderSpans | None:
    head = load_head(HEAD_FILES[kind])
    encoder = sentence_encoder() if head is not None else None
    if encoder is None or head is None:
        return None
    info_file = HEAD_FILES[kind].with_suffix(".json")
    info = json.loads(info_file.read_text(encoding="utf-8")) if info_file.exists() else {}
    trained_with = info.get("encoder_sha256")
    if trained_with and trained_with != encoder.graph_sha256():
        log.warning("the encoder at %s is not the one the %s head was trained on (%s…); "
                    "rebuild it with `make model` or retrain with train_spans", ENCODER_DIR, kind, trained_with[:12])
    return EncoderSpans(encoder, head)
