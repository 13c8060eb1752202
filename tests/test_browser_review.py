"""The planner's working loop in real headless Chromium: upload a county list
with a bad row and see its warning; review three pairs from the keyboard
(confirm, reject, later), reload, decisions kept; merge and undo; download
the duplicate report and a county's list as .xlsx and read them back with
openpyxl. The app runs on a fresh store (gazetteer only) with the real model
and an API token, so these writes never touch the shared corpus.

Screenshots: docs/screenshots/upload-summary.png and review.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pydantic import SecretStr

from search_api.core.embeddings import Embedder
from search_api.core.service import PlanAtlas
from tests import test_browser
from tests.review_data import BAD_ROW, ROWS, write_list
from tests.test_browser import UI, serve_app
from tests.test_review import open_service

TOKEN = "browser-review-token"
browser = test_browser.browser  # the fixtures: Debian's Chromium, and a guarded page on `base_url` below
ui = test_browser.ui
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def review_service(tmp_path_factory: pytest.TempPathFactory, model_path: str,
                   embedder: Embedder) -> Iterator[PlanAtlas]:
    svc = open_service(tmp_path_factory.mktemp("review-ui"), model_path, embedder)
    yield svc
    svc.close()


@pytest.fixture(scope="module")
def list_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_list(tmp_path_factory.mktemp("lists"))


@pytest.fixture(scope="module")
def base_url(review_service: PlanAtlas, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with a token, on a free loopback port (overrides test_browser's corpus app)."""
    from search_api.http.app import create_app
    from search_api.settings import Settings

    settings = Settings(home=tmp_path_factory.mktemp("unused"), api_token=SecretStr(TOKEN))
    with serve_app(create_app(settings, service=review_service), "review-ui") as url:
        yield url


def sign_in(ui: UI) -> None:
    ui.page.fill("#token-input", TOKEN)
    ui.page.fill("#reviewer-input", "张三")
    ui.page.click("#token-save")
    ui.page.wait_for_selector("#token-forget")


def test_upload_a_list_with_a_bad_row_shows_its_warning(ui: UI, list_file: Path) -> None:
    from playwright.sync_api import expect

    ui.open("#/upload")
    sign_in(ui)
    ui.page.set_input_files("#upload-input", str(list_file))
    summary = ui.page.locator("#upload-summary")
    expect(summary).to_be_visible(timeout=120_000)
    expect(summary.locator(".summary")).to_contain_text(f"入库项目 {len(ROWS)} 个")
    warning = summary.locator("#upload-warnings .warning")
    expect(warning).to_have_count(1)
    expect(warning).to_contain_text(f"第 {BAD_ROW} 行")
    expect(warning).to_contain_text("待定金额")
    expect(summary.locator(".upload-projects li")).to_have_count(len(ROWS))
    expect(summary.locator(".upload-duplicates li")).to_have_count(3)
    assert "doc=" in ui.page.url
    ui.shot("upload-summary.png")
    # The same file dropped on the zone: the drop path uploads it, and it is recognised as unchanged.
    ui.page.evaluate("""([name, text]) => {
        const files = new DataTransfer();
        files.items.add(new File([text], name, { type: 'text/csv' }));
        document.getElementById('drop-zone').dispatchEvent(
            new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));
    }""", [list_file.name, list_file.read_text(encoding="utf-8")])
    expect(ui.page.locator("#upload-summary")).to_have_count(2)
    expect(ui.page.locator("#upload-summary").first).to_contain_text("未重复导入")


def test_review_keyboard_reload_merge_undo_and_xlsx(ui: UI, review_service: PlanAtlas, list_file: Path,
                                                   tmp_path: Path) -> None:
    from playwright.sync_api import expect

    review_service.ingest([list_file])  # unchanged if the upload test ran first
    ui.open("#/duplicates")
    sign_in(ui)
    rows = ui.page.locator("tr.pair")
    expect(rows).to_have_count(3)
    names = [rows.nth(i).locator(".pair-name").first.text_content() for i in range(3)]
    notice = ui.page.locator("#review-notice")
    ui.page.keyboard.press("j")
    expect(rows.first).to_have_class("pair selected")
    assert "sel=" in ui.page.url
    ui.page.keyboard.press("y")
    expect(notice).to_contain_text("确认重复")
    ui.page.keyboard.press("n")
    expect(notice).to_contain_text("不是重复")
    ui.page.keyboard.press("l")
    expect(notice).to_contain_text("稍后")

    ui.page.reload()
    ui.ready()
    expect(rows).to_have_count(2)  # the rejected pair is gone, the others keep their decisions
    expect(rows.nth(0).locator(".review-state")).to_have_text("确认重复")
    expect(rows.nth(1).locator(".review-state")).to_have_text("稍后")
    assert rows.nth(0).locator(".pair-name").first.text_content() == names[0]
    expect(ui.page.locator("#dup-summary")).to_contain_text("已排除 1 对")
    expect(ui.page.locator("#review-log li")).to_have_count(3)
    expect(rows.nth(1)).to_have_class("pair selected")  # the selected pair came back from the URL
    ui.shot("review.png")

    with ui.page.expect_download() as download:
        ui.page.click("#dup-exports .export-xlsx")
    path = tmp_path / "duplicates.xlsx"
    download.value.save_as(path)
    book = load_workbook(path)
    sheet = book["疑似重复"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["重复得分", "项目A ID", "项目A"] and sheet.max_row == 1 + 2
    assert sheet.cell(row=2, column=header.index("审核结论") + 1).value == "确认重复"
    assert sheet.cell(row=2, column=header.index("审核人") + 1).value == "张三"
    assert book["审核记录"].max_row == 1 + 3

    with ui.next_page():  # the decision shows on the project page too
        rows.first.locator(".pair-name").first.click()
    expect(ui.page.locator("#project-reviews li")).to_have_count(1)
    expect(ui.page.locator("#project-reviews .review-state")).to_have_text("确认重复")
    with ui.next_page():
        ui.page.go_back()
    rows.first.locator(".merge-btn").click()
    expect(notice).to_contain_text("已合并")
    expect(rows).to_have_count(1)
    with ui.next_page():
        notice.get_by_text("查看合并后的项目").click()
    expect(ui.page.locator(".aliases")).to_contain_text("别名")
    expect(ui.page.locator("#merge-box")).to_be_visible()
    with ui.next_page():
        ui.page.click("#undo-merge")
    expect(ui.page.locator("#merge-box")).to_have_count(0)
    ui.open("#/duplicates")
    expect(rows).to_have_count(2)


def test_county_list_downloads_as_xlsx(ui: UI, review_service: PlanAtlas, list_file: Path, tmp_path: Path) -> None:
    review_service.ingest([list_file])
    ui.open("#/county/" + "洪洞县")
    with ui.page.expect_download() as download:
        ui.page.locator(".export-xlsx").first.click()
    path = tmp_path / "county.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path)["项目清单"]
    assert [c.value for c in sheet[1]][:3] == ["项目ID", "项目名称", "县区"]
    assert sheet.max_row == 1 + 2 and sheet.freeze_panes == "A2"
    assert "汾河智慧物流园项目" in {r[1] for r in sheet.iter_rows(min_row=2, values_only=True)}
