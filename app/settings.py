"""The entry point's configuration: qa's config plus the application's own sections.

One ``config.yaml`` is validated once, as a whole, into :class:`AppConfig`:
qa's :class:`qa.config.Config` (what the library uses) plus the sections only
the application uses: ``database`` (where results are stored) ``runner``
and ``dask`` (where the per-file tasks run) and ``ui`` (the review web app).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from callqa.qa.config import Config, Section, load_config
from pydantic import Field

DEFAULT_CONFIG = Path("config.yaml")


class DatabaseConfig(Section):
    url: str | None = None  # None: SQLite file under data_dir


class DaskConfig(Section):
    address: str | None = None  # tcp://scheduler:8786; None: start a local cluster
    workers: int = Field(default=2, ge=1)  # local cluster worker processes


class UiConfig(Section):
    """The review web app: default language and coaching thresholds."""

    language: Literal["vi", "en"] = "vi"  # when neither the user nor the browser chooses
    min_calls_to_rank: int = Field(default=3, ge=1)  # fewer calls: scorecard shown, not ranked


class AppConfig(Config):
    database: DatabaseConfig = DatabaseConfig()
    runner: Literal["local", "dask"] = "local"  # where per-file tasks run
    # runner local: a warm worker process beside the local Prefect server keeps the
    # models loaded between runs (flows/worker_client.py); false: in the run's process
    warm_worker: bool = True
    dask: DaskConfig = DaskConfig()
    ui: UiConfig = UiConfig()  # the review web app

    @property
    def database_url(self) -> str:
        return self.database.url or f"sqlite:///{self.data_dir / 'callqa.db'}"

    def without_secrets(self) -> AppConfig:
        """This config as a flow parameter: Prefect stores parameters in its own database."""
        return self.model_copy(update={"database": self.database.model_copy(update={"url": None})})


def load_app_config(path: Path | None, environ: Mapping[str, str] | None = None) -> AppConfig:
    return load_config(path, environ, model=AppConfig)


@dataclass(frozen=True)
class Settings:
    config: AppConfig
    config_path: Path | None
    db_url: str

    @property
    def shown_db_url(self) -> str:
        """The database URL as it may be printed: the password masked."""
        from callqa.models.db import shown_url

        return shown_url(self.db_url)

    def engine(self):
        """The database engine (schema brought to the newest migration on first use)."""
        from callqa.models.db import get_engine

        return get_engine(self.db_url)


def load_settings(
    config_path: Path | None, *, db_url: str | None, environ: Mapping[str, str]
) -> Settings:
    """``--config`` / ``CALLQA_CONFIG``, else ./config.yaml if present, else defaults."""
    if config_path is None and DEFAULT_CONFIG.is_file():
        config_path = DEFAULT_CONFIG
    config = load_app_config(config_path, environ)
    return Settings(config=config, config_path=config_path, db_url=db_url or config.database_url)
