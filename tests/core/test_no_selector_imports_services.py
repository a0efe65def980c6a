"""Reads never import writes: no selectors module and no report-data module imports a services
module. Pure rules both sides need (such as the progress-report calendar) live in a module of
their own, so a read can never reach code that writes, sends mail or locks rows."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("platform_ivz", "intake", "projects", "contributions", "reporting")
# Modules that are reads by name or by place.
EXTRA_READS = (ROOT / "platform_ivz" / "site" / "werkvoorraad.py",)


def read_modules() -> list[Path]:
    found = set(EXTRA_READS)
    for app in APPS:
        found.update((ROOT / app).rglob("selectors.py"))
    found.update((ROOT / "reporting" / "data").rglob("*.py"))
    return sorted(found)


def is_services(name: str) -> bool:
    return "services" in name.split(".")


def imported_services(path: Path) -> list[str]:
    """The services modules `path` imports, however it spells the import."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if is_services(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if is_services(module):
                found.append(module)
            else:
                found += [f"{module}.{a.name}" for a in node.names if a.name == "services"]
    return found


def test_the_sweep_finds_the_read_modules():
    names = {str(path.relative_to(ROOT)) for path in read_modules()}
    assert "projects/progress/selectors.py" in names
    assert "reporting/data/annual.py" in names
    assert "contributions/selectors.py" in names


@pytest.mark.parametrize("path", read_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_read_module_imports_no_services(path):
    assert imported_services(path) == []


def test_the_check_sees_each_spelling(tmp_path):
    module = tmp_path / "selectors.py"
    module.write_text(
        "import projects.progress.services\n"
        "from projects.progress.services import ensure_due_reports\n"
        "from projects.progress import services as progress_services\n"
        "from projects.progress.calendar import due_dates_in\n"
    )
    assert imported_services(module) == [
        "projects.progress.services",
        "projects.progress.services",
        "projects.progress.services",
    ]
