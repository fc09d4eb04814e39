"""The one configuration model, validated once at the entry point.

``load_config`` reads ``config.yaml``, applies ``CALLQA_SECTION__KEY=value``
overrides from the mapping it is given (the entry point passes the process environment;
this module never reads the environment itself), resolves relative paths
against the config file's folder and fails fast with the offending key named.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from callqa.qa.errors import ConfigError
from callqa.qa.flags import FlagRules
from callqa.qa.metrics.settings import MetricsSettings
from callqa.qa.redact.settings import RedactionSettings
from callqa.qa.yaml_file import read_yaml_mapping
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

ENV_PREFIX = "CALLQA_"
# Variables with the prefix that are not config keys.
ENV_RESERVED = {"CALLQA_CONFIG", "CALLQA_DB"}
MAX_CONFIG_BYTES = 1_000_000

CANONICAL_STAGES = (
    "new",
    "reached",
    "potential",
    "hot",
    "closed",
    "wrong_target",
    "lost",
    "unreachable",
)


class Section(BaseModel):
    """A config section: unknown keys refused, values frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


_Section = Section


WhisperEngine = Literal["faster-whisper", "openai-whisper"]
AsrEngine = Literal["faster-whisper", "openai-whisper", "viet-asr"]


class AsrConfig(_Section):
    # Detects the language and decodes every language ``engines`` does not name.
    engine: WhisperEngine = "faster-whisper"
    model: str = "base"  # a Whisper size name or a folder with CTranslate2 weights
    # language -> engine that decodes it once the call's language is known
    engines: dict[str, AsrEngine] = Field(default_factory=lambda: {"vi": "viet-asr"})
    models: dict[str, str] = Field(default_factory=dict)  # language -> Whisper model for it
    vietasr_instances: int = Field(default=0, ge=0, le=64)  # recognisers side by side; 0: 1/core
    device: Literal["cpu", "cuda", "auto"] = "cpu"
    compute_type: str = "int8"
    cpu_threads: int = Field(default=0, ge=0)  # 0: all cores (or the worker's OMP_NUM_THREADS)
    beam_size: int = Field(default=5, ge=1, le=20)
    batch_size: int = Field(default=8, ge=1, le=64)  # decoder windows decoded together
    parallel_windows: int = Field(default=0, ge=0, le=64)  # windows side by side; 0: 2 on CPU
    language: Literal["auto", "vi", "en"] = "auto"
    languages: tuple[str, ...] = ("vi", "en")  # allow-list for language detection
    hints: tuple[str, ...] = ()  # company/product names passed to the decoder
    cache_dir: Path | None = None  # None: <data_dir>/models
    extra_model_dirs: tuple[Path, ...] = ()  # other caches to search, e.g. a HF hub cache


class TranscriptQualityConfig(_Section):
    # Below this quality figure (0..1, see qa.asr.quality) a call is "transcript unreliable":
    # stored and scored, but left out of rep scores, pass rates, attribution and pass/fail flags.
    min_score: float = Field(default=0.5, ge=0.0, le=1.0)
    enabled: bool = True


class AudioConfig(_Section):
    extensions: tuple[str, ...] = ("wav", "flac", "mp3", "m4a", "ogg", "opus", "aac")
    agent_channel: int = Field(default=0, ge=0, le=1)  # stereo: 0 = left
    max_file_mb: float = Field(default=500.0, gt=0)
    min_duration_s: float = Field(default=1.0, ge=0)  # shorter files are stored as failed

    @field_validator("extensions")
    @classmethod
    def _lower_no_dot(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(ext.lower().lstrip(".") for ext in value)


class MetadataConfig(_Section):
    sidecar_suffix: str = ".json"  # <audio stem><suffix> beside the recording
    # Named groups among rep, lead_id, campaign, call_time, direction, phone, language.
    filename_pattern: str | None = None
    call_time_format: str | None = None  # strptime format for a call_time group

    @field_validator("filename_pattern")
    @classmethod
    def _valid_pattern(cls, value: str | None) -> str | None:
        """Checked when the config loads, not when the first file fails on it."""
        if not value:
            return value
        from callqa.qa.metadata import FIELDS

        try:
            compiled = re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from None
        unknown = sorted(set(compiled.groupindex) - FIELDS)
        if unknown:
            raise ValueError(
                f"unknown group name(s) {', '.join(unknown)}; use {', '.join(sorted(FIELDS))}"
            )
        if not compiled.groupindex:
            raise ValueError("no named group, so no metadata would be read: use (?P<rep>...)")
        return value


class ScoringConfig(_Section):
    checklists: dict[str, Path] = Field(default_factory=dict)  # language -> YAML; default packaged


class PersonaConfig(_Section):
    folder: Path | None = None  # persona forms, each listing its campaigns
    forms: dict[str, Path] = Field(default_factory=dict)  # campaign -> form YAML (wins)
    default: Path | None = None  # form for other campaigns; None: the packaged default


# CRM status labels (matched case-insensitively) -> canonical funnel stage.
DEFAULT_STATUS_MAP = {
    "new": "new",
    "reached": "reached",
    "contacted": "reached",
    "potential": "potential",
    "qualified": "potential",
    "hot": "hot",
    "closed": "closed",
    "won": "closed",
    "wrong_target": "wrong_target",
    "wrong target": "wrong_target",
    "lost": "lost",
    "unreachable": "unreachable",
    "mới": "new",
    "đã tiếp cận": "reached",
    "tiềm năng": "potential",
    "nóng": "hot",
    "chốt": "closed",
    "thành công": "closed",
    "sai đối tượng": "wrong_target",
    "thất bại": "lost",
    "không liên lạc được": "unreachable",
}


class LeadsConfig(_Section):
    columns: dict[str, str] = Field(default_factory=dict)  # canonical name -> column in the file
    status_map: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_STATUS_MAP))
    sla_minutes: float = Field(default=30.0, gt=0)

    @field_validator("status_map")
    @classmethod
    def _known_stages(cls, value: dict[str, str]) -> dict[str, str]:
        for label, stage in value.items():
            if stage not in CANONICAL_STAGES:
                raise ValueError(
                    f"status {label!r} maps to unknown stage {stage!r}; "
                    f"stages are {', '.join(CANONICAL_STAGES)}"
                )
        return value


class PrivacyConfig(_Section):
    redact: bool = True  # mask phones, e-mails, ID and card numbers in what is stored and shown
    kinds: tuple[str, ...] = ("phone", "email", "national_id", "card")

    def redaction(self) -> RedactionSettings:
        return RedactionSettings(enabled=self.redact, kinds=self.kinds)


class Config(_Section):
    """What qa uses. Outer layers subclass it for their own sections (``app.settings``)."""

    data_dir: Path = Path("data")
    timezone: str = "Asia/Ho_Chi_Minh"  # for CRM and call times written without an offset
    asr: AsrConfig = AsrConfig()
    transcript_quality: TranscriptQualityConfig = TranscriptQualityConfig()
    audio: AudioConfig = AudioConfig()
    metadata: MetadataConfig = MetadataConfig()
    scoring: ScoringConfig = ScoringConfig()
    persona: PersonaConfig = PersonaConfig()
    leads: LeadsConfig = LeadsConfig()
    metrics: MetricsSettings = MetricsSettings()  # speech detection and audio flags
    flags: FlagRules = FlagRules()  # which calls go to the review queue
    privacy: PrivacyConfig = PrivacyConfig()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @property
    def model_cache_dir(self) -> Path:
        return self.asr.cache_dir or self.data_dir / "models"


C = TypeVar("C", bound="Config")


def load_config(
    path: Path | None, environ: Mapping[str, str] | None = None, *, model: type[C] = Config
) -> C:
    """Load and validate a config file (or the defaults when ``path`` is None).

    ``model`` is ``Config`` or a subclass an outer layer adds its own sections
    to (the application's database and task runner), so one file is validated
    once, as a whole.
    """
    raw: dict[str, Any] = {}
    base_dir = Path.cwd()
    if path is not None:
        path = Path(path)
        base_dir = path.resolve().parent
        raw = read_yaml_mapping(
            path, ConfigError, "config", max_bytes=MAX_CONFIG_BYTES, empty_ok=True
        )
    for key, value in _env_overrides(environ or {}).items():
        _set_dotted(raw, key, value)
    source = str(path) if path is not None else "defaults"
    try:
        config = model.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_describe(source, exc)) from exc
    return _resolve_paths(config, base_dir)


def _env_overrides(environ: Mapping[str, str]) -> dict[str, Any]:
    """``CALLQA_ASR__ENGINE=openai-whisper`` -> ``{"asr.engine": "openai-whisper"}``."""
    overrides: dict[str, Any] = {}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or name in ENV_RESERVED:
            continue
        dotted = name[len(ENV_PREFIX) :].lower().replace("__", ".")
        try:
            overrides[dotted] = yaml.safe_load(value) if value.strip() else None
        except yaml.YAMLError as exc:
            raise ConfigError(f"environment variable {name}: not a valid YAML value") from exc
    return overrides


def _set_dotted(raw: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    node = raw
    for part in parents:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise ConfigError(f"environment override {dotted}: {part} is not a section")
        node = child
    node[leaf] = value


def _describe(source: str, exc: ValidationError) -> str:
    lines = [f"{source}: invalid configuration"]
    for error in exc.errors():
        key = ".".join(str(p) for p in error["loc"])
        unknown = error["type"] in ("extra_forbidden", "unexpected_keyword_argument")
        message = "unknown key" if unknown else error["msg"]
        lines.append(f"  {key}: {message}")
    return "\n".join(lines)


def _resolve_paths(config: C, base_dir: Path) -> C:
    def resolve(p: Path) -> Path:
        return p if p.is_absolute() else (base_dir / p).resolve()

    def resolve_model(model: str) -> str:
        if "/" in model or model.startswith("."):  # a folder of weights, not a size name
            return str(resolve(Path(model)))
        return model

    asr = config.asr.model_copy(
        update={
            "model": resolve_model(config.asr.model),
            "models": {k: resolve_model(v) for k, v in config.asr.models.items()},
            "cache_dir": resolve(config.asr.cache_dir) if config.asr.cache_dir else None,
            "extra_model_dirs": tuple(resolve(p) for p in config.asr.extra_model_dirs),
        }
    )
    scoring = config.scoring.model_copy(
        update={"checklists": {k: resolve(v) for k, v in config.scoring.checklists.items()}}
    )
    persona = config.persona.model_copy(
        update={
            "folder": resolve(config.persona.folder) if config.persona.folder else None,
            "forms": {k: resolve(v) for k, v in config.persona.forms.items()},
            "default": resolve(config.persona.default) if config.persona.default else None,
        }
    )
    return config.model_copy(
        update={
            "data_dir": resolve(config.data_dir),
            "asr": asr,
            "scoring": scoring,
            "persona": persona,
        }
    )
