"""A report generated from the web page, as a regiocoördinator does it: the time from the click
on "Genereer concept" to "klaar".

gunicorn (gunicorn.conf.py) and a task worker (`manage.py db_worker`, as in Procfile.dev and
docker-compose.yml) run against the benchmark database. The regiocoördinator signs in, opens
the report page, and posts its "Genereer concept" form; then the client asks the status URL
every second, as the page's script does (it starts at two seconds and slows down), until the
version is no longer pending. The version's own timestamps split the time into waiting for
the worker and rendering.
"""

import os
import re
import subprocess
import sys
import time

from django.utils import timezone

from bench import generate, load
from reporting.models import ReportVersion

KIND = "jaarplan"
# Longer than any render at 1,000 projects (70-80 s on a quiet machine), with room for a
# busy one; past it the run says it did not complete.
DEADLINE_SECONDS = 900
POLL_SECONDS = 1.0


def _start(name: str, arguments: list[str], env: dict):
    log = (load.OUT / f"{name}.log").open("w")
    return subprocess.Popen(  # noqa: S603 - our own commands, fixed arguments
        arguments, cwd=load.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )


def _stop(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def run(*, year: int | None = None, log=print) -> dict:
    year = year or timezone.localdate().year
    load.OUT.mkdir(exist_ok=True)
    port = load._free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONUNBUFFERED": "1"}
    worker = _start("worker", [sys.executable, "manage.py", "db_worker"], env)
    server = _start(
        "gunicorn-report",
        [str(load.BIN / "gunicorn"), "-c", "gunicorn.conf.py", "platform_ivz.wsgi"],
        {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_LOG_LEVEL": "warning"},
    )
    try:
        load._wait_until_up(url)
        session, _elapsed = load._sign_in(url, generate.REVIEWER)
        page_url = f"{url}/rapportages/{KIND}/{year}/"
        page = session.get(page_url)
        page.raise_for_status()
        if "/concept/" not in page.text:
            raise RuntimeError(f"{page_url} offers no 'Genereer concept' form")
        # Every gunicorn worker warm (imports, templates), as on a server that has been up.
        for _round in range(6):
            session.get(page_url).raise_for_status()
        versions = ReportVersion.objects.filter(kind=KIND, year=year)
        before = set(versions.values_list("pk", flat=True))
        log(f"  'Genereer concept' for the {KIND} {year}, worker running")
        clicked = time.perf_counter()
        reply = session.post(
            f"{page_url}concept/",
            {"csrfmiddlewaretoken": session.cookies.get("csrftoken", "")},
            headers={"Referer": page_url},
            allow_redirects=False,
        )
        answered = time.perf_counter() - clicked
        if reply.status_code != 302:
            raise RuntimeError(f"'Genereer concept' answered {reply.status_code}")
        polls = 0
        pending = True
        while pending and time.perf_counter() - clicked < DEADLINE_SECONDS:
            time.sleep(POLL_SECONDS)
            polls += 1
            status = session.get(f"{page_url}status/", timeout=30)
            status.raise_for_status()
            pending = status.json()["pending"]
        waited = time.perf_counter() - clicked
        # The page as the user then sees it: the version with its state, and its download.
        shown = session.get(page_url).text
    finally:
        _stop(server)
        _stop(worker)
    version = versions.exclude(pk__in=before).order_by("pk").last()
    download = version and re.search(rf'href="/rapportages/versie/{version.pk}/download/"', shown)
    return {
        "kind": KIND,
        "year": year,
        "answered": answered,
        "until_done": waited if not pending else None,
        "deadline": DEADLINE_SECONDS,
        "polls": polls,
        "state": version.state if version else "missing",
        "error": version.error if version else "",
        "queued": (version.started_at - version.created_at).total_seconds()
        if version and version.started_at
        else None,
        "render": float(version.render_seconds) if version and version.render_seconds else None,
        "size": version.size if version else None,
        "attempts": version.attempts if version else None,
        "download_link": bool(download),
    }
