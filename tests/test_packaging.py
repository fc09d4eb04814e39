"""One installed namespace: a user's environment gains the top-level name callqa only."""

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {
    "callqa": "callqa",
    "qa": "callqa.qa",
    "flows": "callqa.flows",
    "models": "callqa.models",
}
FOLDERS |= {"web": "callqa.web", "app": "callqa.app"}
BARE = re.compile(r"^\s*(?:from|import)\s+(qa|flows|models|web|app)\b", re.M)


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _shipped_folders(folder: str, package: str) -> set[str]:
    """The dotted names of ``folder`` and of every folder under it that holds a
    file git tracks (code or package data), as the wheel must install them."""
    tracked = subprocess.run(
        ["git", "ls-files", folder], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    names = {package}
    for path in tracked:
        sub = Path(path).relative_to(folder).parts[:-1]
        names |= {".".join((package, *sub[:i])) for i in range(1, len(sub) + 1)}
    return names


def test_every_package_folder_is_installed_under_callqa():
    setuptools = _pyproject()["tool"]["setuptools"]
    expected = set()
    for folder, package in FOLDERS.items():
        assert setuptools["package-dir"][package] == folder
        expected |= _shipped_folders(folder, package)
    listed = set(setuptools["packages"])
    assert sorted(expected - listed) == [], "folders missing from pyproject packages"
    assert sorted(listed - expected) == [], "pyproject packages that are no folder"


def test_no_source_file_imports_a_bare_top_level_folder():
    offenders = []
    for folder in (*FOLDERS, "tests", "benchmarks", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            if BARE.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_wheel_has_one_top_level_name(tmp_path):
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    assert "BuildBackendWarning" not in build.stderr, build.stderr
    (wheel,) = tmp_path.glob("callqa-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names}
    assert {t for t in top if not t.endswith(".dist-info")} == {"callqa"}
    assert "callqa/qa/checklists/telesales_vi.yaml" in names
    assert "callqa/qa/scoring/compliance_model/vi/textcat/model" in names
    assert "callqa/qa/scoring/wrong_target_model/en/textcat/model" in names
    assert "callqa/qa/scoring/wrong_target_model/en/callqa.json" in names
    assert "callqa/qa/scoring/compliance_concepts.yaml" in names
    assert "callqa/models/migrations/env.py" in names
    assert any(n.startswith("callqa/web/templates/") for n in names)
