"""The data the Schemathesis run reads: one object of each kind, so that generated ids and
years sometimes hit something (tests/api/test_schemathesis.py)."""

import datetime
import hashlib

from django.utils import timezone

from reporting.models import ReportVersion
from tests.factories import (
    MINIMAL_PDF,
    AgendaItemFactory,
    ContributionYearFactory,
    IndicatorFactory,
    MeasurementFactory,
    MeetingFactory,
    ProjectFactory,
    ProjectRequestFactory,
)


def build(user) -> None:
    project = ProjectFactory.with_people(start_date=datetime.date(2026, 1, 1))
    secret = ProjectFactory.with_people(vertrouwelijk=True, prefix="s")
    MeasurementFactory(indicator=IndicatorFactory(project=project))
    ProjectRequestFactory(status="ingediend", indiener=user, organisation=user.organisation)
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, project=secret, kind="beslispunt", remarks="geheim")
    ContributionYearFactory(year=2026)
    ReportVersion.objects.create(
        kind="jaarplan",
        year=2026,
        status="definitief",
        number=1,
        pdf=MINIMAL_PDF,
        size=len(MINIMAL_PDF),
        sha256=hashlib.sha256(MINIMAL_PDF).hexdigest(),
        created_by=user,
        created_at=timezone.now(),
        finalised_at=timezone.now(),
    )
