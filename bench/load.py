"""Load: gunicorn (gunicorn.conf.py as configured, as in the Dockerfile, or another worker
model) on PostgreSQL, locust headless against it.

Worker memory is read three times: after start, after a short warm-up (every page once per
worker, so imports and template caches are loaded), and after the load; growth is measured
from the warm-up, as a cold worker always grows on its first requests.
"""

import csv
import os
import runpy
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from bench import generate
from contributions.models import YearSettings
from platform_ivz.core.models import User
from projects.models import Project

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUT = ROOT / "bench" / ".load"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/inloggen/", timeout=30).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError("gunicorn did not come up")


def _worker_rss(master: "psutil.Process") -> list[float]:  # noqa: F821 - imported where used
    return [child.memory_info().rss / 2**20 for child in master.children()]


def _sign_in(url: str, username: str) -> tuple[requests.Session, float]:
    """Through the sign-in form, as a person does; returns the session and the POST's time."""
    session = requests.Session()
    session.get(url + "/inloggen/")
    started = time.perf_counter()
    reply = session.post(
        url + "/inloggen/",
        {
            "username": username,
            "password": generate.PASSWORD,
            "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
        },
        allow_redirects=False,
    )
    elapsed = (time.perf_counter() - started) * 1000
    if reply.status_code != 302:
        raise RuntimeError(f"sign-in of {username} failed: {reply.status_code}")
    return session, elapsed


def _session_keys(usernames: list[str]) -> list[str]:
    """Signed-in sessions without hashing fifty passwords (Client.force_login)."""
    from django.test import Client

    keys = []
    for user in User.objects.filter(username__in=usernames):
        client = Client()
        client.force_login(user)
        keys.append(client.cookies["sessionid"].value)
    return keys


def _pages(projects: list[int], year: int) -> list[str]:
    return ["/projecten/", f"/projecten/{projects[0]}/", "/", "/verzoeken/", f"/bijdragen/{year}/"]


def _load_users(count: int) -> list[str]:
    names = [generate.REVIEWER, generate.CHAIR]
    names += list(
        User.objects.filter(groups__name__in=["platformlid", "dvo_lid"])
        .order_by("pk")
        .values_list("username", flat=True)[: count - len(names)]
    )
    return names


def run(
    *,
    users: int = 50,
    seconds: int = 60,
    workers: int | None = None,
    worker_class: str | None = None,
    threads: int | None = None,
    log=print,
) -> dict:
    """One load test. Without `workers`, `worker_class` and `threads`, gunicorn.conf.py's
    defaults (what production runs); with them, that variant."""
    OUT.mkdir(exist_ok=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    projects = list(
        Project.objects.filter(status=Project.Status.IN_UITVOERING)
        .order_by("?")
        .values_list("pk", flat=True)[:200]
    )
    year = YearSettings.objects.order_by("-year").values_list("year", flat=True).first()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    variant = {
        key: str(value)
        for key, value in (
            ("GUNICORN_WORKERS", workers),
            ("GUNICORN_WORKER_CLASS", worker_class),
            ("GUNICORN_THREADS", threads),
        )
        if value
    }
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "platform_ivz.wsgi"],
        cwd=ROOT,
        env={
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_LOG_LEVEL": "warning",
            **variant,
        },
        stdout=(OUT / "gunicorn.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_up(url)
        import psutil  # a bench extra (make bench); the tests of this module run without it

        master = psutil.Process(server.pid)
        rss_start = _worker_rss(master)
        workers_running = len(master.children())
        pids_start = sorted(child.pid for child in master.children())
        sign_ins = []
        for username in _load_users(5):
            session, elapsed = _sign_in(url, username)
            sign_ins.append(elapsed)
        for _round in range(workers_running * 3):
            for page in _pages(projects, year):
                session.get(url + page).raise_for_status()
        rss_warm = _worker_rss(master)
        sessions = _session_keys(_load_users(users))
        log(f"  locust: {users} users for {seconds} s against {url}")
        started = time.monotonic()
        subprocess.run(  # noqa: S603 - our own locust, fixed arguments
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{seconds}s",
                "--host",
                url,
                "--csv",
                str(OUT / "locust"),
                "--only-summary",
                "--stop-timeout",
                "10",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **env,
                "BENCH_SESSIONS": ",".join(sessions),
                "BENCH_PROJECTS": ",".join(map(str, projects)),
                "BENCH_YEAR": str(year),
            },
            stdout=(OUT / "locust.log").open("w"),
            stderr=subprocess.STDOUT,
            timeout=seconds + 120,
            check=False,
        )
        wall = time.monotonic() - started
        rss_end = _worker_rss(master)
        recycled = pids_start != sorted(child.pid for child in master.children())
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    config = _gunicorn_config(variant)
    return {
        "users": users,
        "seconds": seconds,
        "workers": config["workers"],
        "worker_class": config["worker_class"],
        "threads": config["threads"],
        "wall": wall,
        "rss_start": rss_start,
        "rss_warm": rss_warm,
        "rss_end": rss_end,
        "sign_ins": sign_ins,
        "recycled": recycled,
        "stats": _read_stats(OUT / "locust_stats.csv"),
        "service": service_times(OUT / "gunicorn.log"),
    }


def _gunicorn_config(overrides: dict) -> dict:
    """What gunicorn.conf.py sets with these environment variables (it reads nothing else)."""
    saved = dict(os.environ)
    os.environ.update(overrides)
    try:
        namespace = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return {
        "workers": namespace["workers"],
        "worker_class": namespace.get("worker_class", "sync"),
        "threads": namespace.get("threads", 1),
    }


def service_times(log: Path) -> dict:
    """Time inside the workers, from gunicorn's access log (its last field, %(L)s seconds):
    what the client saw minus this is time spent waiting for a free worker."""
    times = sorted(
        float(line.rsplit(" ", 1)[1]) * 1000
        for line in log.read_text().splitlines()
        if '"GET ' in line and line.rsplit(" ", 1)[-1].replace(".", "", 1).isdigit()
    )
    if not times:
        return {}
    return {
        "requests": len(times),
        "p50": times[len(times) // 2],
        "p95": times[int(len(times) * 0.95)],
        "p99": times[int(len(times) * 0.99)],
    }


def _number(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 0.0


def _read_stats(path: Path) -> list[dict]:
    with path.open(newline="") as handle:
        return [
            {
                "name": row["Name"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": _number(row["Requests/s"]),
                "p50": _number(row["50%"]),
                "p95": _number(row["95%"]),
                "p99": _number(row["99%"]),
                "max": _number(row["Max Response Time"]),
            }
            for row in csv.DictReader(handle)
        ]
