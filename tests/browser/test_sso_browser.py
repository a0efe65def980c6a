"""Signing in with the organisation's own account, through a real OpenID Connect provider
(oidc-provider on Node, tests/sso/provider.mjs) for two organisations: Hengelo's provider
enforces multi-factor sign-in, Enschede's does not, so there the app's own code follows.
Signing out ends the provider's session too. No step of the flow is mocked."""

import re
from base64 import b32encode
from urllib.parse import urlsplit

import pyotp
import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from platform_ivz.core.models import AuditEvent, User
from platform_ivz.core.roles import Role
from tests.browser.helpers import assert_accessible
from tests.factories import IdentityProviderFactory, OrganisationFactory, user_with_role
from tests.sso.local_provider import ANNA, BRAM, NIEUW, local_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOTP_KEY = "3132333435363738393031323334353637383930"  # hex, the RFC 6238 test key


@pytest.fixture
def provider(live_server):
    with local_provider(live_server.url) as issuer:
        yield issuer


@pytest.fixture
def sso_page(browser, live_server, provider):
    """A page that may reach the app and the provider, nothing else; no script errors and no
    Content Security Policy violations on the way."""
    allowed = {urlsplit(live_server.url).netloc, urlsplit(provider).netloc}
    foreign, problems = [], []

    def refuse(route):
        foreign.append(route.request.url)
        route.abort()

    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.route(
        lambda url: urlsplit(url).scheme.startswith("http") and urlsplit(url).netloc not in allowed,
        refuse,
    )
    page = context.new_page()
    page.on(
        "console",
        lambda m: m.type == "error" and "Content Security Policy" in m.text and problems.append(m),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    context.close()
    assert not foreign, f"Loaded from outside the app and the provider: {foreign}"
    assert not problems, problems


def sign_in_at_provider(page, organisation, account):
    page.goto("/inloggen/")
    page.get_by_role("link", name=f"Inloggen met {organisation}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in at the test provider")
    page.get_by_label("E-mail address").fill(account[0])
    page.get_by_label("Password").fill(account[1])
    page.get_by_role("button", name="Sign in").click()


def sign_out_everywhere(page, live_server):
    page.get_by_role("button", name="Uitloggen").click()
    # The app's page forwards to the provider, which asks whether to end its session too.
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page).to_have_url(f"{live_server.url}/inloggen/")


def test_two_organisations_sign_in_through_their_own_provider(
    sso_page, live_server, provider, settings
):
    page = sso_page
    settings.TWO_FACTOR_REQUIRED = True
    hengelo = IdentityProviderFactory(
        organisation=OrganisationFactory(name="Hengelo"), issuer=provider, enforces_mfa=True
    )
    IdentityProviderFactory(
        organisation=OrganisationFactory(name="Enschede"), issuer=provider, enforces_mfa=False
    )
    anna = user_with_role(Role.VOORZITTER, "Hengelo", username="anna", email="Anna@Hengelo.nl")
    bram = user_with_role(Role.VOORZITTER, "Enschede", username="bram", email="bram@enschede.nl")
    TOTPDevice.objects.create(user=bram, name="Authenticator", key=TOTP_KEY, confirmed=True)

    page.goto("/inloggen/")
    expect(page.get_by_role("link", name="Inloggen met Hengelo")).to_be_visible()
    expect(page.get_by_role("link", name="Inloggen met Enschede")).to_be_visible()
    assert_accessible(page)

    # Hengelo enforces multi-factor sign-in: the voorzitter needs no second code here.
    sign_in_at_provider(page, "Hengelo", ANNA)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("banner")).to_contain_text(anna.get_full_name())
    assert AuditEvent.objects.filter(event=AuditEvent.Event.SSO_LINKED, actor=anna).exists()
    login_event = AuditEvent.objects.filter(event=AuditEvent.Event.LOGIN, actor=anna).get()
    assert login_event.detail == {"via": "Hengelo", "second_step": "provider"}
    # The role's pages are open (the second step counts): the voorzitter's review list.
    page.goto("/beveiligingslogboek/")
    expect(page).not_to_have_url(re.compile(r"/verificatie/"))

    sign_out_everywhere(page, live_server)
    assert AuditEvent.objects.filter(event=AuditEvent.Event.LOGOUT, actor=anna).exists()
    # The provider's session ended too: it asks for the password again.
    page.get_by_role("link", name="Inloggen met Hengelo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in at the test provider")

    # Enschede's provider does not enforce it: the app's own code follows.
    sign_in_at_provider(page, "Enschede", BRAM)
    expect(page).to_have_url(re.compile(r"/verificatie/code/"))
    page.get_by_label("Code uit uw authenticator-app").fill(
        pyotp.TOTP(b32encode(bytes.fromhex(TOTP_KEY))).now()
    )
    page.get_by_role("button", name="Bevestigen").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("banner")).to_contain_text(bram.get_full_name())
    sign_out_everywhere(page, live_server)

    # An Enschede address through Hengelo's button is refused, and logged.
    sign_in_at_provider(page, "Hengelo", BRAM)
    expect(page).to_have_url(f"{live_server.url}/inloggen/")
    expect(page.get_by_role("alert")).to_contain_text(
        "Inloggen via uw organisatie is niet gelukt: het e-mailadres hoort niet bij de organisatie."
    )
    assert_accessible(page)
    refusal = AuditEvent.objects.filter(event=AuditEvent.Event.SSO_FAILED).get()
    assert refusal.detail == {"reason": "foreign_domain", "via": "Hengelo"}
    assert refusal.username == "bram@enschede.nl"

    # A first sign-in without an account makes one, in Hengelo, without any role.
    page.context.clear_cookies()
    sign_in_at_provider(page, "Hengelo", NIEUW)
    expect(page).to_have_url(f"{live_server.url}/")
    nieuw = User.objects.get(username="nieuw@hengelo.nl")
    assert nieuw.organisation == hengelo.organisation
    assert not nieuw.groups.exists()
    assert not nieuw.has_usable_password()
