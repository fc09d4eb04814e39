"""Sign-in names in one normal form, and a throttle no spelling escapes and no restart clears."""

from __future__ import annotations

import re

import pytest
from callqa.models import accounts
from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"


def make_app(folder, **kwargs):
    from callqa.app.settings import load_settings
    from callqa.models.db import get_engine
    from callqa.web.app import create_app
    from callqa.web.auth import add_user

    config = folder / "config.yaml"
    if not config.exists():
        config.write_text("data_dir: data\n", encoding="utf-8")
        settings = load_settings(config, db_url=None, environ={})
        engine = get_engine(settings.db_url)
        add_user(engine, name="u_admin", role="admin", password=PASSWORD)
        add_user(engine, name="u_marketer", role="marketer", password=PASSWORD)
    return create_app(load_settings(config, db_url=None, environ={}), **kwargs)


def attempt(app, name: str, password: str):
    client = TestClient(app)
    form = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    data = {"name": name, "password": password, "csrf_token": token}
    return client.post("/login", data=data, follow_redirects=False)


@pytest.mark.parametrize(
    ("given", "normal"),
    [
        (" u_marketer", "u_marketer"),
        ("u_marketer\t", "u_marketer"),
        ("U_MARKETER", "u_marketer"),
        ("Lu\u0301a", "lúa"),
        ("\u00a0Lúa\n", "lúa"),
    ],
)
def test_a_name_has_one_normal_form(given, normal):
    assert accounts.normalise_name(given) == normal


def test_padded_and_cased_names_are_locked_with_the_name(tmp_path):
    from callqa.web.throttle import MAX_FAILURES

    app = make_app(tmp_path)
    assert attempt(app, "  U_Marketer\t", PASSWORD).status_code == 303  # one user, any spelling
    for _ in range(MAX_FAILURES):
        assert attempt(app, "u_marketer", "guess").status_code == 401
    for variant in ("u_marketer", " u_marketer", "u_marketer\t", "U_MARKETER", "u_marketer\n"):
        locked = attempt(app, variant, PASSWORD)
        assert locked.status_code == 429, variant
    assert attempt(app, "u_admin", PASSWORD).status_code == 303  # other names are not affected


def test_the_lock_holds_across_processes_and_restarts(tmp_path):
    from callqa.web.throttle import MAX_FAILURES

    first = make_app(tmp_path)
    for _ in range(MAX_FAILURES):
        assert attempt(first, "U_ADMIN", "guess").status_code == 401
    restarted = make_app(tmp_path)  # a second app on the same database: a new process
    assert attempt(restarted, "u_admin", PASSWORD).status_code == 429
    restarted.state.login_throttle.succeeded(" U_admin ")
    assert attempt(first, "u_admin", PASSWORD).status_code == 303


def test_passwords_of_only_spaces_and_bad_names_are_refused(tmp_path):
    from callqa.models.db import get_engine
    from callqa.web.auth import add_user

    app = make_app(tmp_path)
    engine = get_engine(app.state.settings.db_url)
    with pytest.raises(accounts.AccountError, match="only spaces"):
        add_user(engine, name="lan", role="coach", password=" " * 12)
    with pytest.raises(accounts.AccountError, match="already exists"):
        add_user(engine, name=" U_ADMIN ", role="coach", password=PASSWORD)
    with pytest.raises(accounts.AccountError, match="at most 64"):
        add_user(engine, name="x" * 65, role="coach", password=PASSWORD)
    with pytest.raises(accounts.AccountError, match="control characters"):
        add_user(engine, name="a\tb", role="coach", password=PASSWORD)
