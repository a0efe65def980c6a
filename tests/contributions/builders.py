"""Project rows for the contribution tests: what the hours and the budget read (a project
with dates and a leader, group members, budget lines, a stop event), as thin wrappers around
tests/factories.py."""

import datetime
from decimal import Decimal

from platform_ivz.core.models import Organisation
from platform_ivz.core.roles import Role
from projects.models import BudgetLine, GroupMember, Project
from tests.factories import (
    BudgetLineFactory,
    GroupMemberFactory,
    OrganisationFactory,
    ProjectEventFactory,
    ProjectFactory,
    UserFactory,
)


def gemeente(name: str) -> Organisation:
    return OrganisationFactory(name=name, kind=Organisation.Kind.GEMEENTE)


def partner(name: str) -> Organisation:
    return OrganisationFactory(name=name, kind=Organisation.Kind.PARTNER, basisteam="")


def person(organisation: Organisation, **kwargs):
    return UserFactory(organisation=organisation, roles=[Role.PLATFORMLID], **kwargs)


def project(
    title: str = "Aanpak woninginbraken",
    *,
    leader=None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    vertrouwelijk: bool = False,
    status: str = Project.Status.IN_UITVOERING,
) -> Project:
    """Requested by a platformlid of Hengelo, for no gemeente in particular."""
    return ProjectFactory(
        request__title=title,
        request__indiener=person(gemeente("Hengelo")),
        request__gemeenten=[],
        confidential=vertrouwelijk,
        status=status,
        projectleider=leader,
        start_date=start,
        end_date=end,
    )


def member(
    project: Project,
    *,
    user=None,
    organisation: Organisation | None = None,
    name: str = "",
    hours: str | Decimal = "4",
    start: datetime.date,
    end: datetime.date | None = None,
    function: str = GroupMember.Function.DEELNEMER,
) -> GroupMember:
    return GroupMemberFactory(
        project=project,
        user=user,
        name=name,
        organisation=organisation or user.organisation,
        function=function,
        hours_per_week=Decimal(hours),
        start_date=start,
        end_date=end,
    )


def budget_line(
    project: Project,
    *,
    year: int,
    planned: str,
    realised: str | None = "0",
    source: str = BudgetLine.FundingSource.PLATFORM,
    description: str = "Inhuur",
) -> BudgetLine:
    return BudgetLineFactory(
        project=project,
        description=description,
        funding_source=source,
        year=year,
        planned_amount=Decimal(planned),
        realised_amount=None if realised is None else Decimal(realised),
    )


def stop(project: Project, *, at: datetime.datetime, actor) -> None:
    """A `gestopt` event at the given moment, as the DVO's decision would record it."""
    ProjectEventFactory(
        project=project,
        transition="stop",
        from_status=project.status,
        to_status=Project.Status.GESTOPT,
        actor=actor,
        at=at,
    )
    Project.objects.filter(pk=project.pk).update(status=Project.Status.GESTOPT)
