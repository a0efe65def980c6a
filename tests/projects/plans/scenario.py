"""Projects and approved plans for the plan tests."""

import datetime

from platform_ivz.core.roles import Role
from projects.models import ApprovalStatus
from projects.plans import selectors as plan_selectors
from tests.factories import (
    MeetingFactory,
    ProjectFactory,
    ProjectPlanFactory,
    ProjectRequestFactory,
    user_with_role,
)


def make_project(leader, holder, status="in_voorbereiding", **request_kwargs):
    """A project from an approved request of Losser; `request_kwargs` go to that request."""
    indiener = user_with_role(Role.PLATFORMLID, "Losser", username=f"t_indiener_{status}")
    request = ProjectRequestFactory(status="goedgekeurd", indiener=indiener, **request_kwargs)
    return ProjectFactory(
        request=request, status=status, projectleider=leader, portefeuillehouder=holder
    )


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
