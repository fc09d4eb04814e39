"""faster-whisper (CTranslate2) engine: int8 on CPU by default.

The only module that imports faster_whisper (and its CTranslate2). The import
is deferred to construction so importing qa stays light.

With speech spans (the pipeline's way), a call's speech is spliced into a few
windows of at most 30 s (:mod:`qa.asr.compact`) and :class:`_WindowDecoder`
drives CTranslate2 directly: each window is encoded once, the language is
read off those encodings, and windows are decoded side by side, one per CPU
thread group. Without spans, or with a span longer than a window,
faster-whisper's own sequential loop decodes the audio.

The window path decodes at the first of ``DecodeOptions.temperatures`` only
(the default, and faster-whisper's batched pipeline does the same);
:mod:`qa.asr.guards` cuts the loops a temperature fallback would retry.
"""

from __future__ import annotations

import logging
import math
import os
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from callqa.qa.asr.compact import WINDOW_S
from callqa.qa.asr.engine import (
    BEST_OF,
    COMPRESSION_RATIO_THRESHOLD,
    LOG_PROB_THRESHOLD,
    NO_SPEECH_THRESHOLD,
    DecodeOptions,
    EngineResult,
    fallback_language,
    pick_language,
    prepare,
    words_from_dicts,
)
from callqa.qa.audio import WHISPER_SAMPLE_RATE
from callqa.qa.records import Segment, Word

logger = logging.getLogger(__name__)

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
        probe = audio[: int(WINDOW_S * WHISPER_SAMPLE_RATE)]  # Whisper's one window
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

    Every window is encoded exactly once, as a job of its own: language
    detection reads the encoder output the decoder then uses, so a call pays no
    extra pass to find its language. Detection waits only for the first
    ``parallel_windows`` windows (up to a minute of speech); decoding then takes
    consecutive windows in batches, as soon as their encodings are ready, so
    neither core idles while the other encodes a third window. Tokens per
    window are capped by its length, so a decoder loop stops near where real
    speech would, not at the model's context limit. A window the decoder left
    early (its last word well before its end, and not because of the cap) has
    the rest decoded once more as a window of its own.
    """

    def __init__(self, engine: FasterWhisperTranscriber, signal: np.ndarray, options) -> None:
        self.engine = engine
        self.model = engine._model
        self.options = options
        self.signal = signal

    def run(self, windows: list[tuple[float, float]]) -> tuple[str, float, list[Segment]]:
        from faster_whisper.tokenizer import Tokenizer

        pool, first = self.engine._pool(), self.engine.parallel_windows
        detect = self.options.language is None and self.model.model.is_multilingual
        encodings = [
            pool.submit(self._encode, window, detect and index < first)
            for index, window in enumerate(windows)
        ]
        language, probability = self._language([job.result() for job in encodings[:first]])
        tokenizer = Tokenizer(
            self.model.hf_tokenizer,
            self.model.model.is_multilingual,
            task="transcribe",
            language=language,
        )
        decodes = [
            pool.submit(
                lambda c: self._decode([encodings[i].result() for i in c], tokenizer), chunk
            )
            for chunk in self._chunks(len(windows))
        ]
        decoded: list[_Window] = []
        rests = []
        for job in as_completed(decodes):
            done = job.result()
            decoded += done
            rest = [(w.heard_s, w.end_s) for w in done if w.ended_early(UNCOVERED_S)]
            if rest:
                logger.info("%d window(s) ended early; decoding their rest", len(rest))
                rests.append(
                    pool.submit(
                        lambda r: self._decode([self._encode(w, False) for w in r], tokenizer), rest
                    )
                )
        for job in rests:
            decoded += job.result()
        segments = sorted((s for window in decoded for s in window.segments), key=lambda s: s.start)
        return language, probability, segments

    def _chunks(self, count: int) -> list[range]:
        """Consecutive windows decoded together: one batch per worker, at most ``batch_size``."""
        if self.model.model.device != "cpu":  # encodings stay on the device: one at a time
            return [range(i, i + 1) for i in range(count)]
        workers = self.engine.parallel_windows
        batches = -(-count // self.engine.batch_size)
        batches = min(count, -(-batches // workers) * workers)  # the same number for each worker
        size = -(-count // batches)
        return [range(i, min(i + size, count)) for i in range(0, count, size)]

    def _encode(self, window: tuple[float, float], detect: bool) -> _Encoded:
        from faster_whisper.audio import pad_or_trim

        rate = WHISPER_SAMPLE_RATE
        samples = self.signal[round(window[0] * rate) : round(window[1] * rate)]
        features = pad_or_trim(self.model.feature_extractor(samples)[..., :-1])
        output = self.model.encode(features[np.newaxis])
        languages = ()
        if detect:
            languages = tuple(
                (token[2:-2], p) for token, p in self.model.model.detect_language(output)[0]
            )
        return _Encoded(window, output, languages)

    def _language(self, encoded: list[_Encoded]) -> tuple[str, float]:
        """The call's language: its own setting, else the first windows' detections."""
        if not self.model.model.is_multilingual:
            return "en", 1.0
        if self.options.language is not None:
            return self.options.language, 1.0
        totals: dict[str, float] = {}
        for item in encoded:
            seconds = item.window[1] - item.window[0]
            for language, p in item.languages:
                totals[language] = totals.get(language, 0.0) + p * seconds
        return pick_language(list(totals.items()), self.options.languages)

    def _decode(self, encoded: list[_Encoded], tokenizer) -> list[_Window]:
        import ctranslate2
        from faster_whisper.transcribe import get_suppressed_tokens

        windows = [item.window for item in encoded]
        encoder_output = encoded[0].output
        if len(encoded) > 1:  # one batch; encodings are on the CPU (see _chunks)
            stacked = np.concatenate([np.asarray(item.output) for item in encoded])
            encoder_output = ctranslate2.StorageView.from_array(stacked)
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
class _Encoded:
    """One window's encoder output, and its language probabilities when detection asked."""

    window: tuple[float, float]
    output: object  # ctranslate2.StorageView, batch of one
    languages: tuple[tuple[str, float], ...]


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
        words = words_from_dicts(decoded.get("words") or ())
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
