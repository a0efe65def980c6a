"""The jaarplan: which projects belong to the year, what it shows of them, the contributions,
capacity, budget and calendar; confidential projects without details; constant queries."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Project, ProjectEvent
from reporting import jaarplan
from tests.factories import BudgetLineFactory, IndicatorFactory, MilestoneFactory
from tests.reporting.annual_scenario import (
    YEAR,
    build_projects,
    build_year,
    fonts,
    project,
    render,
    render_pdf,
)
from tests.reporting.pdf_text import declares_pdf_ua_1

pytestmark = pytest.mark.django_db
D = datetime.date


def html(context) -> str:
    return render("reporting/pdf/jaarplan.html", context)


def titles(year: int) -> set[str]:
    return {row.title for row in jaarplan.build_context(year=year)["projects"]}


def test_the_pdf_shows_the_years_projects_figures_and_amounts(scenario):
    pdf, text = render_pdf(
        "reporting/pdf/jaarplan.html", jaarplan.build_context(year=YEAR), title="Jaarplan 2026"
    )
    assert declares_pdf_ua_1(pdf)
    assert "pagina 1 van" in text
    # Text and charts alike in the font the application ships, on every machine.
    assert {font.split("+")[-1].split("-")[0] for font in fonts(pdf)} == {"Source"}
    # The running project with its goal, result, milestones in the year, indicator, budget.
    assert "Aanpak woninginbraken Twente" in text
    assert "Het aantal woninginbraken daalt met een kwart." in text
    assert "Een regionale aanpak met buurtpreventie-apps." in text
    assert "Buurtpreventie in acht gemeenten" in text
    assert "Evaluatie heling" in text
    assert "Mijlpaal uit 2025" not in text
    assert "Woninginbraken per jaar" in text
    assert "1.200" in text and "900" in text
    assert "€ 12.345,67" in text
    assert "€ 14.845,67" in text
    assert "€ 777,00" not in text  # the 2027 budget line
    assert "Kees Brouwer" in text and "Ria Burgemeester" in text
    # The planned project, with the request's goal while it has no plan.
    assert "Verwarde personen: zorg en veiligheid" in text
    assert "Snellere zorg voor verwarde personen." in text
    # Not in 2026.
    assert "Jaarwisseling 2024" not in text
    assert "Cybercrime bij ondernemers" not in text
    # Contributions, capacity, budget and calendar.
    assert "€ 16.213" in text and "16.213,40" not in text  # 81.067 × € 0,20, whole euros
    assert "€ 3.317" in text and "3.316,95" not in text  # Borne's surcharge, as the seed rounds
    assert "Politie Oost-Nederland (district Twente)" in text and "J. Jansen" in text
    assert "Subsidie Veilig Twente" in text
    assert "12 februari 2026" in text and "Stadhuis Hengelo" in text
    assert "Vorig jaar" not in text
    assert "31 januari 2026" in text and "31 juli 2026" in text
    assert "1 september 2026" in text


def test_a_confidential_project_shows_title_status_and_leader_only(scenario):
    context = jaarplan.build_context(year=YEAR)
    row = next(p for p in context["projects"] if p.vertrouwelijk)
    assert (row.title, row.status_label, row.projectleider) == (
        "Ondermijning vakantieparken",
        "Afgerond",
        "Vera Geheim",
    )
    assert (row.goal, row.indicators, row.milestones, row.budget_lines) == ("", [], [], [])
    assert row.start_date is None and row.theme == ""
    page = html(context)
    assert "Ondermijning vakantieparken" in page and "Vera Geheim" in page
    for secret in ["Geheim doel", "Geheime indicator", "Geheime mijlpaal", "Geheime inhuur"]:
        assert secret not in page
    assert "43.210,98" not in page
    assert context["budget"].confidential_left_out == 1
    assert context["budget"].planned == Decimal("14845.67")


def test_which_projects_belong_to_the_year(db):
    project("Eindigt op nieuwjaarsdag", start=D(2025, 3, 1), end=D(2026, 1, 1))
    project("Eindigt op oudejaarsdag ervoor", start=D(2025, 3, 1), end=D(2025, 12, 31))
    project("Begint op oudejaarsdag", start=D(2026, 12, 31), end=D(2027, 5, 1))
    project("Begint het jaar erna", start=D(2027, 1, 1))
    project("Loopt door zonder einddatum", start=D(2024, 1, 1))
    project("Nog te bemensen", status="te_bemensen")
    project("Afgerond zonder datums", status="afgerond")
    stopped = project("Gestopt in 2025", start=D(2025, 1, 1), end=D(2027, 1, 1), status="gestopt")
    event = ProjectEvent.objects.create(
        project=stopped, transition="stop", to_status="gestopt", actor=stopped.request.indiener
    )
    ProjectEvent.objects.filter(pk=event.pk).update(
        at=datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC)
    )
    later = project("Aangemaakt in 2027", status="te_bemensen")
    Project.objects.filter(pk=later.pk).update(
        created_at=datetime.datetime(2027, 1, 5, 12, tzinfo=datetime.UTC)
    )
    assert titles(YEAR) == {
        "Eindigt op nieuwjaarsdag",
        "Begint op oudejaarsdag",
        "Loopt door zonder einddatum",
        "Nog te bemensen",
    }
    assert "Gestopt in 2025" in titles(2025)
    assert "Aangemaakt in 2027" in titles(2027)


def test_projects_are_grouped_by_focus_theme_in_the_seeds_order(scenario):
    project("Ondermijning in het buitengebied", start=D(2026, 1, 1), theme="ondermijning")
    sections = jaarplan.build_context(year=YEAR)["sections"]
    assert [s.key for s in sections] == ["woninginbraken", "verwarde_personen", "ondermijning"]
    assert sections[0].planned == Decimal("14845.67")
    toc = dict(jaarplan.build_context(year=YEAR)["toc"])
    assert toc["theme-ondermijning"] == sections[2].label
    assert {"focus", "confidential", "contributions", "capacity", "budget", "calendar"} <= set(toc)


def test_toc_anchors_exist_in_the_document(scenario):
    context = jaarplan.build_context(year=YEAR)
    page = html(context)
    for anchor, _title in context["toc"]:
        assert f'id="{anchor}"' in page


def test_capacity_compares_pledged_hours_with_hours_scheduled_in_projects(scenario):
    rows = {row.organisation: row for row in jaarplan.build_context(year=YEAR)["capacity"]}
    hengelo = rows["Hengelo"]
    assert hengelo.pledged_per_week == Decimal("6")
    assert hengelo.pledged == Decimal("312")
    assert hengelo.scheduled.quantize(Decimal("0.1")) == Decimal("208.6")  # 4 h × 365 / 7
    assert hengelo.note == "minder uren ingepland dan toegezegd"
    assert rows["Borne"].pledged == 0


def test_a_year_without_contribution_settings_says_so(db):
    build_projects()
    context = jaarplan.build_context(year=YEAR)
    assert context["settings"] is None and context["capacity"] == []
    page = html(context)
    assert "No contributions, tariffs or pledges have been recorded for 2026 yet" in page or (
        "Voor 2026 zijn nog geen bijdragen" in page
    )


def test_user_text_is_escaped(db):
    evil = project("<script>alert(1)</script> & co", start=D(2026, 1, 1))
    evil.request.doelstelling = "<b>vet</b>"
    evil.request.save()
    page = html(jaarplan.build_context(year=YEAR))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert "&lt;b&gt;vet&lt;/b&gt;" in page


def _projects(count: int):
    for number in range(count):
        row = project(f"Project {number}", start=D(2026, 1, 1), theme="overig")
        IndicatorFactory(project=row, target=Decimal("10"))
        MilestoneFactory(project=row, planned_date=D(2026, 6, 1))
        BudgetLineFactory(project=row, year=YEAR, planned_amount=Decimal("100"))
    project(f"Vertrouwelijk {count}", start=D(2026, 1, 1), vertrouwelijk=True)


def _queries(count: int) -> int:
    _projects(count)
    with CaptureQueriesContext(connection) as captured:
        html(jaarplan.build_context(year=YEAR))
    return len(captured.captured_queries)


def test_query_count_does_not_grow_with_the_projects(db):
    build_year()
    few = _queries(3)
    Project.objects.all().delete()
    assert _queries(12) == few


@time_machine.travel(datetime.datetime(2026, 11, 15, 10, tzinfo=datetime.UTC), tick=False)
def test_demo_data(db):
    call_command("load_demo_data", verbosity=0)
    context = jaarplan.build_context(year=2026)
    shown = {row.title for row in context["projects"]}
    running = Project.objects.filter(status=Project.Status.IN_UITVOERING)
    assert running.exists()
    assert set(running.values_list("title", flat=True)) <= shown
    assert context["settings"] is not None
    assert context["calendar"]
    _pdf, text = render_pdf("reporting/pdf/jaarplan.html", context, title="Jaarplan 2026")
    for title in running.values_list("title", flat=True):
        assert title[:30] in text
    for row in context["projects"]:
        if row.vertrouwelijk:
            assert row.goal == "" and row.budget_lines == []


def test_the_summary_counts_running_new_and_closed_projects(scenario):
    project("Afgerond in 2026", start=D(2025, 5, 1), end=D(2026, 4, 1), status="afgerond")
    context = jaarplan.build_context(year=YEAR)
    assert (context["running_count"], context["new_count"], context["closed_count"]) == (1, 1, 1)
    assert "Lopend: 1; nog te starten: 1." in html(context)
    assert "Eén project is in de loop van het jaar afgerond of gestopt." in html(context)
