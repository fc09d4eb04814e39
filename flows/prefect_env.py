"""Run Prefect locally: one server per data_dir, started once and reused; analytics off.

Starting Prefect's server costs 5-10 s on a small machine, so the first run
that needs one starts it in the background (``prefect server start`` on a
free port on 127.0.0.1, its home and log under ``<data_dir>/prefect``) and
writes its address to ``server.json``; later runs find it there and connect
in milliseconds. A file lock makes concurrent runs agree on one server. The
server stops by itself after ``PREFECT_SERVER_IDLE_STOP_S`` seconds (default 3600)
without a run; ``stop_server`` stops it at once. A ``PREFECT_API_URL`` the
user set wins over all of this.

Prefect reads its settings from the environment when first imported, so this
must run before ``import prefect``. Settings the user set explicitly win.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from callqa.flows.processes import pid_alive
from callqa.qa.errors import CallqaError

SERVER_STARTUP_TIMEOUT_S = 120  # a cold 2-core machine can take a while


def configure_prefect(data_dir: Path, *, quiet: bool = True) -> None:
    home = Path(data_dir) / "prefect"
    Path(data_dir).mkdir(mode=0o700, parents=True, exist_ok=True)  # owner only: personal data
    home.mkdir(mode=0o700, exist_ok=True)
    defaults = {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE": "true",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": str(SERVER_STARTUP_TIMEOUT_S),
        "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
        "PREFECT_SERVER_BLOCKS_REGISTER_ON_START": "false",  # no blocks used; 0.3 s per start
    }
    if quiet:
        defaults["PREFECT_LOGGING_LEVEL"] = "WARNING"
        defaults["PREFECT_LOGGING_SERVER_LEVEL"] = "WARNING"
    for name, value in defaults.items():
        os.environ.setdefault(name, value)


IDLE_ENV = "PREFECT_SERVER_IDLE_STOP_S"


class PrefectServerError(CallqaError):
    """The local Prefect server could not be started."""


DEFAULT_IDLE_S = 3600


def connect_prefect(data_dir: Path, *, quiet: bool = True) -> str | None:
    """Point this process at the machine's local Prefect server, starting it if needed.

    Returns its API URL; None when Prefect is already imported with an API
    chosen by the caller (a test harness) or without one (then Prefect starts
    its own temporary server).
    """
    global _connected
    configure_prefect(data_dir, quiet=quiet)
    given = os.environ.get("PREFECT_API_URL")
    if given and given != _connected:
        return given  # the user's server
    if not given and "prefect" in sys.modules:  # too late to choose one through the environment
        return None
    # ours: make sure it still runs (it stops when idle), on the same port Prefect knows
    port = int(given.rsplit(":", 1)[1].split("/")[0]) if given else None
    _connected = os.environ["PREFECT_API_URL"] = ensure_server(data_dir, port=port)
    return _connected


_connected: str | None = None  # the URL this process set


def prefect_is_ours() -> bool:
    """True when runs in this process would use data_dir's local server (as ``connect_prefect``).

    False when the user set ``PREFECT_API_URL`` or Prefect is imported already
    (a test harness or an embedding program chose its own).
    """
    given = os.environ.get("PREFECT_API_URL")
    if given:
        return given == _connected
    return "prefect" not in sys.modules


def _home(data_dir: Path) -> Path:
    home = Path(data_dir) / "prefect"
    home.mkdir(mode=0o700, parents=True, exist_ok=True)  # owner only, as configure_prefect
    return home


def _touch(data_dir: Path) -> None:
    (_home(data_dir) / "last_used").touch()


def _healthy(url: str, timeout_s: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout_s) as response:
            return response.status == 200
    except OSError:
        return False


def running_server(data_dir: Path) -> dict | None:
    """The server recorded under data_dir, if it is alive and answering."""
    info = _home(data_dir) / "server.json"
    try:
        server = json.loads(info.read_text())
    except (OSError, ValueError):
        return None
    if not pid_alive(server.get("pid", -1)) or not _healthy(server.get("url", "")):
        return None
    return server


def ensure_server(
    data_dir: Path, *, port: int | None = None, startup_timeout_s: float = SERVER_STARTUP_TIMEOUT_S
) -> str:
    """The URL of data_dir's Prefect server, started (once, under a lock) if none runs."""
    home = _home(data_dir)
    with (home / "server.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _touch(data_dir)
        server = running_server(data_dir)
        if server is not None and (port is None or server["url"].endswith(f":{port}/api")):
            return server["url"]
        if port is None:
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
        url = f"http://127.0.0.1:{port}/api"
        idle_s = os.environ.get(IDLE_ENV, str(DEFAULT_IDLE_S))
        with (home / "server.log").open("ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "callqa.flows.prefect_server", str(home), str(port), idle_s],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env={**os.environ, "PREFECT_UI_ENABLED": "false"},
                start_new_session=True,  # outlives this run; stops itself when idle
                cwd=Path(__file__).resolve().parent.parent,
            )
        deadline = time.monotonic() + startup_timeout_s
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise PrefectServerError(
                    f"the local Prefect server did not start within {startup_timeout_s:.0f} s; "
                    f"see {home / 'server.log'}"
                )
            time.sleep(0.2)
        (home / "server.json").write_text(json.dumps({"pid": process.pid, "url": url}))
        return url


def stop_server(data_dir: Path, timeout_s: float = 20.0) -> bool:
    """Stop data_dir's Prefect server and its warm worker; False if no server was running."""
    from callqa.flows.worker_client import stop_worker

    stop_worker(data_dir, timeout_s)
    info = _home(data_dir) / "server.json"
    try:
        pid = json.loads(info.read_text())["pid"]
    except (OSError, ValueError, KeyError):
        return False
    info.unlink(missing_ok=True)
    if not pid_alive(pid):
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return True
