"""Command-line options every callqa command shares (one definition for all modules)."""

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

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


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOpt = Annotated[Format, typer.Option("--format", help="table, json or csv.")]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (CSV gets a BOM for spreadsheets)."),
]


def emit(rows: list[dict], fmt: Format, output: Path | None, console: Console) -> None:
    """Rows as JSON or CSV (formula-safe) on stdout, or into ``output``."""
    from callqa.app.reports import to_csv

    if fmt is Format.json:
        text = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    else:
        text = to_csv(rows)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8-sig" if fmt is Format.csv else "utf-8")
        console.print(f"wrote {len(rows)} rows to {output}", highlight=False)
