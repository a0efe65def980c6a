"""Building blocks for the tests of actiepunten, sending the agenda and the calendar."""

import datetime

import time_machine

from projects.models import ActionItem, AgendaItem
from tests.factories import MeetingFactory


def at(day: datetime.date, hour: int = 9):
    """Freeze time at `hour` (UTC) on `day`; Amsterdam is ahead of UTC, so this is that day."""
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=datetime.UTC), tick=False
    )


def free_item(meeting, title="Rondvraag", order=1, **kwargs) -> AgendaItem:
    return AgendaItem.objects.create(
        meeting=meeting, kind="free", title=title, order=order, **kwargs
    )


def make_action(*, owner, created_by, meeting=None, item=None, due_date=None, **kwargs):
    meeting = meeting or (item.meeting if item else MeetingFactory())
    return ActionItem.objects.create(
        meeting=meeting,
        agenda_item=item,
        description=kwargs.pop("description", "Notitie over cameratoezicht rondsturen"),
        owner=owner,
        due_date=due_date or meeting.date + datetime.timedelta(days=14),
        created_by=created_by,
        **kwargs,
    )
