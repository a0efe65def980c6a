"""A draft is its organisation's own until submitted (issue 14, docs/ARCHITECTURE.md §4).

The voorzitter and the regiocoördinator see every request but the drafts of other
organisations: not in a list, a count, a search, nor by its address. The rule is one predicate
(intake.permissions.can_view_request) and its query (intake.selectors.visible_requests); the
two must agree for every role, in every state.
"""

import pytest
from django.urls import reverse

from intake import selectors, services
from intake.models import ProjectRequest
from intake.permissions import can_view_request
from platform_ivz.core.roles import Role
from tests.intake.scenario import make_user, request_in_status

pytestmark = pytest.mark.django_db

Status = ProjectRequest.Status


@pytest.fixture
def drafts_world(db):
    """Requests of Hengelo in every state, and a user of every role in Hengelo and Enschede."""
    author = make_user("d_auteur", Role.PLATFORMLID, "Hengelo")
    reviewer = make_user("d_beoordelaar", Role.VOORZITTER, "Almelo")
    requests = {
        status: request_in_status(status, indiener=author, reviewer=reviewer, title=status)
        for status in Status.values
    }
    requests["confidential_approved"] = request_in_status(
        Status.GOEDGEKEURD, indiener=author, reviewer=reviewer, vertrouwelijk=True
    )
    submitted_then_withdrawn = request_in_status(
        Status.INGEDIEND, indiener=author, reviewer=reviewer, title="ingetrokken na indienen"
    )
    requests["withdrawn_after_submission"] = services.withdraw_request(
        request=submitted_then_withdrawn, actor=author
    )
    users = [
        make_user(f"d_{role}_{place}", role, place)
        for role in Role.values
        for place in ("Hengelo", "Enschede")
    ]
    users.append(make_user("d_zonder_organisatie", Role.VOORZITTER, "Enschede"))
    users[-1].organisation = None
    users[-1].save()
    return users, requests


def test_the_predicate_and_the_query_agree_for_every_role(drafts_world):
    users, requests = drafts_world
    everything = list(ProjectRequest.objects.all())
    for user in users:
        by_predicate = {r.pk for r in everything if can_view_request.test(user, r)}
        by_query = set(selectors.visible_requests(user).values_list("pk", flat=True))
        assert by_predicate == by_query, user.username


@pytest.mark.parametrize("role", [Role.VOORZITTER, Role.REGIOCOORDINATOR])
def test_a_reviewer_of_another_organisation_does_not_see_a_draft(role, drafts_world, client):
    users, requests = drafts_world
    reviewer = next(u for u in users if u.username == f"d_{role}_Enschede")
    visible = set(selectors.visible_requests(reviewer))
    assert requests[Status.CONCEPT] not in visible
    assert requests[Status.INGETROKKEN] not in visible  # withdrawn before it was ever submitted
    for key in (
        Status.INGEDIEND,
        Status.AANVULLING_GEVRAAGD,
        Status.GOEDGEKEURD,
        Status.AFGEWEZEN,
        "confidential_approved",
        "withdrawn_after_submission",
    ):
        assert requests[key] in visible, key

    client.force_login(reviewer)
    draft = requests[Status.CONCEPT]
    assert client.get(reverse("intake:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("intake:edit", args=[draft.pk])).status_code == 404
    assert client.get(reverse("intake:screen", args=[draft.pk])).status_code == 404
    # Not in the list, its count or a search on its title.
    response = client.get(reverse("intake:list"), {"q": draft.title})
    assert draft not in response.context["page"].object_list
    response = client.get(reverse("intake:list"), {"status": Status.CONCEPT})
    assert response.context["page"].paginator.count == 0


@pytest.mark.parametrize("role", [Role.VOORZITTER, Role.REGIOCOORDINATOR])
def test_a_reviewer_sees_the_drafts_of_their_own_organisation(role, drafts_world, client):
    users, requests = drafts_world
    reviewer = next(u for u in users if u.username == f"d_{role}_Hengelo")
    client.force_login(reviewer)
    draft = requests[Status.CONCEPT]
    assert client.get(reverse("intake:detail", args=[draft.pk])).status_code == 200


def test_the_draft_shows_up_for_the_reviewers_once_submitted(drafts_world, client):
    users, requests = drafts_world
    reviewer = next(u for u in users if u.username == "d_regiocoordinator_Enschede")
    draft = requests[Status.CONCEPT]
    client.force_login(reviewer)
    url = reverse("intake:detail", args=[draft.pk])
    assert client.get(url).status_code == 404
    services.submit_request(request=draft, actor=draft.indiener)
    assert client.get(url).status_code == 200
    assert draft in selectors.requests_to_review(reviewer)
