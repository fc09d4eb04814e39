"""The ``callqa`` command line: parse input, call the application layer (``app``), print.

Library errors (:class:`qa.errors.CallqaError`) become a one-line message and
exit code 2; a run in which any file failed exits with 1.
"""

import json
import logging
import os
import signal
import sys
import threading
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from callqa import views
from callqa.app.settings import Settings, load_settings
from callqa.options import ConfigOpt, DbOpt, Format, FormatOpt, OutputOpt, VerboseOpt, emit
from callqa.qa.errors import CallqaError

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
flags_app = typer.Typer(help="The review queue.", no_args_is_help=False)
app.add_typer(flags_app, name="flags")

console = Console()
err_console = Console(stderr=True)


class Grouping(StrEnum):
    campaign = "campaign"
    source = "source"
    rep = "rep"
    month = "month"


WideOpt = Annotated[
    bool, typer.Option("--wide", help="Every column, nothing shortened (wider than 80 columns).")
]


_NO_DB = object()  # the command does not use the database


def _settings(
    config: Path | None, db: str | None | object = _NO_DB, verbose: bool = False
) -> Settings:
    """Config (and the database, for commands that use one) checked before any work."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        settings = load_settings(config, db_url=None if db is _NO_DB else db, environ=os.environ)
        if db is not _NO_DB:
            settings.engine()  # opened and migrated once; cached for the command
        return settings
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
    from callqa.app.batch import run_batch

    settings = _settings(config, db, verbose)
    _stop_on_sigterm()
    try:
        if leads is not None:
            report = _import_leads(settings, leads)
            views.print_lead_import(console, leads, report)
        with views.BatchProgress(console) as progress:
            result = run_batch(
                settings,
                path,
                retry_failed=retry_failed,
                on_start=progress.start,
                on_file=progress.advance,
            )
    except (CallqaError, FileNotFoundError) as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        err_console.print("stopped; files being processed were put back to pending")
        _exit_now(130)
    views.print_run_summary(console, settings, result)
    if result.failed:
        raise typer.Exit(1)


def _exit_now(code: int) -> None:
    """Exit without waiting for worker threads and Prefect's background services.

    By now the claimed files are back to pending (``app.batch``) and every
    write is committed; what is left (a decoding thread finishing its window,
    Prefect flushing a crashed run's events) could hold a stop well past 15 s.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _stop_on_sigterm() -> None:
    """SIGTERM stops a run or a watch like Ctrl+C (the file in hand goes back to pending)."""

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


@app.command()
def watch(
    path: Annotated[Path, typer.Argument(help="Folder to watch (searched recursively).")],
    every: Annotated[int, typer.Option("--every", min=5, help="Seconds between scans.")] = 60,
    config: ConfigOpt = None,
    db: DbOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Process new or changed recordings under PATH every N seconds (Ctrl+C stops).

    Each tick is the batch `callqa run` runs: new files are transcribed, scored
    and stored, calls relinked to leads and review flags refreshed.
    """
    from callqa.app.batch import watch as watch_folder

    settings = _settings(config, db, verbose)
    if not path.is_dir():
        _fail(f"{path}: not a folder")
    _stop_on_sigterm()
    console.print(
        f"watching {path} every {every} s (Ctrl+C stops); database {settings.shown_db_url}",
        highlight=False,
    )

    def report(result) -> None:
        if result.processed or result.flags_opened:
            views.print_batch_line(console, result)

    try:
        watch_folder(
            settings,
            path.resolve(),
            every_s=every,
            stop=threading.Event(),
            on_batch=report,
            on_file=views.print_file_line(console),
        )
    except CallqaError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        console.print("stopped; nothing left claimed", highlight=False)
        _exit_now(0)


@app.command()
def calls(
    limit: Annotated[int, typer.Option(help="The N most recently registered recordings.")] = 50,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    wide: WideOpt = False,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Stored calls with language, duration, effective score and result, rep, lead, status."""
    from callqa.app.listings import call_row_dict, list_calls
    from callqa.app.read_model import CallFilter

    settings = _settings(config, db)
    rows = list_calls(settings, CallFilter(done_only=False, newest=limit))
    if fmt is Format.table:
        views.print_calls(console, rows, wide=wide)
        return
    emit([call_row_dict(row) for row in rows], fmt, output, console)


class ShowFormat(StrEnum):
    table = "table"
    json = "json"


@app.command()
def show(
    call_id: Annotated[int, typer.Argument(help="The call's id (the first column of `calls`).")],
    fmt: Annotated[
        ShowFormat,
        typer.Option("--format", help="table, or json: the call as GET /api/calls/ID returns it."),
    ] = ShowFormat.table,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """One stored call: verdicts with evidence and times, persona, flags, review history."""
    from callqa.app.listings import show_call

    settings = _settings(config, db)
    view = show_call(settings, call_id)
    if view is None:
        _fail(f"no call {call_id}")
    if fmt is ShowFormat.json:
        from callqa.app.api_shapes import call_detail

        # whoever reads the database sees the customers' numbers whole, as an admin does
        _print_json(call_detail(view, "admin").model_dump(mode="json"))
        return
    views.print_call(console, view)


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
    from callqa.app.single import transcribe_file

    settings = _settings(config, verbose=verbose)
    try:
        transcript = transcribe_file(settings, file, engine=engine, model=model, language=language)
    except CallqaError as exc:
        _fail(str(exc))
    if as_json:
        from callqa.app.shapes import TranscriptJSON

        _print_json(TranscriptJSON.of(transcript).to_json())
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
    from callqa.app.single import score_file

    settings = _settings(config)
    try:
        result = score_file(settings, transcript, checklist)
    except CallqaError as exc:
        _fail(str(exc))
    if as_json:
        from callqa.app.shapes import ScoreJSON

        _print_json(ScoreJSON.of(result).model_dump(mode="json"))
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
    from callqa.app.rescore import rescore_stored

    settings = _settings(config, db)
    try:
        outcome = rescore_stored(settings, checklist=checklist, language=language)
    except CallqaError as exc:
        _fail(str(exc))
    views.print_rescore(console, outcome)
    if outcome.persona_forms:
        console.print(f"persona forms: {', '.join(outcome.persona_forms)}", highlight=False)


@app.command("eval")
def eval_cmd(
    transcripts: Annotated[Path, typer.Argument(help="Folder of labelled transcript JSON files.")],
    labels: Annotated[Path, typer.Argument(help="labels.jsonl: the expected verdicts.")],
    as_json: Annotated[bool, typer.Option("--json", help="Write the figures as JSON.")] = False,
    protocol: Annotated[
        str,
        typer.Option(
            help="Where splits come from: 'labels' (each row's split), 'halves' "
            "(odd-numbered calls tune, even-numbered held out) or 'all' (every "
            "call held out: a folder never tuned on)."
        ),
    ] = "labels",
    config: ConfigOpt = None,
) -> None:
    """Measure the scorer against labelled calls: per-item P/R/F1, violation P/R,
    persona F1, target fit, per language and split."""
    from callqa.qa.scoring.evaluate import evaluate

    _settings(config)
    try:
        report = evaluate(transcripts, labels, protocol=protocol)
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
    from callqa.app.single import analyze_file

    settings = _settings(config)
    try:
        metrics = analyze_file(settings, file, transcript)
    except CallqaError as exc:
        _fail(str(exc))
    if as_json:
        from callqa.app.shapes import MetricsJSON

        _print_json(MetricsJSON.of(metrics).model_dump(mode="json"))
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
    """Import with a progress bar (bytes of the file read, rows so far) on a terminal."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

    from callqa.app.leads import import_leads

    progress = Progress(
        TextColumn("[bold]importing leads"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
    )
    task_id = progress.add_task("", total=None)

    def advance(done: int, total: int, rows: int) -> None:
        progress.update(task_id, completed=done, total=total or None, description=f"{rows:,} rows")

    with progress:
        return import_leads(settings, file, progress=advance)


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
    wide: WideOpt = False,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Lead-quality ratios, speed to lead, lost-lead attribution and the persona form
    (completeness, fit, disqualifying reasons) per group."""
    from callqa.app import reports, reports_persona

    settings = _settings(config, db)
    window = {
        "date_from": date_from.date() if date_from else None,
        "date_to": date_to.date() if date_to else None,
    }
    rows, unlinked = reports.campaign_report(settings, by=by.value, **window)
    try:
        persona = reports_persona.campaign_persona(settings, by=by.value, **window)
    except CallqaError as exc:
        _fail(str(exc))
    if fmt is Format.table:
        from callqa.persona_views import print_persona_groups

        views.print_campaign_report(console, rows, by.value, unlinked, wide=wide)
        print_persona_groups(
            console,
            [persona[r.group] for r in rows if r.group in persona],
            by.value,
            title=f"persona form by {by.value}: leads with a filled form",
        )
        return
    flat = fmt is Format.csv
    emit(reports_persona.campaign_rows(rows, by.value, persona, flat=flat), fmt, output, console)


@report_app.command("reps")
def report_reps(
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    wide: WideOpt = False,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Per-rep call counts, mean score, per-item pass rates, trend by week, and the
    persona form fields each rep fails to collect."""
    from callqa.app import reports, reports_persona

    settings = _settings(config, db)
    data = reports.reps_report(settings)
    try:
        persona = reports_persona.rep_persona(settings)
    except CallqaError as exc:
        _fail(str(exc))
    if fmt is Format.table:
        unreliable = reports.unreliable_calls_by_rep(settings)
        from callqa.persona_views import print_persona_reps

        views.print_rep_report(console, data, unreliable, wide=wide)
        print_persona_reps(
            console,
            [persona[r.rep] for r in data if r.rep in persona],
            title="persona form: fields each rep fails to collect",
        )
        return
    rows = reports_persona.rep_rows(data, persona, flat=fmt is Format.csv)
    emit(rows, fmt, output, console)


@flags_app.callback(invoke_without_command=True)
def flags_cmd(
    ctx: typer.Context,
    only_open: Annotated[bool, typer.Option("--open", help="Only flags not yet reviewed.")] = False,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    wide: WideOpt = False,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """The review queue: calls flagged by the rules in config, most severe first."""
    if ctx.invoked_subcommand is not None:
        return
    from callqa.app.listings import flag_row_dict, list_flags

    settings = _settings(config, db)
    rows = list_flags(settings, only_open=only_open)
    if fmt is Format.table:
        views.print_flags(console, rows, wide=wide)
        return
    emit([flag_row_dict(row) for row in rows], fmt, output, console)


@flags_app.command("review")
def flags_review(
    flag_id: Annotated[int, typer.Argument(help="The flag's id (the first column of `flags`).")],
    reason: Annotated[str, typer.Option("--reason", help="What the review found.")],
    reviewer: Annotated[
        str | None,
        typer.Option(help="A qa_lead, coach or admin user (default: your login name)."),
    ] = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Mark a flag reviewed, with a reason; stored in the call's review history."""
    import getpass

    from callqa.app import review

    settings = _settings(config, db)
    engine = settings.engine()
    try:
        user_id = review.reviewer_id(engine, reviewer or getpass.getuser())
        action = review.mark_flag_reviewed(
            engine, user_id=user_id, flag_id=flag_id, reason=_required(reason)
        )
    except CallqaError as exc:
        _fail(str(exc))
    console.print(
        f"flag {flag_id} ({action.target}) on call {action.recording_id} reviewed by "
        f"{action.reviewer}",
        highlight=False,
    )


def _required(reason: str) -> str:
    if not reason.strip():
        _fail("--reason must say what the review found")
    return reason


@db_app.command("upgrade")
def db_upgrade(config: ConfigOpt = None, db: DbOpt = None) -> None:
    """Bring the database schema to the newest migration."""
    from callqa.models.db import current_revision, get_engine

    settings = _settings(config, db)
    engine = get_engine(settings.db_url)
    console.print(f"database at revision [bold]{current_revision(engine)}[/bold]")


from callqa.web_cli import serve, users_app  # noqa: E402  (review web app; imports no cli)

app.add_typer(users_app, name="users")
app.command("serve")(serve)

from callqa.persona_cli import persona, report_mismatches, report_persona  # noqa: E402

app.command("persona")(persona)  # the persona form (callqa/persona_cli.py imports no cli)
report_app.command("persona")(report_persona)
report_app.command("mismatches")(report_mismatches)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
