"""The report pages: permission matrix, the form with its row sets, conflicts, queries, escaping."""

import datetime
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Beslispunt, Measurement, ProgressReport
from tests.factories import (
    BeslispuntFactory,
    BudgetLineFactory,
    IndicatorFactory,
    MeasurementFactory,
    MilestoneFactory,
    ProgressReportFactory,
)
from tests.projects.people import ACTORS, actor_for
from tests.projects.progress.scenario import COMPLETE, at, project_with_people

D = datetime.date
XSS = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
# Who sees the content of a confidential project (docs/ARCHITECTURE.md §4).
CIRCLE = {"voorzitter", "regiocoordinator", "dvo_lid", "projectleider", "portefeuillehouder"}
CIRCLE |= {"groepslid"}
REVIEWERS = {"voorzitter", "regiocoordinator"}

PROJECT_PAGES = ["report_list", "beslispunt_list", "beslispunt_create"]
REPORT_PAGES = ["report_detail", "report_edit", "report_submit", "report_acknowledge"]


def page_url(page, project, report=None):
    if page == "report_overview":
        return reverse("projects:report_overview")
    if page in PROJECT_PAGES:
        return reverse(f"projects:{page}", args=[project.pk])
    return reverse(f"projects:{page}", args=[project.pk, report.pk])


def expected_status(page, actor, vertrouwelijk):
    if page == "report_overview":
        return 200 if actor in REVIEWERS else 403
    if vertrouwelijk and actor not in CIRCLE:
        return 404  # a confidential project's reports are not even hinted at
    return {
        "report_edit": 200 if actor == "projectleider" else 403,
        "report_submit": 200 if actor == "projectleider" else 403,
        "report_acknowledge": 200 if actor in REVIEWERS else 403,
        "beslispunt_create": 200 if actor in {"projectleider", "portefeuillehouder"} else 403,
    }.get(page, 200)


def setup_page(page, vertrouwelijk=False):
    project = project_with_people(vertrouwelijk=vertrouwelijk, start_date=D(2026, 1, 1))
    status = "ingediend" if page == "report_acknowledge" else "concept"
    report = ProgressReportFactory(project=project, status=status, **COMPLETE)
    return project, report


# --- Permission matrix ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("vertrouwelijk", [False, True])
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("page", ["report_overview", *PROJECT_PAGES, *REPORT_PAGES])
def test_permission_matrix(client, request, page, actor, vertrouwelijk):
    project, report = setup_page(page, vertrouwelijk)
    client.force_login(actor_for(request, project, actor))
    response = client.get(page_url(page, project, report))
    assert response.status_code == expected_status(page, actor, vertrouwelijk)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["report_overview", *PROJECT_PAGES, *REPORT_PAGES])
def test_anonymous_visitors_are_sent_to_sign_in(client, page):
    project, report = setup_page(page)
    response = client.get(page_url(page, project, report))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("login")


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["report_submit", "report_acknowledge", "beslispunt_create"])
def test_refused_posts_change_nothing(client, request, page):
    project, report = setup_page(page)
    client.force_login(project.people["buitenstaander"])
    assert client.post(page_url(page, project, report), {"text": "x"}).status_code == 403
    report.refresh_from_db()
    assert report.version == 1 and not Beslispunt.objects.exists()


@pytest.mark.django_db
def test_unknown_projects_and_reports_of_another_project_are_404(client, regiocoordinator):
    project, report = setup_page("report_detail")
    other, other_report = setup_page("report_detail")
    client.force_login(regiocoordinator)
    assert client.get(reverse("projects:report_list", args=[999999])).status_code == 404
    for name in ("report_detail", "report_edit", "report_submit", "report_acknowledge"):
        wrong = reverse(f"projects:{name}", args=[project.pk, other_report.pk])
        assert client.get(wrong).status_code == 404, name


@pytest.mark.django_db
def test_the_edit_page_is_refused_once_the_report_is_submitted(client):
    project, report = setup_page("report_acknowledge")
    client.force_login(project.people["projectleider"])
    assert client.get(page_url("report_edit", project, report)).status_code == 403
    assert client.get(page_url("report_submit", project, report)).status_code == 403


# --- The edit form --------------------------------------------------------------------------


def management(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def form_data(report, *, milestones=(), lines=(), measurements=(), beslispunten=(), **fields):
    """A POST of the edit form: the report's fields and its four row sets."""
    data = {
        "version": str(report.version),
        **COMPLETE,
        "risks": "",
        **fields,
    }
    for prefix, rows, initial in (
        ("mijlpalen", milestones, len(milestones)),
        ("begroting", lines, len(lines)),
        ("metingen", measurements, sum(1 for r in measurements if r.get("id"))),
        ("beslispunten", beslispunten, sum(1 for r in beslispunten if r.get("id"))),
    ):
        data.update(management(prefix, len(rows), initial))
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = "" if value is None else str(value)
    return data


@pytest.mark.django_db
def test_the_projectleider_fills_in_the_whole_report(client):
    project, report = setup_page("report_edit")
    milestone = MilestoneFactory(project=project, planned_date=D(2026, 3, 1))
    indicator = IndicatorFactory(project=project)
    line = BudgetLineFactory(project=project, year=2025)
    client.force_login(project.people["projectleider"])
    response = client.get(page_url("report_edit", project, report))
    html = response.content.decode()
    assert response.status_code == 200
    for label in ("Op koers", "Aandacht", "Knelpunt"):
        assert label in html  # the RAG choices are words, never colour alone
    assert milestone.name in html and line.description in html and indicator.name in html

    response = client.post(
        page_url("report_edit", project, report),
        form_data(
            report,
            milestones=[{"id": milestone.pk, "actual_date": "2026-03-04", "status": "gehaald"}],
            lines=[{"id": line.pk, "realised_amount": "2500"}],
            measurements=[
                {
                    "indicator": indicator.pk,
                    "value": "42",
                    "measured_on": "2025-12-01",
                    "source": "CBS",
                },
                {"indicator": "", "value": "", "measured_on": "", "source": ""},
            ],
            beslispunten=[{"text": "Het DVO besluit over de verlenging."}],
        ),
    )
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == page_url("report_detail", project, report)
    report.refresh_from_db()
    # Spent to date is the snapshot of the budget lines (docs/ARCHITECTURE.md §6.1).
    assert (report.version, report.spent_to_date) == (2, Decimal("2500"))
    milestone.refresh_from_db()
    line.refresh_from_db()
    assert (milestone.status, milestone.actual_date) == ("gehaald", D(2026, 3, 4))
    assert line.realised_amount == Decimal("2500")
    measurement = Measurement.objects.get()
    assert (measurement.indicator, measurement.value, measurement.progress_report) == (
        indicator,
        Decimal("42"),
        report,
    )
    assert report.beslispunten.get().text == "Het DVO besluit over de verlenging."

    detail = client.get(page_url("report_detail", project, report)).content.decode()
    assert "€ 2.500,00" in detail  # the line and the snapshot of spent to date
    assert "rag-knelpunt" in detail and "Knelpunt" in detail


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["milestone", "budget_line", "measurement", "indicator"])
def test_forged_ids_in_the_post_never_reach_another_projects_rows(client, kind):
    project, report = setup_page("report_edit")
    other, other_report = setup_page("report_edit")
    own_milestone = MilestoneFactory(project=project)
    foreign_milestone = MilestoneFactory(project=other)
    foreign_line = BudgetLineFactory(project=other)
    foreign_indicator = IndicatorFactory(project=other)
    foreign_measurement = MeasurementFactory(
        indicator=foreign_indicator, progress_report=other_report
    )
    rows = {
        "milestone": {
            "milestones": [{"id": foreign_milestone.pk, "actual_date": "", "status": "vervallen"}]
        },
        "budget_line": {"lines": [{"id": foreign_line.pk, "realised_amount": "999"}]},
        "measurement": {
            "measurements": [
                {
                    "id": foreign_measurement.pk,
                    "indicator": foreign_indicator.pk,
                    "value": "1",
                    "measured_on": "2025-09-01",
                    "DELETE": "on",
                }
            ]
        },
        "indicator": {
            "measurements": [
                {"indicator": foreign_indicator.pk, "value": "1", "measured_on": "2025-09-01"}
            ]
        },
    }[kind]
    client.force_login(project.people["projectleider"])
    response = client.post(page_url("report_edit", project, report), form_data(report, **rows))
    assert response.status_code == 400
    foreign_milestone.refresh_from_db()
    foreign_line.refresh_from_db()
    assert foreign_milestone.status == "gepland"
    assert foreign_line.realised_amount is None
    assert Measurement.objects.filter(pk=foreign_measurement.pk).exists()
    assert Measurement.objects.count() == 1
    assert own_milestone.history.count() == 1
    assert ProgressReport.objects.get(pk=report.pk).version == 1


@pytest.mark.django_db
def test_a_concurrent_edit_is_refused_and_the_text_is_kept(client):
    project, report = setup_page("report_edit")
    leader = project.people["projectleider"]
    client.force_login(leader)
    first = form_data(report, progress_content="Versie van het eerste tabblad.")
    second = form_data(report, progress_content="Versie van het tweede tabblad.")
    assert client.post(page_url("report_edit", project, report), first).status_code == 302
    response = client.post(page_url("report_edit", project, report), second)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Versie van het tweede tabblad." in html
    assert 'name="version" value="2"' in html  # saving again overwrites knowingly
    assert ProgressReport.objects.get(pk=report.pk).progress_content == (
        "Versie van het eerste tabblad."
    )


@pytest.mark.django_db
def test_bad_input_is_explained_and_kept(client):
    project, report = setup_page("report_edit")
    indicator = IndicatorFactory(project=project)
    client.force_login(project.people["projectleider"])
    response = client.post(
        page_url("report_edit", project, report),
        form_data(
            report,
            progress_content="Mijn tekst.",
            measurements=[{"indicator": indicator.pk, "value": "", "measured_on": "gisteren"}],
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mijn tekst." in html and 'id="form-errors"' in html
    assert not Measurement.objects.exists()


@pytest.mark.django_db
def test_dates_to_come_are_refused_next_to_their_fields_and_kept(client):
    """What a report records has happened (issue 14 item 3): the message in Dutch next to the
    field, the typed date still there, nothing saved."""
    project, report = setup_page("report_edit")
    milestone = MilestoneFactory(project=project, planned_date=D(2026, 3, 1))
    indicator = IndicatorFactory(project=project)
    client.force_login(project.people["projectleider"])
    with at(D(2026, 3, 10)):
        response = client.post(
            page_url("report_edit", project, report),
            form_data(
                report,
                milestones=[{"id": milestone.pk, "actual_date": "2026-04-01", "status": "gehaald"}],
                measurements=[
                    {"indicator": indicator.pk, "value": "3", "measured_on": "2030-01-01"}
                ],
            ),
        )
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("ligt nog in de toekomst") >= 2  # in the summary and at each field
    assert "waarop de mijlpaal is gehaald" in html and "waarop is gemeten" in html
    assert 'value="2026-04-01"' in html and 'value="2030-01-01"' in html
    milestone.refresh_from_db()
    assert milestone.actual_date is None and not Measurement.objects.exists()


@pytest.mark.django_db
def test_save_and_submit_leads_to_the_confirmation(client, regiocoordinator):
    project, report = setup_page("report_edit")
    client.force_login(project.people["projectleider"])
    response = client.post(
        page_url("report_edit", project, report), {**form_data(report), "submit": "1"}
    )
    assert response["Location"] == page_url("report_submit", project, report)
    assert ProgressReport.objects.get(pk=report.pk).status == "concept"


# --- Submit and acknowledge pages -----------------------------------------------------------


@pytest.mark.django_db
def test_submit_confirm_then_submit(client, regiocoordinator, django_capture_on_commit_callbacks):
    project, report = setup_page("report_submit")
    client.force_login(project.people["projectleider"])
    url = page_url("report_submit", project, report)
    assert client.get(url).status_code == 200
    assert ProgressReport.objects.get(pk=report.pk).status == "concept"  # GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response["Location"] == page_url("report_detail", project, report)
    assert ProgressReport.objects.get(pk=report.pk).status == "ingediend"
    assert [m.to for m in mail.outbox] == [[regiocoordinator.email]]


@pytest.mark.django_db
def test_an_incomplete_report_cannot_be_submitted(client):
    project = project_with_people()
    report = ProgressReportFactory(project=project, status_overall="op_koers")
    client.force_login(project.people["projectleider"])
    url = page_url("report_submit", project, report)
    html = client.get(url).content.decode()
    assert "Voortgang inhoud" in html  # what is missing, by its label
    assert page_url("report_edit", project, report) in html
    assert "<form" not in html.split('id="inhoud"')[1]
    response = client.post(url)
    assert response.status_code == 400
    assert ProgressReport.objects.get(pk=report.pk).status == "concept"


@pytest.mark.django_db
def test_acknowledge_confirm_then_acknowledge(
    client, voorzitter, django_capture_on_commit_callbacks
):
    project, report = setup_page("report_acknowledge")
    client.force_login(voorzitter)
    url = page_url("report_acknowledge", project, report)
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.discussed_by) == ("besproken", voorzitter)
    assert [m.to for m in mail.outbox] == [[project.people["projectleider"].email]]
    # A second click (or a stale tab) is refused.
    assert client.post(url).status_code == 403


# --- Beslispunten ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["projectleider", "portefeuillehouder"])
def test_a_beslispunt_is_added_from_the_project(client, who):
    project = project_with_people()
    client.force_login(project.people[who])
    url = reverse("projects:beslispunt_create", args=[project.pk])
    assert client.post(url, {"text": ""}).status_code == 400
    response = client.post(url, {"text": "Besluit over de inzet van de boa's."})
    assert response["Location"] == reverse("projects:beslispunt_list", args=[project.pk])
    beslispunt = Beslispunt.objects.get()
    assert (beslispunt.project, beslispunt.status, beslispunt.raised_by) == (
        project,
        "open",
        project.people[who],
    )
    listing = client.get(response["Location"]).content.decode()
    assert "Besluit over de inzet van de boa&#x27;s." in listing


# --- The overview ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_overview_filters_by_status_overdue_and_year(client, regiocoordinator):
    late = ProgressReportFactory(project=project_with_people(), due_date=D(2026, 1, 31))
    submitted = ProgressReportFactory(
        project=project_with_people(), status="ingediend", due_date=D(2026, 1, 31)
    )
    future = ProgressReportFactory(
        project=project_with_people(),
        due_date=D(2026, 7, 31),
        period_start=D(2026, 1, 1),
        period_end=D(2026, 6, 30),
    )
    older = ProgressReportFactory(
        project=project_with_people(),
        status="besproken",
        due_date=D(2025, 7, 31),
        period_start=D(2025, 1, 1),
        period_end=D(2025, 6, 30),
    )
    client.force_login(regiocoordinator)
    url = reverse("projects:report_overview")

    def titles(query):
        with at(D(2026, 3, 2)):
            page = client.get(url, query).context["page"]
        return {r.pk for r in page.object_list}

    assert titles({}) == {late.pk, submitted.pk, future.pk, older.pk}
    assert titles({"overdue": "ja"}) == {late.pk}
    assert titles({"overdue": "nee"}) == {submitted.pk, future.pk, older.pk}
    assert titles({"status": "ingediend"}) == {submitted.pk}
    assert titles({"year": "2025"}) == {older.pk}
    with at(D(2026, 3, 2)):
        html = client.get(url).content.decode()
    assert "overdue-badge" in html


@pytest.mark.django_db
def test_the_overview_is_paginated(client, regiocoordinator):
    project = project_with_people()
    for year in range(2000, 2030):
        ProgressReportFactory(project=project, due_date=D(year, 1, 31))
    client.force_login(regiocoordinator)
    first = client.get(reverse("projects:report_overview"))
    assert len(first.context["page"].object_list) == 25
    second = client.get(reverse("projects:report_overview"), {"page": 2})
    assert len(second.context["page"].object_list) == 5


# --- The project page's section -------------------------------------------------------------


@pytest.mark.django_db
def test_the_project_page_shows_the_latest_statuses_next_due_date_and_overdue_flag(client):
    project = project_with_people(start_date=D(2025, 7, 1))
    ProgressReportFactory(project=project, status="besproken", **COMPLETE)  # due 31 Jan 2026
    ProgressReportFactory(
        project=project,
        due_date=D(2026, 7, 31),
        period_start=D(2026, 1, 1),
        period_end=D(2026, 6, 30),
    )
    BeslispuntFactory(project=project, text="Besluit over de verlenging.")
    client.force_login(project.people["portefeuillehouder"])
    with at(D(2026, 8, 3)):
        html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    section = html.split('id="rapportages-titel"')[1]
    assert "31 juli 2026" in section  # the next (overdue) due date
    assert "overdue-badge" in section
    assert "rag-knelpunt" in section and "rag-aandacht" in section
    assert "Besluit over de verlenging." in section
    assert reverse("projects:beslispunt_create", args=[project.pk]) in section


@pytest.mark.django_db
def test_the_section_is_hidden_on_a_confidential_project_for_outsiders(client):
    project = project_with_people(vertrouwelijk=True)
    BeslispuntFactory(project=project, text="Geheim besluit.")
    client.force_login(project.people["buitenstaander"])
    html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert 'id="rapportages-titel"' not in html and "Geheim besluit." not in html


@pytest.mark.django_db
def test_opening_the_reports_page_creates_the_reports_owed(client):
    project = project_with_people(start_date=D(2026, 1, 1))
    client.force_login(project.people["groepslid"])  # others only look
    with at(D(2026, 3, 2)):
        client.get(reverse("projects:report_list", args=[project.pk]))
    assert not ProgressReport.objects.exists()
    client.force_login(project.people["projectleider"])
    with at(D(2026, 3, 2)):
        html = client.get(reverse("projects:report_list", args=[project.pk])).content.decode()
    assert ProgressReport.objects.filter(project=project, due_date=D(2026, 7, 31)).exists()
    assert "31 juli 2026" in html


# --- Escaping -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_user_text_is_escaped_on_every_page(client, regiocoordinator):
    project = project_with_people(title=XSS, request__title=XSS)
    report = ProgressReportFactory(
        project=project,
        status="ingediend",
        **{**COMPLETE, "progress_content": XSS, "progress_process": XSS},
        risks=XSS,
    )
    MilestoneFactory(project=project, name=XSS)
    MeasurementFactory(
        indicator=IndicatorFactory(project=project, name=XSS), source=XSS, progress_report=report
    )
    BudgetLineFactory(project=project, description=XSS, year=2025)
    BeslispuntFactory(project=project, progress_report=report, text=XSS)
    client.force_login(regiocoordinator)
    urls = [
        reverse("projects:report_overview"),
        reverse("projects:report_list", args=[project.pk]),
        reverse("projects:report_detail", args=[project.pk, report.pk]),
        reverse("projects:report_acknowledge", args=[project.pk, report.pk]),
        reverse("projects:beslispunt_list", args=[project.pk]),
        reverse("projects:detail", args=[project.pk]),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert XSS not in html, url
        assert ESCAPED in html, url


@pytest.mark.django_db
def test_the_edit_form_escapes_user_text(client):
    project = project_with_people(title=XSS, request__title=XSS)
    report = ProgressReportFactory(project=project, progress_content=XSS)
    MilestoneFactory(project=project, name=XSS)
    BudgetLineFactory(project=project, description=XSS, year=2025)
    BeslispuntFactory(project=project, progress_report=report, text=XSS)
    client.force_login(project.people["projectleider"])
    html = client.get(
        reverse("projects:report_edit", args=[project.pk, report.pk])
    ).content.decode()
    assert XSS not in html and ESCAPED in html


# --- Query counts ---------------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)  # warm up: sessions, reports created on first visit
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_rows(project, report, n):
    for i in range(n):
        MilestoneFactory(project=project)
        MeasurementFactory(indicator=IndicatorFactory(project=project), progress_report=report)
        BudgetLineFactory(project=project, year=2025, description=f"Regel {i}")
        BeslispuntFactory(project=project, progress_report=report)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["report_list", "report_detail", "report_edit", "beslispunt_list"])
def test_query_counts_do_not_grow_with_rows(client, page):
    counts = []
    for n in (1, 6):
        project = project_with_people(start_date=D(2026, 1, 1))
        report = ProgressReportFactory(project=project, status="concept")
        for year in range(2000, 2000 + n):
            ProgressReportFactory(project=project, due_date=D(year, 1, 31))
        add_rows(project, report, n)
        client.force_login(project.people["projectleider"])
        counts.append(count_queries(client, page_url(page, project, report)))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_query_count_of_the_overview_does_not_grow(client, regiocoordinator):
    client.force_login(regiocoordinator)
    counts = []
    for n in (2, 12):
        for _ in range(n):
            ProgressReportFactory(project=project_with_people())
        counts.append(count_queries(client, reverse("projects:report_overview")))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_query_count_of_the_project_section_does_not_grow(client):
    counts = []
    for n in (1, 8):
        project = project_with_people()
        for year in range(2000, 2000 + n):
            ProgressReportFactory(project=project, due_date=D(year, 1, 31), **COMPLETE)
            BeslispuntFactory(project=project)
        client.force_login(project.people["projectleider"])
        counts.append(count_queries(client, reverse("projects:detail", args=[project.pk])))
    assert counts[0] == counts[1]
