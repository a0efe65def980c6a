"""Back-up and restore (`manage.py backup` / `restore`, platform_ivz/site/backup.py).

The round trips restore into a database that a separate process sees: a second PostgreSQL
database next to the test database when the tests run on PostgreSQL (as in CI), a SQLite file
otherwise. The comparison is every row of every model, not a sample.
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from platform_ivz.core import audit
from platform_ivz.core.models import AuditEvent, User
from platform_ivz.site import backup, demo
from tests.factories import AttachmentFactory, ProjectRequestFactory, UserFactory

BASE_DIR = Path(settings.BASE_DIR)
# Every byte value, and then some that are not valid UTF-8 or PDF.
BLOB = bytes(range(256)) * 40 + b"\x00\xff\r\n\x1a" * 100


def manage(*args: str, env_overrides: dict[str, str], stdin=None) -> subprocess.CompletedProcess:
    """manage.py in a fresh process with only the database and media settings given."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    env.update(env_overrides)
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result


def dump_here(path: Path) -> Path:
    """Every row, times to the microsecond (`dumpdata` would hide a loss below a millisecond)."""
    backup.write_dump(path)
    return path


def dump_there(path: Path, env: dict[str, str]) -> Path:
    code = (
        "import pathlib; from platform_ivz.site import backup; "
        f"backup.write_dump(pathlib.Path({str(path)!r}))"
    )
    manage("shell", "-c", code, env_overrides=env)
    return path


def rows(path: Path) -> dict[tuple[str, str], dict]:
    """Every row of a dump by (model, pk); many-to-many lists sorted, as their order is free."""
    result = {}
    for row in json.loads(path.read_text()):
        model = apps.get_model(row["model"])
        fields = dict(row["fields"])
        for field in model._meta.many_to_many:
            if field.name in fields:
                fields[field.name] = sorted(fields[field.name], key=str)
        result[(row["model"], str(row["pk"]))] = fields
    return result


def assert_same_rows(expected: dict, found: dict) -> None:
    assert Counter(model for model, _pk in found) == Counter(model for model, _pk in expected)
    assert found.keys() == expected.keys()
    different = [key for key in expected if expected[key] != found[key]]
    assert not different, "Rows differ after restore:\n" + "\n".join(
        f"{key}: {expected[key]} != {found[key]}" for key in different[:5]
    )


def checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in backup.media_files(root)
    }


def add_media(media_root: Path):
    """An attachment with arbitrary bytes and a file no row points at (it is kept too)."""
    attachment = AttachmentFactory(
        file__data=BLOB, file__filename="scan.bin", original_name="scan <1>.bin", size=len(BLOB)
    )
    loose = media_root / "reports" / "2026" / "jaarplan-2026.pdf"
    loose.parent.mkdir(parents=True)
    loose.write_bytes(b"%PDF-1.7\n" + BLOB)
    return attachment


@pytest.fixture(autouse=True)
def forget_restored_content_types():
    """A restore inside a test is rolled back afterwards; so must the cached content type ids."""
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def empty_database_url(tmp_path):
    """The address of a database that exists apart from the test database, still empty."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    if connection.vendor != "postgresql":
        pytest.skip(f"no second database for {connection.vendor}")
    import psycopg2
    from psycopg2 import sql

    params = connection.settings_dict
    name = f"{params['NAME']}_restore"
    server = psycopg2.connect(
        dbname="postgres",
        user=params["USER"],
        password=params["PASSWORD"],
        host=params["HOST"],
        port=params["PORT"],
    )
    server.autocommit = True

    def drop():
        with server.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    drop()
    with server.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    credentials = quote(params["USER"] or "", safe="")
    if params["PASSWORD"]:
        credentials += ":" + quote(params["PASSWORD"], safe="")
    host = params["HOST"] or "localhost"
    yield f"postgres://{credentials}@{host}:{params['PORT'] or 5432}/{name}"
    drop()
    server.close()


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- Round trips -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_data_and_media_come_back_whole_in_an_empty_database(
    tmp_path, media_root, empty_database_url
):
    demo.load()
    attachment = add_media(media_root)
    voorzitter = User.objects.get(username="voorzitter")
    # Without its secret a restored account with two-step sign-in could not sign in.
    device = TOTPDevice.objects.create(user=voorzitter, name="Telefoon", confirmed=True)
    audit.record(
        AuditEvent.Event.LOGIN_FAILED, username="onbekend", result=AuditEvent.Result.FAILURE
    )
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", str(archive), stdout=io.StringIO())

    assert archive.stat().st_mode & 0o777 == 0o600, "the archive holds password hashes"
    source = rows(dump_here(tmp_path / "source.json"))
    restored_media = tmp_path / "restored-media"
    there = {"DATABASE_URL": empty_database_url, "DJANGO_MEDIA_ROOT": str(restored_media)}

    with archive.open("rb") as stream:
        output = manage("restore", "-", env_overrides=there, stdin=stream).stdout

    assert "Restored" in output
    restored = rows(dump_there(tmp_path / "restored.json", there))
    assert_same_rows(source, restored)
    # A sample spelled out: demo content, a password hash, the history and the attachment.
    projects = [fields for (model, _pk), fields in restored.items() if model == "projects.project"]
    assert len(projects) >= 5
    assert restored[("core.user", str(voorzitter.pk))]["password"] == voorzitter.password
    assert restored[("otp_totp.totpdevice", str(device.pk))]["key"] == device.key
    assert any(model == "core.auditevent" for model, _pk in restored)
    assert any(model.startswith("projects.historical") for model, _pk in restored)
    assert restored[("intake.attachment", str(attachment.pk))]["original_name"] == "scan <1>.bin"
    assert checksums(restored_media) == checksums(media_root)
    assert (restored_media / attachment.file.name).read_bytes() == BLOB
    assert len(checksums(media_root)) == 2


@pytest.mark.django_db
def test_a_backup_made_on_sqlite_restores_into_postgresql(tmp_path, media_root):
    if connection.vendor != "postgresql":
        pytest.skip("the target must be PostgreSQL: run with DATABASE_URL=postgres://...")
    source_media = tmp_path / "source-media"
    (source_media / "attachments").mkdir(parents=True)
    (source_media / "attachments" / "bijlage.bin").write_bytes(BLOB)
    sqlite = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'source.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(source_media),
    }
    archive = tmp_path / "from-sqlite.tar.gz"
    dump = tmp_path / "sqlite.json"
    # One process for what `make run` and an operator would do on the SQLite side.
    script = (
        "import pathlib; from django.core.management import call_command as run; "
        "from platform_ivz.site import backup; "
        "run('migrate', interactive=False, verbosity=0); run('load_demo_data'); "
        f"run('backup', {str(archive)!r}); backup.write_dump(pathlib.Path({str(dump)!r}))"
    )
    manage("shell", "-c", script, env_overrides=sqlite)
    source = rows(dump)

    call_command("restore", str(archive), stdout=io.StringIO())

    assert_same_rows(source, rows(dump_here(tmp_path / "postgresql.json")))
    assert checksums(media_root) == checksums(source_media)
    # The sequences moved past the restored keys: new rows do not collide.
    newcomer = UserFactory(username="na_herstel")
    assert newcomer.pk > max(User.objects.exclude(pk=newcomer.pk).values_list("pk", flat=True))


# --- Refusals --------------------------------------------------------------------------------


@pytest.fixture
def small_backup(db, tmp_path, media_root):
    """Some rows and an attachment, backed up; returns (archive, dump of the rows)."""
    ProjectRequestFactory(title="Ondermijning in het buitengebied")
    add_media(media_root)
    archive = tmp_path / "small.tar.gz"
    backup.create_backup(archive)
    return archive, rows(dump_here(tmp_path / "small.json"))


def rewrite(archive: Path, change) -> Path:
    """A copy of the archive with its members changed by `change(dict name -> bytes)`."""
    with tarfile.open(archive) as source:
        members = {m.name: source.extractfile(m).read() for m in source if m.isfile()}
    change(members)
    changed = archive.with_name("changed.tar.gz")
    with tarfile.open(changed, "w:gz") as target:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))
    return changed


def edit_manifest(members, edit):
    manifest = json.loads(members[backup.MANIFEST])
    edit(manifest)
    members[backup.MANIFEST] = json.dumps(manifest).encode()


def test_a_database_with_accounts_is_refused_unless_forced(small_backup, tmp_path, media_root):
    archive, before = small_backup
    for path in backup.media_files(media_root):
        path.unlink()

    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive))

    assert rows(dump_here(tmp_path / "after.json")) == before
    assert not backup.media_files(media_root)


@pytest.mark.django_db
def test_a_media_root_with_files_is_refused_unless_forced(tmp_path, media_root):
    archive = tmp_path / "no-accounts.tar.gz"
    backup.create_backup(archive)
    stray = media_root / "attachments" / "al-aanwezig.pdf"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(BLOB)

    with pytest.raises(CommandError, match="MEDIA_ROOT"):
        call_command("restore", str(archive))

    assert stray.read_bytes() == BLOB


def test_force_replaces_everything_by_the_backup(small_backup, tmp_path, media_root):
    archive, before = small_backup
    UserFactory(username="later_toegevoegd")
    User.objects.filter(username__startswith="gebruiker").update(first_name="Gewijzigd")
    for path in backup.media_files(media_root):
        path.write_bytes(b"overschreven")
    expected_media = checksums(media_root)

    call_command("restore", str(archive), force=True, stdout=io.StringIO())

    assert rows(dump_here(tmp_path / "after.json")) == before
    assert not User.objects.filter(username="later_toegevoegd").exists()
    assert checksums(media_root) != expected_media
    assert b"overschreven" not in {p.read_bytes() for p in backup.media_files(media_root)}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m.update({backup.DATABASE: m[backup.DATABASE][:-2] + b"]]"}), "damaged"),
        (
            lambda m: m.update({next(k for k in m if k.startswith("media/")): b"anders"}),
            "damaged",
        ),
        (lambda m: m.update({"media/../../buiten.txt": b"x"}), "unsafe path"),
        (lambda m: m.update({"/etc/ivz.txt": b"x"}), "unsafe path"),
        (lambda m: m.update({"scripts/run.sh": b"x"}), "unexpected member"),
        (lambda m: m.pop(backup.MANIFEST), "no manifest"),
        (
            lambda m: edit_manifest(m, lambda d: d.update(format_version=99)),
            "Unknown backup format",
        ),
        (
            lambda m: edit_manifest(m, lambda d: d["migrations"].append(["core", "9999_later"])),
            "another version",
        ),
    ],
    ids=[
        "database-changed",
        "media-changed",
        "path-traversal",
        "absolute-path",
        "stranger",
        "no-manifest",
        "format",
        "newer-migrations",
    ],
)
def test_a_damaged_or_foreign_archive_changes_nothing(
    small_backup, tmp_path, media_root, change, message
):
    archive, before = small_backup
    bad = rewrite(archive, change)
    files_before = checksums(media_root)

    with pytest.raises(CommandError, match=message):
        call_command("restore", str(bad), force=True)

    assert rows(dump_here(tmp_path / "after.json")) == before
    assert checksums(media_root) == files_before
    assert not Path(tempfile.gettempdir(), "buiten.txt").exists()


def test_a_load_that_does_not_match_the_counts_is_rolled_back(small_backup, tmp_path):
    archive, before = small_backup
    bad = rewrite(
        archive, lambda m: edit_manifest(m, lambda d: d["counts"].update({"core.user": 999}))
    )

    with pytest.raises(CommandError, match="Row counts"):
        call_command("restore", str(bad), force=True)

    assert rows(dump_here(tmp_path / "after.json")) == before


def test_backup_does_not_overwrite_an_existing_file(small_backup):
    archive, _before = small_backup
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(archive))


def test_backup_is_not_written_into_the_media_it_backs_up(small_backup, media_root):
    with pytest.raises(CommandError, match="outside MEDIA_ROOT"):
        call_command("backup", str(media_root))
    assert not [p for p in backup.media_files(media_root) if p.name.endswith((".gz", ".partial"))]


def test_backup_and_restore_through_a_pipe(small_backup, tmp_path, media_root, monkeypatch):
    """`backup -` writes to standard output, `restore -` reads standard input (docker exec)."""
    _archive, before = small_backup
    stdout = io.TextIOWrapper(io.BytesIO())
    monkeypatch.setattr(sys, "stdout", stdout)
    call_command("backup", "-", stderr=io.StringIO())
    data = stdout.buffer.getvalue()
    assert data.startswith(b"\x1f\x8b"), "a gzip stream"
    ProjectRequestFactory(title="Na de back-up")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))

    call_command("restore", "-", force=True, stdout=io.StringIO())

    assert rows(dump_here(tmp_path / "after.json")) == before


def test_a_truncated_stream_is_refused(small_backup, tmp_path, monkeypatch):
    archive, before = small_backup
    data = archive.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data[: len(data) // 2])))
    with pytest.raises(CommandError, match="Not a readable backup archive"):
        call_command("restore", "-", force=True)
    assert rows(dump_here(tmp_path / "after.json")) == before
