"""Projects, report contents and frozen days shared by the progress report tests."""

import datetime

import time_machine

from projects.models import Project
from tests.factories import ProjectFactory

COMPLETE = {
    "status_overall": "op_koers",
    "status_time": "aandacht",
    "status_money": "op_koers",
    "status_scope": "knelpunt",
    "progress_content": "Twee gemeenten zijn aangesloten.",
    "progress_process": "De projectgroep komt maandelijks bijeen.",
}


def project_with_people(status="in_uitvoering", vertrouwelijk=False, **kwargs) -> Project:
    """ProjectFactory.with_people, with usernames of their own (r_pl0, ...)."""
    return ProjectFactory.with_people(status, vertrouwelijk, prefix="r_", **kwargs)


def at(day: datetime.date):
    """Freeze time at 09:00 on `day` (Amsterdam is ahead of UTC, so this is that day)."""
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 9, 0), tick=False)
