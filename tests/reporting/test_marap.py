"""The marap: which projects, which figures, as of the peildatum; confidential projects bare."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reporting import marap
from reporting.render import PrintDocument, render_template_pdf
from tests.factories import ContributionYearFactory, MunicipalityYearFactory
from tests.reporting import marap_data as data
from tests.reporting.pdf_text import declares_pdf_ua_1, flat_text
from tests.site.demo import load_demo_data

pytestmark = pytest.mark.django_db

YEAR, PEILDATUM = data.YEAR, data.PEILDATUM


def _context(**kwargs):
    return marap.build_context(year=YEAR, peildatum=PEILDATUM, **kwargs)


def _titles(context) -> list[str]:
    return [project.title for project in context["projects"]]


def _project(context, title):
    return next(project for project in context["projects"] if project.title == title)


def test_default_peildatum_is_1_september():
    assert marap.default_peildatum(2027) == datetime.date(2027, 9, 1)
    assert marap.build_context(year=2030)["peildatum"] == datetime.date(2030, 9, 1)


def test_only_projects_running_on_the_peildatum():
    data.running_project("Loopt al een jaar", approved=datetime.date(2025, 3, 1))
    data.running_project("Goedgekeurd op de peildatum", approved=PEILDATUM)
    data.running_project("Pas na de peildatum goedgekeurd", approved=datetime.date(2026, 9, 2))
    closed_before = data.running_project("Afgerond in juni", status="afgerond")
    data.event(closed_before, "afgerond", datetime.date(2026, 6, 1))
    closed_after = data.running_project("Gestopt in oktober", status="gestopt")
    data.event(closed_after, "gestopt", datetime.date(2026, 10, 1))
    evaluating = data.running_project("In evaluatie", status="evaluatie")
    data.event(evaluating, "evaluatie", datetime.date(2026, 8, 1))

    context = _context()

    assert _titles(context) == [
        "Gestopt in oktober",
        "Goedgekeurd op de peildatum",
        "In evaluatie",
        "Loopt al een jaar",
    ]
    # The status it had on the peildatum, not today's.
    assert _project(context, "Gestopt in oktober").status_label == "In uitvoering"
    assert _project(context, "In evaluatie").status_label == "Evaluatie"


def test_projects_without_events_count_by_their_dates():
    data.ProjectFactory(title="Oud project", running=True, start_date=datetime.date(2025, 1, 1))
    data.ProjectFactory(title="Start later", running=True, start_date=datetime.date(2026, 12, 1))
    data.ProjectFactory(
        title="In voorbereiding", staffed=True, start_date=datetime.date(2026, 1, 1)
    )
    assert _titles(_context()) == ["Oud project"]


def test_figures_of_a_project_as_of_the_peildatum():
    project = data.full_project("Aanpak woninginbraken", projectleider=data.leader("anna"))
    # After the peildatum: a report submitted later counts as missing, not as latest.
    data.submitted_report(
        project,
        submitted=datetime.date(2026, 9, 20),
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2025, 12, 31),
        due_date=datetime.date(2026, 1, 31),
        status_overall="knelpunt",
        spent_to_date=Decimal("99"),
    )
    data.beslispunt(project, "Pas in oktober ingebracht.", datetime.date(2026, 10, 2))

    details = _project(_context(), "Aanpak woninginbraken").details

    report = details.latest_report
    assert report.period_end == datetime.date(2026, 6, 30)
    assert (report.time.code, report.time.label) == ("knelpunt", "Knelpunt")
    assert report.money.label == "Op koers"
    assert report.overall.label == "Aandacht"
    assert report.progress_content == "De werkwijze is in vijf gemeenten ingevoerd."
    assert details.spent_to_date == Decimal("4200.50")
    assert details.budget_year == Decimal("12500")
    assert details.budget_total == Decimal("20000")
    assert details.spent_share == Decimal("4200.50") / Decimal("20000")
    assert [m.name for m in details.late_milestones] == ["Werkwijze in alle gemeenten"]
    assert details.late_milestones[0].days_late == 123
    assert (details.milestones_met, details.milestones_total) == (1, 3)
    [indicator] = details.indicators
    assert (indicator.target, indicator.achieved) == (Decimal("14"), Decimal("5"))
    assert indicator.measured_on == datetime.date(2026, 6, 30)
    assert indicator.reached is False
    assert [b.text for b in details.beslispunten] == [
        "Instemmen met uitbreiding naar alle Twentse gemeenten."
    ]
    assert [r.due_date for r in details.missing_reports] == [datetime.date(2026, 1, 31)]
    assert details.missing_reports[0].days_overdue == 213


def test_missing_reports_and_beslispunten_decided_before_the_peildatum():
    project = data.running_project("Zonder rapportage")
    data.ProgressReportFactory(
        project=project,
        period_start=datetime.date(2026, 2, 10),
        period_end=datetime.date(2026, 6, 30),
        due_date=datetime.date(2026, 7, 31),
    )
    data.ProgressReportFactory(
        project=project,
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 12, 31),
        due_date=datetime.date(2027, 1, 31),
    )
    decided = data.beslispunt(project, "Al besloten.", datetime.date(2026, 3, 1), status="besloten")
    meeting = data_meeting(datetime.date(2026, 4, 1))
    item = data.BeslispuntFactory._meta.model.objects.get(pk=decided.pk)
    from tests.factories import AgendaItemFactory

    AgendaItemFactory(
        meeting=meeting,
        beslispunt=item,
        kind="beslispunt",
        decision="vastgesteld",
        decided_at=data.moment(datetime.date(2026, 4, 1)),
    )
    data.beslispunt(project, "Nog open.", datetime.date(2026, 8, 1))

    context = _context()

    assert [(row.project_title, row.item.due_date) for row in context["missing_reports"]] == [
        ("Zonder rapportage", datetime.date(2026, 7, 31))
    ]
    assert [row.item.text for row in context["beslispunten"]] == ["Nog open."]
    assert _project(context, "Zonder rapportage").details.latest_report is None


def data_meeting(day):
    from tests.factories import MeetingFactory

    return MeetingFactory(body="dvo", date=day)


def test_a_confidential_project_carries_only_title_status_and_leader():
    secret = data.full_project(
        "Ondermijning haven", vertrouwelijk=True, projectleider=data.leader("geheim")
    )
    data.ProgressReportFactory(
        project=secret,
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2025, 12, 31),
        due_date=datetime.date(2026, 1, 31),
    )

    context = _context()

    [row] = context["projects"]
    assert (row.title, row.status_label, row.projectleider) == (
        "Ondermijning haven",
        "In uitvoering",
        "Geheim Leider",
    )
    assert row.details is None
    assert context["beslispunten"] == []
    assert context["missing_reports"] == []
    assert context["confidential_count"] == 1
    assert context["finance"]["budget_total"] == 0


def test_hours_delivered_to_the_peildatum_against_the_pledge_due():
    settings = ContributionYearFactory(year=YEAR)
    hengelo = data.gemeente("Hengelo")
    MunicipalityYearFactory(settings=settings, organisation=hengelo, population=81067)
    project = data.running_project("Uren project")
    data.member(project, hengelo, hours=4, start=datetime.date(2026, 1, 1))

    hours = _context()["hours"]

    row = next(row for row in hours.rows if row.name == "Hengelo")
    days = (PEILDATUM - datetime.date(2026, 1, 1)).days + 1
    assert row.delivered == Decimal(4) * days / 7
    assert row.pledged_year == Decimal(6) * 52
    assert row.pledged_to_date == Decimal(6) * 52 * Decimal(days) / Decimal(365)
    assert hours.until == PEILDATUM
    assert "Hengelo" in hours.chart


def test_no_contribution_year_means_no_hours_section():
    assert _context()["hours"] is None


def _build_portfolio(count: int, offset: int = 0):
    for number in range(offset, offset + count):
        data.full_project(f"Project {number:03d}", projectleider=data.leader(f"pl{number}"))


def test_query_count_does_not_grow_with_the_projects():
    ContributionYearFactory(year=YEAR)
    _build_portfolio(3)
    with CaptureQueriesContext(connection) as small:
        _context()
    _build_portfolio(9, offset=3)
    with CaptureQueriesContext(connection) as large:
        context = _context()
    assert len(context["projects"]) == 12
    assert len(large) == len(small)


def test_template_shows_the_figures_and_escapes_user_text():
    project = data.full_project("Project <b>vet</b>", projectleider=data.leader("bert"))
    data.beslispunt(project, "<script>alert(1)</script>", datetime.date(2026, 8, 1))

    html = render_to_string("reporting/pdf/marap.html", {**_context(), "document": None})

    assert "Project &lt;b&gt;vet&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert "€ 4.200,50" in html
    assert "€ 20.000,00" in html
    assert "Werkwijze in alle gemeenten" in html
    for anchor, _title in marap.toc():
        assert f'id="{anchor}"' in html


# --- The PDF ----------------------------------------------------------------------------------


def _pdf(context) -> bytes:
    document = PrintDocument(title=f"Marap {YEAR}", year=YEAR, date=PEILDATUM, is_concept=False)
    return render_template_pdf("reporting/pdf/marap.html", {**context, "document": document})


def test_pdf_shows_the_running_projects_with_their_figures():
    ContributionYearFactory(year=YEAR)
    data.full_project("Aanpak woninginbraken", projectleider=data.leader("anna"))
    data.running_project("Pas in oktober goedgekeurd", approved=datetime.date(2026, 10, 1))
    secret = data.full_project(
        "Ondermijning haven", vertrouwelijk=True, projectleider=data.leader("geheim")
    )
    secret.progress_reports.update(progress_content="Geheime inval in de haven gepland.")
    secret.budget_lines.update(planned_amount=Decimal("98765.43"))
    secret.milestones.update(name="Geheime mijlpaal")
    data.beslispunt(secret, "Geheim beslispunt.", datetime.date(2026, 8, 1))

    pdf = _pdf(_context())
    text = flat_text(pdf)

    assert declares_pdf_ua_1(pdf)
    assert re.search(r"pagina 1 van (\d+)", text)
    assert "Inhoud" in text
    assert "Aanpak woninginbraken" in text
    assert "Anna Leider" in text
    assert "Knelpunt" in text and "Aandacht" in text and "Op koers" in text
    assert "De werkwijze is in vijf gemeenten ingevoerd." in text
    assert "Werkwijze in alle gemeenten" in text
    assert "€ 12.500,00" in text and "€ 20.000,00" in text and "€ 4.200,50" in text
    assert "Instemmen met uitbreiding naar alle Twentse gemeenten." in text
    assert "Pas in oktober goedgekeurd" not in text
    # The confidential project: its title, status and leader, nothing else.
    assert "Ondermijning haven" in text
    assert "Geheim Leider" in text
    for secret_text in (
        "Geheime inval",
        "98.765,43",
        "Geheime mijlpaal",
        "Geheim beslispunt",
    ):
        assert secret_text not in text


def test_pdf_prints_script_in_user_text_as_text():
    project = data.full_project("Project met code", projectleider=data.leader("code"))
    project.progress_reports.update(progress_content="<script>alert('x')</script> klaar")

    text = flat_text(_pdf(_context()))

    assert "<script>alert('x')</script>klaar" in text.replace(" ", "")


def test_demo_data_marap(settings):
    load_demo_data()
    today = timezone.localdate()
    context = marap.build_context(year=today.year, peildatum=today)
    titles = _titles(context)
    # The demo's running project and the stopped one (stopped weeks ago) were not both
    # running today; those in preparation never are.
    assert any(title.startswith("Triagevoorziening verwarde personen") for title in titles)
    assert not any(title.startswith("Casusoverleg Mensenhandel") for title in titles)
    assert not any(title.startswith("Borging aanpak woninginbraken") for title in titles)
    triage = next(p for p in context["projects"] if p.title.startswith("Triagevoorziening"))
    assert triage.details.budget_total == Decimal("12500")
    assert triage.details.milestones_met == 1
    text = flat_text(
        render_template_pdf(
            "reporting/pdf/marap.html",
            {**context, "document": PrintDocument(title="Marap", year=today.year)},
        )
    )
    assert triage.title in text
    assert "€ 12.500,00" in text


def test_hours_chart_uses_the_report_font():
    # A gemeente that pledges hours: a chart without any hours is a sentence instead.
    MunicipalityYearFactory(settings=ContributionYearFactory(year=YEAR))
    chart = str(_context()["hours"].chart)
    assert chart.startswith("<svg")
    assert "font-family=\"&#x27;Source Sans 3&#x27;, sans-serif\"" in chart


def test_a_year_without_running_projects_says_so():
    text = flat_text(_pdf(marap.build_context(year=2030)))
    assert "Op de peildatum liep geen enkel project." in text
    assert "Voor 2030 zijn geen bijdragen ingevoerd" in text
    assert re.search(r"pagina 1 van \d+", text)
