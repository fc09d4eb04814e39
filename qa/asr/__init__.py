"""Speech recognition: one small interface, one module per Whisper engine.

The engine interface is imported on first use, so code that only needs a
small part of the package (the transcript-quality gate, the lexicon) does not
pay for numpy on every ``callqa`` command.
"""

from __future__ import annotations

__all__ = ["DecodeOptions", "EngineResult", "Transcriber"]


def __getattr__(name: str):
    if name in __all__:
        from callqa.qa.asr import engine

        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
