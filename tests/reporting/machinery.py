"""A stand-in report content for testing the machinery apart from the real reports.

`use_test_content` swaps the content of the registered kinds for a tiny template that lists
the projects' titles from the live data, so a test can change the data and see (or not see)
it in a PDF.
"""

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from reporting import kinds

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE = "reporting/pdf/machinery_test.html"


def build_context(*, year: int | None = None, peildatum=None, **kwargs) -> dict:
    from projects.models import Project

    projects = [
        {"title": title, "budget": Decimal("1234.56")}
        for title in Project.objects.order_by("title").values_list("title", flat=True)
    ]
    return {
        "toc": [("projecten", "Projecten")],
        "projects": projects,
        "year": year,
        "peildatum": peildatum,
        "extra": sorted(kwargs),
    }


@pytest.fixture
def use_test_content(settings, monkeypatch):
    templates = [dict(engine) for engine in django_settings.TEMPLATES]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEMPLATE_DIR]
    settings.TEMPLATES = templates
    for key in kinds.KINDS:
        monkeypatch.setitem(
            kinds.KINDS,
            key,
            dataclasses.replace(
                kinds.KINDS[key],
                builder="tests.reporting.machinery.build_context",
                template_name=TEMPLATE,
            ),
        )


IMMEDIATE_TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
}


@pytest.fixture
def immediate_tasks(settings):
    """Reports rendered inside the request, as before the worker: for tests of what a report
    holds. The worker itself is tested in tests/reporting/test_tasks.py and the browser."""
    settings.TASKS = IMMEDIATE_TASKS
