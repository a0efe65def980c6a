"""Helpers for the browser walks of issue 14's throughput: the werkvoorraad's "Te agenderen",
putting a document on a meeting's agenda, and recording a decision with its confirmation."""

import re

from playwright.sync_api import Page, expect

from platform_ivz.core.models import Meeting
from tests.browser.helpers import assert_accessible


def waiting(page: Page, live_server):
    """The werkvoorraad's "Te agenderen" section."""
    page.goto(f"{live_server.url}/")
    section = page.locator("#te-agenderen")
    expect(section).to_be_visible()
    return section


def put_on_agenda(page: Page, live_server, meeting, value: str) -> None:
    page.goto(f"{live_server.url}/vergaderingen/{meeting.pk}/agenda/toevoegen/")
    assert_accessible(page)
    page.locator(f"input[name=document][value='{value}']").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/vergaderingen/{meeting.pk}/")


def decide(page: Page, live_server, meeting, decision, remarks="", *, check_pages=False) -> None:
    """Choose the decision, see what it will do, confirm (the page works without JavaScript)."""
    page.goto(f"{live_server.url}/vergaderingen/{meeting.pk}/")
    page.locator("a[href$='/besluit/']").first.click()
    if check_pages:
        assert_accessible(page)
    page.locator(f"input[name=decision][value={decision}]").check()
    if remarks:
        page.locator("textarea[name=remarks]").fill(remarks)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#decision-outcome")).to_be_visible()
    if check_pages:
        assert_accessible(page)
    page.locator("main form button[type=submit]:not([name])").click()
    expect(page).to_have_url(re.compile(rf"/vergaderingen/{meeting.pk}/#besluitenlijst-titel$"))
    expect(page.locator(".alert-success")).to_contain_text("Het besluit is vastgelegd.")


def create_meeting(page: Page, live_server, body: str, date, location: str):
    """Keep a meeting of the Platform or the DVO through its form; returns the Meeting."""
    page.goto(f"{live_server.url}/vergaderingen/nieuw/")
    page.locator(f"input[name=body][value={body}]").check()
    page.locator("input[name=date]").fill(date.isoformat())
    page.locator("input[name=location]").fill(location)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/vergaderingen/\d+/$"))
    return Meeting.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))
