"""Run Prefect embedded: a temporary local server, analytics off, home in data_dir.

Prefect reads its settings from the environment when first imported, so this
must run before ``import prefect``. Settings the user set explicitly win.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

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


@contextmanager
def local_server(data_dir: Path, *, startup_timeout_s: float = SERVER_STARTUP_TIMEOUT_S):
    """A Prefect server on 127.0.0.1 for as long as the block runs (scheduling needs one).

    Call before ``import prefect``; sets PREFECT_API_URL for this process.
    """
    configure_prefect(data_dir)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/api"
    log = (Path(data_dir) / "prefect" / "server.log").open("ab")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "prefect",
            "server",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PREFECT_UI_ENABLED": "false"},
    )
    (Path(data_dir) / "prefect" / "server.pid").write_text(str(server.pid))
    try:
        deadline = time.monotonic() + startup_timeout_s
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Prefect server did not start; see {log.name}")
            time.sleep(0.5)
        os.environ["PREFECT_API_URL"] = url
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
