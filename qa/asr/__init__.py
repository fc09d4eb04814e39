"""Speech recognition: one small interface, one module per Whisper engine."""

from callqa.qa.asr.engine import DecodeOptions, EngineResult, Transcriber

__all__ = ["DecodeOptions", "EngineResult", "Transcriber"]
