"""Actiepunten of meetings (docs/ARCHITECTURE.md §3.5): the reads and the writes.

The secretary (regiocoördinator) or the voorzitter records an action under an agenda item of a
meeting, with a description, an owner and a due date; the owner is told by e-mail, finds it in
the werkvoorraad, and marks it done with a note (or the secretary does). Overdue open actions
are in the owner's daily reminder (projects.progress.services.send_reminders).

Who reads an action: everyone signed in, as the meeting, except that an action under an item
of a confidential project is read only by those who read that project's content, and always by
its owner (projects.permissions.may_read_action; `visible_actions` is its query form).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from platform_ivz.core.models import Meeting
from platform_ivz.core.notifications import absolute_url, notify
from projects.models import ActionItem, AgendaItem
from projects.permissions import (
    can_add_action,
    can_complete_action,
    details_visible_q,
    sees_every_project,
)

Status = ActionItem.Status

# The list's filters (`filtered`); "overdue" is open and past its due date.
FILTERS = ("open", "overdue", "done", "all")


def _today():
    return timezone.localdate()


class AlreadyDone(ValidationError):
    """The action was marked done before (a double click, or the owner and the secretary)."""

    def __init__(self):
        super().__init__(_("This action item has already been marked done."), code="already_done")


# --- Reads -----------------------------------------------------------------------------------


def visible_actions(user) -> QuerySet[ActionItem]:
    """The actions `user` may read (may_read_action as a query), with what the lists show."""
    actions = ActionItem.objects.select_related(
        "meeting", "owner", "agenda_item__project", "done_by"
    )
    if sees_every_project(user):
        return actions
    return actions.filter(
        Q(owner_id=user.pk)
        | Q(agenda_item__isnull=True)
        | Q(agenda_item__project__isnull=True)
        | details_visible_q(user, prefix="agenda_item__project__")
    )


def filtered(actions: QuerySet[ActionItem], name: str) -> QuerySet[ActionItem]:
    """One of FILTERS: open ones soonest due first, done ones the latest first."""
    if name == "done":
        return actions.filter(status=Status.DONE).order_by("-done_at", "-id")
    if name == "overdue":
        actions = actions.filter(status=Status.OPEN, due_date__lt=_today())
    elif name == "open":
        actions = actions.filter(status=Status.OPEN)
    return actions.order_by("status", "due_date", "id")


def action_list(user, name: str = "open", *, mine: bool = False) -> QuerySet[ActionItem]:
    actions = visible_actions(user)
    if mine:
        actions = actions.filter(owner_id=user.pk)
    return filtered(actions, name if name in FILTERS else "open")


def meeting_actions(meeting: Meeting, user) -> list[ActionItem]:
    """The meeting's actions in agenda order, then by due date; each with `is_overdue`."""
    actions = list(
        visible_actions(user)
        .filter(meeting=meeting)
        .order_by("agenda_item__order", "agenda_item_id", "due_date", "id")
    )
    return mark_overdue(actions)


def mark_overdue(actions) -> list[ActionItem]:
    today = _today()
    actions = list(actions)
    for action in actions:
        action.is_overdue = action.status == Status.OPEN and action.due_date < today
    return actions


def open_actions_of(user) -> QuerySet[ActionItem]:
    """For the werkvoorraad: the user's open actions, soonest due first."""
    return (
        ActionItem.objects.filter(owner_id=user.pk, status=Status.OPEN)
        .select_related("meeting")
        .order_by("due_date", "id")
    )


def overdue_actions(today) -> QuerySet[ActionItem]:
    """For the reminders: open actions past their due date, of active owners."""
    return (
        ActionItem.objects.filter(status=Status.OPEN, due_date__lt=today, owner__is_active=True)
        .select_related("meeting", "owner")
        .order_by("due_date", "id")
    )


def action_for_user(user, pk: int) -> ActionItem:
    """The action (ActionItem.DoesNotExist, a 404, if there is none or it is hidden)."""
    return visible_actions(user).get(pk=pk)


def item_label(item: AgendaItem | None) -> str:
    """How an agenda item is named beside its actions and in e-mails (titles are public)."""
    if item is None:
        return _("The meeting as a whole")
    if item.is_free:
        return item.title or item.get_kind_display()
    return f"{item.project.title} ({item.get_kind_display()})"


def action_url(action: ActionItem) -> str:
    return reverse("meetings:detail", args=[action.meeting_id]) + f"#actiepunt-{action.pk}"


# --- Writes ----------------------------------------------------------------------------------


@transaction.atomic
def add_action(
    *, meeting: Meeting, actor, description: str, owner, due_date, item: AgendaItem | None = None
) -> ActionItem:
    """Record an action of the meeting (under `item`, an item of its agenda) and tell the owner."""
    if not can_add_action.test(actor):
        raise PermissionDenied
    errors = {}
    if item is not None and item.meeting_id != meeting.pk:
        errors["agenda_item"] = _("This item is not on this meeting's agenda.")
    if not owner.is_active:
        errors["owner"] = _("This person can no longer sign in; choose someone else.")
    if due_date < meeting.date:
        errors["due_date"] = _("The due date cannot be before the meeting.")
    if not description.strip():
        errors["description"] = _("Describe the action.")
    if errors:
        raise ValidationError(errors)
    action = ActionItem(
        meeting=meeting,
        agenda_item=item,
        description=description.strip(),
        owner=owner,
        due_date=due_date,
        created_by=actor,
    )
    action._history_user = actor
    action.save()
    notify(
        [owner],
        subject=_("Action item for you from the meeting of the %(body)s on %(date)s")
        % {"body": meeting.get_body_display(), "date": date_format(meeting.date, "j F Y")},
        template="projects/meetings/email/action_assigned",
        context={
            "action": action,
            "meeting": meeting,
            "item_label": item_label(item),
            "actor": actor,
            "url": absolute_url(reverse("meetings:action_done", args=[action.pk])),
            "meeting_url": absolute_url(action_url(action)),
        },
    )
    return action


@transaction.atomic
def complete_action(*, action: ActionItem, actor, note: str = "") -> ActionItem:
    """Mark the action done with a note; AlreadyDone if it was done in the meantime."""
    # Only the action's row is locked (PostgreSQL refuses FOR UPDATE on an outer join's side).
    locked = (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("agenda_item__project")
        .get(pk=action.pk)
    )
    if locked.status == Status.DONE:
        raise AlreadyDone
    if not can_complete_action.test(actor, locked):
        raise PermissionDenied
    locked.status = Status.DONE
    locked.done_note = note.strip()
    locked.done_at = timezone.now()
    locked.done_by = actor
    locked.version += 1
    locked._history_user = actor
    locked.save()
    return locked
