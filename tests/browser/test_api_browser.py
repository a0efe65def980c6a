"""The API's pages as a coordinator meets them: make a token on the account page, copy it,
use it, revoke it; and read the documentation (Swagger UI from the app itself, within the
Content Security Policy). WCAG checks at 320 and 1,280 px on each page."""

import re

import pytest
from playwright.sync_api import expect

from platform_ivz.core.roles import Role
from tests.browser.accessibility import (
    NARROW,
    WIDE,
    aria_problems,
    axe_problems,
    focus_problems,
    layout_problems,
)
from tests.browser.helpers import login
from tests.factories import PASSWORD, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = None  # a folder to keep screenshots in while developing (e.g. "/tmp/api-shots")


def settle(page):
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def problems(page, name: str) -> list[str]:
    found = []
    for size, wide in ((NARROW, False), (WIDE, True)):
        page.set_viewport_size(size)
        settle(page)
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/{name}-{size['width']}.png", full_page=True)
        found += [f"{name} at {size['width']} px: {p}" for p in layout_problems(page, wide=wide)]
    found += aria_problems(page) + focus_problems(page) + axe_problems(page)
    return found


def test_make_use_and_revoke_a_token(page, live_server, client, settings):
    settings.TWO_FACTOR_REQUIRED = False
    user_with_role(Role.PLATFORMLID, "Hengelo", username="jolien")
    login(page, live_server, "jolien", PASSWORD)
    page.get_by_role("link", name="API-sleutels").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API-sleutels")
    expect(page.get_by_text("U hebt geen API-sleutels.")).to_be_visible()
    found = problems(page, "tokens-empty")

    # A refused submission: the title says so and the focus is on the summary of errors.
    page.get_by_role("button", name="Sleutel maken").click()
    expect(page).to_have_title(re.compile(r"^Fout:"))
    expect(page.locator("#form-errors")).to_be_focused()
    found += problems(page, "tokens-refused")
    page.get_by_label("Naam").fill("Dashboard Hengelo")
    page.get_by_role("button", name="Sleutel maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw nieuwe API-sleutel")
    token = page.get_by_test_id("new-token").inner_text()
    assert token.startswith("ivz_")
    found += problems(page, "token-created")
    response = client.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200

    page.get_by_role("link", name="Ik heb hem bewaard").click()
    row = page.get_by_role("row", name=re.compile("Dashboard Hengelo"))
    expect(row).to_contain_text("geldig")
    found += problems(page, "tokens")
    row.get_by_role("link", name=re.compile("Intrekken")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API-sleutel intrekken")
    found += problems(page, "token-revoke")
    page.get_by_role("button", name="Sleutel intrekken").click()
    expect(page.get_by_text("De sleutel is ingetrokken; hij werkt niet meer.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Dashboard Hengelo"))).to_contain_text(
        "ingetrokken"
    )
    response = client.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401
    assert not found, "\n".join(found)


def test_the_documentation_page_shows_the_schema(page, live_server, settings):
    settings.TWO_FACTOR_REQUIRED = False
    user_with_role(Role.REGIOCOORDINATOR, "Enschede", username="ria")
    login(page, live_server, "ria", PASSWORD)
    page.goto(f"{live_server.url}/api/documentatie/")
    expect(page.get_by_role("heading", level=1).first).to_have_text("API-documentatie")
    expect(page.get_by_text("/api/v1/projects/", exact=True).first).to_be_visible()
    found = problems(page, "docs")
    assert not found, "\n".join(found)
