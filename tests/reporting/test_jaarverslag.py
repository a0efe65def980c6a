"""The jaarverslag: intake figures, what each project achieved, evaluations with their
lessons, contributions, hours delivered against pledged and money planned against spent."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.models import ProjectRequest
from projects.models import Project
from reporting import jaarverslag
from tests.factories import (
    EvaluationFactory,
    IndicatorFactory,
    MeasurementFactory,
    MeetingFactory,
    MilestoneFactory,
    ProgressReportFactory,
    ProjectRequestFactory,
)
from tests.reporting.annual_scenario import (
    YEAR,
    build_projects,
    build_year,
    fonts,
    project,
    render,
    render_pdf,
    request_event,
)
from tests.reporting.pdf_text import declares_pdf_ua_1

pytestmark = pytest.mark.django_db
D = datetime.date
Status = ProjectRequest.Status
# The jaarverslag over 2026 is written in February 2027.
AFTER_THE_YEAR = datetime.datetime(2027, 2, 15, 10, tzinfo=datetime.UTC)


def html(context) -> str:
    return render("reporting/pdf/jaarverslag.html", context, title="Jaarverslag 2026")


def moment(year, month, day):
    return datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)


def test_intake_figures_count_what_happened_in_the_year(db):
    def requested(*events):
        request = ProjectRequestFactory(status=events[-1][1])
        for from_status, to_status, at in events:
            request_event(request, from_status, to_status, at)
        return request

    requested((Status.CONCEPT, Status.INGEDIEND, moment(2026, 2, 1)))
    requested(
        (Status.CONCEPT, Status.INGEDIEND, moment(2026, 3, 1)),
        (Status.INGEDIEND, Status.AANVULLING_GEVRAAGD, moment(2026, 3, 10)),
        (Status.AANVULLING_GEVRAAGD, Status.INGEDIEND, moment(2026, 3, 20)),
        (Status.INGEDIEND, Status.GOEDGEKEURD, moment(2026, 4, 1)),
    )
    requested(
        (Status.CONCEPT, Status.INGEDIEND, moment(2025, 11, 1)),
        (Status.INGEDIEND, Status.AFGEWEZEN, moment(2026, 1, 15)),
    )
    requested(
        (Status.CONCEPT, Status.INGEDIEND, moment(2026, 5, 1)),
        (Status.INGEDIEND, Status.INGETROKKEN, moment(2026, 5, 2)),
    )
    requested(
        (Status.CONCEPT, Status.INGEDIEND, moment(2026, 12, 1)),
        (Status.INGEDIEND, Status.GOEDGEKEURD, moment(2027, 1, 10)),
    )
    requested((Status.CONCEPT, Status.INGEDIEND, moment(2027, 1, 2)))
    figures = jaarverslag.build_context(year=YEAR)["intake"]
    assert figures.received == 4  # the resubmission counts once, 2025 and 2027 not at all
    assert figures.approved == 1
    assert figures.rejected == 1
    assert figures.withdrawn == 1
    assert figures.information_requested == 1
    assert figures.decided == 2
    assert figures.open_at_year_end == 2  # the one of February and the one of December
    assert jaarverslag.build_context(year=2025)["intake"].received == 1


@time_machine.travel(AFTER_THE_YEAR, tick=False)
def test_the_pdf_shows_results_money_and_hours(scenario):
    pdf, text = render_pdf(
        "reporting/pdf/jaarverslag.html",
        jaarverslag.build_context(year=YEAR),
        title="Jaarverslag 2026",
    )
    assert declares_pdf_ua_1(pdf)
    assert "pagina 1 van" in text
    # Text and charts (the hours chart too) in the font the application ships.
    assert {font.split("+")[-1].split("-")[0] for font in fonts(pdf)} == {"Source"}
    assert "Aanpak woninginbraken Twente" in text
    assert "Buurtpreventie draait in acht gemeenten." in text  # the progress report
    # Target against the latest measurement of the year (not the one of 2027).
    assert "975,5" in text and "700" not in text
    assert "12 mei 2026" in text  # milestone met
    assert "€ 12.345,67" in text and "€ 8.000,50" in text
    assert "€ 14.845,67" in text and "€ 10.600,50" in text
    assert "Jaarwisseling 2024" not in text and "Cybercrime bij ondernemers" not in text
    # Hours: Hengelo pledged 6 h × 52, delivered 4 h a week in 2026 (4 × 365 / 7).
    assert "312,0" in text and "208,6" in text
    assert "Politie Oost-Nederland (district Twente)" in text
    assert "€ 16.213" in text and "€ 16.213,40" not in text  # whole euros, as the seed


def test_indicators_compare_target_with_the_latest_value_of_the_year(scenario):
    context = jaarverslag.build_context(year=YEAR)
    running = next(p for p in context["projects"] if p.title == scenario.running.title)
    (indicator,) = running.indicators
    assert indicator.achieved == Decimal("975.5")
    assert indicator.measured_on == D(2026, 12, 1)
    assert indicator.lower_is_better and indicator.reached is False
    assert [m.name for m in running.milestones_met] == ["Buurtpreventie in acht gemeenten"]
    assert running.planned == Decimal("14845.67") and running.realised == Decimal("10600.50")
    assert context["milestones_met"] == 1
    assert (context["indicators_reached"], context["indicator_count"]) == (0, 1)


def test_an_indicator_not_measured_in_the_year_is_counted_as_unknown_not_as_missed(scenario):
    """Issue 15: unknown is shown as unknown. "0 of 2 reached their target" said of an
    indicator nobody measured that it was missed."""
    IndicatorFactory(
        project=scenario.running,
        name="Aangesloten buurtapps",
        target=Decimal("40"),
        target_date=D(2027, 6, 30),
    )
    context = jaarverslag.build_context(year=YEAR)
    assert (context["indicators_reached"], context["indicator_count"]) == (0, 2)
    assert context["indicators_unmeasured"] == 1
    text = " ".join(html(context).split())
    assert (
        "0 van de 2 prestatie-indicatoren haalden aan het eind van het jaar hun streefwaarde; "
        "1 is in 2026 niet gemeten."
    ) in text


def test_a_draft_progress_report_is_not_what_was_achieved(scenario):
    ProgressReportFactory(
        project=scenario.running,
        period_start=D(2026, 7, 1),
        period_end=D(2026, 12, 31),
        due_date=D(2027, 1, 31),
        status="concept",
        progress_content="Nog niet ingediend concept.",
    )
    page = html(jaarverslag.build_context(year=YEAR))
    assert "Buurtpreventie draait in acht gemeenten." in page
    assert "Nog niet ingediend concept." not in page


def test_evaluations_completed_in_the_year_with_their_lessons(scenario):
    finished = project("Burgernet in Twente", start=D(2025, 1, 1), end=D(2026, 4, 30))
    EvaluationFactory(
        project=finished,
        status="vastgesteld",
        q4="Ja, 12.000 deelnemers.",
        q9="Begin vroeg met de communicatie.",
        dvo_meeting=MeetingFactory(body="dvo", date=D(2026, 6, 18)),
    )
    earlier = project("Evaluatie van vorig jaar", start=D(2025, 1, 1), end=D(2026, 1, 31))
    EvaluationFactory(
        project=earlier,
        status="vastgesteld",
        q9="Een oude les.",
        dvo_meeting=MeetingFactory(body="dvo", date=D(2025, 12, 10)),
    )
    draft = project("Evaluatie nog in concept", start=D(2025, 1, 1), end=D(2026, 3, 31))
    EvaluationFactory(project=draft, status="ter_vaststelling", q9="Nog niet vastgesteld.")
    context = jaarverslag.build_context(year=YEAR)
    assert [p.title for p in context["evaluations"]] == ["Burgernet in Twente"]
    page = html(context)
    assert "Begin vroeg met de communicatie." in page
    assert "Ja, 12.000 deelnemers." in page
    assert "18 juni 2026" in page
    assert "Een oude les." not in page and "Nog niet vastgesteld." not in page


def test_a_confidential_project_shows_title_status_and_leader_only(scenario):
    context = jaarverslag.build_context(year=YEAR)
    row = next(p for p in context["projects"] if p.vertrouwelijk)
    assert row.evaluation is None and row.progress is None and row.indicators == []
    assert context["evaluations"] == []
    page = html(context)
    assert "Ondermijning vakantieparken" in page and "Vera Geheim" in page
    for secret in ["Geheim doel", "Geheime les", "Geheime indicator", "Geheime mijlpaal"]:
        assert secret not in page
    assert "43.210,98" not in page


def test_toc_anchors_exist_in_the_document(scenario):
    context = jaarverslag.build_context(year=YEAR)
    page = html(context)
    for anchor, _title in context["toc"]:
        assert f'id="{anchor}"' in page


def test_a_year_without_contribution_settings_says_so(db):
    build_projects()
    context = jaarverslag.build_context(year=YEAR)
    assert context["hours"] is None
    assert "Voor 2026 zijn nog geen bijdragen" in html(context)


def _projects(count: int):
    for number in range(count):
        row = project(f"Project {number}", start=D(2026, 1, 1), theme="overig")
        indicator = IndicatorFactory(project=row, target=Decimal("10"))
        MeasurementFactory(indicator=indicator, measured_on=D(2026, 6, 1))
        MilestoneFactory(project=row, planned_date=D(2026, 6, 1), status="gehaald")
        ProgressReportFactory(
            project=row,
            period_start=D(2026, 1, 1),
            period_end=D(2026, 6, 30),
            due_date=D(2026, 7, 31),
            status="ingediend",
        )
        EvaluationFactory(
            project=row,
            status="vastgesteld",
            q9="Les.",
            dvo_meeting=MeetingFactory(body="dvo", date=D(2026, 11, 1)),
        )
    project(f"Vertrouwelijk {count}", start=D(2026, 1, 1), vertrouwelijk=True)


def _queries(count: int) -> int:
    _projects(count)
    with CaptureQueriesContext(connection) as captured:
        html(jaarverslag.build_context(year=YEAR))
    return len(captured.captured_queries)


@time_machine.travel(AFTER_THE_YEAR, tick=False)
def test_query_count_does_not_grow_with_the_projects(db):
    build_year()
    few = _queries(3)
    Project.objects.all().delete()
    assert _queries(12) == few


@time_machine.travel(datetime.datetime(2026, 12, 20, 10, tzinfo=datetime.UTC), tick=False)
def test_demo_data(db):
    call_command("load_demo_data", verbosity=0)
    context = jaarverslag.build_context(year=2026)
    assert context["intake"].received >= context["intake"].approved > 0
    assert context["intake"].rejected and context["intake"].withdrawn
    assert context["hours"] is not None and context["hours"].delivered > 0
    running = Project.objects.filter(status=Project.Status.IN_UITVOERING, vertrouwelijk=False)
    shown = {row.title for row in context["projects"]}
    assert set(running.values_list("title", flat=True)) <= shown
    _pdf, text = render_pdf("reporting/pdf/jaarverslag.html", context, title="Jaarverslag 2026")
    for title in running.values_list("title", flat=True):
        assert title[:30] in text
    assert "De werkwijze is in vijf gemeenten ingevoerd." in text


def test_the_years_budget_sets_income_against_money_planned_and_spent(scenario):
    context = jaarverslag.build_context(year=YEAR)
    budget = context["budget"]
    rows = {row.label: row for row in budget.by_source}
    assert (rows["Budget Platform"].planned, rows["Budget Platform"].realised) == (
        Decimal("12345.67"),
        Decimal("8000.50"),
    )
    assert rows["Budget Platform"].to_platform and not rows["Lokaal"].to_platform
    assert (rows["Lokaal"].planned, rows["Lokaal"].realised) == (Decimal("2500"), Decimal("2600"))
    # Inwonersbijdragen 103.180 × € 0,20, Borne's surcharge rounded to whole euros, a subsidy.
    assert budget.income == Decimal("20636") + Decimal("3317") + Decimal("5000")
    assert budget.balance_planned == Decimal("28953") - Decimal("12345.67")
    assert budget.balance_realised == Decimal("28953") - Decimal("8000.50")
    assert budget.confidential_left_out == 1  # its € 43.210,98 is in none of these
    page = html(context)
    assert "€ 16.607,33" in page and "€ 20.952,50" in page
    assert "De bedragen van één vertrouwelijk project zijn niet opgenomen." in page


def test_a_funding_source_without_lines_is_a_dash_not_unknown(scenario):
    """Subsidy and partner money: no line planned, none recorded. '—', explained below the
    table; 'niet gerapporteerd' only for planned money without realised amounts."""
    context = jaarverslag.build_context(year=YEAR)
    rows = {row.label: row for row in context["budget"].by_source}
    assert rows["Subsidie"].nothing and rows["Partner"].nothing
    assert not rows["Lokaal"].nothing
    page = html(context)
    table = page[page.index("Projectkosten in") :]
    table = table[: table.index("</table>")]
    for source in ("Subsidie", "Partner"):
        row = table[table.index(f">{source}") :].split("</tr>")[0]
        assert "€ 0,00" not in row and "niet gerapporteerd" not in row
        assert row.count("—") == 2
    assert "—: niets gepland en niets vastgelegd." in page
