"""The coördinerend gemeentesecretaris IVZ (seed §7, output; issue 14 point 13).

Reads what a DVO member reads (every project's content, confidential ones included, and every
approved request), and nothing more: no request of their own, no screening, no assignment, no
meeting, no report to write or finalise. The final reports' e-mail is tested with the other
recipients in tests/reporting/test_services.py; the view matrix in
tests/security/test_view_sweep.py.
"""

import pytest
from django.test import RequestFactory

from intake.permissions import can_screen_request, can_view_request, may_submit_requests
from intake.selectors import visible_requests
from platform_ivz.core.roles import BOARD_READERS, Role
from platform_ivz.site.navigation import navigation
from projects.models import Project
from projects.permissions import (
    can_assign_people,
    can_manage_meetings,
    can_record_decisions,
    can_view_project_details,
    details_visible_q,
    sees_every_project,
)
from reporting.permissions import can_finalise_reports, can_generate_reports, can_see_concepts
from tests.factories import ProjectFactory, ProjectRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_project():
    return ProjectFactory.with_people("in_uitvoering", vertrouwelijk=True)


def test_the_role_reads_as_the_board():
    assert Role.GEMEENTESECRETARIS in BOARD_READERS and Role.DVO_LID in BOARD_READERS


@pytest.mark.parametrize("reader", ["gemeentesecretaris", "dvo_lid"])
def test_a_board_reader_sees_a_confidential_project_and_its_request(
    request, reader, secret_project
):
    user = request.getfixturevalue(reader)
    assert sees_every_project(user)
    assert can_view_project_details.test(user, secret_project)
    assert Project.objects.filter(details_visible_q(user), pk=secret_project.pk).exists()
    assert can_view_request.test(user, secret_project.request)
    assert visible_requests(user).filter(pk=secret_project.request_id).exists()


def test_a_platformlid_outside_the_circle_does_not_see_it(secret_project):
    outsider = secret_project.people["buitenstaander"]
    assert not can_view_project_details.test(outsider, secret_project)
    assert not can_view_request.test(outsider, secret_project.request)


def test_an_unapproved_request_of_another_organisation_stays_hidden(gemeentesecretaris):
    submitted = ProjectRequestFactory(status="ingediend")
    assert not can_view_request.test(gemeentesecretaris, submitted)
    assert not visible_requests(gemeentesecretaris).filter(pk=submitted.pk).exists()


def test_the_gemeentesecretaris_reads_but_does_not_act(gemeentesecretaris, secret_project):
    user = gemeentesecretaris
    assert not may_submit_requests.test(user)
    assert not can_screen_request.test(user, ProjectRequestFactory(status="ingediend"))
    assert not can_assign_people.test(user, secret_project)
    assert not can_manage_meetings.test(user)
    assert not can_record_decisions.test(user)
    assert not can_generate_reports.test(user)
    assert not can_finalise_reports.test(user)
    assert not can_see_concepts.test(user)


def test_the_navigation_is_a_dvo_members(gemeentesecretaris, dvo_lid):
    def items(user):
        request = RequestFactory().get("/")
        request.user = user
        request.session = {}
        return [item["url"] for item in navigation(request)["nav_items"]]

    assert items(gemeentesecretaris) == items(dvo_lid)
