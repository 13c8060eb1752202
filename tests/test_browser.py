"""The planners' web UI end to end: the real app (bundled corpus, real model)
served by uvicorn on loopback, driven in Debian's headless Chromium through
Playwright. Every request the page makes is checked to stay on loopback.

Screenshots of each page go to docs/screenshots/ (PLANATLAS_SCREENSHOTS_DIR
overrides). Without /usr/bin/chromium (scripts/ensure-chromium.sh installs
it) the browser tests skip, or fail when PLANATLAS_REQUIRE_BROWSER=1."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

import pytest

from tests.conftest import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from search_api.core.service import PlanAtlas as Services

STATIC = ROOT / "search_api" / "http" / "static"
CHROMIUM = Path(os.environ.get("PLANATLAS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(os.environ.get("PLANATLAS_SCREENSHOTS_DIR") or ROOT / "docs" / "screenshots")
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
TIMEOUT_MS = 20_000

JI_PUMPED = "吉县抽水蓄能电站项目"
XIANGNING_PUMPED = "吉乡抽水蓄能电站项目"
HYDROGEN_LINKS = ["焦化/钢铁副产氢", "制氢/提纯", "储运/加氢站", "氢能重卡整车", "应用/物流运输"]


# ---- the no-internet guarantee, checked without a browser -----------------------------------

REMOTE_LOAD = re.compile(
    r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//"""  # <script src="https://…">, <link href="//…">
    r"""|@import\s+(?:url\()?\s*["']?(?:https?:)?//"""  # CSS @import of a remote sheet
    r"""|url\(\s*["']?(?:https?:)?//"""  # CSS url(https://…)
    r"""|\bfrom\s+["'](?:https?:)?//"""  # import x from "https://…"
    r"""|\bimport\s*\(\s*["'](?:https?:)?//"""  # import("https://…")
    r"""|fetch\(\s*["'](?:https?:)?//""",  # fetch("https://…")
    re.IGNORECASE)


def test_static_files_load_nothing_remote() -> None:
    """No CDN anywhere: no file under static/ (vendored libraries included)
    loads a script, style, font or module from another host; our own files
    name no remote URL at all; the vendored libraries keep their licences."""
    files = [p for p in STATIC.rglob("*") if p.is_file() and p.suffix in {".html", ".js", ".css", ".svg"}]
    assert any(p.name == "index.html" for p in files) and len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not REMOTE_LOAD.search(text), f"{path} loads something from another host"
        if "vendor" not in path.parts:
            remote = re.findall(r"https?://[^\s\"'<>)]+", text)
            assert remote in ([], ["http://www.w3.org/2000/svg"]), f"{path} names remote URLs: {remote}"
    vendor = STATIC / "vendor"
    for lib in ("cytoscape", "cytoscape-dagre"):
        assert (vendor / lib / "LICENSE").read_text().strip(), f"licence of {lib} missing"
    assert (vendor / "cytoscape-dagre" / "LICENSE.dagre").exists()
    index = (STATIC / "index.html").read_text(encoding="utf-8")
    assert 'src="js/app.js"' in index and "innerHTML" not in "".join(
        p.read_text(encoding="utf-8") for p in (STATIC / "js").rglob("*.js"))


# ---- fixtures -------------------------------------------------------------------------------


def _browser_unavailable(reason: str) -> None:
    message = f"browser tests need {reason}: run scripts/ensure-chromium.sh (and `make setup` for playwright)"
    if os.environ.get("PLANATLAS_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def serve_app(app: Any, name: str) -> Iterator[str]:
    """Serve `app` with uvicorn on a free loopback port, in a thread; yields its base URL."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name=name)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the UI server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


@pytest.fixture(scope="module")
def base_url(corpus_services: Services) -> Iterator[str]:
    """The real app over the bundled corpus, on a free loopback port, in a thread."""
    from search_api.http.app import create_app

    with serve_app(create_app(service=corpus_services), "ui-server") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        _browser_unavailable(f"Debian's Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_unavailable("the Python package playwright")
    with sync_playwright() as p:
        # Playwright never downloads a browser here: it drives Debian's.
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class UI:
    """A page on the app, with a record of every request it made and every
    request that would have left the machine (blocked and recorded)."""

    page: Page
    base: str
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, fragment: str) -> None:
        self.page.goto(f"{self.base}/{fragment}")
        self.ready()

    def ready(self, after: int = 0) -> None:
        """Wait until a route rendered after generation `after` is done (or failed: then fail here)."""
        self.page.wait_for_function(
            "after => { const p = document.querySelector('#app > .page');"
            " return p && p.dataset.ready === 'true' && +p.dataset.gen > after; }", arg=after, timeout=TIMEOUT_MS)
        errors = self.page.locator("#app .error")
        assert errors.count() == 0, errors.first.text_content()

    def generation(self) -> int:
        return int(self.page.evaluate("() => +(document.querySelector('#app > .page')?.dataset.gen || 0)"))

    @contextmanager
    def next_page(self) -> Iterator[None]:
        """Around an action that changes the route: wait for the new page to render."""
        before = self.generation()
        yield
        self.ready(after=before)

    def shot(self, name: str, full_page: bool = True) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / name
        self.page.screenshot(path=str(path), full_page=full_page)
        assert path.stat().st_size > 10_000
        return path

    def assert_clean(self) -> None:
        assert self.requests, "the page made no requests at all"
        assert self.blocked == [], f"requests to other hosts were attempted: {self.blocked}"
        assert all(urlsplit(u).hostname in LOOPBACK for u in self.requests if u.startswith("http"))
        assert self.errors == [], f"errors in the page: {self.errors}"


@pytest.fixture
def ui(browser: Browser, base_url: str) -> Iterator[UI]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    ui = UI(page, base_url)

    def guard(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).hostname not in LOOPBACK:
            ui.blocked.append(url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", guard)
    page.on("request", lambda r: ui.requests.append(r.url))
    page.on("pageerror", lambda e: ui.errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: ui.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    try:
        yield ui
        ui.assert_clean()
    finally:
        context.close()


def _texts(locator: Any) -> list[str]:
    return [t.strip() for t in locator.all_text_contents()]


# ---- pages ----------------------------------------------------------------------------------


@pytest.mark.browser
def test_search_results_badges_reasons_and_filters(ui: UI) -> None:
    from playwright.sync_api import expect

    ui.open("#/search")
    # Filter options come from the API.
    assert ui.page.locator("#f-county option").count() == 18  # 17 counties and “全部县区”
    assert sorted(_texts(ui.page.locator("#f-block option"))[1:]) == sorted(["沿汾", "沿黄", "沿太岳"])
    assert ui.page.locator("#f-task option").count() == 11
    assert "晋南钢铁—大运汽车氢能产业链" in _texts(ui.page.locator("#f-chain option"))
    assert ui.page.locator("#f-industry option").count() > 5

    ui.page.fill("#q", "吉县抽水蓄能")
    with ui.next_page():
        ui.page.press("#q", "Enter")
    first = ui.page.locator(".result").first
    expect(first.locator(".result-name")).to_have_text(JI_PUMPED)
    expect(first.locator(".badge-county")).to_have_text("吉县")
    expect(first.locator(".badge-block")).to_have_text("沿黄板块")
    expect(first.locator(".badge-task")).to_contain_text("聚焦能源保供")
    expect(first.locator(".badge-chain")).to_have_text("光伏/风电—储能产业链")
    why = first.locator(".why")
    for text in ("命中原因", "匹配词", "抽水蓄能", "同县区 吉县", "同板块 沿黄", "同产业链", "向量相似度 0.9"):
        expect(why).to_contain_text(text)
    second = ui.page.locator(".result").nth(1)
    expect(second.locator(".result-name")).to_have_text(XIANGNING_PUMPED)
    expect(second.locator(".badge-county")).to_have_text("乡宁县")
    assert "q=" in ui.page.url and ui.page.locator(".result").count() >= 5
    ui.shot("search.png", full_page=False)

    # A filter narrows the results to that county, and says so.
    with ui.next_page():
        ui.page.select_option("#f-county", "乡宁县")
    assert "county=" in ui.page.url
    expect(ui.page.locator(".summary")).to_contain_text("筛选：乡宁县")
    results = ui.page.locator(".result")
    assert results.count() >= 3
    for i in range(results.count()):
        # in 乡宁县, or a project shared with it (吉县's pumped storage is located in both)
        badges = _texts(results.nth(i).locator(".badge-county, .badge-county-also"))
        assert "乡宁县" in badges or "亦位于 乡宁县" in badges, badges
    expect(results.first.locator(".badge-county-also")).to_have_text("亦位于 乡宁县")


@pytest.mark.browser
def test_project_page_details_sources_similar_and_duplicate_warning(ui: UI) -> None:
    from playwright.sync_api import expect

    ui.open("#/search?q=" + quote("吉县抽水蓄能"))
    with ui.next_page():
        ui.page.locator(".result-name", has_text=JI_PUMPED).first.click()
    assert "#/project/" in ui.page.url
    page = ui.page
    expect(page.locator("h1")).to_have_text(JI_PUMPED)

    warning = page.locator("#duplicate-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("疑似重复")
    expect(warning.locator(".dup-name")).to_have_text([XIANGNING_PUMPED])
    expect(warning).to_contain_text("乡宁县")
    expect(warning).to_contain_text("重复得分 0.886")
    expect(warning).to_contain_text("投资额相同是")

    facts = page.locator("dl.facts")
    for text in ("860,000 万元（86 亿元）", "2024-2030", "吉县发展和改革局", "装机容量140万千瓦",
                 "（八） 聚焦能源保供，建设综合能源基地", "来源：项目表", "抽水蓄能", "储能", "沿黄板块",
                 "地点依据", "本行县区列"):
        expect(facts).to_contain_text(text)

    sources = page.locator(".source")
    expect(sources.first).to_contain_text("全市2023年“双城”建设项目谋划指导意见")
    expect(page.locator(".sources")).to_contain_text("谋划洪洞县、安泽县、吉县等抽水蓄能电站项目")
    expect(page.locator(".sources")).to_contain_text("第 67 行")

    similar = page.locator("#similar .result")
    expect(similar.first.locator(".result-name")).to_have_text(XIANGNING_PUMPED)
    expect(similar.first.locator(".badge-warn")).to_have_text("疑似重复")
    assert similar.count() >= 5
    ui.shot("project.png")

    # The warning links to the other county's project, which warns back.
    with ui.next_page():
        warning.locator(".dup-name").click()
    expect(page.locator("h1")).to_have_text(XIANGNING_PUMPED)
    expect(page.locator("#duplicate-warning .dup-name")).to_contain_text([JI_PUMPED])


@pytest.mark.browser
def test_duplicates_side_by_side_sortable_with_min_score(ui: UI) -> None:
    from playwright.sync_api import expect

    ui.open("#/duplicates")
    page = ui.page
    rows = page.locator("tr.pair")
    expect(rows.first).to_be_visible()
    total = rows.count()
    assert total >= 3

    def scores() -> list[float]:
        return [float(s) for s in rows.evaluate_all("rs => rs.map(r => r.dataset.score)")]

    assert scores() == sorted(scores(), reverse=True)
    for i in range(total):
        a, b = _texts(rows.nth(i).locator(".pair-side .badge-county"))
        assert a != b, "pairs are across counties"
    first = rows.first
    expect(first).to_contain_text(JI_PUMPED)
    expect(first).to_contain_text(XIANGNING_PUMPED)
    expect(first).to_contain_text("投资额相同是")
    ui.shot("duplicates.png")

    header = page.locator("th[data-sort=score]")
    header.locator("button").click()
    expect(page.locator("th[data-sort=score]")).to_have_attribute("aria-sort", "ascending")
    assert scores() == sorted(scores())
    page.locator("th[data-sort=score] button").click()
    expect(page.locator("th[data-sort=score]")).to_have_attribute("aria-sort", "descending")
    assert scores() == sorted(scores(), reverse=True)
    page.locator("th[data-sort=name] button").click()  # another column sorts too
    expect(page.locator("th[data-sort=score]")).to_have_attribute("aria-sort", "none")

    page.fill("#min-score-number", "0.75")
    page.dispatch_event("#min-score-number", "change")
    expect(page.locator("#dup-summary")).to_contain_text("得分 ≥ 0.75")
    page.wait_for_function("() => [...document.querySelectorAll('tr.pair')].every(r => +r.dataset.score >= 0.75)")
    assert 0 < rows.count() < total and min(scores()) >= 0.75
    assert "min=0.75" in page.url


@pytest.mark.browser
def test_county_page_tasks_projects_and_partner_paths(ui: UI) -> None:
    from playwright.sync_api import expect

    ui.open("#/county")
    page = ui.page
    expect(page.locator(".tile")).to_have_count(17)
    with ui.next_page():
        page.locator(".tile", has_text="吉县").click()
    expect(page.locator("h1")).to_have_text("吉县")
    expect(page.locator(".page-head .badge-block")).to_have_text("沿黄板块")
    expect(page.locator(".tasks")).to_contain_text("聚焦能源保供，建设综合能源基地")
    expect(page.locator("table.projects")).to_contain_text(JI_PUMPED)
    partners = page.locator(".partner")
    assert partners.count() >= 3
    first = partners.first
    expect(first.locator(".partner-name")).not_to_be_empty()
    expect(first.locator(".badge-reason").first).to_be_visible()
    path = first.locator("details .path").first
    expect(path).to_be_visible()  # the first partner's reasons are open
    nodes = _texts(path.locator(".path-node"))
    assert nodes[0] == "吉县" and len(nodes) >= 3
    expect(path.locator(".path-rel").first).to_contain_text("位于")
    ui.shot("county.png")


@pytest.mark.browser
def test_map_colours_counties_outlines_blocks_and_links_to_county_pages(ui: UI) -> None:
    from playwright.sync_api import expect

    ui.open("#/map")
    page = ui.page
    shapes = page.locator("svg.home-map .county-shape")
    expect(shapes).to_have_count(17)
    assert page.locator("svg.home-map .block-outline").count() >= 14  # every block member outlined
    expect(page.locator(".legend-blocks li")).to_have_count(3)
    by_count = {page.locator("svg.home-map a").nth(i).get_attribute("data-county"):
                shapes.nth(i).get_attribute("fill") for i in range(17)}
    assert len(set(by_count.values())) >= 3  # coloured by project count, not all alike
    page.locator("button[data-measure=investment]").click()
    expect(page.locator("button[data-measure=investment]")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".map-legend b").first).to_have_text("总投资")
    ui.shot("map.png")
    with ui.next_page():
        page.locator("svg.home-map a[data-county='侯马市']").click(force=True)
    expect(page.locator("h1")).to_have_text("侯马市")
    neighbours = _texts(page.locator(".neighbours a"))
    assert {"曲沃县", "襄汾县", "新绛县", "闻喜县"} <= set(neighbours)


@pytest.mark.browser
def test_block_page_members_lead_and_joint_candidates(ui: UI) -> None:
    from playwright.sync_api import expect

    ui.open("#/block")
    page = ui.page
    expect(page.locator(".tile")).to_have_count(3)
    with ui.next_page():
        page.locator(".tile", has_text="沿黄板块").click()
    expect(page.locator("h1")).to_have_text("沿黄板块")
    expect(page.locator(".members .badge-county")).to_have_count(7)
    lead = page.locator(".rotation li.lead")
    expect(lead).to_have_count(1)
    # The lead rotates yearly from the block's rotation_start (2023: 吉县); the page shows this year's.
    year = date.today().year
    rotation = ["吉县", "乡宁县", "大宁县", "隰县", "永和县", "蒲县", "汾西县"]
    expect(lead).to_contain_text(rotation[(year - 2023) % len(rotation)])
    expect(lead).to_contain_text(f"{year}年牵头")
    joint = page.locator(".joint-item")
    assert joint.count() >= 1
    expect(joint.first.locator(".joint-projects a").first).to_be_visible()
    assert len(set(_texts(joint.first.locator(".joint-head .badge-county")))) >= 2
    expect(page.locator("table.projects")).to_contain_text(XIANGNING_PUMPED)
    ui.shot("block.png")


@pytest.mark.browser
def test_chain_page_drawing_gaps_partners_and_opportunities(ui: UI) -> None:
    from playwright.sync_api import expect

    ui.open("#/chain/" + quote("chain:hydrogen", safe=""))
    page = ui.page
    expect(page.locator("h1")).to_have_text("晋南钢铁—大运汽车氢能产业链")
    graph = page.locator("#chain-graph")
    expect(graph).to_have_attribute("data-rendered", "true")
    box = graph.locator("canvas").first.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 300
    drawn = page.evaluate("""() => {
        const cy = window.PlanAtlas.cy;
        const links = cy.nodes('.link').sort((a, b) => a.position('x') - b.position('x'));
        const gap = cy.nodes('.gap');
        return {
            links: links.map(n => n.data('name')),
            gaps: gap.map(n => n.data('name')),
            gapBorder: gap.map(n => [n.style('border-style'), n.style('border-color'), n.data('text')]),
            projects: cy.nodes('.project').length,
            enterprises: cy.nodes('.enterprise').map(n => n.data('name')),
            partners: cy.nodes('.partner').map(n => n.data('text')),
            flow: cy.edges('.flow').length,
        };
    }""")
    assert drawn["links"] == HYDROGEN_LINKS  # upstream → downstream, left to right
    assert drawn["gaps"] == ["应用/物流运输"]
    style, colour, text = drawn["gapBorder"][0]
    assert style == "dashed" and colour == "rgb(198,40,40)" and "缺口" in text
    assert drawn["projects"] >= 12 and drawn["flow"] == 4
    assert {"晋南钢铁", "大运汽车"} <= set(drawn["enterprises"])
    assert drawn["partners"] == ["合作伙伴 运城市"]

    expect(page.locator("#gap-links")).to_contain_text("应用/物流运输")
    expect(page.locator("tr[data-link='应用/物流运输']")).to_contain_text("缺口")
    expect(page.locator("#chain-partners")).to_contain_text("运城市")
    expect(page.locator("#chain-partners")).to_contain_text("大运汽车")
    owner = page.locator("tr[data-link='制氢/提纯'] .link-enterprise").filter(has_text="晋南钢铁").locator(".role")
    expect(owner.first).to_contain_text("业主：")  # from the lists' 责任单位 column
    assert any("晋南钢铁焦炉煤气制氢" in t for t in _texts(owner.locator("a")))

    with ui.next_page():
        page.select_option("#chain-county", "侯马市")
    assert "county=" in page.url
    opportunities = page.locator("#opportunities li")
    assert opportunities.count() >= 1
    expect(opportunities.first).to_contain_text("制氢/提纯")
    expect(opportunities.first).to_contain_text("侯马市氢能重卡加氢站项目")
    assert _texts(opportunities.first.locator(".path-node"))[0] == "侯马市"
    highlighted = page.evaluate("""() => ({
        opportunity: window.PlanAtlas.cy.nodes('.link.opportunity').map(n => n.data('name')),
        own: window.PlanAtlas.cy.nodes('.project.own').length })""")
    assert highlighted["opportunity"] == ["制氢/提纯"] and highlighted["own"] >= 1
    ui.shot("chain.png")

    # An owner's project opens on its page, which names the company and its role.
    with ui.next_page():
        page.locator("tr[data-link='制氢/提纯'] .role a").first.click()
    expect(page.locator("#project-parties")).to_contain_text("业主：晋南钢铁（曲沃县）")


@pytest.mark.browser
def test_graph_view_click_recentres(ui: UI) -> None:
    from playwright.sync_api import expect

    ui.open("#/graph?id=" + quote("county:141028", safe="") + "&depth=1")
    page = ui.page
    graph = page.locator("#graph")
    expect(graph).to_have_attribute("data-root", "county:141028")
    expect(page.locator("#graph-root-name")).to_have_text("吉县")
    assert int(graph.get_attribute("data-nodes") or 0) >= 10
    assert graph.locator("canvas").count() >= 1
    ui.shot("graph.png", full_page=False)

    target = page.evaluate("""() => {
        const n = window.PlanAtlas.cy.getElementById('block:yanhuang');
        return n.empty() ? null : n.renderedPosition();
    }""")
    assert target, "the block node is in the county's neighbourhood"
    box = graph.bounding_box()
    assert box
    with ui.next_page():
        page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    assert quote("block:yanhuang", safe="") in page.url
    expect(page.locator("#graph")).to_have_attribute("data-root", "block:yanhuang")
    expect(page.locator("#graph-root-name")).to_have_text("沿黄")
    members = page.evaluate("() => window.PlanAtlas.cy.nodes('[label = \"County\"]').map(n => n.data('name'))")
    assert "吉县" in members and len(members) >= 7


@pytest.mark.browser
def test_project_page_lists_values_its_rows_disagree_on(browser: Browser, tmp_path: Path) -> None:
    """Issue 17, finding 3: a list repeating a project with two owners shows both on the page, each with
    its row, instead of silently the later one."""
    from playwright.sync_api import expect

    from graph.factory import make_store
    from ontology import load_gazetteer
    from search_api.core.config import load_scoring
    from search_api.core.service import PlanAtlas
    from search_api.http.app import create_app

    path = tmp_path / "光伏.csv"
    path.write_text("项目名称,建设地点,建设内容及规模,总投资（亿元）,责任单位\n"
                    "吉县光伏电站建设项目,吉县车城乡,2万千瓦,1.2,吉县能源局\n"
                    "吉县光伏电站建设项目,吉县车城乡,2万千瓦,1.2,吉县发改局\n", encoding="utf-8")
    with make_store("sqlite", home=tmp_path / "home") as store, \
            PlanAtlas(store, load_gazetteer(), embedding_model=None, scoring=load_scoring(None),
                      max_file_bytes=1 << 20) as service:
        service.ingest([path])
        [project] = service.projects().data
        with serve_app(create_app(service=service), "conflict-ui") as url:
            page = browser.new_page()
            try:
                page.goto(f"{url}/#/project/{quote(project.id, safe='')}")
                box = page.locator("#value-conflicts")
                expect(box).to_contain_text("业主单位：吉县能源局（光伏 第 2 行） / 吉县发改局（光伏 第 3 行）",
                                            timeout=TIMEOUT_MS)
            finally:
                page.close()
