"""The portfolio and evaluation pages in Chromium: axe-core finds nothing, the CSP holds, and
an evaluation is started, written and submitted by keyboard and mouse as people do."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from platform_ivz.core.roles import Role
from projects.formats import EVALUATION_QUESTIONS
from projects.models import Project
from tests.browser.helpers import assert_accessible, login
from tests.factories import (
    PASSWORD,
    BudgetLineFactory,
    IndicatorFactory,
    MeasurementFactory,
    MilestoneFactory,
    ProgressReportFactory,
    ProjectFactory,
    UserFactory,
)
from tests.projects.people import project_with_people
from tests.projects.portfolio.scenario import confidential_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = datetime.date


def running_project():
    project = project_with_people(
        title="Aanpak woninginbraken",
        status="in_uitvoering",
        start_date=D(2025, 1, 1),
        end_date=D(2026, 6, 30),
        theme=Project.Theme.WONINGINBRAKEN,
        with_plan=True,
    )
    indicator = IndicatorFactory(project=project, name="Aangesloten gemeenten", target=14)
    MeasurementFactory(indicator=indicator, value=12, measured_on=D(2026, 1, 15))
    MilestoneFactory(
        project=project,
        name="Start",
        planned_date=D(2025, 2, 1),
        actual_date=D(2025, 3, 1),
        status="gehaald",
    )
    MilestoneFactory(project=project, name="Eindrapport", planned_date=D(2026, 6, 1))
    BudgetLineFactory(project=project, year=2025, planned_amount=10000, realised_amount=9000)
    ProgressReportFactory(project=project, status="ingediend", status_overall="aandacht")
    ProgressReportFactory(
        project=project,
        due_date=D(2025, 7, 31),
        period_start=D(2025, 1, 1),
        period_end=D(2025, 6, 30),
    )
    return project


def test_the_portfolio_is_accessible(page, live_server):
    project = running_project()
    secret = confidential_project()
    login(page, live_server, secret.people["buitenstaander"].username, PASSWORD)
    page.goto("/projecten/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator('svg[role="img"]')).to_be_visible()
    expect(page.get_by_text("Geheime mijlpaal")).to_have_count(0)
    assert_accessible(page)
    page.locator("#id_theme").select_option(project.theme)
    page.locator('form[role="search"] button[type="submit"]').click()
    expect(page.get_by_role("link", name="Aanpak woninginbraken")).to_be_visible()
    expect(page.get_by_role("link", name="Geheim project")).to_have_count(0)
    assert_accessible(page)
    with page.expect_download() as download:
        page.locator('a[href$="export=csv"]').click()
    assert download.value.suggested_filename.startswith("projectenportfolio-")


def test_an_evaluation_is_started_written_and_submitted(page, live_server):
    project = running_project()
    login(page, live_server, project.people["projectleider"].username, PASSWORD)
    page.goto(project.get_absolute_url())
    assert_accessible(page)
    evaluation = f"/projecten/{project.pk}/evaluatie/"
    page.locator(f'a[href="{evaluation}starten/"]').click()
    expect(page).to_have_url(f"{live_server.url}{evaluation}starten/")
    page.wait_for_load_state()
    assert_accessible(page)
    page.locator('main button[type="submit"]').click()
    expect(page).to_have_url(f"{live_server.url}{evaluation}")
    page.wait_for_load_state()
    assert_accessible(page)
    page.locator(f'a[href="{evaluation}schrijven/"]').first.click()
    expect(page).to_have_url(f"{live_server.url}{evaluation}schrijven/")
    page.wait_for_load_state()
    assert_accessible(page)
    for _key, question in EVALUATION_QUESTIONS[:-1]:
        page.get_by_label(question).fill(f"Antwoord: {question}")
    page.locator('button[name="submit"]').click()
    # One question is still open: the form says which, and keeps everything typed.
    expect(page.locator("#form-errors")).to_be_visible()
    page.wait_for_load_state()
    assert_accessible(page)
    last = EVALUATION_QUESTIONS[-1][1]
    page.get_by_label(last).fill("Ja, binnen het budget.")
    page.locator('button[name="submit"]').click()
    expect(page).to_have_url(f"{live_server.url}{evaluation}")
    page.wait_for_load_state()
    project.refresh_from_db()
    assert project.status == Project.Status.EVALUATIE_TER_VASTSTELLING
    assert_accessible(page)


def _people_projects():
    lies = UserFactory(first_name="Lies", last_name="Leider", roles=[Role.PLATFORMLID])
    other = UserFactory(first_name="Kees", last_name="Ander", roles=[Role.PLATFORMLID])
    ProjectFactory(title="Project van Lies", projectleider=lies)
    ProjectFactory(title="Project van Kees", projectleider=other)
    return lies


def test_the_people_filter_suggests_names_by_keyboard(page, live_server, regiocoordinator):
    """With JavaScript: a labelled combobox (tom-select) that suggests leaders as one types;
    a choice by keyboard filters by that person, whose name stays in the field."""
    lies = _people_projects()
    login(page, live_server, regiocoordinator.username, PASSWORD)
    page.goto("/projecten/")
    combobox = page.get_by_role("combobox", name="Projectleider")
    combobox.focus()
    combobox.press_sequentially("lie", delay=30)
    suggestion = page.get_by_role("option", name="Lies Leider")
    expect(suggestion).to_be_visible()
    expect(page.get_by_role("option", name="Kees Ander")).to_have_count(0)
    assert_accessible(page)  # with the suggestions open
    # The first option is the typed words themselves ("Zoek op naam: lie"); then the person.
    combobox.press("ArrowDown")
    expect(suggestion).to_have_class(re.compile(r"\bactive\b"))
    combobox.press("Enter")
    expect(suggestion).to_be_hidden()
    # A reply to the words typed before the choice, arriving late (as on a busy server),
    # leaves the list closed: it once covered the submit button.
    page.evaluate("document.getElementById('id_projectleider').tomselect.load('lies')")
    expect(page.locator(".ts-wrapper.loading")).to_have_count(0)
    expect(page.locator(".ts-dropdown").first).to_be_hidden()
    page.locator('form[role="search"] button[type="submit"]').click()
    expect(page).to_have_url(re.compile(rf"projectleider={lies.pk}(&|$)"))
    expect(page.get_by_role("link", name="Project van Lies")).to_be_visible()
    expect(page.get_by_role("link", name="Project van Kees")).to_have_count(0)
    expect(page.locator(".ts-control .item")).to_have_text("Lies Leider")
    assert_accessible(page)


def test_the_people_filter_works_without_javascript(browser, live_server, regiocoordinator):
    """Without JavaScript the field is a search field: the words typed are looked up in the
    leaders' names."""
    _people_projects()
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", java_script_enabled=False
    )
    page = context.new_page()
    try:
        login(page, live_server, regiocoordinator.username, PASSWORD)
        page.goto("/projecten/")
        field = page.get_by_label("Projectleider")
        expect(field).to_have_attribute("type", "search")
        field.fill("leider")
        page.locator('form[role="search"] button[type="submit"]').click()
        expect(page).to_have_url(re.compile(r"projectleider=leider"))
        expect(page.get_by_role("link", name="Project van Lies")).to_be_visible()
        expect(page.get_by_role("link", name="Project van Kees")).to_have_count(0)
        expect(page.get_by_label("Projectleider")).to_have_value("leider")
    finally:
        context.close()
