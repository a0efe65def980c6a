"""Declarative state machines: each stateful model lists its transitions in one table.

The table decides who may do what (a `rules` predicate on user and object) and
therefore which buttons a page shows; services apply a transition after
checking it against this table, never against ad-hoc conditions in views.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied


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

    def available(self, user, obj) -> bool:
        return obj.status in self.sources and bool(self.allowed.test(user, obj))


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
