"""The one YAML reader of the checklist, persona-form and config loaders: every way
a hand-written file can be bad is one line naming the file, in the loader's class."""

from __future__ import annotations

from pathlib import Path

import pytest
from callqa.qa.errors import ConfigError
from callqa.qa.persona.form import PersonaFormError, load_form
from callqa.qa.scoring.checklist import ChecklistError, load_checklist
from callqa.qa.yaml_file import read_yaml_mapping


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "form file not found"),
        (b"a: [1,\n", "not valid YAML"),
        (b"\xff\xfe\x00\xd8", "not a text file (byte 0 is not UTF-8); the form must be"),
        (b"- a\n- b\n", "expected a mapping at the top level"),
        (b"", "expected a mapping at the top level"),
        (b"[" * 100_000 + b"]" * 100_000, "YAML nested too deeply"),
    ],
)
def test_a_bad_file_is_one_line_naming_it(
    tmp_path: Path, content: bytes | None, reason: str
) -> None:
    path = tmp_path / "x.yaml"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(PersonaFormError) as caught:
        read_yaml_mapping(path, PersonaFormError, "form")
    assert str(caught.value).startswith(f"{path}: {reason}")


def test_a_mapping_is_read_and_an_empty_file_may_be_empty(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("\ufeffa: 1\n".encode())  # a byte-order mark is not content
    assert read_yaml_mapping(path, ConfigError, "config") == {"a": 1}
    path.write_text("", encoding="utf-8")
    assert read_yaml_mapping(path, ConfigError, "config", empty_ok=True) == {}
    path.write_text("a: 1\n" * 100, encoding="utf-8")
    with pytest.raises(ConfigError, match="over 0 kB; not a config file"):
        read_yaml_mapping(path, ConfigError, "config", max_bytes=100)


def test_each_loader_raises_its_own_class(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("- a\n", encoding="utf-8")
    with pytest.raises(ChecklistError, match="x.yaml: expected a mapping at the top level"):
        load_checklist(path)
    with pytest.raises(PersonaFormError, match="x.yaml: expected a mapping at the top level"):
        load_form(path)
    with pytest.raises(ChecklistError, match="checklist file not found"):
        load_checklist(tmp_path / "missing.yaml")
