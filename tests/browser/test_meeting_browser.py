"""The meeting pages in the browser: keep a meeting, fill its agenda, decide; axe-core on each.

Selectors use names and URLs, not visible texts, so the translation pass cannot break them.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from projects.models import AgendaItem, Project
from tests.browser.helpers import assert_accessible, login
from tests.factories import PASSWORD
from tests.projects.meetings import scenario as meeting_scenario
from tests.projects.meetings.scenario import make_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
people = meeting_scenario.people


def test_the_regiocoordinator_keeps_a_meeting_and_records_a_decision(page, live_server, people):
    plan = make_document(people, "plan", "ter_vaststelling", title="Aanpak ondermijning")
    # Advised by the Platform already: it waits for the DVO, not for the Platform.
    make_document(people, "beslispunt", "geadviseerd", title="Niet voor het Platform")
    login(page, live_server, people.regiocoordinator.username, PASSWORD)

    page.goto(f"{live_server.url}/vergaderingen/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/vergaderingen/nieuw/")
    assert_accessible(page)
    page.locator("input[name=body][value=platform]").check()
    page.locator("input[name=date]").fill(timezone.localdate().isoformat())
    page.locator("input[name=location]").fill("Stadhuis Hengelo")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/vergaderingen/\d+/$"))
    meeting_url = page.url
    assert_accessible(page)

    page.locator("a[href$='/agenda/toevoegen/']").click()
    expect(page.locator("main")).to_contain_text("Aanpak ondermijning")
    expect(page.locator("main")).not_to_contain_text("Niet voor het Platform")
    assert_accessible(page)
    page.locator("input[name=document]").first.check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(meeting_url)
    expect(page.locator("#agenda-titel + *")).to_contain_text("Aanpak ondermijning")
    assert_accessible(page)

    item = AgendaItem.objects.get(plan__isnull=False)
    page.locator(f"a[href$='/agenda/{item.pk}/besluit/']").click()
    assert_accessible(page)
    page.locator("input[name=decision][value=terug]").check()
    page.locator("main form button[type=submit]").click()  # no remarks: refused, kept
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)
    page.locator("textarea[name=remarks]").fill("Maak de doelen meetbaar.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#decision-outcome")).to_be_visible()  # what it will do; confirm
    assert_accessible(page)
    page.locator("main form button[type=submit]:not([name])").click()
    expect(page.locator("main")).to_contain_text("Maak de doelen meetbaar.")
    assert_accessible(page)

    assert Project.objects.get(pk=plan.project_id).status == "in_voorbereiding"
    page.goto(f"{live_server.url}{plan.project.get_absolute_url()}")
    expect(page.locator("#vergaderingen-titel")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Maak de doelen meetbaar.")

    page.goto(f"{meeting_url}verwijderen/")  # decided: the meeting stays
    expect(page).to_have_url(meeting_url)
