"""Shared fixtures: a throwaway data folder, a shared model cache, real clips."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import NamedTuple

import pytest
from callqa.flows.prefect_env import configure_prefect
from callqa.qa.config import Config, load_config

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


class TinyEn(NamedTuple):
    folder: Path  # empty: the test puts its calls here
    config: Path
    db_url: str


@pytest.fixture
def tiny_en(tmp_path, model_cache):
    """A calls folder and a config for the real CLI with the tiny.en model (weights
    assembled first); the data folder's Prefect server and warm worker stopped after."""
    from callqa.flows.prefect_env import stop_server
    from callqa.qa.asr.weights import resolve_model

    resolve_model("tiny.en", cache_dir=model_cache)
    folder = tmp_path / "calls"
    folder.mkdir()
    config = tmp_path / "config.yaml"
    config.write_text(
        f"data_dir: data\nasr:\n  model: tiny.en\n  language: en\n  cache_dir: {model_cache}\n",
        encoding="utf-8",
    )
    yield TinyEn(folder, config, f"sqlite:///{tmp_path / 'data' / 'callqa.db'}")
    stop_server(tmp_path / "data")


@pytest.fixture
def config(tmp_path, model_cache) -> Config:
    """Defaults with data in a temporary folder and the session's model cache."""
    path = tmp_path / "config.yaml"
    path.write_text(f"data_dir: data\nasr:\n  cache_dir: {model_cache}\n", encoding="utf-8")
    return load_config(path, environ={})


@pytest.fixture
def app_config(config, tmp_path):
    """The same config as the entry point loads it (with database, runner and dask)."""
    from callqa.app.settings import load_app_config

    return load_app_config(tmp_path / "config.yaml", environ={})


POSTGRES_ENV = "POSTGRES_TEST_URL"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A fresh, empty database: a SQLite file, and a new PostgreSQL database.

    ``make test`` starts a throwaway PostgreSQL server (scripts/with-postgres.sh)
    and sets POSTGRES_TEST_URL; without it the PostgreSQL cases fail.
    """
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'callqa.db'}"
    return _fresh_postgres_database(request.node.name)


def _fresh_postgres_database(test_name: str) -> str:
    import re
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.fail(
            f"{POSTGRES_ENV} is not set: run the suite with `make test` (it starts PostgreSQL) "
            "or point the variable at a server where databases may be created"
        )
    name = "t_" + re.sub(r"\W", "_", test_name.lower())[:40] + "_" + uuid.uuid4().hex[:8]
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


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
