"""Meeting services: meetings, the agenda, and every decision × body × document status."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from platform_ivz.core.models import Meeting
from platform_ivz.core.workflow import TransitionNotAllowed
from projects.meetings import selectors as meeting_selectors
from projects.meetings import services as meeting_services
from projects.meetings.services import AlreadyDecided, record_decision
from projects.models import AgendaItem, Project, ProjectEvent, ProjectPlan
from projects.services import transition_project
from projects.workflow import (
    DVO_APPROVE_EVALUATION,
    DVO_APPROVE_PLAN,
    PLATFORM_APPROVE_EVALUATION,
    PLATFORM_APPROVE_PLAN,
    PLATFORM_RETURN_PLAN,
    STOP,
)
from tests.factories import MeetingFactory
from tests.projects.meetings.scenario import (
    DOCUMENT_STATUSES,
    EVERYONE,
    make_document,
    make_project,
    meeting,
    put_on_agenda,
    tomorrow,
    yesterday,
)

pytestmark = pytest.mark.django_db

ACTIVE = {str(status) for status in Project.ACTIVE_STATUSES}
REMARKS = "Graag de planning aanscherpen."

# Written out here, apart from projects.workflow, so that the tables there are checked too.
EXPECTED_DOCUMENT = {
    ("ter_vaststelling", "platform", "vastgesteld"): "ambtelijk_vastgesteld",
    ("ter_vaststelling", "platform", "terug"): "concept",
    ("ambtelijk_vastgesteld", "dvo", "vastgesteld"): "vastgesteld",
    ("ambtelijk_vastgesteld", "dvo", "terug"): "concept",
}
EXPECTED_PROJECT = {
    ("plan", "platform", "vastgesteld"): "ambtelijk_vastgesteld",
    ("plan", "platform", "terug"): "in_voorbereiding",
    ("plan", "dvo", "vastgesteld"): "in_uitvoering",
    ("plan", "dvo", "terug"): "in_voorbereiding",
    ("evaluation", "platform", "vastgesteld"): "evaluatie_ambtelijk_vastgesteld",
    ("evaluation", "platform", "terug"): "evaluatie",
    ("evaluation", "dvo", "vastgesteld"): "afgerond",
    ("evaluation", "dvo", "terug"): "evaluatie",
}
DECISION_CASES = [
    (kind, status, body, decision)
    for kind in ("plan", "amendment", "evaluation")
    for status in DOCUMENT_STATUSES
    for body in ("platform", "dvo")
    for decision in ("vastgesteld", "terug", "gestopt")
]


def _snapshot(item):
    item.refresh_from_db()
    document = item.plan or item.evaluation or item.beslispunt
    document.refresh_from_db()
    project = Project.objects.get(pk=item.project_id)
    return {
        "decision": item.decision,
        "document": document.status,
        "project": project.status,
        "events": ProjectEvent.objects.filter(project=project).count(),
    }


# --- Decisions: the whole table -----------------------------------------------------------


@pytest.mark.parametrize(("kind", "doc_status", "body", "decision"), DECISION_CASES)
def test_every_decision_on_every_document_status(people, kind, doc_status, body, decision):
    document = make_document(people, kind, doc_status)
    project_before = document.project.status
    item = put_on_agenda(meeting(body), document, kind)
    expected_document = EXPECTED_DOCUMENT.get((doc_status, body, decision))
    if decision == "gestopt":
        allowed = body == "dvo" and project_before in ACTIVE
    else:
        allowed = expected_document is not None
    before = _snapshot(item)

    if not allowed:
        with pytest.raises(ValidationError):
            record_decision(item=item, actor=people.voorzitter, decision=decision, remarks=REMARKS)
        assert _snapshot(item) == before
        return

    record_decision(item=item, actor=people.regiocoordinator, decision=decision, remarks=REMARKS)
    item.refresh_from_db()
    document.refresh_from_db()
    project = Project.objects.get(pk=document.project_id)
    assert item.decision == decision
    assert item.remarks == REMARKS
    assert item.decided_by == people.regiocoordinator
    assert item.decided_at is not None
    events = ProjectEvent.objects.filter(project=project).order_by("-id")
    if decision == "gestopt":
        assert project.status == "gestopt"
        assert document.status == doc_status  # the document stays where it was
        assert events[0].transition == STOP
        assert events[0].meeting == item.meeting
        assert events[0].note == REMARKS
        return
    if kind in ("plan", "amendment") and decision == "terug":
        # The returned version stays as the meeting saw it; the rework is the next version.
        assert document.status == "teruggestuurd"
        rework = ProjectPlan.objects.get(returned_from=document)
        assert (rework.number, rework.status) == (document.number + 1, "concept")
        assert rework.amendment == (kind == "amendment")
        assert rework.doelstelling == document.doelstelling
    else:
        assert document.status == expected_document
    if kind == "amendment":
        # Only the amendment moves: the project keeps running and has no new event.
        assert project.status == "in_uitvoering"
        assert events.count() == before["events"]
    else:
        assert project.status == EXPECTED_PROJECT[(kind, body, decision)]
        assert events[0].meeting == item.meeting
        assert events[0].from_status == project_before
        assert events[0].note == REMARKS
    if decision == "vastgesteld":
        field = "platform_meeting" if body == "platform" else "dvo_meeting"
        assert getattr(document, field) == item.meeting
    elif kind == "evaluation":
        assert document.platform_meeting is None and document.dvo_meeting is None


# A beslispunt: (state on the agenda, body, decision) -> its state afterwards.
BESLISPUNT_EXPECTED = {
    ("platform_geagendeerd", "platform", "vastgesteld"): "geadviseerd",
    ("platform_geagendeerd", "platform", "terug"): "open",
    ("geagendeerd", "dvo", "vastgesteld"): "besloten",
    ("geagendeerd", "dvo", "terug"): "besloten",
    ("geagendeerd", "dvo", "gestopt"): "besloten",
}


@pytest.mark.parametrize("status", ["platform_geagendeerd", "geagendeerd"])
@pytest.mark.parametrize("body", ["platform", "dvo"])
@pytest.mark.parametrize("decision", ["vastgesteld", "terug", "gestopt"])
def test_a_decision_on_a_beslispunt(people, status, body, decision):
    beslispunt = make_document(people, "beslispunt", status)
    item = put_on_agenda(meeting(body), beslispunt, "beslispunt")
    expected = BESLISPUNT_EXPECTED.get((status, body, decision))
    if expected is None:
        with pytest.raises((ValidationError, TransitionNotAllowed)):
            record_decision(item=item, actor=people.voorzitter, decision=decision, remarks=REMARKS)
        beslispunt.refresh_from_db()
        assert beslispunt.status == status
        assert AgendaItem.objects.get(pk=item.pk).decision == "open"
        return
    record_decision(item=item, actor=people.voorzitter, decision=decision, remarks=REMARKS)
    beslispunt.refresh_from_db()
    assert beslispunt.status == expected
    if (body, decision) == ("platform", "vastgesteld"):
        assert beslispunt.platform_advice == REMARKS
        assert beslispunt.platform_meeting == item.meeting
    project = Project.objects.get(pk=beslispunt.project_id)
    assert project.status == ("gestopt" if decision == "gestopt" else "in_uitvoering")


def test_the_platform_advice_on_a_beslispunt_needs_its_text(people):
    beslispunt = make_document(people, "beslispunt", "platform_geagendeerd")
    item = put_on_agenda(meeting("platform"), beslispunt, "beslispunt")
    with pytest.raises(ValidationError) as error:
        record_decision(item=item, actor=people.voorzitter, decision="vastgesteld", remarks=" ")
    assert "remarks" in error.value.message_dict
    beslispunt.refresh_from_db()
    assert beslispunt.status == "platform_geagendeerd"


@pytest.mark.parametrize("who", ["platformlid", "dvo_lid", "projectleider", "portefeuillehouder"])
def test_only_reviewers_advise_on_a_beslispunt(people, who):
    beslispunt = make_document(people, "beslispunt", "platform_geagendeerd")
    item = put_on_agenda(meeting("platform"), beslispunt, "beslispunt")
    with pytest.raises(PermissionDenied):
        record_decision(
            item=item, actor=getattr(people, who), decision="vastgesteld", remarks=REMARKS
        )


def test_a_beslispunt_goes_through_the_platform_then_the_dvo(people):
    beslispunt = make_document(people, "beslispunt", "open")
    platform = meeting("platform", date=yesterday() - datetime.timedelta(days=7))
    assert not meeting_selectors.candidate_beslispunten(meeting("dvo", date=tomorrow())).exists()
    item = meeting_services.add_agenda_item(
        meeting=platform, actor=people.regiocoordinator, beslispunt=beslispunt
    )
    beslispunt.refresh_from_db()
    assert beslispunt.status == "platform_geagendeerd"
    record_decision(
        item=item, actor=people.voorzitter, decision="vastgesteld", remarks="Positief advies."
    )
    # A DVO meeting held before the Platform advised cannot take it.
    earlier_dvo = meeting("dvo", date=yesterday() - datetime.timedelta(days=8))
    with pytest.raises(ValidationError) as error:
        meeting_services.add_agenda_item(
            meeting=earlier_dvo, actor=people.regiocoordinator, beslispunt=beslispunt
        )
    assert "eerder dan de dag" in str(error.value)
    dvo = meeting("dvo")
    dvo_item = meeting_services.add_agenda_item(
        meeting=dvo, actor=people.regiocoordinator, beslispunt=beslispunt
    )
    beslispunt.refresh_from_db()
    assert beslispunt.status == "geagendeerd"
    record_decision(item=dvo_item, actor=people.voorzitter, decision="vastgesteld")
    beslispunt.refresh_from_db()
    assert (beslispunt.status, beslispunt.platform_advice) == ("besloten", "Positief advies.")
    history = [h.status for h in beslispunt.history.order_by("history_id")]
    assert history == ["open", "platform_geagendeerd", "geadviseerd", "geagendeerd", "besloten"]


def test_a_document_is_not_put_on_a_meeting_held_before_its_submission(people):
    plan = make_document(people, "plan", "ter_vaststelling")
    ProjectPlan.objects.filter(pk=plan.pk).update(submitted_at=timezone.now())
    plan.refresh_from_db()
    earlier = meeting("platform", date=yesterday())
    assert not meeting_selectors.candidate_plans(earlier).exists()
    with pytest.raises(ValidationError) as error:
        meeting_services.add_agenda_item(meeting=earlier, actor=people.voorzitter, plan=plan)
    assert "eerder dan de dag" in str(error.value)
    # Nor decided there, if it got onto that agenda some other way (the date changed after).
    item = put_on_agenda(earlier, plan, "plan")
    with pytest.raises(ValidationError):
        record_decision(item=item, actor=people.voorzitter, decision="vastgesteld")
    plan.refresh_from_db()
    assert plan.status == "ter_vaststelling"
    item.delete()
    today = meeting("platform", date=timezone.localdate())
    assert list(meeting_selectors.candidate_plans(today)) == [plan]


def test_the_two_stages_of_a_plan_take_it_from_submitted_to_running(people):
    plan = make_document(people, "plan", "ter_vaststelling")
    platform = meeting("platform", date=yesterday() - datetime.timedelta(days=14))
    record_decision(
        item=put_on_agenda(platform, plan, "plan"), actor=people.voorzitter, decision="vastgesteld"
    )
    dvo = meeting("dvo")
    record_decision(
        item=put_on_agenda(dvo, plan, "plan"), actor=people.voorzitter, decision="vastgesteld"
    )
    plan.refresh_from_db()
    assert plan.status == "vastgesteld"
    assert (plan.platform_meeting, plan.dvo_meeting) == (platform, dvo)
    events = list(ProjectEvent.objects.filter(project=plan.project).order_by("id"))
    assert [(e.transition, e.meeting) for e in events] == [
        (PLATFORM_APPROVE_PLAN, platform),
        (DVO_APPROVE_PLAN, dvo),
    ]
    assert Project.objects.get(pk=plan.project_id).status == "in_uitvoering"


def test_an_amendment_approved_by_the_dvo_is_the_version_in_force(people):
    amendment = make_document(people, "amendment", "ambtelijk_vastgesteld")
    item = put_on_agenda(meeting("dvo"), amendment, "amendment")
    record_decision(item=item, actor=people.voorzitter, decision="vastgesteld")
    in_force = (
        ProjectPlan.objects.filter(project=amendment.project, status="vastgesteld")
        .order_by("-number")
        .first()
    )
    assert in_force == amendment
    assert Project.objects.get(pk=amendment.project_id).status == "in_uitvoering"


def test_the_evaluation_approved_by_both_bodies_completes_the_project(people):
    evaluation = make_document(people, "evaluation", "ter_vaststelling")
    platform = meeting("platform", date=yesterday() - datetime.timedelta(days=7))
    record_decision(
        item=put_on_agenda(platform, evaluation, "evaluation"),
        actor=people.regiocoordinator,
        decision="vastgesteld",
    )
    dvo = meeting("dvo")
    record_decision(
        item=put_on_agenda(dvo, evaluation, "evaluation"),
        actor=people.regiocoordinator,
        decision="vastgesteld",
    )
    evaluation.refresh_from_db()
    assert evaluation.status == "vastgesteld"
    assert (evaluation.platform_meeting, evaluation.dvo_meeting) == (platform, dvo)
    assert [e.transition for e in ProjectEvent.objects.filter(project=evaluation.project)] == [
        PLATFORM_APPROVE_EVALUATION,
        DVO_APPROVE_EVALUATION,
    ]
    assert Project.objects.get(pk=evaluation.project_id).status == "afgerond"


# --- Who records decisions -------------------------------------------------------------------


@pytest.mark.parametrize("who", EVERYONE)
def test_only_voorzitter_and_regiocoordinator_record_decisions(people, who):
    plan = make_document(people, "plan", "ter_vaststelling")
    item = put_on_agenda(meeting("platform"), plan, "plan")
    if who in ("voorzitter", "regiocoordinator"):
        record_decision(item=item, actor=people[who], decision="vastgesteld")
        assert _snapshot(item)["decision"] == "vastgesteld"
    else:
        with pytest.raises(PermissionDenied):
            record_decision(item=item, actor=people[who], decision="vastgesteld")
        assert _snapshot(item)["decision"] == "open"


# --- Refusals ---------------------------------------------------------------------------------


def test_the_dvo_cannot_approve_a_plan_the_platform_has_not_approved(people):
    plan = make_document(people, "plan", "ter_vaststelling")
    item = put_on_agenda(meeting("dvo"), plan, "plan")
    with pytest.raises(ValidationError, match="DVO"):
        record_decision(item=item, actor=people.voorzitter, decision="vastgesteld")
    plan.refresh_from_db()
    assert plan.status == "ter_vaststelling"


def test_a_platform_meeting_cannot_stop_a_project(people):
    plan = make_document(people, "plan", "ter_vaststelling")
    item = put_on_agenda(meeting("platform"), plan, "plan")
    with pytest.raises(ValidationError) as error:
        record_decision(item=item, actor=people.voorzitter, decision="gestopt", remarks=REMARKS)
    assert "decision" in error.value.message_dict
    assert Project.objects.get(pk=plan.project_id).status == "ter_vaststelling"


@pytest.mark.parametrize("decision", ["terug", "gestopt"])
def test_returning_or_stopping_needs_remarks(people, decision):
    plan = make_document(people, "plan", "ambtelijk_vastgesteld")
    item = put_on_agenda(meeting("dvo"), plan, "plan")
    with pytest.raises(ValidationError) as error:
        record_decision(item=item, actor=people.voorzitter, decision=decision, remarks="   ")
    assert "remarks" in error.value.message_dict
    assert _snapshot(item)["decision"] == "open"


@pytest.mark.parametrize("decision", ["open", "onzin", ""])
def test_an_unknown_decision_is_refused(people, decision):
    plan = make_document(people, "plan", "ter_vaststelling")
    item = put_on_agenda(meeting("platform"), plan, "plan")
    with pytest.raises(ValidationError):
        record_decision(item=item, actor=people.voorzitter, decision=decision, remarks=REMARKS)


def test_a_decision_waits_for_the_meeting_date(people, frozen_time):
    plan = make_document(people, "plan", "ter_vaststelling")
    item = put_on_agenda(meeting("platform", date=datetime.date(2026, 3, 3)), plan, "plan")
    with pytest.raises(ValidationError, match="03-03-2026"):
        record_decision(item=item, actor=people.voorzitter, decision="vastgesteld")
    assert _snapshot(item)["decision"] == "open"
    frozen_time.move_to(datetime.datetime(2026, 3, 3, 8, 0, tzinfo=datetime.UTC))
    record_decision(item=item, actor=people.voorzitter, decision="vastgesteld")
    assert _snapshot(item)["decision"] == "vastgesteld"


def test_a_second_decision_on_the_same_item_changes_nothing(people):
    plan = make_document(people, "plan", "ter_vaststelling")
    item = put_on_agenda(meeting("platform"), plan, "plan")
    record_decision(item=item, actor=people.voorzitter, decision="vastgesteld")
    after_first = _snapshot(item)
    for decision in ("vastgesteld", "terug"):
        with pytest.raises(AlreadyDecided):
            record_decision(
                item=item, actor=people.regiocoordinator, decision=decision, remarks=REMARKS
            )
    assert _snapshot(item) == after_first
    assert AgendaItem.objects.get(pk=item.pk).decided_by == people.voorzitter


def test_the_locked_row_decides_not_the_callers_copy(people):
    """A stale copy (as a second request holds it) is re-read under the lock and refused."""
    plan = make_document(people, "plan", "ter_vaststelling")
    item = put_on_agenda(meeting("platform"), plan, "plan")
    stale = AgendaItem.objects.get(pk=item.pk)
    record_decision(item=item, actor=people.voorzitter, decision="terug", remarks=REMARKS)
    assert stale.decision == "open"
    with pytest.raises(AlreadyDecided):
        record_decision(item=stale, actor=people.regiocoordinator, decision="vastgesteld")
    plan.refresh_from_db()
    assert plan.status == "teruggestuurd"
    assert Project.objects.get(pk=plan.project_id).status == "in_voorbereiding"
    assert ProjectEvent.objects.filter(project=plan.project).count() == 1


def test_after_the_dvo_stopped_a_project_its_other_items_cannot_be_decided(people):
    plan = make_document(people, "plan", "ambtelijk_vastgesteld")
    dvo = meeting("dvo")
    beslispunt = make_document(people, "beslispunt", "geagendeerd")
    beslispunt.project = plan.project
    beslispunt.save()
    stop_item = put_on_agenda(dvo, beslispunt, "beslispunt")
    plan_item = put_on_agenda(dvo, plan, "plan")
    record_decision(item=stop_item, actor=people.voorzitter, decision="gestopt", remarks=REMARKS)
    with pytest.raises(ValidationError, match="Gestopt|Stopped"):
        record_decision(item=plan_item, actor=people.voorzitter, decision="vastgesteld")
    plan.refresh_from_db()
    assert plan.status == "ambtelijk_vastgesteld"


# --- Approval only through a meeting of the right body ---------------------------------------


@pytest.mark.parametrize(
    ("name", "status", "wrong_body"),
    [
        (PLATFORM_APPROVE_PLAN, "ter_vaststelling", "dvo"),
        (PLATFORM_RETURN_PLAN, "ter_vaststelling", "dvo"),
        (DVO_APPROVE_PLAN, "ambtelijk_vastgesteld", "platform"),
        (PLATFORM_APPROVE_EVALUATION, "evaluatie_ter_vaststelling", "dvo"),
        (DVO_APPROVE_EVALUATION, "evaluatie_ambtelijk_vastgesteld", "platform"),
        (STOP, "in_uitvoering", "platform"),
    ],
)
def test_transition_project_refuses_a_meeting_of_the_wrong_body_or_none(
    people, name, status, wrong_body
):
    project = make_project(people, status)
    for given in (MeetingFactory(body=wrong_body), None):
        with pytest.raises(TransitionNotAllowed):
            transition_project(project, people.voorzitter, name, note=REMARKS, meeting=given)
    project.refresh_from_db()
    assert project.status == status
    assert not ProjectEvent.objects.filter(project=project).exists()


# --- Mail ---------------------------------------------------------------------------------


def test_the_projectleider_and_portefeuillehouder_hear_the_decision(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    plan = make_document(people, "plan", "ter_vaststelling", title="Aanpak woninginbraken")
    item = put_on_agenda(meeting("platform"), plan, "plan")
    with django_capture_on_commit_callbacks(execute=True):
        record_decision(item=item, actor=people.voorzitter, decision="terug", remarks=REMARKS)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [people.projectleider.email, people.portefeuillehouder.email]
    )
    message = mailoutbox[0]
    assert "Aanpak woninginbraken" in message.subject
    assert REMARKS in message.body
    assert f"/vergaderingen/{item.meeting_id}/" in message.body
    assert f"/projecten/{plan.project_id}/" in message.body


def test_a_refused_decision_sends_no_mail(people, mailoutbox, django_capture_on_commit_callbacks):
    plan = make_document(people, "plan", "ter_vaststelling")
    item = put_on_agenda(meeting("dvo"), plan, "plan")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        record_decision(item=item, actor=people.voorzitter, decision="vastgesteld")
    assert mailoutbox == []


# --- Meetings -----------------------------------------------------------------------------

MEETING_DATA = {"body": "platform", "date": datetime.date(2026, 4, 9), "location": "Almelo"}


@pytest.mark.parametrize("who", EVERYONE)
def test_who_keeps_meetings(people, who):
    allowed = who in ("voorzitter", "regiocoordinator", "beheerder")
    if allowed:
        created = meeting_services.create_meeting(actor=people[who], data=MEETING_DATA)
        assert created.history.first().history_user == people[who]
        updated = meeting_services.update_meeting(
            meeting=created, actor=people[who], data={"location": "Enschede"}, expected_version=1
        )
        assert (updated.location, updated.version) == ("Enschede", 2)
        meeting_services.delete_meeting(meeting=updated, actor=people[who])
        assert not Meeting.objects.exists()
        return
    with pytest.raises(PermissionDenied):
        meeting_services.create_meeting(actor=people[who], data=MEETING_DATA)
    existing = meeting("platform")
    with pytest.raises(PermissionDenied):
        meeting_services.update_meeting(
            meeting=existing, actor=people[who], data={"location": "X"}, expected_version=1
        )
    with pytest.raises(PermissionDenied):
        meeting_services.delete_meeting(meeting=existing, actor=people[who])
    assert Meeting.objects.filter(pk=existing.pk).exists()


def test_a_stale_meeting_edit_is_refused(people):
    existing = meeting("platform", location="Almelo")
    meeting_services.update_meeting(
        meeting=existing, actor=people.voorzitter, data={"location": "Hengelo"}, expected_version=1
    )
    with pytest.raises(meeting_services.EditConflict):
        meeting_services.update_meeting(
            meeting=existing,
            actor=people.regiocoordinator,
            data={"location": "Enschede"},
            expected_version=1,
        )
    existing.refresh_from_db()
    assert existing.location == "Hengelo"


def test_a_meeting_with_an_agenda_keeps_its_body(people):
    plan = make_document(people, "plan", "ter_vaststelling")
    item = put_on_agenda(meeting("platform"), plan, "plan")
    with pytest.raises(ValidationError) as error:
        meeting_services.update_meeting(
            meeting=item.meeting, actor=people.voorzitter, data={"body": "dvo"}, expected_version=1
        )
    assert "body" in error.value.message_dict


def test_a_meeting_with_decisions_cannot_move_to_the_future_nor_go(people):
    plan = make_document(people, "plan", "ter_vaststelling")
    item = put_on_agenda(meeting("platform"), plan, "plan")
    record_decision(item=item, actor=people.voorzitter, decision="vastgesteld")
    with pytest.raises(ValidationError) as error:
        meeting_services.update_meeting(
            meeting=item.meeting,
            actor=people.voorzitter,
            data={"date": tomorrow()},
            expected_version=1,
        )
    assert "date" in error.value.message_dict
    earlier = yesterday() - datetime.timedelta(days=1)
    moved = meeting_services.update_meeting(
        meeting=item.meeting, actor=people.voorzitter, data={"date": earlier}, expected_version=1
    )
    assert moved.date == earlier
    with pytest.raises(ValidationError):
        meeting_services.delete_meeting(meeting=item.meeting, actor=people.regiocoordinator)
    assert Meeting.objects.filter(pk=item.meeting_id).exists()


def test_deleting_a_meeting_frees_its_beslispunten(people):
    dvo = meeting("dvo")
    beslispunt = make_document(people, "beslispunt", "geadviseerd")
    meeting_services.add_agenda_item(meeting=dvo, actor=people.beheerder, beslispunt=beslispunt)
    beslispunt.refresh_from_db()
    assert beslispunt.status == "geagendeerd"
    meeting_services.delete_meeting(meeting=dvo, actor=people.beheerder)
    beslispunt.refresh_from_db()
    assert beslispunt.status == "geadviseerd"
    assert not AgendaItem.objects.exists()


# --- The agenda ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["plan", "amendment", "evaluation"])
@pytest.mark.parametrize("status", DOCUMENT_STATUSES)
@pytest.mark.parametrize("body", ["platform", "dvo"])
def test_what_fits_on_an_agenda(people, kind, status, body):
    document = make_document(people, kind, status)
    target = meeting(body, date=tomorrow())
    fits = (body, status) in (("platform", "ter_vaststelling"), ("dvo", "ambtelijk_vastgesteld"))
    field = "evaluation" if kind == "evaluation" else "plan"
    if not fits:
        with pytest.raises(ValidationError):
            meeting_services.add_agenda_item(
                meeting=target, actor=people.voorzitter, **{field: document}
            )
        assert not AgendaItem.objects.exists()
        return
    item = meeting_services.add_agenda_item(
        meeting=target, actor=people.voorzitter, **{field: document}
    )
    assert (item.kind, item.project_id, item.decision) == (kind, document.project_id, "open")
    # Not twice on an open agenda item, not even of another meeting.
    for other in (target, meeting(body, date=tomorrow())):
        with pytest.raises(ValidationError):
            meeting_services.add_agenda_item(
                meeting=other, actor=people.voorzitter, **{field: document}
            )


# A beslispunt waits open for the Platform, advised for the DVO: (body, state) -> on agenda.
BESLISPUNT_ON_AGENDA = {
    ("platform", "open"): "platform_geagendeerd",
    ("dvo", "geadviseerd"): "geagendeerd",
}


@pytest.mark.parametrize(
    "status", ["open", "platform_geagendeerd", "geadviseerd", "geagendeerd", "besloten"]
)
@pytest.mark.parametrize("body", ["platform", "dvo"])
def test_a_beslispunt_goes_on_the_platform_agenda_then_the_dvo_agenda(people, status, body):
    beslispunt = make_document(people, "beslispunt", status)
    target = meeting(body)
    on_agenda = BESLISPUNT_ON_AGENDA.get((body, status))
    if on_agenda is None:
        with pytest.raises(ValidationError):
            meeting_services.add_agenda_item(
                meeting=target, actor=people.voorzitter, beslispunt=beslispunt
            )
        return
    item = meeting_services.add_agenda_item(
        meeting=target, actor=people.voorzitter, beslispunt=beslispunt
    )
    beslispunt.refresh_from_db()
    assert (item.kind, beslispunt.status) == ("beslispunt", on_agenda)
    meeting_services.remove_agenda_item(item=item, actor=people.voorzitter)
    beslispunt.refresh_from_db()
    assert beslispunt.status == status


def test_a_document_decided_at_one_meeting_can_go_to_the_next(people):
    plan = make_document(people, "plan", "ter_vaststelling")
    first = meeting("platform")
    item = meeting_services.add_agenda_item(meeting=first, actor=people.voorzitter, plan=plan)
    record_decision(item=item, actor=people.voorzitter, decision="vastgesteld")
    plan.refresh_from_db()
    following = meeting_services.add_agenda_item(
        meeting=meeting("dvo", date=tomorrow()), actor=people.voorzitter, plan=plan
    )
    assert following.kind == "plan"


def test_the_agenda_needs_exactly_one_document(people):
    plan = make_document(people, "plan", "ter_vaststelling")
    evaluation = make_document(people, "evaluation", "ter_vaststelling")
    target = meeting("platform")
    with pytest.raises(ValidationError):
        meeting_services.add_agenda_item(meeting=target, actor=people.voorzitter)
    with pytest.raises(ValidationError):
        meeting_services.add_agenda_item(
            meeting=target, actor=people.voorzitter, plan=plan, evaluation=evaluation
        )


@pytest.mark.parametrize("who", EVERYONE)
def test_who_puts_items_on_the_agenda(people, who):
    plan = make_document(people, "plan", "ter_vaststelling")
    target = meeting("platform")
    if who in ("voorzitter", "regiocoordinator", "beheerder"):
        item = meeting_services.add_agenda_item(meeting=target, actor=people[who], plan=plan)
        meeting_services.move_agenda_item(item=item, actor=people[who], up=True)
        meeting_services.remove_agenda_item(item=item, actor=people[who])
        assert not AgendaItem.objects.exists()
        return
    with pytest.raises(PermissionDenied):
        meeting_services.add_agenda_item(meeting=target, actor=people[who], plan=plan)
    item = put_on_agenda(target, plan, "plan")
    with pytest.raises(PermissionDenied):
        meeting_services.move_agenda_item(item=item, actor=people[who], up=True)
    with pytest.raises(PermissionDenied):
        meeting_services.remove_agenda_item(item=item, actor=people[who])
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_items_are_added_at_the_end_and_move_up_and_down(people):
    target = meeting("platform", date=tomorrow())
    items = [
        meeting_services.add_agenda_item(
            meeting=target,
            actor=people.voorzitter,
            plan=make_document(people, "plan", "ter_vaststelling"),
        )
        for _ in range(3)
    ]
    assert [i.order for i in items] == [1, 2, 3]

    def order():
        return list(
            AgendaItem.objects.filter(meeting=target).order_by("order").values_list("pk", flat=True)
        )

    meeting_services.move_agenda_item(item=items[2], actor=people.voorzitter, up=True)
    assert order() == [items[0].pk, items[2].pk, items[1].pk]
    meeting_services.move_agenda_item(item=items[0], actor=people.voorzitter, up=False)
    assert order() == [items[2].pk, items[0].pk, items[1].pk]
    # At the edges nothing moves.
    meeting_services.move_agenda_item(item=items[2], actor=people.voorzitter, up=True)
    meeting_services.move_agenda_item(item=items[1], actor=people.voorzitter, up=False)
    assert order() == [items[2].pk, items[0].pk, items[1].pk]
    assert sorted(AgendaItem.objects.values_list("order", flat=True)) == [1, 2, 3]


def test_a_decided_item_stays_on_the_agenda(people):
    plan = make_document(people, "plan", "ter_vaststelling")
    item = put_on_agenda(meeting("platform"), plan, "plan")
    record_decision(item=item, actor=people.voorzitter, decision="vastgesteld")
    with pytest.raises(AlreadyDecided):
        meeting_services.remove_agenda_item(item=item, actor=people.voorzitter)
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_history_records_who_decided(people):
    plan = make_document(people, "plan", "ter_vaststelling")
    item = put_on_agenda(meeting("platform"), plan, "plan")
    record_decision(item=item, actor=people.regiocoordinator, decision="vastgesteld")
    assert item.history.first().history_user == people.regiocoordinator
    plan.refresh_from_db()
    assert plan.history.first().history_user == people.regiocoordinator
    assert item.history.first().decided_at <= timezone.now()
