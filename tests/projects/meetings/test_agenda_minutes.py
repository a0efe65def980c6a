"""The full agenda and the verslag (issue 18, items 1, 4 and 6): the default agenda, free
items with their attachment, notes and decisions as text, attendance, and the adoption of the
verslag at the body's next meeting, after which it is read-only."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from platform_ivz.core.editing import EditConflict
from platform_ivz.core.models import Meeting
from projects.meetings import services as meeting_services
from projects.meetings.selectors import meeting_for_user
from projects.meetings.services import AlreadyDecided, MinutesAdopted
from projects.models import AgendaItem, Attendance, Minutes
from projects.permissions import can_delete_meeting
from reporting.data.marap import besluitenlijst_rows
from tests.factories import MINIMAL_PDF
from tests.projects.meetings.scenario import (
    EVERYONE,
    make_document,
    meeting,
    tomorrow,
    yesterday,
)

pytestmark = pytest.mark.django_db

KEEPERS = {"voorzitter", "regiocoordinator", "beheerder"}
REVIEWERS = {"voorzitter", "regiocoordinator"}
DEFAULT_TITLES = [
    "Opening en vaststellen agenda",
    "Mededelingen",
    "Ingekomen stukken",
    "Rondvraag",
    "Sluiting",
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def create(people, body="platform", date=None, **extra):
    return meeting_services.create_meeting(
        actor=people.regiocoordinator,
        data={"body": body, "date": date or yesterday(), "location": "Hengelo", **extra},
    )


def titles(meeting_):
    return list(
        AgendaItem.objects.filter(meeting=meeting_)
        .order_by("order")
        .values_list("title", flat=True)
    )


def pdf(name="Notitie.pdf"):
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


def free(people, meeting_, title="Presentatie", **extra):
    return meeting_services.add_free_item(
        meeting=meeting_,
        actor=people.regiocoordinator,
        data={"title": title, "text": "Toelichting.", "presenter": "Politie", **extra},
    )


def minutes_item(meeting_):
    return AgendaItem.objects.get(meeting=meeting_, kind="minutes")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- The default agenda -------------------------------------------------------------------


def test_a_first_meeting_gets_the_default_free_items_without_minutes(people):
    first = create(people)
    assert titles(first) == DEFAULT_TITLES
    assert not AgendaItem.objects.filter(meeting=first, kind="minutes").exists()
    assert set(AgendaItem.objects.filter(meeting=first).values_list("kind", flat=True)) == {"free"}


def test_the_next_meeting_adopts_the_previous_one_of_its_own_body(people):
    earlier = create(people, date=yesterday() - datetime.timedelta(days=30))
    create(people, body="dvo", date=yesterday() - datetime.timedelta(days=10))
    later = create(people)
    assert titles(later)[1] == "Vaststellen verslag vorige vergadering"
    assert minutes_item(later).minutes_of == earlier


def test_start_and_end_time_and_online_link_are_kept_and_checked(people):
    kept = create(
        people,
        start_time=datetime.time(9, 30),
        end_time=datetime.time(12),
        online_link="https://teams.example.nl/ivz",
    )
    kept.refresh_from_db()
    assert (kept.start_time, kept.end_time) == (datetime.time(9, 30), datetime.time(12))
    assert kept.online_link == "https://teams.example.nl/ivz"
    with pytest.raises(ValidationError) as error:
        create(people, start_time=datetime.time(12), end_time=datetime.time(9))
    assert "end_time" in error.value.message_dict


def test_documents_and_new_free_items_go_before_the_closing_items(people):
    plan = make_document(people, "plan", "ter_vaststelling", title="Aanpak ondermijning")
    platform = create(people)
    document = meeting_services.add_agenda_item(
        meeting=platform, actor=people.regiocoordinator, plan=plan
    )
    item = free(people, platform)
    assert titles(platform) == [*DEFAULT_TITLES[:3], "", "Presentatie", *DEFAULT_TITLES[3:]]
    meeting_services.move_agenda_item(item=item, actor=people.voorzitter, up=True)
    assert titles(platform)[3:5] == ["Presentatie", ""]
    orders = list(
        AgendaItem.objects.filter(meeting=platform)
        .order_by("order")
        .values_list("order", flat=True)
    )
    assert orders == list(range(1, 8))
    document.refresh_from_db()
    assert document.order == 5


def test_moving_the_body_or_date_follows_the_previous_meeting(people):
    earlier_platform = create(people, date=yesterday() - datetime.timedelta(days=20))
    earlier_dvo = create(people, body="dvo", date=yesterday() - datetime.timedelta(days=40))
    later = create(people)
    assert minutes_item(later).minutes_of == earlier_platform
    meeting_services.update_meeting(
        meeting=later, actor=people.voorzitter, data={"body": "dvo"}, expected_version=1
    )
    assert minutes_item(later).minutes_of == earlier_dvo
    meeting_services.update_meeting(
        meeting=later,
        actor=people.voorzitter,
        data={"date": yesterday() - datetime.timedelta(days=50)},
        expected_version=2,
    )
    assert not AgendaItem.objects.filter(meeting=later, kind="minutes").exists()


def test_a_meeting_whose_verslag_waits_for_adoption_can_still_be_deleted(people):
    earlier = create(people, date=yesterday() - datetime.timedelta(days=20))
    later = create(people)
    meeting_services.delete_meeting(meeting=earlier, actor=people.voorzitter)
    assert not AgendaItem.objects.filter(meeting=later, kind="minutes").exists()


# --- "Vaststellen verslag" put back (the default agenda adds it only when a meeting is made) --

MINUTES_TITLE = "Vaststellen verslag vorige vergadering"


def _orders(meeting_):
    items = AgendaItem.objects.filter(meeting=meeting_).order_by("order")
    return list(items.values_list("order", flat=True))


@pytest.mark.parametrize("who", EVERYONE)
def test_a_removed_minutes_item_is_put_back_after_the_opening(people, who):
    earlier = create(people, date=yesterday() - datetime.timedelta(days=30))
    later = create(people)
    meeting_services.remove_agenda_item(item=minutes_item(later), actor=people.voorzitter)
    assert MINUTES_TITLE not in titles(later)
    if who not in KEEPERS:
        with pytest.raises(PermissionDenied):
            meeting_services.add_minutes_item(meeting=later, actor=people[who])
        assert MINUTES_TITLE not in titles(later)
        return
    item = meeting_services.add_minutes_item(meeting=later, actor=people[who])
    assert titles(later) == [DEFAULT_TITLES[0], MINUTES_TITLE, *DEFAULT_TITLES[1:]]
    assert (item.kind, item.decision, item.minutes_of) == ("minutes", "open", earlier)
    assert _orders(later) == list(range(1, 7))
    # It is the item the verslag is adopted under.
    meeting_services.adopt_minutes(item=item, actor=people.voorzitter)
    assert Minutes.objects.get(meeting=earlier).status == "vastgesteld"


def test_the_minutes_item_is_not_added_where_it_has_no_place(people):
    def refused(meeting_, words):
        with pytest.raises(ValidationError, match=words):
            meeting_services.add_minutes_item(meeting=meeting_, actor=people.voorzitter)

    first = create(people, date=yesterday() - datetime.timedelta(days=40))
    refused(first, "niet eerder vergaderd|not met before")
    second = create(people, date=yesterday() - datetime.timedelta(days=20))
    refused(second, "staat al|already")
    meeting_services.adopt_minutes(item=minutes_item(second), actor=people.voorzitter)
    refused(second, "staat al|already")  # adopted under it: it stays
    # A meeting put in between names the first one, whose verslag is adopted already.
    between = create(people, date=yesterday() - datetime.timedelta(days=30))
    meeting_services.remove_agenda_item(item=minutes_item(between), actor=people.voorzitter)
    refused(between, "al vastgesteld|already been adopted")
    # A meeting whose own verslag is adopted keeps its agenda as it was.
    third = create(people, date=yesterday() - datetime.timedelta(days=10))
    meeting_services.remove_agenda_item(item=minutes_item(third), actor=people.voorzitter)
    fourth = create(people)
    meeting_services.adopt_minutes(item=minutes_item(fourth), actor=people.voorzitter)
    with pytest.raises(PermissionDenied):
        meeting_services.add_minutes_item(meeting=third, actor=people.voorzitter)
    assert [MINUTES_TITLE in titles(m) for m in (first, between, third)] == [False] * 3


@pytest.mark.parametrize("change", ["date", "body"])
def test_a_first_meeting_moved_after_another_gets_the_minutes_item(people, change):
    """Moved, or given the other body, so that its body met before: as if it were made now."""
    first = create(people, date=yesterday() - datetime.timedelta(days=40))
    other_body = create(people, body="dvo", date=yesterday() - datetime.timedelta(days=50))
    assert MINUTES_TITLE not in titles(first)
    if change == "date":
        other = create(people, date=yesterday() - datetime.timedelta(days=20))
        data = {"date": yesterday() - datetime.timedelta(days=5)}
    else:
        other, data = other_body, {"body": "dvo"}
    meeting_services.update_meeting(
        meeting=first, actor=people.regiocoordinator, data=data, expected_version=1
    )
    assert titles(first) == [DEFAULT_TITLES[0], MINUTES_TITLE, *DEFAULT_TITLES[1:]]
    assert minutes_item(first).minutes_of == other
    assert _orders(first) == list(range(1, 7))


def test_a_minutes_item_taken_off_stays_off_when_the_meeting_only_moves(people):
    earlier = create(people, date=yesterday() - datetime.timedelta(days=40))
    later = create(people, date=yesterday() - datetime.timedelta(days=10))
    meeting_services.remove_agenda_item(item=minutes_item(later), actor=people.voorzitter)
    meeting_services.update_meeting(
        meeting=later,
        actor=people.regiocoordinator,
        data={"date": yesterday() - datetime.timedelta(days=5), "location": "Almelo"},
        expected_version=1,
    )
    # The body met before it both before and after the move: taking it off was a choice.
    assert MINUTES_TITLE not in titles(later)
    assert meeting_services.add_minutes_item(meeting=later, actor=people.voorzitter).minutes_of == (
        earlier
    )


# --- Free items -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", EVERYONE)
def test_free_items_are_kept_by_the_keepers_of_meetings(people, who):
    platform = create(people)
    data = {"title": "Presentatie", "text": "", "presenter": ""}
    if who in KEEPERS:
        item = meeting_services.add_free_item(meeting=platform, actor=people[who], data=data)
        meeting_services.update_free_item(
            item=item, actor=people[who], data={**data, "title": "Anders"}
        )
        meeting_services.remove_agenda_item(item=item, actor=people[who])
    else:
        with pytest.raises(PermissionDenied):
            meeting_services.add_free_item(meeting=platform, actor=people[who], data=data)
        item = free(people, platform)
        with pytest.raises(PermissionDenied):
            meeting_services.update_free_item(item=item, actor=people[who], data=data)
        with pytest.raises(PermissionDenied):
            meeting_services.remove_agenda_item(item=item, actor=people[who])


def test_a_free_item_needs_a_title_and_a_document_item_is_not_edited_as_one(people):
    platform = create(people)
    with pytest.raises(ValidationError) as error:
        free(people, platform, title="  ")
    assert "title" in error.value.message_dict
    plan = make_document(people, "plan", "ter_vaststelling")
    document = meeting_services.add_agenda_item(
        meeting=platform, actor=people.regiocoordinator, plan=plan
    )
    with pytest.raises(PermissionDenied):
        meeting_services.update_free_item(
            item=document, actor=people.regiocoordinator, data={"title": "X"}
        )


def test_the_attachment_is_checked_like_a_request_attachment(people):
    platform = create(people)
    with pytest.raises(ValidationError) as error:
        meeting_services.add_free_item(
            meeting=platform,
            actor=people.regiocoordinator,
            data={"title": "Stuk"},
            attachment=SimpleUploadedFile("stuk.pdf", b"MZ\x90\x00 not a pdf"),
        )
    assert "attachment" in error.value.message_dict
    item = meeting_services.add_free_item(
        meeting=platform,
        actor=people.regiocoordinator,
        data={"title": "Stuk"},
        attachment=pdf("Notulen 12.3"),
    )
    assert item.attachment_name == "Notulen 12.3.pdf"
    stored = item.attachment.name
    assert stored.startswith("agenda/") and "Notulen" not in stored
    item = meeting_services.update_free_item(
        item=item, actor=people.regiocoordinator, data={"title": "Stuk"}, remove_attachment=True
    )
    assert not item.attachment and item.attachment_name == ""


def test_the_attachment_is_downloaded_by_every_reader_under_its_checked_name(people):
    platform = create(people)
    item = meeting_services.add_free_item(
        meeting=platform, actor=people.regiocoordinator, data={"title": "Stuk"}, attachment=pdf()
    )
    url = reverse("meetings:agenda_attachment", args=[platform.pk, item.pk])
    response = client_for(people.outsider).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert 'filename="Notitie.pdf"' in response["Content-Disposition"]
    other = create(people, body="dvo")
    assert (
        client_for(people.outsider)
        .get(reverse("meetings:agenda_attachment", args=[other.pk, item.pk]))
        .status_code
        == 404
    )
    assert Client().get(url).status_code == 302


def test_a_free_item_has_no_decision_to_record(people):
    item = free(people, create(people))
    with pytest.raises(ValidationError):
        meeting_services.record_decision(item=item, actor=people.voorzitter, decision="vastgesteld")


# --- The verslag ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", EVERYONE)
def test_the_verslag_is_recorded_by_voorzitter_and_regiocoordinator(people, who):
    platform = create(people)
    item = free(people, platform)
    member = people.platformlid
    if who in REVIEWERS:
        meeting_services.record_item_minutes(
            item=item, actor=people[who], note="Besproken.", decision_text="Akkoord."
        )
        meeting_services.record_attendance(
            meeting=platform, actor=people[who], presence={member.pk: "excused"}
        )
        item.refresh_from_db()
        assert (item.note, item.decision_text) == ("Besproken.", "Akkoord.")
        assert Attendance.objects.get(meeting=platform, user=member).presence == "excused"
        assert Minutes.objects.get(meeting=platform).status == "concept"
    else:
        with pytest.raises(PermissionDenied):
            meeting_services.record_item_minutes(item=item, actor=people[who], note="x")
        with pytest.raises(PermissionDenied):
            meeting_services.record_attendance(
                meeting=platform, actor=people[who], presence={member.pk: "present"}
            )
        assert not Minutes.objects.filter(meeting=platform).exists()


def test_the_verslag_waits_for_the_meeting(people):
    coming = create(people, date=tomorrow())
    item = AgendaItem.objects.filter(meeting=coming).first()
    with pytest.raises(PermissionDenied):
        meeting_services.record_item_minutes(item=item, actor=people.voorzitter, note="x")
    with pytest.raises(PermissionDenied):
        meeting_services.record_attendance(meeting=coming, actor=people.voorzitter, presence={})


def test_a_documents_decision_is_not_text(people):
    platform = create(people)
    plan = make_document(people, "plan", "ter_vaststelling")
    document = meeting_services.add_agenda_item(
        meeting=platform, actor=people.regiocoordinator, plan=plan
    )
    with pytest.raises(ValidationError):
        meeting_services.record_item_minutes(
            item=document, actor=people.voorzitter, note="", decision_text="Akkoord"
        )
    meeting_services.record_item_minutes(item=document, actor=people.voorzitter, note="Goed.")


def test_attendance_only_for_members_of_the_body_and_blank_removes(people):
    dvo = create(people, body="dvo")
    # The DVO: its members and the voorzitter; not a platformlid.
    with pytest.raises(ValidationError):
        meeting_services.record_attendance(
            meeting=dvo, actor=people.voorzitter, presence={people.platformlid.pk: "present"}
        )
    with pytest.raises(ValidationError):
        meeting_services.record_attendance(
            meeting=dvo, actor=people.voorzitter, presence={people.dvo_lid.pk: "maybe"}
        )
    meeting_services.record_attendance(
        meeting=dvo,
        actor=people.voorzitter,
        presence={people.dvo_lid.pk: "present", people.voorzitter.pk: "absent"},
    )
    meeting_services.record_attendance(
        meeting=dvo, actor=people.voorzitter, presence={people.dvo_lid.pk: ""}
    )
    assert list(Attendance.objects.filter(meeting=dvo).values_list("user", "presence")) == [
        (people.voorzitter.pk, "absent")
    ]


# --- Adoption ------------------------------------------------------------------------------


@pytest.fixture
def pair(people):
    """Two held Platform meetings; the earlier one has a verslag with a note and attendance."""
    earlier = create(people, date=yesterday() - datetime.timedelta(days=30))
    later = create(people)
    item = free(people, earlier)
    meeting_services.record_item_minutes(
        item=item, actor=people.regiocoordinator, note="Besproken.", decision_text="Akkoord."
    )
    meeting_services.record_attendance(
        meeting=earlier,
        actor=people.regiocoordinator,
        presence={people.platformlid.pk: "present"},
    )
    return earlier, later, item


@pytest.mark.parametrize("who", EVERYONE)
def test_the_verslag_is_adopted_by_voorzitter_or_regiocoordinator(people, pair, who):
    earlier, later, _item = pair
    if who in REVIEWERS:
        minutes = meeting_services.adopt_minutes(item=minutes_item(later), actor=people[who])
        assert minutes.status == "vastgesteld"
        assert minutes.adopted_in == later and minutes.adopted_by == people[who]
        assert minutes_item(later).decision == "vastgesteld"
    else:
        with pytest.raises(PermissionDenied):
            meeting_services.adopt_minutes(item=minutes_item(later), actor=people[who])


def test_after_adoption_the_earlier_verslag_is_read_only_and_in_the_history(people, pair):
    earlier, later, item = pair
    meeting_services.adopt_minutes(item=minutes_item(later), actor=people.voorzitter)
    with pytest.raises(MinutesAdopted):
        meeting_services.record_item_minutes(item=item, actor=people.voorzitter, note="Later.")
    with pytest.raises(MinutesAdopted):
        meeting_services.record_attendance(
            meeting=earlier, actor=people.voorzitter, presence={people.platformlid.pk: "absent"}
        )
    with pytest.raises(PermissionDenied):
        free(people, earlier)
    with pytest.raises(PermissionDenied):
        meeting_services.update_free_item(
            item=item, actor=people.regiocoordinator, data={"title": "Anders"}
        )
    with pytest.raises(MinutesAdopted):
        meeting_services.remove_agenda_item(item=item, actor=people.regiocoordinator)
    item.refresh_from_db()
    assert item.note == "Besproken."
    assert Attendance.objects.get(meeting=earlier).presence == "present"
    # A second adoption (a double click) changes nothing.
    with pytest.raises(AlreadyDecided):
        meeting_services.adopt_minutes(item=minutes_item(later), actor=people.voorzitter)
    history = Minutes.objects.get(meeting=earlier).history.order_by("history_date")
    assert [row.status for row in history][-1] == "vastgesteld"
    assert history.last().history_user == people.voorzitter
    # An adopted verslag keeps its meeting; the adopting meeting has a decision.
    for kept in (earlier, later):
        annotated = meeting_for_user(people.voorzitter, kept.pk)
        assert not can_delete_meeting.test(people.voorzitter, annotated)


def test_only_the_next_meeting_of_the_same_body_adopts(people, pair):
    earlier, later, _item = pair
    item = minutes_item(later)
    # A meeting held in between is now the previous one: the later meeting may not adopt.
    Meeting.objects.create(body="platform", date=yesterday() - datetime.timedelta(days=5))
    with pytest.raises(ValidationError) as error:
        meeting_services.adopt_minutes(item=item, actor=people.voorzitter)
    assert "volgende vergadering" in str(error.value) or "next meeting" in str(error.value)
    # A DVO meeting's item cannot adopt a Platform verslag either.
    dvo = meeting("dvo")
    foreign = AgendaItem.objects.create(
        meeting=dvo, kind="minutes", title="Verslag", minutes_of=earlier, order=1
    )
    with pytest.raises(ValidationError):
        meeting_services.adopt_minutes(item=foreign, actor=people.voorzitter)
    # A free item is no place to adopt minutes.
    with pytest.raises(ValidationError):
        meeting_services.adopt_minutes(item=_item, actor=people.voorzitter)
    assert Minutes.objects.get(meeting=earlier).status == "concept"


def test_the_verslag_is_adopted_only_once_the_meeting_is_held(people):
    earlier = create(people, date=yesterday())
    coming = create(people, date=tomorrow())
    with pytest.raises(ValidationError):
        meeting_services.adopt_minutes(item=minutes_item(coming), actor=people.voorzitter)
    assert not Minutes.objects.filter(meeting=earlier, status="vastgesteld").exists()


# --- Pages ---------------------------------------------------------------------------------


def test_the_meeting_page_shows_the_verslag(people, pair):
    earlier, later, item = pair
    page = client_for(people.outsider).get(reverse("meetings:detail", args=[earlier.pk]))
    html = page.content.decode()
    assert 'id="verslag-titel"' in html and "Besproken." in html and "Akkoord." in html
    assert people.platformlid.get_full_name() in html
    assert reverse("meetings:agenda_minutes", args=[earlier.pk, item.pk]) not in html
    own = client_for(people.regiocoordinator).get(reverse("meetings:detail", args=[later.pk]))
    assert reverse("meetings:minutes_adopt", args=[later.pk, minutes_item(later).pk]) in (
        own.content.decode()
    )


def test_adoption_through_the_confirmation_page(people, pair):
    earlier, later, item = pair
    client = client_for(people.voorzitter)
    url = reverse("meetings:minutes_adopt", args=[later.pk, minutes_item(later).pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Besproken." in confirm.content.decode()
    assert Minutes.objects.get(meeting=earlier).status == "concept"  # a GET adopts nothing
    assert client.post(url).status_code == 302
    assert Minutes.objects.get(meeting=earlier).status == "vastgesteld"
    # The item's minutes page is now shown with its fields disabled; a post is refused.
    minutes_url = reverse("meetings:agenda_minutes", args=[earlier.pk, item.pk])
    shown = client.get(minutes_url).content.decode()
    assert 'name="note"' in shown and "disabled" in shown
    refused = client.post(minutes_url, {"note": "Later."})
    assert refused.status_code == 400
    item.refresh_from_db()
    assert item.note == "Besproken."


def test_the_meeting_page_offers_to_put_the_minutes_item_back(people):
    earlier = create(people, date=yesterday() - datetime.timedelta(days=30))
    later = create(people)
    url = reverse("meetings:agenda_add_minutes", args=[later.pk])
    keeper = client_for(people.regiocoordinator)
    page = keeper.get(reverse("meetings:detail", args=[later.pk])).content.decode()
    assert url not in page  # it is on the agenda
    meeting_services.remove_agenda_item(item=minutes_item(later), actor=people.voorzitter)
    page = keeper.get(reverse("meetings:detail", args=[later.pk])).content.decode()
    assert f'action="{url}"' in page and "Vaststellen verslag toevoegen" in page
    for who in ("platformlid", "dvo_lid"):
        other = client_for(people[who])
        assert url not in other.get(reverse("meetings:detail", args=[later.pk])).content.decode()
        assert other.post(url).status_code == 403
    assert keeper.get(url).status_code == 405  # a GET changes nothing
    response = keeper.post(url)
    item = minutes_item(later)
    assert response.status_code == 302
    detail = reverse("meetings:detail", args=[later.pk])
    assert response["Location"] == f"{detail}#agendapunt-{item.pk}"
    assert (item.order, item.minutes_of) == (2, earlier)
    # A second click changes nothing and says why.
    again = keeper.post(url, follow=True)
    assert "staat al op de agenda" in again.content.decode()
    assert AgendaItem.objects.filter(meeting=later, kind="minutes").count() == 1


def test_attendance_in_one_form(people):
    platform = create(people)
    client = client_for(people.regiocoordinator)
    url = reverse("meetings:attendance", args=[platform.pk])
    page = client.get(url).content.decode()
    assert f'name="member_{people.platformlid.pk}"' in page
    response = client.post(
        url,
        {
            f"member_{people.platformlid.pk}": "present",
            f"member_{people.voorzitter.pk}": "excused",
        },
    )
    assert response.status_code == 302
    assert dict(Attendance.objects.filter(meeting=platform).values_list("user", "presence")) == {
        people.platformlid.pk: "present",
        people.voorzitter.pk: "excused",
    }


def test_the_meeting_form_keeps_what_was_typed(people):
    client = client_for(people.regiocoordinator)
    response = client.post(
        reverse("meetings:create"),
        {
            "body": "platform",
            "date": yesterday().isoformat(),
            "start_time": "14:00",
            "end_time": "10:00",
            "location": "Stadhuis Hengelo",
            "online_link": "https://teams.example.nl/x",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="14:00"' in html and "Stadhuis Hengelo" in html and "teams.example.nl/x" in html
    assert "id_end_time" in html and not Meeting.objects.exists()


def test_the_meeting_page_costs_the_same_however_long_the_agenda(people):
    def count(meeting_):
        client = client_for(people.voorzitter)
        client.get(reverse("meetings:detail", args=[meeting_.pk]))  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("meetings:detail", args=[meeting_.pk])).status_code == 200
        return len(queries)

    def build(extra):
        earlier = create(people, date=yesterday() - datetime.timedelta(days=40 + extra))
        later = create(people, date=yesterday() - datetime.timedelta(days=extra))
        for number in range(extra):
            item = free(people, later, title=f"Punt {number}")
            meeting_services.record_item_minutes(
                item=item, actor=people.voorzitter, note="n", decision_text="d"
            )
            meeting_services.add_agenda_item(
                meeting=later,
                actor=people.regiocoordinator,
                plan=make_document(people, "plan", "ter_vaststelling"),
            )
        return earlier, later

    _e1, short = build(1)
    _e2, long = build(6)
    assert count(long) == count(short)


def test_the_besluitenlijst_lists_free_items_with_decisions(people, pair):
    earlier, later, item = pair
    meeting_services.adopt_minutes(item=minutes_item(later), actor=people.voorzitter)
    rows = besluitenlijst_rows(earlier)
    assert [(row.project_title, row.remarks, row.is_decided) for row in rows] == [
        ("Presentatie", "Akkoord.", True)
    ]
    assert rows[0].number == 4  # its place on the agenda
    later_rows = besluitenlijst_rows(later)
    assert [(row.decision, row.is_free) for row in later_rows] == [("vastgesteld", True)]


def test_a_stale_form_does_not_overwrite_what_someone_else_saved(people):
    platform = create(people)
    item = free(people, platform)
    opened = meeting_services.free_item_stamp(item)
    meeting_services.update_free_item(
        item=item, actor=people.voorzitter, data={"title": "Eerst"}, expected_stamp=opened
    )
    with pytest.raises(EditConflict):
        meeting_services.update_free_item(
            item=item, actor=people.regiocoordinator, data={"title": "Later"}, expected_stamp=opened
        )
    opened = meeting_services.item_minutes_stamp(item)
    meeting_services.record_item_minutes(
        item=item, actor=people.voorzitter, note="Eerst", expected_stamp=opened
    )
    with pytest.raises(EditConflict):
        meeting_services.record_item_minutes(
            item=item, actor=people.regiocoordinator, note="Later", expected_stamp=opened
        )
    opened = meeting_services.attendance_stamp(platform)
    presence = {people.platformlid.pk: "present"}
    meeting_services.record_attendance(
        meeting=platform, actor=people.voorzitter, presence=presence, expected_stamp=opened
    )
    with pytest.raises(EditConflict):
        meeting_services.record_attendance(
            meeting=platform, actor=people.voorzitter, presence={}, expected_stamp=opened
        )
    item.refresh_from_db()
    assert (item.title, item.note) == ("Eerst", "Eerst")
