"""Admins and reviewers through the review app and the CLI: roles, passwords, deactivation,
verdict choices per item type, the worst-first call queue."""

from __future__ import annotations

import re
import unicodedata

import pytest
from callqa.models.accounts import normalise_name
from callqa.models.db import session_scope
from callqa.models.tables import User
from fastapi.testclient import TestClient
from sqlmodel import select
from typer.testing import CliRunner

from callqa.cli import app as cli
from tests.web_server import PASSWORD, call_ids, client_for, make_app


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("web-admin"))


def user_id(app, name: str) -> int:
    with session_scope(app.state.engine) as session:
        return session.exec(select(User.id).where(User.name == normalise_name(name))).one()


def can_sign_in(app, name: str, password: str) -> bool:
    client = TestClient(app)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    data = {"name": name, "password": password, "csrf_token": token}
    return client.post("/login", data=data, follow_redirects=False).status_code == 303


def test_admin_changes_a_role_resets_a_password_and_deactivates(app):
    admin, csrf = client_for(app, "ada")
    add = {"csrf_token": csrf, "name": "thu", "role": "coach", "password": PASSWORD}
    assert admin.post("/admin/users", data=add, follow_redirects=False).status_code == 303
    thu = user_id(app, "thu")
    thu_client, _ = client_for(app, "thu")

    form = {"csrf_token": csrf, "role": "marketer"}
    assert admin.post(f"/admin/users/{thu}/role", data=form).status_code == 200
    assert thu_client.get("/api/me").json()["role"] == "marketer"

    new = {"csrf_token": csrf, "password": "a brand new secret"}
    page = admin.post(f"/admin/users/{thu}/password", data=new)
    assert page.status_code == 200 and "Password changed" in page.text
    assert thu_client.get("/api/me").status_code == 401  # signed out everywhere
    assert not can_sign_in(app, "thu", PASSWORD) and can_sign_in(app, "thu", new["password"])
    short = admin.post(f"/admin/users/{thu}/password", data={"csrf_token": csrf, "password": "x"})
    assert short.status_code == 400 and "10 characters" in short.text

    off = {"csrf_token": csrf, "active": "false"}
    assert admin.post(f"/admin/users/{thu}/active", data=off).status_code == 200
    assert not can_sign_in(app, "thu", new["password"])


def test_nobody_deactivates_themselves_or_the_last_admin(app):
    admin, csrf = client_for(app, "ada")
    ada = user_id(app, "ada")
    me = admin.post(f"/admin/users/{ada}/active", data={"csrf_token": csrf, "active": "false"})
    assert me.status_code == 400 and "cannot deactivate yourself" in me.text
    demote = admin.post(f"/admin/users/{ada}/role", data={"csrf_token": csrf, "role": "coach"})
    assert demote.status_code == 400 and "last active admin" in demote.text
    assert admin.get("/api/me").json()["role"] == "admin"

    runner = CliRunner()
    db = ["--db", app.state.settings.db_url]
    refused = runner.invoke(cli, ["users", "disable", "ada", *db])
    assert refused.exit_code == 2 and "last active admin" in refused.output
    # with a second admin, the first may step down
    assert runner.invoke(cli, ["users", "set-role", "lan", "admin", *db]).exit_code == 0
    assert admin.post(f"/admin/users/{ada}/role", data={"csrf_token": csrf, "role": "coach"})
    listed = runner.invoke(cli, ["users", "list", *db])
    assert listed.exit_code == 0
    assert re.search(r"ada\s+coach\s+yes", listed.output)
    assert re.search(r"lan\s+admin\s+yes", listed.output)


def test_users_from_the_command_line_with_decomposed_names(app):
    runner = CliRunner()
    db = ["--db", app.state.settings.db_url]
    decomposed = unicodedata.normalize("NFD", "Đức Hoà")
    added = runner.invoke(
        cli,
        ["users", "add", decomposed, "--role", "coach", "--password-stdin", *db],
        input=PASSWORD + "\n",
    )
    assert added.exit_code == 0, added.output
    assert user_id(app, "Đức Hoà")  # stored composed (NFC)
    again = runner.invoke(
        cli,
        ["users", "add", "Đức Hoà", "--role", "coach", "--password-stdin", *db],
        input=PASSWORD + "\n",
    )
    assert again.exit_code == 2 and "already exists" in again.output
    reset = runner.invoke(
        cli,
        ["users", "reset-password", decomposed, "--password-stdin", *db],
        input="another long secret\n",
    )
    assert reset.exit_code == 0, reset.output
    assert can_sign_in(app, "Đức Hoà", "another long secret")
    assert runner.invoke(cli, ["users", "disable", "Đức Hoà", *db]).exit_code == 0
    assert not can_sign_in(app, "Đức Hoà", "another long secret")
    assert runner.invoke(cli, ["users", "disable", "Đức Hoà", "--enable", *db]).exit_code == 0
    assert can_sign_in(app, "Đức Hoà", "another long secret")
    missing = runner.invoke(cli, ["users", "set-role", "nobody", "coach", *db])
    assert missing.exit_code == 2 and "no user 'nobody'" in missing.output


def test_verdicts_are_the_ones_the_item_type_allows(app):
    client, csrf = client_for(app, "duc")
    call = call_ids(client)["en_solar_poor_09"]
    page = client.get(f"/calls/{call}").text
    greeting = re.search(r'data-item="greeting".*?</tr>', page, re.S).group(0)
    assert 'value="violated"' not in greeting and 'value="na"' not in greeting
    banned = re.search(r'data-item="prohibited_language".*?</tr>', page, re.S).group(0)
    assert re.findall(r'<option value="(\w+)"', banned) == ["met", "violated"]
    objection = re.search(r'data-item="objection_handling".*?</tr>', page, re.S).group(0)
    assert re.findall(r'<option value="(\w+)"', objection) == ["met", "missed", "na"]

    form = {"csrf_token": csrf, "verdict": "violated", "reason": "rude hello"}
    refused = client.post(f"/calls/{call}/items/greeting", data=form)
    assert refused.status_code == 400 and "cannot be" in refused.text
    api = client.post(
        f"/api/calls/{call}/items/greeting/override",
        json={"verdict": "violated", "reason": "rude hello"},
        headers={"X-CSRF-Token": csrf},
    )
    assert api.status_code == 422 and "cannot be" in api.json()["detail"]


def test_the_queue_lists_each_call_once_worst_first(app):
    client, _ = client_for(app, "lan")
    page = client.get("/queue").text
    rows = re.findall(
        r'<tr class="sev(\d)" data-call="(\d+)">.*?td class="num score"[^>]*>([^<]+)<', page, re.S
    )
    assert len(rows) > 3 and len({r[1] for r in rows}) == len(rows)
    order = [(-int(sev), float(score)) for sev, _, score in rows]
    assert order == sorted(order)
    # filters are kept on the way to a call and back
    kevin = client.get("/queue", params={"rep": "Kevin Le"}).text
    assert 'href="/calls/' in kevin and "?rep=Kevin+Le" in kevin
    assert "David Tran" not in kevin.split("<tbody>")[1]


def test_the_call_list_is_filtered_and_sorted(app):
    client, _ = client_for(app, "lan")
    page = client.get("/calls", params={"sort": "score", "order": "asc"}).text
    scores = re.findall(r'data-label="Score">(?:<s>[^<]*</s> )?([\d.]+)</td>', page)
    assert len(scores) == 10 and [float(s) for s in scores] == sorted(float(s) for s in scores)
    solar = client.get("/calls", params={"campaign": "solar-rooftop-2024", "from": "20/10/2024"})
    names = re.findall(r'class="call-link" href="/calls/\d+">([^<]+)<', solar.text)
    assert names == ["en_solar_poor_09.wav", "en_solar_good_06.wav"]  # newest first
    exported = client.get("/export/calls.csv", params={"campaign": "solar-rooftop-2024"}).text
    assert exported.count("solar-rooftop-2024") == 4 and "home-insurance" not in exported
    assert client.get("/calls", params={"sort": "nonsense"}).status_code == 422
