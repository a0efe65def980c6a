"""The factsheet of a gemeente: its projects, its people's hours, its contribution and choice."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contributions.models import YearSettings
from platform_ivz.core.formatting import euro_whole
from platform_ivz.core.models import Organisation
from reporting import factsheet
from reporting.render import PrintDocument, render_template_pdf
from tests.factories import ContributionYearFactory, MunicipalityYearFactory
from tests.reporting import marap_data as data
from tests.reporting.pdf_text import declares_pdf_ua_1, flat_text
from tests.site.demo import load_demo_data

pytestmark = pytest.mark.django_db

YEAR = 2026
DAYS = Decimal(365)


@pytest.fixture(autouse=True)
def year_over():
    """The factsheet of a past year counts its hours over the whole year."""
    with time_machine.travel(datetime.datetime(2027, 2, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def hengelo():
    return Organisation.objects.get(name="Hengelo")


@pytest.fixture
def contributions(hengelo):
    settings = ContributionYearFactory(year=YEAR)
    MunicipalityYearFactory(settings=settings, organisation=hengelo, population=81067)
    MunicipalityYearFactory(
        settings=settings,
        organisation=Organisation.objects.get(name="Borne"),
        population=22113,
        choice="ophoging",
    )
    return settings


def _scenario(hengelo):
    enschede = Organisation.objects.get(name="Enschede")
    plays = data.running_project(
        "Speelt in Hengelo", gemeenten=[hengelo], start=datetime.date(2025, 6, 1)
    )
    data.member(plays, hengelo, hours=4, start=datetime.date(2026, 1, 1))
    data.running_project("Elders in Twente", gemeenten=[enschede])
    secret = data.running_project(
        "Vertrouwelijk dossier",
        gemeenten=[enschede],
        vertrouwelijk=True,
        projectleider=data.leader("geheim", "Enschede"),
    )
    data.member(secret, hengelo, hours=2, start=datetime.date(2026, 1, 1), name="Geheime Agent")
    data.running_project(
        "Vorig jaar afgerond",
        gemeenten=[hengelo],
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2025, 6, 30),
    )
    data.running_project(
        "Geleid vanuit Hengelo",
        gemeenten=[enschede],
        projectleider=data.leader("hans", "Hengelo"),
    )


def test_projects_the_gemeente_takes_part_in_during_the_year(hengelo):
    _scenario(hengelo)

    context = factsheet.build_context(organisation=hengelo, year=YEAR)

    rows = {row.project.title: row for row in context["projects"]}
    assert list(rows) == ["Geleid vanuit Hengelo", "Speelt in Hengelo", "Vertrouwelijk dossier"]
    assert rows["Speelt in Hengelo"].involvement == (
        "speelt in de gemeente, mensen in de projectgroep"
    )
    assert rows["Speelt in Hengelo"].project.members == 1
    assert rows["Geleid vanuit Hengelo"].involvement == "levert de projectleider"
    secret = rows["Vertrouwelijk dossier"].project
    assert (secret.title, secret.status_label, secret.projectleider) == (
        "Vertrouwelijk dossier",
        "In uitvoering",
        "Geheim Leider",
    )
    assert secret.involvement == () and secret.theme_label == "" and secret.members == 0
    assert rows["Vertrouwelijk dossier"].involvement == ""


def test_hours_pledged_and_delivered(hengelo, contributions):
    _scenario(hengelo)

    hours = factsheet.build_context(organisation=hengelo, year=YEAR)["hours"]

    assert hours.complete
    assert hours.pledged_per_week == Decimal(6)
    assert hours.pledged == Decimal(6 * 52)
    # 4 h a week all year, 2 h on the confidential project, 4 h as projectleider from 15 Jan.
    leader_days = Decimal((datetime.date(2026, 12, 31) - datetime.date(2026, 1, 15)).days + 1)
    expected = (4 * DAYS + 2 * DAYS + 4 * leader_days) / 7
    assert round(hours.delivered, 6) == round(expected, 6)
    rows = {row.project: row for row in hours.rows}
    assert rows["Speelt in Hengelo"].hours == 4 * DAYS / 7
    hidden = rows[""]
    assert hidden.confidential_count == 1
    assert hidden.hours == 2 * DAYS / 7
    assert hidden.people == ""


def test_contribution_and_choice(hengelo, contributions):
    contribution = factsheet.build_context(organisation=hengelo, year=YEAR)["contribution"]

    row = contribution["row"]
    assert row.inwonersbijdrage == Decimal("16213.40")
    assert row.hours_per_week == Decimal(6)
    assert row.choice_label == "Uren leveren"
    assert row.surcharge_due == 0
    assert row.total == Decimal("16213.40")
    # Borne pays 22.113 × (0,20 + 0,15) = 7.739,55.
    assert contribution["region_total"] == Decimal("16213.40") + Decimal("7739.55")
    assert (contribution["choosing_hours"], contribution["choosing_surcharge"]) == (1, 1)


def test_pdf_text(hengelo, contributions):
    _scenario(hengelo)
    document = PrintDocument(title="Factsheet Hengelo 2026", year=YEAR, is_concept=False)

    pdf = render_template_pdf(
        "reporting/pdf/factsheet.html",
        {**factsheet.build_context(organisation=hengelo, year=YEAR), "document": document},
    )
    text = flat_text(pdf)

    assert declares_pdf_ua_1(pdf)
    assert "pagina 1 van" in text
    assert "Speelt in Hengelo" in text
    assert "Geleid vanuit Hengelo" in text
    assert "Vertrouwelijk dossier" in text
    assert "Elders in Twente" not in text
    assert "Vorig jaar afgerond" not in text
    assert "Geheime Agent" not in text
    assert "€ 16.213" in text and "€ 16.213,40" not in text  # whole euros, as the seed
    assert "81.067" in text
    assert "Uren leveren" in text
    assert "312,0" in text  # pledged for the year: 6 × 52


def test_without_contribution_year(hengelo):
    _scenario(hengelo)
    context = factsheet.build_context(organisation=hengelo, year=YEAR)
    assert context["hours"] is None and context["contribution"] is None
    text = flat_text(
        render_template_pdf(
            "reporting/pdf/factsheet.html", {**context, "document": PrintDocument("F")}
        )
    )
    assert "Speelt in Hengelo" in text


def test_query_count_does_not_grow_with_the_projects(hengelo, contributions):
    def add(count, offset):
        for number in range(offset, offset + count):
            project = data.running_project(f"Project {number}", gemeenten=[hengelo])
            data.member(project, hengelo)
            data.submitted_report(project, submitted=datetime.date(2026, 7, 20))

    add(3, 0)
    with CaptureQueriesContext(connection) as small:
        factsheet.build_context(organisation=hengelo, year=YEAR)
    add(9, 3)
    with CaptureQueriesContext(connection) as large:
        context = factsheet.build_context(organisation=hengelo, year=YEAR)
    assert context["project_count"] == 12
    assert len(large) == len(small)


def test_demo_data_factsheet():
    load_demo_data()
    hengelo = Organisation.objects.get(name="Hengelo")
    year = timezone.localdate().year

    context = factsheet.build_context(organisation=hengelo, year=year)

    rows = {row.project.title: row for row in context["projects"]}
    dashboard = next(title for title in rows if title.startswith("Regionaal dashboard"))
    assert "levert de projectleider" in rows[dashboard].involvement  # Joost Mulder, Hengelo
    settings = YearSettings.objects.get(year=year)
    assert context["contribution"]["row"].inwonersbijdrage == (
        context["contribution"]["row"].population * settings.tariff_per_inhabitant
    )
    assert context["hours"].delivered > 0
    document = PrintDocument(title=f"Factsheet Hengelo {year}", year=year)
    text = flat_text(
        render_template_pdf("reporting/pdf/factsheet.html", {**context, "document": document})
    )
    assert dashboard in text
    assert euro_whole(context["contribution"]["row"].total) in text
