"""The screening form by keyboard alone, and what a refused approval tells (issue 16): the focus
lands on the error summary, the title starts "Fout:", each open criterion is marked at its own
radio buttons and every aria-describedby resolves. (The new-request form's keyboard walk is in
tests/browser/test_intake_browser.py.)"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from platform_ivz.core.demo import load_users
from tests.browser.accessibility import aria_problems
from tests.browser.helpers import assert_accessible
from tests.browser.intake_helpers import focused, sign_in_as, tab_to
from tests.factories import ProjectRequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_screening_by_keyboard_marks_the_open_criteria(page, live_server):
    users = {user.username: user for user in load_users()}
    request = ProjectRequestFactory(indiener=users["platformlid"], status="ingediend")
    sign_in_as(page, live_server, "voorzitter")
    page.goto(reverse("intake:screen", kwargs={"pk": request.pk}))

    # The first criterion met, by keyboard; the other four left open.
    tab_to(page, "input[type=radio]")
    page.keyboard.press("Space")
    expect(page.locator("input[type=radio]").first).to_be_checked()
    tab_to(page, "textarea[name=motivation]")
    page.keyboard.type("Past binnen de prioriteiten.")
    tab_to(page, "button[name=action][value=approve]")
    assert focused(page, "button[name=action][value=approve]")
    page.keyboard.press("Enter")

    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    assert page.title().startswith("Fout:")
    mark = "Nog niet beoordeeld: kies voldaan of niet voldaan."
    criteria = page.locator(".criterion")
    open_ones = [
        criteria.nth(i)
        for i in range(criteria.count())
        if not criteria.nth(i).locator("input[type=radio]:checked").count()
    ]
    assert open_ones, "the walk left criteria open"
    for group in open_ones:
        expect(group).to_contain_text(mark)
    assert summary.locator("li", has_text=mark).count() == len(open_ones)
    assert not aria_problems(page)
    assert_accessible(page)
