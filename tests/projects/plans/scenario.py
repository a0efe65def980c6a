"""Projects and approved plans for the plan tests."""

import datetime

from django.urls import reverse

from platform_ivz.core.roles import Role
from projects.models import ApprovalStatus
from projects.plans import selectors as plan_selectors
from projects.plans import services as plan_services
from tests.factories import (
    IndicatorFactory,
    MeetingFactory,
    MilestoneFactory,
    ProjectFactory,
    ProjectPlanFactory,
    user_with_role,
)

START = datetime.date(2026, 4, 1)  # the dates of the plan's project
END = datetime.date(2027, 3, 31)


def make_project(leader, holder, status="in_voorbereiding", **request_kwargs):
    """A project from an approved request of Losser; `request_kwargs` go to that request."""
    indiener = user_with_role(Role.PLATFORMLID, "Losser", username=f"t_indiener_{status}")
    return ProjectFactory(
        request__indiener=indiener,
        **{f"request__{name}": value for name, value in request_kwargs.items()},
        status=status,
        projectleider=leader,
        portefeuillehouder=holder,
    )


def complete(project, plan, *, baseline=None):
    """Everything submission needs: every required section, the project's dates, an indicator
    and a milestone."""
    for name in plan_services.REQUIRED_SECTIONS:
        setattr(plan, name, f"Tekst voor {name}.")
    plan.save()
    project.start_date, project.end_date = START, END
    project.save()
    IndicatorFactory(project=project, name="Aantal woninginbraken", baseline=baseline, target=90)
    MilestoneFactory(project=project, name="Startbijeenkomst", planned_date=START)
    return plan


def approved_plan(project, leader, **kwargs):
    """Version 1 of the plan, approved by platform and DVO, with the project's rows."""
    return ProjectPlanFactory(
        project=project,
        number=1,
        status=ApprovalStatus.VASTGESTELD,
        created_by=leader,
        aanleiding="De oorspronkelijke aanleiding.",
        planning="Twee jaar.",
        snapshot=plan_selectors.snapshot_rows(project),
        platform_meeting=MeetingFactory(body="platform", date=datetime.date(2026, 2, 3)),
        dvo_meeting=MeetingFactory(body="dvo", date=datetime.date(2026, 3, 10)),
        **kwargs,
    )


def edit_url(project):
    return reverse("projects:plan_edit", args=[project.pk])


def page_data(client, project) -> dict:
    """What the browser would send back for the edit page as it is, without JavaScript."""
    response = client.get(edit_url(project))
    assert response.status_code == 200
    page = response.context["page"]
    data = {}

    def add(bound):
        value = bound.value()
        if bound.name == "DELETE" or value is None or value is False:
            return
        data[bound.html_name] = "on" if value is True else str(value)

    for form in page.forms:
        for bound in form:
            add(bound)
    for formset in page.formsets.values():
        for bound in formset.management_form:
            add(bound)
        for form in formset.forms:
            for bound in form:
                add(bound)
    return data
