"""The secretary's meeting in the browser (issue 18, items 1, 4 and 6): a new meeting with its
default agenda, a free item with presenter and attachment, reordering, attendance, the verslag
per item, and its adoption at the next meeting; axe-core on each page.

Selectors use names and URLs, not visible texts, so the translation pass cannot break them.
Set SCREENSHOTS=<folder> to keep screenshots of the pages at 320 and 1280 px.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from projects.models import AgendaItem, Attendance, Minutes
from tests.browser.helpers import assert_accessible, login
from tests.factories import MINIMAL_PDF, PASSWORD
from tests.projects.meetings import scenario as meeting_scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
people = meeting_scenario.people


def shoot(page, name):
    folder = os.environ.get("SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    page.set_viewport_size(size)


def fill_meeting(page, date, *, start="09:30", end="12:00"):
    page.locator("input[name=body][value=platform]").check()
    page.locator("input[name=date]").fill(date.isoformat())
    page.locator("input[name=start_time]").fill(start)
    page.locator("input[name=end_time]").fill(end)
    page.locator("input[name=location]").fill("Stadhuis Hengelo")
    page.locator("input[name=online_link]").fill("https://teams.example.nl/ivz")


def test_the_regiocoordinator_runs_a_meeting_and_the_next_one_adopts_its_verslag(
    page, live_server, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    attachment = tmp_path / "Presentatie casusoverleg.pdf"
    attachment.write_bytes(MINIMAL_PDF)
    held_on = timezone.localdate() - datetime.timedelta(days=14)
    login(page, live_server, people.regiocoordinator.username, PASSWORD)

    # A new meeting; an end before the start is refused and the input kept.
    page.goto(f"{live_server.url}/vergaderingen/nieuw/")
    fill_meeting(page, held_on, start="14:00", end="10:00")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("input[name=start_time]")).to_have_value("14:00")
    expect(page.locator("input[name=location]")).to_have_value("Stadhuis Hengelo")
    assert_accessible(page)
    shoot(page, "meeting-form-errors")
    page.locator("input[name=end_time]").fill("16:00")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/vergaderingen/\d+/$"))
    meeting_url = page.url
    meeting_pk = int(meeting_url.rstrip("/").rsplit("/", 1)[-1])
    agenda = page.locator("#agenda-titel + *")
    expect(agenda).to_contain_text("Mededelingen")
    expect(agenda).to_contain_text("Rondvraag")
    assert not AgendaItem.objects.filter(meeting_id=meeting_pk, kind="minutes").exists()
    assert_accessible(page)

    # A free item with a presenter and an attachment.
    page.locator("a[href$='/agenda/nieuw-punt/']").click()
    assert_accessible(page)
    shoot(page, "free-item-form")
    page.locator("input[name=title]").fill("Presentatie casusoverleg")
    page.locator("textarea[name=text]").fill("Werkwijze en eerste cijfers.")
    page.locator("input[name=presenter]").fill("Zorg- en Veiligheidshuis")
    page.locator("input[name=attachment]").set_input_files(str(attachment))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/vergaderingen/\d+/#agendapunt-\d+$"))
    item = AgendaItem.objects.get(meeting_id=meeting_pk, title="Presentatie casusoverleg")
    row = page.locator(f"#agendapunt-{item.pk}")
    expect(row).to_contain_text("Zorg- en Veiligheidshuis")
    expect(row.locator("a[href$='/bijlage/']")).to_contain_text("Presentatie casusoverleg.pdf")
    assert item.order == 4  # before rondvraag and sluiting

    # Reorder: one place up, before ingekomen stukken.
    row.locator("input[name=direction][value=up] + button").click()
    expect(page).to_have_url(re.compile(rf"#agendapunt-{item.pk}$"))
    item.refresh_from_db()
    assert item.order == 3
    expect(page.locator("#agenda-titel + * tbody tr").nth(2)).to_have_id(f"agendapunt-{item.pk}")
    assert_accessible(page)
    shoot(page, "meeting-page")

    # Attendance, for every member of the Platform in one form.
    page.locator("a[href$='/aanwezigheid/']").first.click()
    assert_accessible(page)
    shoot(page, "attendance-form")
    page.locator(f"input[name=member_{people.platformlid.pk}][value=present]").check()
    page.locator(f"input[name=member_{people.voorzitter.pk}][value=excused]").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"#aanwezigheid-titel$"))
    expect(page.locator("#verslag-titel").locator("..")).to_contain_text(
        people.platformlid.get_full_name()
    )

    # The verslag of the free item: a note and its decisions.
    page.locator(f"a[href$='/agenda/{item.pk}/verslag/']").first.click()
    assert_accessible(page)
    shoot(page, "item-minutes-form")
    page.locator("textarea[name=note]").fill("Toelichting door het Veiligheidshuis.")
    page.locator("textarea[name=decision_text]").fill("Het Platform neemt de werkwijze over.")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"#verslag-punt-{item.pk}$"))
    minutes = page.locator("#verslag-titel").locator("..")
    expect(minutes).to_contain_text("Toelichting door het Veiligheidshuis.")
    expect(page.locator("#besluitenlijst-titel").locator("..")).to_contain_text(
        "Het Platform neemt de werkwijze over."
    )
    assert_accessible(page)
    shoot(page, "meeting-page-with-minutes")

    # The next meeting: its agenda adopts this meeting's verslag.
    page.goto(f"{live_server.url}/vergaderingen/nieuw/")
    fill_meeting(page, timezone.localdate())
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/vergaderingen/\d+/$"))
    next_url = page.url
    adopt = page.locator("a[href$='/verslag-vaststellen/']")
    expect(adopt).to_have_count(1)
    adopt.click()
    expect(page.locator("main")).to_contain_text("Toelichting door het Veiligheidshuis.")
    assert_accessible(page)
    shoot(page, "adopt-confirmation")
    assert Minutes.objects.get(meeting_id=meeting_pk).status == "concept"
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"#agendapunt-\d+$"))
    assert page.url.startswith(next_url)
    assert Minutes.objects.get(meeting_id=meeting_pk).status == "vastgesteld"
    assert_accessible(page)

    # The earlier verslag is read-only now.
    page.goto(meeting_url)
    expect(page.locator(f"a[href$='/agenda/{item.pk}/verslag/']")).to_have_count(0)
    expect(page.locator("a[href$='/aanwezigheid/']")).to_have_count(0)
    page.goto(f"{meeting_url}agenda/{item.pk}/verslag/")
    expect(page.locator("textarea[name=note]")).to_be_disabled()
    assert_accessible(page)
    assert Attendance.objects.filter(meeting_id=meeting_pk).count() == 2


def test_a_removed_vaststellen_verslag_is_put_back_with_one_button(page, live_server, people):
    from projects.meetings import services as meeting_services

    today = timezone.localdate()
    data = {"body": "platform", "location": "Hengelo"}
    earlier = meeting_services.create_meeting(
        actor=people.regiocoordinator, data={**data, "date": today - datetime.timedelta(30)}
    )
    later = meeting_services.create_meeting(
        actor=people.regiocoordinator, data={**data, "date": today}
    )
    minutes = AgendaItem.objects.get(meeting=later, kind="minutes")
    meeting_services.remove_agenda_item(item=minutes, actor=people.regiocoordinator)
    login(page, live_server, people.regiocoordinator.username, PASSWORD)
    page.goto(f"{live_server.url}/vergaderingen/{later.pk}/")
    button = page.locator(
        f"form[action='/vergaderingen/{later.pk}/agenda/vaststellen-verslag/'] button"
    )
    expect(button).to_have_text("Vaststellen verslag toevoegen")
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
    shoot(page, "vergadering-verslag-toevoegen")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("staat op de agenda om vast te stellen")
    item = AgendaItem.objects.get(meeting=later, kind="minutes")
    assert (item.order, item.minutes_of_id) == (2, earlier.pk)
    expect(page.locator(f"#agendapunt-{item.pk}")).to_contain_text("Vaststellen verslag")
    expect(button).to_have_count(0)
    assert_accessible(page)
    shoot(page, "vergadering-verslag-toegevoegd")
