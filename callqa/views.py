"""Rich tables and JSON shapes the CLI prints. Reading only; no work is done here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table

from callqa.app.settings import Settings
from callqa.qa.records import Transcript

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from callqa.app.batch import BatchResult
    from callqa.app.leads import LeadImportReport
    from callqa.app.listings import FlagRow
    from callqa.app.read_model import CallRow, CallView


def _short(text: str | None, width: int) -> str:
    """``text`` cut to ``width`` characters, keeping its end (file names differ at the end)."""
    if not text or len(text) <= width:
        return text or ""
    return "…" + text[-(width - 1) :]


def print_calls(console: Console, rows: list[CallRow], *, wide: bool = False) -> None:
    """Calls with their effective score and result (an overridden score is marked ``*``).

    Fits 80 columns: file names are shortened from the left onto one line, the
    rep and lead columns wrap; ``wide`` shows every column in full.
    """
    table = Table(title=f"{len(rows)} calls", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("file", no_wrap=True)
    table.add_column("audio", justify="right", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("result", no_wrap=True)
    table.add_column("rep", ratio=1)
    table.add_column("lead", ratio=1)
    if wide:
        table.add_column("call time", no_wrap=True)
        table.add_column("campaign")
        table.add_column("fit")
        table.add_column("loss cause")
        table.add_column("flags", justify="right")
    for row in rows:
        passed = row.effective_passed
        if row.status != "done":
            result = f"[red]{row.status}"
        elif row.unreliable:  # scored, but the score means nothing: shown apart, not judged
            result = "[yellow]unreliable"
        else:
            result = "" if passed is None else ("[green]pass" if passed else "[red]fail")
        audio = ""
        if row.duration_s is not None:
            audio = f"{row.duration_s:.0f}s {row.language or ''}".strip()
        score = ""
        if row.effective_score is not None:
            score = f"{row.effective_score:.0f}" + ("*" if row.overridden else "")
            if row.unreliable:
                score = f"[dim]({score})"
        lead = row.lead_id or "unlinked"
        if row.lead_stage:
            lead = f"{lead} {row.lead_stage}"
        cells = [
            str(row.recording_id),
            row.name if wide else _short(row.name, 20),
            audio,
            score,
            result,
            row.rep or "",
            lead,
        ]
        if wide:
            cells += [
                row.call_time.isoformat(timespec="minutes") if row.call_time else "",
                row.campaign or "",
                row.target_fit or "",
                row.lead_loss_cause or "",
                str(row.open_flags),
            ]
        table.add_row(*cells)
    console.print(table)
    if any(row.overridden for row in rows):
        console.print("* changed by a reviewer (`callqa show ID`)", highlight=False)
    unreliable = sum(row.unreliable for row in rows)
    if unreliable:
        console.print(
            f"[yellow]{unreliable} call(s): transcript unreliable, listen to the call[/yellow] "
            "(score in brackets; left out of rep scores, pass rates and attribution)",
            highlight=False,
        )
    for row in rows:
        if row.error:
            console.print(f"[red]{row.status}[/red] {row.name}: {row.error}", highlight=False)


class BatchProgress:
    """A progress bar for the files a batch processes (drawn, and built, only when there are
    some: an already-processed folder does not import rich.progress)."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> BatchProgress:
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()

    def start(self, files: int) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            TextColumn("[bold]transcribing and scoring"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=self._console,
            transient=False,
        )
        self._task = self._progress.add_task("starting", total=files)
        self._progress.start()

    def advance(self, outcome) -> None:
        if self._progress is None or self._task is None:
            return
        mark = "[green]ok[/green]" if outcome.status == "done" else "[red]failed[/red]"
        self._progress.update(
            self._task, advance=1, description=f"{Path(outcome.path).name} {mark}"
        )


def print_file_line(console: Console):
    """A listener printing one line per processed file (``callqa watch``)."""

    def line(outcome) -> None:
        mark = "[green]done[/green]" if outcome.status == "done" else f"[red]{outcome.status}[/red]"
        detail = f": {outcome.error}" if outcome.error else ""
        console.print(f"{mark} {outcome.path}{detail}", highlight=False)

    return line


def print_batch_line(console: Console, result: BatchResult) -> None:
    console.print(
        f"{result.processed} processed, {result.failed} failed, {result.flags_opened} new "
        f"review flags, in {result.seconds:.1f} s",
        highlight=False,
    )


def print_run_summary(console: Console, settings: Settings, result: BatchResult) -> None:
    from callqa.app.listings import list_calls
    from callqa.app.read_model import CallFilter

    rows = list_calls(settings, CallFilter(recording_ids=result.recording_ids, done_only=False))
    print_calls(console, rows)
    skipped = len(result.recording_ids) - result.processed
    console.print(
        f"{result.processed} processed, {skipped} already stored, "
        f"{result.failed} failed, in {result.seconds:.1f} s; {result.flags_opened} new review "
        f"flags; database {settings.shown_db_url}",
        highlight=False,
    )


def print_lead_import(console: Console, file: Path, report: LeadImportReport) -> None:
    for row in report.rejected:
        console.print(f"[yellow]rejected[/yellow] {file}:{row.line}: {row.reason}", highlight=False)
    if report.rejected_count > len(report.rejected):
        console.print(f"... and {report.rejected_count - len(report.rejected)} more rejected rows")
    for row in report.duplicates:
        console.print(f"[yellow]repeated[/yellow] {file}:{row.line}: {row.reason}", highlight=False)
    if report.duplicate_count > len(report.duplicates):
        more = report.duplicate_count - len(report.duplicates)
        console.print(f"... and {more} more rows repeating a lead id")
    console.print(
        f"leads from {file}: {report.created} new, {report.updated} updated, "
        f"{report.rejected_count} rejected; {report.linked_calls} calls newly linked",
        highlight=False,
    )


def print_transcript(console: Console, transcript: Transcript) -> None:
    console.print(
        f"[bold]{transcript.language}[/bold], {transcript.duration_s:.1f} s, "
        f"{transcript.engine} {transcript.model}"
    )
    for seg in transcript.segments:
        console.print(
            f"[dim]{seg.start:7.2f}-{seg.end:7.2f}[/dim] [bold]{seg.speaker:>8}[/bold]  {seg.text}",
            highlight=False,
        )


def print_metrics(console: Console, file: Path, metrics) -> None:
    """Per-speaker table, dead air and quality flags of one call."""
    data = metrics.to_dict()
    console.print(
        f"[bold]{file.name}[/bold]: {data['duration_s']:.1f} s, {data['channels']} channel(s), "
        f"{data['sample_rate']} Hz, speech {data['speech_s']:.1f} s",
        highlight=False,
    )
    table = Table("speaker", "speech", "talk share", "longest monologue", "turns", "words/min")
    for name, m in data["speakers"].items():
        share = "" if m["talk_share"] is None else f"{100 * m['talk_share']:.0f}%"
        wpm = "" if m["words_per_minute"] is None else f"{m['words_per_minute']:.0f}"
        table.add_row(
            name,
            f"{m['speech_s']:.1f} s",
            share,
            f"{m['longest_monologue_s']:.1f} s",
            str(m["turns"]),
            wpm,
        )
    if data["speakers"]:
        console.print(table)
    else:
        console.print("[dim]no speaker split (mono without a transcript)[/dim]")
    gaps = ", ".join(f"{d['start']:.1f}-{d['end']:.1f} s" for d in data["dead_air"]) or "none"
    console.print(f"dead air: {gaps}", highlight=False)
    if data["overtalk_s"] is not None:
        console.print(
            f"overtalk: {data['overtalk_s']:.1f} s; interruptions: "
            + ", ".join(f"{k} {v}" for k, v in data["interruptions"].items()),
            highlight=False,
        )
    flags = ", ".join(data["flags"]) or "none"
    console.print(f"flags: {flags}", highlight=False)


def _pct(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.0f}%"


def print_campaign_report(
    console: Console, rows, by: str, unlinked: int, *, wide: bool = False
) -> None:
    """The funnel per group: one table with every column when ``wide``, else three
    narrow ones that read at 80 columns (leads, ratios, lost leads by cause)."""
    if wide:
        _print_campaign_wide(console, rows, by)
    else:
        _print_campaign_narrow(console, rows, by)
    console.print(f"{unlinked} processed calls are not linked to any lead", highlight=False)


def _group(row) -> str:
    return f"[bold]{row.group}" if row.group == "TOTAL" else row.group


def _narrow(title: str, by: str, columns: list[str]) -> Table:
    """A table that fits 80 columns: numbers on one line, headers broken where they
    hold a newline, the group's name folded into what is left."""
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column(by, overflow="fold", min_width=12)
    for name in columns:
        table.add_column(name, justify="right", no_wrap=True)
    return table


def _print_campaign_narrow(console: Console, rows, by: str) -> None:
    stages = ("new", "reached", "potential", "hot", "closed", "wrong_target")
    table = _narrow(
        f"lead quality by {by}: leads",
        by,
        ["new", "reached", "poten-\ntial", "hot", "closed", "wrong\ntarget", "speed", "in\nSLA"]
        + ["never\ncalled"],
    )
    for row in rows:
        speed = row.speed_to_lead_median_min
        table.add_row(
            _group(row),
            *(str(row.counts[k]) for k in stages),
            "" if speed is None else f"{speed:.0f}m",
            _pct(row.within_sla_share),
            str(row.never_contacted),
        )
    console.print(table)
    ratios = ("closed_rate", "hot_rate", "wrong_target_rate", "reached_rate", "potential_rate")
    columns = ["closed", "hot", "wrong\ntarget", "reached", "potential"]
    table = _narrow(f"lead quality by {by}: share of new leads", by, columns)
    for row in rows:
        table.add_row(_group(row), *(_pct(row.ratios[k]) for k in ratios))
    console.print(table)
    causes = ["wrong\ntarget", "never\ncalled", "late", "unreli-\nable", "poor\nhandling"]
    causes.append("handled\nwell")
    table = _narrow(f"lead quality by {by}: lost leads by cause", by, causes)
    for row in rows:
        table.add_row(_group(row), *(str(v) for v in row.attribution.values()))
    console.print(table)


def _print_campaign_wide(console: Console, rows, by: str) -> None:
    table = Table(title=f"lead quality by {by}")
    columns = [by, "new", "reached", "potential", "hot", "closed", "wrong target"]
    columns += ["closed/new", "hot/new", "wrong/new", "reached/new", "potential/new"]
    columns += ["speed to lead", "within SLA", "never contacted"]
    columns += ["lost: wrong target", "never called", "late", "unreliable transcript"]
    columns += ["poor handling", "handled well"]
    for name in columns:
        table.add_column(name, justify="left" if name == by else "right")
    for row in rows:
        c, r, a = row.counts, row.ratios, row.attribution
        speed = row.speed_to_lead_median_min
        table.add_row(
            _group(row),
            *(str(c[k]) for k in ("new", "reached", "potential", "hot", "closed", "wrong_target")),
            *(_pct(r[k]) for k in ("closed_rate", "hot_rate", "wrong_target_rate")),
            *(_pct(r[k]) for k in ("reached_rate", "potential_rate")),
            "" if speed is None else f"{speed:.0f} min",
            _pct(row.within_sla_share),
            str(row.never_contacted),
            *(str(a[k]) for k in a),
        )
    console.print(table)


def print_rep_report(
    console: Console, reports, unreliable: dict[str, int] | None = None, *, wide: bool = False
) -> None:
    """Rep scorecards: every item's pass rate and the whole weekly trend when ``wide``;
    else (80 columns) the three weakest items and the last weeks."""
    if wide:
        _print_rep_wide(console, reports)
    else:
        table = Table(
            title="rep scorecards", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True
        )
        table.add_column("rep", overflow="fold", min_width=10, ratio=1)
        for name in ("calls", "mean", "passed"):
            table.add_column(name, justify="right", no_wrap=True)
        table.add_column("weakest items (pass rate)", overflow="fold", ratio=2)
        table.add_column("last weeks", overflow="fold", ratio=1)
        for r in reports:
            rates = r.item_pass_rates.items()
            missed = [(item, rate) for item, rate in rates if rate is not None and rate < 1]
            weakest = sorted(missed, key=lambda kv: (kv[1], kv[0]))[:3]
            table.add_row(
                r.rep,
                str(r.calls),
                f"{r.mean_score:.0f}",
                _pct(r.pass_rate),
                ", ".join(f"{item.replace('_', ' ')} {_pct(rate)}" for item, rate in weakest),
                " ".join(f"{week[-3:]}:{mean:.0f}" for week, mean, _n in r.weekly[-3:]),
            )
        console.print(table)
    for rep, count in sorted((unreliable or {}).items()):  # issue 13: counted apart
        console.print(
            f"{rep}: {count} call(s) left out, transcript unreliable (listen to them)",
            highlight=False,
        )


def _print_rep_wide(console: Console, reports) -> None:
    items = sorted({item for r in reports for item in r.item_pass_rates})
    table = Table(title="rep scorecards")
    for name in ("rep", "calls", "mean score", "passed", *items, "trend by week"):
        table.add_column(name.replace("_", " "), justify="left" if name == "rep" else "right")
    for r in reports:
        trend = "  ".join(f"{week[-3:]}: {mean:.0f} ({n})" for week, mean, n in r.weekly)
        table.add_row(
            r.rep,
            str(r.calls),
            f"{r.mean_score:.0f}",
            _pct(r.pass_rate),
            *(_pct(r.item_pass_rates.get(item)) for item in items),
            trend,
        )
    console.print(table)


def print_flags(console: Console, flags: list[FlagRow], *, wide: bool = False) -> None:
    table = Table(title=f"{len(flags)} flags")
    table.add_column("id", justify="right")
    table.add_column("sev")
    table.add_column("kind", overflow="fold")
    table.add_column("call", justify="right")
    if wide:
        table.add_column("file", no_wrap=True)
    table.add_column("reason", overflow="fold", ratio=1)
    table.add_column("status")
    for flag in flags:
        status = "[yellow]open" if flag.status == "open" else "[green]reviewed"
        cells = [str(flag.id), "!" * flag.severity, flag.kind, str(flag.recording_id)]
        if wide:
            cells.append(flag.file)
        table.add_row(*cells, flag.reason, status)
    console.print(table)


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


def print_call(console: Console, view: CallView) -> None:
    """One stored call: result, verdicts with evidence and times, persona, flags, history."""
    rec = view.recording
    console.print(f"[bold]call {rec.id}[/bold] {rec.path}", highlight=False)
    facts = [
        f"status {rec.status}",
        f"language {rec.language or '?'}",
        f"{rec.duration_s:.0f} s" if rec.duration_s else "",
        f"rep {view.rep}" if view.rep else "",
        f"campaign {view.campaign}" if view.campaign else "",
        f"called {rec.call_time.isoformat(timespec='minutes')}" if rec.call_time else "",
    ]
    console.print(", ".join(f for f in facts if f), highlight=False)
    if view.lead is not None:
        cause = f", loss charged to {view.lead_loss_cause}" if view.lead_loss_cause else ""
        console.print(f"lead {view.lead.lead_id} ({view.lead.stage}){cause}", highlight=False)
    if rec.error:
        console.print(f"[red]{rec.error}", highlight=False)
    result = view.result
    if result is None:
        console.print("not scored")
        return
    verdict = "[green]PASS" if result.effective.passed else "[red]FAIL"
    if view.unreliable:  # scored, but not judged (issue 13)
        verdict = "[yellow]NOT JUDGED"
        why = "; ".join(r.text() for r in view.quality_reasons)
        console.print(
            "[yellow]transcript unreliable, listen to the call[/yellow]"
            + (f" ({why})" if why else ""),
            highlight=False,
        )
    automated = ""
    if result.overridden:
        was = "pass" if result.automated.passed else "fail"
        automated = f" (automated {result.automated.score:g}, {was})"
    console.print(
        f"{verdict}[/] score [bold]{result.effective.score:g}[/bold]{automated}; "
        f"{result.score.checklist_name} {result.score.checklist_version}",
        highlight=False,
    )
    table = Table("item", "verdict", "evidence", title="verdicts")
    table.columns[2].overflow = "fold"
    for item in view.items:
        shown = item.effective
        if item.overridden:
            shown = f"{item.effective} [dim](was {item.automated})"
        quotes = [
            f"{_clock(e['start'])} {e.get('speaker', '')}: {e['text']}" for e in item.evidence
        ]
        table.add_row(item.item_id, shown, "\n".join(quotes) or f"[dim]{item.reason}")
    console.print(table)
    persona = result.score.persona or {}
    stated = [
        f"{name} ({_clock(ev[0]['start'])} {ev[0]['text']})" for name, ev in persona.items() if ev
    ]
    corrected = ""
    if result.fit_correction is not None:
        corrected = f" (set by {result.fit_correction.reviewer}; the call: {result.machine_fit})"
    console.print(
        f"persona stated: {'; '.join(stated) or 'nothing'}; "
        f"target fit: {result.target_fit}{corrected}",
        highlight=False,
    )
    for flag in view.flags:
        console.print(f"flag {flag.id} {flag.kind} ({flag.status}): {flag.reason}", highlight=False)
    for action in view.history:
        before = f"{action.before} -> " if action.before is not None else ""
        console.print(
            f"{action.created_at.isoformat(timespec='minutes')} {action.reviewer} "
            f"{action.kind} {action.target}: {before}{action.after} ({action.reason})",
            highlight=False,
        )


def print_score(console: Console, score) -> None:
    """Item verdicts with points and the first evidence quote, then the persona."""
    verdict = "[green]PASS" if score.passed else "[red]FAIL"
    console.print(
        f"{verdict}[/] score [bold]{score.score:.0f}[/bold] "
        f"({score.checklist_name} {score.checklist_version}, {score.language})"
    )
    table = Table("item", "status", "points", "evidence")
    colours = {"met": "green", "missed": "red", "violated": "red", "na": "dim"}
    for item in score.items:
        quote = ""
        if item.evidence:
            ev = item.evidence[0]
            quote = f"[dim]{ev.start:.1f}s {ev.speaker}:[/dim] {ev.text}"
        elif item.reason:
            quote = f"[dim]{item.reason}"
        status = "not applicable" if item.verdict == "na" else item.verdict
        table.add_row(
            item.item_id,
            f"[{colours.get(item.verdict, 'white')}]{status}",
            f"{item.points:g}/{item.max_points:g}",
            quote,
        )
    console.print(table)
    stated = [name for name, evidence in score.persona.items() if evidence]
    console.print(
        f"persona stated: {', '.join(stated) or 'nothing'}; target fit: {score.target_fit}"
        + (f" ({score.target_fit_reason})" if score.target_fit_reason else ""),
        highlight=False,
    )


def print_rescore(console: Console, outcome) -> None:
    before = "n/a" if outcome.mean_before is None else f"{outcome.mean_before:.1f}"
    after = "n/a" if outcome.mean_after is None else f"{outcome.mean_after:.1f}"
    console.print(
        f"re-scored {outcome.calls} calls with {', '.join(outcome.checklists) or 'no checklist'}: "
        f"mean score {before} -> {after}; flags: {outcome.flags_opened} opened, "
        f"{outcome.flags_removed} closed",
        highlight=False,
    )


def print_eval(console: Console, report) -> None:
    """Summary per language and split, then per-item precision/recall/F1 on held-out calls."""
    summary = Table(title="scorer against labelled calls")
    for name in ("slice", "calls", "item P", "R", "F1", "viol P", "R", "persona", "fit"):
        if name == "slice":
            summary.add_column(name, no_wrap=True, min_width=11)
        else:
            summary.add_column(name, justify="right")
    for (lang, split), g in sorted(report.groups.items()):
        micro = g.item_micro
        summary.add_row(
            f"{lang}/{split}",
            str(g.calls),
            f"{micro.precision:.2f}",
            f"{micro.recall:.2f}",
            f"{micro.f1:.3f}",
            f"{g.violations.precision:.2f}",
            f"{g.violations.recall:.2f}",
            f"{g.persona_micro.f1:.3f}",
            f"{g.target_fit_accuracy:.3f}",
        )
    console.print(summary)
    for (lang, split), g in sorted(report.groups.items()):
        if lang == "all" or split == "all":
            continue
        table = Table(title=f"{lang} / {split}: per item")
        for name in ("item", "P", "R", "F1", "tp", "fp", "fn"):
            table.add_column(name, justify="left" if name == "item" else "right")
        for item, c in sorted(
            {**g.items, **{f"persona:{k}": v for k, v in g.persona.items()}}.items()
        ):
            table.add_row(
                item,
                f"{c.precision:.2f}",
                f"{c.recall:.2f}",
                f"{c.f1:.2f}",
                str(c.tp),
                str(c.fp),
                str(c.fn),
            )
        console.print(table)
