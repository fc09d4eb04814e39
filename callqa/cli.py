"""The ``callqa`` command line: parse input, call qa/flows, print tables.

Library errors (:class:`qa.errors.CallqaError`) become a one-line message and
exit code 2; a run in which any file failed exits with 1.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from callqa import views
from callqa.options import ConfigOpt, DbOpt, VerboseOpt
from callqa.settings import Settings, load_settings
from qa.errors import CallqaError

app = typer.Typer(
    help="Call-recording QA: transcribe, measure and score telesales calls; link them to leads.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
leads_app = typer.Typer(help="CRM leads.", no_args_is_help=True)
report_app = typer.Typer(help="Reports for Sales and Marketing.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(leads_app, name="leads")
app.add_typer(report_app, name="report")

console = Console()
err_console = Console(stderr=True)


def _settings(config: Path | None, db: str | None = None, verbose: bool = False) -> Settings:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return load_settings(config, db_url=db, environ=os.environ)
    except CallqaError as exc:
        _fail(str(exc))


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _fail(message: str, code: int = 2) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


@app.command()
def run(
    path: Annotated[Path, typer.Argument(help="A recording or a folder searched recursively.")],
    leads: Annotated[
        Path | None, typer.Option("--leads", help="CRM lead export to import first.")
    ] = None,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Process files that failed before again.")
    ] = False,
    config: ConfigOpt = None,
    db: DbOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Transcribe, score and store every new recording under PATH."""
    from callqa.running import run_batch

    settings = _settings(config, db, verbose)
    try:
        if leads is not None:
            report = _import_leads(settings, leads)
            views.print_lead_import(console, leads, report)
        result = run_batch(settings, path, retry_failed=retry_failed, console=console)
    except (CallqaError, FileNotFoundError) as exc:
        _fail(str(exc))
    views.print_run_summary(console, settings, result)
    if result.failed:
        raise typer.Exit(1)


@app.command()
def watch(
    path: Annotated[Path, typer.Argument(help="Folder to watch (searched recursively).")],
    every: Annotated[int, typer.Option("--every", min=5, help="Seconds between scans.")] = 60,
    config: ConfigOpt = None,
    db: DbOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Serve a Prefect deployment that processes new or changed recordings every N seconds."""
    from flows.prefect_env import configure_prefect, local_server

    settings = _settings(config, db, verbose)
    if not path.is_dir():
        _fail(f"{path}: not a folder")
    configure_prefect(settings.config.data_dir, quiet=not verbose)
    # SIGTERM ends the watch like Ctrl+C, so the Prefect server it started is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with local_server(settings.config.data_dir) as api:
        from flows.pipeline import process_folder

        console.print(
            f"watching {path} every {every} s (Ctrl+C stops); Prefect API {api}; "
            f"database {settings.db_url}",
            highlight=False,
        )
        process_folder.serve(
            name="callqa-watch",
            interval=every,
            parameters={
                "root": str(path.resolve()),
                "config": settings.config.model_dump(mode="json"),
                "db_url": settings.db_url,
            },
            print_starting_message=False,
        )


@app.command()
def calls(
    config: ConfigOpt = None, db: DbOpt = None, limit: Annotated[int, typer.Option()] = 50
) -> None:
    """List stored calls with language, duration, score and status."""
    settings = _settings(config, db)
    views.print_calls(console, settings, views.recent_recording_ids(settings, limit))


@app.command()
def transcribe(
    file: Annotated[Path, typer.Argument(help="A recording.", exists=True, dir_okay=False)],
    engine: Annotated[
        str | None,
        typer.Option(
            help="faster-whisper or openai-whisper for every language, or viet-asr for "
            "Vietnamese (default: config)."
        ),
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="Whisper size name or weights folder (default: config).")
    ] = None,
    language: Annotated[str | None, typer.Option(help="auto, vi or en (default: config).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Write the transcript JSON.")] = False,
    config: ConfigOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Transcribe one recording and print it (or its JSON)."""
    from callqa.running import transcribe_file

    settings = _settings(config, verbose=verbose)
    try:
        transcript = transcribe_file(settings, file, engine=engine, model=model, language=language)
    except CallqaError as exc:
        _fail(str(exc))
    if as_json:
        _print_json(views.transcript_json(transcript))
    else:
        views.print_transcript(console, transcript)


@app.command()
def score(
    transcript: Annotated[
        Path, typer.Argument(help="Transcript JSON, as `callqa transcribe --json` writes it.")
    ],
    checklist: Annotated[
        Path | None,
        typer.Option(help="Checklist YAML (default: the configured one for the language)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Write the score JSON.")] = False,
    config: ConfigOpt = None,
) -> None:
    """Score a transcript against the checklist, with evidence for every verdict."""
    from callqa.running import score_file
    from qa.scoring import score_to_dict

    settings = _settings(config)
    try:
        result = score_file(settings, transcript, checklist)
    except CallqaError as exc:
        _fail(str(exc))
    if as_json:
        _print_json(score_to_dict(result))
    else:
        views.print_score(console, result)


@app.command()
def rescore(
    checklist: Annotated[
        Path | None,
        typer.Option(help="Checklist YAML (default: the configured one for each language)."),
    ] = None,
    language: Annotated[str | None, typer.Option(help="Only calls in this language.")] = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Re-score stored transcripts (e.g. with a new checklist version); no re-transcription."""
    from callqa.running import rescore_stored

    settings = _settings(config, db)
    try:
        outcome = rescore_stored(settings, checklist=checklist, language=language)
    except CallqaError as exc:
        _fail(str(exc))
    views.print_rescore(console, outcome)


@app.command("eval")
def eval_cmd(
    transcripts: Annotated[Path, typer.Argument(help="Folder of labelled transcript JSON files.")],
    labels: Annotated[Path, typer.Argument(help="labels.jsonl: the expected verdicts.")],
    as_json: Annotated[bool, typer.Option("--json", help="Write the figures as JSON.")] = False,
    config: ConfigOpt = None,
) -> None:
    """Measure the scorer against labelled calls: per-item P/R/F1, persona F1, target fit."""
    from qa.scoring.evaluate import evaluate

    _settings(config)
    try:
        report = evaluate(transcripts, labels)
    except CallqaError as exc:
        _fail(str(exc))
    if as_json:
        _print_json(report.to_dict())
    else:
        views.print_eval(console, report)


@app.command("analyze-audio")
def analyze_audio(
    file: Annotated[Path, typer.Argument(help="A recording.", exists=True, dir_okay=False)],
    transcript: Annotated[
        Path | None,
        typer.Option(help="Transcript JSON with speaker turns (gives mono calls their speakers)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Write the metrics JSON.")] = False,
    config: ConfigOpt = None,
) -> None:
    """Talk time, talk share, turns, dead air, overtalk, interruptions and signal quality."""
    from callqa.running import analyze_file

    settings = _settings(config)
    try:
        metrics = analyze_file(settings, file, transcript)
    except CallqaError as exc:
        _fail(str(exc))
    if as_json:
        _print_json(metrics.to_dict())
    else:
        views.print_metrics(console, file, metrics)


@leads_app.command("import")
def leads_import(
    file: Annotated[Path, typer.Argument(help="CSV (comma or semicolon) or JSON lead export.")],
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Import or update leads (upsert by lead_id); bad rows are listed and skipped."""
    settings = _settings(config, db)
    try:
        report = _import_leads(settings, file)
    except CallqaError as exc:
        _fail(str(exc))
    views.print_lead_import(console, file, report)


def _import_leads(settings: Settings, file: Path):
    from callqa.running import import_leads

    return import_leads(settings, file)


class Grouping(StrEnum):
    campaign = "campaign"
    source = "source"
    rep = "rep"
    month = "month"


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOpt = Annotated[Format, typer.Option("--format", help="table, json or csv.")]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (CSV gets a BOM for spreadsheets)."),
]


@report_app.command("campaigns")
def report_campaigns(
    by: Annotated[Grouping, typer.Option("--by", help="Group leads by this.")] = Grouping.campaign,
    date_from: Annotated[
        datetime | None, typer.Option("--from", formats=["%Y-%m-%d"], help="Leads created from.")
    ] = None,
    date_to: Annotated[
        datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="...up to this day.")
    ] = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Lead-quality ratios, speed to lead and lost-lead attribution per group."""
    from callqa import reports

    settings = _settings(config, db)
    rows, unlinked = reports.campaign_report(
        settings,
        by=by.value,
        date_from=date_from.date() if date_from else None,
        date_to=date_to.date() if date_to else None,
    )
    if fmt is Format.table:
        views.print_campaign_report(console, rows, by.value, unlinked)
        return
    _emit(reports.campaign_rows_as_dicts(rows, by.value), fmt, output)


@report_app.command("reps")
def report_reps(
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Per-rep call counts, mean score, per-item pass rates and trend by week."""
    from callqa import reports

    settings = _settings(config, db)
    data = reports.reps_report(settings)
    if fmt is Format.table:
        views.print_rep_report(console, data, reports.unreliable_calls_by_rep(settings))
        return
    rows = reports.rep_rows_as_dicts(data)
    if fmt is Format.csv:
        rows = [
            {k: v for k, v in row.items() if k not in ("weekly", "weakest_calls")} for row in rows
        ]
    _emit(rows, fmt, output)


def _emit(rows: list[dict], fmt: Format, output: Path | None) -> None:
    from callqa.reports import to_csv

    if fmt is Format.json:
        text = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    else:
        text = to_csv(rows)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8-sig" if fmt is Format.csv else "utf-8")
        console.print(f"wrote {len(rows)} rows to {output}", highlight=False)


@app.command("flags")
def flags_cmd(
    only_open: Annotated[bool, typer.Option("--open", help="Only flags not yet reviewed.")] = False,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """The review queue: calls flagged by the rules in config, most severe first."""
    from callqa import reports

    settings = _settings(config, db)
    views.print_flags(console, reports.list_flags(settings, only_open=only_open))


@db_app.command("upgrade")
def db_upgrade(config: ConfigOpt = None, db: DbOpt = None) -> None:
    """Bring the database schema to the newest migration."""
    from models.db import current_revision, get_engine

    settings = _settings(config, db)
    engine = get_engine(settings.db_url)
    console.print(f"database at revision [bold]{current_revision(engine)}[/bold]")


from callqa.web_cli import serve, users_app  # noqa: E402  (review web app; imports no cli)

app.add_typer(users_app, name="users")
app.command("serve")(serve)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
