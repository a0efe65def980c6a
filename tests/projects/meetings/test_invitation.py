"""Sending the agenda (issue 18 item 3): to the body's members, one e-mail each per sending,
recorded with when and by whom; a later sending is a changed agenda."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from platform_ivz.core.roles import Role
from projects.meetings import invitation
from projects.models import AgendaSending
from tests.factories import MeetingFactory, user_with_role
from tests.projects.meetings.action_scenario import at, free_item
from tests.projects.meetings.scenario import EVERYONE

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
def bare_meeting():
    """Without free items, for the page tests (the agenda's page shows those elsewhere)."""
    return MeetingFactory(body="platform", date=D(2026, 3, 16))


@pytest.fixture
def meeting():
    meeting = MeetingFactory(
        body="platform",
        date=D(2026, 3, 16),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(16, 30),
        location="Hengelo, stadhuis",
        online_link="https://vergaderen.example.nl/platform",
    )
    free_item(meeting, "Opening", order=1, presenter="Voorzitter")
    free_item(meeting, "Rondvraag", order=3)
    free_item(meeting, "Mededelingen", order=2, text="Nieuwe partner in het Platform.")
    return meeting


def send(meeting, actor, capture, **kwargs):
    with capture(execute=True):
        return invitation.send_agenda(meeting=meeting, actor=actor, **kwargs)


@pytest.mark.parametrize("who", EVERYONE)
def test_those_who_keep_meetings_send_the_agenda(
    people, meeting, who, django_capture_on_commit_callbacks
):
    if who in ("voorzitter", "regiocoordinator", "beheerder"):
        sending = send(meeting, people[who], django_capture_on_commit_callbacks)
        assert sending.sent_by == people[who]
    else:
        with pytest.raises(PermissionDenied):
            send(meeting, people[who], django_capture_on_commit_callbacks)
        assert not AgendaSending.objects.exists() and mail.outbox == []


def test_each_member_gets_exactly_one_email_per_sending(
    people, meeting, django_capture_on_commit_callbacks
):
    # The Platform: voorzitter, regiocoördinator and the platformleden (people's fixture makes
    # six: platformlid, projectleider, member, outsider, indiener), not the DVO or the beheerder.
    user_with_role(Role.PLATFORMLID, "Borne", username="t_zonder_mail", email="")
    user_with_role(Role.PLATFORMLID, "Almelo", username="t_oud", is_active=False)
    platform = [
        people[name]
        for name in (
            "voorzitter",
            "regiocoordinator",
            "platformlid",
            "projectleider",
            "member",
            "outsider",
            "indiener",
        )
    ]
    sending = send(meeting, people.regiocoordinator, django_capture_on_commit_callbacks)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(person.email for person in platform)
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert sending.recipient_count == len(platform)
    assert (sending.is_change, sending.sent_at is not None) == (False, True)

    message = mail.outbox[0]
    assert message.subject == "Agenda: vergadering van het Platform IVZ op 16 maart 2026"
    body = message.body
    assert (
        body.index("1. Opening (Voorzitter)")
        < body.index("2. Mededelingen")
        < body.index("3. Rondvraag")
    )
    assert "Nieuwe partner in het Platform." in body
    assert "14:00–16:30" in body and "Hengelo, stadhuis" in body
    assert "https://vergaderen.example.nl/platform" in body
    page = reverse("meetings:detail", args=[meeting.pk])
    assert f"{settings.SITE_URL.rstrip('/')}{page}#vergaderstukken" in body
    assert "gewijzigd" not in body


def test_a_second_sending_is_a_changed_agenda(people, meeting, django_capture_on_commit_callbacks):
    send(meeting, people.regiocoordinator, django_capture_on_commit_callbacks)
    first = len(mail.outbox)
    sending = send(meeting, people.voorzitter, django_capture_on_commit_callbacks)
    changed = mail.outbox[first:]
    assert len(changed) == first  # once more each, no more
    assert sending.is_change
    assert changed[0].subject.startswith("Gewijzigde agenda: vergadering van het Platform")
    assert "is gewijzigd" in changed[0].body
    assert AgendaSending.objects.filter(meeting=meeting).count() == 2


def test_a_stale_confirmation_sends_nothing(people, meeting, django_capture_on_commit_callbacks):
    send(meeting, people.regiocoordinator, django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    with pytest.raises(invitation.SentInBetween):
        send(meeting, people.voorzitter, django_capture_on_commit_callbacks, expected_sendings=0)
    assert len(mail.outbox) == sent
    assert AgendaSending.objects.count() == 1


def test_a_meeting_that_took_place_is_not_sent(people, django_capture_on_commit_callbacks):
    held = MeetingFactory(body="dvo", date=TODAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        send(held, people.regiocoordinator, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_the_dvo_agenda_goes_to_the_dvo_members_and_the_voorzitter(
    people, django_capture_on_commit_callbacks
):
    dvo = MeetingFactory(body="dvo", date=D(2026, 3, 20))
    send(dvo, people.regiocoordinator, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people.dvo_lid.email, people.portefeuillehouder.email, people.voorzitter.email]
    )


def test_the_confirmation_page_names_the_count_and_the_meeting_page_the_sending(
    client, people, bare_meeting, django_capture_on_commit_callbacks
):
    meeting = bare_meeting
    client.force_login(people.regiocoordinator)
    detail = reverse("meetings:detail", args=[meeting.pk])
    assert "De agenda is nog niet verstuurd." in client.get(detail).content.decode()
    url = reverse("meetings:agenda_send", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "Bevestigen: versturen aan 7 leden" in page
    assert AgendaSending.objects.count() == 0  # a GET sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"sendings": "0"})
    assert response.status_code == 302 and len(mail.outbox) == 7
    html = client.get(detail).content.decode()
    assert "De agenda is op 2 maart 2026" in html and str(people.regiocoordinator) in html
    assert "Gewijzigde agenda versturen" in html
    # The same confirmation posted again (a second click) sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"sendings": "0"})
    assert len(mail.outbox) == 7


@pytest.mark.parametrize("who", ["platformlid", "dvo_lid", "projectleider"])
def test_members_may_not_send(client, people, bare_meeting, who):
    meeting = bare_meeting
    client.force_login(people[who])
    url = reverse("meetings:agenda_send", args=[meeting.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"sendings": "0"}).status_code == 403
    assert (
        "Agenda versturen"
        not in client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    )


def test_a_body_without_members_is_refused_on_the_page(client, regiocoordinator):
    dvo = MeetingFactory(body="dvo", date=D(2026, 3, 20))  # nobody is a DVO member
    client.force_login(regiocoordinator)
    response = client.post(reverse("meetings:agenda_send", args=[dvo.pk]), {"sendings": "0"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "heeft geen leden met een e-mailadres" in html
    assert "<title>Fout:" in html
    assert not AgendaSending.objects.exists() and mail.outbox == []
