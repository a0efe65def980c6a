"""Two people at once: the row locks make a double decision or a double agenda entry harmless.

Real concurrency needs a database with row locks, so these run on PostgreSQL only; the
re-check under the lock is also proven on every database in test_meeting_services
(test_the_locked_row_decides_not_the_callers_copy).
"""

import datetime
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from projects.meetings import services as meeting_services
from projects.meetings.services import AlreadyDecided, record_decision
from projects.models import AgendaItem, Minutes, ProjectEvent
from tests.projects.meetings.scenario import (
    make_document,
    meeting,
    put_on_agenda,
    tomorrow,
    yesterday,
)
from tests.threads import at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs row locks (SELECT ... FOR UPDATE)"
    ),
]


@pytest.fixture
def slow_transition(monkeypatch):
    """Whoever holds the lock first holds it a while, so the other really has to wait."""
    original = meeting_services.transition_project

    def slow(*args, **kwargs):
        time.sleep(0.3)
        return original(*args, **kwargs)

    monkeypatch.setattr(meeting_services, "transition_project", slow)


def test_two_decisions_at_once_record_one(people, slow_transition):
    plan = make_document(people, "plan", "ter_vaststelling")
    item = put_on_agenda(meeting("platform"), plan, "plan")
    outcomes = at_once(
        lambda: record_decision(item=item, actor=people.voorzitter, decision="vastgesteld"),
        lambda: record_decision(
            item=item, actor=people.regiocoordinator, decision="terug", remarks="Nee"
        ),
    )
    kinds = sorted(kind for kind, _result in outcomes)
    assert kinds == ["ok", "refused"], outcomes
    refused = next(result for kind, result in outcomes if kind == "refused")
    assert isinstance(refused, AlreadyDecided)
    winner = next(result for kind, result in outcomes if kind == "ok")
    item.refresh_from_db()
    plan.refresh_from_db()
    assert item.decision == winner.decision
    assert plan.status == (
        "ambtelijk_vastgesteld" if winner.decision == "vastgesteld" else "teruggestuurd"
    )
    assert ProjectEvent.objects.filter(project=plan.project).count() == 1
    # A return makes one rework version, however many pressed at once.
    assert plan.project.plans.count() == (1 if winner.decision == "vastgesteld" else 2)


def test_the_same_document_put_on_two_agendas_at_once_lands_on_one(people):
    plan = make_document(people, "plan", "ter_vaststelling")
    first, second = meeting("platform", date=tomorrow()), meeting("platform", date=tomorrow())
    outcomes = at_once(
        lambda: meeting_services.add_agenda_item(meeting=first, actor=people.voorzitter, plan=plan),
        lambda: meeting_services.add_agenda_item(
            meeting=second, actor=people.regiocoordinator, plan=plan
        ),
    )
    assert sorted(kind for kind, _result in outcomes) == ["ok", "refused"], outcomes
    assert any(isinstance(result, ValidationError) for _kind, result in outcomes)
    assert AgendaItem.objects.filter(plan=plan).count() == 1


def test_two_adoptions_of_a_verslag_at_once_adopt_it_once(people):
    earlier = meeting_services.create_meeting(
        actor=people.regiocoordinator,
        data={"body": "platform", "date": yesterday() - datetime.timedelta(days=30)},
    )
    later = meeting_services.create_meeting(
        actor=people.regiocoordinator, data={"body": "platform", "date": yesterday()}
    )
    item = AgendaItem.objects.get(meeting=later, kind="minutes")
    outcomes = at_once(
        lambda: meeting_services.adopt_minutes(item=item, actor=people.voorzitter),
        lambda: meeting_services.adopt_minutes(item=item, actor=people.regiocoordinator),
    )
    assert sorted(kind for kind, _result in outcomes) == ["ok", "refused"], outcomes
    assert any(isinstance(result, AlreadyDecided) for _kind, result in outcomes)
    minutes = Minutes.objects.get(meeting=earlier)
    assert minutes.status == "vastgesteld"
    assert minutes.history.filter(status="vastgesteld").count() == 1
