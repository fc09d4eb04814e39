"""`make test` on a machine without Chromium stops at once with the command to run."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_missing_browser_stops_make_test_at_once_with_the_command():
    env = {**os.environ, "CALLQA_CHROMIUM": "/nonexistent/chromium", "CALLQA_PREREQS_INSTALL": "0"}
    started = time.monotonic()
    result = subprocess.run(
        ["make", "--no-print-directory", "prereqs"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert time.monotonic() - started < 10
    assert result.returncode != 0
    assert "no browser at /nonexistent/chromium" in result.stderr
    assert "sudo apt-get install -y --no-install-recommends" in result.stderr
    assert "chromium" in result.stderr.split("run:", 1)[1]


def test_make_test_checks_the_prerequisites_before_anything_else():
    plan = subprocess.run(
        ["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.splitlines()
    commands = [line for line in plan if line.strip() and not line.startswith("make")]
    first_real = next(i for i, line in enumerate(commands) if "test-prereqs" in line)
    assert all("pytest" not in line and "ruff" not in line for line in commands[:first_real])


def test_present_prerequisites_pass():
    env = {**os.environ, "CALLQA_CHROMIUM": "/bin/sh", "CALLQA_PREREQS_INSTALL": "0"}
    result = subprocess.run(
        ["scripts/test-prereqs.sh"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    has_pg = any(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    assert (result.returncode == 0) == has_pg, result.stderr
