"""Money planned and spent per project: the one rule (projects/money.py) and the migration that
made the budget lines the truth (projects.migrations.0008_rep_data_realised_unknown.py)."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import BudgetLine
from projects.money import NOTHING, Money, money_of, project_money, total
from tests.factories import BudgetLineFactory, ProgressReportFactory, ProjectFactory

MIGRATION = importlib.import_module("projects.migrations.0008_rep_data_realised_unknown")


def line(year=2026, planned="100", realised=None):
    return BudgetLine(
        year=year,
        planned_amount=Decimal(planned),
        realised_amount=None if realised is None else Decimal(realised),
    )


def test_nothing_reported_is_unknown_not_zero():
    money = money_of([line(), line()])
    assert money.planned == Decimal("200")
    assert money.spent is None
    assert money.share is None
    assert (money.lines, money.reported, money.complete) == (2, 0, False)


def test_spent_is_the_sum_of_the_reported_lines_and_says_whether_all_reported():
    money = money_of([line(realised="40"), line(realised="0"), line()])
    assert money.spent == Decimal("40")
    assert (money.reported, money.lines, money.complete) == (2, 3, False)
    assert money.share == Decimal("40") / Decimal("300")
    assert money_of([line(realised="0")]).spent == Decimal("0")  # a reported zero is zero


def test_one_year_only():
    lines = [line(2025, "10", "5"), line(2026, "20")]
    assert money_of(lines, year=2025) == Money(Decimal("10"), Decimal("5"), 1, 1)
    assert money_of(lines, year=2026).spent is None
    assert money_of(lines, year=2027) == NOTHING


def test_totals_keep_unknown_apart_from_zero():
    unknown = money_of([line()])
    known = money_of([line(realised="7")])
    assert total([unknown, unknown]).spent is None
    assert total([unknown, known]) == Money(Decimal("200"), Decimal("7"), 2, 1)
    assert total([]) == NOTHING


@pytest.mark.django_db
def test_project_money_reads_many_projects_in_one_query():
    first, second, empty = ProjectFactory(), ProjectFactory(), ProjectFactory()
    BudgetLineFactory(project=first, planned_amount=10, realised_amount=4)
    BudgetLineFactory(project=first, year=2027, planned_amount=5)
    BudgetLineFactory(project=second, planned_amount=3)
    with CaptureQueriesContext(connection) as queries:
        money = project_money([first.pk, second.pk, empty.pk])
    assert len(queries) == 1
    assert money[first.pk] == Money(Decimal("15"), Decimal("4"), 2, 1)
    assert money[second.pk].spent is None
    assert money[empty.pk] == NOTHING
    assert project_money([first.pk], year=2027)[first.pk].spent is None


# --- The migration ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_migration_turns_untouched_zeros_into_unknown_and_keeps_reported_ones():
    untouched = BudgetLineFactory(realised_amount=Decimal("0"))
    reported = BudgetLineFactory(realised_amount=Decimal("250"))
    set_to_zero = BudgetLineFactory(realised_amount=Decimal("80"))
    set_to_zero.realised_amount = Decimal("0")  # someone corrected it to zero: a report
    set_to_zero.save()

    MIGRATION.forward(apps, None)

    for row in (untouched, reported, set_to_zero):
        row.refresh_from_db()
    assert untouched.realised_amount is None
    assert reported.realised_amount == Decimal("250")
    assert set_to_zero.realised_amount == Decimal("0")


@pytest.mark.django_db
def test_the_migration_moves_a_reports_amount_onto_a_line_where_the_lines_said_nothing():
    project = ProjectFactory(status="in_uitvoering")
    earlier = BudgetLineFactory(project=project, year=2025, realised_amount=Decimal("0"))
    local = BudgetLineFactory(
        project=project, year=2026, funding_source="lokaal", realised_amount=Decimal("0")
    )
    platform = BudgetLineFactory(
        project=project, year=2026, funding_source="platform", realised_amount=Decimal("0")
    )
    ProgressReportFactory(
        project=project,
        status="besproken",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        due_date=datetime.date(2026, 7, 31),
        spent_to_date=Decimal("4200"),
    )
    ProgressReportFactory(  # older, and a draft newer: neither counts
        project=project,
        status="besproken",
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2025, 12, 31),
        due_date=datetime.date(2026, 1, 31),
        spent_to_date=Decimal("1000"),
    )
    ProgressReportFactory(
        project=project,
        status="concept",
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 12, 31),
        due_date=datetime.date(2027, 1, 31),
        spent_to_date=Decimal("9999"),
    )
    other = ProjectFactory(status="in_uitvoering")
    own = BudgetLineFactory(project=other, realised_amount=Decimal("300"))
    ProgressReportFactory(project=other, status="ingediend", spent_to_date=Decimal("500"))

    MIGRATION.forward(apps, None)

    assert [
        row.realised_amount
        for row in BudgetLine.objects.filter(pk__in=[earlier.pk, local.pk, platform.pk]).order_by(
            "pk"
        )
    ] == [None, None, Decimal("4200")]
    own.refresh_from_db()
    assert own.realised_amount == Decimal("300")  # the lines reported: they win
