"""Two clicks at once on the secretary's steps: the row locks send the agenda once and mark an
action done once. PostgreSQL only (row locks), as tests/projects/meetings/test_concurrency.py."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from projects.meetings import actions, invitation
from projects.models import ActionItem, AgendaSending
from tests.factories import MeetingFactory
from tests.projects.meetings.action_scenario import make_action
from tests.threads import at_once, locks_held_longer  # noqa: F401 - the fixture

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs row locks (SELECT ... FOR UPDATE)"
    ),
]


def test_two_sendings_from_the_same_confirmation_send_once(
    people, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(body="dvo", date=timezone.localdate() + datetime.timedelta(days=7))
    outcomes = at_once(
        lambda: invitation.send_agenda(
            meeting=meeting, actor=people.voorzitter, expected_sendings=0
        ),
        lambda: invitation.send_agenda(
            meeting=meeting, actor=people.regiocoordinator, expected_sendings=0
        ),
    )
    assert sorted(kind for kind, _result in outcomes) == ["ok", "refused"], outcomes
    assert any(isinstance(result, invitation.SentInBetween) for _kind, result in outcomes)
    assert AgendaSending.objects.filter(meeting=meeting).count() == 1
    assert len(mail.outbox) == 3  # the DVO members and the voorzitter, once each


def test_the_owner_and_the_secretary_mark_done_at_once_once(people):
    action = make_action(owner=people.member, created_by=people.regiocoordinator)
    outcomes = at_once(
        lambda: actions.complete_action(action=action, actor=people.member, note="Eigenaar"),
        lambda: actions.complete_action(
            action=action, actor=people.regiocoordinator, note="Secretaris"
        ),
    )
    assert sorted(kind for kind, _result in outcomes) == ["ok", "refused"], outcomes
    assert any(isinstance(result, actions.AlreadyDone) for _kind, result in outcomes)
    winner = next(result for kind, result in outcomes if kind == "ok")
    stored = ActionItem.objects.get(pk=action.pk)
    assert (stored.done_note, stored.done_by) == (winner.done_note, winner.done_by)
    assert stored.history.count() == 2
