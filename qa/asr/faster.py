"""faster-whisper (CTranslate2) engine: int8 on CPU by default.

The only module that imports faster_whisper. The import is deferred to
construction so importing qa stays light.
"""

from __future__ import annotations

import hashlib
import logging
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
MAX_BATCHED_WINDOW_S = 30.0  # the batched pipeline reads only the first 30 s of a window
UNCOVERED_S = 2.0  # speech left after a window's last word that makes us decode it again


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
    ) -> None:
        from faster_whisper import BatchedInferencePipeline, WhisperModel

        self.model_name = model_name or Path(model_dir).name
        self._model = WhisperModel(
            str(model_dir),
            device=device,
            compute_type=compute_type,
            cpu_threads=cpu_threads,
            local_files_only=True,
        )
        self.multilingual = self._model.model.is_multilingual
        self._encode = _LastEncoding(self._model.encode)
        self._model.encode = self._encode  # detection and the first window share one pass
        self.batch_size = batch_size
        self._batched = BatchedInferencePipeline(self._model) if batch_size > 1 else None

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
        signal, speech_map, clips = prepare(audio, options)
        language, probability = options.language, 1.0
        if not self.multilingual:
            language = "en"
        elif language is None:
            language, probability = self._detect_first_window(signal, clips, options.languages)
        windows = [(clips[i], clips[i + 1]) for i in range(0, len(clips) - 1, 2)]
        if (
            self._batched is not None
            and speech_map is not None
            and len(windows) > 1
            and all(b - a <= MAX_BATCHED_WINDOW_S for a, b in windows)
        ):
            segments = self._decode_batched(signal, windows, language, options)
        else:
            segments = self._decode_sequential(signal, clips, language, options)
        converted = tuple(_convert(s) for s in segments)
        if speech_map is not None:
            converted = speech_map.remap(converted)
        return EngineResult(language, probability, converted)

    def _decode_batched(self, signal, windows, language, options: DecodeOptions):
        """All windows of the spliced speech decoded together, ``batch_size`` at a time.

        The batched pipeline decodes each window once, without seeking: when the
        decoder stops early, the rest of the window is lost. A window whose last
        word ends more than ``UNCOVERED_S`` before its end is decoded again on
        its own, the sequential way, which resumes after an early stop.
        """
        batched, _ = self._batched.transcribe(
            signal,
            language=language,
            task="transcribe",
            beam_size=options.beam_size,
            temperature=list(options.temperatures),
            condition_on_previous_text=False,
            no_speech_threshold=NO_SPEECH_THRESHOLD,
            compression_ratio_threshold=COMPRESSION_RATIO_THRESHOLD,
            log_prob_threshold=LOG_PROB_THRESHOLD,
            word_timestamps=True,
            hotwords=", ".join(options.hints) if options.hints else None,
            clip_timestamps=[{"start": a, "end": b} for a, b in windows],
            batch_size=self.batch_size,
        )
        batched = list(batched)
        segments = []
        for start, end in windows:
            inside = [s for s in batched if start <= s.start < end]
            heard = max((w.end for s in inside for w in (s.words or ())), default=start)
            if end - heard > UNCOVERED_S:
                logger.info("window %.1f-%.1f s ended early; decoding it again", start, end)
                inside = self._decode_sequential(signal, [start, end], language, options)
            segments.extend(inside)
        return segments

    def _decode_sequential(self, signal, clips, language, options: DecodeOptions):
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
        return list(segments)

    def _detect_first_window(
        self, signal: np.ndarray, clips: list[float], allowed: tuple[str, ...]
    ) -> tuple[str, float]:
        """Detect on exactly the window decoding starts with, so its encoding is reused."""
        from faster_whisper.audio import pad_or_trim

        model = self._model
        features = model.feature_extractor(signal)
        content_frames = features.shape[-1] - 1
        start = round(clips[0] * model.frames_per_second) if clips else 0
        end = round(clips[1] * model.frames_per_second) if len(clips) > 1 else content_frames
        size = min(model.feature_extractor.nb_max_frames, content_frames - start, end - start)
        window = pad_or_trim(features[:, start : start + size])
        results = model.model.detect_language(self._encode(window))[0]
        return pick_language([(token[2:-2], p) for token, p in results], allowed)


class _LastEncoding:
    """``WhisperModel.encode`` remembering its last input and output."""

    def __init__(self, encode) -> None:
        self._encode = encode
        self._last: tuple[bytes, object] | None = None

    def __call__(self, features: np.ndarray):
        key = hashlib.blake2b(np.ascontiguousarray(features).tobytes(), digest_size=16).digest()
        if self._last is None or self._last[0] != key:
            self._last = (key, self._encode(features))
        return self._last[1]


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
