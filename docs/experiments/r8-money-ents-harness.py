"""r8-money-ents helper (from r7's): fold models cached once; rules re-scored fast; `diag` classifies errors.
build: A = leave-one-text-out enterprise CRF, 8-fold project CRF + judge fit on other A texts;
       B = models trained on A only.  eval: per-doc investments/enterprises on A (errors), totals on B."""
import json, sys, logging
from pathlib import Path
from ingest import project_phrases, enterprises as ent
from ingest.extract import extractor_for
from ingest.span_tagger import SpanTagger
from ingest.name_judge import load_judge
from ingest.reader import front_matter
from ingest.standard_industry import StandardIndustryClassifier, annotate_projects
from ontology import load_gazetteer
from search_api.tools.train_spans import examples, pairs, train, dev_stems
from search_api.tools import train_judge as tj
from search_api.core import extraction_eval as ee

FOLDER = Path("tests/data/real")
C = Path("/tmp/r8me/cache")
A = dev_stems(FOLDER, ("dev", "dev2", "dev3", "dev4", "dev5"))
B = dev_stems(FOLDER, ("dev6", "dev7", "dev8"))

def build():
    gaz = load_gazetteer(); ex = extractor_for(gaz); ind = StandardIndustryClassifier()
    (C / "A").mkdir(parents=True, exist_ok=True); (C / "B").mkdir(parents=True, exist_ok=True)
    edata = examples(FOLDER, A, ex, "enterprises")
    for s in A:
        train(pairs(edata, s), C / "A" / f"{s}.ent.crfsuite")
    train(pairs(edata), C / "B" / "ent.crfsuite")
    pdata = examples(FOLDER, A, ex, "projects")
    train(pairs(pdata), C / "B" / "proj.crfsuite")
    tmp = C / "folds"; tmp.mkdir(exist_ok=True)
    texts = tj.candidate_rows(FOLDER, A, tmp, gaz, ex, ind)
    for held in texts:
        others = [t for t in texts if t.stem != held.stem]
        tj.fit(others, tj.L2, tj.THRESHOLD, tj.RULE_THRESHOLD).save(C / "A" / f"{held.stem}.judge.json", {})
        (C / "A" / f"{held.stem}.proj").write_text(str(held.crf))
    tj.fit(texts, tj.L2, tj.THRESHOLD, tj.RULE_THRESHOLD).save(C / "B" / "judge.json", {})

def doc(stem, gaz, ex, ind):
    header, body = front_matter((FOLDER / f"{stem}.md").read_text(encoding="utf-8"))
    key = json.loads((FOLDER / f"{stem}.answers.json").read_text(encoding="utf-8"))
    title = header.get("title", "")
    batch = ee.policy_batch(f"doc:{stem}", body, {"path": stem, **({"title": title} if title else {})}, gaz, ex, tagger=tj.NER)
    found = ee._found(batch, body, gaz, ex)
    exp = key.get("projects", [])
    free = list(range(len(found.projects))); pairs_ = []
    for item in exp:
        want = ee.name_key(item["name"], ex)
        hit = next((i for i in free if ee.name_key(found.projects[i]["name"], ex) == want), None)
        if hit is not None:
            free.remove(hit); pairs_.append((item, found.projects[hit]))
    want_money = [p for p in exp if p.get("investment_wan") is not None]
    got_money = [p for p in found.projects if p.get("investment_wan") is not None]
    right = [(k, f) for k, f in pairs_ if ee._same_money(k.get("investment_wan"), f.get("investment_wan"))]
    matched = {id(f) for k, f in pairs_}
    kmatch = {id(k): f for k, f in pairs_}
    miss_money = [(k["name"], k["investment_wan"], (kmatch[id(k)]["investment_wan"] if id(k) in kmatch else "NONAME")) for k in want_money if not any(k is r[0] for r in right)]
    spur_money = [(f["name"], f["investment_wan"]) for f in got_money if not any(f is r[1] for r in right)]
    orgs = [{e["name"], *e.get("aliases", [])} for e in key.get("enterprises", [])]
    hits = sum(1 for o in orgs if any(ee._same_org(o, f) for f in found.enterprises))
    oright = sum(1 for f in found.enterprises if any(ee._same_org(o, f) for o in orgs))
    miss_org = [e["name"] for e, o in zip(key.get("enterprises", []), orgs) if not any(ee._same_org(o, f) for f in found.enterprises)]
    spur_org = [sorted(f) for f in found.enterprises if not any(ee._same_org(o, f) for o in orgs)]
    inv_kinds = money_kinds(exp, found.projects, pairs_, ex)
    org_kinds = org_spurious_kinds(spur_org, key.get("enterprises", []), ex)
    return dict(stem=stem, inv_kinds=inv_kinds, org_kinds=org_kinds, inv=[len(right), len(got_money), len(want_money)], ent=[oright, len(found.enterprises), hits, len(orgs)],
                miss_money=miss_money, spur_money=spur_money, miss_org=miss_org, spur_org=spur_org,
                proj=[len(pairs_), len(found.projects), len(exp)])

def _ratio_is_unit(a, b):
    import math
    r = max(a, b) / max(min(a, b), 1e-9)
    return abs(math.log10(r) - round(math.log10(r))) < 0.01 and round(math.log10(r)) >= 1


def money_kinds(exp, projects, pairs_, ex):
    """Investment errors by kind: (i) key project not matched by name, (ii) matched, no sum,
    (iii) matched, wrong sum (sub-kind), (iv) a sum on an extracted project the key does not have
    (sub-kind: a cut/merged form of a key name, or no key name at all)."""
    out = []
    kmatch = {id(k): f for k, f in pairs_}
    fmatched = {id(f) for _, f in pairs_}
    key_sums = [p.get("investment_wan") for p in exp if p.get("investment_wan") is not None]
    for k in exp:
        want = k.get("investment_wan")
        f = kmatch.get(id(k))
        if want is None:
            if f is not None and f.get("investment_wan") is not None:
                out.append(("iii", "sum where key has none", k["name"], None, f["investment_wan"]))
            continue
        if f is None:
            out.append(("i", "no name match", k["name"], want, None))
            continue
        got = f.get("investment_wan")
        if got is None:
            out.append(("ii", "no sum", k["name"], want, None))
        elif not ee._same_money(want, got):
            if _ratio_is_unit(want, got):
                sub = "unit"
            elif any(ee._same_money(o, got) for o in key_sums):
                sub = "another project's sum"
            elif got > want:
                sub = "larger (batch/total?)"
            else:
                sub = "smaller (part/other)"
            out.append(("iii", sub, k["name"], want, got))
    keys = [ee.name_key(k["name"], ex) for k in exp]
    for f in projects:
        if f.get("investment_wan") is None or id(f) in fmatched:
            continue
        fk = ee.name_key(f["name"], ex)
        near = any(len(fk) >= 2 and (fk in k or k in fk) for k in keys if k)
        out.append(("iv", "cut/merged form of a key name" if near else "not a key project", f["name"], None,
                    f["investment_wan"]))
    return out


_PARK = __import__("re").compile(r"园|园区|开发区|新区|基地|小镇|新城|示范区|集聚区")
_GOV = __import__("re").compile(r"政府|局|委|厅|办|部|中心|所|院|站|处|会")


def org_spurious_kinds(spur, key_orgs, ex):
    """Spurious enterprises by kind, by their forms: a piece of a key company, several key companies in
    one, a park or zone, a government body, a place, or other."""
    kforms = [{ee._org_key(x) for x in (e["name"], *e.get("aliases", []))} for e in key_orgs]
    out = []
    for forms in spur:
        ks = {ee._org_key(x) for x in forms}
        name = forms[0] if forms else ""
        inside = [i for i, kf in enumerate(kforms) if any(len(a) >= 2 and (a in b or b in a) for a in ks for b in kf)]
        if len(inside) >= 2:
            kind = "merged names"
        elif inside:
            kind = "cut/variant of a key name"
        elif any(_PARK.search(x) for x in forms):
            kind = "park/zone"
        elif any(_GOV.search(x) for x in forms):
            kind = "government/institution"
        elif any(m.start == 0 and m.end == len(x) for x in forms for m in ex.find(x)):
            kind = "place"
        else:
            kind = "other"
        out.append((kind, sorted(forms)))
    return out


def diag(path):
    """Counts of the error kinds in a part's per-text results (A prints the items too)."""
    from collections import Counter
    docs = json.load(open(path))
    inv, org = Counter(), Counter()
    for d in docs:
        for kind, sub, *rest in d["inv_kinds"]:
            inv[(kind, sub)] += 1
        for kind, _ in d["org_kinds"]:
            org[kind] += 1
        org["missed"] += len(d["miss_org"])
    for k, v in sorted(inv.items()):
        print("inv", k, v)
    for k, v in sorted(org.items()):
        print("ent", k, v)


def tot(docs):
    inv = [sum(d["inv"][i] for d in docs) for i in range(3)]
    en = [sum(d["ent"][i] for d in docs) for i in range(4)]
    pr = [sum(d["proj"][i] for d in docs) for i in range(3)]
    f = lambda a, b: round(a / max(b, 1), 3)
    return (f"inv P/R {f(inv[0],inv[1])}/{f(inv[0],inv[2])} ({inv[0]}/{inv[1]},{inv[0]}/{inv[2]})  "
            f"ent P/R {f(en[0],en[1])}/{f(en[2],en[3])} ({en[0]}/{en[1]},{en[2]}/{en[3]})  proj {pr}")

def ablate():
    import os, re
    a = os.environ.get("ABLATE", "")
    if os.environ.get("THR"):
        ent.ORG_TAGGER_MIN_SCORE = float(os.environ["THR"])
    for name in filter(None, a.split(",")):
        if name == "investor":
            ent._INVESTOR_IN_NAME = re.compile(r"(?!x)x(x)")
        elif name == "lac":
            import ingest.policy as P
            P.organisations = lambda words: []
        elif name.startswith("q."):
            import ingest.quantities as Q
            setattr(Q, name[2:], lambda *a, **k: None)
        elif name.startswith("p."):
            import ingest.policy as P
            setattr(P, name[2:], lambda *a, **k: None)
        elif name == "crf":
            ent.ORG_TAGGER_ON = False
        else:
            setattr(ent, name, lambda *a, **k: [])

def evaluate(part, out):
    logging.disable(logging.INFO)
    ablate()
    gaz = load_gazetteer(); ex = extractor_for(gaz); ind = StandardIndustryClassifier()
    docs = []
    if part == "A":
        for s in A:
            project_phrases.SPAN_TAGGER = SpanTagger(Path((C / "A" / f"{s}.proj").read_text()))
            project_phrases.NAME_JUDGE = load_judge(C / "A" / f"{s}.judge.json")
            ent.ORG_SPAN_TAGGER = SpanTagger(C / "A" / f"{s}.ent.crfsuite")
            docs.append(doc(s, gaz, ex, ind))
    elif part in ("Aship", "Bship"):  # the shipped models (in-sample: they were trained on A and B), B totals only
        docs = [doc(s, gaz, ex, ind) for s in (A if part == "Aship" else B)]
    else:
        project_phrases.SPAN_TAGGER = SpanTagger(C / "B" / "proj.crfsuite")
        project_phrases.NAME_JUDGE = load_judge(C / "B" / "judge.json")
        ent.ORG_SPAN_TAGGER = SpanTagger(C / "B" / "ent.crfsuite")
        docs = [doc(s, gaz, ex, ind) for s in B]
    if part in ("A", "Aship"):
        json.dump(docs, open(out, "w"), ensure_ascii=False, indent=1)
    elif out != "/dev/null":  # B: only the counts by kind are written (no per-text lines)
        strip = [{"inv_kinds": [k[:2] for k in d["inv_kinds"]], "org_kinds": [[k, []] for k, _ in d["org_kinds"]],
                  "miss_org": [None] * len(d["miss_org"])} for d in docs]
        json.dump(strip, open(out, "w"))
    print(part, tot(docs))

def show(stem):
    logging.disable(logging.INFO)
    gaz = load_gazetteer(); ex = extractor_for(gaz)
    project_phrases.SPAN_TAGGER = SpanTagger(Path((C / "A" / f"{stem}.proj").read_text()))
    project_phrases.NAME_JUDGE = load_judge(C / "A" / f"{stem}.judge.json")
    ent.ORG_SPAN_TAGGER = SpanTagger(C / "A" / f"{stem}.ent.crfsuite")
    header, body = front_matter((FOLDER / f"{stem}.md").read_text(encoding="utf-8"))
    key = json.loads((FOLDER / f"{stem}.answers.json").read_text(encoding="utf-8"))
    batch = ee.policy_batch(f"doc:{stem}", body, {"path": stem, "title": header.get("title", "")}, gaz, ex, tagger=tj.NER)
    found = ee._found(batch, body, gaz, ex)
    print("FOUND ORGS", [sorted(f) for f in found.enterprises])
    print("KEY ORGS", [(e["name"], e.get("aliases", [])) for e in key.get("enterprises", [])])
    print("FOUND PROJ", [(p["name"], p["investment_wan"]) for p in found.projects])
    print("KEY PROJ", [(p["name"], p.get("investment_wan")) for p in key.get("projects", [])])

def probe(stem, needle):
    """One A sentence holding `needle`: its project phrases, LAC words and enterprises (A only)."""
    logging.disable(logging.INFO)
    from ingest.structure import parse_structure
    from ingest.ner import organisations
    gaz = load_gazetteer(); ex = extractor_for(gaz)
    project_phrases.SPAN_TAGGER = SpanTagger(Path((C / "A" / f"{stem}.proj").read_text()))
    project_phrases.NAME_JUDGE = load_judge(C / "A" / f"{stem}.judge.json")
    ent.ORG_SPAN_TAGGER = SpanTagger(C / "A" / f"{stem}.ent.crfsuite")
    _, body = front_matter((FOLDER / f"{stem}.md").read_text(encoding="utf-8"))
    parsed = parse_structure(body)
    sents = [*parsed.preamble, *(s for top in parsed.sections for sub in top.walk() for s in [sub.title_sentence, *sub.sentences])]
    for s in sents:
        if needle not in s.text:
            continue
        t = s.text
        words = tj.NER.tokens([t])[0]
        mentions = ex.find(t)
        phrases = project_phrases.find_project_phrases(t, mentions, gaz, words)
        print("SENT", t)
        print("PHRASES", [(p.name, t[p.start:p.end], p.investment_wan) for p in phrases])
        i = t.index(needle)
        print("WORDS", [(t[w.start:w.end], w.tag) for w in words if w.end > i - 15 and w.start < i + 25])
        print("JIEBA", [w for w, a, b in ex.tokens(t) if b > i - 10 and a < i + 15])
        print("ORGS", [t[a:b] for a, b in organisations(words)], "TAGGED", [t[a:b] for a, b in ent.tagged_organisations(t, words, mentions)])
        spans = [(p.start, p.end) for p in phrases]
        print("ENTS", [e.name for e in ent.find_enterprises(t, organisations(words), mentions, spans, words, ex.tokens(t) if phrases else [], ent.tagged_organisations(t, words, mentions))])


if __name__ == "__main__":
    if sys.argv[1] == "probe":
        probe(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "diag":
        diag(sys.argv[2])
    elif sys.argv[1] == "show":
        show(sys.argv[2])
    elif sys.argv[1] == "build":
        build()
    else:
        evaluate(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "/dev/null")
