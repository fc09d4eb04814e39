"""The review app under hostile requests: no 500s, no framing, bounded input, only real audio."""

from __future__ import annotations

import re
import shutil

import pytest
from callqa.models import crud
from callqa.models.db import session_scope
from callqa.models.tables import Recording
from callqa.web.security import MAX_ROW_ID
from fastapi.routing import iter_route_contexts
from starlette.routing import Mount

from tests.web_server import client_for, make_app


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("web-hardening"))


def numbered_routes(app) -> list[tuple[str, str]]:
    found = []
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, Mount) or "{" not in context.path:
            continue
        if not all(name.endswith("id") for name in re.findall(r"\{(\w+)", context.path)):
            continue  # a name or format in the path (/export/{table}.{fmt}), not a row number
        for method in sorted(context.methods - {"HEAD"}):
            found.append((method, context.path))
    return found


@pytest.mark.parametrize("number", [MAX_ROW_ID + 1, 2**70, -(2**64), int("9" * 60)])
def test_numbers_beyond_64_bits_are_404_not_500(app, number):
    client, csrf = client_for(app, "lan")
    routes = numbered_routes(app)
    assert len(routes) >= 7
    for method, template in routes:
        path = re.sub(r"\{[^}]+\}", str(number), template)
        response = client.request(
            method, path, headers={"X-CSRF-Token": csrf}, data={"csrf_token": csrf}
        )
        assert response.status_code == 404, (method, path, response.status_code)


def test_nan_and_infinite_scores_are_refused_with_4xx(app):
    client, csrf = client_for(app, "lan")
    call = client.get("/api/calls").json()[0]["recording_id"]
    for bad in ("NaN", "Infinity", "-Infinity", "1e999"):
        response = client.post(
            f"/api/calls/{call}/score/override",
            content='{"score": ' + bad + ', "reason": "x"}',
            headers={"X-CSRF-Token": csrf, "Content-Type": "application/json"},
        )
        assert response.status_code == 422, (bad, response.text)
        form = client.post(
            f"/calls/{call}/score",
            data={"score": bad.lower(), "reason": "x", "csrf_token": csrf},
            follow_redirects=False,
        )
        assert 400 <= form.status_code < 500, (bad, form.status_code)


def test_every_response_forbids_framing(app):
    client, _ = client_for(app, "mai")
    for path in ("/queue", "/api/me", "/static/app.css", "/login", "/nowhere"):
        headers = client.get(path).headers
        assert headers["x-frame-options"] == "DENY", path
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert headers["x-content-type-options"] == "nosniff", path


def test_reasons_are_bounded(app):
    client, csrf = client_for(app, "lan")
    call = client.get("/api/calls").json()[0]["recording_id"]
    huge = "x" * 1_000_000
    api = client.post(
        f"/api/calls/{call}/score/override",
        json={"score": 50, "reason": huge},
        headers={"X-CSRF-Token": csrf},
    )
    assert api.status_code == 422 and "at most" in api.text
    flag = client.get("/api/flags").json()[0]
    review = client.post(
        f"/api/flags/{flag['id']}/review", json={"reason": huge}, headers={"X-CSRF-Token": csrf}
    )
    assert review.status_code == 422
    assert client.get("/api/flags").json()[0]["id"] == flag["id"]  # still open


def test_a_flag_is_reviewed_only_through_its_own_call(app):
    client, csrf = client_for(app, "lan")
    flags = client.get("/api/flags").json()
    flag = flags[0]
    other = next(
        c["recording_id"]
        for c in client.get("/api/calls").json()
        if c["recording_id"] != flag["recording_id"]
    )
    wrong = client.post(
        f"/calls/{other}/flags/{flag['id']}/review",
        data={"reason": "", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert wrong.status_code == 404
    assert flag["id"] in {f["id"] for f in client.get("/api/flags").json()}


def test_audio_is_served_only_for_done_calls_with_their_stored_file(app, tmp_path):
    client, _ = client_for(app, "mai")
    engine = app.state.engine
    secret = tmp_path / "secret.wav"
    secret.write_text("the payroll password is hunter2\n")
    with session_scope(engine) as session:
        failed, _ = crud.register_recording(
            session=session, sha256="f" * 64, path=secret, size_bytes=secret.stat().st_size
        )
        crud.mark_failed(session=session, recording=failed, error="not audio")
        done = session.exec(select_done()).first()
        original = done.path
    assert client.get(f"/calls/{failed.id}/audio").status_code == 404
    assert client.get(f"/calls/{done.id}/audio").status_code == 200
    copy = tmp_path / "copy.wav"
    shutil.copy(original, copy)
    try:
        with session_scope(engine) as session:
            session.get(Recording, done.id).path = "examples/calls/" + copy.name  # relative
        assert client.get(f"/calls/{done.id}/audio").status_code == 404
        copy.write_bytes(copy.read_bytes()[:-10] + b"0123456789")  # same size, other bytes
        with session_scope(engine) as session:
            session.get(Recording, done.id).path = str(copy)
        assert client.get(f"/calls/{done.id}/audio").status_code == 404
    finally:
        with session_scope(engine) as session:
            session.get(Recording, done.id).path = original


def select_done():
    from sqlmodel import select

    return select(Recording).where(Recording.status == "done")
