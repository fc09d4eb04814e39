"""``callqa watch``: a Prefect deployment served locally picks up new files each tick."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlmodel import select

from models.db import get_engine, session_scope
from models.tables import Recording
from qa.asr.weights import resolve_model

SPEECH = Path(__file__).resolve().parent / "data" / "speech"
CALLQA = str(Path(sys.executable).with_name("callqa"))


def _done(db_url: str) -> dict[str, int]:
    """Processed files and how many times each was claimed."""
    if not Path(db_url.removeprefix("sqlite:///")).exists():
        return {}
    with session_scope(get_engine(db_url, upgrade=False)) as session:
        try:
            rows = session.exec(select(Recording).where(Recording.status == "done")).all()
        except Exception:  # schema not created yet
            return {}
        return {Path(r.path).name: r.attempts for r in rows}


def _wait_for(db_url: str, names: set[str], proc: subprocess.Popen, timeout_s: float = 180):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read().decode()
        done = _done(db_url)
        if names <= set(done):
            return done
        time.sleep(0.5)
    raise AssertionError(f"not processed in {timeout_s} s: {names - set(_done(db_url))}")


def test_watch_processes_new_files_on_each_tick_and_only_those(tmp_path, model_cache):
    resolve_model("tiny.en", cache_dir=model_cache)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    config = tmp_path / "config.yaml"
    config.write_text(
        f"data_dir: data\nasr:\n  model: tiny.en\n  language: en\n  cache_dir: {model_cache}\n",
        encoding="utf-8",
    )
    db_url = f"sqlite:///{tmp_path / 'data' / 'callqa.db'}"
    shutil.copy(SPEECH / "en_gcp_brooklyn_bridge.wav", inbox / "first.wav")
    proc = subprocess.Popen(
        [CALLQA, "watch", str(inbox), "--every", "5", "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=dict(os.environ),
    )
    try:
        assert _wait_for(db_url, {"first.wav"}, proc) == {"first.wav": 1}
        shutil.copy(SPEECH / "en_azure_whats_the_weather_like.wav", inbox / "second.wav")
        done = _wait_for(db_url, {"first.wav", "second.wav"}, proc)
        time.sleep(6)  # at least one more tick with nothing new
        assert _done(db_url) == done == {"first.wav": 1, "second.wav": 1}
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    server_pid = int((tmp_path / "data" / "prefect" / "server.pid").read_text())
    deadline = time.monotonic() + 20
    while _alive(server_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(server_pid), "the Prefect server outlived callqa watch"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (exited, not yet reaped by its parent) is gone for our purposes
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text())
