"""Speed, memory, word error rate and the quality gate of each engine, per language, in one run.

For each engine (faster-whisper, openai-whisper, and the default per-language
set-up: viet-asr for Vietnamese, faster-whisper for the rest) and model
(tiny.en on English only, base on everything) this runs ``transcribe_call``
with energy speech spans, exactly as the pipeline does, with the language the
call's metadata gives (the sample calls' sidecars; a clip's folder), and reports:

* RTF: processing seconds over audio seconds (model load and one warm-up run on the
  first file excluded), and CPU seconds (all threads) over audio seconds: on a
  machine shared with other work, CPU / 2 is what two idle cores would take if
  the engine kept both busy;
* peak RSS of the process running that engine and model (each runs in its own process);
* WER (jiwer) after lower-casing and removing punctuation. References: the
  sample calls' ``.ref.json`` (synthetic espeak-ng speech, true text) and the
  ``.txt`` beside each real clip (``.silver.txt`` for the staged call: a
  commercial engine's transcript, not human-verified). Vietnamese is counted in
  syllables, the way it is written. For Vietnamese, numbers written in digits
  (Whisper writes "2 triệu", viet-asr "hai triệu") are spelled out as words on
  both sides before counting, so neither engine is charged for its number style.
* the transcript-quality gate (:mod:`qa.asr.quality`) on every transcript: a
  transcript with WER <= 35% is "good", one with WER >= 65% "garbage"; how many
  good ones it withholds and how many garbage ones it lets through, on the
  files its thresholds were set on (sample calls, odd-numbered clips) and on
  the held-out even-numbered clips.

openai-whisper runs at about half real time here, so by default it sees a
subset (``--openai-calls`` per language and the real clips); ``--full`` runs it
on everything.

Run: ``python benchmarks/asr.py [--cache-dir data/models] [--speech tests/data/speech]
[--vi-speech ../shared/data/speech-vi/clips]`` (the Vietnamese clips are read when present).
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import resource
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CALLS = ROOT / "examples" / "calls"
SPEECH = ROOT / "tests" / "data" / "speech"  # real clips with references, copied with a NOTICE
VI_SPEECH = ROOT.parent / "shared" / "data" / "speech-vi" / "clips"  # real Vietnamese, if present
RUNS = (
    ("faster-whisper", "tiny.en"),
    ("faster-whisper", "base"),
    ("viet-asr", "base"),  # the default: viet-asr for vi, faster-whisper base for the rest
    ("openai-whisper", "base"),
)
GOOD_WER = 0.35  # a transcript at or under this WER can be read and judged
GARBAGE_WER = 0.65  # at or over this it cannot
VI_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
OPENAI_CALLS_PER_LANGUAGE = 1
SAME_SIGNAL_CORRELATION = 0.99  # above this a stereo file is one signal twice


def normalise(text: str, language: str = "en") -> str:
    text = unicodedata.normalize("NFC", text).lower()
    text = re.sub(r"^(left|right|agent|customer):", " ", text, flags=re.MULTILINE)
    if language == "vi":
        text = re.sub(r"(?<=\d)[.,](?=\d{3}\b)", "", text)  # 100.000 -> 100000
        text = re.sub(r"\d+", lambda m: vi_number(int(m.group())), text)
    return " ".join(re.sub(r"[^\w\s']", " ", text).split())


def vi_number(n: int) -> str:
    """A number as it is read in Vietnamese (below a billion; plain, no regional variants)."""
    if n < 10:
        return VI_DIGITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        head = "mười" if tens == 1 else f"{VI_DIGITS[tens]} mươi"
        tail = {0: "", 1: " mốt" if tens > 1 else " một", 5: " lăm"}.get(
            unit, f" {VI_DIGITS[unit]}"
        )
        return head + tail
    for size, name in ((10**6, "triệu"), (1000, "nghìn"), (100, "trăm")):
        if n >= size:
            head, rest = divmod(n, size)
            words = f"{vi_number(head)} {name}"
            if rest:
                link = " linh " if rest < 10 and size == 100 else " "
                words += link + vi_number(rest)
            return words
    return str(n)


def items(speech: Path | None, vi_speech: Path | None = None) -> list[dict]:
    """Every benchmark file: path, set name, language and reference text.

    ``held_out`` marks the even-numbered clips of each folder: the gate's
    thresholds were not set on them.
    """
    found = []
    for wav in sorted(CALLS.glob("*.wav")):
        ref = json.loads(wav.with_suffix(".ref.json").read_text(encoding="utf-8"))
        text = " ".join(s["text"] for s in ref["segments"])
        found.append(
            {"path": str(wav), "set": "calls", "language": ref["language"], "ref": text}
            | {"held_out": False}
        )
    for folder, language in ((speech, "en"), (vi_speech, "vi")):
        if folder is None or not folder.is_dir():
            continue
        clips = sorted([*folder.glob("*.wav"), *folder.glob("*.flac")])
        for index, audio in enumerate(clips):
            refs = [audio.with_suffix(".txt"), audio.with_suffix(".silver.txt")]
            ref = next((r for r in refs if r.is_file()), None)
            if ref is not None:
                text = ref.read_text(encoding="utf-8")
                found.append(
                    {"path": str(audio), "set": "clips", "language": language, "ref": text}
                    | {"held_out": index % 2 == 1}
                )
    return found


def run_one(engine: str, model: str, cache_dir: Path, files: list[dict]) -> dict:
    """Transcribe ``files`` with one engine and model in this process; figures as a dict."""
    import jiwer
    from callqa.qa.asr.call import CallAsrSettings, transcribe_call
    from callqa.qa.asr.quality import assess
    from callqa.qa.asr.speech import find_speech
    from callqa.qa.asr.weights import resolve_model
    from callqa.qa.audio import Audio, load_audio
    from callqa.qa.config import TranscriptQualityConfig
    from callqa.qa.metrics import analyze_call

    min_score = TranscriptQualityConfig().min_score
    model_dir = resolve_model(model, cache_dir=cache_dir)
    started = time.perf_counter()
    if engine == "faster-whisper":
        from callqa.qa.asr.faster import FasterWhisperTranscriber

        transcriber = FasterWhisperTranscriber(model_dir, model_name=model)
    elif engine == "viet-asr":
        from callqa.qa.asr.faster import FasterWhisperTranscriber
        from callqa.qa.asr.routing import LanguageRouter
        from callqa.qa.asr.vietasr_engine import VietAsrTranscriber

        vietnamese = VietAsrTranscriber()
        whisper = FasterWhisperTranscriber(model_dir, model_name=model)
        transcriber = LanguageRouter(whisper, {"vi": lambda: vietnamese})
    else:
        from callqa.qa.asr.openai_engine import OpenAIWhisperTranscriber

        transcriber = OpenAIWhisperTranscriber(model_dir, model_name=model)
    load_s = time.perf_counter() - started
    for item in files[:1] + [f for f in files if f["language"] == "vi"][:1]:
        # warm-up on real speech, so every decoding thread of each engine has run once
        warm = CallAsrSettings(language=item["language"])
        transcribe_call(load_audio(Path(item["path"])), transcriber, warm, find_speech)

    rows = []
    for item in files:
        settings = CallAsrSettings(language=item["language"])  # as the metadata gives it
        audio = load_audio(Path(item["path"]))
        if audio.channels == 2 and _same_channels(audio.samples):
            audio = Audio(audio.samples[:1], audio.sample_rate)  # e.g. JFK: stereo, not a call
        started, cpu_started = time.perf_counter(), time.process_time()
        transcript = transcribe_call(audio, transcriber, settings, find_speech=find_speech)
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started  # all threads of this process
        language = item["language"]
        ref, hyp = normalise(item["ref"], language), normalise(transcript.text, language)
        out = jiwer.process_words(ref, hyp)
        errors = out.substitutions + out.deletions + out.insertions
        speech_s = analyze_call(audio.samples, audio.sample_rate).speech_s
        quality = assess(transcript, speech_s, min_score)
        rows.append(
            {
                "file": Path(item["path"]).stem,
                "set": item["set"],
                "language": item["language"],
                "held_out": item["held_out"],
                "detected": transcript.language,
                "engine": transcript.engine,
                "audio_s": audio.duration_s,
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "errors": errors,
                "ref_words": len(ref.split()),
                "quality": quality.to_dict(),
                "speech_s": speech_s,
                "confidence": transcript.confidence,
                "hyp": hyp,
            }
        )
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "engine": engine,
        "model": model,
        "load_s": load_s,
        "peak_mib": peak_kib / 1024,
        "rows": rows,
    }


def _same_channels(samples: np.ndarray) -> bool:
    """True for a stereo file carrying one signal twice (a two-party call never does)."""
    left, right = samples[0], samples[1]
    scale = float(np.sqrt(np.mean(left**2) * np.mean(right**2))) or 1.0
    return float(np.mean(left * right)) / scale > SAME_SIGNAL_CORRELATION


def select(engine: str, model: str, files: list[dict], full: bool, per_language: int) -> list[dict]:
    if model.endswith(".en"):
        files = [f for f in files if f["language"] == "en"]
    if engine == "viet-asr" and not full:  # English goes to faster-whisper base, run above
        files = [f for f in files if f["language"] == "vi"]
    if engine == "openai-whisper" and not full:
        calls = [f for f in files if f["set"] == "calls"]
        subset = [
            f
            for lang in ("en", "vi")
            for f in [c for c in calls if c["language"] == lang][:per_language]
        ]
        files = subset + [f for f in files if f["set"] == "clips" and f["language"] == "en"]
    return files


def gate_table(results: list[dict]) -> str:
    """The gate's two error counts per engine and language, tuning files and held-out apart."""
    lines = [
        "| engine | lang | files | good withheld | garbage let through | between (not counted) |",
        "|---|---|---|---:|---:|---:|",
    ]
    for result in results:
        groups: dict[tuple[str, str], list[dict]] = {}
        for row in result["rows"]:
            part = "held-out clips" if row["held_out"] else "calls + tuning clips"
            groups.setdefault((row["language"], part), []).append(row)
        for (lang, part), rows in sorted(groups.items()):
            wer = [(r, r["errors"] / max(1, r["ref_words"])) for r in rows]
            good = [r for r, w in wer if w <= GOOD_WER]
            garbage = [r for r, w in wer if w >= GARBAGE_WER]
            withheld = sum(not r["quality"]["reliable"] for r in good)
            passed = sum(r["quality"]["reliable"] for r in garbage)
            lines.append(
                f"| {result['engine']} {result['model']} | {lang} | {part} | "
                f"{withheld} of {len(good)} | {passed} of {len(garbage)} | "
                f"{len(rows) - len(good) - len(garbage)} |"
            )
    return "\n".join(lines)


def table(results: list[dict]) -> str:
    lines = [
        "| engine | model | set | lang | files | audio s | RTF | CPU s / audio s | WER "
        "| peak RSS MiB |",
        "|---|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        groups: dict[tuple[str, str], list[dict]] = {}
        for row in result["rows"]:
            groups.setdefault((row["set"], row["language"]), []).append(row)
        for (set_name, lang), rows in sorted(groups.items()):
            audio_s = sum(r["audio_s"] for r in rows)
            rtf = sum(r["seconds"] for r in rows) / audio_s
            cpu = sum(r.get("cpu_seconds", 0.0) for r in rows) / audio_s
            wer = sum(r["errors"] for r in rows) / max(1, sum(r["ref_words"] for r in rows))
            lines.append(
                f"| {result['engine']} | {result['model']} | {set_name} | {lang} | {len(rows)} "
                f"| {audio_s:.0f} | {rtf:.3f} | {cpu:.3f} | {wer:.3f} | {result['peak_mib']:.0f} |"
            )
    return "\n".join(lines)


def speedups(results: list[dict], model: str = "base") -> str:
    """Per file run by both engines with ``model``: each one's RTF and the ratio."""
    rtf = {
        (r["engine"], row["file"]): row["seconds"] / row["audio_s"]
        for r in results
        if r["model"] == model
        for row in r["rows"]
    }
    lines = [
        f"| file ({model}) | faster-whisper RTF | openai-whisper RTF | speed-up |",
        "|---|---:|---:|---:|",
    ]
    for (engine, name), fast in rtf.items():
        slow = rtf.get(("openai-whisper", name))
        if engine == "faster-whisper" and slow is not None:
            lines.append(f"| {name} | {fast:.3f} | {slow:.3f} | {slow / fast:.1f}x |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache-dir", type=Path, default=ROOT / "data" / "models")
    parser.add_argument("--speech", type=Path, default=SPEECH, help="real clips with .txt refs")
    parser.add_argument("--vi-speech", type=Path, default=VI_SPEECH, help="Vietnamese clips")
    parser.add_argument("--save", type=Path, help="write every row (with its gate signals) as JSON")
    parser.add_argument("--full", action="store_true", help="openai-whisper on every file too")
    parser.add_argument("--openai-calls", type=int, default=OPENAI_CALLS_PER_LANGUAGE)
    parser.add_argument("--only", help="ENGINE:MODEL, run in this process and print JSON")
    parser.add_argument("--per-file", action="store_true", help="also print one line per file")
    args = parser.parse_args()
    files = items(args.speech, args.vi_speech)

    if args.only:
        engine, model = args.only.split(":")
        chosen = select(engine, model, files, args.full, args.openai_calls)
        print(json.dumps(run_one(engine, model, args.cache_dir, chosen)))
        return

    results = []
    for engine, model in RUNS:
        command = [sys.executable, __file__, "--only", f"{engine}:{model}"]
        command += ["--cache-dir", str(args.cache_dir), "--speech", str(args.speech)]
        command += ["--vi-speech", str(args.vi_speech)]
        command += ["--openai-calls", str(args.openai_calls)] + (["--full"] if args.full else [])
        print(f"running {engine} {model} ...", file=sys.stderr, flush=True)
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"{engine} {model} failed:\n{done.stderr[-3000:]}")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
        f"{len(__import__('os').sched_getaffinity(0))} cores, Python {platform.python_version()}, "
        f"load average at the end {__import__('os').getloadavg()[0]:.1f}"
    )
    print(table(results))
    print()
    print(speedups(results))
    print()
    print(gate_table(results))
    if args.save:
        args.save.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.per_file:
        for result in results:
            for r in result["rows"]:
                print(
                    f"{result['engine']:15s} {result['model']:8s} {r['file']:42s} "
                    f"{r['detected']} RTF {r['seconds'] / r['audio_s']:.3f} "
                    f"WER {r['errors'] / max(1, r['ref_words']):.3f}"
                )


if __name__ == "__main__":
    main()
