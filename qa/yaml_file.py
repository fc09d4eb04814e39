"""Read one YAML file for a loader that names the file in its errors.

The checklist, persona-form and config loaders each read a file written by
hand; a missing or unreadable file, bytes that are not UTF-8, YAML that does not
parse and a top level that is not a mapping each become one line,
``<path>: <reason>``, raised as the loader's own error class, so the command
line shows the same message whichever file was bad.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml


def read_yaml_mapping(
    path: Path,
    error: Callable[[str], Exception],
    what: str,
    *,
    max_bytes: int | None = None,
    empty_ok: bool = False,
) -> dict[str, Any]:
    """The mapping at the top of ``path``; any failure raises
    ``error("<path>: <reason>")``. ``what`` names the file in the reasons
    (``config`` -> "config file not found"); ``max_bytes`` refuses a larger file
    before reading it; ``empty_ok`` reads an empty file as an empty mapping."""

    def fail(reason: str) -> Exception:
        return error(f"{path}: {reason}")

    try:
        if max_bytes is not None and path.stat().st_size > max_bytes:
            raise fail(f"over {max_bytes // 1000} kB; not a {what} file")
        loaded = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise fail(f"{what} file not found") from exc
    except OSError as exc:
        raise fail(f"cannot read {what}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        reason = f"not a text file (byte {exc.start} is not UTF-8); the {what} must be UTF-8 YAML"
        raise fail(reason) from exc
    except yaml.YAMLError as exc:
        raise fail(f"not valid YAML: {exc}") from exc
    except RecursionError as exc:
        raise fail("YAML nested too deeply") from exc
    if loaded is None and empty_ok:
        return {}
    if not isinstance(loaded, dict):
        raise fail("expected a mapping at the top level")
    return loaded
