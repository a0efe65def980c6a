"""Decisive steps ask first, also without JavaScript (issue 14, point 7).

Every delete the app offers (a meeting, an agenda item, an income line, a request's
attachment) and making a report final: the page's button is a link to a confirmation page
(GET changes nothing) that says what will happen and posts only when confirmed, with a way
back. Meeting decisions and request decisions have their own tests (projects/meetings,
intake); stopping a project is a DVO meeting decision.
"""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from contributions.models import IncomeLine
from intake.models import Attachment
from platform_ivz.core.models import Meeting
from projects.models import AgendaItem
from reporting.models import ReportVersion
from tests.factories import (
    AgendaItemFactory,
    AttachmentFactory,
    BeslispuntFactory,
    ContributionYearFactory,
    IncomeLineFactory,
    MeetingFactory,
    ProjectRequestFactory,
)

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_asks_first(client, url, *, says, cancel):
    """A GET shows what will happen, a form that posts to `url`, and a way back."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert says in html
    assert re.search(r'<form method="post"', html)
    assert f'href="{cancel}"' in html


def test_deleting_a_meeting_asks_first(regiocoordinator):
    meeting = MeetingFactory(body="platform", date=datetime.date(2026, 12, 1))
    client = signed_in(regiocoordinator)
    url = reverse("meetings:delete", args=[meeting.pk])
    detail = reverse("meetings:detail", args=[meeting.pk])
    assert_asks_first(client, url, says="Dit kan niet ongedaan worden gemaakt", cancel=detail)
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert client.post(url).status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()


def test_taking_an_item_off_the_agenda_asks_first(regiocoordinator):
    beslispunt = BeslispuntFactory()
    item = AgendaItemFactory(
        meeting=MeetingFactory(body="dvo", date=datetime.date(2026, 12, 1)),
        kind="beslispunt",
        beslispunt=beslispunt,
    )
    client = signed_in(regiocoordinator)
    url = reverse("meetings:agenda_remove", args=[item.meeting_id, item.pk])
    detail = reverse("meetings:detail", args=[item.meeting_id])
    assert_asks_first(client, url, says=item.project.title, cancel=detail)
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    client.post(url)
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_deleting_an_income_line_asks_first(regiocoordinator):
    line = IncomeLineFactory(settings=ContributionYearFactory(year=2026), description="Rijk")
    client = signed_in(regiocoordinator)
    url = reverse("contributions:income_delete", args=[2026, line.pk])
    budget = reverse("contributions:budget", args=[2026])
    assert_asks_first(client, url, says="Rijk", cancel=budget)
    assert IncomeLine.objects.filter(pk=line.pk).exists()
    client.post(url)
    assert not IncomeLine.objects.filter(pk=line.pk).exists()


def test_removing_an_attachment_asks_first():
    attachment = AttachmentFactory(request=ProjectRequestFactory(status="concept"))
    request = attachment.request
    client = signed_in(request.indiener)
    url = reverse("intake:attachment_delete", args=[request.pk, attachment.pk])
    edit = reverse("intake:edit", args=[request.pk])
    assert_asks_first(client, url, says="notitie.pdf", cancel=edit)
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    client.post(url)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()


def test_making_a_report_final_asks_first_and_names_who_is_told(regiocoordinator):
    client = signed_in(regiocoordinator)
    report = reverse("reporting:report", args=["jaarplan", 2027])
    url = reverse("reporting:finalise", args=["jaarplan", 2027])
    # The report page offers a link to the confirmation, never a form that finalises at once.
    html = client.get(report).content.decode()
    assert f'href="{url}"' in html
    assert f'action="{url}"' not in html
    assert_asks_first(
        client,
        url,
        says="De DVO-leden, de coördinerend gemeentesecretaris en de voorzitter krijgen een",
        cancel=report,
    )
    assert not ReportVersion.objects.exists()


@pytest.mark.parametrize("role", ["platformlid", "dvo_lid", "gemeentesecretaris", "voorzitter"])
def test_only_the_regiocoordinator_is_asked_to_finalise(request, role):
    client = signed_in(request.getfixturevalue(role))
    assert client.get(reverse("reporting:finalise", args=["jaarplan", 2027])).status_code == 403
