"""A chart whose every value is zero or unknown would show names without bars: the reports
print one sentence instead (the jaarplan's and jaarverslag's chart per speerpunt, the hours
chart of the jaarverslag and the marap)."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from reporting import jaarplan, jaarverslag, marap
from tests.factories import BudgetLineFactory, ContributionYearFactory, MunicipalityYearFactory
from tests.reporting.annual_scenario import YEAR, project, render

pytestmark = pytest.mark.django_db
D = datetime.date
NO_BUDGET_PLAN = "Voor de projecten van dit speerpunt is geen begroting gepland."
NO_BUDGET_REPORT = (
    "Voor de projecten van dit speerpunt was geen begroting gepland en is geen besteding "
    "gerapporteerd."
)
NO_HOURS = "Er waren tot dan geen uren toegezegd en geen uren in projectgroepen ingepland."


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(datetime.datetime(2026, 10, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def themes():
    with_budget = project(
        "Met begroting", start=D(2026, 1, 1), end=D(2026, 12, 31), theme="woninginbraken"
    )
    BudgetLineFactory(
        project=with_budget, year=YEAR, planned_amount=Decimal("1000"), realised_amount=None
    )
    project("Zonder begroting", start=D(2026, 1, 1), end=D(2026, 12, 31), theme="ondermijning")


def _sections(context):
    return {section.key: section for section in context["sections"]}


@pytest.mark.parametrize(
    ("report", "template", "sentence"),
    [
        (jaarplan, "reporting/pdf/jaarplan.html", NO_BUDGET_PLAN),
        (jaarverslag, "reporting/pdf/jaarverslag.html", NO_BUDGET_REPORT),
    ],
)
def test_a_speerpunt_without_budget_has_a_sentence_not_a_chart(themes, report, template, sentence):
    context = report.build_context(year=YEAR)
    sections = _sections(context)
    assert "<svg" in sections["woninginbraken"].budget_chart
    assert sections["ondermijning"].budget_chart == ""
    html = render(template, context)
    assert html.count(sentence) == 1
    assert "Zonder begroting" not in sections["woninginbraken"].budget_chart


@pytest.fixture
def no_hours():
    """A year whose only gemeente pays the surcharge: nobody pledges or plans hours."""
    settings = ContributionYearFactory(year=YEAR)
    MunicipalityYearFactory(settings=settings, choice="ophoging")


def test_an_hours_chart_without_hours_is_a_sentence(no_hours):
    context = jaarverslag.build_context(year=YEAR)
    assert context["hours_chart"] == ""
    assert NO_HOURS in render("reporting/pdf/jaarverslag.html", context, title="Jaarverslag")

    context = marap.build_context(year=YEAR)
    assert context["hours"].chart == ""
    assert NO_HOURS in render("reporting/pdf/marap.html", context, title="Marap")
