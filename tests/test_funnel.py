"""Funnel ratios, speed to lead and loss attribution on crafted leads (hand-computed)."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from callqa.qa.flags import Flag, call_flags, lead_flags
from callqa.qa.funnel import CallFacts, LeadFacts, attribute_loss, funnel_by, group_report
from callqa.qa.records import CallScore, Evidence, ItemResult
from callqa.qa.reps import ScoredCall, rep_reports

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
SLA = 30.0


def lead(lead_id, stage, *, minutes=None, calls=(), campaign="c", first_contact=None):
    facts = []
    for i, (score, passed, fit) in enumerate(calls):
        when = T0 + timedelta(minutes=(minutes or 0) + 60 * i)
        facts.append(CallFacts(len(lead_id) * 100 + i, when, score, passed, False, fit))
    return LeadFacts(
        lead_id=lead_id,
        created_at=T0,
        stage=stage,
        campaign=campaign,
        first_contact_at=first_contact,
        calls=tuple(facts),
    )


def test_stage_counting_follows_the_funnel_semantics():
    leads = [
        lead("n", "new"),
        lead("u", "unreachable"),
        lead("r", "reached", minutes=10, calls=[(80, True, "unknown")]),
        lead("p", "potential", minutes=20, calls=[(80, True, "right")]),
        lead("h", "hot", minutes=40, calls=[(90, True, "right")]),
        lead("c", "closed", minutes=5, calls=[(95, True, "right")]),
        lead("w", "wrong_target", minutes=15, calls=[(50, False, "wrong")]),
        lead("l", "lost", minutes=25, calls=[(40, False, "unknown")]),
    ]
    report = group_report("c", leads, sla_minutes=SLA)
    assert report.counts == {
        "new": 8,
        "reached": 6,  # r p h c w l
        "potential": 3,  # p h c
        "hot": 2,  # h c
        "closed": 1,
        "wrong_target": 1,
    }
    assert report.ratios == {
        "closed_rate": 1 / 8,
        "hot_rate": 2 / 8,
        "wrong_target_rate": 1 / 8,
        "reached_rate": 6 / 8,
        "potential_rate": 3 / 8,
    }
    # delays 5 10 15 20 25 40 -> median 17.5; five of six within 30 minutes
    assert report.speed_to_lead_median_min == 17.5
    assert report.within_sla_share == pytest.approx(5 / 6)
    assert report.never_contacted == 2
    assert report.attribution == {
        "wrong_target": 1,
        "never_called": 0,
        "late_contact": 0,
        "transcript_unreliable": 0,
        "poor_handling": 1,
        "handled_well": 0,
    }
    assert report.lead_ids["lost_poor_handling"] == ("l",)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (lead("a", "hot", minutes=5, calls=[(90, True, "right")]), None),
        (lead("b", "wrong_target"), "wrong_target"),
        (lead("c", "lost", minutes=5, calls=[(90, True, "wrong")]), "wrong_target"),
        (lead("d", "lost"), "never_called"),
        (lead("e", "lost", minutes=45, calls=[(20, False, "right")]), "late_contact"),
        (
            lead("f", "lost", minutes=10, calls=[(20, False, "right"), (60, False, "unknown")]),
            "poor_handling",
        ),
        (
            lead("g", "lost", minutes=10, calls=[(20, False, "right"), (85, True, "right")]),
            "handled_well",
        ),
        # the CRM's first contact counts even without a recorded call
        (lead("h", "lost", first_contact=T0 + timedelta(minutes=90)), "late_contact"),
    ],
)
def test_loss_attribution_order(facts, expected):
    assert attribute_loss(facts, sla_minutes=SLA) == expected


def test_first_contact_is_the_earlier_of_call_and_crm():
    facts = lead(
        "x",
        "reached",
        minutes=50,
        calls=[(70, True, "right")],
        first_contact=T0 + timedelta(minutes=12),
    )
    assert facts.minutes_to_first_contact() == 12


def test_groups_sorted_with_total_and_empty_groups_named():
    leads = [lead("a", "new", campaign="b"), lead("b", "closed", campaign=None, minutes=1)]
    rows = funnel_by(leads, lambda x: x.campaign, sla_minutes=SLA)
    assert [r.group for r in rows] == ["(none)", "b", "TOTAL"]
    assert rows[-1].counts["new"] == 2 and rows[-1].ratios["closed_rate"] == 0.5


def _score(passed, *, critical_missed=False, violated=False):
    items = (
        ItemResult("introduction", "Introduction", "missed" if critical_missed else "met", 2, True),
        ItemResult(
            "prohibited_language",
            "Prohibited language",
            "violated" if violated else "met",
            10,
            evidence=(Evidence("guaranteed profit", 12.5, 13.4, "agent"),) if violated else (),
        ),
    )
    return CallScore("t", "1", "en", 55.0, passed, critical_missed, items, pass_mark=70)


def test_call_flags_name_their_reasons():
    flags = call_flags(
        _score(False, critical_missed=True, violated=True),
        pass_mark=70,
        metrics_flags=["talk_share_out_of_band", "silent_channel"],
        longest_dead_air_s=12.0,
        agent_talk_share=0.81,
    )
    kinds = {f.kind: f.reason for f in flags}
    assert set(kinds) == {
        "critical_missed",
        "prohibited_language",
        "long_dead_air",
        "talk_share_out_of_band",
        "silent_channel",
    }
    assert "Introduction" in kinds["critical_missed"]
    assert '"guaranteed profit" at 12.5 s' in kinds["prohibited_language"]
    assert "81%" in kinds["talk_share_out_of_band"]
    assert call_flags(_score(False), pass_mark=70)[0] == Flag(
        "below_pass_mark", "score 55 (pass mark 70)"
    )
    assert call_flags(_score(True), pass_mark=70, longest_dead_air_s=9.9) == []


def test_lead_flags_point_at_the_right_call():
    late = lead("late", "lost", minutes=45, calls=[(20, False, "right")])
    [(rid, flag)] = lead_flags(late, sla_minutes=SLA)
    assert flag.kind == "sla_breach" and rid == late.calls[0].recording_id
    poor = lead("poor", "lost", minutes=5, calls=[(20, False, "right"), (40, False, "right")])
    [(rid, flag)] = lead_flags(poor, sla_minutes=SLA)
    assert flag.kind == "lost_poor_handling"
    assert rid == poor.calls[1].recording_id  # the best call, scored 40


def test_rep_scorecards():
    from zoneinfo import ZoneInfo

    calls = [
        ScoredCall(1, "Lan", T0, 80, True, {"greeting": "met", "objection_handling": "na"}),
        ScoredCall(
            2,
            "Lan",
            T0 + timedelta(days=7),
            40,
            False,
            {"greeting": "missed", "objection_handling": "met"},
        ),
        ScoredCall(3, "Minh", T0, 60, False, {"greeting": "met", "objection_handling": "na"}),
    ]
    lan, minh = rep_reports(calls, zone=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert (lan.rep, lan.calls, lan.mean_score, lan.pass_rate) == ("Lan", 2, 60.0, 0.5)
    assert lan.item_pass_rates == {"greeting": 0.5, "objection_handling": 1.0}
    assert lan.weekly == (("2024-W09", 80.0, 1), ("2024-W10", 40.0, 1))
    assert lan.weakest == (2, 1)
    assert minh.item_pass_rates["objection_handling"] is None


def _unreliable(facts: LeadFacts, *indexes: int) -> LeadFacts:
    calls = tuple(
        replace(c, unreliable=True) if i in indexes else c for i, c in enumerate(facts.calls)
    )
    return replace(facts, calls=calls)


def test_unreliable_transcripts_are_never_judged_in_attribution():
    # its only call failed, but nobody can read its transcript: not the rep's poor handling
    only = _unreliable(lead("u1", "lost", minutes=10, calls=[(20, False, "right")]), 0)
    assert attribute_loss(only, sla_minutes=SLA) == "transcript_unreliable"
    # nor does an unreadable call's "wrong target" charge the lead to marketing
    fit = _unreliable(lead("u2", "lost", minutes=10, calls=[(90, True, "wrong")]), 0)
    assert attribute_loss(fit, sla_minutes=SLA) == "transcript_unreliable"
    # a readable call beside it is judged on its own
    mixed = lead("u3", "lost", minutes=10, calls=[(20, False, "right"), (85, True, "right")])
    assert attribute_loss(_unreliable(mixed, 1), sla_minutes=SLA) == "poor_handling"
    # lateness is measured from the audio's existence, not its words
    late = _unreliable(lead("u4", "lost", minutes=45, calls=[(20, False, "right")]), 0)
    assert attribute_loss(late, sla_minutes=SLA) == "late_contact"


def test_unreliable_transcript_gets_its_own_flag_instead_of_pass_fail_flags():
    flags = call_flags(
        _score(False, critical_missed=True, violated=True),
        pass_mark=70,
        metrics_flags=["silent_channel"],
        unreliable_reasons=["12% of syllables form dictionary words"],
    )
    kinds = {f.kind: f for f in flags}
    assert set(kinds) == {"transcript_unreliable", "silent_channel"}  # audio flags stay
    flag = kinds["transcript_unreliable"]
    assert flag.reason.startswith("transcript unreliable, listen to the call")
    assert "dictionary words" in flag.reason and flag.severity == 3
    poor = _unreliable(lead("p", "lost", minutes=5, calls=[(20, False, "right")]), 0)
    assert lead_flags(poor, sla_minutes=SLA) == []  # no "lost: poor handling" on it
