"""Run Prefect embedded: a temporary local server, analytics off, home in data_dir.

Prefect reads its settings from the environment when first imported, so this
must run before ``import prefect``. Settings the user set explicitly win.
"""

from __future__ import annotations

import os
from pathlib import Path

SERVER_STARTUP_TIMEOUT_S = 120  # a cold 2-core machine can take a while


def configure_prefect(data_dir: Path, *, quiet: bool = True) -> None:
    home = Path(data_dir) / "prefect"
    home.mkdir(parents=True, exist_ok=True)
    defaults = {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE": "true",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": str(SERVER_STARTUP_TIMEOUT_S),
        "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
    }
    if quiet:
        defaults["PREFECT_LOGGING_LEVEL"] = "WARNING"
        defaults["PREFECT_LOGGING_SERVER_LEVEL"] = "WARNING"
    for name, value in defaults.items():
        os.environ.setdefault(name, value)
