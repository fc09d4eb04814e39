from pathlib import Path

import pytest
from callqa.app.settings import load_app_config
from callqa.qa.config import load_config
from callqa.qa.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_config_is_valid_and_paths_are_relative_to_it():
    config = load_app_config(ROOT / "config.yaml", environ={})
    assert config.data_dir == ROOT / "data"
    assert config.database_url == f"sqlite:///{ROOT / 'data' / 'callqa.db'}"
    assert config.asr.engine == "faster-whisper"
    assert config.asr.model == "base"
    assert config.leads.status_map["sai đối tượng"] == "wrong_target"


def test_defaults_without_a_file():
    config = load_config(None, environ={})
    assert config.asr.languages == ("vi", "en")
    assert config.audio.agent_channel == 0


def test_unknown_key_is_named(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("asr:\n  engin: openai-whisper\n")
    with pytest.raises(ConfigError, match=r"asr\.engin: unknown key"):
        load_config(path, environ={})


def test_bad_value_is_named(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("asr:\n  engine: whisper-cpp\naudio:\n  agent_channel: 3\n")
    with pytest.raises(ConfigError) as info:
        load_config(path, environ={})
    assert "asr.engine" in str(info.value)
    assert "audio.agent_channel" in str(info.value)
    assert str(path) in str(info.value)


def test_unknown_stage_in_status_map(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("leads:\n  status_map: {Won: winner}\n")
    with pytest.raises(ConfigError, match="unknown stage 'winner'"):
        load_config(path, environ={})


def test_environment_overrides_with_types(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("asr:\n  model: base\n")
    config = load_app_config(
        path,
        environ={
            "CALLQA_ASR__MODEL": "tiny.en",
            "CALLQA_ASR__BEAM_SIZE": "2",
            "CALLQA_DATABASE__URL": "sqlite:///x.db",
            "CALLQA_CONFIG": "ignored.yaml",
            "OTHER": "1",
        },
    )
    assert config.asr.model == "tiny.en"
    assert config.asr.beam_size == 2
    assert config.database_url == "sqlite:///x.db"


def test_unknown_environment_override_is_named(tmp_path):
    with pytest.raises(ConfigError, match=r"asr\.modle: unknown key"):
        load_config(None, environ={"CALLQA_ASR__MODLE": "small"})


def test_relative_paths_follow_the_config_file(tmp_path):
    sub = tmp_path / "conf"
    sub.mkdir()
    path = sub / "c.yaml"
    path.write_text("data_dir: ../store\nasr:\n  model: ./weights/small\n")
    config = load_config(path, environ={})
    assert config.data_dir == tmp_path / "store"
    assert config.asr.model == str(sub / "weights" / "small")
    assert config.model_cache_dir == tmp_path / "store" / "models"


def test_missing_and_malformed_files(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml", environ={})
    bad = tmp_path / "bad.yaml"
    bad.write_text("asr: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad, environ={})
    listy = tmp_path / "list.yaml"
    listy.write_text("- a\n- b\n")
    with pytest.raises(ConfigError, match="mapping"):
        load_config(listy, environ={})


def test_unknown_timezone(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("timezone: Mars/Olympus\n")
    with pytest.raises(ConfigError, match="timezone"):
        load_config(path, environ={})


def test_qa_config_holds_only_what_qa_uses(tmp_path):
    """database, runner and dask are the application's sections, validated with the rest."""
    from callqa.qa.config import Config

    assert not {"database", "runner", "dask"} & set(Config.model_fields)
    path = tmp_path / "c.yaml"
    path.write_text("runner: dask\ndask:\n  workers: 3\ndatabase:\n  url: sqlite:///y.db\n")
    with pytest.raises(ConfigError, match="runner: unknown key"):
        load_config(path, environ={})
    config = load_app_config(path, environ={})
    assert (config.runner, config.dask.workers, config.database_url) == (
        "dask",
        3,
        "sqlite:///y.db",
    )
    path.write_text("dask:\n  worker: 3\n")
    with pytest.raises(ConfigError, match=r"dask\.worker: unknown key"):
        load_app_config(path, environ={})
