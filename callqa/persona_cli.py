"""``callqa persona``: fill a campaign's persona form from one transcript.

Registered on the main app at the end of callqa/cli.py; the library work is in
``qa.persona``, this module only parses options and prints.
"""

import json
import sys
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from callqa.app.settings import load_settings
from callqa.options import ConfigOpt, DbOpt, Format, FormatOpt, OutputOpt, emit
from callqa.qa.errors import CallqaError

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
        typer.Option(
            "--call-date", formats=["%Y-%m-%d"], help="Dates relative to this day (default: today)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Write the filled form as JSON.")] = False,
    config: ConfigOpt = None,
) -> None:
    """Fill the persona form from a transcript: values, completeness, fit and reasons."""
    import os

    from callqa.qa.persona import fill, load_form, result_to_dict
    from callqa.qa.persona.catalog import load_catalog
    from callqa.qa.scoring import load_transcript

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
    from callqa.qa.persona import json_value

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


class Grouping(StrEnum):
    campaign = "campaign"
    source = "source"
    month = "month"
    rep = "rep"


def _persona_calls(config: Path | None, db: str | None):
    import os

    from callqa.app.reports_persona import all_persona_calls

    try:
        return all_persona_calls(load_settings(config, db_url=db, environ=os.environ))
    except CallqaError as exc:
        err_console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None


def report_persona(
    by: Annotated[Grouping, typer.Option("--by", help="Group calls by this.")] = Grouping.campaign,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Persona form per campaign, source, month or rep: completeness, fit, reasons."""
    from callqa.persona_views import print_persona_groups, print_persona_reps
    from callqa.qa.persona import report

    calls = _persona_calls(config, db)
    if by is Grouping.rep:
        reps = report.by_rep(calls)
        if fmt is Format.table:
            print_persona_reps(console, reps)
            return
        rows = [_rep_dict(r, fmt) for r in reps]
    else:
        groups = report.by_group(calls, by.value)
        if fmt is Format.table:
            print_persona_groups(console, groups, by.value)
            return
        rows = [_group_dict(g, by.value, fmt) for g in groups]
    emit(rows, fmt, output, console)


def report_mismatches(
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Leads whose CRM status disagrees with their calls' fit, either way."""
    from callqa.qa.persona import report

    found = report.mismatches(_persona_calls(config, db))
    if fmt is Format.table:
        table = Table("lead", "CRM stage", "calls' fit", "calls", "why")
        for m in found:
            table.add_row(
                m.lead_id,
                m.crm_stage,
                m.call_fit,
                ", ".join(map(str, m.recording_ids)),
                "; ".join(m.reasons),
            )
        console.print(table)
        console.print(f"{len(found)} leads where the CRM and the calls disagree", highlight=False)
        return
    rows = [
        {
            "lead_id": m.lead_id,
            "crm_stage": m.crm_stage,
            "call_fit": m.call_fit,
            "recording_ids": list(m.recording_ids)
            if fmt is Format.json
            else " ".join(map(str, m.recording_ids)),
            "reasons": list(m.reasons) if fmt is Format.json else "; ".join(m.reasons),
        }
        for m in found
    ]
    emit(rows, fmt, output, console)


def _group_dict(g, by: str, fmt: Format) -> dict:
    row = {
        by: g.group,
        "calls": g.calls,
        "leads": g.leads,
        "completeness": g.completeness,
        "fit_right_rate": g.fit_right,
        "fit_wrong_rate": g.fit_wrong,
        "fit_unknown_rate": g.fit_unknown,
        "lost_leads": g.lost_leads,
        "lost_right_target_poorly_handled_rate": g.lost_right_poorly_handled,
    }
    if fmt is Format.json:
        row["top_reasons"] = [{"reason": label, "share": s} for label, s in g.top_reasons]
        row["recording_ids"] = list(g.recording_ids)
    else:
        row["top_reasons"] = "; ".join(f"{s:.0%} {label}" for label, s in g.top_reasons)
    return row


def _rep_dict(r, fmt: Format) -> dict:
    row = {"rep": r.rep, "calls": r.calls, "completeness": r.completeness}
    if fmt is Format.json:
        row["not_collected"] = {name: share for name, share in r.not_asked}
        row["recording_ids"] = list(r.recording_ids)
    else:
        row["not_collected"] = "; ".join(f"{name} {s:.0%}" for name, s in r.not_asked)
    return row
