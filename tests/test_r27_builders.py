"""Round 27, who builds a work, named in the passive: "…项目由中核资源投资建设" (text 1044), "分别由重庆至信和重庆平洋
投资建设" (text 658), "由四川发展和中国五冶投资建设的…" (text 429) name companies the model need not know."""

from __future__ import annotations

from ontology import Gazetteer
from tests.text_extraction import companies_in


def test_a_brand_that_builds_a_work_is_a_company(gaz: Gazetteer) -> None:
    found = companies_in("共伴生二次资源综合回收项目由中核资源投资建设,总投资约1亿元,用地20亩,"
                         "主要建设共伴生二次资源废渣综合利用生产线。", gaz)
    assert "中核资源" in found


def test_builders_joined_by_he_are_two_companies(gaz: Gazetteer) -> None:
    found = companies_in("其中,由四川发展和中国五冶投资建设的彭州市航空博览孵化园及军民融合科技中心项目计划总投资22.5亿元,"
                         "预计工期两年。", gaz)
    assert "中国五冶" in found  # 四川发展 (a province and a kind word) is left to the keys' doubt
    found = companies_in("总投资1.8亿元的至信汽车零部件扩建项目与1.5亿元的平洋汽车车身零部件扩建项目同步落地,"
                         "分别由重庆至信和重庆平洋投资建设,此次扩建项目将扩大金安在汽车零部件领域的产能。", gaz)
    assert {"重庆至信", "重庆平洋"} <= found


def test_public_money_and_kinds_build_no_company(gaz: Gazetteer) -> None:
    assert not companies_in("该项目由社会资本投资建设,由县政府投资建设配套道路。", gaz)
    assert not companies_in("海南自由贸易港投资环境持续优化,由于具体投资额未定,项目暂缓。", gaz)


def test_a_clause_run_into_a_company_word_is_no_company(gaz: Gazetteer) -> None:
    # texts read before round 27: verbs, adverbs and time words before 公司/集团 make a clause, not a name
    found = companies_in("合作协议的签署和履行符合公司中期战略发展规划,协议的签订对公司未来经营业绩的影响需视协议的具体落实情况而定,"
                         "若顺利实施,预计将对公司未来经营业绩产生重大影响。", gaz)
    assert not found
    found = companies_in("“今年公司计划总投资26亿元,其中晟晏福华循环化项目全部建成生产后,将成为全国最大的锰硅合金生产企业。", gaz)
    assert "今年公司" not in found
    found = companies_in("座谈会上,韩霁昌对郭玉峰一行的到来表示热烈欢迎,对通辽市高度重视和支持集团的发展表示感谢。", gaz)
    assert "支持集团" not in found
