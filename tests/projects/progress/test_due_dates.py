"""Due dates, periods and overdue flags of progress reports, with frozen time."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from projects.models import ProgressReport, Project, ProjectEvent
from projects.progress import calendar
from projects.progress import selectors as progress_selectors
from projects.progress import services as progress_services
from tests.factories import ProgressReportFactory
from tests.projects.progress.scenario import at, project_with_people

D = datetime.date


def reports_of(project):
    return list(
        ProgressReport.objects.filter(project=project)
        .order_by("due_date")
        .values_list("due_date", "period_start", "period_end", "status")
    )


# --- Pure date rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "period"),
    [
        (D(2027, 1, 31), (D(2026, 7, 1), D(2026, 12, 31))),
        (D(2026, 7, 31), (D(2026, 1, 1), D(2026, 6, 30))),
        (D(2026, 3, 15), (D(2025, 9, 1), D(2026, 2, 28))),
        (D(2024, 3, 15), (D(2023, 9, 1), D(2024, 2, 29))),
    ],
)
def test_a_report_covers_the_six_months_before_the_month_it_is_due(due, period):
    assert calendar.half_year_before(due) == period


def test_the_default_due_dates_are_31_january_and_31_july():
    assert calendar.configured_due_days() == [(1, 31), (7, 31)]
    assert calendar.next_due_date_after(D(2026, 3, 2)) == D(2026, 7, 31)
    assert calendar.next_due_date_after(D(2026, 7, 31)) == D(2026, 7, 31)
    assert calendar.next_due_date_after(D(2026, 8, 1)) == D(2027, 1, 31)


def test_the_due_dates_are_configurable(settings):
    settings.PROGRESS_REPORT_DUE_DATES = ["09-15", "03-15"]
    assert calendar.due_dates_in(2026) == [D(2026, 3, 15), D(2026, 9, 15)]


@pytest.mark.parametrize("value", [["31-01"], ["02-29"], ["januari"], []])
def test_a_wrong_due_date_setting_is_reported(settings, value):
    settings.PROGRESS_REPORT_DUE_DATES = value
    with pytest.raises(ImproperlyConfigured):
        calendar.configured_due_days()


def test_reports_owed_by_a_project_that_started_mid_year():
    owed = calendar.owed_reports(
        running_since=D(2026, 3, 15), end_date=None, today=D(2026, 8, 1)
    )
    assert [(o.due_date, o.period_start, o.period_end) for o in owed] == [
        (D(2026, 7, 31), D(2026, 3, 15), D(2026, 6, 30)),
        (D(2027, 1, 31), D(2026, 7, 1), D(2026, 12, 31)),
    ]


def test_no_report_is_owed_for_a_half_year_after_the_end_date():
    owed = calendar.owed_reports(
        running_since=D(2025, 7, 1), end_date=D(2026, 5, 31), today=D(2026, 9, 1)
    )
    assert [(o.due_date, o.period_start, o.period_end) for o in owed] == [
        (D(2026, 1, 31), D(2025, 7, 1), D(2025, 12, 31)),
        (D(2026, 5, 31), D(2026, 1, 1), D(2026, 5, 31)),
    ]


def test_no_report_falls_due_after_the_end_date():
    # Ending 31 May 2026, the half year's report (due 31 July) is due on the end date.
    owed = calendar.owed_reports(
        running_since=D(2026, 1, 1), end_date=D(2026, 5, 31), today=D(2026, 9, 1)
    )
    assert [(o.due_date, o.period_start, o.period_end) for o in owed] == [
        (D(2026, 5, 31), D(2026, 1, 1), D(2026, 5, 31))
    ]
    # Ending 15 July, after a new half year began: one last report over both stretches.
    owed = calendar.owed_reports(
        running_since=D(2026, 1, 1), end_date=D(2026, 7, 15), today=D(2026, 9, 1)
    )
    assert [(o.due_date, o.period_start, o.period_end) for o in owed] == [
        (D(2026, 7, 15), D(2026, 1, 1), D(2026, 7, 15))
    ]


# --- Creating the reports -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_running_project_gets_the_report_of_the_current_half_year():
    project = project_with_people(start_date=D(2026, 1, 1))
    with at(D(2026, 3, 2)):
        created = progress_services.ensure_due_reports()
    assert [r.project for r in created] == [project]
    assert reports_of(project) == [(D(2026, 7, 31), D(2026, 1, 1), D(2026, 6, 30), "concept")]


@pytest.mark.django_db
def test_creating_the_reports_is_idempotent():
    project = project_with_people(start_date=D(2025, 7, 1))
    with at(D(2026, 3, 2)):
        first = progress_services.ensure_due_reports()
        second = progress_services.ensure_due_reports()
        progress_services.ensure_due_reports(projects=[project])
    assert len(first) == 2 and second == []
    assert [r[0] for r in reports_of(project)] == [D(2026, 1, 31), D(2026, 7, 31)]


@pytest.mark.django_db
def test_a_project_starting_mid_year_reports_from_its_start():
    project = project_with_people(start_date=D(2026, 3, 15))
    with at(D(2026, 3, 20)):
        progress_services.ensure_due_reports()
    assert reports_of(project) == [(D(2026, 7, 31), D(2026, 3, 15), D(2026, 6, 30), "concept")]
    with at(D(2026, 7, 1)):  # the next half year has started
        progress_services.ensure_due_reports()
    assert reports_of(project)[1] == (D(2027, 1, 31), D(2026, 7, 1), D(2026, 12, 31), "concept")


@pytest.mark.django_db
def test_the_project_runs_from_its_dvo_approval_when_that_came_after_the_start_date(
    regiocoordinator,
):
    project = project_with_people(start_date=D(2025, 1, 1))
    with at(D(2026, 2, 10)):
        ProjectEvent.objects.create(
            project=project,
            transition="dvo_approve_plan",
            from_status="ambtelijk_vastgesteld",
            to_status="in_uitvoering",
            actor=regiocoordinator,
        )
    with at(D(2026, 3, 2)):
        progress_services.ensure_due_reports()
    assert reports_of(project) == [(D(2026, 7, 31), D(2026, 2, 10), D(2026, 6, 30), "concept")]


@pytest.mark.django_db
def test_without_start_date_or_approval_the_project_runs_from_today():
    project = project_with_people()
    with at(D(2026, 9, 1)):
        progress_services.ensure_due_reports()
    assert reports_of(project) == [(D(2027, 1, 31), D(2026, 9, 1), D(2026, 12, 31), "concept")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", [s for s in Project.Status.values if s != Project.Status.IN_UITVOERING]
)
def test_only_running_projects_get_reports(status):
    project_with_people(status=status, start_date=D(2025, 1, 1))
    with at(D(2026, 3, 2)):
        assert progress_services.ensure_due_reports() == []
    assert not ProgressReport.objects.exists()


@pytest.mark.django_db
def test_the_configured_due_dates_are_used(settings):
    settings.PROGRESS_REPORT_DUE_DATES = ["03-15", "09-15"]
    project = project_with_people(start_date=D(2026, 1, 1))
    with at(D(2026, 3, 2)):
        progress_services.ensure_due_reports()
    assert reports_of(project) == [
        (D(2026, 3, 15), D(2026, 1, 1), D(2026, 2, 28), "concept"),
        (D(2026, 9, 15), D(2026, 3, 1), D(2026, 8, 31), "concept"),  # started on 1 March
    ]


# --- Overdue --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "status", "project_status", "overdue"),
    [
        (D(2026, 1, 31), "concept", "in_uitvoering", False),  # on the due date: not yet
        (D(2026, 2, 1), "concept", "in_uitvoering", True),
        (D(2026, 2, 1), "ingediend", "in_uitvoering", False),
        (D(2026, 2, 1), "besproken", "in_uitvoering", False),
        (D(2026, 2, 1), "concept", "evaluatie", True),
        (D(2026, 2, 1), "concept", "gestopt", False),
        (D(2026, 2, 1), "concept", "afgerond", False),
    ],
)
def test_overdue_flag(regiocoordinator, today, status, project_status, overdue):
    project = project_with_people(status=project_status)
    report = ProgressReportFactory(project=project, status=status, due_date=D(2026, 1, 31))
    with at(today):
        flagged = progress_selectors.with_overdue(ProgressReport.objects.all()).get()
        assert flagged.is_overdue is overdue
        assert list(progress_selectors.overdue_reports(regiocoordinator)) == (
            [report] if overdue else []
        )
        flags = progress_selectors.with_report_flags(Project.objects.all()).get()
        assert flags.has_overdue_report is overdue
        leader = project.people["projectleider"]
        assert list(progress_selectors.reports_due_for(leader)) == (
            [report]
            if status == "concept" and project_status not in ("gestopt", "afgerond")
            else []
        )


@pytest.mark.django_db
def test_reports_due_for_the_projectleider_within_14_days():
    project = project_with_people()
    leader = project.people["projectleider"]
    soon = ProgressReportFactory(project=project, due_date=D(2026, 7, 31))
    ProgressReportFactory(
        project=project,
        due_date=D(2027, 1, 31),
        period_start=D(2026, 7, 1),
        period_end=D(2026, 12, 31),
    )
    with at(D(2026, 7, 16)):
        assert list(progress_selectors.reports_due_for(leader)) == []
    with at(D(2026, 7, 17)):
        assert list(progress_selectors.reports_due_for(leader)) == [soon]
    other_leader = project_with_people().people["projectleider"]
    with at(D(2026, 8, 20)):
        assert list(progress_selectors.reports_due_for(other_leader)) == []


@pytest.mark.django_db
def test_overdue_reports_are_scoped_to_what_the_user_may_see(regiocoordinator, dvo_lid):
    open_project = project_with_people()
    secret = project_with_people(vertrouwelijk=True)
    visible = ProgressReportFactory(project=open_project)
    hidden = ProgressReportFactory(project=secret)
    with at(D(2026, 3, 2)):
        for user in (regiocoordinator, dvo_lid, secret.people["groepslid"]):
            assert set(progress_selectors.overdue_reports(user)) == {visible, hidden}
        for who in ("buitenstaander",):
            assert list(progress_selectors.overdue_reports(secret.people[who])) == [visible]


@pytest.mark.django_db
def test_reports_to_discuss_are_for_the_reviewers(request):
    report = ProgressReportFactory(project=project_with_people(), status="ingediend")
    ProgressReportFactory(project=project_with_people(), status="concept")
    for role in ("voorzitter", "regiocoordinator"):
        user = request.getfixturevalue(role)
        assert list(progress_selectors.reports_to_discuss(user)) == [report]
    for role in ("platformlid", "dvo_lid", "beheerder"):
        assert not progress_selectors.reports_to_discuss(request.getfixturevalue(role)).exists()


@pytest.mark.django_db
def test_reports_become_werkvoorraad_items():
    project = project_with_people(title="Aanpak babbeltrucs")
    report = ProgressReportFactory(project=project)
    with at(D(2026, 2, 2)):
        (item,) = progress_selectors.work_items(
            progress_selectors.reports_due_for(project.people["projectleider"])
        )
    assert item["title"].startswith("Aanpak babbeltrucs: 1 juli 2025")
    assert item["url"] == f"/projecten/{project.pk}/rapportages/{report.pk}/"
    assert item["status"] != report.get_status_display()  # says it is overdue
