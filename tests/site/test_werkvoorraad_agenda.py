"""The werkvoorraad's "Te agenderen": what waits for a Platform or DVO agenda (issue 14 item 5)."""

import re

import pytest

from tests.projects.meetings import scenario
from tests.projects.meetings.scenario import make_document, meeting, put_on_agenda, tomorrow

# The people around a project, as the meeting tests have them.
people = scenario.people

pytestmark = pytest.mark.django_db


def waiting_section(html: str) -> str:
    match = re.search(r'<section[^>]*id="te-agenderen".*?</section>', html, re.DOTALL)
    return match.group(0) if match else ""


def section_count(section: str) -> int:
    return int(re.search(r'section-count">(\d+)<', section).group(1))


@pytest.mark.parametrize("who", ["voorzitter", "regiocoordinator"])
def test_the_agenda_makers_see_what_waits_and_for_which_body(client, people, who):
    plan = make_document(people, "plan", "ter_vaststelling", title="Plan voor het Platform")
    make_document(people, "plan", "ambtelijk_vastgesteld", title="Plan voor het DVO")
    make_document(people, "amendment", "ter_vaststelling", title="Wijziging voor het Platform")
    make_document(people, "evaluation", "ambtelijk_vastgesteld", title="Evaluatie voor het DVO")
    make_document(people, "beslispunt", "open", title="Beslispunt voor het Platform")
    make_document(people, "beslispunt", "geadviseerd", title="Beslispunt voor het DVO")
    make_document(people, "plan", "concept", title="Nog in concept")
    on_agenda = make_document(people, "plan", "ter_vaststelling", title="Al geagendeerd")
    put_on_agenda(meeting("platform", date=tomorrow()), on_agenda, "plan")

    client.force_login(getattr(people, who))
    section = waiting_section(client.get("/").content.decode())
    assert "Te agenderen" in section
    assert section_count(section) == 6
    assert "Nog in concept" not in section and "Al geagendeerd" not in section
    # Five shown, the oldest first; each says which body it waits for.
    assert section.count("Wacht op het Platform") + section.count("Wacht op het DVO") == 5
    assert f"/projecten/{plan.project_id}/plan/1/" in section
    # The rest is on the meeting list, beside the meetings to put it on.
    assert 'href="/vergaderingen/#te-agenderen"' in section


@pytest.mark.parametrize("who", ["platformlid", "dvo_lid", "projectleider", "portefeuillehouder"])
def test_others_have_no_agenda_section(client, people, who):
    make_document(people, "plan", "ter_vaststelling")
    client.force_login(getattr(people, who))
    assert waiting_section(client.get("/").content.decode()) == ""


def test_the_section_says_when_nothing_waits(client, people):
    client.force_login(people.regiocoordinator)
    section = waiting_section(client.get("/").content.decode())
    assert "Er wacht niets op een agenda" in section and section_count(section) == 0


def test_the_werkvoorraad_costs_the_same_however_much_waits(
    client, people, django_assert_max_num_queries
):
    client.force_login(people.voorzitter)

    def fill(n):
        for _ in range(n):
            for kind, status in (
                ("plan", "ter_vaststelling"),
                ("amendment", "ambtelijk_vastgesteld"),
                ("evaluation", "ter_vaststelling"),
                ("beslispunt", "geadviseerd"),
            ):
                make_document(people, kind, status)

    fill(1)
    client.get("/")  # sessions, caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/")
    fill(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/")
    assert section_count(waiting_section(response.content.decode())) == 28


# The whole of it on the meeting list, where the werkvoorraad leads: the werkvoorraad shows
# the first five, so a sixth (the latest plan submitted) is read there, not only in
# "Stuk agenderen" of one meeting (issue 14 item 5).


def meeting_list_section(html: str) -> str:
    match = re.search(r'<section id="te-agenderen".*?</section>', html, re.DOTALL)
    return match.group(0) if match else ""


@pytest.mark.parametrize("who", ["voorzitter", "regiocoordinator"])
def test_the_meeting_list_shows_everything_that_waits(client, people, who):
    for n in range(6):
        plan = make_document(people, "plan", "ter_vaststelling", title=f"Plan {n}")
        type(plan).objects.filter(pk=plan.pk).update(submitted_at=days_ago(10 - n))
    latest = make_document(people, "beslispunt", "geadviseerd", title="Het nieuwste beslispunt")
    type(latest).objects.filter(pk=latest.pk).update(created_at=days_ago(0))
    make_document(people, "plan", "concept", title="Nog in concept")
    client.force_login(getattr(people, who))
    assert "Het nieuwste beslispunt" not in waiting_section(client.get("/").content.decode())
    section = meeting_list_section(client.get("/vergaderingen/").content.decode())
    assert "Te agenderen" in section
    assert section.count("<tr>") == 1 + 7  # the header and every waiting document
    assert "Het nieuwste beslispunt (beslispunt)" in section
    assert f"/projecten/{latest.project_id}/beslispunten/" in section
    assert "DVO Twente" in section and "Platform IVZ" in section
    assert "Nog in concept" not in section
    assert section.index("Plan 0") < section.index("Het nieuwste beslispunt")  # oldest first


@pytest.mark.parametrize("who", ["platformlid", "dvo_lid", "projectleider", "portefeuillehouder"])
def test_others_see_no_agenda_list_on_the_meeting_list(client, people, who):
    make_document(people, "plan", "ter_vaststelling", title="Plan voor het Platform")
    client.force_login(getattr(people, who))
    html = client.get("/vergaderingen/").content.decode()
    assert meeting_list_section(html) == "" and "Plan voor het Platform" not in html


def test_the_past_meetings_do_not_repeat_it(client, people):
    make_document(people, "plan", "ter_vaststelling", title="Plan voor het Platform")
    client.force_login(people.regiocoordinator)
    assert meeting_list_section(client.get("/vergaderingen/eerdere/").content.decode()) == ""


def test_the_meeting_list_says_when_nothing_waits(client, people):
    client.force_login(people.voorzitter)
    section = meeting_list_section(client.get("/vergaderingen/").content.decode())
    assert "Er wacht niets op een agenda" in section


def test_the_meeting_lists_agenda_section_costs_the_same_however_much_waits(client, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people.regiocoordinator)
    make_document(people, "plan", "ter_vaststelling")
    client.get("/vergaderingen/")
    with CaptureQueriesContext(connection) as few:
        client.get("/vergaderingen/")
    for kind, status in (("amendment", "ter_vaststelling"), ("evaluation", "ter_vaststelling")):
        for _ in range(3):
            make_document(people, kind, status)
    make_document(people, "beslispunt", "open")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/vergaderingen/")
    assert meeting_list_section(response.content.decode()).count("<tr>") == 1 + 8
    assert len(many.captured_queries) == len(few.captured_queries)


def days_ago(days):
    import datetime

    from django.utils import timezone

    return timezone.now() - datetime.timedelta(days=days)
