"""Exceptions raised by the qa library; outer layers turn them into messages."""

from __future__ import annotations

from pathlib import Path


class CallqaError(Exception):
    """Base class: every error the library raises on bad input or setup."""


class ConfigError(CallqaError):
    """The configuration file or an override is invalid."""


class AudioDecodeError(CallqaError):
    """An audio file could not be read as audio."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class MetadataError(CallqaError):
    """A call's sidecar JSON or file name carries invalid metadata."""


class ModelNotFoundError(CallqaError):
    """No Whisper weights could be found offline for the requested model."""


class ChecksumError(CallqaError):
    """Model weights on disk do not match their published sha256."""


class LeadImportError(CallqaError):
    """A lead file cannot be read at all (bad rows are reported, not raised)."""


class ConversionError(CallqaError):
    """CTranslate2 Whisper weights could not be turned into an openai-whisper checkpoint."""
