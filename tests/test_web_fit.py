"""Correcting a call's target fit on the call page, in a real headless Chromium.

A QA lead sets the fit with a reason on the call page (in Vietnamese, as the
sales floor's browsers ask); the marketer's lead-quality table and the leads
behind its "lost: wrong target" figure change with it. The server, the seeded
database and the browser are those of tests/test_web_e2e.py.
"""

from __future__ import annotations

from tests.test_web_e2e import new_page, wait_until
from tests.web_server import (
    PASSWORD,
    call_ids,
    chromium,
    client_for,
    make_app,
    running_server,
    sign_in,
)

REASON = "Khách thuê nhà, chủ nhà mới quyết định"


def _lost_call(app) -> tuple[int, str, str]:
    """A call whose lead was lost and not charged to a wrong target: (id, campaign, lead)."""
    client, _ = client_for(app, "lan")
    for call in sorted(call_ids(client).values()):
        page = client.get(f"/api/calls/{call}").json()
        if page["lead"] and page["lead_loss_cause"] not in (None, "wrong_target"):
            return call, page["campaign"], page["lead"]["lead_id"]
    raise AssertionError("the sample data has no lost lead charged to another cause")


def _lost_to_wrong_target(page, base_url: str, campaign: str) -> int:
    """The marketer's "lost: wrong target" figure for ``campaign``."""
    page.goto(base_url + "/marketing")
    row = page.locator("tr", has=page.locator("td.group", has_text=campaign)).first
    return int(row.locator('a[href*="figure=lost_wrong_target"]').inner_text())


def _leads_behind(page, base_url: str, campaign: str) -> list[str]:
    """The lead ids behind the campaign's "lost: wrong target" figure (the lead page)."""
    page.goto(base_url + "/marketing")
    row = page.locator("tr", has=page.locator("td.group", has_text=campaign)).first
    row.locator('a[href*="figure=lost_wrong_target"]').click()
    page.wait_for_url("**figure=lost_wrong_target*")
    return [r.get_attribute("data-lead") for r in page.locator("table.leads tr[data-lead]").all()]


def test_a_reviewer_corrects_the_fit_and_the_marketer_report_follows(tmp_path):
    app = make_app(tmp_path, language="vi")
    call, campaign, lead = _lost_call(app)
    with running_server(app) as base_url, chromium() as browser:
        marketer = new_page(browser, base_url)
        sign_in(marketer, base_url, "mai", PASSWORD, "/marketing")
        before = _lost_to_wrong_target(marketer, base_url, campaign)
        assert lead not in _leads_behind(marketer, base_url, campaign)
        marketer.goto(base_url + f"/calls/{call}")
        assert marketer.locator("form.correct-fit").count() == 0  # a marketer reads only

        reviewer = new_page(browser, base_url)
        sign_in(reviewer, base_url, "lan", PASSWORD, f"/calls/{call}")
        form = reviewer.locator("form.correct-fit")
        assert form.locator("button[type=submit]").inner_text() == "Sửa mức phù hợp"
        form.locator("select[name=fit]").select_option("wrong")
        form.locator("input[name=reason]").fill(REASON)
        form.locator("button[type=submit]").click()
        wait_until(
            reviewer,
            "location.hash === '#fit' && "
            "document.querySelector('#fit strong.fit')?.dataset.fit === 'wrong'",
        )
        assert "do người duyệt đặt" in reviewer.locator("#fit").inner_text()
        assert "sai đối tượng" in reviewer.locator("#fit strong.fit").inner_text()
        history = reviewer.locator("table.history tbody").inner_text()
        assert REASON in history and "mức phù hợp" in history
        panel = reviewer.locator("#persona strong.fit")  # the filled persona form agrees
        assert "fit-wrong" in panel.get_attribute("class")

        assert _lost_to_wrong_target(marketer, base_url, campaign) == before + 1
        assert lead in _leads_behind(marketer, base_url, campaign)
        row = marketer.locator(f"table.leads tr[data-lead='{lead}']")
        assert "sai đối tượng" in row.inner_text()
        assert row.locator(f"a.call-link[href='/calls/{call}']").count() == 1
        for page in (marketer, reviewer):
            assert page.foreign == []
            page.context.close()
