"""Who may do what with a projectverzoek (docs/ARCHITECTURE.md §4): decided here only."""

import rules

from intake import project_circle
from intake.models import ProjectRequest
from platform_ivz.core.permissions import (
    is_dvo_lid,
    is_platformlid,
    is_regiocoordinator,
    is_reviewer,
    is_voorzitter,
)
from platform_ivz.core.roles import BOARD_READERS

Status = ProjectRequest.Status
EDITABLE = {Status.CONCEPT, Status.INGEDIEND, Status.AANVULLING_GEVRAAGD}


@rules.predicate
def is_indiener(user, request):
    return request.indiener_id == user.pk


@rules.predicate
def is_own_organisation(user, request):
    return user.organisation_id is not None and request.organisation_id == user.organisation_id


@rules.predicate
def is_public_approved(user, request):
    # Once approved a request is seen as its project is: by everyone, unless confidential.
    return request.status == Status.GOEDGEKEURD and not request.vertrouwelijk


@rules.predicate
def is_in_project_circle(user, request):
    """Once approved, a request is seen as its project is (docs/ARCHITECTURE.md §4): for a
    confidential
    one that adds the DVO members and the project's leader, sponsor and group members."""
    if request.status != Status.GOEDGEKEURD:
        return False
    if user.has_role(*BOARD_READERS):  # DVO members and who reads what they read
        return True
    project = getattr(request, "project", None)  # the reverse side, set by the projects app
    return project is not None and project_circle.contains(user, project)


@rules.predicate
def is_never_submitted(user, request):
    """A concept, or a concept withdrawn before it was ever submitted: still a draft of its
    organisation's own (docs/ARCHITECTURE.md §4)."""
    return request.status == Status.CONCEPT or (
        request.status == Status.INGETROKKEN and request.submitted_at is None
    )


@rules.predicate
def is_editable(user, request):
    return request.status in EDITABLE


@rules.predicate
def is_awaiting_screening(user, request):
    return request.status == Status.INGEDIEND


may_submit_requests = is_platformlid | is_dvo_lid | is_voorzitter | is_regiocoordinator

# A draft is its organisation's own until submitted: the reviewers see every request but the
# drafts of other organisations. intake.selectors.visible_requests is this rule as a query;
# tests/intake/test_draft_rule.py proves the two agree for every role.
can_view_request = (
    (is_reviewer & ~is_never_submitted)
    | is_own_organisation
    | is_public_approved
    | is_in_project_circle
)
can_edit_request = may_submit_requests & is_own_organisation & is_editable
can_screen_request = is_reviewer & ~is_indiener & is_awaiting_screening

rules.add_perm("intake.add_request", may_submit_requests)
rules.add_perm("intake.view_request", can_view_request)
rules.add_perm("intake.change_request", can_edit_request)
rules.add_perm("intake.screen_request", can_screen_request)
