"""Support for the web tests: the app on seeded data, signed-in clients, a live server.

``running_server`` runs the app with uvicorn in a thread; ``chromium`` starts
Debian's ``/usr/bin/chromium`` through Playwright (its own browser download
needs the internet; ``CALLQA_CHROMIUM`` points elsewhere). Also used by
scripts/web_screenshots.py.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

CHROMIUM = os.environ.get("CALLQA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--mute-audio",
    "--autoplay-policy=no-user-gesture-required",
]
START_TIMEOUT_S = 15.0


@contextmanager
def running_server(app) -> Iterator[str]:
    """Serve ``app`` on a free port of 127.0.0.1; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test web server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium browser (Playwright, sync API)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page, base_url: str, name: str, password: str, path: str = "/") -> None:
    """Open ``path``, get sent to the login form, sign in and come back."""
    page.goto(base_url + path)
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("form.login button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


PASSWORD = "correct horse battery"
USERS = {"ada": "admin", "lan": "qa_lead", "duc": "coach", "mai": "marketer"}


def make_app(folder: Path, language: str = "en", persona_forms: Path | None = None):
    """The app on a private copy of the seeded sample database, with one user per role.

    ``language`` is ``ui.language``: what a client that sends no Accept-Language
    (FastAPI's TestClient) reads; the browser tests ask for Vietnamese themselves.
    ``persona_forms``: the ``persona.folder`` of the config (``folder/config.yaml``).
    """
    from callqa.app.settings import load_settings
    from callqa.models.db import get_engine
    from callqa.web.app import create_app
    from callqa.web.auth import add_user

    from tests.seed import seeded_copy

    config = seeded_copy(folder)
    with config.open("a", encoding="utf-8") as f:
        if persona_forms is not None:
            f.write(f"persona:\n  folder: {persona_forms}\n")
        f.write(f"ui:\n  language: {language}\n")
    settings = load_settings(config, db_url=None, environ={})
    for name, role in USERS.items():
        add_user(get_engine(settings.db_url), name=name, role=role, password=PASSWORD)
    return create_app(settings)


def client_for(app, name: str):
    """A TestClient signed in as ``name`` through the login form, and its CSRF token."""
    from fastapi.testclient import TestClient

    client = TestClient(app)
    form = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    response = client.post(
        "/login",
        data={"name": name, "password": PASSWORD, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client, client.get("/api/me").json()["csrf_token"]


def call_ids(client) -> dict[str, int]:
    """Sample call file stem -> recording id."""
    return {Path(c["name"]).stem: c["recording_id"] for c in client.get("/api/calls").json()}
