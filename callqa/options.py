"""Command-line options every callqa command shares (one definition for all modules)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        envvar="CALLQA_CONFIG",
        help="Config file (default: ./config.yaml when present, else built-in defaults).",
        dir_okay=False,
    ),
]
DbOpt = Annotated[
    str | None,
    typer.Option("--db", envvar="CALLQA_DB", help="SQLAlchemy database URL (overrides config)."),
]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details.")]
