"""The warm worker: reused between runs, replaced when stale, safe when a run or it dies.

Real CLI subprocesses, the real tiny.en model on short real clips.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from callqa.flows.prefect_env import stop_server
from callqa.flows.processes import pid_alive
from callqa.flows.worker_client import ensure_worker, running_worker, stop_worker
from callqa.models.db import get_engine, session_scope
from callqa.models.tables import TranscriptSegment
from sqlmodel import func, select

from tests.recordings import stored_recordings

SPEECH = Path(__file__).resolve().parent / "data" / "speech"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "calls"
CALLQA = str(Path(sys.executable).with_name("callqa"))
ENV = {**os.environ, "PREFECT_SERVER_IDLE_STOP_S": "120"}  # leftovers stop soon


def _run(folder: Path, config: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CALLQA, "run", str(folder), "--config", str(config)],
        capture_output=True,
        text=True,
        env={**ENV, **env},
        timeout=600,
    )


def _start(folder: Path, config: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [CALLQA, "run", str(folder), "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=ENV,
    )


def _texts(db_url: str) -> list[str]:
    with session_scope(get_engine(db_url)) as session:
        return list(
            session.exec(select(TranscriptSegment.text).order_by(TranscriptSegment.idx)).all()
        )


def _segments(db_url: str) -> int:
    with session_scope(get_engine(db_url)) as session:
        return session.exec(select(func.count()).select_from(TranscriptSegment)).one()


def _wait_until(condition, timeout_s: float = 180, what: str = "") -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_runs_reuse_one_worker_and_store_what_a_run_in_its_own_process_stores(tiny_en, tmp_path):
    folder, config, db_url = tiny_en
    shutil.copy(SPEECH / "en_gcp_brooklyn_bridge.wav", folder / "first.wav")
    first = _run(folder, config)
    assert first.returncode == 0, first.stdout + first.stderr
    data = tmp_path / "data"
    worker = running_worker(data)
    assert worker is not None
    shutil.copy(SPEECH / "en_azure_whats_the_weather_like.wav", folder / "second.wav")
    second = _run(folder, config)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "1 processed, 1 already stored" in " ".join(second.stdout.split())
    assert running_worker(data)["pid"] == worker["pid"]  # the same warm process
    owner = f":{worker['pid']}"  # both processed by the worker, once
    assert {
        (Path(r.path).name, r.status, r.claimed_by.endswith(owner), r.attempts)
        for r in stored_recordings(db_url)
    } == {("first.wav", "done", True, 1), ("second.wav", "done", True, 1)}
    # the same file processed in the run's own process gives the same transcript
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(folder / "second.wav", alone / "second.wav")
    config_alone = tmp_path / "alone.yaml"
    config_alone.write_text(config.read_text().replace("data_dir: data", "data_dir: data2"))
    here = _run(alone, config_alone, CALLQA_WARM_WORKER="false")
    assert here.returncode == 0, here.stdout + here.stderr
    assert running_worker(tmp_path / "data2") is None
    stop_server(tmp_path / "data2")
    in_worker = [t for t in _texts(db_url) if "weather" in t.lower()]
    assert in_worker and in_worker == _texts(f"sqlite:///{tmp_path / 'data2' / 'callqa.db'}")
    assert stop_server(data)
    assert running_worker(data) is None
    _wait_until(lambda: not Path(f"/proc/{worker['pid']}").exists(), 30, "the worker to exit")


def test_a_dead_or_outdated_worker_is_replaced(tmp_path):
    home = tmp_path / "prefect"
    home.mkdir()
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (home / "worker.json").write_text(json.dumps({"pid": dead.pid, "port": port, "token": "x"}))
    try:
        started = ensure_worker(tmp_path)
        assert started["pid"] != dead.pid and running_worker(tmp_path)["pid"] == started["pid"]
        assert ensure_worker(tmp_path) == started  # alive and current: reused
        outdated = {**started, "fingerprint": "older code"}
        (home / "worker.json").write_text(json.dumps(outdated))
        replaced = ensure_worker(tmp_path)
        assert replaced["pid"] != started["pid"]
        _wait_until(lambda: not pid_alive(started["pid"]), 30, "the old worker to exit")
    finally:
        stop_worker(tmp_path)


def test_a_worker_killed_mid_file_the_run_finishes_the_batch_itself(tiny_en, tmp_path):
    folder, config, db_url = tiny_en
    names = ["en_librivox_sense_and_sensibility_0870", "en_librivox_sense_and_sensibility_0890"]
    for name in names:
        shutil.copy(SPEECH / f"{name}.wav", folder / f"{name}.wav")
    shutil.copy(EXAMPLES / "en_solar_poor_09.wav", folder / "long.wav")
    run = _start(folder, config)
    _wait_until(
        lambda: (
            running_worker(tmp_path / "data") is not None
            and any(r.status == "processing" for r in stored_recordings(db_url))
        ),
        what="the worker to claim a file",
    )
    worker = running_worker(tmp_path / "data")
    [claimed] = [r for r in stored_recordings(db_url) if r.status == "processing"]
    assert claimed.claimed_by.endswith(f":{worker['pid']}")
    os.kill(worker["pid"], signal.SIGKILL)
    output = run.communicate(timeout=600)[0].decode()
    assert run.returncode == 0, output
    rows = stored_recordings(db_url)
    assert len(rows) == 3 and {r.status for r in rows} == {"done"}, output
    assert {r.attempts for r in rows if r.id == claimed.id} == {2}
    assert max(r.attempts for r in rows) <= 2


def test_a_run_stopped_mid_file_gives_it_back_and_the_worker_stores_nothing(tiny_en, tmp_path):
    folder, config, db_url = tiny_en
    shutil.copy(EXAMPLES / "en_solar_poor_09.wav", folder / "long.wav")  # 34 s of speech
    run = _start(folder, config)
    _wait_until(
        lambda: any(r.status == "processing" for r in stored_recordings(db_url)),
        what="a claimed file",
    )
    run.send_signal(signal.SIGTERM)
    stopped = time.monotonic()
    run.wait(timeout=15)
    assert time.monotonic() - stopped < 15
    [row] = stored_recordings(db_url)
    assert row.status == "pending" and row.claimed_by is None, row
    log = tmp_path / "data" / "prefect" / "worker.log"
    _wait_until(lambda: "given back" in log.read_text(), what="the worker to drop the file")
    [row] = stored_recordings(db_url)
    assert row.status == "pending" and _segments(db_url) == 0  # nothing stored behind its back
    again = _run(folder, config)
    assert again.returncode == 0, again.stdout + again.stderr
    [row] = stored_recordings(db_url)
    assert row.status == "done" and row.attempts == 2 and _segments(db_url) > 0


def test_an_edited_checklist_is_read_again_by_a_long_lived_process(tmp_path):
    from callqa.flows.resources import _checklist

    path = tmp_path / "checklist.yaml"
    text = Path(__file__).resolve().parent.parent / "qa" / "checklists" / "telesales_en.yaml"
    path.write_text(text.read_text(encoding="utf-8"), encoding="utf-8")
    paths = (("en", path),)
    first = _checklist(paths, "en")
    assert _checklist(paths, "en") is first  # unchanged: not read again
    path.write_text(
        path.read_text(encoding="utf-8").replace("pass_mark: 70", "pass_mark: 55"), "utf-8"
    )
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert first.pass_mark == 70 and _checklist(paths, "en").pass_mark == 55
