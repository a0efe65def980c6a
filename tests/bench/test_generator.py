"""The benchmark code at a tiny size, so that it cannot rot unnoticed between runs."""

import datetime

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
