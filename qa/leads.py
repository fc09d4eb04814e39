"""Read a CRM lead export (CSV or JSON) into typed records.

Bad rows never stop an import: each is returned as a ``RejectedRow`` with its
line number and the reason, and the good rows are imported.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from qa.errors import LeadImportError

REQUIRED = ("lead_id", "created_at", "status")
OPTIONAL = ("source", "campaign", "owner", "phone", "first_contact_at", "closed_at", "lost_reason")
DATE_FIELDS = ("created_at", "first_contact_at", "closed_at")
DMY_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y")


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


def read_leads(
    path: Path,
    *,
    status_map: Mapping[str, str],
    columns: Mapping[str, str] | None = None,
    timezone: str = "Asia/Ho_Chi_Minh",
) -> LeadFile:
    """Parse ``path``; ``columns`` maps canonical names to the file's column names."""
    path = Path(path)
    rows = _read_rows(path)
    mapping = {name: (columns or {}).get(name, name) for name in (*REQUIRED, *OPTIONAL)}
    statuses = {_fold(label): stage for label, stage in status_map.items()}
    zone = ZoneInfo(timezone)
    leads: dict[str, LeadRecord] = {}
    rejected: list[RejectedRow] = []
    for line, row in rows:
        try:
            lead = _parse_row(row, mapping, statuses, zone)
        except ValueError as exc:
            rejected.append(RejectedRow(line, str(exc)))
            continue
        leads[lead.lead_id] = lead  # a later row for the same id wins, as in the CRM
    return LeadFile(tuple(leads.values()), tuple(rejected))


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
        for fmt in DMY_FORMATS:
            try:
                value = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            raise ValueError(f"{text!r} is not ISO 8601 or dd/mm/yyyy HH:MM") from None
    return value if value.tzinfo else value.replace(tzinfo=zone)


def _read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise LeadImportError(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise LeadImportError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    if path.suffix.lower() == ".json":
        return _json_rows(path, text)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if not reader.fieldnames:
        raise LeadImportError(f"{path}: empty file, no header row")
    rows = []
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        rows.append((reader.line_num, {k.strip(): v for k, v in row.items() if k}))
    return rows


def _json_rows(path: Path, text: str) -> list[tuple[int, dict[str, str]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LeadImportError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc
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
