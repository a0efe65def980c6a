"""Reports in the browser: the regiocoördinator writes an introduction, generates a concept
marap and makes it final; a DVO member downloads that very file. axe-core on every page.

Selectors use names and URLs, not visible texts, where they can. The reports are rendered
inside the request here (the immediate task backend): this test is about the pages; the real
worker process is tested in test_report_worker_browser.py.
"""

import hashlib
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from platform_ivz.core.roles import Role
from reporting.models import ReportVersion
from tests.browser.helpers import assert_accessible, login
from tests.factories import PASSWORD, OrganisationFactory, user_with_role
from tests.reporting.machinery import IMMEDIATE_TASKS
from tests.reporting.pdf_text import flat_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def version_link(page, pk, scope="main"):
    return page.locator(f"{scope} a[href='/rapportages/versie/{pk}/download/']")


def download(page, link) -> bytes:
    with page.expect_download() as info:
        link.click()
    return Path(info.value.path()).read_bytes()


def test_marap_from_introduction_to_a_final_the_dvo_downloads(page, live_server, settings):
    settings.TASKS = IMMEDIATE_TASKS
    regio = user_with_role(Role.REGIOCOORDINATOR, "Enschede", username="regiocoordinator")
    user_with_role(Role.DVO_LID, "Hengelo", username="dvo")
    OrganisationFactory(name="Borne")
    year = timezone.localdate().year

    login(page, live_server, regio.username, PASSWORD)
    page.goto(f"{live_server.url}/rapportages/")
    assert_accessible(page)

    page.locator(f"a[href='/rapportages/marap/{year}/']").click()
    expect(page).to_have_url(re.compile(rf"/rapportages/marap/{year}/$"))
    assert_accessible(page)

    page.locator("textarea[name=text]").fill("Beste leden van het DVO,\n\nDit is de marap.")
    page.locator(f"form[action='/rapportages/marap/{year}/inleiding/'] button").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert_accessible(page)

    expect(page.locator("#generate-busy")).to_be_hidden()
    page.locator("input[name=peildatum]").fill(f"{year}-09-01")
    page.locator(f"form[action='/rapportages/marap/{year}/concept/'] button[type=submit]").click()
    expect(page.locator("tr[data-version='1']")).to_be_visible(timeout=60_000)
    assert_accessible(page)
    concept = ReportVersion.objects.get(number=1)
    assert concept.status == ReportVersion.Status.CONCEPT
    concept_pdf = download(page, version_link(page, concept.pk))
    assert "CONCEPT" in flat_text(concept_pdf)
    assert "Dit is de marap." in flat_text(concept_pdf)

    page.locator(f"a[href='/rapportages/marap/{year}/definitief/']").click()
    expect(page).to_have_url(re.compile(r"/definitief/$"))
    assert_accessible(page)
    finalise = f"form[action='/rapportages/marap/{year}/definitief/'] button[type=submit]"
    page.locator(finalise).click()
    expect(page).to_have_url(re.compile(rf"/rapportages/marap/{year}/$"), timeout=60_000)
    expect(page.locator("tr[data-version='2']")).to_be_visible()
    assert_accessible(page)
    final = ReportVersion.objects.finals().get()

    page.goto(f"{live_server.url}/rapportages/factsheets/")
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, live_server, "dvo", PASSWORD)
    page.goto(f"{live_server.url}/rapportages/")
    assert_accessible(page)
    expect(version_link(page, concept.pk)).to_have_count(0)
    final_pdf = download(page, version_link(page, final.pk))
    assert hashlib.sha256(final_pdf).hexdigest() == final.sha256
    text = flat_text(final_pdf)
    assert "Definitief" in text
    assert "CONCEPT" not in text

    page.goto(f"{live_server.url}/rapportages/marap/{year}/")
    assert_accessible(page)
    expect(page.locator("tr[data-version='1']")).to_have_count(0)
    again = download(page, version_link(page, final.pk, scope="main table"))
    assert again == final_pdf

    # A concept is not even known to a board member.
    response = page.request.get(f"{live_server.url}/rapportages/versie/{concept.pk}/download/")
    assert response.status == 404
