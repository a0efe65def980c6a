"""Server time and query counts of the main pages, side by side with the admin and the floor.

Everything runs in one process on one database through Django's test Client (the whole
handler and middleware stack, no network). Each round requests every app page, its admin
counterpart and the floor once, in a shuffled order, so that a busy moment on the machine
hits all of them alike instead of one page's series.
"""

import random
import statistics
import time
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import generate
from contributions.models import MunicipalityYear, YearSettings
from platform_ivz.core.models import User
from projects.models import Project

FLOOR_URL = "/bench/floor/"
ADMIN = "/bench/beheer"


@dataclass
class Page:
    key: str
    label: str
    url: str
    admin_url: str
    admin_label: str
    app_times: list = field(default_factory=list)
    admin_times: list = field(default_factory=list)
    floor_times: list = field(default_factory=list)


def sample_project() -> Project:
    """The same running project at every size: the oldest running project with a full life."""
    running = Project.objects.filter(status=Project.Status.IN_UITVOERING).order_by("pk").first()
    return running or Project.objects.order_by("pk").first()


def pages() -> list[Page]:
    project = sample_project()
    year = (
        YearSettings.objects.filter(pk__in=MunicipalityYear.objects.values("settings"))
        .order_by("-year")
        .first()
    )
    return [
        Page(
            "portfolio",
            "Portfolio (projects list, page 1 of 25)",
            "/projecten/",
            f"{ADMIN}/projects/project/",
            "Project change list, 25 per page, by title",
        ),
        Page(
            "project",
            f"Project detail (project {project.pk})",
            f"/projecten/{project.pk}/",
            f"{ADMIN}/projects/project/{project.pk}/change/",
            "Project change form with indicators, milestones, group, budget, reports inline",
        ),
        Page(
            "werkvoorraad",
            "Werkvoorraad of the regiocoördinator",
            "/",
            f"{ADMIN}/projects/progressreport/?status__exact=ingediend",
            "Progress reports to discuss, 35 per page (7 sections × 5 items)",
        ),
        Page(
            "requests",
            "Requests overview (page 1 of 25)",
            "/verzoeken/",
            f"{ADMIN}/intake/projectrequest/",
            "Project request change list, 25 per page",
        ),
        Page(
            "contributions",
            f"Contribution table {year.year}",
            f"/bijdragen/{year.year}/",
            f"{ADMIN}/contributions/municipalityyear/?settings__id__exact={year.pk}",
            f"Municipality-year change list of {year.year}",
        ),
    ]


def clients() -> tuple[Client, Client]:
    reviewer = Client()
    reviewer.force_login(User.objects.get(username=generate.REVIEWER))
    admin = Client()
    admin.force_login(User.objects.get(username=generate.ADMIN))
    return reviewer, admin


def _get(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return elapsed * 1000


def query_counts() -> dict[str, tuple[int, int]]:
    """Queries per page (app, admin), with warm caches (second request)."""
    reviewer, admin = clients()
    counts = {}
    for page in pages():
        for client, url in ((reviewer, page.url), (admin, page.admin_url)):
            client.get(url)
        with CaptureQueriesContext(connection) as app:
            _get(reviewer, page.url)
        with CaptureQueriesContext(connection) as adm:
            _get(admin, page.admin_url)
        counts[page.key] = (len(app.captured_queries), len(adm.captured_queries))
    with CaptureQueriesContext(connection) as floor:
        _get(reviewer, FLOOR_URL)
    counts["floor"] = (len(floor.captured_queries), len(floor.captured_queries))
    return counts


def timings(rounds: int = 40, warmup: int = 3, seed: int = 8) -> list[Page]:
    reviewer, admin = clients()
    measured = pages()
    rng = random.Random(seed)
    for n in range(warmup + rounds):
        jobs = []
        for page in measured:
            jobs += [
                (page.app_times, reviewer, page.url),
                (page.admin_times, admin, page.admin_url),
                (page.floor_times, reviewer, FLOOR_URL),
            ]
        rng.shuffle(jobs)
        for series, client, url in jobs:
            elapsed = _get(client, url)
            if n >= warmup:
                series.append(elapsed)
    return measured


def median(values) -> float:
    return statistics.median(values)


def p95(values) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]
