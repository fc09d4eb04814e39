"""Whether a process recorded by pid (a Prefect server, a warm worker, a
run that claimed files) is still running."""

from __future__ import annotations

import os
from pathlib import Path


def pid_alive(pid: object) -> bool:
    """True while the process exists and has not exited; a zombie (exited,
    not yet reaped by its parent) counts as gone. Not a positive int: False."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
