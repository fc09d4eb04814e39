"""The entry point's view of configuration: the validated config plus the DB URL."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from qa.config import Config, load_config

DEFAULT_CONFIG = Path("config.yaml")


@dataclass(frozen=True)
class Settings:
    config: Config
    config_path: Path | None
    db_url: str

    def engine(self):
        """The database engine (schema brought to the newest migration on first use)."""
        from models.db import get_engine

        return get_engine(self.db_url)


def load_settings(
    config_path: Path | None, *, db_url: str | None, environ: Mapping[str, str]
) -> Settings:
    """``--config`` / ``CALLQA_CONFIG``, else ./config.yaml if present, else defaults."""
    if config_path is None and DEFAULT_CONFIG.is_file():
        config_path = DEFAULT_CONFIG
    config = load_config(config_path, environ)
    return Settings(config=config, config_path=config_path, db_url=db_url or config.database_url)
