"""PII redaction for stored transcripts, exports and the web UI; the audio is never touched.

With ``privacy.redact`` on (the default) four kinds are masked, in digits and in
spoken digits (Vietnamese and English):

- ``phone``: Vietnamese mobile and landline numbers (``0912 345 678``,
  ``(028) 3822 1234``, ``+84 912 345 678``, ``84 912 345 678``), international
  numbers after ``+`` / ``plus`` / ``cộng`` (8-15 digits) or ``00``, and 10-11
  digit national numbers from elsewhere (``415-555-0123``);
- ``email``: ``an.nguyen@gmail.com``, and spoken ``an at gmail dot com`` /
  ``an a còng gmail chấm com`` when the last label is a common top-level domain;
- ``national_id``: 9 digits (CMND) or 12 digits (CCCD);
- ``card``: 13-19 digits passing the Luhn check.

Decisions
---------
*Order.* A digit run is classified by the first rule that matches:
(1) led by ``+``/``plus``/``cộng``: phone; (2) 12 digits starting with 0: national
ID (a CCCD starts with its 001..096 province code, which would otherwise read as a
``00`` dial-out prefix); (3) Vietnamese phone shape (0 + 9-10 digits, 84 + 9-10,
840 + 9-10) or ``00`` + 8-15 digits: phone; (4) 13-19 digits, not starting with
0, Luhn-valid: card; (5) 10-11 digits: phone; (6) 9 or 12 digits: national ID;
(7) a spoken run of 8-15 digits: phone. Rules 1-4 (a shape) are tried on every
stretch of a run before rules 5-7 (a length alone). Everything else is left
alone, so a written 8-digit number (a date ``20240105``, an order number) is not.

*Runs.* Digits written in groups joined by spaces, ``.``, ``-`` or brackets form
one run (``0912.345.678``); so do spoken digits, which may also be joined by
commas (``zero, nine, one``). Written and spoken digits never join: ``năm 2024``
is "the year 2024". Spoken forms: the digit words không/linh/lẻ, một/mốt, hai, ba,
bốn/tư, năm/lăm/nhăm, sáu, bảy/bẩy, tám, chín; ``mười hai`` (12), ``X mươi Y``
(e.g. ``sáu mươi tám`` = 68); zero/oh/o ... nine, ``double five`` (55), ``triple``,
ten..nineteen and ``thirty four`` / ``thirty-four`` (34). Within a run the
longest stretch that is PII wins, from the left, so two phone numbers said
back to back become two masks and a stray digit next to a number does not hide it.

*Precision.* Ordinary numbers are kept: spoken runs under 8 digits, numbers
followed by a currency, magnitude, percent or time word (``đồng``, ``triệu``,
``%``, ``million``, ``giờ``...) or preceded by ``$``/``₫``; written amounts with
thousands dots (``150.000.000``) or four trailing zeros not led by 0; lists of
years (``2023 2024 2025``) or of round numbers (``100 200 300``); written groups
separated by commas (a list); runs of one repeated digit.

*Output.* ``redact_text`` returns offsets in the original text, never the value.
The mask must hold no digits and no ``@``, so redacting twice changes nothing more.

Known limits: bank account numbers and Luhn-invalid card numbers (an ASR slip)
are not a kind (a long spoken run is still partly masked as phone/ID); a spoken
number that mixes in hundreds (``eight hundred``, ``ba trăm``) breaks the run;
a spoken address's local part is the one word before "at"; numbers said over
two speakers' turns are not joined.
"""

import importlib

from callqa.qa.redact.settings import KINDS, Redaction, RedactionSettings

# The detectors load on first use: the configuration (which imports the settings)
# is read by every command, most of which redact nothing.
_LAZY = {
    "classify_digits": "detect",
    "find_pii": "detect",
    "luhn_valid": "detect",
    "redact_text": "detect",
    "redact_score": "score",
    "redact_transcript": "transcript",
}


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)


__all__ = [
    "redact_score",
    "KINDS",
    "Redaction",
    "RedactionSettings",
    "classify_digits",
    "find_pii",
    "luhn_valid",
    "redact_text",
    "redact_transcript",
]
