"""The review app in a real headless Chromium: sign in, queue, call page, audio, override.

uvicorn serves the app from a thread on a free port against a copy of the
seeded sample database; Playwright drives Debian's /usr/bin/chromium (.ci/run
installs it). A missing browser fails the tests: they are never skipped.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.web_server import CHROMIUM, PASSWORD, chromium, make_app, running_server, sign_in

if not os.access(CHROMIUM, os.X_OK):
    pytest.fail(
        f"no Chromium at {CHROMIUM}: apt-get install -y chromium (.ci/run does)",
        pytrace=False,
    )

TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with running_server(make_app(tmp_path_factory.mktemp("e2e"))) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    foreign: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(base_url) else foreign.append(r.url))
    yield page
    context.close()
    assert foreign == [], "the app fetched something from another host"


def audio_time(page) -> float:
    return page.evaluate("document.getElementById('player').currentTime")


def test_review_a_flagged_call(page, base_url):
    sign_in(page, base_url, "lan", PASSWORD, "/queue")
    assert page.url.endswith("/queue")
    assert page.inner_text("h1") == "Flag queue"
    severities = [int(s) for s in page.locator("table.queue .sev").all_inner_texts()]
    assert severities and severities == sorted(severities, reverse=True)

    page.locator("table.queue a.call-link", has_text="en_solar_poor_09.wav").first.click()
    page.wait_for_url("**/calls/*")
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    assert page.evaluate("document.getElementById('player').duration") > 30

    quotes = page.locator("table.items button.quote")
    starts = [float(q.get_attribute("data-start")) for q in quotes.all()]
    latest = max(range(len(starts)), key=starts.__getitem__)  # seeking there must move
    quote, start = quotes.nth(latest), starts[latest]
    assert start > 5
    quote.click()
    page.wait_for_function(
        f"Math.abs(document.getElementById('player').currentTime - {start}) < 1.5"
    )
    turn = page.locator("li.turn").nth(2)
    turn_start = float(turn.get_attribute("data-start"))
    turn.click()
    page.wait_for_function(
        f"Math.abs(document.getElementById('player').currentTime - {turn_start}) < 1.5"
    )
    assert abs(audio_time(page) - turn_start) < 1.5

    row = (
        page.locator("table.items tr[data-item]")
        .filter(has=page.locator(".verdict", has_text="missed"))
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
    assert kept.locator(".verdict").inner_text() == "met"
    assert "automated: missed" in kept.inner_text()
    history = page.locator("table.history").inner_text()
    assert "heard it on the recording at 0:20" in history and "lan" in history


def test_marketer_reads_reports_but_cannot_override(page, base_url):
    sign_in(page, base_url, "mai", PASSWORD, "/")
    assert page.url.endswith("/marketing")
    assert page.locator("svg.chart").count() == 3
    page.locator("table.marketing a").first.click()
    page.wait_for_url("**/calls?*")
    page.locator("a.call-link").first.click()
    page.wait_for_url("**/calls/*")
    assert page.locator("form.override-item").count() == 0
    assert page.locator("table.items tr[data-item]").count() > 3
    page.goto(base_url + "/coach")
    assert page.locator("table.leaderboard tbody tr").count() == 7
    assert Path(page.url).name == "coach"
