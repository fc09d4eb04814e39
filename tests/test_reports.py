"""Reports on the bundled sample leads and calls, against hand computations.

The calls are stored with the scores of their reference transcripts (the real
scorer, no speech recognition), so every figure below can be worked out by
hand from examples/leads.csv and the calls' sidecars.
"""

import csv
import io
import json
from pathlib import Path

import pytest
from callqa.app.flags import refresh_flags
from callqa.app.settings import load_settings
from callqa.models.db import get_engine, session_scope
from callqa.models.tables import Flag, Recording
from sqlmodel import func, select
from typer.testing import CliRunner

from callqa.cli import app
from tests.seed import seed_sample_db

runner = CliRunner()


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    return seed_sample_db(tmp_path_factory.mktemp("reports"))


def _json(*args) -> list[dict]:
    result = runner.invoke(app, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_campaign_table_matches_the_hand_computation(sample_db):
    rows = {
        row["campaign"]: row for row in _json("report", "campaigns", "--config", str(sample_db))
    }
    assert set(rows) == {
        "english-course-2024",
        "home-insurance-2024",
        "solar-rooftop-2024",
        "TOTAL",
    }

    # solar: LD-1001 hot, 1005 wrong_target, 1006 hot, 1009 lost, 1011 new, 1014 new,
    # 1016 unreachable, 1020 potential
    solar = rows["solar-rooftop-2024"]
    assert [solar[k] for k in ("new", "reached", "potential", "hot", "closed", "wrong_target")] == [
        8,
        5,
        3,
        2,
        0,
        1,
    ]
    assert (solar["closed_rate"], solar["hot_rate"], solar["wrong_target_rate"]) == (0, 0.25, 0.125)
    assert (solar["reached_rate"], solar["potential_rate"]) == (0.625, 0.375)
    # first contacts after 12, 15, 2075, 2191 and 2555 minutes
    assert solar["speed_to_lead_median_min"] == 2075
    assert solar["within_sla_share"] == 0.4
    assert solar["never_contacted"] == 3
    # LD-1005 is a wrong target; LD-1009 was called within 15 minutes and its call failed
    assert (solar["lost_wrong_target"], solar["lost_poor_handling"]) == (1, 1)
    assert solar["lost_late_contact"] == solar["lost_never_called"] == 0

    # insurance: 1003 potential, 1004 lost, 1007 closed, 1008 reached, 1010 wrong_target,
    # 1013 new, 1015 unreachable, 1019 reached
    home = rows["home-insurance-2024"]
    assert [home[k] for k in ("new", "reached", "potential", "hot", "closed", "wrong_target")] == [
        8,
        6,
        2,
        1,
        1,
        1,
    ]
    # 15, 18, 25, 3170, 7050, 8848 minutes -> median (25 + 3170) / 2
    assert home["speed_to_lead_median_min"] == 1597.5
    assert home["within_sla_share"] == 0.5
    assert (home["lost_wrong_target"], home["lost_poor_handling"]) == (1, 1)  # 1010; 1004

    english = rows["english-course-2024"]
    # LD-1002's inbound call links by phone number only (its sidecar has no lead id)
    assert english["closed"] == english["reached"] == 1
    assert english["speed_to_lead_median_min"] == 13
    assert english["never_contacted"] == 3

    total = rows["TOTAL"]
    assert [total[k] for k in ("new", "reached", "potential", "hot", "closed", "wrong_target")] == [
        20,
        12,
        6,
        4,
        2,
        2,
    ]
    assert total["closed_rate"] == 0.1 and total["reached_rate"] == 0.6
    assert total["speed_to_lead_median_min"] == 1050  # (25 + 2075) / 2 over 12 contacted leads
    assert total["within_sla_share"] == 0.5
    assert (total["lost_wrong_target"], total["lost_poor_handling"]) == (2, 2)


def test_grouping_by_source_and_month_and_date_filter(sample_db):
    by_source = {
        r["source"]: r
        for r in _json("report", "campaigns", "--by", "source", "--config", str(sample_db))
    }
    assert by_source["facebook"]["new"] == 7
    by_month = {
        r["month"]: r["new"]
        for r in _json("report", "campaigns", "--by", "month", "--config", str(sample_db))
    }
    assert by_month == {"2024-10": 20, "TOTAL": 20}
    window = _json(
        "report",
        "campaigns",
        "--from",
        "2024-10-20",
        "--to",
        "2024-10-22",
        "--config",
        str(sample_db),
    )
    # LD-1006 (21st), 1007 (22nd), 1011 (20th), 1012 (21st), 1013 (21st), 1014 (22nd), 1015 (22nd)
    assert window[-1]["new"] == 7


def test_csv_export_opens_in_a_spreadsheet(sample_db, tmp_path):
    out = tmp_path / "campaigns.csv"
    result = runner.invoke(
        app,
        ["report", "campaigns", "--format", "csv", "-o", str(out), "--config", str(sample_db)],
    )
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the file as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["campaign"] == "english-course-2024"
    assert rows[-1]["campaign"] == "TOTAL" and rows[-1]["new"] == "20"


def test_rep_report(sample_db):
    reps = {r["rep"]: r for r in _json("report", "reps", "--config", str(sample_db))}
    assert reps["Kevin Le"]["calls"] == 2  # en_insurance_average_08 and en_solar_poor_09
    assert reps["Kevin Le"]["pass_rate"] == 0
    assert reps["Kevin Le"]["weekly"] == [
        {"week": "2024-W43", "mean_score": reps["Kevin Le"]["mean_score"], "calls": 2}
    ]
    assert set(reps) == {
        "David Tran",
        "Kevin Le",
        "Lê Văn Hùng",
        "Nguyễn Thị Lan",
        "Phạm Thu Hà",
        "Sarah Nguyen",
        "Trần Minh Đức",
    }


def test_flags_are_raised_once_and_reviews_survive(sample_db):
    settings = load_settings(sample_db, db_url=None, environ={})
    engine = get_engine(settings.db_url)
    with session_scope(engine) as session:
        flags = session.exec(select(Flag, Recording.path).join(Recording)).all()
        kinds = {(Path(path).stem, flag.kind) for flag, path in flags}
        assert ("en_solar_poor_09", "prohibited_language") in kinds
        assert ("en_solar_poor_09", "lost_poor_handling") in kinds
        assert ("vi_insurance_poor_04", "lost_poor_handling") in kinds
        assert ("vi_solar_good_01", "sla_breach") in kinds  # 2191 minutes
        assert ("en_solar_good_06", "sla_breach") not in kinds  # 12 minutes
        count = session.exec(select(func.count()).select_from(Flag)).one()
        reviewed = flags[0][0]
        reviewed.status, reviewed.reviewed_by = "reviewed", "qa-lead"
        session.add(reviewed)
    assert refresh_flags(engine, settings.config) == (0, 0)  # nothing new, nothing gone
    with session_scope(engine) as session:
        assert session.exec(select(func.count()).select_from(Flag)).one() == count
        assert session.get(Flag, reviewed.id).status == "reviewed"
    listing = runner.invoke(app, ["flags", "--open", "--config", str(sample_db)])
    assert listing.exit_code == 0
    assert f"{count - 1} flags" in listing.output


def test_unlinked_calls_are_counted(sample_db):
    result = runner.invoke(app, ["report", "campaigns", "--config", str(sample_db)])
    assert "0 processed calls are not linked to any lead" in result.output


def test_rescore_with_a_new_checklist_version_keeps_the_old(sample_db, tmp_path):
    import yaml
    from callqa.models.tables import CallScore
    from callqa.qa.scoring.checklist import CHECKLIST_DIR

    data = yaml.safe_load((CHECKLIST_DIR / "telesales_en.yaml").read_text(encoding="utf-8"))
    data["version"] = "2099.1"
    data["pass_mark"] = 10
    new = tmp_path / "telesales_en_2099.yaml"
    new.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(
        app, ["rescore", "--checklist", str(new), "--language", "en", "--config", str(sample_db)]
    )
    assert result.exit_code == 0, result.output
    assert "re-scored 5 calls with telesales_en 2099.1" in result.output
    settings = load_settings(sample_db, db_url=None, environ={})
    with session_scope(get_engine(settings.db_url)) as session:
        versions = session.exec(
            select(CallScore.checklist_version, func.count()).group_by(CallScore.checklist_version)
        ).all()
        assert dict(versions) == {"2026.2": 10, "2099.1": 5}  # vi and en, new en
    again = runner.invoke(
        app, ["rescore", "--checklist", str(new), "--language", "en", "--config", str(sample_db)]
    )
    assert again.exit_code == 0
    with session_scope(get_engine(settings.db_url)) as session:
        assert session.exec(select(func.count()).select_from(CallScore)).one() == 15


def test_reports_use_reviewers_overrides(tmp_path):
    """A QA lead overturns the machine on a lost lead's call: the blame moves with it."""
    from callqa.models import accounts, reviews
    from callqa.models.tables import CallScore

    from tests.seed import seeded_copy

    config = seeded_copy(tmp_path)
    settings = load_settings(config, db_url=None, environ={})

    def lost_ld1009() -> str:
        rows = _json("report", "campaigns", "--config", str(config))
        solar = next(r for r in rows if r["campaign"] == "solar-rooftop-2024")
        return "poor_handling" if solar["lost_poor_handling"] else "handled_well"

    def kevin() -> dict:
        return next(
            r for r in _json("report", "reps", "--config", str(config)) if r["rep"] == "Kevin Le"
        )

    assert lost_ld1009() == "poor_handling"
    before = kevin()
    with session_scope(get_engine(settings.db_url)) as session:
        user = accounts.create_user(session=session, name="lan", role="qa_lead", password_hash="x")
        recording = session.exec(
            select(Recording).where(Recording.path.like("%en_solar_poor_09.wav"))
        ).one()
        score = session.exec(select(CallScore).where(CallScore.recording_id == recording.id)).one()
        for kind, target, after in (
            ("item", "prohibited_language", "met"),
            ("score", "total", "90"),
        ):
            reviews.add_action(
                session=session,
                recording_id=recording.id,
                user=user,
                kind=kind,
                target=target,
                before=None,
                after=after,
                reason="listened: the agent was quoting the customer",
                score=score,
            )
    assert lost_ld1009() == "handled_well"
    after = kevin()
    assert after["mean_score"] > before["mean_score"] and after["pass_rate"] == 0.5
    assert after["pass_rate_prohibited_language"] == 1.0
