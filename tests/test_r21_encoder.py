"""Round 21: project names read by the sentence encoder (ingest/encoder_spans.py), the held-out
matching of the evaluation, and units after a work (夏曲卡水电站两台机组投产, held-out text 561)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from ingest import project_phrases
from ingest.encoder_spans import HEAD_FILE, LABELS, load_head, save_head, sentence_encoder
from ingest.extract import extractor_for
from ingest.policy import policy_batch
from ontology import Gazetteer
from search_api.core.extraction_eval import _pair_projects


def _names(text: str, gaz: Gazetteer) -> set[str]:
    batch = policy_batch("doc:t", text, {"path": "t"}, gaz, extractor_for(gaz))
    return {n.props["name"] for n in batch.nodes.values() if n.label == "Project"}


def test_a_saved_head_computes_what_it_was_trained_to(tmp_path: Path) -> None:
    """The weights as train_encoder_head writes them (PyTorch's LSTM names, out_weight, out_bias)
    load into the head ingest runs, which then gives the trained module's probabilities."""
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(16, 8, batch_first=True, bidirectional=True)
    out = torch.nn.Linear(16, len(LABELS))
    weights = {k: v.detach().numpy() for k, v in lstm.state_dict().items()}
    weights |= {"out_weight": out.weight.detach().numpy(), "out_bias": out.bias.detach().numpy()}
    save_head(weights, tmp_path / "head.npz", {"trained_on": []})
    x = torch.randn(1, 11, 16)
    with torch.no_grad():
        expected = torch.softmax(out(lstm(x)[0]), -1)[0].numpy()
    head = load_head(tmp_path / "head.npz")
    assert head is not None
    assert np.allclose(head.probabilities(x[0].numpy()), expected, atol=1e-5)


def test_the_shipped_head_and_encoder_are_built() -> None:
    encoder = sentence_encoder()
    assert encoder is not None and load_head() is not None, f"run make model and train_spans ({HEAD_FILE})"
    states = encoder.states("推进晋城机场项目前期工作")
    assert states.states.shape == (len(states.offsets), 384)
    assert all(0 <= a < b <= len("推进晋城机场项目前期工作") for a, b in states.offsets)


def test_the_encoder_proposes_a_name_without_a_work_word(gaz: Gazetteer) -> None:
    encoder = project_phrases.span_encoder()
    assert encoder is not None
    text = "上海市重大工程建设推进中芯临港、联影医疗、商汤人工智能算力平台等项目。"
    spans = {text[s.start : s.end] for s in encoder.tagging(text, []).spans}
    assert {"中芯临港", "联影医疗"} & spans


def test_units_after_a_work_end_its_clause(gaz: Gazetteer) -> None:
    names = _names("金河电站成功截流,夏曲卡水电站两台机组投产发电,萨迦、昂仁等县级水电站竣工验收。", gaz)
    assert "夏曲卡水电站" in names


@pytest.mark.parametrize(("keyed", "found", "pairs"), [
    # text 275: both leave 大桥 once their places are off, but they are two bridges
    (["黑河黑龙江大桥", "东宁大桥"], ["东宁大桥"], {("东宁大桥", "东宁大桥")}),
    # a place before the same name is the same work
    (["犬木塘水库"], ["湖南邵阳犬木塘水库"], {("犬木塘水库", "湖南邵阳犬木塘水库")}),
    (["山西临汾尧都区污水处理厂"], ["临汾市尧都区污水处理厂"], {("山西临汾尧都区污水处理厂", "临汾市尧都区污水处理厂")}),
    # another city's airport is not this one
    (["五大连池机场"], ["三江机场"], set()),
])
def test_keyed_works_pair_with_the_same_work(gaz: Gazetteer, keyed: list[str], found: list[str],
                                             pairs: set[tuple[str, str]]) -> None:
    got, missed, spurious = _pair_projects([{"name": n} for n in keyed], [{"name": n} for n in found],
                                           extractor_for(gaz))
    assert {(k["name"], f["name"]) for k, f in got} == pairs
    assert len(missed) == len(keyed) - len(pairs) and len(spurious) == len(found) - len(pairs)
