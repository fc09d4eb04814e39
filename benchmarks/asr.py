"""Speed, memory and word error rate of the Whisper engines on the sample calls and real clips.

For each engine (faster-whisper, openai-whisper) and model (tiny.en on English
only, base on everything) this runs ``transcribe_call`` with energy speech
spans, exactly as the pipeline does, and reports:

* RTF: processing seconds over audio seconds (model load and one warm-up run on the
  first file excluded);
* peak RSS of the process running that engine and model (each runs in its own process);
* WER (jiwer) after lower-casing and removing punctuation. References: the
  sample calls' ``.ref.json`` (synthetic espeak-ng speech, true text) and the
  ``.txt`` beside each real clip (``.silver.txt`` for the staged call: a
  commercial engine's transcript, not human-verified). Vietnamese is counted in
  syllables, the way it is written.

openai-whisper runs at about half real time here, so by default it sees a
subset (``--openai-calls`` per language and the real clips); ``--full`` runs it
on everything.

Run: ``python benchmarks/asr.py [--cache-dir data/models] [--speech tests/data/speech]``
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
RUNS = (("faster-whisper", "tiny.en"), ("faster-whisper", "base"), ("openai-whisper", "base"))
OPENAI_CALLS_PER_LANGUAGE = 1
SAME_SIGNAL_CORRELATION = 0.99  # above this a stereo file is one signal twice


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower()
    text = re.sub(r"^(left|right|agent|customer):", " ", text, flags=re.MULTILINE)
    return " ".join(re.sub(r"[^\w\s']", " ", text).split())


def items(speech: Path | None) -> list[dict]:
    """Every benchmark file: path, set name, language and reference text."""
    found = []
    for wav in sorted(CALLS.glob("*.wav")):
        ref = json.loads(wav.with_suffix(".ref.json").read_text(encoding="utf-8"))
        text = " ".join(s["text"] for s in ref["segments"])
        found.append({"path": str(wav), "set": "calls", "language": ref["language"], "ref": text})
    if speech is not None and speech.is_dir():
        for audio in sorted([*speech.glob("*.wav"), *speech.glob("*.flac")]):
            refs = [audio.with_suffix(".txt"), audio.with_suffix(".silver.txt")]
            ref = next((r for r in refs if r.is_file()), None)
            if ref is not None:
                text = ref.read_text(encoding="utf-8")
                found.append({"path": str(audio), "set": "clips", "language": "en", "ref": text})
    return found


def run_one(engine: str, model: str, cache_dir: Path, files: list[dict]) -> dict:
    """Transcribe ``files`` with one engine and model in this process; figures as a dict."""
    import jiwer

    from qa.asr.call import CallAsrSettings, transcribe_call
    from qa.asr.speech import find_speech
    from qa.asr.weights import resolve_model
    from qa.audio import Audio, load_audio

    model_dir = resolve_model(model, cache_dir=cache_dir)
    started = time.perf_counter()
    if engine == "faster-whisper":
        from qa.asr.faster import FasterWhisperTranscriber

        transcriber = FasterWhisperTranscriber(model_dir, model_name=model)
    else:
        from qa.asr.openai_engine import OpenAIWhisperTranscriber

        transcriber = OpenAIWhisperTranscriber(model_dir, model_name=model)
    load_s = time.perf_counter() - started
    settings = CallAsrSettings()
    if files:  # warm-up on real speech, so every decoding thread has run once
        transcribe_call(load_audio(Path(files[0]["path"])), transcriber, settings, find_speech)

    rows = []
    for item in files:
        audio = load_audio(Path(item["path"]))
        if audio.channels == 2 and _same_channels(audio.samples):
            audio = Audio(audio.samples[:1], audio.sample_rate)  # e.g. JFK: stereo, not a call
        started = time.perf_counter()
        transcript = transcribe_call(audio, transcriber, settings, find_speech=find_speech)
        seconds = time.perf_counter() - started
        ref, hyp = normalise(item["ref"]), normalise(transcript.text)
        out = jiwer.process_words(ref, hyp)
        errors = out.substitutions + out.deletions + out.insertions
        rows.append(
            {
                "file": Path(item["path"]).stem,
                "set": item["set"],
                "language": item["language"],
                "detected": transcript.language,
                "audio_s": audio.duration_s,
                "seconds": seconds,
                "errors": errors,
                "ref_words": len(ref.split()),
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
    if engine == "openai-whisper" and not full:
        calls = [f for f in files if f["set"] == "calls"]
        subset = [
            f
            for lang in ("en", "vi")
            for f in [c for c in calls if c["language"] == lang][:per_language]
        ]
        files = subset + [f for f in files if f["set"] == "clips"]
    return files


def table(results: list[dict]) -> str:
    lines = [
        "| engine | model | set | lang | files | audio s | RTF | WER | peak RSS MiB |",
        "|---|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        groups: dict[tuple[str, str], list[dict]] = {}
        for row in result["rows"]:
            groups.setdefault((row["set"], row["language"]), []).append(row)
        for (set_name, lang), rows in sorted(groups.items()):
            audio_s = sum(r["audio_s"] for r in rows)
            rtf = sum(r["seconds"] for r in rows) / audio_s
            wer = sum(r["errors"] for r in rows) / max(1, sum(r["ref_words"] for r in rows))
            lines.append(
                f"| {result['engine']} | {result['model']} | {set_name} | {lang} | {len(rows)} "
                f"| {audio_s:.0f} | {rtf:.3f} | {wer:.3f} | {result['peak_mib']:.0f} |"
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
    parser.add_argument("--full", action="store_true", help="openai-whisper on every file too")
    parser.add_argument("--openai-calls", type=int, default=OPENAI_CALLS_PER_LANGUAGE)
    parser.add_argument("--only", help="ENGINE:MODEL, run in this process and print JSON")
    parser.add_argument("--per-file", action="store_true", help="also print one line per file")
    args = parser.parse_args()
    files = items(args.speech)

    if args.only:
        engine, model = args.only.split(":")
        chosen = select(engine, model, files, args.full, args.openai_calls)
        print(json.dumps(run_one(engine, model, args.cache_dir, chosen)))
        return

    results = []
    for engine, model in RUNS:
        command = [sys.executable, __file__, "--only", f"{engine}:{model}"]
        command += ["--cache-dir", str(args.cache_dir), "--speech", str(args.speech)]
        command += ["--openai-calls", str(args.openai_calls)] + (["--full"] if args.full else [])
        print(f"running {engine} {model} ...", file=sys.stderr, flush=True)
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"{engine} {model} failed:\n{done.stderr[-3000:]}")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
        f"{len(__import__('os').sched_getaffinity(0))} cores, Python {platform.python_version()}"
    )
    print(table(results))
    print()
    print(speedups(results))
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
