"""What to redact and how to mask it, and the record of one redaction."""

from __future__ import annotations

from dataclasses import dataclass

KINDS: tuple[str, ...] = ("phone", "email", "national_id", "card")


@dataclass(frozen=True)
class RedactionSettings:
    """The ``privacy`` section: on by default, every kind, masks like ``[phone]``."""

    enabled: bool = True
    kinds: tuple[str, ...] = KINDS
    mask: str = "[{kind}]"  # template; ``{kind}`` is replaced by the kind's name

    def __post_init__(self) -> None:
        unknown = sorted(set(self.kinds) - set(KINDS))
        if unknown:
            raise ValueError(
                f"RedactionSettings.kinds: unknown {unknown}; choose from {list(KINDS)}"
            )
        for kind in KINDS:
            try:
                rendered = self.mask.format(kind=kind)
            except (KeyError, IndexError, ValueError) as e:
                raise ValueError(
                    f"RedactionSettings.mask {self.mask!r} is not a template: {e}"
                ) from e
            # A mask with digits or '@' could be detected again; redaction must be idempotent.
            if any(ch.isdigit() or ch == "@" for ch in rendered):
                raise ValueError(f"RedactionSettings.mask {self.mask!r} must not hold digits or @")

    def mask_for(self, kind: str) -> str:
        return self.mask.format(kind=kind)


@dataclass(frozen=True)
class Redaction:
    """One masked span: its kind and character offsets in the original text.

    The original value is deliberately not kept, so a list of redactions can be
    logged or stored without leaking what was removed.
    """

    kind: str
    start: int
    end: int

    @property
    def length(self) -> int:
        """Length of the original text that was masked, in characters."""
        return self.end - self.start
