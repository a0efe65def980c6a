"""Only the actions that fit the project's state (issue 14, point 10).

An afgerond or gestopt project is read-only: no assignment, no progress report, no
beslispunt; the page does not offer them and the services refuse them. The evaluation starts
when the project runs and has begun (or reached its end date). No progress report is due
after the project's end. One predicate per action (projects/permissions.py) answers both the
page and the service.
"""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from platform_ivz.core.workflow import TransitionNotAllowed
from projects import services
from projects.evaluations import services as evaluation_services
from projects.models import Beslispunt, ProgressReport, Project
from projects.permissions import (
    can_add_beslispunt,
    can_assign_people,
    can_edit_progress_report,
    can_start_evaluation,
    can_write_progress_report,
)
from projects.progress import selectors as progress_selectors
from projects.progress import services as progress_services
from tests.factories import ProgressReportFactory, user_with_role
from tests.projects.people import project_with_people

pytestmark = pytest.mark.django_db

Status = Project.Status
CLOSED = [Status.AFGEROND, Status.GESTOPT]
TODAY = datetime.date(2026, 9, 15)


def page(user, project) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("projects:detail", args=[project.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- Closed projects are read-only -----------------------------------------------------------


@pytest.mark.parametrize("status", CLOSED)
def test_a_closed_project_refuses_assignment(regiocoordinator, status):
    project = project_with_people(status)
    other = user_with_role("platformlid", "Borne", username="nieuwe_leider")
    assert not can_assign_people.test(regiocoordinator, project)
    with pytest.raises(PermissionDenied):
        services.assign_people(project=project, actor=regiocoordinator, projectleider=other)
    project.refresh_from_db()
    assert project.projectleider != other
    client = Client()
    client.force_login(regiocoordinator)
    assert client.get(reverse("projects:assign", args=[project.pk])).status_code == 403
    assert "Projectleider en portefeuillehouder toewijzen" not in page(regiocoordinator, project)


def test_a_running_project_may_still_be_assigned(regiocoordinator):
    project = project_with_people(Status.IN_UITVOERING)
    other = user_with_role("platformlid", "Borne", username="nieuwe_leider")
    assert can_assign_people.test(regiocoordinator, project)
    services.assign_people(project=project, actor=regiocoordinator, projectleider=other)
    project.refresh_from_db()
    assert project.projectleider == other


@pytest.mark.parametrize("status", CLOSED)
@pytest.mark.parametrize("who", ["projectleider", "portefeuillehouder"])
def test_a_closed_project_takes_no_beslispunt(status, who):
    project = project_with_people(status)
    user = project.people[who]
    assert not can_add_beslispunt.test(user, project)
    with pytest.raises(PermissionDenied):
        progress_services.add_beslispunt(project=project, actor=user, text="Graag besluiten.")
    assert not Beslispunt.objects.exists()
    html = page(user, project)
    assert "Beslispunt toevoegen" not in html
    assert f"Dit project is {project.get_status_display().lower()}: het plan, de" in html


@pytest.mark.parametrize("status", CLOSED)
def test_a_closed_project_takes_no_progress_report(status):
    project = project_with_people(status)
    leader = project.people["projectleider"]
    report = ProgressReportFactory(project=project)  # a draft left from when it ran
    assert not can_write_progress_report.test(leader, project)
    assert not can_edit_progress_report.test(leader, report)
    with pytest.raises(PermissionDenied):
        progress_services.update_report(
            report=report, actor=leader, data={"risks": "x"}, expected_version=report.version
        )
    assert ProgressReport.objects.get(pk=report.pk).risks != "x"
    html = page(leader, project)
    assert "Voortgangsrapportage schrijven" not in html
    section = progress_selectors.detail_context(project, leader, show_details=True)
    assert section["report_section"].next_due_date is None


def test_a_running_project_offers_the_report_and_the_beslispunt():
    project = project_with_people(Status.IN_UITVOERING)
    leader = project.people["projectleider"]
    assert can_write_progress_report.test(leader, project)
    assert can_add_beslispunt.test(leader, project)
    assert "Beslispunt toevoegen" in page(leader, project)


# --- The evaluation starts when the project has begun or ended --------------------------------


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("start", "end", "allowed"),
    [
        (datetime.date(2027, 1, 1), datetime.date(2027, 12, 31), False),  # starts next year
        (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), True),  # runs
        (datetime.date(2025, 1, 1), datetime.date(2026, 6, 30), True),  # its end has come
    ],
)
@pytest.mark.parametrize("who", ["projectleider", "regiocoordinator"])
def test_the_evaluation_starts_once_the_project_has_begun(request, start, end, allowed, who):
    project = project_with_people(Status.IN_UITVOERING, start_date=start, end_date=end)
    user = project.people.get(who) or request.getfixturevalue(who)
    assert bool(can_start_evaluation.test(user, project)) is allowed
    assert ("Evaluatie starten" in page(user, project)) is allowed
    if allowed:
        evaluation_services.start_evaluation(project=project, actor=user)
        assert Project.objects.get(pk=project.pk).status == Status.EVALUATIE
    else:
        with pytest.raises(TransitionNotAllowed):
            evaluation_services.start_evaluation(project=project, actor=user)
        assert Project.objects.get(pk=project.pk).status == Status.IN_UITVOERING
        client = Client()
        client.force_login(user)
        url = reverse("projects:evaluation_start", args=[project.pk])
        assert client.post(url, {"note": ""}).status_code == 403


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("who", ["platformlid", "dvo_lid", "gemeentesecretaris"])
def test_others_never_start_the_evaluation(request, who):
    project = project_with_people(
        Status.IN_UITVOERING, start_date=datetime.date(2026, 1, 1), end_date=TODAY
    )
    user = request.getfixturevalue(who)
    assert not can_start_evaluation.test(user, project)
    with pytest.raises(TransitionNotAllowed):
        evaluation_services.start_evaluation(project=project, actor=user)


# --- No progress report is due after the project's end ----------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_no_next_report_is_shown_after_the_end_date():
    # Ends 30 November 2026: the next due date (31 January 2027) is after it.
    project = project_with_people(
        Status.IN_UITVOERING,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 11, 30),
    )
    leader = project.people["projectleider"]
    progress_services.ensure_due_reports(projects=[project])
    assert all(r.due_date <= project.end_date for r in project.progress_reports.all())
    section = progress_selectors.detail_context(project, leader, show_details=True)
    assert section["report_section"].next_due_date is None or (
        section["report_section"].next_due_date <= project.end_date
    )


@time_machine.travel(TODAY, tick=False)
def test_a_running_project_shows_its_next_due_date():
    project = project_with_people(
        Status.IN_UITVOERING,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2027, 12, 31),
    )
    leader = project.people["projectleider"]
    progress_services.ensure_due_reports(projects=[project])
    section = progress_selectors.detail_context(project, leader, show_details=True)
    assert section["report_section"].next_due_date is not None
