"""The demo data as a shared world for a test module: loaded once, rolled back at the end.
The fixtures are those of tests/security/conftest.py (defined here, so that a module elsewhere
can take them too); the lookups find the demo's objects.

Each test still runs in its own savepoint (pytest-django's `db`), so what one test writes
is gone before the next one starts; loading the demo once per module keeps the files fast.
"""

import pytest
from django.db import transaction

from platform_ivz.site import demo
from projects.models import Project


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            demo.load()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def world(demo_world, db):
    """The demo world inside this test's own savepoint."""


def demo_project(status: str) -> Project:
    """The demo's first project (by pk) in `status`."""
    return Project.objects.filter(status=status).order_by("pk")[0]
