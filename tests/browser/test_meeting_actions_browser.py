"""The meeting secretary's work in the browser (issue 18 items 3, 5, 7): the regiocoördinator
sends the agenda and records an action for a member; the member finds it in the werkvoorraad
and marks it done; the calendar subscription page. axe-core and the layout checks (reflow at
320 px) on each new page; screenshots at 320 and 1280 px go to MTG_SCREENSHOTS if set.

Selectors use names and URLs, not visible texts, so the translation pass cannot break them.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from projects.models import ActionItem, AgendaItem, AgendaSending
from tests.browser.accessibility import NARROW, WIDE, layout_problems
from tests.browser.helpers import assert_accessible, login
from tests.factories import PASSWORD, MeetingFactory
from tests.projects.meetings import scenario as meeting_scenario
from tests.projects.meetings.scenario import make_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
people = meeting_scenario.people
SHOTS = os.environ.get("MTG_SCREENSHOTS")


@pytest.fixture(autouse=True)
def no_second_step(settings):
    settings.TWO_FACTOR_REQUIRED = False


def check(page, name: str) -> None:
    """axe-core, and reflow and borders at 320 and 1280 px; screenshots if asked for."""
    assert_accessible(page)
    for size, wide in ((NARROW, False), (WIDE, True)):
        page.set_viewport_size(size)
        page.wait_for_timeout(250)  # app.js marks boxes that scroll on the resize event
        problems = layout_problems(page, wide=wide)
        assert not problems, f"{name} at {size['width']} px: {problems}"
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/{name}-{size['width']}.png", full_page=True)


def test_the_secretary_sends_the_agenda_and_a_member_does_the_action(page, live_server, people):
    beslispunt = make_document(people, "beslispunt", "platform_geagendeerd", title="Cameratoezicht")
    meeting = MeetingFactory(
        body="platform",
        date=timezone.localdate() + datetime.timedelta(days=7),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(16, 0),
    )
    item = AgendaItem.objects.create(
        meeting=meeting, kind="beslispunt", beslispunt=beslispunt, project=beslispunt.project
    )
    meeting_url = f"{live_server.url}/vergaderingen/{meeting.pk}/"

    login(page, live_server, people.regiocoordinator.username, PASSWORD)
    page.goto(meeting_url)
    check(page, "vergadering")
    page.locator(f"a[href$='/vergaderingen/{meeting.pk}/agenda-versturen/']").click()
    expect(page.locator("main")).to_contain_text("7")  # the platform's members with e-mail
    check(page, "agenda-versturen")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/vergaderingen/{meeting.pk}/#agenda-verstuurd$"))
    sending = AgendaSending.objects.get()
    assert (sending.sent_by, sending.recipient_count, sending.is_change) == (
        people.regiocoordinator,
        7,
        False,
    )
    assert len(mail.outbox) == 7
    expect(page.locator("#agenda-verstuurd")).to_be_visible()

    page.locator(f"a[href$='/vergaderingen/{meeting.pk}/actiepunten/nieuw/']").click()
    check(page, "actiepunt-nieuw")
    page.locator("select[name=agenda_item]").select_option(str(item.pk))
    page.locator("main form button[type=submit]").click()  # nothing else: refused, kept
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)
    page.locator("textarea[name=description]").fill("Offerte camera's opvragen bij de leverancier")
    page.locator("select[name=owner]").select_option(str(people.member.pk))
    due = timezone.localdate() + datetime.timedelta(days=21)
    page.locator("input[name=due_date]").fill(due.isoformat())
    page.locator("main form button[type=submit]").click()
    action = ActionItem.objects.get()
    expect(page).to_have_url(re.compile(rf"/vergaderingen/{meeting.pk}/#actiepunt-{action.pk}$"))
    expect(page.locator(f"#actiepunt-{action.pk}")).to_contain_text("Offerte camera's")
    assert action.owner == people.member and action.agenda_item == item
    assert mail.outbox[-1].to == [people.member.email]
    check(page, "vergadering-met-actiepunt")

    page.goto(f"{live_server.url}/vergaderingen/actiepunten/")
    check(page, "actiepunten")
    page.goto(f"{live_server.url}/vergaderingen/agenda-abonnement/")
    check(page, "agenda-abonnement")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#calendar-url")).to_have_value(re.compile(r"/agenda-abonnement/.+\.ics$"))
    check(page, "agenda-abonnement-gemaakt")
    page.locator("a[href$='/agenda-abonnement/intrekken/']").click()
    check(page, "agenda-abonnement-intrekken")

    page.context.clear_cookies()
    login(page, live_server, people.member.username, PASSWORD)
    page.goto(f"{live_server.url}/")
    section = page.locator("#actiepunten")
    expect(section).to_contain_text("Offerte camera's")
    check(page, "werkvoorraad")
    section.locator(f"a[href$='/actiepunten/{action.pk}/afronden/']").click()
    check(page, "actiepunt-afronden")
    page.locator("textarea[name=note]").fill("Offerte ontvangen en doorgestuurd.")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/vergaderingen/{meeting.pk}/#actiepunt-{action.pk}$"))
    expect(page.locator(f"#actiepunt-{action.pk}")).to_contain_text("Offerte ontvangen")
    action.refresh_from_db()
    assert (action.status, action.done_by) == ("done", people.member)
    page.goto(f"{live_server.url}/")
    expect(page.locator("#actiepunten")).not_to_contain_text("Offerte camera's")
