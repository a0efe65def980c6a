"""The benchmark code at a tiny size, so that it cannot rot unnoticed between runs."""

import datetime
import os

import pytest
from django.test import override_settings

from bench import generate, pages, report
from intake.models import ProjectRequest
from projects.models import Indicator, ProgressReport, Project, ProjectPlan

pytestmark = pytest.mark.django_db


def test_generator_builds_a_small_portfolio_and_grows_it():
    counts = generate.grow(projects=6)

    assert counts["Project"] == 6
    assert counts["ProjectRequest"] == 6 * generate.REQUESTS_PER_PROJECT
    assert counts["User"] == generate.USERS + 1
    assert counts["Organisation"] == 20
    assert counts["YearSettings"] >= generate.YEARS
    assert ProjectRequest.objects.filter(status="goedgekeurd").count() == 6
    assert not Project.objects.filter(plans__isnull=True).exists()
    assert ProjectPlan.objects.filter(aanleiding="").count() == 0
    assert (
        Indicator.objects.filter(project__status="afgerond", measurements__isnull=True).count() == 0
    )
    running = Project.objects.exclude(status__in=generate.STARTING)
    assert ProgressReport.objects.filter(project__in=running).exists()
    # Projects start over the last five years.
    first = Project.objects.order_by("start_date").first().start_date
    assert first.year >= datetime.date.today().year - generate.YEARS

    assert generate.grow(projects=6) == counts
    assert generate.grow(projects=8)["Project"] == 8


@override_settings(ROOT_URLCONF="bench.urls")
def test_pages_and_their_admin_counterparts_answer_and_report_renders():
    generate.grow(projects=6)

    counts = pages.query_counts()
    measured = pages.timings(rounds=2, warmup=0)

    assert set(counts) == {
        "portfolio",
        "project",
        "werkvoorraad",
        "requests",
        "contributions",
        "floor",
    }
    assert all(app > 0 and admin > 0 for app, admin in counts.values())
    assert all(len(page.app_times) == len(page.admin_times) == 2 for page in measured)
    now = datetime.datetime.now(datetime.UTC)
    text = report.markdown(
        {
            "machine": report.machine(),
            "started": now,
            "finished": now,
            "load_average": (0.0, 0.0, 0.0),
            "quick": True,
            "generate": {6: 1.0},
            "queries": {6: counts},
            "counts": generate.counts(),
            "pages": measured,
            "pdf": {},
        }
    )
    assert "## Pages against the admin and the floor" in text
    assert "| portfolio |" in text


def _load(workers, worker_class, threads, worst, **extra):
    stats = [
        {"name": name, "requests": 10, "failures": 0, "rps": 1.0, "p50": 50, "p95": p95}
        | {"p99": p95, "max": p95}
        for name, p95 in (("portfolio", worst), ("werkvoorraad", 90), ("Aggregated", worst))
    ]
    return {
        "users": 10,
        "seconds": 15,
        "workers": workers,
        "worker_class": worker_class,
        "threads": threads,
        "wall": 15.0,
        "rss_start": [90.0] * workers,
        "rss_warm": [95.0] * workers,
        "rss_end": [96.0] * workers,
        "sign_ins": [300.0],
        "recycled": False,
        "stats": stats,
        "service": {"requests": 30, "p50": 40, "p95": 100, "p99": 120},
        "load_average": (1.5, 1.0, 1.0),
        **extra,
    }


def test_the_report_compares_worker_models_and_times_the_web_report():
    now = datetime.datetime.now(datetime.UTC)
    configured = _load(2, "gthread", 4, 250, configured=True)
    text = report.markdown(
        {
            "machine": report.machine(),
            "started": now,
            "finished": now,
            "load_average": (0.0, 0.0, 0.0),
            "quick": True,
            "generate": {6: 1.0},
            "queries": {6: {"portfolio": (8, 5)}},
            "counts": {},
            "pdf": {},
            "load": configured,
            "load_variants": [configured, _load(2, "sync", 1, 320), _load(5, "sync", 1, 280)],
            "webreport": {
                "kind": "jaarplan",
                "year": 2026,
                "answered": 0.12,
                "until_done": 81.5,
                "deadline": 900,
                "polls": 80,
                "state": "klaar",
                "error": "",
                "queued": 0.4,
                "render": 80.2,
                "size": 4 * 2**20,
                "attempts": 1,
                "download_link": True,
            },
        }
    )
    assert "(2 gthread workers × 4 threads, as in the Dockerfile)" in text
    assert "| 2 gthread workers × 4 threads (configured) | 1.0 | 50 | 250 | 250 | 0 |" in text
    assert "| 2 sync workers | 1.0 | 50 | 320 | 320 | 0 | 100 | 192 | **missed** |" in text
    assert "| 5 sync workers |" in text
    assert "## A report generated from the web page" in text
    assert "| jaarplan 2026 | 0.12 | 81.5 | 0.4 | 80.2 | klaar | 1 | 4.0 MB | yes |" in text
    assert "- Completes from the web page: met" in text


def test_the_worker_model_is_read_from_gunicorn_conf(monkeypatch):
    from bench import load

    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    monkeypatch.delenv("GUNICORN_WORKER_CLASS", raising=False)
    monkeypatch.delenv("GUNICORN_THREADS", raising=False)
    configured = load._gunicorn_config({})
    assert configured["workers"] >= 1 and configured["threads"] >= 1
    variant = load._gunicorn_config({"GUNICORN_WORKERS": "5", "GUNICORN_WORKER_CLASS": "sync"})
    assert variant == {"workers": 5, "worker_class": "sync", "threads": configured["threads"]}
    assert "GUNICORN_WORKERS" not in os.environ
