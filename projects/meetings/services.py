"""Every write to meetings, their agenda and their decisions (docs/ARCHITECTURE.md §3.5).

A decision on an agenda item drives the project: the document (plan version or evaluation)
moves by projects.workflow.DOCUMENT_STEPS and the project by MEETING_DECISIONS through
projects.services.transition_project, which refuses an approval through a meeting of the
wrong body. Rows are locked in one order everywhere: meeting, agenda item, project, document.
"""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_ivz.core.editing import EditConflict
from platform_ivz.core.models import Meeting
from platform_ivz.core.notifications import absolute_url, notify
from platform_ivz.core.selectors import body_members
from platform_ivz.core.uploads import checked_upload
from projects.meetings import selectors as meeting_selectors
from projects.meetings.workflow import (
    BESLISPUNT_DECISIONS,
    BESLISPUNT_WORKFLOW,
    OFF_AGENDA,
    TO_DVO,
    TO_PLATFORM,
)
from projects.models import (
    AgendaItem,
    ApprovalStatus,
    Attendance,
    Beslispunt,
    Evaluation,
    Minutes,
    Project,
    ProjectPlan,
)
from projects.permissions import (
    can_add_free_item,
    can_add_minutes_item,
    can_adopt_minutes,
    can_change_agenda,
    can_delete_meeting,
    can_edit_free_item,
    can_edit_meeting,
    can_manage_meetings,
    can_record_decisions,
    can_record_item_minutes,
    can_record_minutes,
    can_remove_agenda_item,
)
from projects.plans.services import rework_returned_plan
from projects.services import transition_project
from projects.workflow import DOCUMENT_STEPS, MEETING_DECISIONS, PROJECT_WORKFLOW, STOP

Body = Meeting.Body
Kind = AgendaItem.Kind
Decision = AgendaItem.Decision

MEETING_FIELDS = ["body", "date", "start_time", "end_time", "location", "online_link", "notes"]
FREE_ITEM_FIELDS = ["title", "text", "presenter"]
# A new meeting's agenda (issue 18): the free items in their usual order. The documents to
# decide on go before the closing items (CLOSING_ITEMS: rondvraag and sluiting); the
# "vaststellen verslag" item only when the body met before. The titles are data, not
# interface text: stored in Dutch, and changed like any item's.
OPENING, MINUTES_ITEM = "opening", "minutes"
DEFAULT_AGENDA = (
    (OPENING, "Opening en vaststellen agenda"),
    (MINUTES_ITEM, "Vaststellen verslag vorige vergadering"),
    ("mededelingen", "Mededelingen"),
    ("ingekomen", "Ingekomen stukken"),
    ("rondvraag", "Rondvraag"),
    ("sluiting", "Sluiting"),
)
CLOSING_ITEMS = 2
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
    _refuse_end_before_start(meeting)
    meeting._history_user = actor
    meeting.save()
    _add_default_agenda(meeting, actor)
    return meeting


def _refuse_end_before_start(meeting: Meeting) -> None:
    if meeting.start_time and meeting.end_time and meeting.end_time <= meeting.start_time:
        raise ValidationError({"end_time": _("The meeting must end after it starts.")})


previous_meeting = meeting_selectors.previous_meeting


def _add_default_agenda(meeting: Meeting, actor) -> None:
    previous = previous_meeting(meeting)
    items = []
    for key, title in DEFAULT_AGENDA:
        if key == MINUTES_ITEM:
            if previous is None:
                continue
            items.append(AgendaItem(kind=Kind.MINUTES, title=title, minutes_of=previous))
        else:
            items.append(AgendaItem(kind=Kind.FREE, title=title))
    for order, item in enumerate(items, start=1):
        item.meeting = meeting
        item.order = order
        item._history_user = actor
        item.save()


@transaction.atomic
def update_meeting(*, meeting: Meeting, actor, data: dict, expected_version: int) -> Meeting:
    """Save the meeting's record; refused with EditConflict if someone saved in between."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not can_edit_meeting.test(actor, locked):
        raise PermissionDenied
    if locked.version != expected_version:
        raise EditConflict
    had_previous = previous_meeting(locked) is not None
    items = AgendaItem.objects.filter(meeting=locked)
    if (
        "body" in data
        and data["body"] != locked.body
        and items.filter(Q(project__isnull=False) | ~Q(decision=Decision.OPEN)).exists()
    ):
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
    _refuse_end_before_start(locked)
    locked._history_user = actor
    locked.version = F("version") + 1
    locked.save()
    locked.refresh_from_db()
    _follow_previous_meeting(locked, actor, had_previous=had_previous)
    return locked


def _follow_previous_meeting(meeting: Meeting, actor, *, had_previous: bool) -> None:
    """After a new date or body, an open "vaststellen verslag" item names the body's meeting
    before this one (and goes when there is none).

    A meeting that had no earlier meeting of its body and has one now gets the item, as if it
    were made now (_add_default_agenda). One that had an earlier meeting before the change
    and no item had it taken off: that choice stands (add_minutes_item puts it back).
    """
    previous = previous_meeting(meeting)
    for item in AgendaItem.objects.select_for_update().filter(
        meeting=meeting, kind=Kind.MINUTES, decision=Decision.OPEN
    ):
        item._history_user = actor
        if previous is None:
            item.delete()
        elif item.minutes_of_id != previous.pk:
            item.minutes_of = previous
            item.save(update_fields=["minutes_of"])
    if previous is not None and not had_previous and can_add_minutes_item.test(actor, meeting):
        _insert_minutes_item(meeting, previous, actor)


def _insert_minutes_item(meeting: Meeting, previous: Meeting, actor) -> AgendaItem:
    """The "vaststellen verslag" item after the first item (the opening), as on a new agenda."""
    items = list(
        AgendaItem.objects.select_for_update().filter(meeting=meeting).order_by("order", "id")
    )
    item = AgendaItem(
        meeting=meeting,
        kind=Kind.MINUTES,
        title=dict(DEFAULT_AGENDA)[MINUTES_ITEM],
        minutes_of=previous,
    )
    items.insert(min(1, len(items)), item)
    _number(items, actor)
    return item


@transaction.atomic
def add_minutes_item(*, meeting: Meeting, actor) -> AgendaItem:
    """Put the "vaststellen verslag" item back on an agenda it was taken off, after the
    first item, naming the body's previous meeting. Only while the agenda can change (the
    meeting's own verslag is open), when the body met before and that meeting's verslag is
    not adopted yet, and the agenda has no such item (a second click is refused)."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not can_add_free_item.test(actor, locked):
        raise PermissionDenied
    if AgendaItem.objects.filter(meeting=locked, kind=Kind.MINUTES).exists():
        raise ValidationError(
            _("The adoption of the minutes of the previous meeting is on the agenda already.")
        )
    previous = previous_meeting(locked)
    if previous is None:
        raise ValidationError(
            _("The %(body)s has not met before this meeting: there are no minutes to adopt.")
            % {"body": locked.get_body_display()}
        )
    if not can_add_minutes_item.test(actor, locked):
        raise ValidationError(
            _("The minutes of the meeting of %(date)s have already been adopted.")
            % {"date": previous.date.strftime("%d-%m-%Y")}
        )
    return _insert_minutes_item(locked, previous, actor)


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
    # A later meeting's "vaststellen verslag" item about this one goes with it (it is open:
    # an adopted verslag keeps its meeting, projects.permissions.can_delete_meeting).
    for item in AgendaItem.objects.select_for_update().filter(
        minutes_of=locked, decision=Decision.OPEN
    ):
        item._history_user = actor
        item.delete()
    items = AgendaItem.objects.select_for_update().filter(meeting=locked)
    for item in items.filter(beslispunt__isnull=False, decision=Decision.OPEN).select_related(
        "beslispunt"
    ):
        _reopen_beslispunt(item.beslispunt, actor)
    attachments = [item.attachment for item in items if item.attachment]
    for item in items:
        item._history_user = actor
        item.delete()
    locked._history_user = actor
    locked.delete()
    _delete_files_after_commit(attachments)


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
    item = AgendaItem(meeting=locked, project_id=document.project_id, **fields)
    _insert_before_closing(locked, item, actor)
    return item


def _insert_before_closing(meeting: Meeting, item: AgendaItem, actor) -> None:
    """Save a new item before the closing items (the last CLOSING_ITEMS items when they are
    free ones: rondvraag and sluiting by default) and number the agenda 1, 2, 3... again."""
    items = list(
        AgendaItem.objects.select_for_update().filter(meeting=meeting).order_by("order", "id")
    )
    closing = 0
    for other in reversed(items):
        if closing == CLOSING_ITEMS or not other.is_free:
            break
        closing += 1
    items.insert(len(items) - closing, item)
    _number(items, actor)


def _number(items: list[AgendaItem], actor) -> None:
    """Save the agenda's items in this order, numbered 1, 2, 3...: the new one (without a pk)
    whole, the others' order only where it changed."""
    for position, row in enumerate(items, start=1):
        if row.pk is None:
            row.order = position
            row._history_user = actor
            row.save()
        elif row.order != position:
            row.order = position
            row._history_user = actor
            row.save(update_fields=["order"])


def _delete_files_after_commit(files) -> None:
    names = [(stored.storage, stored.name) for stored in files if stored]
    if names:
        transaction.on_commit(
            lambda: [storage.delete(name) for storage, name in names if storage.exists(name)]
        )


# --- Free items ------------------------------------------------------------------------------


def _stamp(values) -> str:
    """A short fingerprint of stored values, to notice that someone else changed them
    (platform_ivz/core/editing.py)."""
    return hashlib.sha256(repr(values).encode()).hexdigest()[:16]


def free_item_stamp(item: AgendaItem) -> str:
    return _stamp((item.title, item.text, item.presenter, item.attachment.name or ""))


def item_minutes_stamp(item: AgendaItem) -> str:
    return _stamp((item.note, item.decision_text))


def attendance_stamp(meeting: Meeting) -> str:
    return _stamp(
        sorted(Attendance.objects.filter(meeting=meeting).values_list("user_id", "presence"))
    )


def _refuse_stale(expected: str | None, current: str) -> None:
    if expected is not None and expected != current:
        raise EditConflict


def _attach(item: AgendaItem, upload) -> None:
    """Checked as request attachments are (platform_ivz/core/uploads.py): size, type by
    content, a safe name; ValidationError on "attachment" otherwise."""
    try:
        checked = checked_upload(upload)
    except ValidationError as error:
        raise ValidationError({"attachment": error.messages}) from None
    upload.name = checked.name
    item.attachment = upload
    item.attachment_name = checked.name


def _free_item_data(data: dict) -> dict:
    values = {field: (data.get(field) or "").strip() for field in FREE_ITEM_FIELDS}
    if not values["title"]:
        raise ValidationError({"title": _("Give the agenda item a title.")})
    return values


@transaction.atomic
def add_free_item(*, meeting: Meeting, actor, data: dict, attachment=None) -> AgendaItem:
    """A free item (mededelingen, a presentation, ...) before the closing items."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not can_add_free_item.test(actor, locked):
        raise PermissionDenied
    item = AgendaItem(meeting=locked, kind=Kind.FREE, **_free_item_data(data))
    if attachment is not None:
        _attach(item, attachment)
    _insert_before_closing(locked, item, actor)
    return item


@transaction.atomic
def update_free_item(
    *,
    item: AgendaItem,
    actor,
    data: dict,
    attachment=None,
    remove_attachment=False,
    expected_stamp: str | None = None,
) -> AgendaItem:
    """Title, text, presenter; a new attachment replaces the old one, or it is removed.
    With `expected_stamp` (free_item_stamp when the form was opened) a change by someone
    else in between is not overwritten: EditConflict."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    locked.meeting = meeting
    if not can_edit_free_item.test(actor, locked):
        raise PermissionDenied
    _refuse_stale(expected_stamp, free_item_stamp(locked))
    for field, value in _free_item_data(data).items():
        setattr(locked, field, value)
    old = locked.attachment if locked.attachment else None
    if attachment is not None:
        _attach(locked, attachment)
    elif remove_attachment:
        locked.attachment = ""
        locked.attachment_name = ""
    else:
        old = None
    locked._history_user = actor
    locked.save()
    if old is not None:
        _delete_files_after_commit([old])
    return locked


# --- The verslag: notes, decisions as text, attendance, adoption ------------------------------


def _minutes_for(meeting: Meeting) -> Minutes:
    """The meeting's verslag, created when first needed; locked."""
    Minutes.objects.get_or_create(meeting=meeting)
    return Minutes.objects.select_for_update().get(meeting=meeting)


class MinutesAdopted(ValidationError):
    """The verslag was adopted: it no longer changes."""

    def __init__(self):
        super().__init__(
            _("The minutes of this meeting have been adopted and can no longer change."),
            code="minutes_adopted",
        )


@transaction.atomic
def record_item_minutes(
    *,
    item: AgendaItem,
    actor,
    note: str,
    decision_text: str = "",
    expected_stamp: str | None = None,
) -> AgendaItem:
    """The verslag's note on one item and, for a free item, its decisions as text."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    minutes = _minutes_for(meeting)
    if minutes.status == Minutes.Status.VASTGESTELD:
        raise MinutesAdopted
    meeting.minutes_status = minutes.status
    locked.meeting = meeting
    if not can_record_item_minutes.test(actor, locked):
        raise PermissionDenied
    _refuse_stale(expected_stamp, item_minutes_stamp(locked))
    decision_text = (decision_text or "").strip()
    if decision_text and not locked.is_free:
        raise ValidationError(
            {"decision_text": _("A document's decision is recorded as a decision, not as text.")}
        )
    locked.note = (note or "").strip()
    locked.decision_text = decision_text
    locked._history_user = actor
    locked.save(update_fields=["note", "decision_text"])
    _touch(minutes, actor)
    return locked


def _touch(minutes: Minutes, actor) -> None:
    """Every change of the verslag is a version of it (and a row in its history)."""
    minutes._history_user = actor
    minutes.version = F("version") + 1
    minutes.save()
    minutes.refresh_from_db()


@transaction.atomic
def record_attendance(
    *, meeting: Meeting, actor, presence: dict, expected_stamp: str | None = None
) -> None:
    """Per member of the meeting's body (core.selectors.body_members): present, absent with
    notice or absent; a member left blank has no record. Anyone else is refused."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    minutes = _minutes_for(locked)
    if minutes.status == Minutes.Status.VASTGESTELD:
        raise MinutesAdopted
    locked.minutes_status = minutes.status
    if not can_record_minutes.test(actor, locked):
        raise PermissionDenied
    _refuse_stale(expected_stamp, attendance_stamp(locked))
    members = {user.pk: user for user in body_members(locked.body)}
    existing = {row.user_id: row for row in Attendance.objects.filter(meeting=locked)}
    # A former member's row stays as it was recorded.
    unknown = set(presence) - set(members) - set(existing)
    if unknown:
        raise ValidationError(_("Attendance is recorded only for the members of the body."))
    valid = set(Attendance.Presence.values)
    for user_id, value in presence.items():
        if value and value not in valid:
            raise ValidationError(_("Choose present, absent with notice or absent."))
        row = existing.get(user_id)
        if not value:
            if row is not None:
                row._history_user = actor
                row.delete()
        elif row is None:
            row = Attendance(meeting=locked, user_id=user_id, presence=value)
            row._history_user = actor
            row.save()
        elif row.presence != value:
            row.presence = value
            row._history_user = actor
            row.save()
    _touch(minutes, actor)


@transaction.atomic
def adopt_minutes(*, item: AgendaItem, actor) -> Minutes:
    """Adopt (vaststellen) the earlier meeting's verslag under this meeting's "vaststellen
    verslag" item. Only the body's next meeting does so, on or after its date; afterwards the
    earlier verslag is read-only. The item counts as decided (vastgesteld)."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    locked.meeting = meeting
    if not can_record_decisions.test(actor):
        raise PermissionDenied
    if locked.kind != Kind.MINUTES or locked.minutes_of_id is None:
        raise ValidationError(_("Minutes are adopted under the item “adoption of the minutes”."))
    if locked.decision != Decision.OPEN:
        raise AlreadyDecided
    earlier = Meeting.objects.select_for_update().get(pk=locked.minutes_of_id)
    minutes = _minutes_for(earlier)
    if minutes.status == Minutes.Status.VASTGESTELD:
        raise MinutesAdopted
    if previous_meeting(meeting) != earlier or earlier.body != meeting.body:
        raise ValidationError(
            _(
                "Only the next meeting of the %(body)s adopts the minutes of the meeting of "
                "%(date)s."
            )
            % {"body": earlier.get_body_display(), "date": earlier.date.strftime("%d-%m-%Y")}
        )
    if meeting.date > timezone.localdate():
        raise ValidationError(
            _(
                "The meeting of %(date)s has not taken place yet: the minutes are adopted from "
                "that day on."
            )
            % {"date": meeting.date.strftime("%d-%m-%Y")}
        )
    earlier.minutes_status = minutes.status
    locked.minutes_of = earlier
    if not can_adopt_minutes.test(actor, locked):
        raise PermissionDenied
    now = timezone.now()
    minutes.status = Minutes.Status.VASTGESTELD
    minutes.adopted_in = meeting
    minutes.adopted_at = now
    minutes.adopted_by = actor
    minutes._change_reason = "vastgesteld"
    _touch(minutes, actor)
    locked.decision = Decision.VASTGESTELD
    locked.decided_by = actor
    locked.decided_at = now
    locked._history_user = actor
    locked.save()
    return minutes


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
    if locked.decision != Decision.OPEN:
        raise AlreadyDecided
    if not can_remove_agenda_item.test(actor, locked):
        raise MinutesAdopted
    if locked.beslispunt_id:
        _reopen_beslispunt(
            Beslispunt.objects.select_for_update().get(pk=locked.beslispunt_id), actor
        )
    attachment = locked.attachment if locked.attachment else None
    locked._history_user = actor
    locked.delete()
    _delete_files_after_commit([attachment])


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
    if locked.is_free:
        raise ValidationError(
            _("A free agenda item has no decision to record: write its decisions in the minutes.")
        )
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
