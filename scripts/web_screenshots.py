"""Screenshots of the review web app for the README, from the real app in real Chromium.

Seeds a throwaway database like the tests do (the bundled sample calls with
their reference transcripts, real scores and audio metrics; no speech
recognition), adds two reviewers' overrides to one call so the page shows
history and calibration, serves the app with uvicorn and photographs the review
queue, that call page, the coach view and the marketer view in Vietnamese, on a
desktop (1366x900) and on a phone (390x844), with Debian's Chromium
(``/usr/bin/chromium``, or ``CALLQA_CHROMIUM``).

Usage: python scripts/web_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from callqa.app import review  # noqa: E402
from callqa.app.listings import show_call  # noqa: E402
from callqa.app.settings import load_settings  # noqa: E402
from callqa.models.accounts import normalise_name  # noqa: E402
from callqa.models.db import get_engine, session_scope  # noqa: E402
from callqa.models.tables import Recording, User  # noqa: E402
from callqa.web.app import create_app  # noqa: E402
from callqa.web.auth import add_user  # noqa: E402
from sqlmodel import select  # noqa: E402

from tests.seed import seed_sample_db  # noqa: E402
from tests.web_server import chromium, running_server, sign_in  # noqa: E402

PASSWORD = "screenshot-only-password"
VIEWPORT = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
LOCALE = "vi-VN"  # the browser asks for Vietnamese (Accept-Language)
CALL = "en_solar_poor_09.wav"


def prepare(folder: Path):
    config = seed_sample_db(folder, with_metrics=True)
    with config.open("a", encoding="utf-8") as f:  # the sample reps have one or two calls each
        f.write("ui:\n  min_calls_to_rank: 2\n")
    settings = load_settings(config, db_url=None, environ={})
    engine = get_engine(settings.db_url)
    for name, role in (("Lan (QA)", "qa_lead"), ("Đức (coach)", "coach"), ("Mai", "marketer")):
        add_user(engine, name=name, role=role, password=PASSWORD)
    with session_scope(engine) as session:
        users = {u.name: u.id for u in session.exec(select(User))}  # stored normalised
        users = {name: users[normalise_name(name)] for name in ("Lan (QA)", "Đức (coach)")}
        call = next(r.id for r in session.exec(select(Recording)) if r.path.endswith(CALL))
    data = show_call(settings, call, engine=engine)
    met = [i.item_id for i in data.items if i.automated == "met"]
    review.override_item(
        engine,
        user_id=users["Lan (QA)"],
        recording_id=call,
        item_id=met[0],
        verdict="missed",
        reason="The greeting was cut off; the customer asked who was calling.",
    )
    review.override_item(
        engine,
        user_id=users["Đức (coach)"],
        recording_id=call,
        item_id=met[-1],
        verdict="missed",
        reason="Said, but after the customer had already refused.",
    )
    return settings, call


def shoot(browser, url: str, call: int, out: Path, viewport: dict, suffix: str) -> list[Path]:
    context = browser.new_context(viewport=viewport, locale=LOCALE)
    page = context.new_page()
    shots = []

    def save(name: str, full_page: bool = True) -> None:
        path = out / f"{name}{suffix}.png"
        page.screenshot(path=path, full_page=full_page)
        shots.append(path)

    sign_in(page, url, "Lan (QA)", PASSWORD, "/queue")
    save("queue")
    page.goto(f"{url}/calls/{call}")
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    page.locator("table.items button.quote").last.click()
    page.wait_for_timeout(800)
    if suffix:  # the phone: the part of the page a reviewer sees first
        save("call", full_page=False)
    else:  # a viewport as tall as the page keeps the sticky player in its place
        height = page.evaluate("document.documentElement.scrollHeight")
        page.set_viewport_size({"width": viewport["width"], "height": height})
        save("call", full_page=False)
        page.set_viewport_size(viewport)
    page.goto(f"{url}/coach")
    save("coach", full_page=not suffix)
    page.goto(f"{url}/marketing")
    save("marketing", full_page=not suffix)
    context.close()
    return shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="callqa-shots-") as tmp:
        settings, call = prepare(Path(tmp))
        with running_server(create_app(settings)) as url, chromium() as browser:
            shots = shoot(browser, url, call, args.out, VIEWPORT, "")
            shots += shoot(browser, url, call, args.out, PHONE, "-phone")
    for path in shots:
        print(path)


if __name__ == "__main__":
    main()
