"""Actiepunten (issue 18 item 5): recorded under an agenda item by the secretary or the
voorzitter, told to the owner, in the owner's werkvoorraad, marked done with a note, listed per
meeting and overall, and overdue ones in the daily reminder."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from projects.meetings import actions
from projects.models import ActionItem, ReminderLog
from projects.permissions import can_add_action, can_complete_action, can_view_action
from tests.factories import AgendaItemFactory, MeetingFactory
from tests.projects.meetings.action_scenario import at, free_item, make_action
from tests.projects.meetings.scenario import EVERYONE, make_document

pytestmark = pytest.mark.django_db

D = datetime.date
MEETING_DAY = D(2026, 3, 2)


@pytest.fixture(autouse=True)
def no_second_step(settings):
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture
def meeting():
    return MeetingFactory(body="platform", date=MEETING_DAY)


@pytest.fixture
def item(people, meeting):
    """A beslispunt on the meeting's agenda (free items are shown by another area's page)."""
    beslispunt = make_document(people, "beslispunt", "platform_geagendeerd", title="Mededelingen")
    return AgendaItemFactory(meeting=meeting, kind="beslispunt", beslispunt=beslispunt)


# --- Services and permissions ---------------------------------------------------------------


@pytest.mark.parametrize("who", EVERYONE)
def test_only_the_secretary_and_the_voorzitter_record_actions(people, meeting, item, who):
    allowed = who in ("voorzitter", "regiocoordinator")
    assert can_add_action.test(people[who]) is allowed
    add = {
        "meeting": meeting,
        "item": item,
        "actor": people[who],
        "description": "Navragen bij de politie",
        "owner": people.outsider,
        "due_date": D(2026, 4, 1),
    }
    if allowed:
        action = actions.add_action(**add)
        assert action.status == "open" and action.created_by == people[who]
    else:
        with pytest.raises(PermissionDenied):
            actions.add_action(**add)
        assert not ActionItem.objects.exists()


def test_the_owner_is_told_by_email_once(people, meeting, item, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        action = actions.add_action(
            meeting=meeting,
            item=item,
            actor=people.regiocoordinator,
            description="Navragen bij de politie",
            owner=people.outsider,
            due_date=D(2026, 4, 1),
        )
    assert [m.to for m in mail.outbox] == [[people.outsider.email]]
    message = mail.outbox[0]
    assert "Actiepunt voor u" in message.subject
    assert "Navragen bij de politie" in message.body
    assert "Mededelingen (Beslispunt)" in message.body
    assert "1 april 2026" in message.body
    assert reverse("meetings:action_done", args=[action.pk]) in message.body


def test_an_action_is_refused_with_reasons_at_the_fields(people, meeting):
    other_item = free_item(MeetingFactory(date=MEETING_DAY), "Elders")
    people.outsider.is_active = False
    people.outsider.save()
    with pytest.raises(ValidationError) as refused:
        actions.add_action(
            meeting=meeting,
            item=other_item,
            actor=people.voorzitter,
            description="  ",
            owner=people.outsider,
            due_date=MEETING_DAY - datetime.timedelta(days=1),
        )
    assert set(refused.value.message_dict) == {"agenda_item", "owner", "due_date", "description"}
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize("who", EVERYONE)
def test_the_owner_or_the_secretary_marks_done(people, item, who):
    action = make_action(owner=people.member, created_by=people.regiocoordinator, item=item)
    allowed = who in ("member", "voorzitter", "regiocoordinator")
    assert can_complete_action.test(people[who], action) is allowed
    if allowed:
        done = actions.complete_action(action=action, actor=people[who], note="  Gedaan.  ")
        assert (done.status, done.done_note, done.done_by) == ("done", "Gedaan.", people[who])
        assert done.done_at is not None
        assert done.history.count() == 2
    else:
        with pytest.raises(PermissionDenied):
            actions.complete_action(action=action, actor=people[who], note="")
        assert ActionItem.objects.get(pk=action.pk).status == "open"


def test_marking_done_twice_changes_nothing(people, item):
    action = make_action(owner=people.member, created_by=people.regiocoordinator, item=item)
    actions.complete_action(action=action, actor=people.member, note="Eerste")
    with pytest.raises(actions.AlreadyDone):
        actions.complete_action(action=action, actor=people.regiocoordinator, note="Tweede")
    assert ActionItem.objects.get(pk=action.pk).done_note == "Eerste"


def test_an_action_on_a_confidential_item_is_read_as_the_projects_content(people):
    plan = make_document(people, "plan", "ter_vaststelling", vertrouwelijk=True)
    item = AgendaItemFactory(meeting=MeetingFactory(date=MEETING_DAY), plan=plan, kind="plan")
    action = make_action(owner=people.dvo_lid, created_by=people.regiocoordinator, item=item)
    for who in EVERYONE:
        query = actions.visible_actions(people[who]).filter(pk=action.pk).exists()
        assert can_view_action.test(people[who], action) is query, who
    assert not can_view_action.test(people.outsider, action)
    assert can_view_action.test(people.member, action)  # the projectgroep
    assert can_view_action.test(people.dvo_lid, action)


# --- Pages ----------------------------------------------------------------------------------


def test_the_secretary_records_an_action_from_the_meeting_page(
    client, people, meeting, item, django_capture_on_commit_callbacks
):
    client.force_login(people.regiocoordinator)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    # Under each agenda item, and for the meeting as a whole.
    assert f'{reverse("meetings:action_add", args=[meeting.pk])}?item={item.pk}"' in page
    assert f'{reverse("meetings:action_add", args=[meeting.pk])}"' in page
    form = client.get(reverse("meetings:action_add", args=[meeting.pk]) + f"?item={item.pk}")
    assert f'<option value="{item.pk}" selected>' in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("meetings:action_add", args=[meeting.pk]),
            {
                "agenda_item": item.pk,
                "description": "Cijfers opvragen",
                "owner": people.outsider.pk,
                "due_date": "2026-04-01",
            },
        )
    action = ActionItem.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#actiepunt-{action.pk}")
    assert (action.owner, action.agenda_item, action.meeting) == (people.outsider, item, meeting)
    assert len(mail.outbox) == 1
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Cijfers opvragen" in page and f'id="actiepunt-{action.pk}"' in page


def test_the_form_keeps_what_was_typed_on_errors(client, people, meeting):
    client.force_login(people.voorzitter)
    response = client.post(
        reverse("meetings:action_add", args=[meeting.pk]),
        {"description": "Iets doen", "owner": "", "due_date": "2026-01-01"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Iets doen" in html
    assert "Kies wie het gaat doen." in html
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize("who", ["platformlid", "beheerder", "dvo_lid"])
def test_others_may_not_record_actions(client, people, meeting, who):
    client.force_login(people[who])
    assert client.get(reverse("meetings:action_add", args=[meeting.pk])).status_code == 403
    assert client.post(reverse("meetings:action_add", args=[meeting.pk])).status_code == 403


def test_the_owner_marks_done_after_a_confirmation_page(client, people, item):
    action = make_action(owner=people.member, created_by=people.regiocoordinator, item=item)
    client.force_login(people.member)
    url = reverse("meetings:action_done", args=[action.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Bevestigen: afronden" in page.content.decode()
    assert ActionItem.objects.get(pk=action.pk).status == "open"  # a GET changes nothing
    response = client.post(url, {"note": "Notitie verstuurd."})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.done_note, action.done_by) == (
        "done",
        "Notitie verstuurd.",
        people.member,
    )
    # Once done, the page sends back to the meeting.
    assert client.get(url).status_code == 302


def test_someone_else_may_not_mark_it_done(client, people, item):
    action = make_action(owner=people.member, created_by=people.regiocoordinator, item=item)
    client.force_login(people.outsider)
    url = reverse("meetings:action_done", args=[action.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"note": "x"}).status_code == 403
    assert ActionItem.objects.get(pk=action.pk).status == "open"


def test_the_list_filters_open_overdue_and_done(client, people, meeting, item):
    make_action(
        owner=people.member,
        created_by=people.voorzitter,
        item=item,
        description="Achterstallige taak",
        due_date=D(2026, 3, 10),
    )
    make_action(
        owner=people.outsider,
        created_by=people.voorzitter,
        item=item,
        description="Toekomstige taak",
        due_date=D(2026, 5, 1),
    )
    make_action(
        owner=people.member,
        created_by=people.voorzitter,
        item=item,
        description="Afgesloten taak",
        status="done",
    )
    client.force_login(people.member)
    url = reverse("meetings:actions")
    with at(D(2026, 4, 1)):
        shown = {
            name: client.get(url, {"status": name}).content.decode()
            for name in ("open", "overdue", "done", "all")
        }
        mine = client.get(url, {"status": "open", "mine": "1"}).content.decode()
    assert (
        "Achterstallige taak" in shown["open"]
        and "Toekomstige taak" in shown["open"]
        and "Afgesloten taak" not in shown["open"]
    )
    assert "Achterstallige taak" in shown["overdue"] and "Toekomstige taak" not in shown["overdue"]
    assert "Afgesloten taak" in shown["done"] and "Achterstallige taak" not in shown["done"]
    assert all(
        text in shown["all"]
        for text in ("Achterstallige taak", "Toekomstige taak", "Afgesloten taak")
    )
    assert "Achterstallige taak" in mine and "Toekomstige taak" not in mine


def test_the_list_costs_the_same_queries_however_many_actions(
    client, people, meeting, item, django_assert_max_num_queries
):
    client.force_login(people.outsider)
    url = reverse("meetings:actions") + "?status=all"
    plan = make_document(people, "plan", "ter_vaststelling", vertrouwelijk=True)
    secret_item = AgendaItemFactory(meeting=meeting, plan=plan, kind="plan")

    def add(n):
        for i in range(n):
            make_action(
                owner=people.member,
                created_by=people.voorzitter,
                item=item if i % 2 else secret_item,
            )

    add(2)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    # The outsider does not read the actions under the confidential project's item.
    assert response.context["page"].paginator.count == 11


def test_the_meeting_page_costs_the_same_queries_however_many_actions(
    client, people, meeting, item, django_assert_max_num_queries
):
    client.force_login(people.member)
    url = reverse("meetings:detail", args=[meeting.pk])
    make_action(owner=people.member, created_by=people.voorzitter, item=item)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(10):
        make_action(owner=people.outsider, created_by=people.voorzitter, item=item)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# --- Werkvoorraad and reminders -------------------------------------------------------------


def test_open_actions_are_in_the_owners_werkvoorraad(client, people, item):
    mine = make_action(
        owner=people.member,
        created_by=people.voorzitter,
        item=item,
        description="Mijn taak",
        due_date=D(2026, 3, 10),
    )
    make_action(
        owner=people.outsider, created_by=people.voorzitter, item=item, description="Andermans taak"
    )
    make_action(
        owner=people.member,
        created_by=people.voorzitter,
        item=item,
        description="Afgeronde taak",
        status="done",
    )
    client.force_login(people.member)
    with at(D(2026, 3, 20)):
        html = client.get("/").content.decode()
    section = html.split('id="actiepunten"')[1].split("</section>")[0]
    assert "Mijn actiepunten" in section
    assert "Mijn taak" in section and "te laat sinds 10 maart 2026" in section
    assert reverse("meetings:action_done", args=[mine.pk]) in section
    assert "Andermans taak" not in section and "Afgeronde taak" not in section


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    def on(day):
        before = len(mail.outbox)
        out = StringIO()
        with at(day), django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=out)
        return out.getvalue(), mail.outbox[before:]

    return on


def test_overdue_actions_are_in_the_reminder_once_a_day_then_weekly(people, item, remind):
    action = make_action(
        owner=people.member,
        created_by=people.voorzitter,
        item=item,
        description="Rapport lezen",
        due_date=D(2026, 3, 10),
    )
    make_action(
        owner=people.member,
        created_by=people.voorzitter,
        item=item,
        description="Al gedaan",
        due_date=D(2026, 3, 1),
        status="done",
    )
    assert remind(D(2026, 3, 10))[1] == []  # due today: not overdue yet
    output, sent = remind(D(2026, 3, 11))
    assert [m.to for m in sent] == [[people.member.email]]
    assert "actiepunten" in sent[0].subject
    assert "Rapport lezen" in sent[0].body and "Al gedaan" not in sent[0].body
    assert reverse("meetings:action_done", args=[action.pk]) in sent[0].body
    assert "1 overdue action item(s)" in output
    assert remind(D(2026, 3, 11))[1] == []  # twice on a day: nothing twice
    assert remind(D(2026, 3, 17))[1] == []
    assert len(remind(D(2026, 3, 18))[1]) == 1  # a week later
    assert ReminderLog.objects.filter(kind="action", object_id=action.pk).count() == 2
    actions.complete_action(action=action, actor=people.member, note="")
    assert remind(D(2026, 3, 25))[1] == []


def test_an_inactive_owner_gets_no_reminder(people, item, remind):
    make_action(
        owner=people.member, created_by=people.voorzitter, item=item, due_date=D(2026, 3, 10)
    )
    people.member.is_active = False
    people.member.save()
    assert remind(D(2026, 3, 11))[1] == []


def test_items_are_named_by_title_or_project_and_kind(people, meeting, item):
    assert actions.item_label(free_item(meeting, "Rondvraag", order=5)) == "Rondvraag"
    assert actions.item_label(item) == "Mededelingen (Beslispunt)"
    assert actions.item_label(None) == "De vergadering als geheel"
