"""Screenshots of the review web app for the README, from the real app in real Chromium.

Seeds a throwaway database like the tests do (the bundled sample calls with
their reference transcripts, real scores and audio metrics; no speech
recognition), adds two reviewers' overrides to one call so the page shows
history and calibration, serves the app with uvicorn and photographs the flag
queue, that call page, the coach view and the marketer view with Debian's
Chromium (``/usr/bin/chromium``, or ``CALLQA_CHROMIUM``).

Usage: python scripts/web_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import select  # noqa: E402

from app import review  # noqa: E402
from app.listings import show_call  # noqa: E402
from app.settings import load_settings  # noqa: E402
from models.db import get_engine, session_scope  # noqa: E402
from models.tables import Recording, User  # noqa: E402
from tests.seed import seed_sample_db  # noqa: E402
from tests.web_server import chromium, running_server, sign_in  # noqa: E402
from web.app import create_app  # noqa: E402
from web.auth import add_user  # noqa: E402

PASSWORD = "screenshot-only-password"
VIEWPORT = {"width": 1360, "height": 900}
CALL = "en_solar_poor_09.wav"


def prepare(folder: Path):
    settings = load_settings(seed_sample_db(folder, with_metrics=True), db_url=None, environ={})
    engine = get_engine(settings.db_url)
    for name, role in (("Lan (QA)", "qa_lead"), ("Đức (coach)", "coach"), ("Mai", "marketer")):
        add_user(engine, name=name, role=role, password=PASSWORD)
    with session_scope(engine) as session:
        users = {u.name: u.id for u in session.exec(select(User))}
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="callqa-shots-") as tmp:
        settings, call = prepare(Path(tmp))
        with running_server(create_app(settings)) as url, chromium() as browser:
            page = browser.new_context(viewport=VIEWPORT).new_page()
            sign_in(page, url, "Lan (QA)", PASSWORD, "/queue")
            page.screenshot(path=args.out / "queue.png", full_page=True)
            page.goto(f"{url}/calls/{call}")
            page.wait_for_function("document.getElementById('player').readyState >= 1")
            page.locator("table.items button.quote").last.click()
            # a viewport as tall as the page keeps the sticky player in its place
            height = page.evaluate("document.documentElement.scrollHeight")
            page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
            page.screenshot(path=args.out / "call.png")
            page.set_viewport_size(VIEWPORT)
            page.goto(f"{url}/coach")
            page.screenshot(path=args.out / "coach.png")
            page.goto(f"{url}/marketing")
            page.screenshot(path=args.out / "marketing.png", full_page=True)
    for name in ("queue", "call", "coach", "marketing"):
        print(args.out / f"{name}.png")


if __name__ == "__main__":
    main()
