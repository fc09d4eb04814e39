"""faster-whisper (CTranslate2) engine: int8 on CPU by default.

The only module that imports faster_whisper. The import is deferred to
construction so importing qa stays light.
"""

from __future__ import annotations

import logging
import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.asr.engine import (
    DecodeOptions,
    EngineResult,
    fallback_language,
    pick_language,
    prepare,
)
from qa.audio import WHISPER_SAMPLE_RATE
from qa.records import Segment, Word

logger = logging.getLogger(__name__)

NO_SPEECH_THRESHOLD = 0.6  # drop windows the model itself thinks are silence
COMPRESSION_RATIO_THRESHOLD = 2.4  # above this a window is a repetition loop
LOG_PROB_THRESHOLD = -1.0
BEST_OF = 1  # samples per fallback temperature; each one is a full re-decode of the window
LANGUAGE_PROBE_S = 30.0  # Whisper sees one 30-second window for language detection
WINDOW_S = 30.0  # Whisper's input window
UNCOVERED_S = 2.0  # speech left after a window's last word that makes us decode the rest again
MAX_NEW_TOKENS = 224  # Whisper's own limit per window (half its text context)
MAX_TOKENS_PER_S = 15.0  # fast Vietnamese is about 6 syllables, 10-12 tokens, a second
MIN_NEW_TOKENS = 16
PREPEND_PUNCTUATIONS = "\"'“¿([{-"  # faster-whisper's defaults for word timestamps
APPEND_PUNCTUATIONS = "\"'.。,，!！?？:：”)]}、"


class FasterWhisperTranscriber:
    name = "faster-whisper"

    def __init__(
        self,
        model_dir: Path,
        *,
        model_name: str = "",
        device: str = "cpu",
        compute_type: str = "int8",
        cpu_threads: int = 0,
        batch_size: int = 8,
        parallel_windows: int = 0,
    ) -> None:
        """Load the model; ``cpu_threads`` 0 uses every core this process may run on.

        ``parallel_windows`` speech windows are decoded at once, each on
        ``cpu_threads // parallel_windows`` threads (0: two on a CPU with two or
        more cores, one on a GPU). Whisper's decoder runs one small step per
        token, which one thread does about as fast as two, so two windows side
        by side on one thread each finish sooner than one after the other on two.
        """
        from faster_whisper import WhisperModel

        threads = cpu_threads or len(os.sched_getaffinity(0))
        if parallel_windows <= 0:
            parallel_windows = 1 if device == "cuda" or threads < 2 else 2
        self.parallel_windows = parallel_windows
        self.model_name = model_name or Path(model_dir).name
        self._model = WhisperModel(
            str(model_dir),
            device=device,
            compute_type=compute_type,
            cpu_threads=max(1, threads // parallel_windows),
            num_workers=parallel_windows,
            local_files_only=True,
        )
        self.multilingual = self._model.model.is_multilingual
        self.batch_size = batch_size
        self._executor: ThreadPoolExecutor | None = None

    def detect_language(self, audio: np.ndarray, allowed: tuple[str, ...]) -> tuple[str, float]:
        """Most likely language among ``allowed`` (all languages when empty)."""
        if not self.multilingual:
            return "en", 1.0
        probe = audio[: int(LANGUAGE_PROBE_S * WHISPER_SAMPLE_RATE)]
        _, _, all_probs = self._model.detect_language(probe)
        return pick_language(all_probs, allowed)

    def transcribe(self, audio: np.ndarray, options: DecodeOptions) -> EngineResult:
        if options.speech_spans is not None and not options.speech_spans:
            return EngineResult(fallback_language(options), 0.0, ())
        signal, speech_map, clips = prepare(audio, options, self.parallel_windows)
        windows = [(clips[i], clips[i + 1]) for i in range(0, len(clips) - 1, 2)]
        if speech_map is not None and all(b - a <= WINDOW_S for a, b in windows):
            language, probability, segments = _WindowDecoder(self, signal, options).run(windows)
        else:
            language, probability = options.language, 1.0
            if not self.multilingual:
                language = "en"
            elif language is None:
                language, probability = self.detect_language(signal, options.languages)
            segments = self._decode_sequential(signal, clips, language, options)
        if speech_map is not None:
            segments = speech_map.remap(segments)
        return EngineResult(language, probability, tuple(segments))

    def _decode_sequential(self, signal, clips, language, options: DecodeOptions):
        """faster-whisper's own loop: seeks through the audio 30 s at a time."""
        segments, _ = self._model.transcribe(
            signal,
            language=language,
            task="transcribe",
            beam_size=options.beam_size,
            best_of=BEST_OF,
            temperature=list(options.temperatures),
            condition_on_previous_text=False,  # previous text is what feeds loops
            no_speech_threshold=NO_SPEECH_THRESHOLD,
            compression_ratio_threshold=COMPRESSION_RATIO_THRESHOLD,
            log_prob_threshold=LOG_PROB_THRESHOLD,
            word_timestamps=True,
            hotwords=", ".join(options.hints) if options.hints else None,
            clip_timestamps=clips or "0",
            vad_filter=False,  # Silero drops synthetic 8 kHz speech; speech_spans do this job
        )
        return [_convert(s) for s in segments]

    def _pool(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self.parallel_windows, thread_name_prefix="whisper")
        return self._executor


class _WindowDecoder:
    """One call's spliced speech windows: encoded once, language from them, decoded side by side.

    Every window is encoded exactly once: language detection reads the same
    encoder output the decoder then uses, so a call pays no extra pass to find
    its language, and the detection hears all of the call's speech, not only its
    first 30 s. Windows are split into groups of at most ``batch_size``, and
    ``parallel_windows`` groups run at once. Tokens per window are capped by the
    window's length, so a decoder loop stops near where real speech would, not
    at the model's context limit. A window the decoder left early (its last
    word well before its end, and not because of the cap) has the rest decoded
    once more as a window of its own.
    """

    def __init__(self, engine: FasterWhisperTranscriber, signal: np.ndarray, options) -> None:
        self.engine = engine
        self.model = engine._model
        self.options = options
        self.signal = signal

    def run(self, windows: list[tuple[float, float]]) -> tuple[str, float, list[Segment]]:
        encoded = self._map(self._encode, self._groups(windows))
        language, probability = self._language(encoded)
        from faster_whisper.tokenizer import Tokenizer

        tokenizer = Tokenizer(
            self.model.hf_tokenizer,
            self.model.model.is_multilingual,
            task="transcribe",
            language=language,
        )
        decoded = [
            w for group in self._map(lambda g: self._decode(g, tokenizer), encoded) for w in group
        ]
        tails = [
            (window.heard_s, window.end_s) for window in decoded if window.ended_early(UNCOVERED_S)
        ]
        if tails:
            logger.info("%d window(s) ended early; decoding their rest", len(tails))
            encoded = self._map(self._encode, self._groups(tails))
            decoded += [
                w
                for group in self._map(lambda g: self._decode(g, tokenizer), encoded)
                for w in group
            ]
        segments = sorted((s for window in decoded for s in window.segments), key=lambda s: s.start)
        return language, probability, segments

    def _groups(self, windows: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
        count = max(
            min(self.engine.parallel_windows, len(windows)),
            -(-len(windows) // self.engine.batch_size),
        )
        return [windows[k::count] for k in range(count) if windows[k::count]]

    def _map(self, work, items: list) -> list:
        if len(items) == 1:
            return [work(items[0])]
        return list(self.engine._pool().map(work, items))

    def _encode(self, windows: list[tuple[float, float]]):
        from faster_whisper.audio import pad_or_trim

        extract, rate = self.model.feature_extractor, WHISPER_SAMPLE_RATE
        chunks = [
            pad_or_trim(extract(self.signal[round(a * rate) : round(b * rate)])[..., :-1])
            for a, b in windows
        ]
        return windows, self.model.encode(np.stack(chunks))

    def _language(self, encoded) -> tuple[str, float]:
        options = self.options
        if not self.model.model.is_multilingual:
            return "en", 1.0
        if options.language is not None:
            return options.language, 1.0
        totals: dict[str, float] = {}
        for windows, encoder_output in encoded:
            results = self.model.model.detect_language(encoder_output)
            for (a, b), probabilities in zip(windows, results, strict=True):
                for token, p in probabilities:
                    totals[token[2:-2]] = totals.get(token[2:-2], 0.0) + p * (b - a)
        return pick_language(list(totals.items()), options.languages)

    def _decode(self, encoded, tokenizer) -> list[_Window]:
        from faster_whisper.transcribe import get_suppressed_tokens

        windows, encoder_output = encoded
        model, options = self.model, self.options
        hotwords = ", ".join(options.hints) if options.hints else None
        prompt = model.get_prompt(tokenizer, [], without_timestamps=True, hotwords=hotwords)
        cap = token_cap(max(b - a for a, b in windows))
        results = model.model.generate(
            encoder_output,
            [list(prompt) for _ in windows],
            beam_size=options.beam_size,
            max_length=len(prompt) + cap,
            suppress_blank=True,
            suppress_tokens=get_suppressed_tokens(tokenizer, [-1]),
            return_scores=True,
            return_no_speech_prob=True,
        )
        fps = model.frames_per_second
        batch = []
        for (a, b), result in zip(windows, results, strict=True):
            tokens = result.sequences_ids[0]
            batch.append(
                [
                    {
                        "seek": round(a * fps),
                        "start": a,
                        "end": b,
                        "tokens": tokens,
                        "avg_logprob": result.scores[0] * len(tokens) / (len(tokens) + 1),
                        "no_speech_prob": result.no_speech_prob,
                        "capped": len(tokens) >= cap,
                    }
                ]
            )
        sizes = [int(math.ceil(b - a) * fps) for a, b in windows]
        model.add_word_timestamps(
            batch, tokenizer, encoder_output, sizes, PREPEND_PUNCTUATIONS, APPEND_PUNCTUATIONS, 0.0
        )
        return [
            _Window.from_decoded(window, item[0], tokenizer)
            for window, item in zip(windows, batch, strict=True)
        ]


def token_cap(window_s: float) -> int:
    """Most tokens a window of ``window_s`` seconds of speech may produce."""
    return min(MAX_NEW_TOKENS, MIN_NEW_TOKENS + math.ceil(MAX_TOKENS_PER_S * window_s))


@dataclass(frozen=True)
class _Window:
    """What one decoder window gave: its segments and how far into it words were heard."""

    start_s: float
    end_s: float
    heard_s: float
    capped: bool
    segments: tuple[Segment, ...]

    def ended_early(self, uncovered_s: float) -> bool:
        """Words stopped well before the end, after some were heard, and not at the cap."""
        return (
            self.heard_s > self.start_s
            and self.end_s - self.heard_s > uncovered_s
            and not self.capped
        )

    @classmethod
    def from_decoded(cls, window: tuple[float, float], decoded: dict, tokenizer) -> _Window:
        """``decoded`` as ``add_word_timestamps`` left it: its times moved to the words'."""
        words = tuple(
            Word(
                start=float(w["start"]),
                end=float(w["end"]),
                text=w["word"],
                probability=float(w["probability"]),
            )
            for w in decoded.get("words") or ()
        )
        text = tokenizer.decode([t for t in decoded["tokens"] if t < tokenizer.eot]).strip()
        segments = ()
        if text:
            segment = Segment(
                start=words[0].start if words else window[0],
                end=words[-1].end if words else window[1],
                text=text,
                words=words,
                avg_logprob=float(decoded["avg_logprob"]),
                no_speech_prob=float(decoded["no_speech_prob"]),
            )
            segments = (segment,)
        start, end = window
        heard = max((w.end for w in words), default=start)
        return cls(start, end, heard, decoded["capped"], segments)


def _convert(segment) -> Segment:  # faster_whisper.transcribe.Segment
    words = tuple(
        Word(start=float(w.start), end=float(w.end), text=w.word, probability=float(w.probability))
        for w in (segment.words or ())
    )
    return Segment(
        start=float(segment.start),
        end=float(segment.end),
        text=segment.text.strip(),
        words=words,
        avg_logprob=float(segment.avg_logprob),
        no_speech_prob=float(segment.no_speech_prob),
    )
