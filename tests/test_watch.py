"""``callqa watch``: the same batch as ``callqa run`` on each tick, and a clean stop.

Runs the real CLI as a subprocess with the real tiny.en model on real clips.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from callqa.models.db import get_engine, session_scope
from callqa.models.tables import Flag, Recording
from sqlmodel import select

from tests.recordings import stored_recordings

SPEECH = Path(__file__).resolve().parent / "data" / "speech"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "calls"
CALLQA = str(Path(sys.executable).with_name("callqa"))


def _done(db_url: str) -> dict[str, int]:
    """Processed files and how many times each was claimed."""
    return {Path(r.path).name: r.attempts for r in stored_recordings(db_url) if r.status == "done"}


def _wait_for(db_url: str, names: set[str], proc: subprocess.Popen, timeout_s: float = 180):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read().decode()
        done = _done(db_url)
        if names <= set(done):
            return done
        time.sleep(0.5)
    raise AssertionError(f"not processed in {timeout_s} s: {names - set(_done(db_url))}")


def _start(inbox: Path, config: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [CALLQA, "watch", str(inbox), "--every", "5", "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PREFECT_SERVER_IDLE_STOP_S": "120"},
    )


def test_watch_processes_new_files_and_ends_each_batch_like_run(tiny_en):
    inbox, config, db_url = tiny_en
    shutil.copy(SPEECH / "en_gcp_brooklyn_bridge.wav", inbox / "first.wav")
    proc = _start(inbox, config)
    try:
        assert _wait_for(db_url, {"first.wav"}, proc) == {"first.wav": 1}
        shutil.copy(SPEECH / "en_azure_whats_the_weather_like.wav", inbox / "second.wav")
        done = _wait_for(db_url, {"first.wav", "second.wav"}, proc)
        time.sleep(6)  # at least one more tick with nothing new
        assert _done(db_url) == done == {"first.wav": 1, "second.wav": 1}
        # the batch was ended: these short clips score far below the pass mark, flagged
        with session_scope(get_engine(db_url)) as session:
            kinds = {
                (Path(r.path).name, f.kind)
                for f, r in session.exec(
                    select(Flag, Recording).join(Recording, Recording.id == Flag.recording_id)
                )
            }
        assert {("first.wav", "below_pass_mark"), ("second.wav", "below_pass_mark")} <= kinds
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise


def test_sigterm_mid_file_stops_within_15_s_leaving_nothing_claimed(tiny_en):
    inbox, config, db_url = tiny_en
    shutil.copy(EXAMPLES / "en_solar_poor_09.wav", inbox / "long.wav")  # 34 s of speech
    proc = _start(inbox, config)
    try:
        deadline = time.monotonic() + 180
        while not any(r.status == "processing" for r in stored_recordings(db_url)):
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        proc.send_signal(signal.SIGTERM)
        stopped = time.monotonic()
        proc.wait(timeout=15)
        assert time.monotonic() - stopped < 15
        [row] = stored_recordings(db_url)
        assert row.status in ("pending", "done") and row.claimed_by is None, row
    finally:
        if proc.poll() is None:
            proc.kill()
