"""Persona reports: pure aggregation, and the CLI over the seeded sample calls."""

import csv
import io
import json

from callqa.app.settings import load_settings
from callqa.models.db import get_engine, session_scope
from callqa.models.tables import Lead
from callqa.qa.persona.report import PersonaCall, by_group, by_rep, mismatches
from sqlmodel import select
from typer.testing import CliRunner

from callqa.cli import app
from tests.seed import FORMS, seeded_copy

runner = CliRunner()


def _call(
    rid,
    lead,
    stage,
    fit,
    *,
    campaign="solar",
    rep="Lan",
    missing=(),
    why=(),
    passed=True,
    cause=None,
):
    return PersonaCall(
        recording_id=rid,
        lead_id=lead,
        lead_stage=stage,
        campaign=campaign,
        source="facebook",
        month="2026-03",
        rep=rep,
        form="f",
        fit=fit,
        completeness=1 - len(missing) / 4,
        missing=tuple(missing),
        disqualified=tuple(why),
        passed=passed,
        loss_cause=cause,
    )


CALLS = [
    _call(
        1, "L1", "wrong_target", "wrong", why=("outside the service area",), cause="wrong_target"
    ),
    _call(
        2,
        "L2",
        "lost",
        "wrong",
        why=("outside the service area", "budget too small"),
        cause="wrong_target",
    ),
    _call(3, "L3", "lost", "right", passed=False, missing=("timeline",), cause="poor_handling"),
    _call(
        4,
        "L3",
        "lost",
        "unknown",
        passed=False,
        rep="Minh",
        missing=("budget", "timeline"),
        cause="poor_handling",
    ),
    _call(5, "L4", "hot", "right", rep="Minh", missing=("budget",)),
    _call(6, "L5", "closed", "unknown", campaign="insurance", rep="Minh"),
]


def test_group_rows_count_leads_not_calls():
    solar, insurance = sorted(by_group(CALLS), key=lambda g: g.group, reverse=True)
    assert (solar.group, solar.calls, solar.leads) == ("solar", 5, 4)
    assert (solar.fit_right, solar.fit_wrong, solar.fit_unknown) == (0.5, 0.5, 0.0)
    assert solar.top_reasons == (("outside the service area", 0.5), ("budget too small", 0.25))
    # L1 (wrong target), L2 (wrong) and L3 (right target, both calls failed) are lost
    assert (solar.lost_leads, solar.lost_right_poorly_handled) == (3, 0.333)
    assert insurance.lost_right_poorly_handled is None
    assert [g.group for g in by_group(CALLS, "source")] == ["facebook"]


def test_reps_fields_they_fail_to_collect():
    lan, minh = by_rep(CALLS)
    assert (lan.rep, lan.calls, lan.not_asked) == ("Lan", 3, (("timeline", 0.333),))
    assert minh.not_asked == (("budget", 0.667), ("timeline", 0.333))


def test_mismatches_both_ways():
    calls = [*CALLS, _call(7, "L6", "wrong_target", "right"), _call(8, "L7", "new", "wrong")]
    found = {m.lead_id: (m.crm_stage, m.call_fit) for m in mismatches(calls)}
    # L2: CRM says lost (a reached lead) but the call shows a wrong target; L6: the reverse.
    # L7 was never reached in the CRM, so nothing to contradict.
    assert found == {"L2": ("lost", "wrong"), "L6": ("wrong_target", "right")}


def _config(tmp_path):
    config = seeded_copy(tmp_path)
    config.write_text(f"data_dir: data\npersona:\n  folder: {FORMS}\n", encoding="utf-8")
    return config


def test_report_persona_over_the_sample_calls(tmp_path):
    config = _config(tmp_path)
    result = runner.invoke(app, ["report", "persona", "--format", "json", "--config", str(config)])
    assert result.exit_code == 0, result.output
    rows = {r["campaign"]: r for r in json.loads(result.output)}
    assert set(rows) == {"english-course-2024", "home-insurance-2024", "solar-rooftop-2024"}
    solar = rows["solar-rooftop-2024"]
    assert (solar["leads"], solar["fit_right_rate"], solar["fit_wrong_rate"]) == (4, 0.5, 0.25)
    assert solar["top_reasons"] == [{"reason": "ngoài khu vực phục vụ", "share": 0.25}]
    insurance = rows["home-insurance-2024"]
    assert insurance["top_reasons"] == [{"reason": "sống ngoài Việt Nam", "share": 0.2}]

    result = runner.invoke(
        app, ["report", "persona", "--by", "rep", "--format", "csv", "--config", str(config)]
    )
    assert result.exit_code == 0, result.output
    reps = {r["rep"]: r for r in csv.DictReader(io.StringIO(result.output))}
    assert reps["Trần Minh Đức"]["completeness"] == "1.0"
    assert "need 100%" in reps["Kevin Le"]["not_collected"]

    result = runner.invoke(app, ["report", "persona", "--config", str(config)])
    assert result.exit_code == 0 and "ngoài khu vực phục vụ" in result.output


def test_report_mismatches_finds_a_mislabelled_lead(tmp_path):
    config = _config(tmp_path)
    settings = load_settings(config, db_url=None, environ={})
    with session_scope(get_engine(settings.db_url)) as session:
        # the CRM marks the good solar lead wrong-target: its call says it fits
        lead = session.exec(select(Lead).where(Lead.lead_id == "LD-1001")).one()
        lead.stage = "wrong_target"
    result = runner.invoke(
        app, ["report", "mismatches", "--format", "json", "--config", str(config)]
    )
    assert result.exit_code == 0, result.output
    assert [(m["lead_id"], m["crm_stage"], m["call_fit"]) for m in json.loads(result.output)] == [
        ("LD-1001", "wrong_target", "right")
    ]
