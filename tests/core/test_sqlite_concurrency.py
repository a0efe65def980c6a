"""SQLite as configured in settings lets two writers at once both succeed.

Two threads each read, then write, in one transaction, at the same moment: with SQLite's
default deferred transactions one of them fails with "database is locked" when it upgrades
its read lock; with the settings' immediate transactions and busy timeout, the second waits
for the first. A file database of its own, so the test runs on any DATABASE_URL.
"""

import threading

import pytest
from django.conf import settings
from django.db.utils import ConnectionHandler, OperationalError

SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def settings_options():
    """The OPTIONS settings.py gives a SQLite database (whatever the tests run on)."""
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        return settings.DATABASES["default"]["OPTIONS"]
    return SQLITE_OPTIONS


@pytest.fixture
def unblocked(django_db_blocker):
    """These tests open a database of their own, not the test database."""
    with django_db_blocker.unblock():
        yield


def run_two_writers(path, options):
    """Both threads read the counter, pause together, then write it; return their errors."""
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": options}}
    )
    with handler["default"].cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS counter (value INTEGER)")
        cursor.execute("INSERT INTO counter VALUES (0)")
    handler.close_all()
    both_read = threading.Barrier(2, timeout=5)
    errors = []

    def writer():
        connection = handler["default"]  # one connection per thread
        try:
            # What transaction.atomic() does on SQLite: BEGIN in the configured mode.
            connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
            with connection.cursor() as cursor:
                cursor.execute("SELECT value FROM counter")
                (value,) = cursor.fetchone()
                try:
                    # Under IMMEDIATE the second BEGIN waits for the first commit, so the
                    # two never meet here: the barrier times out and breaks, as expected.
                    both_read.wait(timeout=1)
                except threading.BrokenBarrierError:
                    pass
                cursor.execute("UPDATE counter SET value = %s", [value + 1])
            connection.commit()
        except OperationalError as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with handler["default"].cursor() as cursor:
        cursor.execute("SELECT value FROM counter")
        (value,) = cursor.fetchone()
    handler.close_all()
    return errors, value


def test_the_settings_make_sqlite_wait_for_the_other_writer(tmp_path, unblocked):
    options = settings_options()
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]

    errors, value = run_two_writers(tmp_path / "two-writers.sqlite3", options)

    assert errors == []
    assert value == 2


def test_without_them_one_writer_fails_with_database_is_locked(tmp_path, unblocked):
    """The control: the same two writers on SQLite's defaults, proving the test can fail."""
    errors, value = run_two_writers(tmp_path / "defaults.sqlite3", {"timeout": 1})

    assert [str(error) for error in errors] == ["database is locked"]
    assert value == 1


def test_the_settings_put_a_sqlite_file_in_wal_mode(tmp_path, unblocked):
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(tmp_path / "wal.sqlite3"),
                "OPTIONS": settings_options(),
            }
        }
    )
    with handler["default"].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone() == ("wal",)
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    handler.close_all()
