"""``callqa persona``: fill a campaign's persona form from one transcript.

Registered on the main app at the end of callqa/cli.py; the library work is in
``qa.persona``, this module only parses options and prints.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from callqa.options import ConfigOpt
from callqa.settings import load_settings
from qa.errors import CallqaError

console = Console()
err_console = Console(stderr=True)


def persona(
    transcript: Annotated[
        Path, typer.Argument(help="Transcript JSON, as `callqa transcribe --json` writes it.")
    ],
    form: Annotated[
        Path | None,
        typer.Option("--form", help="Persona form YAML (default: the configured form)."),
    ] = None,
    campaign: Annotated[
        str | None, typer.Option("--campaign", help="Use the form configured for this campaign.")
    ] = None,
    call_date: Annotated[
        datetime | None,
        typer.Option("--call-date", formats=["%Y-%m-%d"], help="Dates are relative to this day."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Write the filled form as JSON.")] = False,
    config: ConfigOpt = None,
) -> None:
    """Fill the persona form from a transcript: values, completeness, fit and reasons."""
    import os

    from qa.persona import fill, load_form, result_to_dict
    from qa.persona.catalog import load_catalog
    from qa.scoring import load_transcript

    try:
        if form is not None:
            chosen = load_form(form)
        else:
            cfg = load_settings(config, db_url=None, environ=os.environ).config.persona
            catalog = load_catalog(folder=cfg.folder, forms=cfg.forms, default=cfg.default)
            chosen = catalog.for_campaign(campaign)
        result = fill(
            load_transcript(transcript), chosen, call_date.date() if call_date else date.today()
        )
    except CallqaError as exc:
        err_console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None
    if as_json:
        json.dump(result_to_dict(result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    print_persona(console, result)


def print_persona(console: Console, result) -> None:
    """The filled form as a table, then the fit and its reasons."""
    from qa.persona import json_value

    console.print(
        f"form [bold]{result.form_name}[/bold] {result.form_version}: "
        f"{result.completeness:.0%} filled",
        highlight=False,
    )
    table = Table("field", "value", "at", "from")
    for value in result.values:
        shown = json_value(value.value)
        if isinstance(shown, int | float):
            shown = f"{shown:,}"
        table.add_row(
            value.field,
            str(shown),
            f"{value.start:.1f}s",
            ("confirmed: " if value.confirmed else "") + value.text[:60],
        )
    for name in result.missing:
        table.add_row(name, "[dim]not asked / not stated", "", "")
    console.print(table)
    colour = {"right": "green", "wrong": "red"}.get(result.fit, "yellow")
    console.print(f"fit: [{colour}]{result.fit}[/]", highlight=False)
    for reason in result.reasons:
        console.print(f"  - {reason}", highlight=False)
