"""A progress report as people write it: the projectleider fills it in and submits it, the
regiocoördinator acknowledges it. Every page of the report area passes axe-core."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from projects.models import Beslispunt, ProgressReport
from tests.browser.helpers import assert_accessible, login
from tests.factories import (
    PASSWORD,
    BudgetLineFactory,
    IndicatorFactory,
    MilestoneFactory,
    ProgressReportFactory,
    person,
)
from tests.projects.progress.scenario import project_with_people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_write_submit_and_acknowledge_a_progress_report(page, live_server):
    project = project_with_people(start_date=datetime.date(2025, 7, 1), title="Aanpak babbeltrucs")
    leader = project.people["projectleider"]
    coordinator = person("r_regio", "regiocoordinator", "Enschede")
    report = ProgressReportFactory(project=project)  # due 31 January 2026, overdue by now
    milestone = MilestoneFactory(project=project, name="Werkconferentie")
    indicator = IndicatorFactory(project=project, name="Aantal meldingen")
    BudgetLineFactory(project=project, year=2025, description="Voorlichting")

    login(page, live_server, leader.username, PASSWORD)
    page.goto(f"{live_server.url}/projecten/{project.pk}/")
    section = page.locator("section", has=page.locator("#rapportages-titel"))
    expect(section.locator(".overdue-badge").first).to_be_visible()
    assert_accessible(page)
    section.locator(f'a[href="/projecten/{project.pk}/rapportages/"]').click()
    assert_accessible(page)
    page.locator(f'a[href="/projecten/{project.pk}/rapportages/{report.pk}/bewerken/"]').click()
    assert_accessible(page)

    # The RAG choices are words (op koers / aandacht / knelpunt), in this order.
    page.get_by_label("Op koers").first.check()
    page.locator("#id_status_time_1").check()
    page.locator("#id_status_money_0").check()
    page.locator("#id_status_scope_2").check()
    expect(page.locator("label[for=id_status_scope_2]")).to_have_text("Knelpunt")
    page.get_by_label("Voortgang inhoud").fill("Twee werkconferenties gehouden.")
    page.get_by_label("Voortgang proces").fill("De projectgroep komt maandelijks bijeen.")
    page.locator("#id_mijlpalen-0-status").select_option("gehaald")
    page.locator("#id_mijlpalen-0-actual_date").fill("2025-11-03")
    page.locator("#id_metingen-0-indicator").select_option(str(indicator.pk))
    page.locator("#id_metingen-0-value").fill("17")
    page.locator("#id_metingen-0-measured_on").fill("2025-12-01")
    page.locator("#id_beslispunten-0-text").fill("Het DVO besluit over verlenging tot 2027.")
    page.get_by_role("button", name="Opslaan en indienen").click()

    expect(page).to_have_url(re.compile(r"/indienen/$"))
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/rapportages/{report.pk}/$"))
    assert_accessible(page)
    report.refresh_from_db()
    milestone.refresh_from_db()
    assert report.status == ProgressReport.Status.INGEDIEND
    assert milestone.status == "gehaald"
    assert report.measurements.get().value == 17
    assert Beslispunt.objects.get().progress_report == report

    page.context.clear_cookies()
    login(page, live_server, coordinator.username, PASSWORD)
    page.goto(f"{live_server.url}/projecten/rapportages/")
    assert_accessible(page)
    page.locator(f'a[href="/projecten/{project.pk}/rapportages/{report.pk}/"]').click()
    assert_accessible(page)
    page.locator('main a[href$="/besproken/"]').click()
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/rapportages/{report.pk}/$"))
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.BESPROKEN
    assert report.discussed_by == coordinator


def test_beslispunt_pages_and_a_form_with_errors_are_accessible(page, live_server):
    project = project_with_people()
    report = ProgressReportFactory(project=project)
    BudgetLineFactory(project=project, year=report.period_end.year)  # typed wrong below
    login(page, live_server, project.people["portefeuillehouder"].username, PASSWORD)
    page.goto(f"{live_server.url}/projecten/{project.pk}/beslispunten/nieuw/")
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_text").fill("Besluit nodig.")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_text("Besluit nodig.")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, live_server, project.people["projectleider"].username, PASSWORD)
    page.goto(f"{live_server.url}/projecten/{project.pk}/rapportages/{report.pk}/bewerken/")
    page.locator("#id_begroting-0-realised_amount").fill("veel")
    page.locator("button[name=save]").click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/projecten/{project.pk}/rapportages/{report.pk}/indienen/")
    assert_accessible(page)  # the incomplete report: what is missing, no button
