"""Generate the bundled example calls from the dialogue scripts in ``examples/dialogues``.

Each ``<call_id>.yaml`` is synthesised turn by turn with espeak-ng, laid out on a call
timeline and written to the output folder as three files:

- ``<call_id>.wav``: 8 kHz 16-bit PCM; stereo calls put the agent on the left channel
  and the customer on the right, mono calls mix both voices;
- ``<call_id>.json``: the dialler/CRM sidecar (rep, lead_id, campaign, call_time,
  direction, phone, language);
- ``<call_id>.ref.json``: the reference transcript with the true start/end of each turn.

The output is deterministic: gaps between turns come from a hash of the call id, not
from a random generator, so the same inputs and espeak-ng version give identical bytes.

Usage: python scripts/make_examples.py [--dialogues DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr
from callqa.qa.yaml_file import read_yaml_mapping

logger = logging.getLogger("make_examples")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RATE = 8000  # Hz, narrowband telephone audio
ESPEAK_VOICES = {"vi": "vi", "en": "en-us"}
DEFAULT_VARIANTS = {"agent": "f3", "customer": "m3"}
SPEED_WPM = 160  # words per minute; espeak-ng default is 175, a little slower suits a call
PEAK_LEVELS = {"agent": 0.55, "customer": 0.45}  # linear full scale; sum stays below 1.0
TRIM_THRESHOLD = 0.01  # fraction of a clip's peak below which its edges count as silence
LEAD_IN_S = 0.5  # silence before the first turn
TAIL_S = 0.6  # silence after the last turn
MIN_GAP_S, MAX_GAP_S = 0.3, 1.0  # gap between turns when pause_before_s is not given
MIN_PAUSE_S, MAX_PAUSE_S = -2.0, 5.0  # allowed pause_before_s; negative means overlap
METADATA_KEYS = ("rep", "lead_id", "campaign", "call_time", "direction", "phone")
REQUIRED_METADATA = ("rep", "campaign", "call_time", "direction", "phone")


class DialogueError(Exception):
    """A dialogue script is unreadable, misses a field or has a bad value."""


class SynthesisError(Exception):
    """espeak-ng is missing or failed to synthesise a turn."""


@dataclass(frozen=True)
class Turn:
    speaker: str
    text: str
    pause_before_s: float | None = None


@dataclass(frozen=True)
class Dialogue:
    call_id: str
    language: str
    layout: str
    metadata: dict[str, str]
    voices: dict[str, str]
    turns: tuple[Turn, ...]


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


def load_dialogue(path: Path) -> Dialogue:
    """Read and validate one dialogue script."""
    raw = read_yaml_mapping(path, DialogueError, "dialogue")

    def need(cond: bool, what: str) -> None:
        if not cond:
            raise DialogueError(f"{path}: {what}")

    need(str(raw.get("call_id", "")) == path.stem, "call_id must equal the file name")
    need(raw.get("language") in ESPEAK_VOICES, f"language must be one of {list(ESPEAK_VOICES)}")
    need(raw.get("layout") in ("stereo", "mono"), "layout must be stereo or mono")
    meta_in = raw.get("metadata") or {}
    need(all(meta_in.get(k) for k in REQUIRED_METADATA), f"metadata needs {REQUIRED_METADATA}")
    need(meta_in["direction"] in ("outbound", "inbound"), "direction must be outbound|inbound")
    metadata: dict[str, str] = {}
    for key in METADATA_KEYS:
        value = meta_in.get(key)
        if isinstance(value, datetime):
            value = value.isoformat()
        if value is not None:
            metadata[key] = _clean(value)
    try:
        call_time = datetime.fromisoformat(metadata["call_time"])
    except ValueError as e:
        raise DialogueError(f"{path}: call_time is not ISO 8601: {e}") from e
    need(call_time.tzinfo is not None, "call_time needs a UTC offset, e.g. +07:00")

    voices = {**DEFAULT_VARIANTS, **(raw.get("voices") or {})}
    turns = []
    for i, t in enumerate(raw.get("turns") or []):
        need(isinstance(t, dict) and t.get("speaker") in PEAK_LEVELS, f"turn {i}: bad speaker")
        need(bool(_clean(t.get("text", ""))), f"turn {i}: empty text")
        pause = t.get("pause_before_s")
        if pause is not None:
            ok = isinstance(pause, int | float) and MIN_PAUSE_S <= pause <= MAX_PAUSE_S
            need(ok, f"turn {i}: pause_before_s must be a number in [{MIN_PAUSE_S}, {MAX_PAUSE_S}]")
            pause = float(pause)
        turns.append(Turn(t["speaker"], _clean(t["text"]), pause))
    need(len(turns) >= 2, "a call needs at least two turns")
    return Dialogue(
        call_id=path.stem,
        language=raw["language"],
        layout=raw["layout"],
        metadata=metadata,
        voices=voices,
        turns=tuple(turns),
    )


def synthesize(text: str, voice: str, workdir: Path) -> np.ndarray:
    """Speak ``text`` with espeak-ng; return float32 mono at SAMPLE_RATE, edges trimmed."""
    wav = workdir / "turn.wav"
    cmd = ["espeak-ng", "-v", voice, "-s", str(SPEED_WPM), "-b", "1", "-w", str(wav), "--stdin"]
    try:
        subprocess.run(cmd, input=text.encode("utf-8"), capture_output=True, check=True)
    except FileNotFoundError as e:
        raise SynthesisError("espeak-ng not found on PATH (apt-get install espeak-ng)") from e
    except subprocess.CalledProcessError as e:
        msg = e.stderr.decode("utf-8", "replace").strip()
        raise SynthesisError(f"espeak-ng failed for voice {voice!r} on {text!r}: {msg}") from e
    audio, rate = sf.read(wav, dtype="float32", always_2d=False)
    audio = soxr.resample(audio, rate, SAMPLE_RATE, quality="HQ").astype(np.float32)
    loud = np.flatnonzero(np.abs(audio) > TRIM_THRESHOLD * np.abs(audio).max())
    if loud.size == 0:
        raise SynthesisError(f"espeak-ng produced silence for {text!r}")
    audio = audio[loud[0] : loud[-1] + 1]
    return audio / np.abs(audio).max()


def turn_gap_s(call_id: str, index: int) -> float:
    """A repeatable pseudo-random gap in [MIN_GAP_S, MAX_GAP_S], rounded to 10 ms."""
    fraction = zlib.crc32(f"{call_id}:{index}".encode()) / 0xFFFFFFFF
    return round(MIN_GAP_S + fraction * (MAX_GAP_S - MIN_GAP_S), 2)


def render(dialogue: Dialogue, workdir: Path) -> tuple[np.ndarray, list[dict]]:
    """Lay the turns out on a timeline; return int16 samples (n, channels) and segments."""
    lang_voice = ESPEAK_VOICES[dialogue.language]
    placed: list[tuple[Turn, int, np.ndarray]] = []
    start = cursor = round(LEAD_IN_S * SAMPLE_RATE)  # cursor: where the latest turn ends
    for i, turn in enumerate(dialogue.turns):
        clip = synthesize(turn.text, f"{lang_voice}+{dialogue.voices[turn.speaker]}", workdir)
        clip = clip * PEAK_LEVELS[turn.speaker]
        if i > 0:
            pause = turn.pause_before_s
            gap_s = turn_gap_s(dialogue.call_id, i) if pause is None else pause
            start = max(start + 1, cursor + round(gap_s * SAMPLE_RATE))  # keep turn order
        placed.append((turn, start, clip))
        cursor = max(cursor, start + len(clip))

    n_samples = cursor + round(TAIL_S * SAMPLE_RATE)
    channels = 2 if dialogue.layout == "stereo" else 1
    mix = np.zeros((n_samples, channels), dtype=np.float64)
    segments = []
    for turn, start, clip in placed:
        channel = 1 if channels == 2 and turn.speaker == "customer" else 0
        mix[start : start + len(clip), channel] += clip
        segments.append(
            {
                "speaker": turn.speaker,
                "start": round(start / SAMPLE_RATE, 3),
                "end": round((start + len(clip)) / SAMPLE_RATE, 3),
                "text": turn.text,
            }
        )
    pcm = np.round(np.clip(mix, -1.0, 1.0) * 32767).astype(np.int16)
    return pcm, segments


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def make_call(dialogue: Dialogue, out_dir: Path, workdir: Path) -> float:
    """Write the WAV, sidecar and reference transcript of one call; return its duration."""
    pcm, segments = render(dialogue, workdir)
    duration_s = round(len(pcm) / SAMPLE_RATE, 3)
    stem = str(out_dir / dialogue.call_id)  # call ids may contain dots: no with_suffix
    sf.write(f"{stem}.wav", pcm, SAMPLE_RATE, subtype="PCM_16")
    _write_json(Path(f"{stem}.json"), {**dialogue.metadata, "language": dialogue.language})
    reference = {"language": dialogue.language, "duration_s": duration_s, "segments": segments}
    _write_json(Path(f"{stem}.ref.json"), reference)
    return duration_s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dialogues", type=Path, default=ROOT / "examples" / "dialogues")
    parser.add_argument("--out", type=Path, default=ROOT / "examples" / "calls")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")

    if shutil.which("espeak-ng") is None:
        logger.error("espeak-ng not found on PATH; install it first (apt-get install espeak-ng)")
        return 2
    paths = sorted(args.dialogues.glob("*.yaml"))
    if not paths:
        logger.error("no *.yaml dialogue scripts in %s", args.dialogues)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    summary = []
    try:
        dialogues = [load_dialogue(p) for p in paths]
        with tempfile.TemporaryDirectory(prefix="make_examples_") as tmp:
            for dialogue in dialogues:
                logger.info("synthesising %s", dialogue.call_id)
                duration_s = make_call(dialogue, args.out, Path(tmp))
                summary.append((dialogue, duration_s))
    except (DialogueError, SynthesisError, OSError) as e:
        logger.error("%s", e)
        return 1

    print(f"wrote {len(summary)} calls to {args.out}")
    for d, duration_s in summary:
        print(f"  {d.call_id:<32} {d.language}  {d.layout:<6} {duration_s:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
