"""Contributions in the browser: a new year, a changed population and choice, the totals;
a platformlid sees everything but edits nothing; axe-core on every page of the app.

Names of controls come from gettext, so the test holds before and after the translation.
"""

import datetime
import re

import pytest
from django.utils.translation import gettext as _
from playwright.sync_api import Page, expect

from contributions import demo as contributions_demo
from contributions import selectors
from contributions.models import Choice, IncomeLine, YearSettings
from platform_ivz.core.demo import load_users
from platform_ivz.core.formatting import euro_whole
from platform_ivz.core.models import User
from tests.browser.helpers import assert_accessible, login
from tests.contributions import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    """Demo accounts and contributions, a project with hours and money in the latest year."""
    users = {user.username: user for user in load_users()}
    contributions_demo.load()
    latest = YearSettings.objects.order_by("-year").first()
    start = datetime.date(latest.year, 2, 1)
    project = builders.project("Borging aanpak woninginbraken", leader=users["almelo"], start=start)
    builders.member(project, user=users["politie"], hours="6", start=start)
    builders.member(project, user=users["enschede"], hours="4", start=start)
    builders.budget_line(project, year=latest.year, planned="12500", realised="4000")
    return latest


def cell(page: Page, gemeente: str, column: str):
    return page.locator(f'tr[data-gemeente="{gemeente}"] [data-column="{column}"]')


def test_the_regiocoordinator_starts_a_new_year_and_edits_it(page, live_server, demo):
    login(page, live_server, "regiocoordinator")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name=_("Contributions"), exact=True
    ).click()
    heading = _("Contributions %(year)s").replace("%(year)s", "{}")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading.format(demo.year))
    assert_accessible(page)

    # A new year from the last.
    page.get_by_role("navigation", name=_("Other years")).get_by_role(
        "link", name=_("New year")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(_("New contribution year"))
    new_year = demo.year + 1
    year_field = page.get_by_role("textbox", name=re.compile(rf"^{_('Year')}\*?$"))
    expect(year_field).to_have_value(str(new_year))
    copy_field = page.get_by_role("combobox", name=re.compile(rf"^{_('Copy the settings of')}"))
    expect(copy_field).to_have_value(str(demo.year))
    assert_accessible(page)
    page.get_by_role("button", name=_("Create the year")).click()
    expect(page).to_have_url(f"{live_server.url}/bijdragen/{new_year}/instellingen/")
    expect(page.get_by_role("status")).to_contain_text(str(new_year))
    assert_accessible(page)

    # The table of the new year, as copied.
    page.get_by_role("link", name=_("Contribution table"), exact=True).click()
    table = selectors.contribution_table(YearSettings.objects.get(year=new_year))
    before = euro_whole(table.total)
    expect(cell(page, "totaal", "total")).to_have_text(before)

    # Change Almelo's population and choice; a typing error first, which keeps the input.
    page.get_by_role("link", name=_("Edit populations and choices")).click()
    assert_accessible(page)
    population = page.get_by_label(_("Inhabitants of %(name)s") % {"name": "Almelo"})
    choice = page.get_by_label(_("Choice of %(name)s") % {"name": "Almelo"})
    population.fill("-80.000")
    choice.select_option(label=str(Choice.SURCHARGE.label))
    page.get_by_role("button", name=_("Save")).click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(population).to_have_value("-80.000")
    expect(population).to_have_attribute("aria-invalid", "true")
    expect(choice).to_have_value(Choice.SURCHARGE)
    assert_accessible(page)
    page.get_by_role("alert").get_by_role("link").first.click()
    expect(population).to_be_focused()
    population.fill("80.000")
    page.get_by_role("button", name=_("Save")).click()

    expect(page).to_have_url(f"{live_server.url}/bijdragen/{new_year}/")
    # 80.000 × € 0,20 + the surcharge 80.000 × € 0,15.
    expect(cell(page, "Almelo", "inwonersbijdrage")).to_have_text("€ 16.000")
    expect(cell(page, "Almelo", "surcharge")).to_have_text("€ 12.000")
    expect(cell(page, "Almelo", "choice")).to_have_text(str(Choice.SURCHARGE.label))
    expect(cell(page, "Almelo", "total")).to_have_text("€ 28.000")
    after = euro_whole(selectors.contribution_table(YearSettings.objects.get(year=new_year)).total)
    assert after != before
    expect(cell(page, "totaal", "total")).to_have_text(after)
    assert_accessible(page)

    # The tariff, typed the Dutch way.
    page.get_by_role("link", name=_("Edit tariff and brackets")).click()
    assert_accessible(page)
    page.get_by_label(_("contribution per inhabitant"), exact=False).fill("0,25")
    page.get_by_role("button", name=_("Save")).click()
    expect(page.get_by_test_id("tariff")).to_have_text("€ 0,25")
    expect(
        page.get_by_role(
            "table",
            name=re.compile(re.escape(_("Who changed what when in %(year_label)s").split("%")[0])),
        ).first
    ).to_be_attached()
    expect(page.locator("#history")).to_contain_text("Almelo")
    assert_accessible(page)


def test_every_page_is_accessible_and_the_platformlid_cannot_edit(page, live_server, demo):
    year = demo.year
    almelo = demo.municipalities.get(organisation__name="Almelo").organisation
    line = IncomeLine.objects.create(
        settings=demo, kind=IncomeLine.Kind.SUBSIDIE, description="Provincie", amount=5000
    )
    login(page, live_server, "regiocoordinator")
    for url in [
        f"/bijdragen/{year}/uren/",
        f"/bijdragen/{year}/uren/{almelo.pk}/",
        f"/bijdragen/{year}/begroting/",
        f"/bijdragen/{year}/instellingen/",
        f"/bijdragen/{year}/partners/bewerken/",
        f"/bijdragen/{year}/inkomsten/nieuw/",
        f"/bijdragen/{year}/inkomsten/{line.pk}/bewerken/",
        f"/bijdragen/{year}/inkomsten/{line.pk}/verwijderen/",
        "/bijdragen/1999/",
    ]:
        page.goto(f"{live_server.url}{url}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    # The chart has a name, a description and the numbers as text.
    page.goto(f"{live_server.url}/bijdragen/{year}/uren/")
    chart = page.get_by_role("img", name=re.compile(str(year)))
    expect(chart).to_be_visible()
    expect(page.locator("svg.hours-chart text").first).to_be_visible()
    # An income form with an error.
    page.goto(f"{live_server.url}/bijdragen/{year}/inkomsten/nieuw/")
    page.get_by_label(_("amount"), exact=False).first.fill("veel")
    page.get_by_role("button", name=_("Save")).click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Uitloggen").click()
    login(page, live_server, "platformlid")
    page.goto(f"{live_server.url}/bijdragen/")
    expect(page.locator('tr[data-gemeente="Almelo"]')).to_be_visible()
    expect(page.get_by_role("link", name=_("Edit populations and choices"))).to_have_count(0)
    expect(page.get_by_role("link", name=_("New year"))).to_have_count(0)
    assert_accessible(page)
    page.goto(f"{live_server.url}/bijdragen/{year}/begroting/")
    expect(page.get_by_role("link", name=_("edit"))).to_have_count(0)
    assert_accessible(page)
    for url in (f"/bijdragen/{year}/gemeenten/bewerken/", "/bijdragen/nieuw-jaar/"):
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 403
        assert_accessible(page)
    assert User.objects.get(username="platformlid").has_role("platformlid")
