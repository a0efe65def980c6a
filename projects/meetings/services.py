"""Every write to meetings, their agenda and their decisions (docs/ARCHITECTURE.md §3.5).

A decision on an agenda item drives the project: the document (plan version or evaluation)
moves by projects.workflow.DOCUMENT_STEPS and the project by MEETING_DECISIONS through
projects.services.transition_project, which refuses an approval through a meeting of the
wrong body. Rows are locked in one order everywhere: meeting, agenda item, project, document.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_ivz.core.editing import EditConflict
from platform_ivz.core.models import Meeting
from platform_ivz.core.notifications import absolute_url, notify
from projects.meetings import selectors as meeting_selectors
from projects.meetings.workflow import (
    BESLISPUNT_DECISIONS,
    BESLISPUNT_WORKFLOW,
    OFF_AGENDA,
    TO_DVO,
    TO_PLATFORM,
)
from projects.models import AgendaItem, ApprovalStatus, Beslispunt, Evaluation, Project, ProjectPlan
from projects.permissions import (
    can_change_agenda,
    can_delete_meeting,
    can_edit_meeting,
    can_manage_meetings,
    can_record_decisions,
    can_remove_agenda_item,
)
from projects.plans.services import rework_returned_plan
from projects.services import transition_project
from projects.workflow import DOCUMENT_STEPS, MEETING_DECISIONS, PROJECT_WORKFLOW, STOP

Body = Meeting.Body
Kind = AgendaItem.Kind
Decision = AgendaItem.Decision

MEETING_FIELDS = ["body", "date", "location", "notes"]
# The decisions a meeting of each body can take.
DECISIONS = {
    Body.PLATFORM: (Decision.VASTGESTELD, Decision.TERUG),
    Body.DVO: (Decision.VASTGESTELD, Decision.TERUG, Decision.GESTOPT),
}
NEEDS_REMARKS = (Decision.TERUG, Decision.GESTOPT)


class AlreadyDecided(ValidationError):
    """The item was decided before: a second decision (a double click) changes nothing."""

    def __init__(self):
        super().__init__(
            _("A decision on this agenda item has already been recorded."), code="already_decided"
        )


# --- Meetings ----------------------------------------------------------------------------


@transaction.atomic
def create_meeting(*, actor, data: dict) -> Meeting:
    if not can_manage_meetings.test(actor):
        raise PermissionDenied
    meeting = Meeting(**{field: data[field] for field in MEETING_FIELDS if field in data})
    meeting._history_user = actor
    meeting.save()
    return meeting


@transaction.atomic
def update_meeting(*, meeting: Meeting, actor, data: dict, expected_version: int) -> Meeting:
    """Save the meeting's record; refused with EditConflict if someone saved in between."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not can_edit_meeting.test(actor, locked):
        raise PermissionDenied
    if locked.version != expected_version:
        raise EditConflict
    items = AgendaItem.objects.filter(meeting=locked)
    if "body" in data and data["body"] != locked.body and items.exists():
        raise ValidationError(
            {"body": _("The meeting has items on its agenda: its body can no longer change.")}
        )
    if (
        "date" in data
        and data["date"] > timezone.localdate()
        and items.exclude(decision=Decision.OPEN).exists()
    ):
        raise ValidationError(
            {
                "date": _(
                    "Decisions have been recorded in this meeting: its date cannot be later "
                    "than today."
                )
            }
        )
    for field in MEETING_FIELDS:
        if field in data:
            setattr(locked, field, data[field])
    locked._history_user = actor
    locked.version = F("version") + 1
    locked.save()
    locked.refresh_from_db()
    return locked


@transaction.atomic
def delete_meeting(*, meeting: Meeting, actor) -> None:
    """Only while nothing has been decided in it; its beslispunten become open again."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not can_manage_meetings.test(actor):
        raise PermissionDenied
    if not can_delete_meeting.test(actor, locked):
        raise ValidationError(
            _("Decisions have been recorded in this meeting, so it cannot be deleted.")
        )
    items = AgendaItem.objects.select_for_update().filter(meeting=locked)
    for item in items.filter(beslispunt__isnull=False, decision=Decision.OPEN).select_related(
        "beslispunt"
    ):
        _reopen_beslispunt(item.beslispunt, actor)
    for item in items:
        item._history_user = actor
        item.delete()
    locked._history_user = actor
    locked.delete()


# --- The agenda --------------------------------------------------------------------------


def _lock_meeting_for_agenda(meeting: Meeting, actor) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not can_change_agenda.test(actor, locked):
        raise PermissionDenied
    return locked


@transaction.atomic
def add_agenda_item(
    *,
    meeting: Meeting,
    actor,
    plan: ProjectPlan | None = None,
    evaluation: Evaluation | None = None,
    beslispunt: Beslispunt | None = None,
) -> AgendaItem:
    """Put one document on the agenda, at the end: only what fits the meeting's body and is
    not yet on an open agenda item (projects.meetings.selectors decides what fits)."""
    given = [document for document in (plan, evaluation, beslispunt) if document is not None]
    if len(given) != 1:
        raise ValidationError(_("Choose one item to put on the agenda."))
    locked = _lock_meeting_for_agenda(meeting, actor)
    not_fitting = ValidationError(
        {"document": _("This item does not fit this meeting's agenda (any more).")}
    )
    if plan is not None:
        document = ProjectPlan.objects.select_for_update().get(pk=plan.pk)
        _refuse_meeting_before_ready(document, locked)
        if not meeting_selectors.candidate_plans(locked).filter(pk=document.pk).exists():
            raise not_fitting
        fields = {"plan": document, "kind": Kind.AMENDMENT if document.is_amendment else Kind.PLAN}
    elif evaluation is not None:
        document = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        _refuse_meeting_before_ready(document, locked)
        if not meeting_selectors.candidate_evaluations(locked).filter(pk=document.pk).exists():
            raise not_fitting
        fields = {"evaluation": document, "kind": Kind.EVALUATION}
    else:
        document = Beslispunt.objects.select_for_update().get(pk=beslispunt.pk)
        _refuse_meeting_before_ready(document, locked)
        if not meeting_selectors.candidate_beslispunten(locked).filter(pk=document.pk).exists():
            raise not_fitting
        step = TO_PLATFORM if locked.body == Body.PLATFORM else TO_DVO
        document = BESLISPUNT_WORKFLOW.apply(step, actor, document, meeting=locked)
        fields = {"beslispunt": document, "kind": Kind.BESLISPUNT}
    last = AgendaItem.objects.filter(meeting=locked).aggregate(last=Max("order"))["last"]
    item = AgendaItem(
        meeting=locked, project_id=document.project_id, order=(last or 0) + 1, **fields
    )
    item._history_user = actor
    item.save()
    return item


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, actor, up: bool) -> None:
    """One place up or down; the agenda is numbered 1, 2, 3... afterwards."""
    locked = _lock_meeting_for_agenda(item.meeting, actor)
    items = list(
        AgendaItem.objects.select_for_update().filter(meeting=locked).order_by("order", "id")
    )
    index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
    if index is None:
        raise AgendaItem.DoesNotExist
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, row in enumerate(items, start=1):
        if row.order != position:
            row.order = position
            row._history_user = actor
            row.save(update_fields=["order"])


def _reopen_beslispunt(beslispunt: Beslispunt, actor) -> None:
    """Off the agenda: back to where it waited (open for the Platform, advised for the DVO)."""
    step = OFF_AGENDA.get(beslispunt.status)
    if step is not None:
        BESLISPUNT_WORKFLOW.apply(step, actor, beslispunt)


def _refuse_meeting_before_ready(document, meeting: Meeting) -> None:
    """No document goes on (or is decided in) a meeting held before it was ready for it."""
    ready_on = meeting_selectors.ready_since(document, meeting.body)
    if ready_on is not None and meeting.date < ready_on:
        raise ValidationError(
            _(
                "The meeting of %(meeting)s was held before this item was ready for it "
                "(%(ready)s): choose a meeting on or after that day."
            )
            % {
                "meeting": meeting.date.strftime("%d-%m-%Y"),
                "ready": ready_on.strftime("%d-%m-%Y"),
            }
        )


@transaction.atomic
def remove_agenda_item(*, item: AgendaItem, actor) -> None:
    """Take an undecided item off the agenda; a beslispunt becomes open again."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    locked.meeting = meeting
    if not can_manage_meetings.test(actor):
        raise PermissionDenied
    if not can_remove_agenda_item.test(actor, locked):
        raise AlreadyDecided
    if locked.beslispunt_id:
        _reopen_beslispunt(
            Beslispunt.objects.select_for_update().get(pk=locked.beslispunt_id), actor
        )
    locked._history_user = actor
    locked.delete()


# --- Decisions ---------------------------------------------------------------------------


def _refuse_unless_possible(project: Project, name: str) -> None:
    """A clear refusal when the project is not where this decision takes it from."""
    if project.status not in PROJECT_WORKFLOW.get(name).sources:
        raise ValidationError(
            _("The project is now “%(status)s”: this decision does not fit that state.")
            % {"status": project.get_status_display()}
        )


def _document(item: AgendaItem):
    if item.kind in (Kind.PLAN, Kind.AMENDMENT):
        return ProjectPlan.objects.select_for_update().get(pk=item.plan_id)
    if item.kind == Kind.EVALUATION:
        return Evaluation.objects.select_for_update().get(pk=item.evaluation_id)
    return None


def needs_remarks(body: str, kind: str, decision: str) -> bool:
    """Returning or stopping needs the reasons; the Platform's advice on a beslispunt its text."""
    if decision in NEEDS_REMARKS:
        return True
    return kind == Kind.BESLISPUNT and body == Body.PLATFORM and decision == Decision.VASTGESTELD


def remarks_message(body: str, kind: str, decision: str) -> str:
    if decision == Decision.GESTOPT:
        return _("Give the reason for stopping the project.")
    if kind == Kind.BESLISPUNT and body == Body.PLATFORM and decision == Decision.VASTGESTELD:
        return _("Write the Platform's advice to the DVO.")
    return _("Give the remarks the project leader needs to rework the document.")


@transaction.atomic
def record_decision(*, item: AgendaItem, actor, decision: str, remarks: str = "") -> AgendaItem:
    """Record the meeting's decision on one item and carry it out, all or nothing.

    The item is locked and re-read: a second decision on it raises AlreadyDecided and
    changes nothing.
    """
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    locked.meeting = meeting
    if not can_record_decisions.test(actor):
        raise PermissionDenied
    if locked.decision != Decision.OPEN:
        raise AlreadyDecided
    if decision not in DECISIONS[meeting.body]:
        if decision == Decision.GESTOPT:
            raise ValidationError({"decision": _("Only the DVO can stop a project.")})
        raise ValidationError({"decision": _("Choose a decision.")})
    if meeting.date > timezone.localdate():
        raise ValidationError(
            _(
                "The meeting of %(date)s has not taken place yet: record its decisions from that "
                "day on."
            )
            % {"date": meeting.date.strftime("%d-%m-%Y")}
        )
    remarks = remarks.strip()
    if needs_remarks(meeting.body, locked.kind, decision) and not remarks:
        raise ValidationError({"remarks": remarks_message(meeting.body, locked.kind, decision)})

    project = Project.objects.select_for_update().get(pk=locked.project_id)
    document = _document(locked)
    if document is not None:
        _refuse_meeting_before_ready(document, meeting)
    if decision == Decision.GESTOPT:
        _refuse_unless_possible(project, STOP)
        transition_project(project, actor, STOP, note=remarks, meeting=meeting)
    elif document is not None:
        new_status = DOCUMENT_STEPS.get((document.status, meeting.body, decision))
        if new_status is None:
            raise ValidationError(
                _("The %(document)s is “%(status)s”: the %(body)s cannot decide on it now.")
                % {
                    "document": locked.get_kind_display().lower(),
                    "status": document.get_status_display(),
                    "body": meeting.get_body_display(),
                }
            )
        if locked.kind == Kind.AMENDMENT:
            # Only the amendment moves; the project keeps running meanwhile.
            if project.status != Project.Status.IN_UITVOERING:
                raise ValidationError(
                    _("An amendment is decided only while the project is running.")
                )
        else:
            name = MEETING_DECISIONS[(meeting.body, locked.kind, decision)]
            _refuse_unless_possible(project, name)
            transition_project(project, actor, name, note=remarks, meeting=meeting)
        field = "platform_meeting" if meeting.body == Body.PLATFORM else "dvo_meeting"
        if decision == Decision.VASTGESTELD:
            document.status = new_status
            setattr(document, field, meeting)
        elif isinstance(document, ProjectPlan) and new_status == ApprovalStatus.CONCEPT:
            # The returned version stays as the meeting saw it; the rework is the next version.
            document.status = ProjectPlan.RETURNED
        else:  # back to concept: no approval stands for the reworked text
            document.status = new_status
            document.platform_meeting = None
            document.dvo_meeting = None
        document._history_user = actor
        document.save()
        if document.status == ProjectPlan.RETURNED:
            rework_returned_plan(plan=document, actor=actor)
    if locked.beslispunt_id:
        beslispunt = Beslispunt.objects.select_for_update().get(pk=locked.beslispunt_id)
        _refuse_meeting_before_ready(beslispunt, meeting)
        step = BESLISPUNT_DECISIONS[(meeting.body, decision)]
        changes = {}
        if meeting.body == Body.PLATFORM and decision == Decision.VASTGESTELD:
            changes = {"platform_advice": remarks, "platform_meeting": meeting}
        BESLISPUNT_WORKFLOW.apply(step, actor, beslispunt, meeting=meeting, note=remarks, **changes)

    locked.decision = decision
    locked.remarks = remarks
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked._history_user = actor
    locked.save()
    _notify_decision(locked, project)
    return locked


def _notify_decision(item: AgendaItem, project: Project) -> None:
    project = Project.objects.select_related("projectleider", "portefeuillehouder").get(
        pk=project.pk
    )
    recipients = {
        person.pk: person
        for person in (project.projectleider, project.portefeuillehouder)
        if person is not None
    }
    notify(
        recipients.values(),
        subject=_("%(body)s decision on “%(title)s”: %(decision)s")
        % {
            "body": item.meeting.get_body_display(),
            "title": project.title,
            "decision": item.get_decision_display().lower(),
        },
        template="projects/meetings/email/decision",
        context={
            "project": project,
            "item": item,
            "meeting": item.meeting,
            "remarks": item.remarks,
            "url": absolute_url(project.get_absolute_url()),
            "meeting_url": absolute_url(reverse("meetings:detail", args=[item.meeting_id])),
        },
    )
