"""Two-step verification as a voorzitter meets it: set up after the password, sign out, sign
in again with a code from the app, and once with a backup code; axe-core on every page."""

import datetime
import re

import pyotp
import pytest
import time_machine
from playwright.sync_api import expect

from platform_ivz.core import two_factor
from platform_ivz.core.models import AuditEvent
from platform_ivz.core.roles import Role
from tests.browser.helpers import assert_accessible, login
from tests.factories import PASSWORD, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE_LABEL = "Code uit uw authenticator-app"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def sign_out(page, live_server):
    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(f"{live_server.url}/inloggen/")


def test_set_up_and_sign_in_with_a_code(page, live_server, settings):
    settings.TWO_FACTOR_REQUIRED = True
    marieke = user_with_role(Role.VOORZITTER, "Almelo", username="marieke")
    activation_code = two_factor.issue_enrolment_code(user=marieke)  # from the beheerder

    # The clock runs, but the test moves it to the next half minute for a fresh code.
    with time_machine.travel(START, tick=True) as clock:
        login(page, live_server, "marieke", PASSWORD)
        expect(page).to_have_url(re.compile(r"/account/tweestapsverificatie/instellen/"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
        # First the activation code the functional administrator handed over.
        expect(page.get_by_role("img", name="QR-code voor de authenticator-app")).to_have_count(0)
        assert_accessible(page)
        page.get_by_label("Activeringscode").fill(activation_code)
        page.get_by_role("button", name="Verder").click()
        expect(page.get_by_role("img", name="QR-code voor de authenticator-app")).to_be_visible()
        # Nothing else is open yet, and the menu offers nothing else.
        expect(
            page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link")
        ).to_have_count(1)
        assert_accessible(page)

        secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
        totp = pyotp.TOTP(secret)
        page.get_by_label(CODE_LABEL).fill("000000")
        page.get_by_role("button", name="Tweestapsverificatie aanzetten").click()
        expect(page.get_by_text("Deze code klopt niet.")).to_be_visible()
        assert_accessible(page)

        clock.shift(datetime.timedelta(seconds=2))  # django-otp's pause after a wrong code
        page.get_by_label(CODE_LABEL).fill(totp.now())
        page.get_by_role("button", name="Tweestapsverificatie aanzetten").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Uw reservecodes")
        codes = page.get_by_test_id("backup-codes").get_by_role("listitem").all_inner_texts()
        assert len(codes) == 10
        assert_accessible(page)

        # Back to where the sign-in was going; the account page is in the user bar.
        page.get_by_role("link", name="Ik heb ze bewaard").click()
        expect(page).to_have_url(f"{live_server.url}/")
        page.get_by_role("banner").get_by_role("link", name="Tweestapsverificatie").click()
        expect(page.get_by_text("Tweestapsverificatie staat aan.")).to_be_visible()
        expect(page.get_by_text("U hebt 10 ongebruikte reservecodes.")).to_be_visible()
        assert_accessible(page)
        sign_out(page, live_server)

        # Sign in again: password, then a new code from the app.
        clock.shift(datetime.timedelta(seconds=30))
        login(page, live_server, "marieke", PASSWORD)
        expect(page).to_have_url(re.compile(r"/verificatie/code/"))
        code_field = page.get_by_label(CODE_LABEL)
        expect(code_field).to_have_attribute("autocomplete", "one-time-code")
        expect(code_field).to_have_attribute("inputmode", "numeric")
        assert_accessible(page)
        code_field.fill(totp.now())
        page.get_by_role("button", name="Bevestigen").click()
        expect(page).to_have_url(f"{live_server.url}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Werkvoorraad")

        # The voorzitter reads the security log.
        page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
            "link", name="Beveiligingslogboek"
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Beveiligingslogboek")
        expect(page.get_by_role("cell", name="Tweestapsverificatie ingesteld")).to_be_visible()
        assert_accessible(page)
        sign_out(page, live_server)

        # Phone not at hand: a backup code, once.
        login(page, live_server, "marieke", PASSWORD)
        page.get_by_role("link", name="Telefoon niet bij de hand? Gebruik een reservecode").click()
        assert_accessible(page)
        page.get_by_label("Reservecode").fill(codes[0])
        page.get_by_role("button", name="Bevestigen").click()
        expect(page).to_have_url(f"{live_server.url}/")

    assert AuditEvent.objects.filter(event=AuditEvent.Event.TWO_FACTOR_VERIFIED).count() == 2
