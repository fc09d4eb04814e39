"""Crash safety with real processes: kill -9 mid-batch, and two runs at once.

``callqa run`` runs as a subprocess with the real tiny.en model on short real
clips, so this exercises what an operator would actually see.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from callqa.flows.prefect_env import stop_server
from callqa.models.db import get_engine, session_scope
from callqa.models.tables import CallMetrics, CallScore, Recording, TranscriptSegment
from callqa.qa.asr.weights import resolve_model
from sqlmodel import func, select

SPEECH = Path(__file__).resolve().parent / "data" / "speech"
CLIPS = [
    "en_librivox_sense_and_sensibility_0870",
    "en_librivox_sense_and_sensibility_0890",
    "en_librivox_sense_and_sensibility_0920",
    "en_pocketsphinx_goforward",
    "en_azure_whats_the_weather_like",
    "en_gcp_brooklyn_bridge",
]
CALLQA = str(Path(sys.executable).with_name("callqa"))


@pytest.fixture
def batch(tmp_path, model_cache) -> Iterator[tuple[Path, Path, str]]:
    """Twelve distinct recordings (each clip twice, the copy with extra silence)."""
    resolve_model("tiny.en", cache_dir=model_cache)
    folder = tmp_path / "calls"
    folder.mkdir()
    for name in CLIPS:
        audio, rate = sf.read(SPEECH / f"{name}.wav", dtype="float32")
        sf.write(folder / f"{name}.wav", audio, rate)
        padded = np.concatenate([audio, np.zeros(int(0.5 * rate), dtype=np.float32)])
        sf.write(folder / f"{name}_copy.wav", padded, rate)
    config = tmp_path / "config.yaml"
    config.write_text(
        f"data_dir: data\nasr:\n  model: tiny.en\n  language: en\n  cache_dir: {model_cache}\n",
        encoding="utf-8",
    )
    yield folder, config, f"sqlite:///{tmp_path / 'data' / 'callqa.db'}"
    stop_server(tmp_path / "data")  # and the warm worker: neither outlives the test


def _start(folder: Path, config: Path) -> subprocess.Popen:
    env = dict(os.environ)
    return subprocess.Popen(
        [CALLQA, "run", str(folder), "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,  # its own process group, so a "crash" can take all of it down
    )


def _count(db_url: str, table, *where) -> int:
    with session_scope(get_engine(db_url)) as session:
        return session.exec(select(func.count()).select_from(table).where(*where)).one()


def _assert_each_file_stored_once(db_url: str, files: int) -> None:
    assert _count(db_url, Recording) == files
    assert _count(db_url, Recording, Recording.status == "done") == files
    assert _count(db_url, CallScore) == files
    assert _count(db_url, CallMetrics) == files
    with session_scope(get_engine(db_url)) as session:
        pairs = session.exec(select(TranscriptSegment.recording_id, TranscriptSegment.idx)).all()
        assert len(pairs) == len(set(pairs)), "duplicate transcript segments"
        assert {rid for rid, _ in pairs} == set(session.exec(select(Recording.id)).all())


def test_kill_mid_batch_then_rerun_finishes_each_file_once(batch):
    folder, config, db_url = batch
    files = len(list(folder.glob("*.wav")))
    proc = _start(folder, config)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if Path(db_url[len("sqlite:///") :]).exists() and _count(
            db_url, Recording, Recording.status == "done"
        ):
            break
        time.sleep(0.2)
    assert proc.poll() is None, "the run finished before it could be killed:\n" + (
        proc.stdout.read().decode()
    )
    os.killpg(proc.pid, signal.SIGKILL)  # the run and Prefect's server die together
    proc.wait()  # reap it, so its pid is really gone
    done_before = {}
    with session_scope(get_engine(db_url)) as session:
        for rec in session.exec(select(Recording).where(Recording.status == "done")):
            done_before[rec.id] = rec.processed_at
    assert 0 < len(done_before) < files

    rerun = _start(folder, config)
    output = rerun.communicate(timeout=600)[0].decode()
    assert rerun.returncode == 0, output

    _assert_each_file_stored_once(db_url, files)
    with session_scope(get_engine(db_url)) as session:
        for rid, processed_at in done_before.items():  # nothing done before the kill was redone
            rec = session.get(Recording, rid)
            assert rec.processed_at == processed_at and rec.attempts == 1
        assert max(r.attempts for r in session.exec(select(Recording))) <= 2


def test_two_runs_at_once_never_process_a_file_twice(batch):
    folder, config, db_url = batch
    files = len(list(folder.glob("*.wav")))
    first, second = _start(folder, config), _start(folder, config)
    outputs = [p.communicate(timeout=600)[0].decode() for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outputs
    _assert_each_file_stored_once(db_url, files)
    with session_scope(get_engine(db_url)) as session:
        assert {r.attempts for r in session.exec(select(Recording))} == {1}
    shutil.rmtree(folder)
