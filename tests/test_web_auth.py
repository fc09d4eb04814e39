"""The review web app's gates, through FastAPI's TestClient: sign-in, sessions, roles, CSRF.

Routes are enumerated from the app, so a new route is checked without editing
this file.
"""

from __future__ import annotations

import re

import pytest
from callqa.web.auth import is_public
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from starlette.routing import Mount

from tests.web_server import PASSWORD, call_ids, client_for, make_app


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("web-auth"))


def concrete_routes(app) -> list[tuple[str, str]]:
    """(method, path) for every route of the app, path parameters filled in.

    FastAPI 0.150 keeps included routers as ``_IncludedRouter`` entries in
    ``app.routes``; ``iter_route_contexts`` flattens them to the real paths.
    """
    found = []
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, Mount) or not context.methods:
            continue
        path = re.sub(r"\{[^}]+\}", "1", context.path)
        found += [(method, path) for method in sorted(context.methods - {"HEAD"})]
    return found


def test_every_route_refuses_an_anonymous_request(app):
    client = TestClient(app)
    checked = 0
    for method, path in concrete_routes(app):
        if is_public(path):
            continue
        response = client.request(method, path, follow_redirects=False)
        if path.startswith("/api"):
            assert response.status_code == 401, (method, path)
        else:
            assert response.status_code == 303, (method, path)
            assert response.headers["location"].startswith("/login?next="), (method, path)
        checked += 1
    assert checked >= 20
    assert client.get("/static/app.css").status_code == 200  # assets are public


def test_every_write_needs_the_csrf_token(app):
    client, _ = client_for(app, "ada")
    writes = [(m, p) for m, p in concrete_routes(app) if m != "GET" and not is_public(p)]
    assert len(writes) >= 8
    for method, path in writes:
        assert client.request(method, path).status_code == 403, (method, path)
        assert client.request(method, path, data={"csrf_token": "forged"}).status_code == 403


def test_login_cookie_logout_and_wrong_password(app):
    client, csrf = client_for(app, "lan")
    cookie = next(c for c in client.cookies.jar if c.name == "callqa_session")
    assert cookie.has_nonstandard_attr("HttpOnly")
    assert cookie.get_nonstandard_attr("SameSite").lower() == "lax"
    assert client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code
    assert client.get("/api/me").status_code == 401  # the session is gone server-side

    stranger = TestClient(app)
    form = stranger.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    wrong = stranger.post("/login", data={"name": "lan", "password": "nope", "csrf_token": token})
    assert wrong.status_code == 401 and "Wrong name or password" in wrong.text
    forged = TestClient(app).post("/login", data={"name": "lan", "password": PASSWORD})
    assert forged.status_code == 403  # no login CSRF cookie


def test_login_redirects_only_to_local_paths(app):
    client = TestClient(app)
    form = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    response = client.post(
        "/login",
        data={"name": "mai", "password": PASSWORD, "csrf_token": token, "next": "//evil.test/"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_roles(app):
    marketer, m_csrf = client_for(app, "mai")
    coach, c_csrf = client_for(app, "duc")
    lead, _ = client_for(app, "lan")
    admin, _ = client_for(app, "ada")
    ids = call_ids(marketer)
    call = ids["en_insurance_good_07"]
    for page in ("/queue", "/calls", f"/calls/{call}", "/coach", "/marketing", "/api/flags"):
        assert marketer.get(page).status_code == 200, page
    body = {"verdict": "missed", "reason": "no greeting heard"}
    url = f"/api/calls/{call}/items/greeting/override"
    assert marketer.post(url, json=body, headers={"X-CSRF-Token": m_csrf}).status_code == 403
    form = {"csrf_token": m_csrf, "score": "50", "reason": "x"}
    assert marketer.post(f"/calls/{call}/score", data=form).status_code == 403
    assert "Override score" not in marketer.get(f"/calls/{call}").text
    assert coach.post(url, json=body, headers={"X-CSRF-Token": c_csrf}).status_code == 200
    assert lead.get("/admin/users").status_code == 403
    assert "lan" in admin.get("/admin/users").text


def test_pages_fetch_nothing_from_another_host(app):
    client, _ = client_for(app, "ada")
    ids = call_ids(client)
    for page in ("/queue", "/calls", f"/calls/{ids['en_solar_poor_09']}", "/coach", "/marketing"):
        html = client.get(page).text
        assert not re.search(r'(src|href)="(https?:)?//', html), page


def test_openapi_document_lists_the_api(app):
    client, _ = client_for(app, "mai")
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/calls/{recording_id}/items/{item_id}/override" in paths
    assert all(path.startswith("/api/") for path in paths)


def test_users_add_from_the_command_line(app, tmp_path):
    from typer.testing import CliRunner

    from callqa.cli import app as cli

    db = app.state.settings.db_url
    result = CliRunner().invoke(
        cli,
        ["users", "add", "hoa", "--role", "coach", "--password-stdin", "--db", db],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    client, _ = client_for(app, "hoa")
    assert client.get("/api/me").json()["role"] == "coach"
    again = CliRunner().invoke(
        cli, ["users", "add", "hoa", "--role", "coach", "--password-stdin", "--db", db], input="x\n"
    )
    assert again.exit_code == 2


def test_password_guessing_locks_the_name(app):
    from callqa.web.throttle import MAX_FAILURES

    guesser = TestClient(app)
    form = guesser.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)

    def attempt(name: str, password: str):
        data = {"name": name, "password": password, "csrf_token": token}
        return guesser.post("/login", data=data, follow_redirects=False)

    try:
        for _ in range(MAX_FAILURES):
            assert attempt("duc", "guess").status_code == 401
        locked = attempt("duc", PASSWORD)  # even the right password waits now
        assert locked.status_code == 429 and "Too many failed sign-ins" in locked.text
        assert attempt("mai", PASSWORD).status_code == 303  # other accounts are not affected
    finally:
        app.state.login_throttle.succeeded("duc")  # the app is shared by this module's tests
