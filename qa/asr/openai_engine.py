"""openai-whisper (PyTorch) engine, run from the offline CTranslate2 weights.

The only module that imports ``whisper``, deferred to construction. Whisper
ships no weights offline, so the CTranslate2 ``model.bin`` beside the model is
converted once into an openai-whisper checkpoint (:mod:`qa.asr.convert`) and
loaded from there. float32 on CPU: slower than faster-whisper's int8, useful as
a second opinion and the reference implementation.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from callqa.qa.asr.compact import WINDOW_S
from callqa.qa.asr.convert import ensure_checkpoint
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
from callqa.qa.records import Segment

logger = logging.getLogger(__name__)


class OpenAIWhisperTranscriber:
    name = "openai-whisper"

    def __init__(
        self,
        model_dir: Path,
        *,
        model_name: str = "",
        checkpoint: Path | None = None,
        cpu_threads: int = 0,
    ) -> None:
        import torch
        import whisper

        self.model_name = model_name or Path(model_dir).name
        path = ensure_checkpoint(Path(model_dir), checkpoint)
        if cpu_threads:
            torch.set_num_threads(cpu_threads)
        self._whisper = whisper
        self._model = whisper.load_model(str(path), device="cpu")
        heads = torch.load(path, map_location="cpu", weights_only=True, mmap=True).get(
            "alignment_heads"
        )
        if heads:  # load_model only knows the heads of the models it downloads itself
            self._model.set_alignment_heads(heads)
        self.multilingual = self._model.is_multilingual

    def detect_language(self, audio: np.ndarray, allowed: tuple[str, ...]) -> tuple[str, float]:
        """Most likely language among ``allowed`` in the first 30 s of ``audio``."""
        if not self.multilingual:
            return "en", 1.0
        whisper = self._whisper
        probe = whisper.pad_or_trim(np.asarray(audio, dtype=np.float32))
        mel = whisper.log_mel_spectrogram(probe, self._model.dims.n_mels)
        _, probs = self._model.detect_language(mel)
        return pick_language(list(probs.items()), allowed)

    def transcribe(self, audio: np.ndarray, options: DecodeOptions) -> EngineResult:
        if options.speech_spans is not None and not options.speech_spans:
            return EngineResult(fallback_language(options), 0.0, ())
        signal, speech_map, clips = prepare(audio, options)
        language, probability = options.language, 1.0
        if not self.multilingual:
            language = "en"
        elif language is None:
            start = round(clips[0] * WHISPER_SAMPLE_RATE) if clips else 0
            end = round(clips[1] * WHISPER_SAMPLE_RATE) if len(clips) > 1 else signal.shape[-1]
            end = min(end, start + round(WINDOW_S * WHISPER_SAMPLE_RATE))
            language, probability = self.detect_language(signal[start:end], options.languages)
        result = self._whisper.transcribe(
            self._model,
            signal,
            verbose=None,  # no printing, no progress bar
            language=language,
            task="transcribe",
            beam_size=options.beam_size,
            best_of=BEST_OF,
            temperature=tuple(options.temperatures),
            condition_on_previous_text=False,  # previous text is what feeds loops
            no_speech_threshold=NO_SPEECH_THRESHOLD,
            compression_ratio_threshold=COMPRESSION_RATIO_THRESHOLD,
            logprob_threshold=LOG_PROB_THRESHOLD,
            word_timestamps=True,
            initial_prompt=", ".join(options.hints) if options.hints else None,
            clip_timestamps=clips or "0",
            fp16=False,
        )
        segments = tuple(_convert(s) for s in result["segments"])
        if speech_map is not None:
            segments = speech_map.remap(segments)
        return EngineResult(language, probability, segments)


def _convert(segment: dict) -> Segment:
    words = words_from_dicts(segment.get("words") or ())
    return Segment(
        start=float(segment["start"]),
        end=float(segment["end"]),
        text=segment["text"].strip(),
        words=words,
        avg_logprob=float(segment["avg_logprob"]),
        no_speech_prob=float(segment["no_speech_prob"]),
    )
