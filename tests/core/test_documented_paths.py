"""The README and docs/ARCHITECTURE.md name files, modules and names in them; each must exist,
so the documents keep matching the tree after code moves (they once named two test modules
that had moved)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ["README.md", "docs/ARCHITECTURE.md"]
TOP_FOLDERS = (
    "bench",
    "contributions",
    "docs",
    "intake",
    "platform_ivz",
    "projects",
    "reporting",
    "tests",
)
# `folder/…` in backticks: a path, optionally `module.name` after it.
QUOTED_PATH = re.compile(r"`((?:" + "|".join(TOP_FOLDERS) + r")/[A-Za-z0-9_./-]+)`")


def _exists(reference: str) -> bool:
    path = reference.rstrip("/")
    if (ROOT / path).exists() or (ROOT / f"{path}.py").exists():
        return True
    if path.endswith(".html"):  # a template name, found in an app's templates folder
        return any(ROOT.glob(f"*/templates/{path}")) or any(ROOT.glob(f"*/*/templates/{path}"))
    if re.fullmatch(r"[a-z_]+/\d{4}_\w+", path):  # a migration, named app/0001_name
        app, name = path.split("/")
        return any(ROOT.glob(f"**/{app}/migrations/{name}.py"))
    module, _, name = path.rpartition(".")
    for candidate in (ROOT / f"{module}.py", ROOT / module / "__init__.py"):
        if candidate.exists() and re.search(rf"\b{re.escape(name)}\b", candidate.read_text()):
            return True
    return False


def _references(document: str) -> list[str]:
    return sorted(set(QUOTED_PATH.findall((ROOT / document).read_text())))


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_path_a_document_names_exists(document):
    missing = [ref for ref in _references(document) if not _exists(ref)]
    assert not missing, f"{document} names what the tree does not have: {missing}"


def test_the_check_sees_a_missing_path():
    assert _exists("tests/core/test_sessions.py")
    assert _exists("projects/permissions.can_view_project_details")
    assert _exists("reporting/pdf/_colofon.html")
    assert _exists("projects/0008_rep_data_realised_unknown")
    assert not _exists("projects/0006_rep_data_realised_unknown")
    assert not _exists("tests/test_sessions.py")
    assert not _exists("projects/permissions.no_such_rule")
