"""Back-up and restore of the whole application in one archive (`manage.py backup` / `restore`).

The archive is a gzipped tar with three parts:

- `database.json`: every row of every model in Django's `dumpdata` format, with the original
  primary keys and times to the microsecond (simple-history tables and the audit log
  included; sessions left out),
- `media/...`: every file under MEDIA_ROOT (attachments, stored reports), byte for byte,
- `manifest.json`: format version, time, the migrations the database had, the row count of
  every model and the SHA-256 of every other member.

Why Django's serialisation and not `pg_dump`: it is the same on SQLite (development) and
PostgreSQL (production), so a backup moves from one to the other, it needs no `pg_dump` of
the server's exact version next to the app, and the data of this application (a region's
projects, some thousands of rows) is small enough for JSON. Primary keys stay as they were,
so links in e-mails that were sent keep working after a restore.

A restore goes only into an empty database (no user accounts: what `migrate` alone leaves)
unless told to replace what is there, checks every checksum before it touches anything, loads
in one transaction without running any model signal (no history rows, audit entries or
e-mails caused by the load itself) and compares every model's row count with the manifest
before it commits.
"""

import datetime
import hashlib
import io
import itertools
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

FORMAT = "platform-ivz-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.json"
MEDIA = "media"
# Sessions are sign-ins in progress: restoring them would bring old sign-ins back to life.
EXCLUDED_MODELS = ["sessions.Session"]
CHUNK = 1024 * 1024
BATCH = 2000


def backed_up_models(using: str = DEFAULT_DB_ALIAS) -> list:
    """The models whose rows a backup holds, many-to-many tables included (for the counts)."""
    excluded = {label.lower() for label in EXCLUDED_MODELS}
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy
        and model._meta.managed
        and model._meta.label_lower not in excluded
        and router.allow_migrate_model(using, model)
    ]


def dumped_models(using: str = DEFAULT_DB_ALIAS) -> list:
    """The models serialised one by one; many-to-many rows travel inside their owner."""
    return [model for model in backed_up_models(using) if not model._meta.auto_created]


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Keeps microseconds, which Django's own JSON (and so `dumpdata`) cuts to milliseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def write_dump(path: Path, using: str = DEFAULT_DB_ALIAS) -> None:
    """Every row as `dumpdata` writes it (so `loaddata` can read it too), times in full."""
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        separator = "\n"
        for model in dumped_models(using):
            queryset = model._base_manager.using(using).order_by(model._meta.pk.name)
            objects = queryset.iterator(chunk_size=BATCH)
            # In batches, so that a long history table never sits in memory whole.
            while batch := list(itertools.islice(objects, BATCH)):
                for row in serializers.serialize("python", batch):
                    out.write(separator)
                    out.write(json.dumps(row, cls=FullPrecisionEncoder, ensure_ascii=False))
                    separator = ",\n"
        out.write("\n]\n")


def row_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    return {
        model._meta.label_lower: model._base_manager.using(using).count()
        for model in backed_up_models(using)
    }


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


class _HashingReader:
    """Passes a file to tarfile while computing its SHA-256 in the same read."""

    def __init__(self, file):
        self.file = file
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.sha256.update(data)
        return data


def _add_file(archive: tarfile.TarFile, path: Path, arcname: str) -> str:
    info = archive.gettarinfo(str(path), arcname=arcname)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    with path.open("rb") as file:
        reader = _HashingReader(file)
        archive.addfile(info, reader)
    return reader.sha256.hexdigest()


def _add_bytes(archive: tarfile.TarFile, data: bytes, arcname: str) -> None:
    info = tarfile.TarInfo(arcname)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def media_files(root: Path) -> list[Path]:
    """Regular files under `root`, sorted; symbolic links are not followed."""
    if not root.is_dir():
        return []
    found = []
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(directory, filename)
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found


@contextmanager
def _snapshot(using: str):
    """One consistent view of the database while it is dumped and counted."""
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        # Only the first statement of the outermost transaction may set its isolation level.
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def create_backup(destination: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Write the archive to `destination` (readable by its owner only) and return its manifest."""
    destination = Path(destination)
    media_root = Path(settings.MEDIA_ROOT)
    if destination.resolve().is_relative_to(media_root.resolve()):
        raise CommandError("Write the backup outside MEDIA_ROOT: it would contain itself.")
    partial = destination.with_name(destination.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="ivz-backup-") as workdir:
        dump = Path(workdir, DATABASE)
        with _snapshot(using):
            write_dump(dump, using)
            counts = row_counts(using)
            migrations = applied_migrations(using)

        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created": timezone.now().isoformat(),
                    "database_vendor": connections[using].vendor,
                    "migrations": migrations,
                    "counts": counts,
                    "database_sha256": _add_file(archive, dump, DATABASE),
                    "media": {},
                }
                for path in media_files(media_root):
                    relative = path.relative_to(media_root).as_posix()
                    manifest["media"][relative] = _add_file(archive, path, f"{MEDIA}/{relative}")
                _add_bytes(
                    archive,
                    json.dumps(manifest, indent=2, sort_keys=True).encode(),
                    MANIFEST,
                )
            os.replace(partial, destination)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def default_backup_name() -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return f"platform-ivz-backup-{stamp}.tar.gz"


# --- Restore ---------------------------------------------------------------------------------


def _safe_member_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise CommandError(f"The archive holds an unsafe path: {name!r}.")
    if name not in (MANIFEST, DATABASE) and path.parts[0] != MEDIA:
        raise CommandError(f"The archive holds an unexpected member: {name!r}.")
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def unpack(source: Path | BinaryIO, workdir: Path) -> dict:
    """Unpack a path or a stream into `workdir`, refusing odd members; check the checksums."""
    try:
        if isinstance(source, Path):
            archive = tarfile.open(source, mode="r:*")
        else:
            archive = tarfile.open(fileobj=source, mode="r|*")
        with archive:
            for member in archive:
                if member.isdir():
                    continue
                if not member.isfile():
                    raise CommandError(f"The archive holds a link or device: {member.name!r}.")
                target = workdir.joinpath(*_safe_member_path(member.name).parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    with target.open("xb") as out:
                        shutil.copyfileobj(archive.extractfile(member), out, CHUNK)
                except FileExistsError as error:
                    raise CommandError(f"The archive holds {member.name!r} twice.") from error
    except (OSError, tarfile.TarError) as error:
        raise CommandError(f"Not a readable backup archive: {error}") from error

    manifest_path = workdir / MANIFEST
    if not manifest_path.is_file():
        raise CommandError("The archive has no manifest.json: not a Platform IVZ backup.")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise CommandError(
            f"Unknown backup format {manifest.get('format')!r} "
            f"version {manifest.get('format_version')!r}."
        )
    if not (workdir / DATABASE).is_file() or _sha256(workdir / DATABASE) != manifest.get(
        "database_sha256"
    ):
        raise CommandError("The database dump is missing or damaged (checksum differs).")
    media_dir = workdir / MEDIA
    found = {path.relative_to(media_dir).as_posix() for path in media_files(media_dir)}
    if found != set(manifest["media"]):
        raise CommandError("The media files in the archive differ from the manifest's list.")
    for relative, checksum in manifest["media"].items():
        if _sha256(media_dir / relative) != checksum:
            raise CommandError(f"Media file {relative} is damaged (checksum differs).")
    return manifest


@contextmanager
def muted_model_signals() -> Iterator[None]:
    """No model signal runs while rows are loaded: a restore is data, not user actions.

    `loaddata` marks saves as raw, which simple-history honours, but many-to-many changes
    and receivers that do not look at `raw` would add history, audit entries or e-mails.
    """
    signals = [pre_save, post_save, pre_delete, post_delete, m2m_changed]
    saved = []
    for signal in signals:
        with signal.lock:
            saved.append(signal.receivers)
            signal.receivers = []
            signal.sender_receivers_cache.clear()
    try:
        yield
    finally:
        for signal, receivers in zip(signals, saved, strict=True):
            with signal.lock:
                signal.receivers = receivers
                signal.sender_receivers_cache.clear()


def database_is_empty(using: str) -> bool:
    """No user accounts: the state `migrate` leaves (its reference data does not count)."""
    user_model = get_user_model()
    if user_model._meta.db_table not in connections[using].introspection.table_names():
        return True
    return not user_model._base_manager.using(using).exists()


def media_is_empty(root: Path) -> bool:
    return not media_files(root)


def check_migrations(manifest: dict, using: str) -> None:
    here = {tuple(item) for item in applied_migrations(using)}
    there = {tuple(item) for item in manifest["migrations"]}
    if here == there:
        return
    newer = sorted(there - here)
    older = sorted(here - there)
    raise CommandError(
        "The backup was made by another version of the application: "
        + (f"migrations unknown here: {newer[:5]}; " if newer else "")
        + (f"migrations the backup lacks: {older[:5]}; " if older else "")
        + "restore it with the version that made it, then upgrade with `manage.py migrate`."
    )


def _load(dump: Path, manifest: dict, using: str) -> None:
    """Empty every table and load the dump, in one transaction that the counts must pass.

    This is what `loaddata` does (raw saves, constraints checked at the end, sequences moved
    past the loaded keys), with the microseconds of the dump kept.
    """
    connection = connections[using]
    with transaction.atomic(using=using), muted_model_signals():
        # Inside an outer transaction, PostgreSQL refuses TRUNCATE while foreign-key checks of
        # earlier writes are pending: run those checks now.
        connection.check_constraints()
        connection.ops.execute_sql_flush(
            sql_flush(no_style(), connection, reset_sequences=True, allow_cascade=False)
        )
        loaded = set()
        with connection.constraint_checks_disabled():
            data = json.loads(dump.read_text(encoding="utf-8"))
            for item in serializers.deserialize("python", data, using=using):
                item.save(using=using)
                loaded.add(type(item.object))
        connection.check_constraints(table_names=[model._meta.db_table for model in loaded])
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(loaded)):
                cursor.execute(statement)

        counts = row_counts(using)
        expected = {label: manifest["counts"].get(label, 0) for label in counts}
        if counts != expected:
            differences = {
                label: (expected[label], counts[label])
                for label in counts
                if counts[label] != expected[label]
            }
            raise CommandError(
                f"Row counts after loading differ from the backup (expected, found): "
                f"{differences}. Nothing was changed."
            )


def restore_backup(
    archive: Path | BinaryIO, *, using: str = DEFAULT_DB_ALIAS, replace: bool = False
) -> dict:
    """Load the archive (a path or a stream) into the database and MEDIA_ROOT."""
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="ivz-restore-") as workdir:
        workdir = Path(workdir)
        manifest = unpack(archive, workdir)

        if not replace:
            if not database_is_empty(using):
                raise CommandError(
                    "The database is not empty (it has user accounts). Restore into an empty "
                    "database, or add --force to replace everything in it by the backup."
                )
            if not media_is_empty(media_root):
                raise CommandError(
                    f"MEDIA_ROOT ({media_root}) already holds files. Restore into an empty "
                    "directory, or add --force to write the backup's files over them."
                )
        call_command("migrate", database=using, interactive=False, verbosity=0)
        check_migrations(manifest, using)

        try:
            _load(workdir / DATABASE, manifest, using)
        finally:
            # Content type ids may differ from those cached before the load (or its rollback).
            ContentType.objects.clear_cache()

        media_root.mkdir(parents=True, exist_ok=True)
        for relative in manifest["media"]:
            target = media_root.joinpath(*PurePosixPath(relative).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(workdir / MEDIA / relative, target)
    return manifest


def describe(manifest: dict) -> str:
    rows = sum(manifest["counts"].values())
    created = datetime.datetime.fromisoformat(manifest["created"])
    return (
        f"{rows} rows in {len(manifest['counts'])} tables and {len(manifest['media'])} media "
        f"files, made {timezone.localtime(created):%Y-%m-%d %H:%M}"
    )
