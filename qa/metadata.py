"""Call metadata (rep, lead, campaign, time, direction) from a sidecar or file name.

A sidecar is ``<recording stem>.json`` beside the recording. Without one, an
optional regular expression with named groups is matched against the file
name, for example ``(?P<rep>[a-z]+)_(?P<lead_id>L\\d+)_(?P<call_time>\\d{8}T\\d{6})``.
"""

from __future__ import annotations

import json
import re
from dataclasses import fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from callqa.qa.errors import MetadataError
from callqa.qa.records import CallMetadata

FIELDS = {f.name for f in fields(CallMetadata)}
DIRECTIONS = ("outbound", "inbound")


def sidecar_path(recording: Path, suffix: str = ".json") -> Path:
    return recording.with_name(recording.stem + suffix)


def read_metadata(
    recording: Path,
    *,
    sidecar_suffix: str = ".json",
    filename_pattern: str | None = None,
    call_time_format: str | None = None,
    timezone: str = "UTC",
) -> CallMetadata:
    """Metadata for ``recording``: its sidecar if present, else the file-name pattern.

    A call time written without an offset is taken to be in ``timezone``.
    """
    sidecar = sidecar_path(recording, sidecar_suffix)
    if sidecar.is_file():
        metadata = parse_sidecar(sidecar)
    elif filename_pattern:
        metadata = parse_filename(recording.name, filename_pattern, call_time_format)
    else:
        return CallMetadata()
    if metadata.call_time is not None and metadata.call_time.tzinfo is None:
        metadata = replace(
            metadata, call_time=metadata.call_time.replace(tzinfo=ZoneInfo(timezone))
        )
    return metadata


def parse_sidecar(path: Path) -> CallMetadata:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise MetadataError(f"{path}: cannot read sidecar: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise MetadataError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    except RecursionError as exc:
        raise MetadataError(f"{path}: JSON nested too deeply") from exc
    if not isinstance(data, dict):
        raise MetadataError(f"{path}: a sidecar must be a JSON object")
    known = {k: v for k, v in data.items() if k in FIELDS}
    return _build(known, str(path), call_time_format=None)


def parse_filename(name: str, pattern: str, call_time_format: str | None = None) -> CallMetadata:
    try:
        match = re.search(pattern, name)
    except re.error as exc:
        raise MetadataError(f"metadata.filename_pattern is not a valid regex: {exc}") from exc
    if match is None:
        return CallMetadata()
    groups = {k: v for k, v in match.groupdict().items() if v is not None and k in FIELDS}
    return _build(groups, name, call_time_format)


def _build(values: dict[str, Any], source: str, call_time_format: str | None) -> CallMetadata:
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if value is None or value == "":
            continue
        if key == "call_time":
            clean[key] = _parse_time(value, source, call_time_format)
        elif key == "direction":
            direction = str(value).strip().lower()
            if direction not in DIRECTIONS:
                raise MetadataError(
                    f"{source}: direction must be one of {', '.join(DIRECTIONS)}, got {value!r}"
                )
            clean[key] = direction
        else:
            clean[key] = str(value).strip()
    return CallMetadata(**clean)


def _parse_time(value: Any, source: str, fmt: str | None) -> datetime:
    text = str(value).strip()
    try:
        return datetime.strptime(text, fmt) if fmt else datetime.fromisoformat(text)
    except ValueError as exc:
        expected = fmt or "ISO 8601"
        raise MetadataError(f"{source}: call_time {text!r} is not {expected}") from exc
