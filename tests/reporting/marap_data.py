"""Purpose-built data for the marap, besluitenlijst and factsheet tests.

Rows are made with the factories and dated by hand (events, submissions, beslispunten), so
that every figure the reports show is known in advance.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from platform_ivz.core.models import Organisation
from platform_ivz.core.roles import Role
from projects.models import Beslispunt, ProjectEvent
from tests.factories import (
    BeslispuntFactory,
    BudgetLineFactory,
    GroupMemberFactory,
    IndicatorFactory,
    MeasurementFactory,
    MilestoneFactory,
    OrganisationFactory,
    ProgressReportFactory,
    ProjectEventFactory,
    ProjectFactory,
    UserFactory,
)

YEAR = 2026
PEILDATUM = datetime.date(2026, 9, 1)


def moment(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def event(project, to_status: str, day: datetime.date, actor=None) -> ProjectEvent:
    """A workflow event dated on `day` (at noon)."""
    actor = actor or project.projectleider or UserFactory()
    return ProjectEventFactory(project=project, to_status=to_status, actor=actor, at=day)


def leader(username: str, organisation_name: str = "Hengelo"):
    organisation = OrganisationFactory(name=organisation_name)
    return UserFactory(
        username=username,
        first_name=username.capitalize(),
        last_name="Leider",
        organisation=organisation,
        roles=[Role.PLATFORMLID],
    )


def running_project(
    title: str,
    *,
    approved: datetime.date = datetime.date(2026, 2, 10),
    start: datetime.date = datetime.date(2026, 1, 15),
    end: datetime.date | None = datetime.date(2027, 6, 30),
    status: str = "in_uitvoering",
    vertrouwelijk: bool = False,
    projectleider=None,
    gemeenten=None,
    indiener=None,
):
    """Requested by Enschede (unless `indiener` says otherwise), set running on `approved`."""
    indiener = indiener or UserFactory(
        organisation=OrganisationFactory(name="Enschede"), roles=[Role.PLATFORMLID]
    )
    return ProjectFactory(
        request__title=title,
        request__indiener=indiener,
        **({"request__gemeenten": gemeenten} if gemeenten is not None else {}),
        confidential=vertrouwelijk,
        status=status,
        start_date=start,
        end_date=end,
        projectleider=projectleider,
        portefeuillehouder=UserFactory(roles=[Role.DVO_LID], first_name="Burgemeester"),
        approved_on=approved,
    )


def submitted_report(project, *, submitted: datetime.date, **fields):
    values = {
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2026, 6, 30),
        "due_date": datetime.date(2026, 7, 31),
        "status": "ingediend",
        "status_overall": "aandacht",
        "status_time": "knelpunt",
        "status_money": "op_koers",
        "status_scope": "op_koers",
        "progress_content": "De werkwijze is in vijf gemeenten ingevoerd.",
        "progress_process": "De projectgroep komt elke zes weken bijeen.",
        "risks": "Capaciteit bij de politie.",
        "spent_to_date": Decimal("4200.50"),
        "submitted_at": moment(submitted),
    }
    values.update(fields)
    return ProgressReportFactory(project=project, **values)


def beslispunt(project, text: str, raised: datetime.date, **fields) -> Beslispunt:
    item = BeslispuntFactory(project=project, text=text, **fields)
    Beslispunt.objects.filter(pk=item.pk).update(created_at=moment(raised))
    return item


def full_project(title: str, **kwargs):
    """A running project with a report, indicators, milestones, budget and a beslispunt."""
    project = running_project(title, **kwargs)
    submitted_report(project, submitted=datetime.date(2026, 7, 20))
    indicator = IndicatorFactory(
        project=project, name="Deelnemende gemeenten", unit="gemeenten", baseline=3, target=14
    )
    MeasurementFactory(indicator=indicator, value=5, measured_on=datetime.date(2026, 6, 30))
    MeasurementFactory(indicator=indicator, value=11, measured_on=datetime.date(2026, 10, 1))
    MilestoneFactory(
        project=project,
        name="Plan van aanpak vastgesteld",
        planned_date=datetime.date(2026, 3, 1),
        actual_date=datetime.date(2026, 2, 27),
        status="gehaald",
    )
    MilestoneFactory(
        project=project, name="Werkwijze in alle gemeenten", planned_date=datetime.date(2026, 5, 1)
    )
    MilestoneFactory(project=project, name="Eindevaluatie", planned_date=datetime.date(2027, 6, 1))
    # Spent to date is the lines' realised amounts; the report's 4.200,50 is their snapshot.
    BudgetLineFactory(
        project=project,
        year=2026,
        planned_amount=Decimal("12500"),
        realised_amount=Decimal("4200.50"),
    )
    BudgetLineFactory(project=project, year=2027, planned_amount=Decimal("7500"))
    beslispunt(
        project,
        "Instemmen met uitbreiding naar alle Twentse gemeenten.",
        datetime.date(2026, 7, 20),
    )
    return project


def gemeente(name: str) -> Organisation:
    return OrganisationFactory(name=name)


def member(project, organisation, hours: int = 4, start=datetime.date(2026, 1, 1), **kwargs):
    return GroupMemberFactory(
        project=project,
        user=UserFactory(organisation=organisation, roles=[Role.PLATFORMLID]),
        organisation=organisation,
        hours_per_week=hours,
        start_date=start,
        **kwargs,
    )
