"""Rich tables and JSON shapes the CLI prints. Reading only; no work is done here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from sqlmodel import select

from callqa.settings import Settings
from models.db import get_engine, session_scope
from models.tables import CallScore, Lead, Recording, Rep
from qa.records import Transcript

if TYPE_CHECKING:
    from callqa.running import BatchResult, LeadImportReport


@dataclass(frozen=True)
class CallRow:
    recording_id: int
    file: str
    language: str | None
    duration_s: float | None
    channels: int | None
    score: float | None
    passed: bool | None
    status: str
    rep: str | None
    lead: str | None
    lead_stage: str | None
    error: str | None
    unreliable: bool = False  # issue 13: transcript below the quality gate, not judged


def call_rows(settings: Settings, recording_ids: list[int]) -> list[CallRow]:
    """One row per recording, in the order given, with its latest score."""
    with session_scope(get_engine(settings.db_url)) as session:
        recordings = {
            r.id: r
            for r in session.exec(select(Recording).where(Recording.id.in_(recording_ids))).all()
        }
        reps = {r.id: r.name for r in session.exec(select(Rep)).all()}
        leads = {
            lead.id: lead
            for lead in session.exec(
                select(Lead).where(Lead.id.in_([r.lead_pk for r in recordings.values()]))
            ).all()
        }
        scores: dict[int, CallScore] = {}
        for score in session.exec(
            select(CallScore)
            .where(CallScore.recording_id.in_(recording_ids))
            .order_by(CallScore.scored_at)
        ).all():
            scores[score.recording_id] = score  # latest wins
        rows = []
        for rid in recording_ids:
            rec = recordings.get(rid)
            if rec is None:
                continue
            score = scores.get(rid)
            lead = leads.get(rec.lead_pk)
            rows.append(
                CallRow(
                    recording_id=rid,
                    file=Path(rec.path).name,
                    language=rec.language,
                    duration_s=rec.duration_s,
                    channels=rec.channels,
                    score=score.score if score else None,
                    passed=score.passed if score else None,
                    status=rec.status,
                    rep=reps.get(rec.rep_id),
                    lead=lead.lead_id if lead else rec.lead_ref,
                    lead_stage=lead.stage if lead else None,
                    error=rec.error,
                    unreliable=rec.transcript_unreliable,
                )
            )
        return rows


def recent_recording_ids(settings: Settings, limit: int) -> list[int]:
    with session_scope(get_engine(settings.db_url)) as session:
        return list(
            session.exec(select(Recording.id).order_by(Recording.id.desc()).limit(limit)).all()
        )[::-1]


def print_calls(console: Console, settings: Settings, recording_ids: list[int]) -> None:
    rows = call_rows(settings, recording_ids)
    table = Table(title=f"{len(rows)} calls", show_lines=False)
    # Narrow enough for an 80-column terminal: long values wrap inside their cell.
    table.add_column("file", overflow="fold", ratio=3)
    table.add_column("lang")
    table.add_column("audio", justify="right")
    table.add_column("score", justify="right")
    table.add_column("result")
    table.add_column("rep", ratio=2)
    table.add_column("lead", ratio=2)
    table.add_column("status")
    for row in rows:
        result = "" if row.passed is None else ("[green]pass" if row.passed else "[red]fail")
        score = f"{row.score:.0f}" if row.score is not None else ""
        if row.unreliable:  # scored, but the score means nothing: shown apart, not judged
            result, score = "[yellow]unreliable", f"[dim]({score})" if score else ""
        status = "[green]done" if row.status == "done" else f"[red]{row.status}"
        audio = ""
        if row.duration_s is not None:
            audio = f"{row.duration_s:.0f} s " + ("stereo" if (row.channels or 1) > 1 else "mono")
        table.add_row(
            row.file,
            row.language or "",
            audio,
            score,
            result,
            row.rep or "",
            f"{row.lead} {row.lead_stage}" if row.lead_stage else (row.lead or "unlinked"),
            status,
        )
    console.print(table)
    unreliable = sum(row.unreliable for row in rows)
    if unreliable:
        console.print(
            f"[yellow]{unreliable} call(s): transcript unreliable, listen to the call[/yellow] "
            "(score in brackets; left out of rep scores, pass rates and attribution)",
            highlight=False,
        )
    for row in rows:
        if row.error:
            console.print(f"[red]{row.status}[/red] {row.file}: {row.error}", highlight=False)


def print_run_summary(console: Console, settings: Settings, result: BatchResult) -> None:
    print_calls(console, settings, result.recording_ids)
    skipped = len(result.recording_ids) - result.processed
    console.print(
        f"{result.processed} processed, {skipped} already stored, "
        f"{result.failed} failed, in {result.seconds:.1f} s; {result.flags_opened} new review "
        f"flags; database {settings.db_url}",
        highlight=False,
    )


def print_lead_import(console: Console, file: Path, report: LeadImportReport) -> None:
    for row in report.parsed.rejected:
        console.print(f"[yellow]rejected[/yellow] {file}:{row.line}: {row.reason}", highlight=False)
    console.print(
        f"leads from {file}: {report.created} new, {report.updated} updated, "
        f"{len(report.parsed.rejected)} rejected; {report.linked_calls} calls newly linked",
        highlight=False,
    )


def transcript_json(transcript: Transcript, *, words: bool = False) -> dict[str, Any]:
    """The transcript JSON that ``callqa transcribe --json`` writes and ``score`` reads."""
    segments = []
    for seg in transcript.segments:
        item: dict[str, Any] = {
            "speaker": seg.speaker,
            "start": round(seg.start, 3),
            "end": round(seg.end, 3),
            "text": seg.text,
        }
        if words:
            item["words"] = [
                {"start": round(w.start, 3), "end": round(w.end, 3), "text": w.text.strip()}
                for w in seg.words
            ]
        segments.append(item)
    return {
        "language": transcript.language,
        "duration_s": transcript.duration_s,
        "engine": transcript.engine,
        "model": transcript.model,
        "word_times": transcript.word_times,
        "segments": segments,
    }


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


def print_campaign_report(console: Console, rows, by: str, unlinked: int) -> None:
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
            f"[bold]{row.group}" if row.group == "TOTAL" else row.group,
            *(str(c[k]) for k in ("new", "reached", "potential", "hot", "closed", "wrong_target")),
            *(_pct(r[k]) for k in ("closed_rate", "hot_rate", "wrong_target_rate")),
            *(_pct(r[k]) for k in ("reached_rate", "potential_rate")),
            "" if speed is None else f"{speed:.0f} min",
            _pct(row.within_sla_share),
            str(row.never_contacted),
            *(str(a[k]) for k in a),
        )
    console.print(table)
    console.print(f"{unlinked} processed calls are not linked to any lead", highlight=False)


def print_rep_report(console: Console, reports, unreliable: dict[str, int] | None = None) -> None:
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
    for rep, count in sorted((unreliable or {}).items()):  # issue 13: counted apart
        console.print(
            f"{rep}: {count} call(s) left out, transcript unreliable (listen to them)",
            highlight=False,
        )


def print_flags(console: Console, flags) -> None:
    table = Table(title=f"{len(flags)} flags")
    for name in ("id", "severity", "kind", "call", "reason", "status"):
        table.add_column(name)
    for flag, path in flags:
        table.add_row(
            str(flag.id),
            "!" * flag.severity,
            flag.kind,
            Path(path).name,
            flag.reason,
            "[yellow]open" if flag.status == "open" else "[green]reviewed",
        )
    console.print(table)


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
        f"persona stated: {', '.join(stated) or 'nothing'}; target fit: {score.target_fit}",
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
    for name in ("slice", "calls", "item P", "item R", "item F1", "persona F1", "target fit"):
        summary.add_column(name, justify="left" if name == "slice" else "right")
    for (lang, split), g in sorted(report.groups.items()):
        micro = g.item_micro
        summary.add_row(
            f"{lang}/{split}",
            str(g.calls),
            f"{micro.precision:.3f}",
            f"{micro.recall:.3f}",
            f"{micro.f1:.3f}",
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
