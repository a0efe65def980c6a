"""The Dutch catalogue is complete: every source string has a reviewed Dutch translation.

makemessages runs on a copy of the sources with a copy of the catalogue, so the real
locale directory is never touched. (Run from the project root, makemessages would write
into ./locale whatever LOCALE_PATHS says: it adds every `locale` directory it walks past.)
"""

import ast
import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

BASE_DIR = Path(settings.BASE_DIR)
CATALOGUE = BASE_DIR / "locale" / "nl" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")

# Not part of the app's translatable sources.
IGNORED_DIRS = {
    ".git",
    ".venv",
    "node_modules",
    "tests",
    "staticfiles",
    "private_media",
    "media",
    "__pycache__",
    ".ruff_cache",
    ".pytest_cache",
    "test-results",
}
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".po"}


def require_gettext():
    for tool in ("xgettext", "msgmerge", "msgattrib", "msgfmt"):
        if not shutil.which(tool):
            pytest.fail(f"GNU gettext's {tool} is missing: install the gettext package")


def copy_sources(destination: Path) -> None:
    def ignore(directory, names):
        ignored = set()
        for name in names:
            path = Path(directory) / name
            if path.is_dir():
                top_level_locale = Path(directory) == BASE_DIR and name == "locale"
                if name in IGNORED_DIRS or name.startswith(".") or top_level_locale:
                    ignored.add(name)
            elif path.suffix not in SOURCE_SUFFIXES:
                ignored.add(name)
        return ignored

    shutil.copytree(BASE_DIR, destination, ignore=ignore)
    catalogue_copy = destination / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    catalogue_copy.parent.mkdir(parents=True)
    shutil.copy2(CATALOGUE, catalogue_copy)


def msgids(po_text: str) -> list[str]:
    """The msgids of a .po text, without the header entry."""
    found = []
    for block in po_text.split("\n\n"):
        parts, current = [], None
        for line in block.splitlines():
            if line.startswith("msgid "):
                current = parts
                current.append(line[len("msgid ") :])
            elif line.startswith(("msgid_plural", "msgstr", "msgctxt", "#")):
                current = None
            elif line.startswith('"') and current is not None:
                current.append(line)
        text = "".join(ast.literal_eval(part) for part in parts)
        if text:
            found.append(text)
    return found


def msgattrib(*options: str, po_file: Path) -> list[str]:
    result = subprocess.run(
        ["msgattrib", *options, "--no-obsolete", str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    return msgids(result.stdout)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def updated_catalogues(tmp_path_factory):
    """The catalogue(s) as makemessages would update them for the current sources."""
    require_gettext()
    project = tmp_path_factory.mktemp("translations") / "project"
    copy_sources(project)
    real_before = sha256(CATALOGUE)
    real_locale_before = sorted(p.name for p in CATALOGUE.parents[2].iterdir())

    cwd = Path.cwd()
    try:
        os.chdir(project)
        with override_settings(LOCALE_PATHS=[project / "locale"]):
            call_command(
                "makemessages",
                locale=["nl"],
                domain="django",
                ignore_patterns=sorted(IGNORED_DIRS),
                verbosity=0,
            )
    finally:
        os.chdir(cwd)

    assert sha256(CATALOGUE) == real_before, "makemessages touched the real catalogue"
    assert sorted(p.name for p in CATALOGUE.parents[2].iterdir()) == real_locale_before
    catalogues = sorted(project.rglob("nl/LC_MESSAGES/django.po"))
    assert project / "locale" / "nl" / "LC_MESSAGES" / "django.po" in catalogues
    return catalogues


def test_every_source_string_has_a_dutch_translation(updated_catalogues):
    missing = {
        str(po.relative_to(po.parents[3])): msgattrib("--untranslated", po_file=po)
        for po in updated_catalogues
    }
    missing = {path: ids for path, ids in missing.items() if ids}
    assert not missing, (
        "Untranslated strings; run `manage.py makemessages -l nl --ignore=.venv "
        "--ignore=node_modules` and translate them:\n"
        + "\n".join(f"{path}: {msgid!r}" for path, ids in missing.items() for msgid in ids)
    )


def test_no_translation_is_fuzzy(updated_catalogues):
    fuzzy = [msgid for po in updated_catalogues for msgid in msgattrib("--only-fuzzy", po_file=po)]
    assert not fuzzy, "Fuzzy translations to review (then remove the flag):\n" + "\n".join(
        repr(msgid) for msgid in fuzzy
    )


def test_the_catalogue_header_is_complete_and_not_fuzzy():
    require_gettext()
    header = CATALOGUE.read_text(encoding="utf-8").split("\n\n")[0]
    assert "#, fuzzy" not in header
    assert '"Language: nl\\n"' in header
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in header
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(CATALOGUE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_the_compiled_catalogue_is_up_to_date(tmp_path):
    require_gettext()
    assert COMPILED.exists(), "locale/nl/LC_MESSAGES/django.mo is missing: run `make messages`"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(CATALOGUE)], check=True)
    assert fresh.read_bytes() == COMPILED.read_bytes(), (
        "django.mo is older than django.po: run `make messages`"
    )


def test_no_javascript_needs_a_djangojs_catalogue():
    """Static JavaScript has no gettext calls; if it gets some, check a djangojs catalogue too."""
    users = [
        path.relative_to(BASE_DIR)
        for path in (BASE_DIR / "static").rglob("*.js")
        if "gettext(" in path.read_text(encoding="utf-8")
    ]
    assert not users, f"JavaScript with gettext, extend this test to djangojs: {users}"


def test_no_installed_app_changes_djangos_own_dutch():
    """An app's catalogue outranks Django's own (REST framework's said "Dit veld is vereist."
    where every form says "Dit veld is verplicht."): the project's catalogue restores Django's
    wording for each message such an app translates differently."""
    import gettext

    import django
    from django.apps import apps
    from django.utils import translation

    def catalogue(path: Path) -> dict:
        if not path.exists():
            return {}
        with path.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)._catalog

    mo = Path("locale") / "nl" / "LC_MESSAGES" / "django.mo"
    djangos = catalogue(Path(django.__file__).parent / "conf" / mo)
    ours = catalogue(COMPILED)
    changed = []
    with translation.override("nl"):
        for config in apps.get_app_configs():
            for message, dutch in catalogue(Path(config.path) / mo).items():
                if not isinstance(message, str) or not message or message not in djangos:
                    continue
                expected = ours.get(message, djangos[message])
                shown = translation.gettext(message)
                if dutch != djangos[message] and shown != expected:
                    changed.append(f"{config.label}: {message!r} -> {shown!r}")
    assert not changed, "\n".join(changed)
