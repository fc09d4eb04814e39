"""Transcript JSON in, score JSON out (the shapes ``callqa score --json`` uses)."""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path
from typing import Any

from callqa.qa.errors import CallqaError
from callqa.qa.records import CallScore, Evidence, Segment, Transcript

logger = logging.getLogger(__name__)

SPEAKERS = ("agent", "customer", "unknown")
STATUS = {"met": "met", "missed": "missed", "na": "not_applicable", "violated": "violated"}
MAX_TRANSCRIPT_BYTES = 50_000_000  # a two-hour call's transcript JSON is well under 1 MB
MAX_TRANSCRIPT_CHARS = 900_000  # all segment text; spaCy refuses documents over 1,000,000


class TranscriptError(CallqaError, ValueError):
    """A transcript file is missing or does not have the expected shape."""


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TranscriptError(f"{where}: expected a number, got {_short(value)}")
    if not math.isfinite(value):
        raise TranscriptError(f"{where}: expected a finite number, got {value!r}")
    return float(value)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise TranscriptError(f"{where}: key 'text' must be a string")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise TranscriptError(
            f"{where}: key 'text' holds a lone surrogate (\\u{ord(value[exc.start]):04x}) "
            f"at character {exc.start}; not valid Unicode text"
        ) from exc
    return value


def transcript_from_dict(data: Any, *, source: str = "<transcript>") -> Transcript:
    """Validate ``{"language", "duration_s", "segments": [...]}`` into a ``Transcript``."""
    if not isinstance(data, dict):
        raise TranscriptError(f"{source}: expected a JSON object at the top level")
    language = data.get("language")
    if not isinstance(language, str) or not language or len(language) > 16:
        raise TranscriptError(f"{source}: key 'language' must be a short non-empty string")
    _text(language, f"{source}: language")
    raw_segments = data.get("segments")
    if not isinstance(raw_segments, list):
        raise TranscriptError(f"{source}: key 'segments' must be a list")
    segments = []
    total_chars = 0
    for i, raw in enumerate(raw_segments):
        where = f"{source}: segments[{i}]"
        if not isinstance(raw, dict):
            raise TranscriptError(f"{where}: expected an object")
        for key in ("start", "end", "text"):
            if key not in raw:
                raise TranscriptError(f"{where}: missing key {key!r}")
        start = _number(raw["start"], f"{where}.start")
        end = _number(raw["end"], f"{where}.end")
        if end < start:
            raise TranscriptError(f"{where}: key 'end' ({end}) is before 'start' ({start})")
        text = _text(raw["text"], where)
        total_chars += len(text) + 3
        if total_chars > MAX_TRANSCRIPT_CHARS:
            raise TranscriptError(
                f"{where}: the transcript's text is over {MAX_TRANSCRIPT_CHARS:,} characters; "
                "too long to score as one call"
            )
        speaker = raw.get("speaker", "unknown")
        if not isinstance(speaker, str) or speaker not in SPEAKERS:
            raise TranscriptError(f"{where}: key 'speaker' must be one of {SPEAKERS}")
        segments.append(Segment(start=start, end=end, text=text, speaker=speaker))
    default_duration = max((s.end for s in segments), default=0.0)
    duration = data.get("duration_s", default_duration)
    duration = _number(duration, f"{source}: duration_s") if duration is not None else 0.0
    return Transcript(
        language=language.lower(),
        duration_s=duration or default_duration,
        segments=tuple(segments),
        engine=str(data.get("engine", "")),
        model=str(data.get("model", "")),
    )


def load_transcript(path: str | Path) -> Transcript:
    """Read a transcript JSON file; errors name the file and the key."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_TRANSCRIPT_BYTES:
            raise TranscriptError(
                f"{path}: transcript file is over {MAX_TRANSCRIPT_BYTES // 1_000_000} MB"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise TranscriptError(f"{path}: cannot read transcript: {exc.strerror or exc}") from exc
    return transcript_from_dict(parse_json_bytes(raw, str(path)), source=str(path))


def parse_json_bytes(raw: bytes, source: str) -> Any:
    """JSON from UTF-8 (with or without BOM), UTF-16 or UTF-32 bytes; one clear error else."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return json.loads(raw.decode(json.detect_encoding(raw)))
    except UnicodeDecodeError as exc:
        raise TranscriptError(
            f"{source}: not a text file (byte {exc.start} is not UTF-8, UTF-16 or UTF-32)"
        ) from exc
    except json.JSONDecodeError as exc:
        raise TranscriptError(f"{source}: not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise TranscriptError(f"{source}: JSON nested too deeply") from exc


def _evidence(ev: Evidence) -> dict[str, Any]:
    return {"speaker": ev.speaker, "start": ev.start, "end": ev.end, "text": ev.text}


def score_to_dict(score: CallScore) -> dict[str, Any]:
    """The JSON-ready dict for one scored call."""
    return {
        "score": score.score,
        "passed": score.passed,
        "pass_mark": score.pass_mark,
        "critical_failed": score.critical_failed,
        "language": score.language,
        "checklist": {"name": score.checklist_name, "version": score.checklist_version},
        "items": [
            {
                "id": r.item_id,
                "label": r.label,
                "status": STATUS[r.verdict],
                "points": r.points,
                "max_points": r.max_points,
                "critical": r.critical,
                "evidence": [_evidence(e) for e in r.evidence],
                "reason": r.reason,
            }
            for r in score.items
        ],
        "persona": {
            "fields": {k: (ev[0].text if ev else None) for k, ev in score.persona.items()},
            "evidence": {k: [_evidence(e) for e in ev] for k, ev in score.persona.items()},
            "target_fit": score.target_fit,
            "target_fit_reason": score.target_fit_reason,
            "target_fit_evidence": [_evidence(e) for e in score.target_fit_evidence],
        },
    }


def score_to_json(score: CallScore, *, indent: int | None = 2) -> str:
    return json.dumps(score_to_dict(score), ensure_ascii=False, indent=indent)
