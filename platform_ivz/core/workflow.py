"""Declarative state machines: each stateful model lists its transitions in one table.

The table decides who may do what (a `rules` predicate on user and object) and
therefore which buttons a page shows; services apply a transition after
checking it against this table, never against ad-hoc conditions in views.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils.translation import gettext as _


class TransitionNotAllowed(PermissionDenied):
    """The transition is not possible from this state or not allowed for this user."""


class StaleTransition(TransitionNotAllowed):
    """Someone else changed the object first: its state is no longer the one this user saw.

    Raised instead of TransitionNotAllowed when the caller's copy and the locked row differ,
    so that the loser of two simultaneous clicks is told why (the 403 page explains it).
    """

    def __init__(self, name: str = "", obj=None):
        super().__init__(name)
        self.obj = obj


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    allowed: object  # a rules predicate taking (user, obj)
    button_class: str = "btn-primary"
    note_label: str = ""  # non-empty: the transition asks for a note
    note_required: bool = False
    confirm: str = ""  # non-empty: ask before doing it
    via_meeting: str = ""  # non-empty: only through a decision of this meeting body
    # The sentence a person would write once the step is done ("Het verzoek is ingediend en
    # ligt nu bij …"), shown by the view as its success message; see done_text().
    done_message: str = ""

    def available(self, user, obj) -> bool:
        return obj.status in self.sources and bool(self.allowed.test(user, obj))

    def done_text(self) -> str:
        """What the user is told after the step: its own sentence, or a plain fallback."""
        if self.done_message:
            return str(self.done_message)
        return _("The step “%(action)s” has been taken.") % {"action": self.label}


class StateMachine:
    def __init__(self, transitions: list[Transition]):
        self.transitions = {transition.name: transition for transition in transitions}

    def get(self, name: str) -> Transition:
        try:
            return self.transitions[name]
        except KeyError:
            raise TransitionNotAllowed(name) from None

    def available(self, user, obj) -> list[Transition]:
        return [t for t in self.transitions.values() if t.available(user, obj)]

    def check(self, name: str, user, obj, *, seen_status: str | None = None) -> Transition:
        """The transition if allowed; `seen_status` is the state the caller read before the lock."""
        transition = self.get(name)
        if not transition.available(user, obj):
            if seen_status is not None and seen_status != obj.status:
                raise StaleTransition(name, obj)
            raise TransitionNotAllowed(name)
        return transition

    def apply(
        self,
        name: str,
        actor,
        obj,
        *,
        note: str = "",
        meeting=None,
        queryset=None,
        validate: Callable | None = None,
        record: Callable | None = None,
        note_message: str = "",
        bump_version: bool = False,
        **changes,
    ):
        """Apply a transition: lock, check, move, record. Call inside a transaction.

        The row is locked and the table checked against the locked state, so a double click
        or two people at once are harmless: the second sees the new state and is refused
        (StaleTransition when it is not the state they saw). A transition `via_meeting` needs a
        meeting of that body; one that asks for a note refuses an empty one. `validate(locked)`
        may refuse with a ValidationError before anything changes; `record(locked, transition,
        from_status, note)` writes the workflow's event row. `bump_version` raises the row's
        `version`, so an edit form opened before the step is refused as stale.
        """
        locked = (queryset if queryset is not None else type(obj).objects).select_for_update()
        locked = locked.get(pk=obj.pk)
        transition = self.check(name, actor, locked, seen_status=obj.status)
        if transition.via_meeting and (meeting is None or meeting.body != transition.via_meeting):
            raise TransitionNotAllowed(name)
        if transition.note_required and not note.strip():
            raise ValidationError({"note": note_message or _("Please give a motivation.")})
        if validate is not None:
            validate(locked)
        from_status = locked.status
        locked.status = transition.target
        for field, value in changes.items():
            setattr(locked, field, value)
        locked._history_user = actor
        if bump_version:
            locked.version = F("version") + 1
        locked.save()
        if bump_version:
            locked.refresh_from_db()
        if record is not None:
            record(locked, transition, from_status, note.strip())
        return locked
