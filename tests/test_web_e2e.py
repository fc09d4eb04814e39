"""The review app in a real headless Chromium, in Vietnamese, on a desktop and on a phone.

uvicorn serves the app from a thread on a free port against a copy of the
seeded sample database; Playwright drives Debian's /usr/bin/chromium (.ci/run
installs it). The browser asks for Vietnamese (``vi-VN``), as the sales floor's
browsers do. A missing browser fails the tests: they are never skipped.
"""

from __future__ import annotations

import io
import os
import time

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Error as PlaywrightError

from tests.web_server import CHROMIUM, PASSWORD, chromium, make_app, running_server, sign_in

if not os.access(CHROMIUM, os.X_OK):
    pytest.fail(
        f"no Chromium at {CHROMIUM}: apt-get install -y chromium (.ci/run does)",
        pytrace=False,
    )

TIMEOUT_MS = 15_000
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
# Each role's main pages; "{call}" is a flagged sample call, "{first}" the queue's first.
ROLE_PAGES = {
    "lan": ("/queue", "/calls/{call}", "/calls"),
    "duc": ("/coach", "/calls?rep=Kevin+Le&item=needs_discovery"),
    "mai": ("/marketing", "/calls?by=campaign&group=solar-rooftop-2024&figure=new"),
    "ada": ("/admin/users",),
}
VIETNAMESE = {  # a phrase each page must show in Vietnamese
    "/queue": "Hàng chờ xem xét",
    "/calls/{call}": "Bản ghi lời thoại",
    "/calls": "Tất cả cuộc gọi",
    "/coach": "Bảng xếp hạng",
    "/calls?rep=Kevin+Le&item=needs_discovery": "Khai thác nhu cầu",
    "/marketing": "Chất lượng khách hàng theo chiến dịch",
    "/calls?by=campaign&group=solar-rooftop-2024&figure=new": "khách hàng tiềm năng",
    "/admin/users": "Đặt lại mật khẩu",
}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with running_server(make_app(tmp_path_factory.mktemp("e2e"), language="vi")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def new_page(browser, base_url, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.foreign = []
    page.on("request", lambda r: None if r.url.startswith(base_url) else page.foreign.append(r.url))
    return page


@pytest.fixture
def page(browser, base_url):
    page = new_page(browser, base_url)
    yield page
    page.context.close()
    assert page.foreign == [], "the app fetched something from another host"


def wait_until(page, expression: str, timeout_s: float = 30.0) -> None:
    """Poll a JavaScript expression until it is true. Playwright's wait_for_function
    compiles its predicate with eval, which the app's Content-Security-Policy forbids."""
    deadline = time.monotonic() + timeout_s
    while not _evaluate_between_pages(page, expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(100)


def _evaluate_between_pages(page, expression: str):
    """The expression's value; false while a navigation replaces the document
    (a form posted and redirected), when there is no page to ask."""
    try:
        return page.evaluate(expression)
    except PlaywrightError as error:
        if "context was destroyed" in str(error) or "navigat" in str(error):
            return False
        raise


def audio_time(page) -> float:
    return page.evaluate("document.getElementById('player').currentTime")


def sideways_px(page) -> int:
    """How far the page scrolls sideways (0: it fits the viewport's width)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def first_flagged_call(page, base_url) -> str:
    page.goto(base_url + "/queue")
    href = page.locator("table.queue a.call-link").first.get_attribute("href")
    return href.split("/")[-1].split("?")[0]


@pytest.mark.parametrize("size", VIEWPORTS)
def test_every_role_reads_its_pages_in_vietnamese_without_sideways_scroll(browser, base_url, size):
    for user, paths in ROLE_PAGES.items():
        page = new_page(browser, base_url, VIEWPORTS[size])
        sign_in(page, base_url, user, PASSWORD, "/")
        call = first_flagged_call(page, base_url)
        for path in paths:
            page.goto(base_url + path.format(call=call))
            assert page.locator("html").get_attribute("lang") == "vi", path
            assert VIETNAMESE[path] in page.inner_text("body"), (size, path)
            assert sideways_px(page) <= 0, (size, path, sideways_px(page))
            for chart in page.locator("figure:has(svg.chart)").all():  # charts fit the page
                box = chart.bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORTS[size]["width"]
        assert page.foreign == []
        page.context.close()


def test_queue_lists_calls_worst_first_and_leads_to_the_next_one(page, base_url):
    sign_in(page, base_url, "lan", PASSWORD, "/queue")
    assert page.inner_text("h1") == "Hàng chờ xem xét"
    rows = page.locator("table.queue tbody tr[data-call]")
    ids = [r.get_attribute("data-call") for r in rows.all()]
    assert len(ids) == len(set(ids)) > 3  # one row per call, not per flag
    severities = [int(s) for s in page.locator("table.queue .sev").all_inner_texts()]
    scores = [
        float(s.replace(",", ".")) for s in page.locator("table.queue td.score").all_inner_texts()
    ]
    order = list(zip((-s for s in severities), scores, strict=True))
    assert order == sorted(order)  # most severe first, then the lowest score
    assert "ngôn từ cấm" in rows.first.inner_text()  # reasons are listed, in Vietnamese

    rows.first.locator("a.call-link").click()
    page.wait_for_url(f"**/calls/{ids[0]}*")
    page.locator("a.next-flagged").click()
    page.wait_for_url(f"**/calls/{ids[1]}*")


def test_review_a_flagged_call(page, base_url):
    sign_in(page, base_url, "lan", PASSWORD, "/queue")
    page.locator("table.queue a.call-link", has_text="en_solar_poor_09.wav").first.click()
    page.wait_for_url("**/calls/*")
    wait_until(page, "document.getElementById('player').readyState >= 1")
    assert page.evaluate("document.getElementById('player').duration") > 30
    assert page.locator(".timeline .marker.evidence").count() >= 2
    assert page.locator(".timeline .marker.flag").count() >= 1

    quotes = page.locator("table.items button.quote")
    starts = [float(q.get_attribute("data-start")) for q in quotes.all()]
    latest = max(range(len(starts)), key=starts.__getitem__)  # seeking there must move
    quote, start = quotes.nth(latest), starts[latest]
    assert start > 5
    quote.click()
    wait_until(page, f"Math.abs(document.getElementById('player').currentTime - {start}) < 1.5")
    marked = page.locator("li.turn.evidence-turn")  # the quote's turn is highlighted
    assert marked.count() == 1 and float(marked.get_attribute("data-start")) <= start
    assert quote.inner_text().strip("“”").split("”")[0] in marked.inner_text()

    turn = page.locator("li.turn").nth(2)
    turn_start = float(turn.get_attribute("data-start"))
    turn.click()
    wait_until(
        page, f"Math.abs(document.getElementById('player').currentTime - {turn_start}) < 1.5"
    )
    assert abs(audio_time(page) - turn_start) < 1.5

    greeting = page.locator("table.items tr[data-item='greeting'] select[name=verdict] option")
    assert "violated" not in [o.get_attribute("value") for o in greeting.all()]
    banned = page.locator("table.items tr[data-item='prohibited_language'] option")
    assert {o.get_attribute("value") for o in banned.all()} == {"met", "violated"}

    row = (
        page.locator("table.items tr[data-item]")
        .filter(has=page.locator(".verdict[data-verdict='missed']"))
        .first
    )
    item_id = row.get_attribute("data-item")
    row.locator("select[name=verdict]").select_option("met")
    row.locator("input[name=reason]").fill("heard it on the recording at 0:20")
    row.locator("button[type=submit]").click()
    page.wait_for_load_state()

    page.reload()
    kept = page.locator(f"table.items tr[data-item='{item_id}']")
    assert "overridden" in kept.get_attribute("class")
    assert kept.locator(".verdict").inner_text() == "đạt"
    assert "tự động: thiếu" in kept.inner_text()
    history = page.locator("table.history").inner_text()
    assert "heard it on the recording at 0:20" in history and "lan" in history


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_transcript_follows_playback(browser, base_url, size):
    page = new_page(browser, base_url, VIEWPORTS[size])
    sign_in(page, base_url, "lan", PASSWORD, "/queue")
    page.locator("table.queue a.call-link", has_text="vi_solar_good_01.wav").first.click()
    wait_until(page, "document.getElementById('player').readyState >= 1")
    turns = page.locator("li.turn")
    starts = [float(t.get_attribute("data-start")) for t in turns.all()]
    assert len(starts) > 6
    box = page.locator("#turns")  # the transcript scrolls inside its own box
    assert page.evaluate("(b => b.scrollHeight > b.clientHeight)(document.getElementById('turns'))")
    for index in (1, len(starts) - 2):  # early, then late: the box scrolls with the player
        page.evaluate(
            f"(() => {{ const a = document.getElementById('player');"
            f" a.currentTime = {starts[index] + 0.2}; a.play().catch(() => {{}}); }})()"
        )
        wait_until(
            page,
            "parseFloat(document.querySelector('li.turn.current')?.dataset.start)"
            f" >= {starts[index]}",
        )
        current = page.locator("li.turn.current")
        assert current.count() == 1
        page.wait_for_timeout(700)  # smooth scrolling
        turn_box, list_box = current.bounding_box(), box.bounding_box()
        assert list_box["y"] - 2 <= turn_box["y"] <= list_box["y"] + list_box["height"], size
    assert page.evaluate("document.getElementById('turns').scrollTop") > 0
    page.context.close()


def test_exports_download_the_same_figures_as_the_cli(page, base_url, tmp_path):
    sign_in(page, base_url, "mai", PASSWORD, "/marketing")
    with page.expect_download() as got:
        page.locator("a.export", has_text="CSV").first.click()
    got.value.save_as(tmp_path / "m.csv")
    csv_bytes = (tmp_path / "m.csv").read_bytes()
    assert csv_bytes.startswith("\ufeff".encode()) and b"closed_rate" in csv_bytes
    assert b"TOTAL,20," in csv_bytes
    with page.expect_download() as got:
        page.locator("a.export", has_text="XLSX").first.click()
    got.value.save_as(tmp_path / "m.xlsx")
    sheet = load_workbook(io.BytesIO((tmp_path / "m.xlsx").read_bytes())).active
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["campaign", "new"] and sheet.max_row == 5

    page.goto(base_url + "/coach")
    with page.expect_download() as got:
        page.locator("a.export", has_text="CSV").first.click()
    got.value.save_as(tmp_path / "reps.csv")
    assert "pass_rate_greeting" in (tmp_path / "reps.csv").read_text(encoding="utf-8-sig")


def test_coach_goes_from_a_pass_rate_to_the_moment_it_was_missed(page, base_url):
    sign_in(page, base_url, "duc", PASSWORD, "/coach")
    assert page.locator("table.leaderboard tbody tr").count() == 7
    link = page.locator("a.missed-link").first
    link.click()
    page.wait_for_url("**/calls?rep=*&item=*")
    assert "bị thiếu" in page.inner_text("h1")
    first = page.locator("table.missed a.call-link").first
    at = float(first.get_attribute("href").split("t=")[1].split("#")[0])
    first.click()
    page.wait_for_url("**/calls/*")
    wait_until(page, "document.getElementById('player').readyState >= 1")
    wait_until(page, f"Math.abs(document.getElementById('player').currentTime - {at}) < 1.5")


def test_language_switch_and_date_format(page, base_url):
    sign_in(page, base_url, "mai", PASSWORD, "/marketing?from=01/10/2024&to=31/10/2024")
    assert page.locator("input[name=from]").input_value() == "01/10/2024"
    assert "So với 31/08/2024 – 30/09/2024" in page.inner_text("body")
    page.goto(base_url + "/marketing?from=01/01/2030&to=31/01/2030")
    assert "Không có khách hàng nào được tạo từ 01/01/2030 đến 31/01/2030" in page.inner_text(
        "main"
    )
    assert page.locator("svg.chart").count() == 0
    page.locator("header .langs a", has_text="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "No leads were created between" in page.inner_text("main")
    page.goto(base_url + "/coach")
    assert "Leaderboard" in page.inner_text("main")
    labels = page.locator("table.item-rates td:first-child").all_inner_texts()
    assert "Greets the customer within the first 20 seconds" in labels
    assert not any("Chào hỏi" in text for text in labels)  # no Vietnamese labels for English
