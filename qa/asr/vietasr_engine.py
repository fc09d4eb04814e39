"""viet-asr engine: the Vietnamese transducer (ONNX) shipped inside the ``viet-asr`` wheel.

The only module that imports ``vietasr``; the import is deferred to
construction so importing qa stays light. The model loads from the wheel
(about 1 s, no download) and decodes on one core per recogniser instance.

What the package does not say, and this module works around:

* ``transcribe`` on a long buffer keeps only its last five internal speech
  segments and drops the rest silently (a 60 s file gave 38 of 132 words).
  Audio is therefore decoded one speech span at a time, and spans longer than
  ``MAX_PIECE_S`` are cut at their quietest moment first.
* 32-bit float or 8-bit input, or a wrong ``sample_rate``, returns "" with no
  error, and very quiet audio comes back empty: every piece is handed over as
  int16 at 16 kHz, level-normalised on its own.
* It returns text only, no word times: each piece becomes one segment with the
  piece's true start and end, and its words are spread evenly across it
  (``Transcript.word_times == "estimated"``).

* Each ``vietasr.Pipeline`` frees its native handle in ``__del__``. A recogniser
  still alive at interpreter exit (one cached for the process) is then freed
  during module teardown, when the package's module globals may already be
  gone, and Python prints the ``__del__`` error. :meth:`VietAsrTranscriber.close`
  frees them explicitly, and a ``weakref.finalize`` calls it at exit, before
  teardown, so the package's ``__del__`` finds nothing left to free.

``instances`` recognisers decode pieces side by side, one thread each (the
library releases the GIL while it decodes); the default is one per core this
process may use, so a Dask worker with a budget of one thread runs one.
"""

from __future__ import annotations

import logging
import os
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata

import numpy as np
from callqa.qa.asr.engine import DecodeOptions, EngineResult
from callqa.qa.audio import WHISPER_SAMPLE_RATE, normalise_level
from callqa.qa.records import Segment, Word

logger = logging.getLogger(__name__)

ENGINE_NAME = "viet-asr"
MAX_PIECE_S = 12.0  # longer spans are cut: 25 s of read speech already lost words
MIN_PIECE_S = 0.2  # shorter spans carry no word
CUT_SEARCH_S = 6.0  # a long span is cut at its quietest 50 ms this far before the limit
CUT_FRAME_S = 0.05
INT16_FULL_SCALE = 32767
LEVEL_DBFS = -20.0  # each piece's loud parts are brought to this level before decoding


class VietAsrTranscriber:
    """A pool of ``vietasr`` recognisers; Vietnamese only, text without word times."""

    name = ENGINE_NAME
    word_times = "estimated"

    def __init__(self, *, instances: int = 0) -> None:
        """Load ``instances`` recognisers (0: one per CPU core this process may use)."""
        import vietasr

        try:
            version = metadata.version("viet-asr")
        except metadata.PackageNotFoundError:  # pragma: no cover - installed without metadata
            version = vietasr.__version__
        self.model_name = f"viet-asr-{version}"
        self.instances = instances or max(1, len(os.sched_getaffinity(0)))
        # Each recogniser parses its own copy of the model (about 0.8 s of CPU); the
        # library lets go of the GIL meanwhile, so they are built side by side.
        with ThreadPoolExecutor(self.instances, thread_name_prefix="vietasr-load") as pool:
            self._pipelines = list(
                pool.map(
                    lambda _: vietasr.Pipeline.new().add("vietasr").build(), range(self.instances)
                )
            )
        self._free = list(self._pipelines)
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        # at the latest at interpreter exit, while the vietasr modules still stand
        self._release = weakref.finalize(self, _release, self._pipelines)
        logger.info("loaded %s, %d recogniser(s)", self.model_name, self.instances)

    def detect_language(self, audio: np.ndarray, allowed: tuple[str, ...]) -> tuple[str, float]:
        """This model knows one language; detection is Whisper's job (qa.asr.routing)."""
        return "vi", 1.0

    def transcribe(self, audio: np.ndarray, options: DecodeOptions) -> EngineResult:
        """Decode ``audio`` (mono float32, 16 kHz), span by span when spans are given."""
        spans = options.speech_spans
        if spans is None:
            spans = ((0.0, audio.shape[-1] / WHISPER_SAMPLE_RATE),)
        pieces = [p for span in spans for p in split_span(audio, span)]
        if not pieces:
            return EngineResult("vi", 1.0, (), word_times=self.word_times)
        texts = list(self._pool().map(lambda piece: self._decode(audio, piece), pieces))
        segments = tuple(
            spread_words(start, end, text)
            for (start, end), text in zip(pieces, texts, strict=True)
            if text
        )
        return EngineResult("vi", 1.0, segments, word_times=self.word_times)

    def _decode(self, audio: np.ndarray, piece: tuple[float, float]) -> str:
        rate = WHISPER_SAMPLE_RATE
        samples = audio[round(piece[0] * rate) : round(piece[1] * rate)]
        pcm = to_int16(normalise_level(samples.astype(np.float32, copy=False), LEVEL_DBFS))
        with self._lock:
            pipeline = self._free.pop()
        try:
            return pipeline.transcribe(pcm, sample_rate=float(rate)).text.strip()
        finally:
            with self._lock:
                self._free.append(pipeline)

    def close(self) -> None:
        """Free the recognisers now (also done at interpreter exit); idempotent."""
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
        self._release()

    def _pool(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self.instances, thread_name_prefix="vietasr")
        return self._executor


def _release(pipelines: list) -> None:
    for pipeline in pipelines:
        pipeline.close()  # sets its handle to None: its __del__ then frees nothing
    pipelines.clear()


def to_int16(samples: np.ndarray) -> np.ndarray:
    """Float samples in [-1, 1] as the int16 PCM the recogniser needs."""
    return np.clip(
        np.round(samples * INT16_FULL_SCALE), -INT16_FULL_SCALE, INT16_FULL_SCALE
    ).astype(np.int16)


def split_span(
    audio: np.ndarray, span: tuple[float, float], max_s: float = MAX_PIECE_S
) -> list[tuple[float, float]]:
    """``span`` (seconds) in pieces of at most ``max_s``, each cut at the quietest moment.

    A cut is placed at the lowest-energy 50 ms frame in the ``CUT_SEARCH_S``
    before the longest allowed end, so words are rarely split in two.
    """
    rate = WHISPER_SAMPLE_RATE
    duration_s = audio.shape[-1] / rate
    start, end = max(0.0, span[0]), min(duration_s, span[1])
    pieces: list[tuple[float, float]] = []
    while end - start > max_s:
        lo, hi = start + max_s - CUT_SEARCH_S, start + max_s
        cut = _quietest(audio, lo, hi)
        pieces.append((start, cut))
        start = cut
    if end - start >= MIN_PIECE_S:
        pieces.append((start, end))
    return [(round(a, 3), round(b, 3)) for a, b in pieces]


def _quietest(audio: np.ndarray, lo_s: float, hi_s: float) -> float:
    rate = WHISPER_SAMPLE_RATE
    frame = round(CUT_FRAME_S * rate)
    lo = round(lo_s * rate)
    stretch = audio[lo : round(hi_s * rate)]
    count = stretch.shape[-1] // frame
    if count < 2:
        return hi_s
    energy = np.mean(stretch[: count * frame].reshape(count, frame).astype(np.float64) ** 2, axis=1)
    best = int(np.argmin(energy))
    return (lo + best * frame + frame // 2) / rate


def spread_words(start: float, end: float, text: str) -> Segment:
    """One segment for a decoded piece, its words spread evenly by length (estimated times)."""
    tokens = text.split()
    weights = [len(token) + 1 for token in tokens]
    total = sum(weights)
    words = []
    position = start
    for token, weight in zip(tokens, weights, strict=True):
        step = (end - start) * weight / total
        words.append(Word(round(position, 3), round(position + step, 3), " " + token, 1.0))
        position += step
    return Segment(start=start, end=end, text=" ".join(tokens), words=tuple(words))
