"""A voortgangsrapportage (docs/ARCHITECTURE.md §3.3): concept → ingediend → besproken."""

from django.utils.translation import gettext_lazy as _

from platform_ivz.core.workflow import StateMachine, Transition
from projects.models import ProgressReport
from projects.permissions import may_acknowledge_report, may_write_report

Status = ProgressReport.Status

SUBMIT = "submit"
ACKNOWLEDGE = "acknowledge"

REPORT_WORKFLOW = StateMachine(
    [
        Transition(
            SUBMIT,
            _("Submit the progress report"),
            (Status.CONCEPT,),
            Status.INGEDIEND,
            may_write_report,
            confirm=_(
                "Submit this progress report to the regional coordinator? After submitting you "
                "can no longer change it."
            ),
        ),
        Transition(
            ACKNOWLEDGE,
            _("Mark the progress report as discussed"),
            (Status.INGEDIEND,),
            Status.BESPROKEN,
            may_acknowledge_report,
            confirm=_(
                "Confirm that this progress report has been discussed. The project leader is "
                "told by e-mail."
            ),
        ),
    ]
)
