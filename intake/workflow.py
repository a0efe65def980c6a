"""The projectverzoek's transitions (docs/ARCHITECTURE.md §3.1): the one table that decides them."""

from django.utils.translation import gettext_lazy as _

from intake.models import ProjectRequest
from intake.permissions import can_edit_request, can_screen_request
from platform_ivz.core.workflow import StateMachine, Transition

Status = ProjectRequest.Status

SUBMIT = "submit"
REQUEST_INFORMATION = "request_information"
APPROVE = "approve"
REJECT = "reject"
WITHDRAW = "withdraw"

REQUEST_WORKFLOW = StateMachine(
    [
        Transition(
            SUBMIT,
            _("Submit"),
            (Status.CONCEPT, Status.AANVULLING_GEVRAAGD),
            Status.INGEDIEND,
            can_edit_request,
            note_label=_("Note for the reviewers (optional)"),
            confirm=_(
                "The request goes to the chair and the regional coordinator for screening. "
                "You can no longer change it unless they ask for more information."
            ),
            done_message=_(
                "The request has been submitted and is now with the chair and the regional "
                "coordinator."
            ),
        ),
        Transition(
            REQUEST_INFORMATION,
            _("Ask for more information"),
            (Status.INGEDIEND,),
            Status.AANVULLING_GEVRAAGD,
            can_screen_request,
            button_class="btn-outline-primary",
            note_label=_("What should the submitter add?"),
            note_required=True,
            confirm=_(
                "The request goes back to the submitter, who receives your question by e-mail "
                "and sees it above the form. It returns to you when it is submitted again."
            ),
            done_message=_(
                "The request has gone back to the submitter with your question. It returns to "
                "you when it is submitted again."
            ),
        ),
        Transition(
            APPROVE,
            _("Approve"),
            (Status.INGEDIEND,),
            Status.GOEDGEKEURD,
            can_screen_request,
            button_class="btn-success",
            note_label=_("Motivation"),
            note_required=True,
            confirm=_(
                "The request is approved: a project is created with the theme below and waits "
                "for a project leader and a portfolio holder. The submitter receives your "
                "motivation by e-mail. This cannot be undone."
            ),
            done_message=_(
                "The request has been approved and the project has been created. Assign a "
                "project leader and a portfolio holder next."
            ),
        ),
        Transition(
            REJECT,
            _("Reject"),
            (Status.INGEDIEND,),
            Status.AFGEWEZEN,
            can_screen_request,
            button_class="btn-danger",
            note_label=_("Motivation"),
            note_required=True,
            confirm=_(
                "The request is rejected and does not go any further. The submitter receives "
                "your motivation by e-mail. This cannot be undone."
            ),
            done_message=_("The request has been rejected. The submitter has been told why."),
        ),
        Transition(
            WITHDRAW,
            _("Withdraw"),
            (Status.CONCEPT, Status.INGEDIEND, Status.AANVULLING_GEVRAAGD),
            Status.INGETROKKEN,
            can_edit_request,
            button_class="btn-outline-danger",
            note_label=_("Reason (optional)"),
            confirm=_("Withdraw this request? It cannot be submitted again afterwards."),
            done_message=_("The request has been withdrawn. It can no longer be submitted."),
        ),
    ]
)

# Transitions started from the request page; the screening page starts the others.
PAGE_TRANSITIONS = (SUBMIT, WITHDRAW)
DECISIONS = (REQUEST_INFORMATION, APPROVE, REJECT)
