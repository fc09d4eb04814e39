"""Words for the codes the data holds (flag kinds, stages, verdicts...) in the viewer's language.

The English text is the catalog's message id (marked with ``N_`` for Babel's
extraction); a page translates it when it renders. Flag reasons are stored in
English by the pipeline (qa.flags); ``flag_reason`` re-words the known
patterns and leaves anything else as stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from callqa.app.checklists import ItemInfo, label_for
from callqa.qa.asr.quality import QualityReason
from callqa.qa.flags import read_unreliable_reason


def N_(message: str) -> str:
    """Marks a message for extraction; translated later."""
    return message


LABELS: dict[str, dict[str, str]] = {
    "flag": {
        "below_pass_mark": N_("below pass mark"),
        "critical_missed": N_("critical item missed"),
        "prohibited_language": N_("prohibited language"),
        "long_dead_air": N_("long dead air"),
        "talk_share_out_of_band": N_("talk share out of band"),
        "silent_channel": N_("silent channel"),
        "lost_poor_handling": N_("lost, poorly handled"),
        "sla_breach": N_("SLA breach"),
        "transcript_unreliable": N_("transcript unreliable"),
    },
    "stage": {
        "new": N_("new"),
        "reached": N_("reached"),
        "potential": N_("potential"),
        "hot": N_("hot"),
        "closed": N_("closed"),
        "wrong_target": N_("wrong target"),
        "lost": N_("lost"),
        "unreachable": N_("unreachable"),
    },
    "ratio": {
        "closed_rate": N_("closed rate"),
        "hot_rate": N_("hot rate"),
        "wrong_target_rate": N_("wrong-target rate"),
        "reached_rate": N_("reached rate"),
        "potential_rate": N_("potential rate"),
    },
    "cause": {
        "wrong_target": N_("wrong target"),
        "never_called": N_("never called"),
        "late_contact": N_("late contact"),
        "transcript_unreliable": N_("transcript unreliable"),
        "poor_handling": N_("poor handling"),
        "handled_well": N_("handled well"),
    },
    "verdict": {
        "met": N_("met"),
        "missed": N_("missed"),
        "na": N_("not applicable"),
        "violated": N_("violated"),
    },
    "role": {
        "qa_lead": N_("QA lead"),
        "coach": N_("coach"),
        "marketer": N_("marketer"),
        "admin": N_("admin"),
    },
    "speaker": {"agent": N_("agent"), "customer": N_("customer")},
    "direction": {"inbound": N_("inbound"), "outbound": N_("outbound")},
    "fit": {"right": N_("right target"), "wrong": N_("wrong target"), "unknown": N_("unknown")},
    "persona": {
        "need": N_("need"),
        "budget": N_("budget"),
        "timeline": N_("timeline"),
        "decision_maker": N_("decision maker"),
    },
    "status": {"open": N_("open"), "reviewed": N_("reviewed"), "all": N_("all")},
    "group": {
        "campaign": N_("campaign"),
        "source": N_("source"),
        "month": N_("month"),
        "rep": N_("rep"),
    },
    "review": {
        "item": N_("item"),
        "score": N_("score"),
        "flag": N_("flag"),
        "fit": N_("target fit"),
        "persona": N_("persona"),
    },
    "language": {"vi": N_("Vietnamese"), "en": N_("English")},
}


def label(gettext: Callable[[str], str], kind: str, code: str | None) -> str:
    if code is None:
        return ""
    english = LABELS.get(kind, {}).get(code)
    return gettext(english) if english else code.replace("_", " ")


_REASONS: dict[str, tuple[re.Pattern[str], str]] = {
    "below_pass_mark": (
        re.compile(r"score (?P<score>[\d.]+) \(pass mark (?P<mark>[\d.]+)\)$"),
        N_("score %(score)s (pass mark %(mark)s)"),
    ),
    "long_dead_air": (
        re.compile(r"(?P<s>\d+) s of silence on the line$"),
        N_("%(s)s s of silence on the line"),
    ),
    "talk_share_out_of_band": (
        re.compile(r"talk share outside the band: agent talked (?P<share>\d+)%$"),
        N_("talk share outside the band: the agent talked %(share)s%%"),
    ),
    "silent_channel": (
        re.compile(r"one channel is silent for the whole call$"),
        N_("one channel is silent for the whole call"),
    ),
    "sla_breach": (
        re.compile(
            r"lead (?P<lead>\S+) first contacted after (?P<min>\d+) min \(SLA (?P<sla>[\d.]+)\)$"
        ),
        N_("lead %(lead)s first contacted after %(min)s (SLA %(sla)s)"),
    ),
    "lost_poor_handling": (
        re.compile(
            r"lead (?P<lead>\S+) was lost \((?P<stage>\w+)\); its best call scored (?P<score>\d+)$"
        ),
        N_("lead %(lead)s was lost (%(stage)s); its best call scored %(score)s"),
    ),
}
_QUALITY: dict[str, str] = {
    "speech_words": N_("%(words)s words for %(speech_s)s s of speech"),
    "real_words": N_("%(share)s of words are real words"),
    "vietnamese_phrases": N_("%(share)s of syllables form dictionary words"),
    "repetition": N_("the text repeats itself (compression %(ratio)s)"),
    "confidence": N_("the recogniser is unsure (mean log-probability %(log_prob)s)"),
}


def quality_reason(
    gettext: Callable[[str], str],
    reason: QualityReason,
    number: Callable[[float, int], str] = lambda v, d: f"{v:.{d}f}",
    percent: Callable[[float], str] = lambda v: f"{v:.0%}",
) -> str:
    """One reason of the transcript-quality gate in the viewer's language (text stored
    before reasons had codes is shown as stored)."""
    message = _QUALITY.get(reason.code)
    try:
        if message is None:
            raise KeyError(reason.code)
        p = reason.params
        values = {
            "words": str(int(p.get("words", 0))),
            "speech_s": number(float(p.get("speech_s", 0.0)), 0),
            "share": percent(float(p.get("share", 0.0))),
            "ratio": number(float(p.get("ratio", 0.0)), 1),
            "log_prob": number(float(p.get("log_prob", 0.0)), 2),
        }
    except (KeyError, TypeError, ValueError):
        return reason.text()
    return gettext(message) % values


def quality_reasons(
    gettext: Callable[[str], str],
    reasons: tuple[QualityReason, ...],
    number: Callable[[float, int], str] = lambda v, d: f"{v:.{d}f}",
    percent: Callable[[float], str] = lambda v: f"{v:.0%}",
) -> str:
    return "; ".join(quality_reason(gettext, r, number, percent) for r in reasons)


_CRITICAL = re.compile(r"critical item missed: (?P<items>.+)$")
_PROHIBITED = re.compile(r'(?P<item>.+?)(?:: "(?P<quote>.*)" at (?P<at>[\d.]+) s)?$')


def _relabel(stored: str, catalog: dict[str, ItemInfo], lang: str) -> str:
    for item_id, info in catalog.items():
        if stored in info.labels.values() or stored == item_id:
            return label_for(catalog, item_id, lang, stored)
    return stored


def flag_reason(
    gettext: Callable[[str], str],
    kind: str,
    reason: str,
    catalog: dict[str, ItemInfo],
    lang: str,
    minutes: Callable[[float], str] = lambda m: f"{m:g} min",
    number: Callable[[float, int], str] = lambda v, d: f"{v:.{d}f}",
    percent: Callable[[float], str] = lambda v: f"{v:.0%}",
) -> str:
    """A stored flag reason in the viewer's language (as stored when its wording is unknown).

    ``minutes`` writes a number of minutes for people (``3 ngày 13 giờ``), ``number``
    a figure with so many decimals, ``percent`` a share.
    """
    if kind == "transcript_unreliable":
        found_reasons = read_unreliable_reason(reason)
        if found_reasons is not None:
            head = gettext(N_("transcript unreliable, listen to the call"))
            if not found_reasons:
                return head
            why = quality_reasons(gettext, found_reasons, number, percent)
            return f"{head} ({why})"
    if kind in _REASONS:
        pattern, message = _REASONS[kind]
        found = pattern.match(reason)
        if found:
            values = found.groupdict()
            if "stage" in values:
                values["stage"] = label(gettext, "stage", values["stage"])
            for key in ("min", "sla"):
                if key in values:
                    values[key] = minutes(float(values[key]))
            return gettext(message) % values
    if kind == "critical_missed" and (found := _CRITICAL.match(reason)):
        items = found["items"]
        stored = sorted(
            ((text, item_id) for item_id, info in catalog.items() for text in info.labels.values()),
            key=lambda pair: -len(pair[0]),
        )
        for text, item_id in stored:  # labels may hold commas: replace whole labels
            if text in items:
                items = items.replace(text, label_for(catalog, item_id, lang, text))
        return gettext("critical item missed: %(items)s") % {"items": items}
    if kind == "prohibited_language" and (found := _PROHIBITED.match(reason)):
        item = _relabel(found["item"], catalog, lang)
        if found["quote"] is None:
            return item
        return gettext('%(item)s: "%(quote)s" at %(at)s s') % {
            "item": item,
            "quote": found["quote"],
            "at": found["at"],
        }
    return reason


def persona_reason(words: dict[str, dict[str, str]], lang: str, text: str) -> str:
    """A disqualifying reason of a persona form (alone, or inside "field: reason (detail)")
    in ``lang`` when its form gives it per language (``words``: qa.persona.catalog
    .reason_words); else as stored."""
    if text in words:
        return words[text].get(lang, text)
    for known in sorted(words, key=len, reverse=True):  # the longest text that fits
        if known in text:
            return text.replace(known, words[known].get(lang, known))
    return text


# Messages other layers raise or the login form shows, translated with the ``tr`` filter.
MESSAGES = (
    N_("Wrong name or password."),
    N_("The form expired; please try again."),
    N_("a reason is required"),
    N_("a score is between 0 and 100"),
    N_("a user needs a name"),
    N_("a password needs 10 characters or more"),
    N_("the last active admin cannot be deactivated or lose the admin role"),
    N_("you cannot deactivate yourself"),
    N_("not signed in"),
    N_("missing or wrong CSRF token"),
)


_NOT_ENOUGH = re.compile(r"not enough matches \((?P<detail>.*)\)$")


def item_reason(gettext: Callable[[str], str], reason: str) -> str:
    """The scorer's reason for a verdict (stored in English) in the viewer's language."""
    if reason == "condition not met":
        return gettext(N_("condition not met"))
    if found := _NOT_ENOUGH.match(reason):
        return gettext(N_("not enough matches (%(detail)s)")) % {"detail": found["detail"]}
    return reason
