"""Trains the encoder heads (ingest/encoder_spans.py): a BiLSTM over the int8 e5
encoder's token states of each development sentence, labelling tokens B, I or
O of a project (or an enterprise) name as the keys name them (the labels the CRF learns from,
train_spans.labelled_sentences, read at each token's first character).

The encoder is frozen: its states are computed once per sentence, by the
same code ingest runs, and only the head (~0.5 M weights) is fitted, with
PyTorch, in about a minute on 2 cores. Called by train_spans (the shipped
heads) and by train_judge (one project head per fold, so that the judge learns from
probabilities of a head that had not seen the text). `check_enterprise_head`
chose the enterprise head's threshold."""

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


def sentence_rows(folder: Path, stems: Sequence[str], encoder: SentenceEncoder,
                  kind: str = "projects") -> list[SentenceRows]:
    """Each sentence of the texts `stems`, as encoder states and token labels of the key's names of `kind`."""
    out = []
    for n, stem in enumerate(stems):
        texts, labels = labelled_sentences(folder, stem, kind)
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


def check_enterprise_head(folder: Path, stems: Sequence[str], held: Sequence[str],
                          adds: Sequence[float | None] = (None, 0.7, 0.9),
                          vetoes: Sequence[float | None] = (None, 0.05, 0.1)) -> dict[str, dict[str, float]]:
    """Enterprise figures on the texts `held` (development texts, never a holdout) with an enterprise
    CRF and an enterprise head trained on the other texts of `stems`, for each way of using the head:
    adding the spans it starts with at least probability `add`, and dropping found names whose mean
    inside probability is below `veto` (None: not used; both None is the extraction without the
    head). How enterprises.ORG_ENCODER_MIN_SCORE and ORG_ENCODER_VETO were chosen."""
    import json
    import tempfile

    from ingest import enterprises
    from ingest.encoder_spans import EncoderHead, EncoderSpans
    from ingest.extract import extractor_for
    from ingest.ner import default_tagger
    from ingest.span_tagger import SpanTagger
    from ingest.standard_industry import StandardIndustryClassifier
    from ontology import load_gazetteer
    from search_api.core.extraction_eval import body_of, score_document
    from search_api.tools.train_spans import examples, pairs, train

    encoder = SentenceEncoder()
    gaz = load_gazetteer()
    extractor = extractor_for(gaz)
    industries = StandardIndustryClassifier()
    trained = [s for s in stems if s not in set(held)]
    head = EncoderSpans(encoder, EncoderHead(train_head(sentence_rows(folder, trained, encoder, "enterprises"))))
    saved = (enterprises.ORG_SPAN_TAGGER, enterprises.ORG_SPAN_ENCODER, enterprises.ORG_ENCODER_MIN_SCORE,
             enterprises.ORG_ENCODER_VETO)
    totals: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        crf = Path(tmp) / "enterprises.crfsuite"
        train(pairs(examples(folder, trained, extractor, "enterprises")), crf)
        try:
            enterprises.ORG_SPAN_TAGGER, enterprises.ORG_SPAN_ENCODER = SpanTagger(crf), head
            for add in adds:
                for veto in vetoes:
                    setting = f"add={add} veto={veto}"
                    enterprises.ORG_ENCODER_MIN_SCORE = 2.0 if add is None else add  # a probability never > 1
                    enterprises.ORG_ENCODER_VETO = -1.0 if veto is None else veto
                    acc = totals.setdefault(setting, [0, 0, 0, 0])
                    for stem in held:
                        body = body_of((folder / f"{stem}.md").read_text(encoding="utf-8"))
                        key = json.loads((folder / f"{stem}.answers.json").read_text(encoding="utf-8"))
                        doc = score_document(stem, body, key, gaz, extractor, industries, tagger=default_tagger())
                        figures = (doc.enterprises.correct, doc.enterprises.extracted, doc.enterprises.found,
                                   doc.enterprises.expected)
                        totals[setting] = acc = [a + b for a, b in zip(acc, figures, strict=True)]
                    log.info("enterprise head %s: %s", setting, acc)
        finally:
            (enterprises.ORG_SPAN_TAGGER, enterprises.ORG_SPAN_ENCODER, enterprises.ORG_ENCODER_MIN_SCORE,
             enterprises.ORG_ENCODER_VETO) = saved
    return {s: {"precision": round(t[0] / max(t[1], 1), 3), "recall": round(t[2] / max(t[3], 1), 3)}
            for s, t in totals.items()}
