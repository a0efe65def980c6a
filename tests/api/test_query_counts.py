"""Every list and detail of the API costs the same number of queries however many rows it
holds (the reads of platform_ivz/api/reads.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import api_get, make_token
from tests.factories import (
    AgendaItemFactory,
    BudgetLineFactory,
    GroupMemberFactory,
    IndicatorFactory,
    MeasurementFactory,
    MeetingFactory,
    MilestoneFactory,
    ProjectFactory,
    ProjectRequestFactory,
)

pytestmark = pytest.mark.django_db


def add_rows(meeting, count: int):
    for number in range(count):
        project = ProjectFactory.with_people(
            vertrouwelijk=number % 2 == 0,
            prefix=f"q{meeting.pk}_{ProjectFactory._meta.model.objects.count()}_",
            start_date=datetime.date(2026, 1, 1),
        )
        indicator = IndicatorFactory(project=project)
        MeasurementFactory(indicator=indicator)
        MeasurementFactory(indicator=indicator)
        MilestoneFactory(project=project)
        BudgetLineFactory(project=project, year=2026)
        GroupMemberFactory(project=project, start_date=datetime.date(2026, 1, 1))
        ProjectRequestFactory(status="ingediend")
        AgendaItemFactory(meeting=meeting, project=project, kind="beslispunt", remarks="x")
        MeetingFactory()


def queries(client, token, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api_get(client, url, token)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


@pytest.mark.parametrize("subject", ["regiocoordinator", "platformlid"])
def test_query_counts_do_not_grow_with_rows(client, request, subject):
    user = request.getfixturevalue(subject)
    token = make_token(user)
    meeting = MeetingFactory()
    urls = [
        "/api/v1/projects/",
        "/api/v1/projects/?theme=overig&year=2026",
        "/api/v1/requests/",
        "/api/v1/meetings/",
        f"/api/v1/meetings/{meeting.pk}/",
        "/api/v1/reports/",
    ]
    add_rows(meeting, 2)
    api_get(client, urls[0], token)  # the token's last-used time is written once a minute
    few = {url: queries(client, token, url) for url in urls}
    add_rows(meeting, 6)
    many = {url: queries(client, token, url) for url in urls}
    assert many == few
    assert max(few.values()) <= 12, few
