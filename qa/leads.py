"""Read a CRM lead export (CSV or JSON) into typed records.

Bad rows never stop an import: each is returned as a ``RejectedRow`` with its
line number and the reason, and the good rows are imported. ``iter_leads``
streams a CSV file row by row (a 50 MB export is never held in memory);
``read_leads`` collects a whole file, for small ones and tests.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from callqa.qa.errors import LeadImportError

REQUIRED = ("lead_id", "created_at", "status")
OPTIONAL = ("source", "campaign", "owner", "phone", "first_contact_at", "closed_at", "lost_reason")
DATE_FIELDS = ("created_at", "first_contact_at", "closed_at")
DMY_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?")


@dataclass(frozen=True)
class LeadRecord:
    lead_id: str
    created_at: datetime
    status: str
    stage: str
    source: str | None = None
    campaign: str | None = None
    owner: str | None = None
    phone: str | None = None
    phone_norm: str | None = None
    first_contact_at: datetime | None = None
    closed_at: datetime | None = None
    lost_reason: str | None = None


@dataclass(frozen=True)
class RejectedRow:
    line: int
    reason: str


@dataclass(frozen=True)
class LeadFile:
    leads: tuple[LeadRecord, ...]
    rejected: tuple[RejectedRow, ...]
    duplicates: tuple[RejectedRow, ...] = ()  # warnings: a later row for a lead id wins


@dataclass(frozen=True)
class ParsedRow:
    """One data row of a lead file: its line and the lead, or the reason it was rejected."""

    line: int
    lead: LeadRecord | None
    reason: str | None = None


ProgressCallback = Callable[[int], None]  # bytes of the file read so far


def read_leads(
    path: Path,
    *,
    status_map: Mapping[str, str],
    columns: Mapping[str, str] | None = None,
    timezone: str = "Asia/Ho_Chi_Minh",
) -> LeadFile:
    """Parse all of ``path``; ``columns`` maps canonical names to the file's column names."""
    leads: dict[str, LeadRecord] = {}
    rejected: list[RejectedRow] = []
    duplicates: list[RejectedRow] = []
    first_line: dict[str, int] = {}
    for row in iter_leads(path, status_map=status_map, columns=columns, timezone=timezone):
        if row.lead is None:
            rejected.append(RejectedRow(row.line, row.reason or "rejected"))
            continue
        lead_id = row.lead.lead_id
        if lead_id in first_line:
            duplicates.append(RejectedRow(row.line, duplicate_reason(lead_id, first_line[lead_id])))
        else:
            first_line[lead_id] = row.line
        leads[lead_id] = row.lead  # a later row for the same id wins, as in the CRM
    return LeadFile(tuple(leads.values()), tuple(rejected), tuple(duplicates))


def duplicate_reason(lead_id: str, first_line: int) -> str:
    return f"lead id {lead_id!r} is also on line {first_line}; this later row wins"


def iter_leads(
    path: Path,
    *,
    status_map: Mapping[str, str],
    columns: Mapping[str, str] | None = None,
    timezone: str = "Asia/Ho_Chi_Minh",
    progress: ProgressCallback | None = None,
) -> Iterator[ParsedRow]:
    """Each data row of ``path`` parsed, in file order, read as a stream."""
    path = Path(path)
    mapping = {name: (columns or {}).get(name, name) for name in (*REQUIRED, *OPTIONAL)}
    statuses = {_fold(label): stage for label, stage in status_map.items()}
    zone = ZoneInfo(timezone)
    for line, row in _read_rows(path, progress):
        if row is None:
            yield ParsedRow(line, None, "not UTF-8 text")
            continue
        try:
            yield ParsedRow(line, _parse_row(row, mapping, statuses, zone))
        except ValueError as exc:
            yield ParsedRow(line, None, str(exc))


def normalize_phone(raw: str | None) -> str | None:
    """Vietnamese numbers to one form: ``+84 912.345.678`` / ``0912-345-678`` -> ``912345678``."""
    if not raw:
        return None
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("0084"):
        digits = digits[4:]
    elif digits.startswith("84") and len(digits) >= 11:
        digits = digits[2:]
    digits = digits.lstrip("0")
    return digits or None


def parse_datetime(text: str, zone: ZoneInfo) -> datetime:
    """ISO 8601 or ``dd/mm/yyyy HH:MM``; times without an offset are in ``zone``."""
    text = text.strip()
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        value = None
    if value is None and (dmy := _DMY.fullmatch(text)):  # the common CRM form, fast
        day, month, year, hour, minute, second = (int(g) if g else 0 for g in dmy.groups())
        try:
            value = datetime(year, month, day, hour, minute, second)
        except ValueError:
            value = None
    if value is None:
        for fmt in DMY_FORMATS:
            try:
                value = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            raise ValueError(f"{text!r} is not ISO 8601 or dd/mm/yyyy HH:MM") from None
    return value if value.tzinfo else value.replace(tzinfo=zone)


def _read_rows(
    path: Path, progress: ProgressCallback | None
) -> Iterator[tuple[int, dict[str, str] | None]]:
    """(line, row) pairs; row None for a line that is not UTF-8 (the others go on).

    A file whose header or first row is not UTF-8 is in another encoding
    altogether: ``LeadImportError``, nothing imported.
    """
    try:
        raw = path.open("rb")
    except FileNotFoundError as exc:
        raise LeadImportError(f"{path}: no such file") from exc
    except OSError as exc:
        raise LeadImportError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    with raw:
        if path.suffix.lower() == ".json":
            yield from _json_rows(path, raw.read())
            return
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")
        first_line = text.readline()
        text.seek(0)
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        csv.field_size_limit(MAX_FIELD_CHARS)
        reader = csv.DictReader(text, delimiter=delimiter)
        try:
            if not reader.fieldnames:
                raise LeadImportError(f"{path}: empty file, no header row")
            if any(_not_utf8(name) for name in reader.fieldnames):
                raise LeadImportError(f"{path}: not UTF-8 text (in the header row); save as UTF-8")
            for index, row in enumerate(reader):
                if progress is not None and index % PROGRESS_EVERY_ROWS == 0:
                    progress(raw.tell())
                values = [v for v in row.values() if isinstance(v, str)]
                if not any(v.strip() for v in values):
                    continue
                if _not_utf8("".join(values)):
                    if index == 0:
                        raise LeadImportError(
                            f"{path}:{reader.line_num}: not UTF-8 text; save the file as UTF-8"
                        )
                    yield reader.line_num, None
                    continue
                yield reader.line_num, {k.strip(): v for k, v in row.items() if k}
        except csv.Error as exc:
            raise LeadImportError(f"{path}:{reader.line_num}: not valid CSV: {exc}") from exc
        if progress is not None:
            progress(raw.tell())


MAX_FIELD_CHARS = 1_000_000  # one CSV field; csv's own default is 131,072
PROGRESS_EVERY_ROWS = 5000


_UNDECODED = re.compile("[\udc80-\udcff]")  # bytes surrogateescape could not decode


def _not_utf8(value: str) -> bool:
    return _UNDECODED.search(value) is not None


def _json_rows(path: Path, raw: bytes) -> list[tuple[int, dict[str, str]]]:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise LeadImportError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise LeadImportError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    except RecursionError as exc:
        raise LeadImportError(f"{path}: JSON nested too deeply") from exc
    if isinstance(data, dict) and isinstance(data.get("leads"), list):
        data = data["leads"]
    if not isinstance(data, list):
        raise LeadImportError(f"{path}: expected a list of lead objects")
    return [
        (index, {k: "" if v is None else str(v) for k, v in item.items()})
        if isinstance(item, dict)
        else (index, {})
        for index, item in enumerate(data, start=1)
    ]


def _parse_row(
    row: dict[str, str], mapping: Mapping[str, str], statuses: Mapping[str, str], zone: ZoneInfo
) -> LeadRecord:
    def get(name: str) -> str | None:
        value = row.get(mapping[name])
        return value.strip() if isinstance(value, str) and value.strip() else None

    for name in REQUIRED:
        if get(name) is None:
            raise ValueError(f"missing {name} (column {mapping[name]!r})")
    status = get("status") or ""
    stage = statuses.get(_fold(status))
    if stage is None:
        raise ValueError(f"unknown status {status!r}; add it to leads.status_map in config")
    dates: dict[str, datetime | None] = {}
    for name in DATE_FIELDS:
        raw = get(name)
        try:
            dates[name] = parse_datetime(raw, zone) if raw else None
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None
    phone = get("phone")
    return LeadRecord(
        lead_id=get("lead_id") or "",
        created_at=dates["created_at"],  # type: ignore[arg-type]  (required above)
        status=status,
        stage=stage,
        source=get("source"),
        campaign=get("campaign"),
        owner=get("owner"),
        phone=phone,
        phone_norm=normalize_phone(phone),
        first_contact_at=dates["first_contact_at"],
        closed_at=dates["closed_at"],
        lost_reason=get("lost_reason"),
    )


def _fold(label: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFC", label).strip().casefold()
