"""One rule for "the projects of a year" (docs/ARCHITECTURE.md §6, reporting/data/year.py):
the jaarplan, the jaarverslag and the factsheet of a year list the same projects, undated ones
included, and the marap of that year lists only what runs on its peildatum."""

import datetime

import pytest
import time_machine

from reporting import factsheet, jaarplan, jaarverslag, marap
from tests.reporting import marap_data as data

pytestmark = pytest.mark.django_db

YEAR = 2026


def _undated(title: str, leader, created: datetime.date, *, closed=None):
    """A project still waiting for its people (no dates), created on `created`; stopped on
    `closed` if given."""
    with time_machine.travel(data.moment(created), tick=False):
        project = data.ProjectFactory(
            request__title=title, projectleider=leader, start_date=None, end_date=None
        )
    if closed:
        project.status = "gestopt"
        project.save(update_fields=["status"])
        data.event(project, "gestopt", closed)
    return project


@pytest.fixture
def portfolio():
    leader = data.leader("anna", "Hengelo")
    _undated("Open zonder data", leader, datetime.date(2026, 2, 1))
    # Stopped the year after: in 2026 it was open, so the 2026 reports list it.
    _undated("Later gestopt", leader, datetime.date(2026, 3, 1), closed=datetime.date(2027, 3, 1))
    # Stopped before 2026: in no 2026 report.
    _undated("Eerder gestopt", leader, datetime.date(2025, 1, 5), closed=datetime.date(2025, 6, 1))
    # Created after 2026: in no 2026 report.
    _undated("Nog niet bestaand", leader, datetime.date(2027, 1, 10))
    # Dates touching 2026, but completed in 2025: absent, whatever its dates say.
    done = data.running_project(
        "Vroeg afgerond",
        approved=datetime.date(2024, 2, 1),
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2026, 12, 31),
        status="afgerond",
        projectleider=leader,
    )
    data.event(done, "afgerond", datetime.date(2025, 11, 1))
    return leader.organisation


def _titles(projects) -> set[str]:
    return {getattr(row, "project", row).title for row in projects}


def test_the_reports_of_a_year_list_the_same_projects(portfolio):
    expected = {"Open zonder data", "Later gestopt"}
    with time_machine.travel(data.moment(datetime.date(2027, 4, 1)), tick=False):
        assert _titles(jaarplan.build_context(year=YEAR)["projects"]) == expected
        assert _titles(jaarverslag.build_context(year=YEAR)["projects"]) == expected
        sheet = factsheet.build_context(organisation=portfolio, year=YEAR)
        assert _titles(sheet["projects"]) == expected
        # The marap lists what runs on its peildatum: the plan's approval needs a start date,
        # so an undated project is in no marap, whichever year.
        assert _titles(marap.build_context(year=YEAR)["projects"]) == set()
