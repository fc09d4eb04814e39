from pathlib import Path

import pytest
from callqa.qa.discovery import discover_audio, file_sha256

EXTENSIONS = ("wav", "flac", "mp3", "m4a", "ogg")


def _touch(path: Path, content: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def test_recursive_case_insensitive_and_hidden_skipped(tmp_path):
    _touch(tmp_path / "a.wav")
    _touch(tmp_path / "sub" / "deeper" / "b.MP3")
    _touch(tmp_path / "sub" / "c.m4a")
    _touch(tmp_path / "sub" / "notes.txt")
    _touch(tmp_path / "sub" / "c.json")
    _touch(tmp_path / ".cache" / "d.wav")
    _touch(tmp_path / "sub" / ".e.ogg")
    found = discover_audio(tmp_path, EXTENSIONS)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.wav",
        "sub/c.m4a",
        "sub/deeper/b.MP3",
    ]


def test_single_file_and_missing_folder(tmp_path):
    wav = _touch(tmp_path / "one.wav")
    assert discover_audio(wav, EXTENSIONS) == [wav]
    assert discover_audio(_touch(tmp_path / "x.txt"), EXTENSIONS) == []
    with pytest.raises(FileNotFoundError, match="nope"):
        discover_audio(tmp_path / "nope", EXTENSIONS)


def test_hash_follows_content_not_name(tmp_path):
    a = _touch(tmp_path / "a.wav", b"same bytes")
    b = _touch(tmp_path / "b.wav", b"same bytes")
    c = _touch(tmp_path / "c.wav", b"other bytes")
    assert file_sha256(a) == file_sha256(b) != file_sha256(c)
    # printf "same bytes" | sha256sum
    assert file_sha256(a) == "58100dc8fc06562ce3e578231dc948e083520ee49c4b4ee5a5a28bb4b4003feb"
