"""Purpose-built data for the jaarplan and jaarverslag tests: a year (2026) with a running
project, a planned one, one that ended before the year, one that starts after it, a
confidential one, meetings, contributions and intake events."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string

from intake.models import ProjectRequest, RequestEvent
from platform_ivz.core.roles import Role
from projects.models import Project
from reporting.render import PrintDocument, render_template_pdf
from tests.factories import (
    BudgetLineFactory,
    ContributionYearFactory,
    EvaluationFactory,
    GroupMemberFactory,
    IncomeLineFactory,
    IndicatorFactory,
    MeasurementFactory,
    MeetingFactory,
    MilestoneFactory,
    MunicipalityYearFactory,
    OrganisationFactory,
    PartnerFactory,
    PartnerPledgeFactory,
    ProgressReportFactory,
    ProjectFactory,
    ProjectPlanFactory,
    UserFactory,
)
from tests.reporting.pdf_text import flat_text, reader

YEAR = 2026
D = datetime.date


@dataclass
class Scenario:
    running: Project
    planned: Project
    ended: Project
    future: Project
    confidential: Project


def leader(name: str, organisation: str = "Hengelo"):
    first, last = name.split(" ", 1)
    return UserFactory(
        first_name=first,
        last_name=last,
        organisation=OrganisationFactory(name=organisation),
        roles=[Role.PLATFORMLID],
    )


def project(title: str, *, start=None, end=None, status="in_uitvoering", **kwargs) -> Project:
    return ProjectFactory(
        request__title=title,
        confidential=kwargs.pop("vertrouwelijk", False),
        start_date=start,
        end_date=end,
        status=status,
        **kwargs,
    )


def build_projects() -> Scenario:
    running = project(
        "Aanpak woninginbraken Twente",
        start=D(2025, 9, 1),
        end=D(2027, 6, 30),
        theme="woninginbraken",
        projectleider=leader("Kees Brouwer"),
        portefeuillehouder=UserFactory(
            first_name="Ria", last_name="Burgemeester", roles=[Role.DVO_LID]
        ),
    )
    ProjectPlanFactory(
        project=running,
        status="vastgesteld",
        doelstelling="Het aantal woninginbraken daalt met een kwart.",
        projectresultaat="Een regionale aanpak met buurtpreventie-apps.",
    )
    indicator = IndicatorFactory(
        project=running,
        name="Woninginbraken per jaar",
        unit="inbraken",
        baseline=Decimal("1200"),
        target=Decimal("900"),
        target_date=D(2027, 6, 30),
    )
    MeasurementFactory(indicator=indicator, value=Decimal("1010"), measured_on=D(2026, 6, 30))
    MeasurementFactory(indicator=indicator, value=Decimal("975.5"), measured_on=D(2026, 12, 1))
    MeasurementFactory(indicator=indicator, value=Decimal("700"), measured_on=D(2027, 3, 1))
    MilestoneFactory(
        project=running,
        name="Buurtpreventie in acht gemeenten",
        planned_date=D(2026, 5, 1),
        actual_date=D(2026, 5, 12),
        status="gehaald",
    )
    MilestoneFactory(project=running, name="Evaluatie heling", planned_date=D(2026, 11, 1))
    MilestoneFactory(project=running, name="Mijlpaal uit 2025", planned_date=D(2025, 10, 1))
    BudgetLineFactory(
        project=running,
        description="Inhuur projectondersteuning",
        year=YEAR,
        planned_amount=Decimal("12345.67"),
        realised_amount=Decimal("8000.50"),
    )
    BudgetLineFactory(
        project=running,
        description="Campagne",
        funding_source="lokaal",
        year=YEAR,
        planned_amount=Decimal("2500"),
        realised_amount=Decimal("2600"),
    )
    BudgetLineFactory(
        project=running, description="Begroting 2027", year=2027, planned_amount=Decimal("777")
    )
    ProgressReportFactory(
        project=running,
        period_start=D(2026, 1, 1),
        period_end=D(2026, 6, 30),
        due_date=D(2026, 7, 31),
        status="besproken",
        status_overall="op_koers",
        progress_content="Buurtpreventie draait in acht gemeenten.",
        spent_to_date=Decimal("6000"),
    )
    GroupMemberFactory(
        project=running,
        user=running.projectleider,
        organisation=running.projectleider.organisation,
        hours_per_week=Decimal("4"),
        start_date=D(2025, 9, 1),
        end_date=D(2027, 6, 30),
    )

    planned = project(
        "Verwarde personen: zorg en veiligheid",
        status="in_voorbereiding",
        theme="verwarde_personen",
    )
    planned.request.doelstelling = "Snellere zorg voor verwarde personen."
    planned.request.save()

    ended = project(
        "Jaarwisseling 2024 rustig verlopen",
        start=D(2024, 9, 1),
        end=D(2025, 1, 31),
        status="afgerond",
        theme="overig",
    )
    future = project(
        "Cybercrime bij ondernemers", start=D(2027, 2, 1), end=D(2027, 12, 31), theme="overig"
    )
    confidential = project(
        "Ondermijning vakantieparken",
        start=D(2026, 1, 1),
        end=D(2026, 10, 31),
        status="afgerond",
        theme="ondermijning",
        vertrouwelijk=True,
        projectleider=leader("Vera Geheim", "Almelo"),
    )
    ProjectPlanFactory(
        project=confidential,
        status="vastgesteld",
        doelstelling="Geheim doel: criminele netwerken op parken X en Y.",
    )
    IndicatorFactory(project=confidential, name="Geheime indicator", target=Decimal("31"))
    MilestoneFactory(project=confidential, name="Geheime mijlpaal", planned_date=D(2026, 3, 3))
    BudgetLineFactory(
        project=confidential,
        description="Geheime inhuur",
        year=YEAR,
        planned_amount=Decimal("43210.98"),
    )
    evaluation_meeting = MeetingFactory(body="dvo", date=D(2026, 11, 20))
    EvaluationFactory(
        project=confidential,
        status="vastgesteld",
        q9="Geheime les over informanten.",
        dvo_meeting=evaluation_meeting,
    )
    return Scenario(running, planned, ended, future, confidential)


def build_year() -> None:
    settings = ContributionYearFactory(year=YEAR)
    MunicipalityYearFactory(
        settings=settings, organisation=OrganisationFactory(name="Hengelo"), population=81067
    )
    MunicipalityYearFactory(
        settings=settings,
        organisation=OrganisationFactory(name="Borne"),
        population=22113,
        choice="ophoging",
    )
    PartnerPledgeFactory(
        settings=settings,
        organisation=PartnerFactory(),
        contact_name="J. Jansen",
        hours_per_week=Decimal("8"),
    )
    IncomeLineFactory(
        settings=settings, description="Subsidie Veilig Twente", amount=Decimal("5000")
    )
    MeetingFactory(body="platform", date=D(2026, 2, 12), location="Stadhuis Hengelo")
    MeetingFactory(body="dvo", date=D(2026, 3, 5), location="Stadhuis Enschede")
    MeetingFactory(body="platform", date=D(2025, 12, 1), location="Vorig jaar")


def _document(title: str, year: int) -> PrintDocument:
    return PrintDocument(title=title, year=year, date=D(year, 3, 1), introduction="Inleiding.")


def render(template: str, context: dict, *, title: str = "Jaarplan 2026", year=YEAR) -> str:
    """The content template as HTML, with the document that core's service adds."""
    return render_to_string(template, {**context, "document": _document(title, year)})


def render_pdf(template: str, context: dict, *, title: str, year=YEAR) -> tuple[bytes, str]:
    """The content template as a PDF, read back as text on one line."""
    pdf = render_template_pdf(template, {**context, "document": _document(title, year)})
    return pdf, flat_text(pdf)


def request_event(request: ProjectRequest, from_status, to_status, at: datetime.datetime):
    event = RequestEvent.objects.create(
        request=request,
        transition="test",
        from_status=from_status,
        to_status=to_status,
        actor=request.indiener,
    )
    RequestEvent.objects.filter(pk=event.pk).update(at=at)


def fonts(pdf: bytes) -> set[str]:
    """The base fonts of every page, including those inside the charts' form XObjects."""
    found = set()

    def walk(resources):
        resources = resources.get_object() if resources else {}
        for font in (resources.get("/Font") or {}).values():
            found.add(str(font.get_object()["/BaseFont"]))
        for xobject in (resources.get("/XObject") or {}).values():
            walk(xobject.get_object().get("/Resources"))

    for page in reader(pdf).pages:
        walk(page.get("/Resources"))
    return found
