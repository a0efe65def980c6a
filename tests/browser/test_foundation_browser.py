"""The foundation as people use it: sign in and out per role, error pages, keyboard, axe-core."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLE_ACCOUNTS = ["voorzitter", "regiocoordinator", "platformlid", "dvo", "beheerder"]
SECTION_TITLES = ["Te beoordelen", "Mijn verzoeken", "Mijn projecten", "Rapportages"]


@pytest.mark.parametrize("username", ROLE_ACCOUNTS)
def test_each_role_signs_in_sees_the_werkvoorraad_and_signs_out(
    page, live_server, demo_users, username
):
    user = demo_users[username]
    login(page, live_server, username)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkvoorraad")
    expect(page.get_by_test_id("user-info")).to_contain_text(user.get_full_name())
    for title in SECTION_TITLES:
        expect(page.get_by_role("heading", level=2, name=title)).to_be_visible()

    navigation = page.get_by_role("navigation", name="Hoofdnavigatie")
    expect(navigation.get_by_role("link", name="Werkvoorraad")).to_be_visible()
    admin_link = navigation.get_by_role("link", name="Beheer", exact=True)
    if username == "beheerder":
        expect(admin_link).to_be_visible()
    else:
        expect(admin_link).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(f"{live_server.url}/inloggen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/inloggen/?next=/")


def test_the_beheerder_reaches_the_admin_through_the_navigation(page, live_server, demo_users):
    login(page, live_server, "beheerder")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Beheer", exact=True
    ).click()
    expect(page).to_have_url(f"{live_server.url}/beheer/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Beheer")


def test_the_login_page_is_accessible(page, live_server):
    page.goto(f"{live_server.url}/inloggen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    assert_accessible(page)


def test_the_login_page_with_a_wrong_password_is_accessible(page, live_server, demo_users):
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("platformlid")
    page.get_by_label("Wachtwoord").fill("niet-het-goede-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("gebruikersnaam")
    expect(page).to_have_url(re.compile(r"/inloggen/$"))
    # What the user typed is kept, the password is not.
    expect(page.get_by_label("Gebruikersnaam")).to_have_value("platformlid")
    assert_accessible(page)


def test_the_lockout_page_is_accessible(page, live_server, demo_users):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        page.goto(f"{live_server.url}/inloggen/")
        page.get_by_label("Gebruikersnaam").fill("platformlid")
        page.get_by_label("Wachtwoord").fill("niet-het-goede-wachtwoord")
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Account tijdelijk geblokkeerd")
    assert_accessible(page)


def test_the_404_page_is_accessible(page, live_server, demo_users):
    login(page, live_server, "platformlid")
    response = page.goto(f"{live_server.url}/bestaat-niet/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    assert_accessible(page)


def test_the_403_page_is_accessible(page, live_server, demo_users):
    login(page, live_server, "platformlid")
    response = page.goto(f"{live_server.url}/beheer/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Geen toegang")
    assert_accessible(page)


def test_the_skip_link_comes_first_and_moves_focus_to_the_content(page, live_server, demo_users):
    login(page, live_server, "voorzitter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkvoorraad")
    skip_link = page.get_by_role("link", name="Direct naar de inhoud")
    expect(skip_link).not_to_be_in_viewport()  # hidden until it gets focus

    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.locator("main#inhoud")).to_be_focused()
    expect(page).to_have_url(re.compile(r"#inhoud$"))
