"""The house's one-way data flow: qa is a plain library."""

import ast
from pathlib import Path

QA = Path(__file__).resolve().parent.parent / "qa"
FORBIDDEN_IMPORTS = {"prefect", "models", "flows", "callqa", "sqlmodel", "sqlalchemy", "fastapi"}


PRODUCT_FOLDERS = {"app", "qa", "flows", "models", "web"}  # installed as callqa.<folder>


def layer_of(module: str) -> str:
    """The layer a module belongs to: ``callqa.qa.audio`` -> ``qa``; ``callqa.cli`` -> ``callqa``
    (the command line); a third-party module -> its top-level name."""
    parts = module.split(".")
    if parts[0] == "callqa" and len(parts) > 1 and parts[1] in PRODUCT_FOLDERS:
        return parts[1]
    return parts[0]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(layer_of(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(layer_of(node.module))
    return names


def test_qa_imports_no_outer_layer():
    offenders = {
        str(path.relative_to(QA)): sorted(_imports(path) & FORBIDDEN_IMPORTS)
        for path in QA.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_qa_reads_no_environment():
    for path in QA.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "os.environ" not in text and "getenv" not in text, path


def test_one_module_per_engine_import():
    users = {
        engine: sorted(str(p.relative_to(QA)) for p in QA.rglob("*.py") if engine in _imports(p))
        for engine in ("faster_whisper", "whisper", "vietasr")
    }
    assert users["faster_whisper"] == ["asr/faster.py"]
    assert len(users["whisper"]) <= 1
    assert users["vietasr"] == ["asr/vietasr_engine.py"]


ROOT = QA.parent
# package -> the packages of this product it must not import (at any depth, lazily or not)
MUST_NOT_IMPORT = {
    "models": {"app", "flows", "callqa", "web"},
    "flows": {"app", "callqa", "web"},
    "web": {"callqa", "flows"},
    "callqa": {"flows", "web"},
    "app": {"callqa"},
}


def test_outer_layers_import_only_through_the_application_layer():
    """The CLI, the web app and the flows import nothing of each other; app owns the use cases."""
    offenders = {}
    for package, forbidden in MUST_NOT_IMPORT.items():
        for path in (ROOT / package).rglob("*.py"):
            bad = sorted(_imports(path) & forbidden)
            if bad:
                offenders[str(path.relative_to(ROOT))] = bad
    assert offenders == {}


def test_app_starts_flows_and_web_only_lazily():
    """A listing command never pays for importing Prefect or FastAPI."""
    for path in (ROOT / "app").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
        names = {
            layer_of(n.module or "") if isinstance(n, ast.ImportFrom) else layer_of(a.name)
            for n in top
            for a in n.names
        }
        assert not names & {"flows", "web", "prefect", "fastapi"}, path
