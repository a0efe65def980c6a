"""Meeting selectors: what fits an agenda, who sees what of an item, and the werkvoorraad."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from projects.meetings import selectors as meeting_selectors
from projects.meetings.services import record_decision
from projects.permissions import can_view_project_details, projects_with_visible_details
from tests.projects.meetings.scenario import (
    EVERYONE,
    make_document,
    meeting,
    put_on_agenda,
    tomorrow,
    yesterday,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("vertrouwelijk", [False, True])
def test_details_visible_is_the_query_form_of_the_predicate(people, vertrouwelijk):
    beslispunt = make_document(people, "beslispunt", "geagendeerd", vertrouwelijk=vertrouwelijk)
    dvo = meeting("dvo")
    put_on_agenda(dvo, beslispunt, "beslispunt")
    for who in [*EVERYONE, "indiener"]:
        user = people[who]
        (item,) = meeting_selectors.agenda(dvo, user)
        expected = can_view_project_details.test(user, beslispunt.project)
        assert item.details_visible is expected, who
        assert projects_with_visible_details(user, {beslispunt.project_id}) == (
            {beslispunt.project_id} if expected else set()
        ), who
    if vertrouwelijk:
        # The circle of docs/ARCHITECTURE.md §4, and nobody else.
        seen = {
            who
            for who in [*EVERYONE, "indiener"]
            if meeting_selectors.agenda(dvo, people[who])[0].details_visible
        }
        assert seen == {
            "voorzitter",
            "regiocoordinator",
            "dvo_lid",
            "projectleider",
            "portefeuillehouder",
            "member",
            "indiener",
        }


def test_the_candidates_fit_the_body_and_leave_out_what_is_on_an_open_agenda(people):
    submitted = make_document(people, "plan", "ter_vaststelling")
    platform_approved = make_document(people, "plan", "ambtelijk_vastgesteld")
    amendment = make_document(people, "amendment", "ter_vaststelling")
    dvo_amendment = make_document(people, "amendment", "ambtelijk_vastgesteld")
    evaluation = make_document(people, "evaluation", "ter_vaststelling")
    dvo_evaluation = make_document(people, "evaluation", "ambtelijk_vastgesteld")
    beslispunt = make_document(people, "beslispunt", "open")
    advised = make_document(people, "beslispunt", "geadviseerd")
    make_document(people, "plan", "concept")
    make_document(people, "evaluation", "vastgesteld")
    make_document(people, "beslispunt", "besloten")
    make_document(people, "beslispunt", "platform_geagendeerd")

    platform, dvo = meeting("platform", date=tomorrow()), meeting("dvo", date=tomorrow())
    assert set(meeting_selectors.candidate_plans(platform)) == {submitted, amendment}
    assert set(meeting_selectors.candidate_evaluations(platform)) == {evaluation}
    # Beslispunten via the Platform (advice) to the DVO (decision).
    assert set(meeting_selectors.candidate_beslispunten(platform)) == {beslispunt}
    assert set(meeting_selectors.candidate_plans(dvo)) == {platform_approved, dvo_amendment}
    assert set(meeting_selectors.candidate_evaluations(dvo)) == {dvo_evaluation}
    assert set(meeting_selectors.candidate_beslispunten(dvo)) == {advised}

    put_on_agenda(meeting("platform"), submitted, "plan")
    decided = put_on_agenda(meeting("dvo"), dvo_evaluation, "evaluation", decision="terug")
    assert set(meeting_selectors.candidate_plans(platform)) == {amendment}
    assert dvo_evaluation in meeting_selectors.candidate_evaluations(dvo)  # decided: free again
    assert decided.decision == "terug"


def test_a_running_amendment_of_a_stopped_project_does_not_fit(people):
    amendment = make_document(people, "amendment", "ter_vaststelling")
    amendment.project.status = "gestopt"
    amendment.project.save()
    assert not meeting_selectors.candidate_plans(meeting("platform")).exists()


def test_items_to_decide_are_for_reviewers_and_only_from_held_meetings(people, frozen_time):
    held = meeting("platform", date=datetime.date(2026, 3, 2))
    later = meeting("platform", date=datetime.date(2026, 3, 9))
    waiting = put_on_agenda(held, make_document(people, "plan", "ter_vaststelling"), "plan")
    put_on_agenda(later, make_document(people, "plan", "ter_vaststelling"), "plan")
    decided = put_on_agenda(held, make_document(people, "plan", "ter_vaststelling"), "plan")
    record_decision(item=decided, actor=people.voorzitter, decision="vastgesteld")
    stopped = make_document(people, "plan", "ter_vaststelling")
    put_on_agenda(held, stopped, "plan")
    stopped.project.status = "gestopt"
    stopped.project.save()

    for who in EVERYONE:
        items = list(meeting_selectors.items_to_decide(people[who]))
        if who in ("voorzitter", "regiocoordinator"):
            assert items == [waiting], who
        else:
            assert items == [], who
    frozen_time.move_to(datetime.datetime(2026, 3, 9, 9, 0, tzinfo=datetime.UTC))
    assert len(meeting_selectors.items_to_decide(people.voorzitter)) == 2


def test_upcoming_meetings_soonest_first(people):
    today = meeting("dvo", date=timezone.localdate())
    in_a_week = meeting("platform", date=timezone.localdate() + datetime.timedelta(days=7))
    meeting("platform", date=yesterday())
    next_month = meeting("dvo", date=timezone.localdate() + datetime.timedelta(days=30))
    put_on_agenda(in_a_week, make_document(people, "plan", "ter_vaststelling"), "plan")
    upcoming = meeting_selectors.upcoming_meetings(people.platformlid, limit=5)
    assert upcoming == [today, in_a_week, next_month]
    assert [m.item_count for m in upcoming] == [0, 1, 0]
    assert meeting_selectors.upcoming_meetings(people.platformlid, limit=2) == [today, in_a_week]


def test_the_project_section_lists_its_meetings_in_one_query(people):
    plan = make_document(people, "plan", "ter_vaststelling")
    first = put_on_agenda(meeting("platform", date=yesterday()), plan, "plan")
    record_decision(item=first, actor=people.voorzitter, decision="vastgesteld")
    put_on_agenda(meeting("dvo", date=tomorrow()), plan, "plan")
    with CaptureQueriesContext(connection) as queries:
        context = meeting_selectors.detail_context(plan.project, people.outsider, show_details=True)
        rows = [
            (i.meeting.body, i.decision, i.decided_by, i.document_label)
            for i in context["meeting_items"]
        ]
    assert len(queries) == 1
    assert [row[:3] for row in rows] == [
        ("platform", "vastgesteld", people.voorzitter),
        ("dvo", "open", None),
    ]
    assert all(row[3].endswith(" 1") for row in rows)


def test_what_waits_for_an_agenda_names_the_body(people):
    submitted = make_document(people, "plan", "ter_vaststelling")
    platform_approved = make_document(people, "plan", "ambtelijk_vastgesteld")
    amendment = make_document(people, "amendment", "ter_vaststelling")
    evaluation = make_document(people, "evaluation", "ambtelijk_vastgesteld")
    open_beslispunt = make_document(people, "beslispunt", "open")
    advised = make_document(people, "beslispunt", "geadviseerd")
    on_agenda = make_document(people, "plan", "ter_vaststelling")
    put_on_agenda(meeting("platform", date=tomorrow()), on_agenda, "plan")
    make_document(people, "plan", "concept")
    make_document(people, "beslispunt", "besloten")

    waiting = meeting_selectors.waiting_for_agenda(people.regiocoordinator)
    found = {
        document: document.waiting_for for queryset in waiting.values() for document in queryset
    }
    assert found == {
        submitted: "platform",
        platform_approved: "dvo",
        amendment: "platform",
        evaluation: "dvo",
        open_beslispunt: "platform",
        advised: "dvo",
    }


@pytest.mark.parametrize("who", ["platformlid", "dvo_lid", "projectleider", "outsider"])
def test_what_waits_for_an_agenda_is_only_for_the_agenda_makers(people, who):
    make_document(people, "plan", "ter_vaststelling")
    assert meeting_selectors.waiting_for_agenda(getattr(people, who)) == {}
