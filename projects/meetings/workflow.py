"""The way of a beslispunt, as a table (docs/ARCHITECTURE.md §3.5).

The seed (§7, output): the portefeuillehouder "legt belangrijke beslispunten via het Platform
IVZ voor aan het DVO Twente". So a beslispunt goes on a Platform agenda first; the Platform
gives its advice (or sends it back); then it goes on a DVO agenda, where the DVO decides. Only
the meeting service applies these steps: putting an item on an agenda, taking it off (or
deleting the meeting) and recording a decision.
"""

from django.utils.translation import gettext_lazy as _

from platform_ivz.core.models import Meeting
from platform_ivz.core.permissions import is_reviewer
from platform_ivz.core.workflow import StateMachine, Transition
from projects.models import Beslispunt
from projects.permissions import can_manage_meetings

Status = Beslispunt.Status
PLATFORM = Meeting.Body.PLATFORM
DVO = Meeting.Body.DVO

TO_PLATFORM = "beslispunt_to_platform"
OFF_PLATFORM = "beslispunt_off_platform"
PLATFORM_ADVISE = "beslispunt_platform_advise"
PLATFORM_RETURN = "beslispunt_platform_return"
TO_DVO = "beslispunt_to_dvo"
OFF_DVO = "beslispunt_off_dvo"
DVO_DECIDE = "beslispunt_dvo_decide"

BESLISPUNT_WORKFLOW = StateMachine(
    [
        Transition(
            TO_PLATFORM,
            _("Put on a Platform agenda"),
            (Status.OPEN,),
            Status.PLATFORM_GEAGENDEERD,
            can_manage_meetings,
            via_meeting=PLATFORM,
        ),
        Transition(
            OFF_PLATFORM,
            _("Taken off the Platform agenda"),
            (Status.PLATFORM_GEAGENDEERD,),
            Status.OPEN,
            can_manage_meetings,
        ),
        Transition(
            PLATFORM_ADVISE,
            _("Advised by the Platform"),
            (Status.PLATFORM_GEAGENDEERD,),
            Status.GEADVISEERD,
            is_reviewer,
            note_required=True,
            via_meeting=PLATFORM,
        ),
        Transition(
            PLATFORM_RETURN,
            _("Returned by the Platform"),
            (Status.PLATFORM_GEAGENDEERD,),
            Status.OPEN,
            is_reviewer,
            note_required=True,
            via_meeting=PLATFORM,
        ),
        Transition(
            TO_DVO,
            _("Put on a DVO agenda"),
            (Status.GEADVISEERD,),
            Status.GEAGENDEERD,
            can_manage_meetings,
            via_meeting=DVO,
        ),
        Transition(
            OFF_DVO,
            _("Taken off the DVO agenda"),
            (Status.GEAGENDEERD,),
            Status.GEADVISEERD,
            can_manage_meetings,
        ),
        Transition(
            DVO_DECIDE,
            _("Decided by the DVO"),
            (Status.GEAGENDEERD,),
            Status.BESLOTEN,
            is_reviewer,
            via_meeting=DVO,
        ),
    ]
)

# (body, decision) -> step, for a decision on a beslispunt's agenda item.
BESLISPUNT_DECISIONS = {
    (PLATFORM, "vastgesteld"): PLATFORM_ADVISE,
    (PLATFORM, "terug"): PLATFORM_RETURN,
    (DVO, "vastgesteld"): DVO_DECIDE,
    (DVO, "terug"): DVO_DECIDE,
    (DVO, "gestopt"): DVO_DECIDE,
}
# Where a beslispunt waits, per body: the state it must be in to go on that body's agenda.
WAITS_FOR = {PLATFORM: Status.OPEN, DVO: Status.GEADVISEERD}
# Taking an item off the agenda (or deleting the meeting): the step back, per state.
OFF_AGENDA = {Status.PLATFORM_GEAGENDEERD: OFF_PLATFORM, Status.GEAGENDEERD: OFF_DVO}
