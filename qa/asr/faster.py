"""faster-whisper (CTranslate2) engine: int8 on CPU by default.

The only module that imports faster_whisper. The import is deferred to
construction so importing qa stays light.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from qa.asr.engine import DecodeOptions, EngineResult
from qa.audio import WHISPER_SAMPLE_RATE
from qa.records import Segment, Word

logger = logging.getLogger(__name__)

NO_SPEECH_THRESHOLD = 0.6  # drop windows the model itself thinks are silence
COMPRESSION_RATIO_THRESHOLD = 2.4  # above this a window is a repetition loop
LOG_PROB_THRESHOLD = -1.0
HALLUCINATION_SILENCE_S = 2.0  # skip silent gaps > 2 s where hallucinations happen
LANGUAGE_PROBE_S = 30.0  # Whisper sees one 30-second window for language detection


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
    ) -> None:
        from faster_whisper import WhisperModel

        self.model_name = model_name or Path(model_dir).name
        self._model = WhisperModel(
            str(model_dir),
            device=device,
            compute_type=compute_type,
            cpu_threads=cpu_threads,
            local_files_only=True,
        )
        self.multilingual = self._model.model.is_multilingual

    def detect_language(self, audio: np.ndarray, allowed: tuple[str, ...]) -> tuple[str, float]:
        """Most likely language among ``allowed`` (all languages when empty)."""
        if not self.multilingual:
            return "en", 1.0
        probe = audio[: int(LANGUAGE_PROBE_S * WHISPER_SAMPLE_RATE)]
        _, _, all_probs = self._model.detect_language(probe)
        candidates = [(lang, p) for lang, p in all_probs if not allowed or lang in allowed]
        if not candidates:
            return allowed[0], 0.0
        lang, prob = max(candidates, key=lambda pair: pair[1])
        total = sum(p for _, p in candidates) or 1.0
        return lang, prob / total

    def transcribe(self, audio: np.ndarray, options: DecodeOptions) -> EngineResult:
        language, probability = options.language, 1.0
        if language is None:
            language, probability = self.detect_language(audio, options.languages)
        if not self.multilingual:
            language = "en"
        clip: str | list[float] = "0"
        if options.speech_spans is not None:
            if not options.speech_spans:
                return EngineResult(language, probability, ())
            clip = [t for span in options.speech_spans for t in span]
        segments, _ = self._model.transcribe(
            audio,
            language=language,
            task="transcribe",
            beam_size=options.beam_size,
            temperature=list(options.temperatures),
            condition_on_previous_text=False,  # previous text is what feeds loops
            no_speech_threshold=NO_SPEECH_THRESHOLD,
            compression_ratio_threshold=COMPRESSION_RATIO_THRESHOLD,
            log_prob_threshold=LOG_PROB_THRESHOLD,
            word_timestamps=True,
            hallucination_silence_threshold=HALLUCINATION_SILENCE_S,
            hotwords=", ".join(options.hints) if options.hints else None,
            clip_timestamps=clip,
            vad_filter=False,  # Silero drops synthetic 8 kHz speech; speech_spans do this job
        )
        return EngineResult(language, probability, tuple(_convert(s) for s in segments))


def _convert(segment) -> Segment:  # faster_whisper.transcribe.Segment
    words = tuple(
        Word(start=w.start, end=w.end, text=w.word, probability=w.probability)
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
