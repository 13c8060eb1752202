"""Round 13 money (docs/extraction-quality.md, "Round 13"): a project's investment written the ways the fresh
news of dev16 writes it and the rules did not read — the investor between the name and the amount
("…项目由X公司投资6亿元兴办"), a clause saying what the project is before its amount ("…项目,是…的延链补链项目,
总投资30亿元"), the amount before the name with the place and the verb between ("计划投资10亿元在嘉定建设…"), and
a project's signed sum ("…项目签约额3亿元", keyed as its investment). Real sentences of dev16 texts."""

from __future__ import annotations

from ingest.extract import extractor_for
from ingest.policy import policy_batch
from ingest.project_phrases import _investment
from ontology import Gazetteer

# 410-jiujiang-county-chihu-park-four-industrial-starts
BUILT_BY = ("据了解,中盛钢结构项目由中盛钢结构集团有限公司投资6亿元兴办,建设周期为1年,将新建重钢、铁塔钢结构产品生产线"
            "各3条,轻钢生产线2条。")
# 398-wuzhong-2022-first-batch-85-starts
WHAT_IT_IS = ("青铜峡工业园区海利化工新材料项目,是自治区建设全国新材料“大工厂”的延链补链项目,总投资30亿元,建成达产后,"
              "可实现年销售收入60亿元以上。")
# 414-shanghai-2023-investment-conference-26-signings
BEFORE = "元宇宙领域,嘉元信创计划投资10亿元在嘉定建设信创虚拟现实产业基地。"
# 415-harbin-pingfang-2020-cloud-signings-19
SIGNED = "其中,思哲睿医疗机械人项目签约额3亿元,投资方为哈尔滨思则睿公司。"


def _at(text: str, name: str) -> float | None:
    start = text.index(name)
    return _investment(text, start, start + len(name))


def test_the_amounts_fresh_news_writes_are_read() -> None:
    assert _at(BUILT_BY, "中盛钢结构项目") == 60000.0
    assert _at(WHAT_IT_IS, "青铜峡工业园区海利化工新材料项目") == 300000.0
    assert _at(BEFORE, "信创虚拟现实产业基地") == 100000.0
    assert _at(SIGNED, "思哲睿医疗机械人项目") == 30000.0


def test_through_ingest(gaz: Gazetteer) -> None:
    batch = policy_batch("doc:t", BUILT_BY, {"path": "t"}, gaz, extractor_for(gaz))
    money = {n.props["name"]: n.props.get("investment_wan") for n in batch.nodes.values() if n.label == "Project"}
    # the judge may keep the name with or without its 项目 (the evaluation counts both as the keyed name)
    assert [v for k, v in money.items() if k.removesuffix("项目") == "中盛钢结构"] == [60000.0]
