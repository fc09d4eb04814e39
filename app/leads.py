"""Import CRM leads, then end the change like a batch: relink calls, refresh flags.

The file is streamed: rows are read one at a time and leads written in
batches of ``LEAD_BATCH_ROWS``, each committed, so memory stays bounded
whatever the file's size.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from callqa.app.batch_end import end_batch
from callqa.app.settings import Settings
from callqa.models import crud
from callqa.models.db import get_engine, session_scope
from callqa.qa.leads import LeadRecord, RejectedRow, duplicate_reason, iter_leads

LEAD_BATCH_ROWS = 2000  # leads written (and committed) per transaction
MAX_LISTED = 200  # bad or repeated rows listed by line; the rest are counted
LeadProgress = Callable[[int, int, int], None]  # (bytes read, file bytes, rows so far)


@dataclass(frozen=True)
class LeadImportReport:
    created: int
    updated: int
    linked_calls: int
    rejected: tuple[RejectedRow, ...]  # the first MAX_LISTED bad rows
    rejected_count: int
    duplicates: tuple[RejectedRow, ...]  # the first MAX_LISTED repeated lead ids
    duplicate_count: int
    flags_opened: int = 0
    seconds: float = 0.0


def import_leads(
    settings: Settings, file: Path, *, progress: LeadProgress | None = None
) -> LeadImportReport:
    """Stream ``file`` into the database, committing every ``LEAD_BATCH_ROWS`` leads.

    Memory stays bounded whatever the file's size (the rows are never all in
    memory; only each lead id's first line is kept, to warn about repeats), and
    a crash keeps the batches already committed: importing again finishes the
    job, since leads are upserted by id.
    """
    started = time.perf_counter()
    config = settings.config
    engine = get_engine(settings.db_url)
    total_bytes = Path(file).stat().st_size if Path(file).is_file() else 0
    rows_seen = 0

    def on_bytes(done: int) -> None:
        if progress is not None:
            progress(done, total_bytes, rows_seen)

    rows = iter_leads(
        file,
        status_map=config.leads.status_map,
        columns=config.leads.columns,
        timezone=config.timezone,
        progress=on_bytes,
    )
    created = 0
    rejected: list[RejectedRow] = []
    duplicates: list[RejectedRow] = []
    rejected_count = duplicate_count = 0
    first_line: dict[str, int] = {}
    campaigns: dict[str, int] = {}
    batch: list[LeadRecord] = []

    def flush() -> None:
        nonlocal created
        with session_scope(engine) as session:
            new, _ = crud.upsert_leads(session=session, leads=batch, campaigns=campaigns)
        created += new
        batch.clear()

    for row in rows:
        rows_seen += 1
        if row.lead is None:
            rejected_count += 1
            if len(rejected) < MAX_LISTED:
                rejected.append(RejectedRow(row.line, row.reason or "rejected"))
            continue
        lead_id = row.lead.lead_id
        if lead_id in first_line:
            duplicate_count += 1
            if len(duplicates) < MAX_LISTED:
                reason = duplicate_reason(lead_id, first_line[lead_id])
                duplicates.append(RejectedRow(row.line, reason))
        else:
            first_line[lead_id] = row.line
        batch.append(row.lead)
        if len(batch) >= LEAD_BATCH_ROWS:
            flush()
    if batch:
        flush()
    updated = len(first_line) - created  # a repeated id is one lead, written twice
    ended = end_batch(engine, config)  # skipped only when the file changed no lead
    return LeadImportReport(
        created=created,
        updated=updated,
        linked_calls=ended.linked,
        rejected=tuple(rejected),
        rejected_count=rejected_count,
        duplicates=tuple(duplicates),
        duplicate_count=duplicate_count,
        flags_opened=ended.opened,
        seconds=time.perf_counter() - started,
    )
