"""A seeded, deterministic generator of realistic project lists for the
benchmarks, built from the ontology (counties, blocks, industries, chain
links and their keywords), so nothing place-specific is written here.

    python -m bench.generate --size 10000 --out var/bench/data-10k [--seed 7] [--format mixed]

Writes one project list per county into OUT/lists (JSONL or CSV, both
`planatlas ingest` formats; `mixed` alternates them), plus OUT/labels.jsonl: the planted
cross-county duplicate pairs (label 1) and hard negatives (label 0), each with
the two project ids ingestion will give them and what was changed.

- A planted duplicate (`--dup-share`, default 3% of the rows) is another
  county of the same block reporting the same project in its own words:
  paraphrased content, the county name dropped or moved, 工程 for 项目,
  亿元 for 万元 (same amount), Traditional characters (OpenCC s2t), a
  different way of writing the years.
- A hard negative (`--neg-share`, default 1%) looks alike but is another
  project: the next phase, another size, another county named in the name.
- Every other name is unique after the scorer's normalisation (county names,
  punctuation and 项目/工程 removed), each keyword is always sized in one
  unit, and every (unit, amount, keyword) is used once, so two unplanted
  projects are never the same project.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import re
import zlib
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ingest.projects import project_id
from ingest.textnorm import normalise
from ontology import Gazetteer, load_gazetteer

ROOT = Path(__file__).resolve().parent.parent

# Generic wording of project lists, by the industry `kind` of industries.yaml.
# (unit phrase, unit, low, high) for the size a name or content states.
QUANTITIES: dict[str, list[tuple[str, str, float, float]]] = {
    "traditional": [("年产{n}万吨", "万吨", 5, 800), ("{n}万吨/年", "万吨", 5, 800)],
    "emerging": [("年产{n}万吨", "万吨", 0.5, 120), ("年产{n}台", "台", 100, 20000), ("{n}平方米", "平方米", 2000, 90000)],
    "agriculture": [("{n}亩", "亩", 300, 60000), ("年产{n}吨", "吨", 500, 90000)],
    "service": [("{n}万平方米", "万平方米", 0.5, 80), ("{n}公里", "公里", 2, 300)],
    "energy": [("{n}万千瓦", "万千瓦", 1, 200), ("{n}兆瓦", "兆瓦", 10, 2000)],
}
FACILITIES: dict[str, list[str]] = {
    "traditional": ["技术改造", "升级改造", "生产线", "综合利用", "智能化改造", "循环经济园"],
    "emerging": ["生产线", "产业园", "生产基地", "研发中心", "智能制造基地", "示范线"],
    "agriculture": ["种植基地", "示范园", "加工厂", "产业园", "标准化基地", "冷链仓储中心"],
    "service": ["综合体", "提升改造", "集散中心", "产业园", "服务中心", "示范区"],
    "energy": ["电站", "示范项目", "基地", "综合能源站", "场站", "并网工程"],
}
GENERIC_KIND = "emerging"
CONTENT_VERBS = ["建设", "新建", "改扩建", "购置", "配套建设", "升级"]
CONTENT_PARTS = ["厂房{n}平方米", "生产线{m}条", "仓储设施{n}平方米", "办公及研发用房{n}平方米", "配套道路{k}公里",
                 "智能控制系统{m}套", "环保设施{m}套", "检测中心{m}处", "管网{k}公里", "变电站{m}座"]
OWNERS = ["发展和改革局", "工业和信息化局", "农业农村局", "文化和旅游局", "能源局", "住房和城乡建设局",
          "交通运输局", "水务局", "商务局", "行政审批服务管理局"]
COMPANY_TAILS = ["有限公司", "股份有限公司", "集团有限公司", "科技有限公司", "实业有限公司"]
# Syllables for place and company names that are made up (镇/乡/村, 某某公司).
SYLLABLES = list("东西南北新安康宁丰泰和平兴隆福盛华阳明德永昌瑞祥恒通达金山河川源泉林峰岭湾坡庄堡坊")
PLACE_SUFFIX = ["镇", "乡", "村", "工业园", "社区"]
# Paraphrases a reporting county might use for the same words (both ways).
SYNONYMS = [("建设", "新建"), ("配套建设", "配建"), ("年产", "年生产"), ("购置", "采购"), ("改扩建", "扩建改造"),
            ("升级", "提档升级"), ("生产线", "产线"), ("平方米", "㎡"), ("仓储设施", "仓储用房")]
NAME_SYNONYMS = [("技术改造", "技改"), ("产业园", "产业园区"), ("生产基地", "产业基地"), ("研发中心", "研发基地"),
                 ("提升改造", "改造提升"), ("示范园", "示范园区"), ("综合体", "综合服务体"), ("基地", "示范基地")]
YEAR_STYLES = ["{a}-{b}", "{a}—{b}年", "{a}年-{b}年", "{a}~{b}", "{a}至{b}年"]


@dataclass
class Project:
    name: str
    county: str  # the county cell as written
    content: str
    investment: str  # with its unit, as written
    years: str
    owner: str
    category: str
    county_name: str = ""  # canonical county (for ids and file placement)
    quantity: tuple[str, float] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def row(self) -> dict[str, str]:
        return {"name": self.name, "county": self.county, "content": self.content, "investment": self.investment,
                "years": self.years, "owner": self.owner, "category": self.category}


@dataclass
class Vocabulary:
    """What the ontology offers the generator."""

    counties: list[Any]
    block_members: dict[str, list[str]]  # county name -> other counties of its block
    subjects: list[tuple[str, str, str]]  # (keyword, industry name, kind)
    keywords_by_industry: dict[str, list[str]]
    county_forms: list[str]  # every surface form of a county, for the name key

    @classmethod
    def from_gazetteer(cls, gaz: Gazetteer) -> Vocabulary:
        counties = sorted(gaz.by_label("County"), key=lambda e: e.data.get("code", e.id))
        members: dict[str, list[str]] = {}
        for c in counties:
            block = gaz.block_of(c.id)
            same = [o.name for o in counties if o.id != c.id and block is not None and gaz.block_of(o.id) == block]
            members[c.name] = same or [o.name for o in counties if o.id != c.id]
        kind_of: dict[str, str] = {}
        keywords: dict[str, list[str]] = {}
        for ind in gaz.by_label("Industry"):
            kind = ind.data.get("kind") or GENERIC_KIND
            kind_of[ind.name] = kind if kind in QUANTITIES else GENERIC_KIND
            words = [w for w in [ind.name, *ind.forms, *ind.data.get("keywords", [])] if len(w) > 1]
            keywords[ind.name] = list(dict.fromkeys(words))
        subjects: list[tuple[str, str, str]] = []
        for name, words in keywords.items():
            subjects.extend((w, name, kind_of[name]) for w in words)
        for link in gaz.links.values():  # chain links: put each keyword under the link's first industry
            chain = gaz.entries[link.chain_id]
            required = chain.data.get("requires_any") or []
            industry = next((i for i in link.industries if i in keywords), None) or \
                next((i for i in chain.data.get("industries", []) if i in keywords), None)
            if industry is None:
                continue
            for word in link.keywords:
                if len(word) < 2:
                    continue
                # a chain keyword only places a project on the link with one of the chain's required words
                if required and not any(r in word for r in required):
                    word = required[0] + word
                subjects.append((word, industry, kind_of[industry]))
        subjects = sorted(set(subjects))
        forms = sorted({f for c in counties for f in (c.name, *c.forms, *c.context_forms) if len(f) > 1},
                       key=len, reverse=True)
        return cls(counties, members, subjects, keywords, forms)


_KEY_NOISE = re.compile(r"[\s\W_]+|项目|工程|建设|县|市|区")


class Generator:
    def __init__(self, gaz: Gazetteer, seed: int) -> None:
        self.gaz = gaz
        self.rng = random.Random(seed)
        self.vocab = Vocabulary.from_gazetteer(gaz)
        self.keys: set[str] = set()
        self.amounts: set[tuple[str, float, str]] = set()
        import opencc

        self._s2t = opencc.OpenCC("s2t")

    # -- pieces ------------------------------------------------------------
    def name_key(self, name: str) -> str:
        """The duplicate scorer's name key: counties, punctuation, 项目/工程 removed."""
        key = normalise(name)
        for form in self.vocab.county_forms:
            key = key.replace(form, "")
        return _KEY_NOISE.sub("", key)

    def made_up_place(self) -> str:
        return "".join(self.rng.sample(SYLLABLES, 2)) + self.rng.choice(PLACE_SUFFIX)

    def company(self) -> str:
        return "山西" + "".join(self.rng.sample(SYLLABLES, 2)) + self.rng.choice(COMPANY_TAILS)

    def amount(self, low: float, high: float) -> float:
        value = math.exp(self.rng.uniform(math.log(low), math.log(high)))
        return round(value, 1) if value < 100 else float(round(value))

    def county_prefix(self, county: Any) -> str:
        return county.name if self.rng.random() < 0.82 else self._short(county)

    def investment(self) -> tuple[str, float]:
        wan = self.amount(200, 600000)
        if wan >= 10000 and self.rng.random() < 0.6:
            return f"{round(wan / 10000, 2):g}亿元", round(wan / 10000, 2) * 10000
        return f"{wan:g}万元", wan

    def years(self) -> str:
        start = self.rng.randint(2021, 2026)
        if self.rng.random() < 0.15:
            return f"{start}年"
        end = start + self.rng.randint(1, 4)
        return self.rng.choice(YEAR_STYLES).format(a=start, b=end)

    def content(self, keyword: str, industry: str) -> str:
        others = [w for w in self.vocab.keywords_by_industry[industry] if w != keyword]
        parts = [f"{self.rng.choice(CONTENT_VERBS)}{keyword}{self.rng.choice(['生产线', '项目', '设施', '基地'])}"]
        for template in self.rng.sample(CONTENT_PARTS, self.rng.randint(2, 4)):
            parts.append(self.rng.choice(CONTENT_VERBS) + template.format(
                n=self.rng.randint(2, 900) * 100, m=self.rng.randint(1, 12), k=self.rng.randint(1, 60)))
        if others and self.rng.random() < 0.6:
            parts.append(f"配套{self.rng.choice(others)}相关设施")
        return "，".join(parts)

    @staticmethod
    def quantities_for(keyword: str, kind: str) -> list[tuple[str, str, float, float]]:
        """The size phrases of one unit, the same for every project on this
        keyword (a product is counted in tons, or in units, not both): two
        look-alike projects then differ in amount of the same unit, as real
        ones do, rather than in units nobody would mix up."""
        units = sorted({q[1] for q in QUANTITIES[kind]})
        unit = units[zlib.crc32(keyword.encode("utf-8")) % len(units)]
        return [q for q in QUANTITIES[kind] if q[1] == unit]

    # -- projects ----------------------------------------------------------
    def project(self) -> Project:
        """A new project whose name key and (unit, amount, keyword) are unused."""
        for _ in range(1000):
            county = self.rng.choice(self.vocab.counties)
            keyword, industry, kind = self.rng.choice(self.vocab.subjects)
            phrase, unit, low, high = self.rng.choice(self.quantities_for(keyword, kind))
            n = self.amount(low, high)
            facility = self.rng.choice(FACILITIES[kind])
            place = self.made_up_place() if self.rng.random() < 0.6 else ""
            quantity = phrase.format(n=f"{n:g}")
            tail = self.rng.choices(["项目", "工程", "建设项目"], weights=[75, 15, 10])[0]
            # the size goes first or last, as lists write it
            body = f"{place}{quantity}{keyword}{facility}" if self.rng.random() < 0.5 else f"{place}{keyword}{facility}（{quantity}）"
            name = f"{self.county_prefix(county)}{body}{tail}"
            key = self.name_key(name)
            amount_key = (unit, n, keyword)
            if key in self.keys or amount_key in self.amounts:
                continue
            self.keys.add(key)
            self.amounts.add(amount_key)
            owner = f"{county.name}{self.rng.choice(OWNERS)}" if self.rng.random() < 0.5 else self.company()
            investment, _ = self.investment()
            return Project(name=name, county=county.name if self.rng.random() < 0.9 else self._short(county),
                           content=self.content(keyword, industry), investment=investment, years=self.years(),
                           owner=owner, category=industry, county_name=county.name, quantity=(quantity, n),
                           extra={"keyword": keyword, "facility": facility, "place": place, "tail": tail})
        raise RuntimeError("could not make a unique project name: the vocabulary is too small for this size")

    @staticmethod
    def _short(county: Any) -> str:
        """The county's short form (曲沃 for 曲沃县), unless it is ambiguous (one character)."""
        short = county.data.get("short")
        return short if short and len(short) > 1 and short in county.forms else county.name

    # -- planted duplicates and hard negatives -----------------------------
    def duplicate(self, original: Project) -> tuple[Project, list[str]]:
        """The same project reported by a neighbouring county, in its own words."""
        rng = self.rng
        other = rng.choice(self.vocab.block_members[original.county_name])
        changes: list[str] = []
        name = original.name
        prefix = next((f for f in self.vocab.county_forms if name.startswith(f)), "")
        how = rng.choice(["drop", "move", "keep"])
        if prefix and how == "drop":
            name, changes = name[len(prefix):], ["county dropped"]
        elif prefix and how == "move":
            name, changes = f"{name[len(prefix):]}（{prefix}）", ["county moved"]
        for a, b in NAME_SYNONYMS:
            if a in name and rng.random() < 0.5:
                name = name.replace(a, b, 1)
                changes.append(f"{a}→{b}")
                break
        if name.endswith("项目") and rng.random() < 0.6:
            name = name[:-2] + "工程"
            changes.append("项目→工程")
        elif name.endswith("工程") and rng.random() < 0.6:
            name = name[:-2] + "项目"
            changes.append("工程→项目")
        content = self.paraphrase(original.content)
        changes.append("content paraphrased")
        investment = original.investment
        wan = _wan(investment)
        if wan is not None and rng.random() < 0.7:
            investment = f"{wan:g}万元" if investment.endswith("亿元") else f"{wan / 10000:g}亿元"
            changes.append("亿元↔万元")
        years = original.years
        m = re.findall(r"\d{4}", years)
        if len(m) == 2 and rng.random() < 0.5:
            years = rng.choice(YEAR_STYLES).format(a=m[0], b=m[1])
            changes.append("years rewritten")
        owner = f"{other}{rng.choice(OWNERS)}"
        dup = Project(name=name, county=other, content=content, investment=investment, years=years, owner=owner,
                      category=original.category, county_name=other, quantity=original.quantity)
        if rng.random() < 0.3:
            dup.name, dup.county, dup.content, dup.owner = (self._s2t.convert(x) for x in
                                                             (dup.name, dup.county, dup.content, dup.owner))
            changes.append("traditional characters")
        return dup, changes

    def paraphrase(self, text: str) -> str:
        parts = text.split("，")
        head, rest = parts[0], parts[1:]
        self.rng.shuffle(rest)
        if len(rest) > 2 and self.rng.random() < 0.5:
            rest = rest[:-1]
        out = "，".join([head, *rest])
        for a, b in self.rng.sample(SYNONYMS, 3):
            if a in out:
                out = out.replace(a, b)
            elif b in out:
                out = out.replace(b, a)
        return out

    def hard_negative(self, original: Project) -> tuple[Project, str] | None:
        """A different project that looks like `original` (in a neighbouring county)."""
        rng = self.rng
        other = rng.choice(self.vocab.block_members[original.county_name])
        kind = rng.choice(["phase", "size", "county"])
        name = original.name
        if kind == "size" and original.quantity:
            text, n = original.quantity
            bigger = n * rng.choice([2, 3, 0.5])
            new_text = text.replace(f"{n:g}", f"{bigger:g}")
            name = name.replace(text, new_text)
        elif kind == "phase":
            if "期" in name:
                return None
            original.name = _with_phase(original.name, "一期")
            name = _with_phase(name, "二期")
        else:
            prefix = next((f for f in self.vocab.county_forms if name.startswith(f)), "")
            if not prefix:
                return None
            name = other + name[len(prefix):]
        if name == original.name or self.name_key(name) in self.keys and kind != "county":
            return None
        self.keys.add(self.name_key(name))
        neg = Project(name=name, county=other, content=self.paraphrase(original.content),
                      investment=self.investment()[0], years=self.years(), owner=f"{other}{rng.choice(OWNERS)}",
                      category=original.category, county_name=other)
        return neg, kind


def _with_phase(name: str, phase: str) -> str:
    for tail in ("建设项目", "项目", "工程"):
        if name.endswith(tail):
            return name[: -len(tail)] + phase + tail
    return name + phase


def _wan(text: str) -> float | None:
    m = re.match(r"^(\d+(?:\.\d+)?)(亿元|万元)$", text)
    if not m:
        return None
    return round(float(m.group(1)) * (10000 if m.group(2) == "亿元" else 1), 4)


@dataclass
class Dataset:
    files: list[Path]
    labels: Path
    projects: int
    planted: int
    negatives: int

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["files"] = [str(p) for p in self.files]
        d["labels"] = str(self.labels)
        return d


def generate(size: int, out: Path, seed: int = 7, fmt: str = "mixed", dup_share: float = 0.03,
             neg_share: float = 0.01, gaz: Gazetteer | None = None, progress: Any = None) -> Dataset:
    """Write `size` project rows (planted duplicates and hard negatives included) under `out`."""
    gaz = gaz or load_gazetteer()
    gen = Generator(gaz, seed)
    n_dup = int(round(size * dup_share))
    n_neg = int(round(size * neg_share))
    n_base = size - n_dup - n_neg
    base = []
    for _ in range(n_base):
        base.append(gen.project())
        if progress:
            progress(1)
    rng = gen.rng
    originals = rng.sample(range(n_base), min(n_base, n_dup + n_neg))
    rows: list[Project] = list(base)
    pairs: list[tuple[Project, Project, int, str]] = []
    for i in originals[:n_dup]:
        dup, changes = gen.duplicate(base[i])
        rows.append(dup)
        pairs.append((base[i], dup, 1, ", ".join(changes)))
        if progress:
            progress(1)
    negatives = 0
    for i in originals[n_dup:]:
        made = gen.hard_negative(base[i])
        if made is None:  # fall back to a fresh project so the size stays exact
            rows.append(gen.project())
        else:
            rows.append(made[0])
            pairs.append((base[i], made[0], 0, made[1]))
            negatives += 1
        if progress:
            progress(1)
    rng.shuffle(rows)
    lists = out / "lists"
    lists.mkdir(parents=True, exist_ok=True)
    by_county: dict[str, list[Project]] = defaultdict(list)
    for p in rows:
        by_county[p.county_name].append(p)
    files = []
    for n, county in enumerate(gen.vocab.counties):
        items = by_county.get(county.name, [])
        if not items:
            continue
        code = county.data.get("code", county.id.split(":")[-1])
        kind = fmt if fmt != "mixed" else ("jsonl" if n % 2 == 0 else "csv")
        path = lists / f"projects-{code}.{kind}"
        if kind == "jsonl":
            path.write_text("".join(json.dumps(p.row(), ensure_ascii=False) + "\n" for p in items), encoding="utf-8")
        else:
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(["序号", "项目名称", "建设地点", "建设内容", "总投资", "建设年限", "责任单位", "项目类型"])
                for seq, p in enumerate(items, start=1):
                    writer.writerow([seq, p.name, p.county, p.content, p.investment, p.years, p.owner, p.category])
        files.append(path)
    labels = out / "labels.jsonl"
    with labels.open("w", encoding="utf-8") as fh:
        for a, b, label, what in pairs:
            fh.write(json.dumps({"a": _id(gaz, a), "b": _id(gaz, b), "label": label,
                                 "kind": "planted" if label else "hard_negative", "changes": what,
                                 "a_name": a.name, "b_name": b.name, "a_county": a.county_name,
                                 "b_county": b.county_name}, ensure_ascii=False) + "\n")
    return Dataset(files=files, labels=labels, projects=len(rows), planted=n_dup, negatives=negatives)


def _id(gaz: Gazetteer, p: Project) -> str:
    """The id ingestion gives the project (county code + normalised name)."""
    county = gaz.county(p.county_name)
    return project_id(gaz, county.id if county else None, normalise(p.name))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--format", choices=["jsonl", "csv", "mixed"], default="mixed")
    parser.add_argument("--dup-share", type=float, default=0.03)
    parser.add_argument("--neg-share", type=float, default=0.01)
    args = parser.parse_args(argv)
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("generate", total=args.size)
        ds = generate(args.size, args.out, args.seed, args.format, args.dup_share, args.neg_share,
                      progress=lambda n: bar.advance(task, n))
    print(json.dumps(ds.to_dict(), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
