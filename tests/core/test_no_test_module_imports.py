"""No module of the suite imports a test module (test_*.py). What tests share lives in helper
modules (tests/factories.py, tests/<folder>/scenario.py, tests/security/sweep.py, ...) and in
each folder's conftest.py (docs/ARCHITECTURE.md §9): importing a test module would collect its
tests twice, run its module fixtures in the importer and tie one test's file to another's."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def is_test_module(dotted: str) -> bool:
    return dotted.rsplit(".", 1)[-1].startswith("test_")


def imported_test_modules(source: str, package: str) -> list[str]:
    """The test modules a module of `package` imports, however it spells the import."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if is_test_module(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative: from . import test_x, from .test_x import y
                parts = package.split(".")
                base = parts[: len(parts) - (node.level - 1)]
                module = ".".join([*base, module] if module else base)
            if is_test_module(module):
                found.append(module)
            else:
                found += [f"{module}.{a.name}" for a in node.names if is_test_module(a.name)]
    return found


def test_no_module_of_the_suite_imports_a_test_module():
    offenders = {}
    for path in sorted(TESTS.rglob("*.py")):
        package = ".".join(path.relative_to(TESTS.parent).parent.parts)
        if imported := imported_test_modules(path.read_text(), package):
            offenders[str(path.relative_to(TESTS.parent))] = imported
    assert not offenders, f"import a helper module instead of a test module: {offenders}"


def test_the_check_sees_every_spelling():
    source = (
        "import tests.security.test_fuzz_forms\n"
        "from tests.security.test_view_sweep import checks\n"
        "from tests.security import test_text_bounds as bounds, sweep\n"
        "from . import test_lost_updates\n"
        "from .test_escaping_sweep import world\n"
        "from ..core.test_sessions import client\n"
        "from tests.security.sweep import checks\n"
        "from tests.factories import ProjectFactory\n"
    )
    assert imported_test_modules(source, "tests.security") == [
        "tests.security.test_fuzz_forms",
        "tests.security.test_view_sweep",
        "tests.security.test_text_bounds",
        "tests.security.test_lost_updates",
        "tests.security.test_escaping_sweep",
        "tests.core.test_sessions",
    ]
