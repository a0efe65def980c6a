"""Issue 14's throughput in the browser, as its users walk it: an approved project's plan
(pre-filled from the request) is returned by the Platform, resubmitted as version 2, approved
by the Platform and the DVO; then a beslispunt goes through the Platform (advice) to the DVO.
The werkvoorraad's "Te agenderen" is checked on the way; axe-core on every new or changed page.

Selectors use names and URLs where they can; the Dutch texts checked are the ones the issue asks.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from projects.models import Beslispunt, Project, ProjectPlan
from tests.browser.accessibility import layout_problems
from tests.browser.helpers import assert_accessible, login
from tests.browser.throughput_helpers import decide, put_on_agenda, waiting
from tests.factories import (
    PASSWORD,
    BeslispuntFactory,
    IndicatorFactory,
    MeetingFactory,
    MilestoneFactory,
)
from tests.projects.meetings import scenario as meeting_scenario
from tests.projects.meetings.scenario import make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
people = meeting_scenario.people


def sign_in(page, live_server, user):
    page.context.clear_cookies()
    login(page, live_server, user.username, PASSWORD)


def test_plan_returned_resubmitted_approved_and_a_beslispunt_via_the_platform(
    page, live_server, people
):
    project = make_project(people, "in_voorbereiding", title="Aanpak woonoverlast")
    request = project.request
    request.aanleiding = "Woonoverlast door verwarde personen neemt toe."
    request.doelstelling = "Eerder ingrijpen bij escalerende woonoverlast."
    request.risicos = "Te weinig zorgcapaciteit."
    request.save()
    project.start_date = timezone.localdate()
    project.end_date = timezone.localdate() + datetime.timedelta(days=365)
    project.save()
    # The projectgroep cannot begin before the project (projects/models.py, PeriodCheck).
    project.group_members.update(start_date=project.start_date)
    IndicatorFactory(project=project, name="Meldingen woonoverlast", target=120)
    MilestoneFactory(
        project=project,
        name="Werkwijze vastgesteld",
        planned_date=timezone.localdate() + datetime.timedelta(days=90),
    )
    today = timezone.localdate()
    platform = MeetingFactory(body="platform", date=today)
    dvo = MeetingFactory(body="dvo", date=today)

    # The projectleider writes the plan, starting from the request.
    sign_in(page, live_server, people.projectleider)
    page.goto(f"{live_server.url}/projecten/{project.pk}/plan/bewerken/")
    expect(page.locator("textarea[name$=aanleiding]")).to_have_value(request.aanleiding)
    expect(page.locator("textarea[name$=risicos]")).to_have_value(request.risicos)
    expect(page.locator("#verzoek-titel")).to_be_visible()
    assert_accessible(page)
    page.locator("textarea[name$=projectresultaat]").fill("Een regionale werkwijze.")
    page.locator("textarea[name$=planning]").fill("Een jaar, in drie fasen.")
    page.locator("button[name=submit]").click()
    expect(page).to_have_url(re.compile(r"/plan/indienen/$"))
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text(
        "Het plan is ingediend en ligt nu bij het Platform."
    )
    expect(page.locator(".plan-essentials")).to_contain_text("Meldingen woonoverlast")
    assert_accessible(page)

    # The regiocoördinator sees it waiting, puts it on the Platform agenda; it goes back.
    sign_in(page, live_server, people.regiocoordinator)
    section = waiting(page, live_server)
    expect(section).to_contain_text("Aanpak woonoverlast")
    expect(section).to_contain_text("Wacht op het Platform")
    assert_accessible(page)
    version_1 = ProjectPlan.objects.get(project=project, number=1)
    put_on_agenda(page, live_server, platform, f"plan-{version_1.pk}")
    decide(page, live_server, platform, "terug", "Maak het resultaat meetbaar.", check_pages=True)
    row = page.locator("#agenda-titel ~ * tbody tr").first
    expect(row).to_contain_text("Terug met opmerkingen")
    expect(row).to_contain_text("de herziening, versie 2: Concept")
    assert_accessible(page)

    # The projectleider reworks it: version 2, with the remarks above the form.
    sign_in(page, live_server, people.projectleider)
    page.goto(f"{live_server.url}/projecten/{project.pk}/plan/bewerken/")
    expect(page.locator("main")).to_contain_text("Maak het resultaat meetbaar.")
    assert_accessible(page)
    page.locator("textarea[name$=projectresultaat]").fill(
        "Een regionale werkwijze; 20 procent minder meldingen."
    )
    page.locator("button[name=submit]").click()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("ligt nu bij het Platform")
    page.goto(f"{live_server.url}/projecten/{project.pk}/plan/2/wijzigingen/")
    expect(page.locator("main")).to_contain_text("Versie 2 vergeleken met versie 1")
    expect(page.locator("main ins").first).to_be_visible()
    assert_accessible(page)

    # Platform and DVO approve version 2.
    sign_in(page, live_server, people.regiocoordinator)
    version_2 = ProjectPlan.objects.get(project=project, number=2)
    put_on_agenda(page, live_server, platform, f"plan-{version_2.pk}")
    decide(page, live_server, platform, "vastgesteld")
    section = waiting(page, live_server)
    expect(section).to_contain_text("Wacht op het DVO")
    put_on_agenda(page, live_server, dvo, f"plan-{version_2.pk}")
    decide(page, live_server, dvo, "vastgesteld", check_pages=True)
    assert Project.objects.get(pk=project.pk).status == "in_uitvoering"
    expect(waiting(page, live_server)).to_contain_text("Er wacht niets op een agenda")

    # A beslispunt: first the Platform's advice, then the DVO's decision.
    beslispunt = BeslispuntFactory(
        project=project, text="Uitbreiden naar alle gemeenten.", raised_by=people.portefeuillehouder
    )
    section = waiting(page, live_server)
    expect(section).to_contain_text("Wacht op het Platform")
    page.goto(f"{live_server.url}/vergaderingen/{dvo.pk}/agenda/toevoegen/")
    expect(page.locator(f"input[value='beslispunt-{beslispunt.pk}']")).to_have_count(0)
    put_on_agenda(page, live_server, platform, f"beslispunt-{beslispunt.pk}")
    decide(page, live_server, platform, "vastgesteld", "Het Platform adviseert in te stemmen.")
    section = waiting(page, live_server)
    expect(section).to_contain_text("Wacht op het DVO")
    put_on_agenda(page, live_server, dvo, f"beslispunt-{beslispunt.pk}")
    expect(page.locator("main")).to_contain_text("Het Platform adviseert in te stemmen.")
    decide(page, live_server, dvo, "vastgesteld")
    assert Beslispunt.objects.get(pk=beslispunt.pk).status == "besloten"

    page.goto(f"{live_server.url}/projecten/{project.pk}/")
    expect(page.locator(".plan-essentials")).to_contain_text("20 procent minder meldingen")
    assert_accessible(page)


# The approved request beside the plan form: folded where it stands above the form.


def test_the_request_beside_the_plan_form_is_folded_below_1400_px(
    browser, page, live_server, people, tmp_path
):
    project = make_project(people, "in_voorbereiding", title="Aanpak woonoverlast")
    request = project.request
    request.aanleiding = "Woonoverlast door verwarde personen neemt toe."
    request.save()
    url = f"{live_server.url}/projecten/{project.pk}/plan/bewerken/"
    sign_in(page, live_server, people.projectleider)
    # From 1,280 px nothing may scroll sideways: the projectgroep's rows are blocks of fields
    # at every width, also beside the request (they were a 1,700 px table from 1,400 px on).
    for width, opened in ((320, False), (1280, False), (1440, True), (1920, True)):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        details = page.locator("aside details")
        summary = details.locator("summary")
        expect(summary).to_be_visible()
        expect(page.get_by_role("complementary", name="Het goedgekeurde verzoek")).to_be_visible()
        text = details.get_by_text(request.aanleiding)
        expect(text).to_be_visible() if opened else expect(text).to_be_hidden()
        assert layout_problems(page, wide=width >= 1280) == []
        assert_accessible(page)
        page.screenshot(path=tmp_path / f"plan-form-{width}.png", full_page=True)

    # At 320 px the keyboard opens and closes it.
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(url)
    summary = page.locator("aside details summary")
    text = page.locator("aside details").get_by_text(request.aanleiding)
    summary.focus()
    page.keyboard.press("Enter")
    expect(text).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "plan-form-320-open.png", full_page=True)
    page.keyboard.press("Space")
    expect(text).to_be_hidden()

    # Without JavaScript it comes folded, also wide, and opens with a click.
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        java_script_enabled=False,
        viewport={"width": 1440, "height": 900},
    )
    plain = context.new_page()
    try:
        login(plain, live_server, people.projectleider.username, PASSWORD)
        plain.goto(url)
        text = plain.locator("aside details").get_by_text(request.aanleiding)
        expect(text).to_be_hidden()
        plain.locator("aside details summary").click()
        expect(text).to_be_visible()
    finally:
        context.close()
