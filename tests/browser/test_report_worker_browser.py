"""A report made by a real background worker, as `make run` runs it: the web server and
`manage.py db_worker` as two processes on one SQLite file.

Why its own stack and not pytest's live_server: on SQLite the test database lives in memory,
which no other process can open, and a worker thread inside the test process would share the
server's connection and prove nothing about two processes. So this test migrates a SQLite file
with the settings' WAL, busy timeout and immediate transactions, loads the demo data, and runs
`runserver` and `db_worker` on it, whatever DATABASE_URL the suite runs on.

The regiocoördinator clicks "Genereer concept" while no worker runs: the page answers at once
with the version in the queue. Then the worker starts; while it renders, the web side keeps
writing (every signed-in request writes its session; introductions are saved), and nothing
meets "database is locked". The page refreshes itself (no reload by the test) and offers the
PDF, which is downloaded and checked against the SHA-256 the worker stored.
"""

import hashlib
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, login
from tests.reporting.pdf_text import flat_text

pytestmark = [pytest.mark.browser]

ROOT = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Stack:
    """The web server and the worker on one SQLite file; stands in for pytest's live_server."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.database = directory / "db.sqlite3"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.environment = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{self.database}",
            "DJANGO_DEBUG": "True",
            "DJANGO_TASK_BACKEND": "database",
            "DJANGO_TWO_FACTOR_REQUIRED": "False",
            "DJANGO_SITE_URL": self.url,
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        self.processes: dict[str, subprocess.Popen] = {}

    # pytest-django's live-server helper switches these on and off around each test.
    class _NoSettings:
        def enable(self):
            pass

        def disable(self):
            pass

    _live_server_modified_settings = _NoSettings()

    def manage(self, *arguments: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=self.environment,
            check=True,
            capture_output=True,
            timeout=300,
        )

    def start(self, name: str, *arguments: str) -> None:
        log = (self.directory / f"{name}.log").open("wb")
        self.processes[name] = subprocess.Popen(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=self.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def log(self, name: str) -> str:
        return (self.directory / f"{name}.log").read_text(errors="replace")

    def wait_for_server(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the web server did not start:\n" + self.log("web"))

    def versions(self) -> list[tuple]:
        with sqlite3.connect(self.database, timeout=20) as db:
            return db.execute(
                "SELECT id, number, state, sha256 FROM reporting_reportversion ORDER BY number"
            ).fetchall()

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def live_server(tmp_path):
    stack = Stack(tmp_path)
    stack.manage("migrate", "--no-input")
    stack.manage("load_demo_data")
    stack.start("web", "runserver", f"127.0.0.1:{stack.port}", "--noreload")
    try:
        stack.wait_for_server()
        yield stack
    finally:
        stack.stop()


def test_a_concept_made_by_a_worker_process_on_shared_sqlite(page, live_server):
    stack = live_server
    year = timezone.localdate().year
    report_url = f"{stack.url}/rapportages/marap/{year}/"

    login(page, stack, "regiocoordinator")
    page.goto(report_url)
    page.locator(f"form[action='/rapportages/marap/{year}/concept/'] button[type=submit]").click()

    # Answered at once: no worker runs yet, the version waits.
    progress = page.locator("#report-progress")
    expect(progress).to_contain_text("staat in de wachtrij")
    expect(page.locator(".alert-success")).to_contain_text("wordt gemaakt")
    assert [state for _pk, _n, state, _sha in stack.versions()] == ["wachtrij"]
    assert_accessible(page)
    if os.environ.get("REPORT_SCREENSHOTS"):
        for width in (320, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(
                path=f"{os.environ['REPORT_SCREENSHOTS']}/report-queued-{width}.png",
                full_page=True,
            )
        page.set_viewport_size({"width": 1280, "height": 900})

    stack.start("worker", "db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay")

    # While the worker renders, the web side writes: sessions on every request, and
    # introductions. None of it may fail, and nobody waits for "database is locked".
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    statuses, seen, saves, deadline = [], set(), 0, time.monotonic() + 90
    while time.monotonic() < deadline:
        statuses.append(page.request.get(f"{stack.url}/rapportages/").status)
        saves += 1
        response = page.request.post(
            f"{report_url}inleiding/",
            form={"text": f"Inleiding, versie {saves}", "version": str(saves)},
            headers={"X-CSRFToken": csrf, "Referer": report_url},
            max_redirects=0,
        )
        statuses.append(response.status)
        seen.add(stack.versions()[0][2])
        if seen - {"wachtrij", "bezig"}:
            break
    assert set(statuses) <= {200, 302}, statuses
    assert "bezig" in seen, "no write happened while the worker rendered"
    (pk, number, state, sha256) = stack.versions()[0]
    assert state == "klaar", stack.log("worker")

    # The page saw it through its status requests and reloaded itself.
    link = page.locator(f"main table a[href='/rapportages/versie/{pk}/download/']")
    expect(link).to_be_visible(timeout=30_000)
    expect(progress).to_have_count(0)
    assert page.url == report_url
    assert_accessible(page)
    if os.environ.get("REPORT_SCREENSHOTS"):
        for width in (320, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(
                path=f"{os.environ['REPORT_SCREENSHOTS']}/report-ready-{width}.png",
                full_page=True,
            )

    with page.expect_download() as info:
        link.click()
    pdf = Path(info.value.path()).read_bytes()
    assert hashlib.sha256(pdf).hexdigest() == sha256
    text = flat_text(pdf)
    assert "CONCEPT" in text
    assert re.search(rf"Marap\s+{year}", text)

    worker_log, web_log = stack.log("worker"), stack.log("web")
    assert "state=SUCCESSFUL" in worker_log, worker_log
    for log in (worker_log, web_log):
        assert "database is locked" not in log
        assert "Traceback" not in log, log
