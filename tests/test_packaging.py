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


def test_every_package_folder_is_installed_under_callqa():
    setuptools = _pyproject()["tool"]["setuptools"]
    expected = set()
    for folder, package in FOLDERS.items():
        assert setuptools["package-dir"][package] == folder
        for init in (ROOT / folder).rglob("__init__.py"):
            sub = init.parent.relative_to(ROOT / folder).parts
            expected.add(".".join((package, *sub)))
    assert set(setuptools["packages"]) == expected


def test_no_source_file_imports_a_bare_top_level_folder():
    offenders = []
    for folder in (*FOLDERS, "tests", "benchmarks", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            if BARE.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_wheel_has_one_top_level_name(tmp_path):
    subprocess.run(
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
    )
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
