"""Broken input to the command line: one clear line and exit code 2, never a traceback."""

from __future__ import annotations

import json

import pytest
from callqa.qa.config import load_config
from callqa.qa.errors import ConfigError
from typer.testing import CliRunner

from callqa.cli import app

runner = CliRunner()


def invoke(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{args}: {result.exception!r}"
    )
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("data_dir: data\n", encoding="utf-8")
    return path


def test_a_binary_config_file(tmp_path):
    bad = tmp_path / "bin.yaml"
    bad.write_bytes(bytes(range(256)) * 10)
    result = invoke("calls", "--config", str(bad))
    assert result.exit_code == 2 and "bin.yaml: not a text file" in result.output


def test_deeply_nested_yaml_config(tmp_path):
    bad = tmp_path / "deep.yaml"
    bad.write_text("a: " + "[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = invoke("calls", "--config", str(bad))
    assert result.exit_code == 2 and "deep.yaml" in result.output


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("notaurl://x", "unknown database kind 'notaurl'"),
        ("::::", "not a database URL"),
        ("postgresql+psycopg://u:pw-secret@127.0.0.1:1/x", "cannot open the database"),
        ("sqlite:///{tmp}/no/such/x.db", "folder {tmp}/no/such does not exist"),
    ],
)
def test_bad_database_urls(config, tmp_path, url, expected):
    url, expected = url.format(tmp=tmp_path), expected.format(tmp=tmp_path)
    result = invoke("calls", "--config", str(config), "--db", url)
    assert result.exit_code == 2 and expected in result.output.replace("\n", " ")
    assert "pw-secret" not in result.output
    assert not (tmp_path / "no").exists()  # no folder invented


def test_a_file_that_is_not_a_database(config, tmp_path):
    not_db = tmp_path / "notes.db"
    not_db.write_text("shopping list\n" * 200)
    result = invoke("flags", "--config", str(config), "--db", f"sqlite:///{not_db}")
    assert result.exit_code == 2 and "not a callqa database" in result.output


def test_a_database_from_a_newer_callqa(config, tmp_path):
    """A schema at a revision this callqa does not have: one line, nothing changed."""
    import sqlite3

    from callqa.models.db import get_engine

    path = tmp_path / "newer.db"
    get_engine(f"sqlite:///{path}")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    get_engine.cache_clear()  # as a new process would open it
    result = invoke("calls", "--config", str(config), "--db", f"sqlite:///{path}")
    assert result.exit_code == 2
    assert "newer callqa" in result.output and "9999_from_the_future" in result.output


TRANSCRIPT = {"language": "en", "segments": [{"start": 0, "end": 1, "text": "hello"}]}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (bytes(range(256)) * 4, "t.json: not"),
        (b"\xff\xfe\x00\xd8" + b"\x80" * 50, "not a text file"),
        (json.dumps(TRANSCRIPT).encode("utf-16"), None),  # UTF-16 with BOM is read
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (
            b'{"language": "en", "segments": [{"start": 0, "end": 1, "text": "\\ud800"}]}',
            "lone surrogate",
        ),
        (
            b'{"language": "en", "segments": [{"start": NaN, "end": 1, "text": "hi"}]}',
            "finite number",
        ),
        (
            b'{"language": "en", "segments": [{"start": 0, "end": Infinity, "text": "hi"}]}',
            "finite number",
        ),
        (
            json.dumps(
                {
                    "language": "en",
                    "segments": [
                        {"start": i, "end": i + 1, "text": "hello there " * 1000}
                        for i in range(100)
                    ],
                }
            ).encode(),
            "too long to score",
        ),
    ],
)
def test_score_on_hostile_transcripts(config, tmp_path, content, expected):
    path = tmp_path / "t.json"
    path.write_bytes(content)
    result = invoke("score", str(path), "--config", str(config), "--json")
    if expected is None:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 2 and expected in result.output, result.output
        assert "t.json" in result.output


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("(?P<rep>[a-z]+", "not a valid regular expression"),
        ("(?P<reps>[a-z]+)_", "unknown group name(s) reps"),
        ("[a-z]+_call", "no named group"),
    ],
)
def test_a_bad_filename_pattern_stops_the_config(tmp_path, pattern, expected):
    path = tmp_path / "config.yaml"
    path.write_text(f"metadata:\n  filename_pattern: '{pattern}'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="metadata.filename_pattern") as info:
        load_config(path, environ={})
    assert expected in str(info.value)
