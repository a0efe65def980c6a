"""Signing in with the organisation's own account (platform_ivz.core.sso): the ID token's
verification, account matching and refusals, with tokens signed here by a key of the test's
own; the second-step rule; the encrypted secret; the sign-in page, the flow's start and
callback, and 'alleen via eigen organisatie' for the password form. The whole flow against a
real provider is in tests/browser/test_sso_browser.py."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey

from platform_ivz.core import sso
from platform_ivz.core.admin import IdentityProviderForm
from platform_ivz.core.models import AuditEvent, ExternalIdentity, IdentityProvider, User
from platform_ivz.core.roles import Role
from tests.factories import (
    PASSWORD,
    IdentityProviderFactory,
    OrganisationFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

ISSUER = "https://login.example.nl"
KEY = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
KEYS = KeySet([KEY])


class FromNow(int):
    """A time claim as seconds from when the token is made: a parameter list is built when
    the tests are collected, which can be many minutes before a test runs."""


def id_token(key=KEY, alg="RS256", **claims) -> str:
    now = int(time.time())
    claims = {
        name: now + value if isinstance(value, FromNow) else value for name, value in claims.items()
    }
    payload = {
        "iss": ISSUER,
        "aud": "hengelo",
        "sub": "subject-1",
        "iat": now,
        "exp": now + 300,
        "nonce": "the-nonce",
        **claims,
    }
    payload = {name: value for name, value in payload.items() if value is not None}
    return jwt.encode({"alg": alg, "kid": "test-key"}, payload, key, algorithms=[alg])


def verify(token, **overrides):
    options = {"keys": KEYS, "issuer": ISSUER, "client_id": "hengelo", "nonce": "the-nonce"}
    return sso.verify_id_token(token, **{**options, **overrides})


# --- The ID token ---------------------------------------------------------------------------


def test_a_good_token_passes():
    assert verify(id_token())["sub"] == "subject-1"


@pytest.mark.parametrize(
    "claims",
    [
        {"iss": "https://evil.example.com"},
        {"aud": "enschede"},
        {"aud": ["hengelo", "enschede"]},  # several audiences without azp = us
        {"exp": FromNow(-600)},  # expired (beyond the minute of leeway)
        {"iat": FromNow(600)},  # issued in the future
        {"nonce": "another-nonce"},
        {"nonce": None},
        {"exp": None},
        {"sub": None},
    ],
    ids=[
        "issuer",
        "audience",
        "audiences-without-azp",
        "expired",
        "future",
        "nonce",
        "no-nonce",
        "no-exp",
        "no-sub",
    ],
)
def test_a_token_with_a_wrong_claim_is_refused(claims):
    with pytest.raises((JoseError, ValueError)):
        verify(id_token(**claims))


def test_several_audiences_with_us_as_authorised_party_pass():
    assert verify(id_token(aud=["hengelo", "enschede"], azp="hengelo"))


def test_a_token_signed_by_another_key_is_refused():
    with pytest.raises(JoseError):
        verify(id_token(key=OTHER_KEY))


def test_a_token_signed_with_a_shared_secret_is_refused():
    from joserfc.jwk import OctKey

    secret = OctKey.import_key("hengelo-secret-hengelo-secret-hengelo-secret")
    with pytest.raises(JoseError):
        verify(id_token(key=secret, alg="HS256"), keys=secret)


def test_an_unsigned_token_is_refused():
    header = "eyJhbGciOiJub25lIn0"  # {"alg":"none"}
    body = id_token().split(".")[1]
    with pytest.raises(JoseError):
        verify(f"{header}.{body}.")


# --- The account ----------------------------------------------------------------------------


@pytest.fixture
def hengelo():
    return IdentityProviderFactory(organisation=OrganisationFactory(name="Hengelo"))


def claims(**extra):
    return {"sub": "subject-1", "email": "Anna@Hengelo.nl", "email_verified": True, **extra}


def test_an_existing_account_is_linked_by_its_verified_address(hengelo):
    anna = user_with_role(Role.PLATFORMLID, "Hengelo", username="anna", email="anna@hengelo.nl")
    assert sso.match_account(provider=hengelo, claims=claims()) == anna
    assert ExternalIdentity.objects.get(provider=hengelo).user == anna
    linked = AuditEvent.objects.get(event=AuditEvent.Event.SSO_LINKED)
    assert linked.actor == anna and linked.detail == {"via": "Hengelo"}
    # Next time by the subject, whatever the address says now.
    assert sso.match_account(provider=hengelo, claims=claims(email="a.devries@hengelo.nl")) == anna
    assert ExternalIdentity.objects.count() == 1


def test_a_new_account_gets_the_providers_organisation_and_no_role(hengelo):
    user = sso.match_account(
        provider=hengelo, claims=claims(given_name="Anna", family_name="de Vries")
    )
    assert user.username == user.email == "anna@hengelo.nl"
    assert user.organisation == hengelo.organisation
    assert (user.first_name, user.last_name) == ("Anna", "de Vries")
    assert not user.groups.exists() and not user.is_staff and not user.is_superuser
    assert not user.has_usable_password()
    assert AuditEvent.objects.filter(event=AuditEvent.Event.SSO_ACCOUNT_CREATED).count() == 1


def test_the_organisation_never_comes_from_the_token(hengelo):
    OrganisationFactory(name="Enschede")
    user = sso.match_account(provider=hengelo, claims=claims(organisation="Enschede"))
    assert user.organisation.name == "Hengelo"


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ({"email_verified": False}, "email_unverified"),
        ({"email_verified": None}, "email_unverified"),
        ({"email": "anna@enschede.nl"}, "foreign_domain"),
        ({"email": "anna@hengelo.nl.evil.com"}, "foreign_domain"),
        ({"email": None}, "email_missing"),
        ({"email": "not an address"}, "email_missing"),
    ],
)
def test_refusals_of_the_address(hengelo, given, reason):
    with pytest.raises(sso.SignInRefused) as refused:
        sso.match_account(provider=hengelo, claims=claims(**given))
    assert refused.value.reason == reason
    assert not User.objects.exists()


def test_an_unverified_address_passes_where_the_provider_sends_no_such_claim(hengelo):
    hengelo.require_email_verified = False
    hengelo.email_claim = "preferred_username"
    user = sso.match_account(
        provider=hengelo,
        claims={"sub": "s", "preferred_username": "anna@hengelo.nl"},
    )
    assert user.username == "anna@hengelo.nl"


@pytest.mark.parametrize(
    ("account", "reason"),
    [
        ({"is_active": False}, "inactive"),
        ({"is_superuser": True}, "superuser"),
    ],
)
def test_refusals_of_the_account(hengelo, account, reason):
    UserFactory(
        username="anna", email="anna@hengelo.nl", organisation=hengelo.organisation, **account
    )
    with pytest.raises(sso.SignInRefused) as refused:
        sso.match_account(provider=hengelo, claims=claims())
    assert refused.value.reason == reason
    assert not ExternalIdentity.objects.exists()


def test_an_account_of_another_organisation_is_neither_linked_nor_duplicated(hengelo):
    UserFactory(
        username="anna",
        email="anna@hengelo.nl",
        organisation=OrganisationFactory(name="Enschede"),
    )
    with pytest.raises(sso.SignInRefused) as refused:
        sso.match_account(provider=hengelo, claims=claims())
    assert refused.value.reason == "other_organisation"
    assert User.objects.count() == 1


def test_an_account_linked_to_another_subject_is_not_taken_over(hengelo):
    anna = UserFactory(username="anna", email="anna@hengelo.nl", organisation=hengelo.organisation)
    ExternalIdentity.objects.create(user=anna, provider=hengelo, subject="the-first-anna")
    with pytest.raises(sso.SignInRefused) as refused:
        sso.match_account(provider=hengelo, claims=claims(sub="a-new-anna"))
    assert refused.value.reason == "already_linked"


def test_a_linked_account_that_was_deactivated_is_refused(hengelo):
    anna = UserFactory(username="anna", email="anna@hengelo.nl", organisation=hengelo.organisation)
    ExternalIdentity.objects.create(user=anna, provider=hengelo, subject="subject-1")
    anna.is_active = False
    anna.save()
    with pytest.raises(sso.SignInRefused) as refused:
        sso.match_account(provider=hengelo, claims=claims())
    assert refused.value.reason == "inactive"


# --- The second step ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("enforces", "token_claims", "counts"),
    [
        (True, {"amr": ["pwd", "mfa"]}, True),
        (True, {"amr": ["pwd"]}, False),
        (True, {}, False),
        (False, {"amr": ["pwd", "mfa"]}, False),  # not marked: the app's own code follows
        (True, {"acr": "urn:example:mfa"}, True),
        (True, {"acr": "urn:example:pwd"}, False),
    ],
)
def test_the_providers_mfa_counts_only_where_it_is_enforced(enforces, token_claims, counts):
    provider = IdentityProvider(enforces_mfa=enforces, mfa_acr_values="urn:example:mfa")
    assert sso.second_step_done(provider, token_claims) is counts


# --- The client secret ----------------------------------------------------------------------


def test_the_client_secret_is_stored_encrypted(settings):
    organisation = OrganisationFactory(name="Hengelo")
    form = IdentityProviderForm(
        data={
            "organisation": organisation.pk,
            "enabled": "on",
            "issuer": ISSUER,
            "client_id": "hengelo",
            "client_secret": "s3cret-value",
            "email_claim": "email",
            "require_email_verified": "on",
            "email_domains": "hengelo.nl, @Hengelo.Nl",
        }
    )
    assert form.is_valid(), form.errors
    provider = form.save()
    assert "s3cret-value" not in provider.client_secret_encrypted
    assert sso.decrypt_secret(provider.client_secret_encrypted) == "s3cret-value"
    assert provider.domains == ["hengelo.nl", "hengelo.nl"]
    # Left empty on a change: the stored secret stays.
    form = IdentityProviderForm(
        instance=provider, data={**form.data, "client_secret": "", "client_id": "hengelo-2"}
    )
    assert form.is_valid(), form.errors
    assert sso.decrypt_secret(form.save().client_secret_encrypted) == "s3cret-value"
    # A rotated key: the old one still decrypts.
    settings.SSO_ENCRYPTION_KEYS = ["a-new-key", *settings.SSO_ENCRYPTION_KEYS]
    assert sso.decrypt_secret(provider.client_secret_encrypted) == "s3cret-value"


def test_a_new_provider_needs_a_secret():
    form = IdentityProviderForm(
        data={
            "organisation": OrganisationFactory().pk,
            "issuer": ISSUER,
            "client_id": "x",
            "email_claim": "email",
            "email_domains": "hengelo.nl",
        }
    )
    assert not form.is_valid()
    assert "client_secret" in form.errors


# --- The pages ------------------------------------------------------------------------------

DISCOVERY = {
    "issuer": ISSUER,
    "authorization_endpoint": f"{ISSUER}/auth",
    "token_endpoint": f"{ISSUER}/token",
    "jwks_uri": f"{ISSUER}/jwks",
    "end_session_endpoint": f"{ISSUER}/session/end",
}


@pytest.fixture
def discovered(monkeypatch):
    monkeypatch.setattr(sso, "metadata", lambda provider: DISCOVERY)


def test_the_sign_in_page_offers_each_enabled_provider(client, hengelo):
    IdentityProviderFactory(organisation=OrganisationFactory(name="Enschede"), enabled=False)
    page = client.get(reverse("login")).content.decode()
    assert "Inloggen met Hengelo" in page
    assert "Enschede" not in page


def test_the_start_sends_to_the_provider_with_pkce_state_and_nonce(client, hengelo, discovered):
    response = client.get(reverse("core:sso_start", args=[hengelo.pk]))
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{ISSUER}/auth"
    query = {name: values[0] for name, values in parse_qs(url.query).items()}
    assert query["client_id"] == "hengelo"
    assert query["response_type"] == "code"
    assert query["code_challenge_method"] == "S256"
    assert query["redirect_uri"] == "http://testserver/inloggen/organisatie/terug/"
    flow = client.session[sso.FLOW_KEY][query["state"]]
    assert flow["nonce"] == query["nonce"]
    assert query["code_challenge"] != flow["verifier"]


def test_a_callback_without_a_started_flow_is_refused_and_logged(client, hengelo):
    response = client.get(reverse("core:sso_callback"), {"state": "forged", "code": "x"})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    event = AuditEvent.objects.get(event=AuditEvent.Event.SSO_FAILED)
    assert event.detail == {"reason": "state"}
    assert "_auth_user_id" not in client.session


def test_an_error_from_the_provider_is_refused_and_logged(client, hengelo, discovered):
    start = client.get(reverse("core:sso_start", args=[hengelo.pk]))
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    response = client.get(reverse("core:sso_callback"), {"state": state, "error": "access_denied"})
    assert response["Location"] == reverse("login")
    event = AuditEvent.objects.get(event=AuditEvent.Event.SSO_FAILED)
    assert event.detail == {"reason": "provider_error", "error": "access_denied", "via": "Hengelo"}
    # The state is used up.
    client.get(reverse("core:sso_callback"), {"state": state, "code": "x"})
    assert AuditEvent.objects.filter(event=AuditEvent.Event.SSO_FAILED).count() == 2


def test_a_disabled_provider_cannot_be_started(client, hengelo):
    hengelo.enabled = False
    hengelo.save()
    assert client.get(reverse("core:sso_start", args=[hengelo.pk])).status_code == 404


def test_only_through_the_organisation_refuses_the_password(client, hengelo):
    hengelo.sso_only = True
    hengelo.save()
    user_with_role(Role.PLATFORMLID, "Hengelo", username="anna")
    response = client.post(reverse("login"), {"username": "anna", "password": PASSWORD})
    assert response.status_code == 200
    assert "gebruik de knop &#x27;Inloggen met Hengelo&#x27;" in response.content.decode()
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(event=AuditEvent.Event.LOGIN_FAILED)
    assert event.detail == {"reason": "sso_only"}


def test_the_beheerder_keeps_the_password_of_an_organisation_signing_in_through_its_own(
    client, hengelo
):
    hengelo.sso_only = True
    hengelo.save()
    user_with_role(Role.BEHEERDER, "Hengelo", username="beheer")
    response = client.post(reverse("login"), {"username": "beheer", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_sign_out_without_the_organisations_sign_in_stays_as_it_was(client, hengelo):
    client.force_login(user_with_role(Role.PLATFORMLID, "Hengelo"))
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")


def test_sign_out_after_it_forwards_to_the_providers_end_session(client, hengelo, discovered):
    client.force_login(user_with_role(Role.PLATFORMLID, "Hengelo"))
    session = client.session
    session[sso.SESSION_KEY] = {"provider": hengelo.pk, "id_token": "the.id.token"}
    session.save()
    response = client.post(reverse("logout"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'http-equiv="refresh"' in page
    assert f"{ISSUER}/session/end?id_token_hint=the.id.token&amp;client_id=hengelo" in page
    assert "post_logout_redirect_uri=http%3A%2F%2Ftestserver%2Finloggen%2F" in page
    assert "_auth_user_id" not in client.session


def test_a_locked_out_username_cannot_sign_in_through_the_organisation(
    client, hengelo, monkeypatch
):
    from axes.models import AccessAttempt
    from django.utils import timezone

    anna = UserFactory(username="anna", email="anna@hengelo.nl", organisation=hengelo.organisation)
    AccessAttempt.objects.create(
        username="anna",
        ip_address="127.0.0.1",
        user_agent="",
        failures_since_start=5,
        attempt_time=timezone.now(),
        get_data="",
        post_data="",
        http_accept="",
        path_info="/inloggen/",
    )
    outcome = sso.Outcome(hengelo, claims(), "the.id.token", "")
    monkeypatch.setattr(sso, "finish", lambda request: outcome)
    response = client.get(reverse("core:sso_callback"))
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(event=AuditEvent.Event.SSO_FAILED)
    assert event.detail == {"reason": "locked_out", "via": "Hengelo"}
    assert event.username == anna.username


def test_a_signed_in_session_remembers_the_provider_for_sign_out(client, hengelo, monkeypatch):
    UserFactory(username="anna", email="anna@hengelo.nl", organisation=hengelo.organisation)
    outcome = sso.Outcome(hengelo, claims(), "the.id.token", "/projecten/")
    monkeypatch.setattr(sso, "finish", lambda request: outcome)
    response = client.get(reverse("core:sso_callback"))
    assert response.status_code == 302 and response["Location"] == "/projecten/"
    assert client.session[sso.SESSION_KEY] == {"provider": hengelo.pk, "id_token": "the.id.token"}
    login = AuditEvent.objects.get(event=AuditEvent.Event.LOGIN)
    assert login.detail == {"via": "Hengelo"}


def test_the_page_after_sign_in_is_never_another_site(client, hengelo, monkeypatch):
    UserFactory(username="anna", email="anna@hengelo.nl", organisation=hengelo.organisation)
    outcome = sso.Outcome(hengelo, claims(), "the.id.token", "https://evil.example.com/")
    monkeypatch.setattr(sso, "finish", lambda request: outcome)
    assert client.get(reverse("core:sso_callback"))["Location"] == reverse("home")


def test_the_beheerder_sees_and_removes_an_accounts_link(client, hengelo, settings):
    settings.TWO_FACTOR_REQUIRED = False
    anna = UserFactory(username="anna", email="anna@hengelo.nl", organisation=hengelo.organisation)
    link = ExternalIdentity.objects.create(user=anna, provider=hengelo, subject="the-first-anna")
    client.force_login(user_with_role(Role.BEHEERDER, "Hengelo", username="beheer"))
    url = reverse("admin:core_user_change", args=[anna.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "the-first-anna" in page.content.decode()
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and name not in ("groups", "password")
    }
    prefix = "external_identities"
    data.update(
        {
            "date_joined_0": anna.date_joined.strftime("%d-%m-%Y"),
            "date_joined_1": anna.date_joined.strftime("%H:%M:%S"),
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "1",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
            f"{prefix}-0-id": link.pk,
            f"{prefix}-0-user": anna.pk,
            f"{prefix}-0-DELETE": "on",
        }
    )
    data.pop("last_login", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not ExternalIdentity.objects.exists()
