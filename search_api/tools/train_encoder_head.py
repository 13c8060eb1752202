"""Trains the encoder head (ingest/encoder_spans.py): a BiLSTM over the int8 e5
encoder's token states of each development sentence, labelling tokens B, I or
O of a project name as the keys name them (the labels the CRF learns from,
train_spans.labelled_sentences, read at each token's first character).

The encoder is frozen: its states are computed once per sentence, by the
same code ingest runs, and only the head (~0.5 M weights) is fitted, with
PyTorch, in about a minute on 2 cores. Called by train_spans (the shipped
head) and by train_judge (one head per fold, so that the judge learns from
probabilities of a head that had not seen the text)."""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingest.encoder_spans import LABELS, SentenceEncoder
from search_api.tools.train_spans import labelled_sentences

HIDDEN = 128
EPOCHS = 8
BATCH = 16
LEARNING_RATE = 2e-3
DROPOUT = 0.2
# B and I tokens are rare beside O: weighting them up trades a little precision of the spans for
# recall (the judge decides which spans are names)
CLASS_WEIGHTS = (1.0, 3.0, 1.5)
SEED = 21
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SentenceRows:
    stem: str
    states: np.ndarray  # [tokens, dim]
    labels: np.ndarray  # [tokens] indexes into LABELS


def sentence_rows(folder: Path, stems: Sequence[str], encoder: SentenceEncoder) -> list[SentenceRows]:
    """Each sentence of the texts `stems`, as encoder states and token labels."""
    out = []
    for n, stem in enumerate(stems):
        texts, labels = labelled_sentences(folder, stem)
        for text, chars in zip(texts, labels, strict=True):
            found = encoder.states(text)
            if not found.offsets:
                continue
            tokens = [LABELS.index(chars[a][0]) if chars[a] != "O" else 0 for a, _ in found.offsets]
            out.append(SentenceRows(stem, found.states, np.array(tokens, dtype=np.int64)))
        if n % 50 == 49:
            log.info("encoded %d of %d texts", n + 1, len(stems))
    return out


def train_head(rows: Sequence[SentenceRows], epochs: int = EPOCHS) -> dict[str, np.ndarray]:
    """The head's weights (PyTorch LSTM names, plus out_weight/out_bias), fitted with a fixed seed."""
    import torch

    torch.manual_seed(SEED)
    order = random.Random(SEED)
    dim = rows[0].states.shape[1]

    class Head(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.lstm = torch.nn.LSTM(dim, HIDDEN, batch_first=True, bidirectional=True)
            self.out = torch.nn.Linear(2 * HIDDEN, len(LABELS))
            self.drop = torch.nn.Dropout(DROPOUT)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            hidden, _ = self.lstm(self.drop(x))
            result: torch.Tensor = self.out(self.drop(hidden))
            return result

    head = Head()
    optimiser = torch.optim.Adam(head.parameters(), lr=LEARNING_RATE)
    weights = torch.tensor(CLASS_WEIGHTS)
    data = [(torch.from_numpy(r.states), torch.from_numpy(r.labels)) for r in rows]
    for epoch in range(epochs):
        order.shuffle(data)
        head.train()
        total = 0.0
        for start in range(0, len(data), BATCH):
            batch = data[start : start + BATCH]
            x = torch.nn.utils.rnn.pad_sequence([b[0] for b in batch], batch_first=True)
            y = torch.nn.utils.rnn.pad_sequence([b[1] for b in batch], batch_first=True, padding_value=-100)
            loss = torch.nn.functional.cross_entropy(head(x).reshape(-1, len(LABELS)), y.reshape(-1),
                                                     weight=weights, ignore_index=-100)
            optimiser.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            optimiser.step()
            total += loss.item()
        log.info("encoder head epoch %d: loss %.1f", epoch + 1, total)
    state = {k: v.detach().numpy().copy() for k, v in head.lstm.state_dict().items()}
    state["out_weight"] = head.out.weight.detach().numpy().copy()
    state["out_bias"] = head.out.bias.detach().numpy().copy()
    return state
