"""Hand a batch to the warm worker: one process per data_dir that keeps the models loaded.

A new ``callqa run`` otherwise pays, before its first file, for importing
Prefect, librosa and spaCy and for loading Whisper and viet-asr: 6-8 s of CPU
on a small machine, more than the 45 s call itself costs to decode. The first
run that needs the worker starts it (``python -m callqa.flows.worker``, in the
background, under a lock, its log in ``<data_dir>/prefect/worker.log``); it
runs the same Prefect flow (:func:`flows.pipeline.process_pending`) against the
data_dir's local Prefect server, in its own process, and later runs only send
it their pending files. The client imports neither Prefect nor any model.

What keeps this safe:

* the worker answers on 127.0.0.1 only, and only to a request carrying the
  random token in ``worker.json`` (mode 0600, in the owner-only data_dir);
* ``worker.json`` records a fingerprint of the installed code and Python: a
  worker started by older code is stopped and replaced;
* one batch at a time: a run that finds the worker busy processes its files
  in its own process, as before (the database claims keep the two apart);
* the worker claims each file as itself; a run stopped mid-file gives its
  files back (:func:`~flows.registry.release_claims`) and the worker then
  stores nothing for the file in hand (:func:`~flows.registry.hold_claim`)
  and starts no further file;
* a worker that dies or stops mid-batch raises :class:`WorkerLost` with what
  it finished, and the caller processes the rest itself;
* the worker stops after ``PREFECT_SERVER_IDLE_STOP_S`` seconds without a run,
  when its Prefect server stops, or on SIGTERM (``stop_worker``).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

from callqa.flows.outcome import FileOutcome
from callqa.flows.processes import pid_alive
from callqa.flows.registry import Registered
from callqa.qa.config import Config
from callqa.qa.errors import CallqaError

logger = logging.getLogger(__name__)

WORKER_STARTUP_TIMEOUT_S = 60  # until it listens: Python and numpy, not the models
CONNECT_TIMEOUT_S = 5.0
# Until the worker takes the batch: it may be starting the Prefect server (up to 120 s).
FIRST_REPLY_TIMEOUT_S = 180.0
PACKAGES = ("callqa", "callqa.app", "callqa.flows", "callqa.models", "callqa.qa")


class WorkerUnavailable(CallqaError):
    """No warm worker could take the batch (busy, failed to start, or stale)."""


class WorkerLost(CallqaError):
    """The worker stopped mid-batch; ``outcomes`` are the files it finished."""

    def __init__(self, message: str, outcomes: list[FileOutcome], pid: int | None = None) -> None:
        super().__init__(message)
        self.outcomes = outcomes
        self.pid = pid  # the worker, when it went away without a word (killed, crashed)

    def wait_for_exit(self, timeout_s: float = 10.0) -> None:
        """Until the dead worker is really gone, so its claims count as stale."""
        deadline = time.monotonic() + timeout_s
        while self.pid is not None and _alive(self.pid) and time.monotonic() < deadline:
            time.sleep(0.05)


def home_of(data_dir: Path) -> Path:
    home = Path(data_dir) / "prefect"
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    return home


def code_fingerprint() -> str:
    """What the worker's results depend on besides the request: the code and the Python."""
    import importlib.util

    digest = hashlib.sha256(sys.executable.encode())
    with contextlib.suppress(metadata.PackageNotFoundError):  # a source tree has none
        digest.update(metadata.version("callqa").encode())
    for entry in sys.path:  # site-packages changes when a dependency is installed
        if entry.endswith(("site-packages", "dist-packages")):
            with contextlib.suppress(OSError):
                digest.update(f"{entry}:{os.stat(entry).st_mtime_ns}".encode())
    for name in PACKAGES:
        spec = importlib.util.find_spec(name)
        for folder in spec.submodule_search_locations or () if spec else ():
            for path in sorted(Path(folder).glob("**/*.py")):
                stat = path.stat()
                digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()[:16]


def run_in_worker(
    data_dir: Path,
    config: Config,
    db_url: str,
    pending: Sequence[Registered],
    on_file: Callable[[FileOutcome], None] | None = None,
    *,
    release: Callable[[str, list[int]], object],
) -> list[FileOutcome]:
    """Process ``pending`` in the data_dir's warm worker, started if none runs.

    ``release(owner, ids)`` gives back the files the worker has claimed for
    this run when the caller is stopped (Ctrl+C, SIGTERM). Raises
    :class:`WorkerUnavailable` before any file was touched, :class:`WorkerLost`
    after.
    """
    info = ensure_worker(data_dir)
    request = {
        "token": info["token"],
        "config": config.model_dump(mode="json", include=set(Config.model_fields)),
        "db_url": db_url,
        "pending": [[entry.recording_id, entry.path] for entry in pending],
    }
    ids = [entry.recording_id for entry in pending]
    try:
        conn = socket.create_connection(("127.0.0.1", info["port"]), timeout=CONNECT_TIMEOUT_S)
    except OSError as exc:
        raise WorkerUnavailable(f"the warm worker does not answer ({exc})") from exc
    outcomes: list[FileOutcome] = []
    owner = None
    with conn, conn.makefile("rb") as replies:
        try:
            conn.sendall(json.dumps(request).encode() + b"\n")
            conn.settimeout(FIRST_REPLY_TIMEOUT_S)  # a hung worker does not hang the run
            for line in replies:
                reply = json.loads(line)
                if "ready" in reply:
                    owner = reply["owner"]
                    conn.settimeout(None)  # a file takes as long as it takes
                elif "file" in reply:
                    fields = reply["file"]
                    stages = tuple(tuple(stage) for stage in fields.pop("stages", ()))
                    outcome = FileOutcome(**fields, stages=stages)
                    outcomes.append(outcome)
                    if on_file is not None:
                        on_file(outcome)
                elif "done" in reply:
                    return outcomes
                elif "busy" in reply or "refused" in reply:
                    raise WorkerUnavailable(reply.get("busy") or reply["refused"])
                elif "error" in reply:
                    raise WorkerLost(f"the warm worker stopped: {reply['error']}", outcomes)
        except (WorkerUnavailable, WorkerLost):
            raise
        except OSError as exc:
            raise WorkerLost(f"lost the warm worker ({exc})", outcomes, info["pid"]) from exc
        except BaseException:  # stopped (Ctrl+C, SIGTERM): give the files back at once
            if owner is not None:
                release(owner, ids)
            raise
    if owner is None:
        raise WorkerUnavailable("the warm worker closed the connection")
    log = home_of(data_dir) / "worker.log"
    raise WorkerLost(f"the warm worker stopped; see {log}", outcomes, info["pid"])


def ensure_worker(data_dir: Path, *, startup_timeout_s: float = WORKER_STARTUP_TIMEOUT_S) -> dict:
    """``worker.json`` of data_dir's live, current worker; started (under a lock) if none runs."""
    home = home_of(data_dir)
    fingerprint = code_fingerprint()
    with (home / "worker.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        info = running_worker(data_dir)
        if info is not None and info.get("fingerprint") == fingerprint:
            return info
        if info is not None:
            logger.info("the warm worker runs older code: replacing it")
            stop_worker(data_dir)
        token = secrets.token_urlsafe(32)
        idle_s = os.environ.get("PREFECT_SERVER_IDLE_STOP_S", "3600")
        with (home / "worker.log").open("ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "callqa.flows.worker", str(Path(data_dir)), idle_s],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.PIPE,
                start_new_session=True,  # outlives this run; stops itself when idle
                cwd=Path(__file__).resolve().parent.parent,
            )
        secret = {"token": token, "fingerprint": fingerprint}  # not on a command line
        process.stdin.write(json.dumps(secret).encode() + b"\n")
        process.stdin.close()
        _spawned.append(process)
        deadline = time.monotonic() + startup_timeout_s
        while True:
            info = running_worker(data_dir)
            if info is not None and info.get("pid") == process.pid:
                return info
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise WorkerUnavailable(f"the warm worker did not start; see {home / 'worker.log'}")
            time.sleep(0.05)


_spawned: list[subprocess.Popen] = []  # reaped by reap(), so a dead worker is no zombie


def reap() -> None:
    for process in list(_spawned):
        if process.poll() is not None:
            _spawned.remove(process)


def running_worker(data_dir: Path) -> dict | None:
    """data_dir's worker as ``worker.json`` records it, if that process is alive."""
    try:
        info = json.loads((home_of(data_dir) / "worker.json").read_text())
    except (OSError, ValueError):
        return None
    pid = info.get("pid")
    if not isinstance(pid, int) or not _alive(pid):
        return None
    return info


def stop_worker(data_dir: Path, timeout_s: float = 20.0) -> bool:
    """Stop data_dir's warm worker; False if none was running."""
    info = running_worker(data_dir)
    (home_of(data_dir) / "worker.json").unlink(missing_ok=True)
    if info is None:
        return False
    try:
        os.kill(info["pid"], signal.SIGTERM)
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + timeout_s
    while _alive(info["pid"]) and time.monotonic() < deadline:
        reap()
        time.sleep(0.1)
    return True


def write_info(home: Path, info: dict) -> None:
    """Write ``worker.json`` atomically, readable by the owner only (it holds the token)."""
    partial = home / f"worker.json.{os.getpid()}"
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump(info, out)
    os.replace(partial, home / "worker.json")


def outcome_message(outcome: FileOutcome) -> bytes:
    return json.dumps({"file": asdict(outcome)}).encode() + b"\n"


def _alive(pid: int) -> bool:
    reap()  # our own dead children first, so they are not left as zombies
    return pid_alive(pid)
