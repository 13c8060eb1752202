from __future__ import annotations

from ingest.structure import cn_number, parse_structure
from tests.conftest import GUIDANCE

TASK_TITLES = [
    "聚焦生态保护，擦亮绿色底色", "聚焦产业转型，推动高质量发展", "聚焦“三大板块”，促进协同发展",
    "聚焦创建特色样板县，发挥示范带动作用", "聚焦晋南城镇圈建设，实现合作共赢", "聚焦开发区建设，积极承接产业转移",
    "聚焦城市更新，建设宜居宜业城市", "聚焦能源保供，建设综合能源基地", "聚焦文旅融合，弘扬黄河文化",
    "聚焦乡村振兴，建设美丽乡村",
]


def test_cn_numbers() -> None:
    assert [cn_number(x) for x in ["一", "九", "十", "十一", "二十", "二十三", "7"]] == [1, 9, 10, 11, 20, 23, 7]


def test_guidance_hierarchy_despite_inconsistent_markdown() -> None:
    parsed = parse_structure(GUIDANCE.read_text(encoding="utf-8"))
    assert parsed.title == "全市2023年“双城”建设项目谋划指导意见"
    assert [s.title for s in parsed.sections] == ["指导思想", "重点任务", "保障措施"]
    tasks = parsed.sections[1].children
    assert [t.title for t in tasks] == TASK_TITLES
    assert [t.number for t in tasks] == list(range(1, 11))
    assert [m.title for m in parsed.sections[2].children] == [
        "建立多元资金投入和政策支撑机制", "积极争取国、省政策支持", "建立统筹推进和考核评价机制"]
    assert parsed.sections[2].children[0].ordinal == "(一)"


def test_page_breaks_rejoined_with_source_spans() -> None:
    text = GUIDANCE.read_text(encoding="utf-8")
    parsed = parse_structure(text)
    sentences = [s for sec in parsed.all_sections() for s in sec.sentences]
    joined = [s for s in sentences if "侯马方略等综合物流园区" in s.text]
    assert len(joined) == 1
    s = joined[0]
    assert text[s.start : s.end].replace("\n", "") == s.text
    assert any("谋划区域协同发展重大项目" in x.text for x in sentences)
    assert any("提高农村公路建设、网络建设质量" in x.text for x in sentences)


def test_all_numbering_styles_and_inline_headings() -> None:
    text = "\n".join([
        "# 某县2024年工作要点",
        "一、总体要求",
        "坚持稳中求进。",
        "二、主要任务",
        "(一)抓项目",
        "1. 谋划储备",
        "（1）建立项目库。每季度更新一次。",
        "（2）开展前期工作",
        "2．推进开工",
        "（二）强产业。围绕煤焦化谋划延链项目。",
        "### 三、保障措施",
        "（一）加强领导",
    ])
    parsed = parse_structure(text)
    assert parsed.title == "某县2024年工作要点"
    part2 = parsed.sections[1]
    assert [c.title for c in part2.children] == ["抓项目", "强产业"]
    first = part2.children[0]
    assert [c.title for c in first.children] == ["谋划储备", "推进开工"]
    assert [c.title for c in first.children[0].children] == ["建立项目库", "开展前期工作"]
    assert first.children[0].children[0].sentences[0].text == "每季度更新一次。"
    assert part2.children[1].sentences[0].text == "围绕煤焦化谋划延链项目。"
    assert parsed.sections[2].title == "保障措施" and parsed.sections[2].level == 1
