"""Shared fixtures: a throwaway data folder, a shared model cache, real clips."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from flows.prefect_env import configure_prefect
from qa.config import Config, load_config

# Wide Rich output, so assertions do not depend on line wrapping.
os.environ["COLUMNS"] = "250"
# Prefect reads its settings at import: point its home at a throwaway folder first.
configure_prefect(Path(tempfile.mkdtemp(prefix="callqa-prefect-")), quiet=True)

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory) -> Path:
    """Whisper weights assembled once per test session (from the pinned packages)."""
    return tmp_path_factory.mktemp("models")


@pytest.fixture
def config(tmp_path, model_cache) -> Config:
    """Defaults with data in a temporary folder and the session's model cache."""
    path = tmp_path / "config.yaml"
    path.write_text(f"data_dir: data\nasr:\n  cache_dir: {model_cache}\n", encoding="utf-8")
    return load_config(path, environ={})


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'callqa.db'}"


@pytest.fixture
def example_calls(tmp_path) -> Path:
    """Two bundled example calls (one English stereo, one Vietnamese mono) with sidecars."""
    folder = tmp_path / "calls"
    folder.mkdir()
    for stem in ("en_solar_poor_09", "vi_insurance_average_03"):
        for suffix in (".wav", ".json"):
            shutil.copy(EXAMPLES / "calls" / f"{stem}{suffix}", folder / f"{stem}{suffix}")
    return folder


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server for every test that runs a flow."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
