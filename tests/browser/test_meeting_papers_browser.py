"""The vergaderstukken page (issue 18 item 2): the regiocoördinator makes them from the meeting
page, the page says when they were made and offers the download; a member reads the page.
Every state passes axe-core, at 1280 and at 320 px."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, login
from tests.factories import PASSWORD, person
from tests.reporting import papers_scenario
from tests.reporting.machinery import IMMEDIATE_TASKS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_make_and_download_the_meeting_papers(page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = IMMEDIATE_TASKS
    scenario = papers_scenario.build()
    scenario.secret.delete()  # a smaller render; confidentiality has its own tests
    scenario.with_pdf.delete()
    meeting = scenario.meeting
    coordinator = person("r_regio", "regiocoordinator", "Enschede")
    member = person("p_lid", "platformlid", "Almelo")

    login(page, live_server, coordinator.username, PASSWORD)
    page.goto(f"{live_server.url}/rapportages/vergaderstukken/{meeting.pk}/")
    expect(page.get_by_text("De vergaderstukken zijn nog niet gemaakt.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Vergaderstukken maken").click()
    expect(page.get_by_text("De vergaderstukken zijn gemaakt.")).to_be_visible()
    download_link = page.get_by_role(
        "link", name="Vergaderstukken van 12 maart 2026 downloaden (PDF)"
    )
    expect(download_link).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "papers-1280.png", full_page=True)
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename == "vergaderstukken-dvo-2026-03-12.pdf"

    # The agenda changes: the page says the papers are out of date.
    scenario.opening.title = "Opening"
    scenario.opening.save()
    page.context.clear_cookies()
    login(page, live_server, member.username, PASSWORD)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/rapportages/vergaderstukken/{meeting.pk}/")
    expect(page.locator("#papers-stale")).to_contain_text("Verouderd")
    expect(page.get_by_role("button", name="Vergaderstukken opnieuw maken")).to_have_count(0)
    assert_accessible(page)
    page.screenshot(path=tmp_path / "papers-320.png", full_page=True)
