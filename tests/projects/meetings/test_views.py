"""Meeting pages: the permission matrix over every URL, forms, escaping and query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from platform_ivz.core.models import Meeting
from projects.meetings import selectors as meeting_selectors
from projects.meetings.services import record_decision
from projects.models import AgendaItem, Beslispunt, Project
from tests.factories import MeetingFactory
from tests.projects.meetings.scenario import (
    EVERYONE,
    make_document,
    meeting,
    put_on_agenda,
    tomorrow,
    yesterday,
)
from tests.urls_walk import assert_redirects_to_login

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script>"
MANAGERS = {"voorzitter", "regiocoordinator", "beheerder"}
REVIEWERS = {"voorzitter", "regiocoordinator"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(people):
    """A held DVO meeting with an undecided plan of a confidential project, and its URLs."""
    plan = make_document(people, "plan", "ambtelijk_vastgesteld", vertrouwelijk=True)
    dvo = meeting("dvo")
    item = put_on_agenda(dvo, plan, "plan")
    other = put_on_agenda(
        meeting("platform"), make_document(people, "plan", "ter_vaststelling"), "plan"
    )
    return {"meeting": dvo, "item": item, "plan": plan, "other_item": other}


def _urls(world):
    pk, item_pk = world["meeting"].pk, world["item"].pk
    return [
        # (url, method, who may, status when allowed)
        (reverse("meetings:list"), "get", set(EVERYONE), 200),
        (reverse("meetings:past"), "get", set(EVERYONE), 200),
        (reverse("meetings:detail", args=[pk]), "get", set(EVERYONE), 200),
        (reverse("meetings:create"), "get", MANAGERS, 200),
        (reverse("meetings:edit", args=[pk]), "get", MANAGERS, 200),
        (reverse("meetings:delete", args=[pk]), "get", MANAGERS, 200),
        (reverse("meetings:agenda_add", args=[pk]), "get", MANAGERS, 200),
        (reverse("meetings:agenda_move", args=[pk, item_pk]), "post", MANAGERS, 302),
        (reverse("meetings:agenda_remove", args=[pk, item_pk]), "get", MANAGERS, 200),
        (reverse("meetings:agenda_decide", args=[pk, item_pk]), "get", REVIEWERS, 200),
    ]


@pytest.mark.parametrize("who", EVERYONE)
def test_permission_matrix(people, world, who):
    client = client_for(people[who])
    for url, method, allowed, ok in _urls(world):
        response = getattr(client, method)(url)
        expected = ok if who in allowed else 403
        assert response.status_code == expected, (who, url, response.status_code)


def test_anonymous_visitors_go_to_the_login_page(client, world):
    for url, method, _allowed, _ok in _urls(world):
        assert_redirects_to_login(getattr(client, method)(url), url)


def test_what_does_not_exist_is_404(people, world):
    client = client_for(people.voorzitter)
    missing = Meeting.objects.order_by("-pk").first().pk + 100
    other = world["other_item"].pk  # an item of another meeting
    pk = world["meeting"].pk
    for url in (
        reverse("meetings:detail", args=[missing]),
        reverse("meetings:edit", args=[missing]),
        reverse("meetings:delete", args=[missing]),
        reverse("meetings:agenda_add", args=[missing]),
        reverse("meetings:agenda_remove", args=[pk, other]),
        reverse("meetings:agenda_decide", args=[pk, other]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("meetings:agenda_move", args=[pk, other])).status_code == 404


def test_moving_needs_a_post(people, world):
    url = reverse("meetings:agenda_move", args=[world["meeting"].pk, world["item"].pk])
    assert client_for(people.voorzitter).get(url).status_code == 405


def test_the_navigation_shows_meetings_to_everyone(people):
    for who in EVERYONE:
        html = client_for(people[who]).get("/").content.decode()
        assert 'href="/vergaderingen/"' in html, who


# --- Confidential projects ----------------------------------------------------------------


def test_a_confidential_item_shows_only_its_title_outside_the_circle(people):
    beslispunt = make_document(
        people, "beslispunt", "geagendeerd", vertrouwelijk=True, title="Geheime aanpak"
    )
    beslispunt.text = "Besluit over de inzet van camera's"
    beslispunt.save()
    dvo = meeting("dvo")
    item = put_on_agenda(dvo, beslispunt, "beslispunt")
    record_decision(
        item=item, actor=people.voorzitter, decision="terug", remarks="Eerst de privacytoets"
    )
    circle = {
        "voorzitter",
        "regiocoordinator",
        "dvo_lid",
        "projectleider",
        "portefeuillehouder",
        "member",
    }
    for who in EVERYONE:
        client = client_for(people[who])
        page = client.get(reverse("meetings:detail", args=[dvo.pk])).content.decode()
        section = client.get(reverse("projects:detail", args=[beslispunt.project_id]))
        section_html = section.content.decode()
        assert "Geheime aanpak" in page, who
        for secret in ("inzet van camera", "privacytoets"):
            assert (secret in page) is (who in circle), (who, secret)
            assert (secret in section_html) is (who in circle), (who, secret, "project page")


# --- Escaping -----------------------------------------------------------------------------


def test_user_text_is_escaped_on_every_meeting_page(people):
    beslispunt = make_document(people, "beslispunt", "open", title=f"Project {XSS}")
    beslispunt.text = f"Beslispunt {XSS}"
    beslispunt.save()
    plan = make_document(people, "plan", "ambtelijk_vastgesteld", title=f"Plan {XSS}")
    dvo = meeting("dvo", location=f"Zaal {XSS}", notes=f"Notities {XSS}")
    item = put_on_agenda(dvo, plan, "plan")
    client = client_for(people.voorzitter)
    pages = [
        reverse("meetings:list") + "?year=" + str(dvo.date.year),
        reverse("meetings:past"),
        reverse("meetings:agenda_add", args=[dvo.pk]),
        reverse("meetings:agenda_decide", args=[dvo.pk, item.pk]),
        reverse("meetings:agenda_remove", args=[dvo.pk, item.pk]),
        reverse("meetings:edit", args=[dvo.pk]),
    ]
    record_decision(item=item, actor=people.voorzitter, decision="terug", remarks=f"Nee {XSS}")
    pages += [reverse("meetings:detail", args=[dvo.pk]), plan.project.get_absolute_url()]
    seen_escaped = 0
    for url in pages:
        response = client.get(url, follow=True)
        html = response.content.decode()
        assert XSS not in html, url
        seen_escaped += html.count("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert seen_escaped >= 6


# --- Query counts -------------------------------------------------------------------------


def _fill_agenda(people, dvo, count, decide=True):
    kinds = ["plan", "amendment", "evaluation", "beslispunt"]
    for n in range(count):
        kind = kinds[n % 4]
        status = "geagendeerd" if kind == "beslispunt" else "ambtelijk_vastgesteld"
        document = make_document(people, kind, status, vertrouwelijk=n % 2 == 0)
        item = put_on_agenda(dvo, document, kind)
        if decide and n % 3 == 0:
            record_decision(item=item, actor=people.voorzitter, decision="terug", remarks="Nee")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["voorzitter", "platformlid", "member", "beheerder"])
def test_the_meeting_page_costs_the_same_however_long_its_agenda(people, who):
    small, large = meeting("dvo"), meeting("dvo")
    _fill_agenda(people, small, 2)
    _fill_agenda(people, large, 14)
    client = client_for(people[who])
    small_url = reverse("meetings:detail", args=[small.pk])
    large_url = reverse("meetings:detail", args=[large.pk])
    client.get(small_url)  # the session and the user's roles, once
    assert _queries(client, small_url) == _queries(client, large_url)


def test_the_meeting_list_costs_the_same_however_many_meetings(people):
    client = client_for(people.platformlid)
    for _ in range(2):
        _fill_agenda(people, MeetingFactory(body="dvo", date=tomorrow()), 1, decide=False)
    client.get(reverse("meetings:list"))
    few = _queries(client, reverse("meetings:list"))
    for _ in range(20):
        _fill_agenda(people, MeetingFactory(body="dvo", date=tomorrow()), 1, decide=False)
    assert _queries(client, reverse("meetings:list")) == few


# --- The list -----------------------------------------------------------------------------


def test_upcoming_and_past_meetings_with_filters_and_pages(people, frozen_time):
    this_year = [MeetingFactory(body="platform", date=datetime.date(2026, 3, d)) for d in (1, 2, 3)]
    MeetingFactory(body="dvo", date=datetime.date(2025, 11, 20))
    client = client_for(people.dvo_lid)

    def listed(url):
        html = client.get(url).content.decode()
        return re.findall(r'href="/vergaderingen/(\d+)/"', html)

    assert listed(reverse("meetings:list")) == [str(this_year[1].pk), str(this_year[2].pk)]
    past = listed(reverse("meetings:past"))
    assert past[0] == str(this_year[0].pk) and len(past) == 2
    assert listed(reverse("meetings:past") + "?body=platform") == [str(this_year[0].pk)]
    assert len(listed(reverse("meetings:past") + "?year=2025")) == 1
    response = client.get(reverse("meetings:past") + "?year=2024")
    assert response.status_code == 200  # an unknown year: the filter says so, nothing breaks

    for day in range(1, 29):
        MeetingFactory(body="dvo", date=datetime.date(2026, 4, day))
    first_page = listed(reverse("meetings:list"))
    second_page = listed(reverse("meetings:list") + "?page=2")
    assert (len(first_page), len(second_page)) == (25, 5)


# --- Forms --------------------------------------------------------------------------------


def test_a_meeting_is_created_and_a_bad_date_keeps_what_was_typed(people):
    client = client_for(people.regiocoordinator)
    data = {"body": "dvo", "date": "31-02-2026", "location": "Stadhuis Enschede", "notes": "Hi"}
    response = client.post(reverse("meetings:create"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Stadhuis Enschede" in html and 'role="alert"' in html
    data["date"] = "2026-04-09"
    response = client.post(reverse("meetings:create"), data)
    created = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:detail", args=[created.pk])
    assert (created.body, created.date, created.location) == (
        "dvo",
        datetime.date(2026, 4, 9),
        "Stadhuis Enschede",
    )


def test_a_stale_meeting_edit_is_refused_and_keeps_the_text(people):
    existing = meeting("platform", location="Almelo")
    url = reverse("meetings:edit", args=[existing.pk])
    form = {"body": "platform", "date": existing.date.isoformat(), "notes": "", "version": 1}
    first = client_for(people.voorzitter).post(url, {**form, "location": "Hengelo"})
    assert first.status_code == 302
    second = client_for(people.regiocoordinator).post(url, {**form, "location": "Enschede, zaal 3"})
    assert second.status_code == 400
    html = second.content.decode()
    assert "Enschede, zaal 3" in html
    assert 'name="version" value="2"' in html
    existing.refresh_from_db()
    assert existing.location == "Hengelo"


def test_the_add_form_offers_only_what_fits_and_refuses_the_rest(people):
    fits = make_document(people, "plan", "ter_vaststelling", title="Past op Platform")
    too_early = make_document(people, "plan", "ambtelijk_vastgesteld", title="Al ambtelijk")
    beslispunt = make_document(people, "beslispunt", "open", title="Met beslispunt")
    platform = meeting("platform", date=tomorrow())
    client = client_for(people.beheerder)
    url = reverse("meetings:agenda_add", args=[platform.pk])
    html = client.get(url).content.decode()
    assert "Past op Platform" in html and "Met beslispunt" in html
    assert "Al ambtelijk" not in html

    response = client.post(url, {"document": f"plan-{too_early.pk}"})
    assert response.status_code == 400
    assert not AgendaItem.objects.exists()
    response = client.post(url, {"document": f"plan-{fits.pk}"})
    assert response.status_code == 302
    assert AgendaItem.objects.get().plan == fits
    # Now on an open agenda: no longer offered.
    assert "Past op Platform" not in client.get(url).content.decode()

    dvo = meeting("dvo", date=tomorrow())
    dvo_url = reverse("meetings:agenda_add", args=[dvo.pk])
    html = client.get(dvo_url).content.decode()
    # A beslispunt goes to the DVO only after the Platform's advice.
    assert "Al ambtelijk" in html and "Met beslispunt" not in html
    assert client.post(dvo_url, {"document": f"beslispunt-{beslispunt.pk}"}).status_code == 400
    assert client.post(url, {"document": f"beslispunt-{beslispunt.pk}"}).status_code == 302
    beslispunt.refresh_from_db()
    assert beslispunt.status == Beslispunt.Status.PLATFORM_GEAGENDEERD


def test_recording_a_decision_in_the_browser(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    plan = make_document(people, "plan", "ter_vaststelling")
    platform = meeting("platform")
    item = put_on_agenda(platform, plan, "plan")
    client = client_for(people.voorzitter)
    url = reverse("meetings:agenda_decide", args=[platform.pk, item.pk])
    html = client.get(url).content.decode()
    assert 'value="gestopt"' not in html  # the Platform cannot stop a project
    assert 'value="vastgesteld"' in html and 'value="terug"' in html

    response = client.post(url, {"decision": "terug", "remarks": "  "})
    assert response.status_code == 400
    assert AgendaItem.objects.get(pk=item.pk).decision == "open"
    response = client.post(url, {"decision": "gestopt", "remarks": "Stop"})
    assert response.status_code == 400

    # First what will happen, to confirm (no JavaScript needed); nothing changes yet.
    response = client.post(url, {"decision": "terug", "remarks": "Scherper doel"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="decision-outcome"' in html and 'name="confirmed" value="True"' in html
    assert AgendaItem.objects.get(pk=item.pk).decision == "open"
    # "Change" goes back to the form with what was typed, and does not record.
    response = client.post(
        url, {"decision": "terug", "remarks": "Scherper doel", "confirmed": "True", "change": "1"}
    )
    assert response.status_code == 200 and "Scherper doel" in response.content.decode()
    assert 'name="confirmed"' not in response.content.decode()
    assert AgendaItem.objects.get(pk=item.pk).decision == "open"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"decision": "terug", "remarks": "Scherper doel", "confirmed": "True"}, follow=True
        )
    assert response.redirect_chain[-1][1] == 302
    message = str(list(response.context["messages"])[-1])
    assert "versie 2" in message
    assert len(mailoutbox) == 2
    assert Project.objects.get(pk=plan.project_id).status == "in_voorbereiding"

    # A second press changes nothing and says so.
    response = client.post(
        url, {"decision": "vastgesteld", "remarks": "", "confirmed": "True"}, follow=True
    )
    assert response.status_code == 200
    assert AgendaItem.objects.get(pk=item.pk).decision == "terug"
    assert [m.level_tag for m in response.context["messages"]][-1] == "info"
    assert client.get(url).status_code == 302

    page = client.get(reverse("meetings:detail", args=[platform.pk])).content.decode()
    assert "Scherper doel" in page
    section = client.get(plan.project.get_absolute_url()).content.decode()
    assert "Scherper doel" in section
    assert platform.date.strftime("%Y") in section


def test_the_dvo_page_offers_stopping(people):
    plan = make_document(people, "plan", "ambtelijk_vastgesteld")
    dvo = meeting("dvo")
    item = put_on_agenda(dvo, plan, "plan")
    client = client_for(people.regiocoordinator)
    url = reverse("meetings:agenda_decide", args=[dvo.pk, item.pk])
    assert 'value="gestopt"' in client.get(url).content.decode()
    response = client.post(url, {"decision": "gestopt", "remarks": "Geen draagvlak meer"})
    assert response.status_code == 200
    assert Project.objects.get(pk=plan.project_id).status == "ambtelijk_vastgesteld"
    response = client.post(
        url, {"decision": "gestopt", "remarks": "Geen draagvlak meer", "confirmed": "True"}
    )
    assert response.status_code == 302
    assert Project.objects.get(pk=plan.project_id).status == "gestopt"


def test_no_decision_before_the_meeting_date(people):
    plan = make_document(people, "plan", "ter_vaststelling")
    future = meeting("platform", date=tomorrow())
    item = put_on_agenda(future, plan, "plan")
    client = client_for(people.voorzitter)
    url = reverse("meetings:agenda_decide", args=[future.pk, item.pk])
    html = client.get(url).content.decode()
    assert 'name="decision"' not in html
    page = client.get(reverse("meetings:detail", args=[future.pk])).content.decode()
    assert url not in page
    response = client.post(url, {"decision": "vastgesteld"})
    assert response.status_code == 400
    response = client.post(url, {"decision": "vastgesteld", "confirmed": "True"})
    assert response.status_code == 400
    assert AgendaItem.objects.get(pk=item.pk).decision == "open"


def test_removing_an_item_and_deleting_a_meeting_ask_first(people):
    beslispunt = make_document(people, "beslispunt", "geagendeerd")
    dvo = meeting("dvo")
    item = put_on_agenda(dvo, beslispunt, "beslispunt")
    client = client_for(people.regiocoordinator)
    remove_url = reverse("meetings:agenda_remove", args=[dvo.pk, item.pk])
    assert client.get(remove_url).status_code == 200
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    assert client.post(remove_url).status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    beslispunt.refresh_from_db()
    assert beslispunt.status == "geadviseerd"  # waits for a DVO agenda again

    delete_url = reverse("meetings:delete", args=[dvo.pk])
    assert client.get(delete_url).status_code == 200
    assert Meeting.objects.filter(pk=dvo.pk).exists()
    response = client.post(delete_url)
    assert response.status_code == 302
    assert not Meeting.objects.filter(pk=dvo.pk).exists()


def test_a_meeting_with_decisions_stays(people):
    plan = make_document(people, "plan", "ter_vaststelling")
    platform = meeting("platform")
    item = put_on_agenda(platform, plan, "plan")
    record_decision(item=item, actor=people.voorzitter, decision="vastgesteld")
    client = client_for(people.voorzitter)
    page = client.get(reverse("meetings:detail", args=[platform.pk])).content.decode()
    assert reverse("meetings:delete", args=[platform.pk]) not in page
    assert reverse("meetings:agenda_remove", args=[platform.pk, item.pk]) not in page
    for url in (
        reverse("meetings:delete", args=[platform.pk]),
        reverse("meetings:agenda_remove", args=[platform.pk, item.pk]),
    ):
        assert client.post(url).status_code == 302
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    assert Meeting.objects.filter(pk=platform.pk).exists()


def test_moving_items_in_the_browser(people):
    platform = meeting("platform", date=tomorrow())
    first = put_on_agenda(platform, make_document(people, "plan", "ter_vaststelling"), "plan")
    second = put_on_agenda(platform, make_document(people, "plan", "ter_vaststelling"), "plan")
    client = client_for(people.beheerder)
    response = client.post(
        reverse("meetings:agenda_move", args=[platform.pk, second.pk]), {"direction": "up"}
    )
    assert response.status_code == 302
    order = list(
        AgendaItem.objects.filter(meeting=platform).order_by("order").values_list("pk", flat=True)
    )
    assert order == [second.pk, first.pk]


def test_the_meeting_page_shows_agenda_and_besluitenlijst(people):
    platform = meeting("platform", date=yesterday())
    decided = put_on_agenda(
        platform, make_document(people, "plan", "ter_vaststelling", title="Eerste plan"), "plan"
    )
    put_on_agenda(
        platform,
        make_document(people, "evaluation", "ter_vaststelling", title="Evaluatie Burgernet"),
        "evaluation",
    )
    record_decision(item=decided, actor=people.regiocoordinator, decision="vastgesteld")
    html = (
        client_for(people.platformlid)
        .get(reverse("meetings:detail", args=[platform.pk]))
        .content.decode()
    )
    agenda, besluitenlijst = html.split('id="besluitenlijst-titel"')
    assert "Eerste plan" in agenda and "Evaluatie Burgernet" in agenda
    assert "Eerste plan" in besluitenlijst and "Evaluatie Burgernet" not in besluitenlijst
    assert str(people.regiocoordinator) in besluitenlijst
    assert meeting_selectors.document_url(decided) in agenda


# --- Issue 14: a returned plan keeps its history; the Platform advises on beslispunten ----


def test_a_returned_plan_is_reworked_as_version_2_and_the_agenda_keeps_the_decision(
    people, django_capture_on_commit_callbacks
):
    plan = make_document(people, "plan", "ter_vaststelling")
    platform = meeting("platform")
    item = put_on_agenda(platform, plan, "plan")
    reviewer = client_for(people.voorzitter)
    url = reverse("meetings:agenda_decide", args=[platform.pk, item.pk])
    form = {"decision": "terug", "remarks": "Maak het doel meetbaar.", "confirmed": "True"}
    with django_capture_on_commit_callbacks(execute=True):
        assert reviewer.post(url, form).status_code == 302

    project = plan.project
    rework = project.plans.get(number=2)
    assert (rework.status, rework.returned_from_id, rework.amendment) == ("concept", plan.pk, False)
    # The agenda row: the decision taken there, apart from the document's status now.
    page = reviewer.get(reverse("meetings:detail", args=[platform.pk])).content.decode()
    row = page[page.index(f'id="agendapunt-{item.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Terug met opmerkingen" in row
    assert "Teruggestuurd met opmerkingen; de herziening, versie 2: Concept" in row

    leader = client_for(people.projectleider)
    response = leader.get(reverse("projects:plan_edit", args=[project.pk]))
    assert response.status_code == 200, response.status_code
    edit = response.content.decode()
    assert "Maak het doel meetbaar." in edit  # the remarks above the form
    rework.doelstelling = "Tien procent minder inbraken in 2027."
    rework.save()
    changes = leader.get(reverse("projects:plan_changes", args=[project.pk, 2])).content.decode()
    assert "Versie 2 vergeleken met versie 1" in changes
    assert "procent minder inbraken</ins>" in changes  # compared word by word
    returned = leader.get(reverse("projects:plan_detail", args=[project.pk, 1])).content.decode()
    assert "de herziening is versie 2" in returned


def test_the_platform_advises_on_a_beslispunt_in_its_own_words(people):
    beslispunt = make_document(people, "beslispunt", "platform_geagendeerd")
    platform = meeting("platform")
    item = put_on_agenda(platform, beslispunt, "beslispunt")
    client = client_for(people.regiocoordinator)
    url = reverse("meetings:agenda_decide", args=[platform.pk, item.pk])
    html = client.get(url).content.decode()
    assert "Advies aan het DVO" in html and "Advies van het Platform, of de opmerkingen" in html
    response = client.post(url, {"decision": "vastgesteld", "remarks": ""})
    assert response.status_code == 400
    assert "Schrijf het advies van het Platform aan het DVO." in response.content.decode()
    response = client.post(url, {"decision": "vastgesteld", "remarks": "Instemmen."})
    assert "wacht daarna op een DVO-agenda" in response.content.decode()
    form = {"decision": "vastgesteld", "remarks": "Instemmen.", "confirmed": "True"}
    assert client.post(url, form).status_code == 302
    beslispunt.refresh_from_db()
    assert (beslispunt.status, beslispunt.platform_advice) == ("geadviseerd", "Instemmen.")
    page = client.get(reverse("meetings:detail", args=[platform.pk])).content.decode()
    assert "Geadviseerd" in page


@pytest.mark.parametrize("who", ["platformlid", "dvo_lid", "projectleider", "portefeuillehouder"])
def test_only_reviewers_reach_the_decision_page(people, who):
    beslispunt = make_document(people, "beslispunt", "platform_geagendeerd")
    platform = meeting("platform")
    item = put_on_agenda(platform, beslispunt, "beslispunt")
    url = reverse("meetings:agenda_decide", args=[platform.pk, item.pk])
    client = client_for(getattr(people, who))
    assert client.get(url).status_code == 403
    form = {"decision": "vastgesteld", "remarks": "Ja", "confirmed": "True"}
    assert client.post(url, form).status_code == 403
    assert AgendaItem.objects.get(pk=item.pk).decision == "open"


def test_the_agenda_choices_leave_out_what_came_after_the_meeting(people):
    plan = make_document(people, "plan", "ter_vaststelling", title="Na de vergadering ingediend")
    plan.submitted_at = timezone.now()
    plan.save()
    held = meeting("platform", date=timezone.localdate() - datetime.timedelta(days=3))
    client = client_for(people.regiocoordinator)
    url = reverse("meetings:agenda_add", args=[held.pk])
    assert "Na de vergadering ingediend" not in client.get(url).content.decode()
    response = client.post(url, {"document": f"plan-{plan.pk}"})
    assert response.status_code == 400
    assert not AgendaItem.objects.exists()
    later = meeting("platform", date=tomorrow())
    later_url = reverse("meetings:agenda_add", args=[later.pk])
    assert "Na de vergadering ingediend" in client.get(later_url).content.decode()
