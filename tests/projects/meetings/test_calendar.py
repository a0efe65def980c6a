"""The calendar (issue 18 item 7): an .ics per meeting and a personal feed behind a secret,
revocable token, read back with the icalendar package."""

import datetime
import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from platform_ivz.core.models import AuditEvent, CalendarToken
from projects.meetings import calendar
from tests.factories import MeetingFactory
from tests.projects.meetings.action_scenario import at

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 3, 2)


@pytest.fixture(autouse=True)
def no_second_step(settings):
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture(autouse=True)
def on_a_day():
    with at(TODAY):
        yield


@pytest.fixture
def meetings():
    return {
        "platform": MeetingFactory(
            body="platform",
            date=D(2026, 6, 15),  # summer time: 14:00 in Amsterdam is 12:00 UTC
            start_time=datetime.time(14, 0),
            end_time=datetime.time(16, 0),
            location="Hengelo, stadhuis",
        ),
        "platform_winter": MeetingFactory(
            body="platform", date=D(2026, 3, 9), start_time=datetime.time(10, 0), location=""
        ),
        "dvo": MeetingFactory(
            body="dvo", date=D(2026, 4, 1), location="", online_link="https://meet.example.nl/dvo"
        ),
        "long_ago": MeetingFactory(body="platform", date=D(2024, 1, 10)),
    }


def events(content: bytes) -> dict:
    parsed = Calendar.from_ical(content)
    return {str(event["UID"]): event for event in parsed.walk("VEVENT")}


def uid(meeting) -> str:
    return f"vergadering-{meeting.pk}@"


def feed_token(client, user) -> str:
    client.force_login(user)
    page = client.post(reverse("meetings:calendar")).content.decode()
    return re.search(r"agenda-abonnement/([A-Za-z0-9_-]+)\.ics", page).group(1)


def test_the_feed_holds_the_meetings_of_the_users_bodies_in_amsterdam_time(
    client, platformlid, meetings
):
    token = feed_token(client, platformlid)
    response = Client().get(reverse("meetings:calendar_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    parsed = Calendar.from_ical(response.content)
    assert [str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    found = events(response.content)
    # The Platform's meetings of the last year on, not the DVO's, not the one of 2024.
    assert sorted(found) == sorted(
        next(key for key in found if key.startswith(uid(m)))
        for m in (meetings["platform"], meetings["platform_winter"])
    )
    summer = next(e for k, e in found.items() if k.startswith(uid(meetings["platform"])))
    start = summer["DTSTART"]
    assert start.params["TZID"] == "Europe/Amsterdam"
    assert start.dt == datetime.datetime(2026, 6, 15, 14, 0, tzinfo=calendar.AMSTERDAM)
    assert start.dt.astimezone(datetime.UTC).hour == 12
    assert summer["DTEND"].dt.hour == 16
    assert str(summer["LOCATION"]) == "Hengelo, stadhuis"
    assert str(summer["SUMMARY"]) == "Vergadering van het Platform IVZ"
    assert reverse("meetings:detail", args=[meetings["platform"].pk]) in str(summer["URL"])
    winter = next(e for k, e in found.items() if k.startswith(uid(meetings["platform_winter"])))
    assert winter["DTSTART"].dt.utcoffset() == datetime.timedelta(hours=1)


def test_a_dvo_member_gets_the_dvo_meetings(client, dvo_lid, meetings):
    token = feed_token(client, dvo_lid)
    found = events(Client().get(reverse("meetings:calendar_feed", args=[token])).content)
    assert len(found) == 1
    event = next(iter(found.values()))
    assert next(iter(found)).startswith(uid(meetings["dvo"]))
    assert event["DTSTART"].dt == D(2026, 4, 1)  # no time: a day
    assert str(event["LOCATION"]) == "https://meet.example.nl/dvo"


def test_only_the_hash_is_stored_and_the_address_shown_once(client, platformlid):
    token = feed_token(client, platformlid)
    row = CalendarToken.objects.get(user=platformlid)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in row.token_hash
    assert token not in client.get(reverse("meetings:calendar")).content.decode()
    events_logged = AuditEvent.objects.filter(event="calendar_token", actor_id=platformlid.pk)
    assert events_logged.count() == 1
    assert token not in str(events_logged.get().detail)


def test_a_revoked_renewed_or_unknown_token_gets_404(client, platformlid, meetings):
    first = feed_token(client, platformlid)
    feed = Client()
    second = feed_token(client, platformlid)  # renewed: the first stops working
    assert feed.get(reverse("meetings:calendar_feed", args=[first])).status_code == 404
    assert feed.get(reverse("meetings:calendar_feed", args=[second])).status_code == 200
    page = client.get(reverse("meetings:calendar_revoke"))
    assert page.status_code == 200
    assert CalendarToken.objects.filter(user=platformlid).exists()  # a GET revokes nothing
    client.post(reverse("meetings:calendar_revoke"))
    assert not CalendarToken.objects.filter(user=platformlid).exists()
    assert feed.get(reverse("meetings:calendar_feed", args=[second])).status_code == 404
    assert feed.get(reverse("meetings:calendar_feed", args=["onbekend"])).status_code == 404
    assert AuditEvent.objects.filter(event="calendar_revoked", actor_id=platformlid.pk).exists()


def test_an_inactive_users_token_stops_working(client, platformlid, meetings):
    token = feed_token(client, platformlid)
    platformlid.is_active = False
    platformlid.save()
    assert Client().get(reverse("meetings:calendar_feed", args=[token])).status_code == 404


def test_the_feed_is_not_signed_in_and_needs_no_session(client, platformlid, meetings):
    token = feed_token(client, platformlid)
    response = Client().get(reverse("meetings:calendar_feed", args=[token]))
    assert "sessionid" not in response.cookies
    assert response["X-Robots-Tag"] == "noindex"


def test_the_ics_of_a_meeting_is_for_every_signed_in_user(client, dvo_lid, meetings):
    url = reverse("meetings:meeting_ics", args=[meetings["platform"].pk])
    assert Client().get(url).status_code == 302  # to sign in
    client.force_login(dvo_lid)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    found = events(response.content)
    assert len(found) == 1 and next(iter(found)).startswith(uid(meetings["platform"]))
