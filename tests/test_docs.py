"""Docs that cannot rot: every command has help text and appears in the README."""

from pathlib import Path

import typer

from callqa.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(typer_app: typer.Typer, prefix: str = "callqa") -> dict[str, object]:
    found = {}
    for command in typer_app.registered_commands:
        name = command.name or command.callback.__name__.replace("_", "-")
        found[f"{prefix} {name}"] = command.callback
    for group in typer_app.registered_groups:
        found.update(_commands(group.typer_instance, f"{prefix} {group.name}"))
    return found


def test_every_command_has_help_and_is_documented():
    commands = _commands(app)
    assert len(commands) >= 6
    for name, callback in commands.items():
        assert callback.__doc__, f"{name} has no help text"
        assert f"`{name}" in README, f"{name} is missing from README.md"


def test_readme_gives_the_two_commands_ci_runs():
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert "make demo" in README and "make test" in README
    assert "make test" in ci
