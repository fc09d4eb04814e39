import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from callqa.qa.errors import MetadataError
from callqa.qa.metadata import read_metadata

PATTERN = r"^(?P<rep>[^_]+)_(?P<lead_id>[^_]+)_(?P<call_time>\d{8}T\d{6})"


def test_sidecar_wins_and_unknown_keys_are_ignored(tmp_path):
    wav = tmp_path / "lan_LD-1_20240301T090000.wav"
    wav.write_bytes(b"")
    (tmp_path / "lan_LD-1_20240301T090000.json").write_text(
        json.dumps(
            {
                "rep": "Nguyễn Thị Lan",
                "lead_id": "LD-9",
                "campaign": "solar",
                "call_time": "2024-03-01T09:00:00+07:00",
                "direction": "Outbound",
                "phone": "0912 345 678",
                "extra": "ignored",
            }
        ),
        encoding="utf-8",
    )
    meta = read_metadata(wav, filename_pattern=PATTERN)
    assert meta.rep == "Nguyễn Thị Lan"
    assert meta.lead_id == "LD-9"
    assert meta.direction == "outbound"
    assert meta.call_time == datetime(2024, 3, 1, 2, 0, tzinfo=ZoneInfo("UTC"))


def test_filename_pattern_with_local_time(tmp_path):
    wav = tmp_path / "lan_LD-1_20240301T090000.wav"
    meta = read_metadata(
        wav,
        filename_pattern=PATTERN,
        call_time_format="%Y%m%dT%H%M%S",
        timezone="Asia/Ho_Chi_Minh",
    )
    assert (meta.rep, meta.lead_id) == ("lan", "LD-1")
    assert meta.call_time == datetime(2024, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def test_no_sidecar_no_match_gives_empty_metadata(tmp_path):
    meta = read_metadata(tmp_path / "recording.wav", filename_pattern=PATTERN)
    assert meta.rep is None and meta.lead_id is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"direction": "sideways"}', "direction must be one of"),
        ('{"call_time": "yesterday"}', "call_time 'yesterday' is not ISO 8601"),
    ],
)
def test_bad_sidecars_name_the_file_and_reason(tmp_path, content, message):
    (tmp_path / "c.json").write_text(content)
    with pytest.raises(MetadataError, match=message) as info:
        read_metadata(tmp_path / "c.wav")
    assert "c.json" in str(info.value)


def test_bad_pattern_is_reported(tmp_path):
    with pytest.raises(MetadataError, match="filename_pattern"):
        read_metadata(tmp_path / "a.wav", filename_pattern="(?P<rep")
