"""Find recordings under a folder and fingerprint them by content."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

HASH_CHUNK_BYTES = 1 << 20  # read 1 MiB at a time


def discover_audio(root: Path, extensions: Iterable[str]) -> list[Path]:
    """Audio files under ``root`` (or ``root`` itself), sorted, hidden files skipped.

    A folder named like an audio file (``x.wav/``) is listed too, so that it is
    registered as failed with the reason instead of being silently skipped.
    """
    root = Path(root)
    wanted = {"." + ext.lower().lstrip(".") for ext in extensions}
    if root.is_file():
        return [root] if root.suffix.lower() in wanted else []
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: no such file or folder")
    found = [
        path
        for path in root.rglob("*")
        if path.suffix.lower() in wanted
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
    ]
    return sorted(found)


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes: a recording's identity, whatever its name."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()
