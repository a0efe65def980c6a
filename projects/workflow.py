"""The project's life (docs/ARCHITECTURE.md §3.2) and the approval of its documents, as tables.

Approvals and returns happen only through a meeting decision of the body named in
`via_meeting`; the meeting service applies them, never a button on the project page.
"""

from django.utils.translation import gettext_lazy as _

from platform_ivz.core.models import Meeting
from platform_ivz.core.permissions import is_reviewer
from platform_ivz.core.workflow import StateMachine, Transition
from projects.models import ApprovalStatus, Project
from projects.permissions import can_start_evaluation, is_projectleider

Status = Project.Status
PLATFORM = Meeting.Body.PLATFORM
DVO = Meeting.Body.DVO

SUBMIT_PLAN = "submit_plan"
PLATFORM_APPROVE_PLAN = "platform_approve_plan"
PLATFORM_RETURN_PLAN = "platform_return_plan"
DVO_APPROVE_PLAN = "dvo_approve_plan"
DVO_RETURN_PLAN = "dvo_return_plan"
START_EVALUATION = "start_evaluation"
SUBMIT_EVALUATION = "submit_evaluation"
PLATFORM_APPROVE_EVALUATION = "platform_approve_evaluation"
PLATFORM_RETURN_EVALUATION = "platform_return_evaluation"
DVO_APPROVE_EVALUATION = "dvo_approve_evaluation"
DVO_RETURN_EVALUATION = "dvo_return_evaluation"
STOP = "stop"

PROJECT_WORKFLOW = StateMachine(
    [
        Transition(
            SUBMIT_PLAN,
            _("Submit the plan for approval"),
            (Status.IN_VOORBEREIDING,),
            Status.TER_VASTSTELLING,
            is_projectleider,
        ),
        Transition(
            PLATFORM_APPROVE_PLAN,
            _("Plan approved by the Platform"),
            (Status.TER_VASTSTELLING,),
            Status.AMBTELIJK_VASTGESTELD,
            is_reviewer,
            via_meeting=PLATFORM,
        ),
        Transition(
            PLATFORM_RETURN_PLAN,
            _("Plan returned by the Platform"),
            (Status.TER_VASTSTELLING,),
            Status.IN_VOORBEREIDING,
            is_reviewer,
            note_required=True,
            via_meeting=PLATFORM,
        ),
        Transition(
            DVO_APPROVE_PLAN,
            _("Plan approved by the DVO"),
            (Status.AMBTELIJK_VASTGESTELD,),
            Status.IN_UITVOERING,
            is_reviewer,
            via_meeting=DVO,
        ),
        Transition(
            DVO_RETURN_PLAN,
            _("Plan returned by the DVO"),
            (Status.AMBTELIJK_VASTGESTELD,),
            Status.IN_VOORBEREIDING,
            is_reviewer,
            note_required=True,
            via_meeting=DVO,
        ),
        Transition(
            START_EVALUATION,
            _("Start the evaluation"),
            (Status.IN_UITVOERING,),
            Status.EVALUATIE,
            can_start_evaluation,
            confirm=_("Start the evaluation? The project's work is then considered done."),
        ),
        Transition(
            SUBMIT_EVALUATION,
            _("Submit the evaluation for approval"),
            (Status.EVALUATIE,),
            Status.EVALUATIE_TER_VASTSTELLING,
            is_projectleider,
        ),
        Transition(
            PLATFORM_APPROVE_EVALUATION,
            _("Evaluation approved by the Platform"),
            (Status.EVALUATIE_TER_VASTSTELLING,),
            Status.EVALUATIE_AMBTELIJK_VASTGESTELD,
            is_reviewer,
            via_meeting=PLATFORM,
        ),
        Transition(
            PLATFORM_RETURN_EVALUATION,
            _("Evaluation returned by the Platform"),
            (Status.EVALUATIE_TER_VASTSTELLING,),
            Status.EVALUATIE,
            is_reviewer,
            note_required=True,
            via_meeting=PLATFORM,
        ),
        Transition(
            DVO_APPROVE_EVALUATION,
            _("Evaluation approved by the DVO"),
            (Status.EVALUATIE_AMBTELIJK_VASTGESTELD,),
            Status.AFGEROND,
            is_reviewer,
            via_meeting=DVO,
        ),
        Transition(
            DVO_RETURN_EVALUATION,
            _("Evaluation returned by the DVO"),
            (Status.EVALUATIE_AMBTELIJK_VASTGESTELD,),
            Status.EVALUATIE,
            is_reviewer,
            note_required=True,
            via_meeting=DVO,
        ),
        Transition(
            STOP,
            _("Stopped by the DVO"),
            Project.ACTIVE_STATUSES,
            Status.GESTOPT,
            is_reviewer,
            note_required=True,
            via_meeting=DVO,
        ),
    ]
)

# What a meeting decision on an agenda item means for the project, per body and kind:
# (body, agenda kind, decision) -> project transition. Amendments move only the plan.
MEETING_DECISIONS = {
    (PLATFORM, "plan", "vastgesteld"): PLATFORM_APPROVE_PLAN,
    (PLATFORM, "plan", "terug"): PLATFORM_RETURN_PLAN,
    (DVO, "plan", "vastgesteld"): DVO_APPROVE_PLAN,
    (DVO, "plan", "terug"): DVO_RETURN_PLAN,
    (PLATFORM, "evaluation", "vastgesteld"): PLATFORM_APPROVE_EVALUATION,
    (PLATFORM, "evaluation", "terug"): PLATFORM_RETURN_EVALUATION,
    (DVO, "evaluation", "vastgesteld"): DVO_APPROVE_EVALUATION,
    (DVO, "evaluation", "terug"): DVO_RETURN_EVALUATION,
}
# "gestopt" on any agenda item of a DVO meeting stops the project.

# A document (plan version or evaluation) follows the two stages in step.
DOCUMENT_STEPS = {
    # (document status, body, decision) -> new document status
    (
        ApprovalStatus.TER_VASTSTELLING,
        PLATFORM,
        "vastgesteld",
    ): ApprovalStatus.AMBTELIJK_VASTGESTELD,
    (ApprovalStatus.TER_VASTSTELLING, PLATFORM, "terug"): ApprovalStatus.CONCEPT,
    (ApprovalStatus.AMBTELIJK_VASTGESTELD, DVO, "vastgesteld"): ApprovalStatus.VASTGESTELD,
    (ApprovalStatus.AMBTELIJK_VASTGESTELD, DVO, "terug"): ApprovalStatus.CONCEPT,
}
