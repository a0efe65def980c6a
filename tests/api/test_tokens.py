"""Personal API tokens: made on the account page, shown once, stored hashed, valid until the
end of their day, revoked there; every creation, revocation and refused use in the security
log (platform_ivz/api/tokens.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from platform_ivz.api import tokens
from platform_ivz.api.models import ApiToken
from platform_ivz.core.models import AuditEvent
from tests.api.helpers import api_get, is_problem, make_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROJECTS = "/api/v1/projects/"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def events(kind):
    return list(AuditEvent.objects.filter(event=kind).order_by("id"))


def test_a_token_is_made_on_the_account_page_and_shown_once(client, platformlid):
    client.force_login(platformlid)
    page = client.get(reverse("api:tokens"))
    assert page.status_code == 200
    assert "Cache-Control" in page and "no-store" in page["Cache-Control"]
    response = client.post(
        reverse("api:tokens"),
        {
            "name": "Dashboard Hengelo",
            "expires_on": str(timezone.localdate() + datetime.timedelta(days=30)),
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = response.context["raw"]
    assert raw.startswith("ivz_") and len(raw) > 40
    assert raw in response.content.decode()
    token = ApiToken.objects.get()
    # Stored hashed: the token itself is nowhere in the row.
    assert token.digest == tokens.digest(raw) != raw
    assert raw not in {token.name, token.prefix, token.digest}
    assert raw.startswith(token.prefix) and len(token.prefix) < 16
    # The list shows its name and beginning, never the token.
    listing = client.get(reverse("api:tokens")).content.decode()
    assert "Dashboard Hengelo" in listing and token.prefix in listing and raw not in listing
    [created] = events(AuditEvent.Event.API_TOKEN_CREATED)
    assert created.actor == platformlid and created.object_id == str(token.pk)
    assert raw not in str(created.detail) and created.detail["name"] == "Dashboard Hengelo"


def test_the_form_keeps_what_was_typed_and_refuses_bad_expiry_dates(client, platformlid):
    client.force_login(platformlid)
    today = timezone.localdate()
    for expires_on in (today - datetime.timedelta(days=1), today + datetime.timedelta(days=400)):
        response = client.post(
            reverse("api:tokens"), {"name": "Mijn dashboard", "expires_on": str(expires_on)}
        )
        assert response.status_code == 400
        assert response.context["form"].errors["expires_on"]
        assert 'id="form-errors"' in response.content.decode()
        assert 'value="Mijn dashboard"' in response.content.decode()
    response = client.post(reverse("api:tokens"), {"name": "", "expires_on": str(today)})
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_a_token_acts_as_its_user_and_records_when_it_was_last_used(client, platformlid):
    with_time = timezone.now()
    raw = make_token(platformlid)
    response = api_get(client, PROJECTS, raw)
    assert response.status_code == 200
    assert response.wsgi_request.user == platformlid
    token = ApiToken.objects.get()
    assert token.last_used_at is not None and token.last_used_at >= with_time


def test_the_last_used_time_is_written_at_most_once_a_minute(client, platformlid, frozen_time):
    raw = make_token(platformlid)
    api_get(client, PROJECTS, raw)
    first = ApiToken.objects.get().last_used_at
    frozen_time.shift(datetime.timedelta(seconds=20))
    api_get(client, PROJECTS, raw)
    assert ApiToken.objects.get().last_used_at == first
    frozen_time.shift(datetime.timedelta(seconds=50))
    api_get(client, PROJECTS, raw)
    assert ApiToken.objects.get().last_used_at > first


def test_a_token_works_until_its_last_day_ends(client, platformlid):
    import time_machine

    with time_machine.travel(START, tick=False) as traveller:
        raw = make_token(platformlid, days=1)  # valid up to and including tomorrow
        traveller.move_to(datetime.datetime(2026, 3, 3, 22, 59, tzinfo=datetime.UTC))  # 23:59 NL
        assert api_get(client, PROJECTS, raw).status_code == 200
        traveller.move_to(datetime.datetime(2026, 3, 3, 23, 0, 1, tzinfo=datetime.UTC))
        response = api_get(client, PROJECTS, raw)
    assert is_problem(response, 401)
    [refused] = events(AuditEvent.Event.API_TOKEN_REFUSED)
    assert refused.actor == platformlid and refused.detail == {"reason": "expired"}
    assert refused.result == AuditEvent.Result.FAILURE


def test_a_revoked_token_is_refused_and_both_are_logged(client, platformlid):
    raw = make_token(platformlid)
    token = ApiToken.objects.get()
    client.force_login(platformlid)
    confirm = client.get(reverse("api:token_revoke", args=[token.pk]))
    assert confirm.status_code == 200 and token.name in confirm.content.decode()
    assert ApiToken.objects.get().revoked_at is None  # the GET only asks
    response = client.post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    client.logout()
    assert is_problem(api_get(client, PROJECTS, raw), 401)
    assert len(events(AuditEvent.Event.API_TOKEN_REVOKED)) == 1
    [refused] = events(AuditEvent.Event.API_TOKEN_REFUSED)
    assert refused.detail == {"reason": "revoked"}


def test_nobody_sees_or_revokes_anothers_token(client, platformlid):
    make_token(platformlid, name="Sleutel van Hengelo")
    token = ApiToken.objects.get()
    other = UserFactory()
    client.force_login(other)
    assert client.get(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    assert token.name not in client.get(reverse("api:tokens")).content.decode()
    assert ApiToken.objects.get().revoked_at is None


def test_the_token_of_a_switched_off_account_is_refused(client, platformlid):
    raw = make_token(platformlid)
    platformlid.is_active = False
    platformlid.save()
    assert is_problem(api_get(client, PROJECTS, raw), 401)
    [refused] = events(AuditEvent.Event.API_TOKEN_REFUSED)
    assert refused.detail == {"reason": "account inactive"}


def test_without_a_token_the_api_answers_401_with_how_to_authenticate(client):
    response = client.get(PROJECTS)
    assert is_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer ivz_made-up", "Bearer nonsense", "Bearer", "Bearer a b", "Bearer " + "x" * 500],
)
def test_an_unknown_token_is_refused_and_counted_as_an_anonymous_refusal(client, header):
    response = client.get(PROJECTS, HTTP_AUTHORIZATION=header)
    assert is_problem(response, 401)
    assert not events(AuditEvent.Event.API_TOKEN_REFUSED)
    if header.count(" ") == 1:  # a token was sent: the refusal is in the log
        assert events(AuditEvent.Event.PERMISSION_DENIED)


def test_a_flood_of_made_up_tokens_writes_one_log_row_a_minute(client):
    for number in range(10):
        client.get(PROJECTS, HTTP_AUTHORIZATION=f"Bearer ivz_guess{number}")
    assert len(events(AuditEvent.Event.PERMISSION_DENIED)) == 1


def test_the_token_pages_need_a_signed_in_user(client):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]
