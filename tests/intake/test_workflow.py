"""Every transition of intake.workflow.REQUEST_WORKFLOW, from every status, for every actor.

The expectations below are written by hand from docs/ARCHITECTURE.md §3.1 and §4, not derived
from the predicates in intake.permissions: if the code and the design part ways, these tests fail.
"""

import pytest
from django.urls import reverse

from intake import selectors, services
from intake.models import ProjectRequest, RequestEvent
from intake.workflow import REQUEST_WORKFLOW
from platform_ivz.core.roles import Role
from platform_ivz.core.workflow import TransitionNotAllowed
from projects.models import Project
from tests.intake.scenario import ACTOR_SPECS, assess_all, make_user, request_in_status

pytestmark = pytest.mark.django_db

Status = ProjectRequest.Status
STATUSES = [
    "concept",
    "ingediend",
    "aanvulling_gevraagd",
    "goedgekeurd",
    "afgewezen",
    "ingetrokken",
]
ACTORS = list(ACTOR_SPECS)  # the five roles, the indiener, colleagues, another organisation

# §4: "create / edit / submit / withdraw a request: platformlid, dvo_lid, voorzitter,
# regiocoördinator; edit and withdraw: the indiener and colleagues of the same organisation
# while concept, ingediend or aanvulling_gevraagd". A colleague without one of those roles
# (the beheerder of Hengelo) may not; nor may a reviewer of another organisation.
EDITORS = {"indiener", "collega", "collega_regiocoordinator"}
# §3.1/§4: "Screening by voorzitter or regiocoördinator, never by the request's own
# indiener". A reviewer who is merely a colleague of the indiener may screen.
SCREENERS = {"voorzitter", "regiocoordinator", "collega_regiocoordinator"}

# transition: {from status: who may}. Any status not listed: nobody.
EXPECTED = {
    "submit": {"concept": EDITORS, "aanvulling_gevraagd": EDITORS},
    "withdraw": {"concept": EDITORS, "ingediend": EDITORS, "aanvulling_gevraagd": EDITORS},
    "request_information": {"ingediend": SCREENERS},
    "approve": {"ingediend": SCREENERS},
    "reject": {"ingediend": SCREENERS},
}
TARGET = {
    "submit": "ingediend",
    "withdraw": "ingetrokken",
    "request_information": "aanvulling_gevraagd",
    "approve": "goedgekeurd",
    "reject": "afgewezen",
}
TRANSITIONS = list(EXPECTED)


def test_the_table_covers_every_transition_and_status():
    assert set(TRANSITIONS) == set(REQUEST_WORKFLOW.transitions)
    assert set(STATUSES) == set(Status.values)


def run(transition: str, request: ProjectRequest, user) -> ProjectRequest:
    note = f"Toelichting bij {transition}"
    if transition == "submit":
        return services.submit_request(request=request, actor=user, note=note)
    if transition == "withdraw":
        return services.withdraw_request(request=request, actor=user, note=note)
    if transition == "request_information":
        return services.request_information(request=request, actor=user, note=note)
    return services.decide_request(
        request=request, actor=user, approve=transition == "approve", motivation=note
    )


def state(request: ProjectRequest) -> dict:
    """Everything a transition could change, read fresh from the database."""
    fresh = ProjectRequest.objects.get(pk=request.pk)
    return {
        "status": fresh.status,
        "version": fresh.version,
        "updated_at": fresh.updated_at,
        "submitted_at": fresh.submitted_at,
        "decided_at": fresh.decided_at,
        "decided_by": fresh.decided_by_id,
        "decision_motivation": fresh.decision_motivation,
        "override_motivation": fresh.override_motivation,
        "events": list(fresh.events.values_list("pk", flat=True)),
        "history": fresh.history.count(),
        "assessments": list(fresh.assessments.values_list("criterion", "met", "note")),
        "project": Project.objects.filter(request=fresh).exists(),
    }


@pytest.fixture
def everyone(db):
    return {name: make_user(f"t_{name}", *spec) for name, spec in ACTOR_SPECS.items()}


@pytest.mark.parametrize("transition", TRANSITIONS)
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("status", STATUSES)
def test_transition(
    status, actor, transition, everyone, mailoutbox, django_capture_on_commit_callbacks
):
    request = request_in_status(
        status, indiener=everyone["indiener"], reviewer=everyone["voorzitter"]
    )
    # Every criterion assessed and met, so that "approve" is decided by the table alone.
    assess_all(request, everyone["voorzitter"])
    user = everyone[actor]
    allowed = actor in EXPECTED[transition].get(status, set())

    # The buttons a page shows come from the same table.
    shown = {t.name for t in REQUEST_WORKFLOW.available(user, request)}
    assert (transition in shown) is allowed

    before = state(request)
    if allowed:
        with django_capture_on_commit_callbacks(execute=True):
            result = run(transition, request, user)
        assert result.status == TARGET[transition]
        after = state(request)
        assert after["status"] == TARGET[transition]
        new_events = RequestEvent.objects.filter(request=request).exclude(pk__in=before["events"])
        assert list(
            new_events.values_list("transition", "actor", "from_status", "to_status", "note")
        ) == [(transition, user.pk, status, TARGET[transition], f"Toelichting bij {transition}")]
        assert after["history"] == before["history"] + 1
        assert after["project"] is (transition == "approve")
    else:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            with pytest.raises(TransitionNotAllowed):
                run(transition, request, user)
        assert state(request) == before
        assert callbacks == []
        assert mailoutbox == []


ALLOWED_PAIRS = [
    (transition, status, sorted(actors)[0])
    for transition, sources in EXPECTED.items()
    for status, actors in sources.items()
]


@pytest.mark.parametrize(("transition", "status", "actor"), ALLOWED_PAIRS)
def test_the_same_transition_twice_is_refused_the_second_time(
    transition, status, actor, everyone, mailoutbox, django_capture_on_commit_callbacks
):
    """A double click, or two reviewers at once: both hold the page's (stale) object."""
    request = request_in_status(
        status, indiener=everyone["indiener"], reviewer=everyone["voorzitter"]
    )
    assess_all(request, everyone["voorzitter"])
    user = everyone[actor]
    before = state(request)
    with django_capture_on_commit_callbacks(execute=True):
        run(transition, request, user)
    after_first = state(request)
    assert len(after_first["events"]) == len(before["events"]) + 1
    sent = len(mailoutbox)

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(TransitionNotAllowed):
            run(transition, request, user)  # `request` still says `status`
    assert state(request) == after_first
    assert len(mailoutbox) == sent


@pytest.mark.parametrize("role", [Role.REGIOCOORDINATOR, Role.VOORZITTER])
@pytest.mark.parametrize("decision", ["request_information", "approve", "reject"])
def test_a_reviewer_never_screens_a_request_they_submitted(role, decision, client):
    reviewer_indiener = make_user("t_eigen", role, "Hengelo")
    other_reviewer = make_user("t_ander", Role.VOORZITTER, "Enschede")
    request = request_in_status(
        Status.INGEDIEND, indiener=reviewer_indiener, reviewer=other_reviewer
    )
    assess_all(request, other_reviewer)
    before = state(request)

    assert decision not in {t.name for t in REQUEST_WORKFLOW.available(reviewer_indiener, request)}
    with pytest.raises(TransitionNotAllowed):
        run(decision, request, reviewer_indiener)
    assert state(request) == before
    # Not in their review list, and the screening page refuses them.
    assert request not in selectors.requests_to_review(reviewer_indiener)
    client.force_login(reviewer_indiener)
    screen_url = reverse("intake:screen", args=[request.pk])
    assert client.get(screen_url).status_code == 403
    response = client.post(screen_url, {"action": decision, "motivation": "Zelf beslist."})
    assert response.status_code == 403
    assert state(request) == before

    # The other reviewer may.
    assert request in selectors.requests_to_review(other_reviewer)
    assert run(decision, request, other_reviewer).status == TARGET[decision]
