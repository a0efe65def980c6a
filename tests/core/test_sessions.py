"""Session time-out: 30 minutes idle, 12 hours in all (platform_ivz.core.middleware)."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def assert_signed_out_to_login(client, response, next_url="/"):
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/inloggen/"
    assert parse_qs(location.query)["next"] == [next_url]
    assert "_auth_user_id" not in client.session
    # Signed out for good: the next request is anonymous too, and the login page says why.
    login_page = client.get(response["Location"])
    assert "Uw sessie is verlopen. Log opnieuw in." in login_page.content.decode()
    assert client.get("/").status_code == 302


def test_the_timeouts_are_as_designed():
    assert settings.SESSION_IDLE_TIMEOUT == timedelta(minutes=30)
    assert settings.SESSION_ABSOLUTE_TIMEOUT == timedelta(hours=12)


def test_a_session_survives_29_idle_minutes(client, platformlid, frozen_time):
    client.force_login(platformlid)
    assert client.get("/").status_code == 200
    frozen_time.shift(timedelta(minutes=29))
    assert client.get("/").status_code == 200


def test_a_session_ends_after_31_idle_minutes(client, platformlid, frozen_time):
    client.force_login(platformlid)
    assert client.get("/").status_code == 200
    frozen_time.shift(timedelta(minutes=31))
    assert_signed_out_to_login(client, client.get("/"))


def test_the_idle_timeout_also_ends_sessions_on_other_pages(client, platformlid, frozen_time):
    client.force_login(platformlid)
    assert client.get("/").status_code == 200
    frozen_time.shift(timedelta(minutes=31))
    response = client.get("/some/page/?tab=2")
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == ["/some/page/?tab=2"]
    assert "_auth_user_id" not in client.session


def test_activity_keeps_a_session_alive_for_at_most_12_hours(client, platformlid, frozen_time):
    client.force_login(platformlid)
    elapsed = timedelta(0)
    # A request every 20 minutes, up to 11:40.
    while elapsed < timedelta(hours=11, minutes=40):
        assert client.get("/").status_code == 200, f"signed out after {elapsed}"
        frozen_time.shift(timedelta(minutes=20))
        elapsed += timedelta(minutes=20)
    assert client.get("/").status_code == 200  # 11:40
    frozen_time.shift(timedelta(minutes=19))
    assert client.get("/").status_code == 200  # 11:59
    # Two minutes later: hardly idle, but past twelve hours since the session began.
    frozen_time.shift(timedelta(minutes=2))
    assert_signed_out_to_login(client, client.get("/"))


def test_signing_in_again_starts_a_fresh_session(client, platformlid, frozen_time):
    client.force_login(platformlid)
    assert client.get("/").status_code == 200
    frozen_time.shift(timedelta(hours=1))
    assert client.get("/").status_code == 302
    client.force_login(platformlid)
    assert client.get("/").status_code == 200
    frozen_time.shift(timedelta(minutes=20))
    assert client.get("/").status_code == 200
