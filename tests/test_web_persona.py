"""The persona pages of the review app and a reviewer's correction of a call's form."""

from __future__ import annotations

import re

import pytest

from tests.seed import FORMS
from tests.web_server import call_ids, client_for, make_app


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("web-persona"), persona_forms=FORMS)


def test_marketer_sees_fit_and_reasons_per_campaign_linked_to_calls(app):
    client, _ = client_for(app, "mai")
    page = client.get("/persona").text
    assert "solar-rooftop-2024" in page and "25% outside the service area" in page
    assert "<svg" in page  # the charts
    link = re.search(
        r'href="(/persona/calls\?by=campaign&amp;group=solar-rooftop-2024&amp;fit=wrong)"', page
    )
    assert link, "the wrong-target share links to its calls"
    calls = client.get(link.group(1).replace("&amp;", "&")).text
    assert "outside the service area" in calls and 'href="/calls/' in calls
    reps = client.get("/persona/reps").text
    assert "Trần Minh Đức" in reps and "not collected" in reps


def test_call_page_shows_the_form_and_a_marketer_cannot_correct_it(app):
    client, csrf = client_for(app, "mai")
    call = call_ids(client)["vi_solar_wrong_target_05"]
    page = client.get(f"/calls/{call}").text
    assert "Persona form: solar-rooftop 2024.1" in page
    assert "Cà Mau" in page and "outside the service area" in page
    assert f'action="/calls/{call}/persona"' not in page
    refused = client.post(
        f"/calls/{call}/persona",
        data={"csrf_token": csrf, "target": "fit", "value": "right", "reason": "x"},
    )
    assert refused.status_code == 403


def test_reviewer_corrects_a_value_then_the_fit_and_reports_follow(app):
    client, csrf = client_for(app, "lan")
    call = call_ids(client)["vi_solar_good_01"]
    page = client.get(f"/calls/{call}").text
    assert "fit-right" in page
    bad = client.post(
        f"/calls/{call}/persona",
        data={"csrf_token": csrf, "target": "budget", "value": "lots", "reason": "heard it"},
    )
    assert (
        bad.status_code == 400
        and "field &#39;budget&#39;: &#39;lots&#39; is not a number" in bad.text
    )
    # the customer actually said 30 million: below the 50 million floor, so a wrong target
    saved = client.post(
        f"/calls/{call}/persona",
        data={"csrf_token": csrf, "target": "budget", "value": "30 triệu", "reason": "ASR error"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    page = client.get(f"/calls/{call}").text
    # the detail reads in the call's language (a Vietnamese call)
    assert "fit-wrong" in page and "30.000.000 thấp hơn mức tối thiểu 50.000.000" in page
    assert "persona budget" in page and "ASR error" in page  # in the review history
    report = client.get("/persona").text
    assert "25% budget too small" in report

    saved = client.post(
        f"/calls/{call}/persona",
        data={
            "csrf_token": csrf,
            "target": "fit",
            "value": "right",
            "reason": "budget is flexible",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    page = client.get(f"/calls/{call}").text
    assert "fit-right" in page and "corrected by a reviewer" in page
