"""Offline weight resolution: packaged, cached, user folders, checksums."""

import shutil

import pytest
from callqa.qa.asr.weights import PACKAGED_MODELS, resolve_model, sha256_of
from callqa.qa.errors import ChecksumError, ModelNotFoundError


def test_packaged_tiny_en_is_assembled_and_verified(model_cache):
    folder = resolve_model("tiny.en", cache_dir=model_cache)
    assert folder == model_cache / "tiny.en"
    for name in ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt"):
        assert (folder / name).is_file()
    assert sha256_of(folder / "model.bin") == PACKAGED_MODELS["tiny.en"].sha256["model.bin"]
    assert resolve_model("tiny.en", cache_dir=model_cache) == folder  # second call: cached


def test_split_base_model_is_reassembled_once(tmp_path):
    folder = resolve_model("base", cache_dir=tmp_path)
    assert (folder / "model.bin").stat().st_size == 2 * 72608766
    assert sha256_of(folder / "model.bin") == PACKAGED_MODELS["base"].sha256["model.bin"]
    assert not list(tmp_path.glob(".base.partial-*"))  # no staging left behind


def test_corrupted_cache_is_refused(tmp_path, model_cache):
    cache = tmp_path / "cache"
    shutil.copytree(resolve_model("tiny.en", cache_dir=model_cache), cache / "tiny.en")
    (cache / "tiny.en" / ".sha256-verified").unlink()
    with (cache / "tiny.en" / "model.bin").open("r+b") as handle:
        handle.seek(1000)
        handle.write(b"\x00\x01\x02\x03")
    with pytest.raises(ChecksumError, match="does not match the published"):
        resolve_model("tiny.en", cache_dir=cache)


def test_user_folder_and_hf_style_cache(tmp_path, model_cache):
    source = resolve_model("tiny.en", cache_dir=model_cache)
    mine = tmp_path / "my-finetune"
    shutil.copytree(source, mine)
    assert resolve_model(str(mine), cache_dir=tmp_path / "c") == mine

    snapshot = tmp_path / "hub" / "models--Systran--faster-whisper-small" / "snapshots" / "abc"
    shutil.copytree(source, snapshot)
    found = resolve_model("small", cache_dir=tmp_path / "c", extra_dirs=[tmp_path / "hub"])
    assert found == snapshot


def test_missing_models_say_where_they_looked(tmp_path):
    with pytest.raises(ModelNotFoundError, match="'large-v3': no weights found offline") as info:
        resolve_model("large-v3", cache_dir=tmp_path / "cache")
    assert str(tmp_path / "cache" / "large-v3") in str(info.value)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ModelNotFoundError, match="no model.bin"):
        resolve_model(str(empty), cache_dir=tmp_path)
    with pytest.raises(ModelNotFoundError, match="no such folder"):
        resolve_model("./nowhere/model", cache_dir=tmp_path)
