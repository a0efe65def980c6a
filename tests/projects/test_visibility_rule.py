"""The project-visibility rule is written once (projects/permissions.py) and its two forms agree.

For every role and every relation to a project, the predicate can_view_project_details, the
query details_visible_q (on projects, and with a prefix on rows that point at one) and
projects_with_visible_details give the same answer; intake's view of an approved request
follows the project's circle through the same rule.
"""

import pytest

from intake.permissions import can_view_request
from intake.selectors import visible_requests
from platform_ivz.core.roles import Role
from projects.models import ProgressReport, Project
from projects.permissions import (
    can_view_project_details,
    details_visible_q,
    projects_with_visible_details,
)
from tests.factories import (
    GroupMemberFactory,
    OrganisationFactory,
    ProgressReportFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Users of every role and relation; projects open and confidential, one per relation."""
    almelo = OrganisationFactory(name="Almelo")
    hengelo = OrganisationFactory(name="Hengelo")
    users = {
        role: UserFactory(roles=[role], organisation=hengelo, username=f"rule_{role}")
        for role in Role.values
    }
    users["no_organisation"] = UserFactory(roles=[Role.PLATFORMLID], organisation=None)
    users["projectleider"] = UserFactory(roles=[Role.PLATFORMLID], organisation=hengelo)
    users["portefeuillehouder"] = UserFactory(roles=[Role.DVO_LID], organisation=hengelo)
    users["member"] = UserFactory(roles=[Role.PLATFORMLID], organisation=hengelo)
    users["requesting_organisation"] = UserFactory(roles=[Role.PLATFORMLID], organisation=almelo)

    def project(vertrouwelijk, **people):
        return ProjectFactory(
            confidential=vertrouwelijk,
            request__indiener=UserFactory(roles=[Role.PLATFORMLID], organisation=almelo),
            **people,
        )

    projects = [
        project(False),
        project(True),
        project(True, projectleider=users["projectleider"]),
        project(True, portefeuillehouder=users["portefeuillehouder"]),
    ]
    member_of = project(True)
    GroupMemberFactory(project=member_of, user=users["member"])
    projects.append(member_of)
    for each in projects:
        ProgressReportFactory(project=each)
    return users, projects


def test_the_query_and_the_predicate_agree_for_every_role_and_relation(world):
    users, projects = world
    for name, user in users.items():
        by_predicate = {p.pk for p in projects if can_view_project_details.test(user, p)}
        by_query = set(Project.objects.filter(details_visible_q(user)).values_list("pk", flat=True))
        by_rows = set(
            ProgressReport.objects.filter(details_visible_q(user, "project__")).values_list(
                "project_id", flat=True
            )
        )
        by_ids = projects_with_visible_details(user, [p.pk for p in projects])
        assert by_query == by_predicate == by_rows == by_ids, name


def test_the_rule_distinguishes_what_it_should(world):
    """Guards against a rule that agrees with itself by showing everything or nothing."""
    users, projects = world
    open_project, secret, led, sponsored, member_of = projects

    def seen(name):
        return projects_with_visible_details(users[name], [p.pk for p in projects])

    everything = {p.pk for p in projects}
    assert seen(Role.VOORZITTER) == seen(Role.REGIOCOORDINATOR) == seen(Role.DVO_LID) == everything
    assert seen(Role.GEMEENTESECRETARIS) == everything  # reads what a DVO member reads
    assert seen(Role.PLATFORMLID) == {open_project.pk}
    assert seen("no_organisation") == {open_project.pk}
    assert seen("projectleider") == {open_project.pk, led.pk}
    assert seen("portefeuillehouder") == everything  # a DVO member sees every project
    assert seen("member") == {open_project.pk, member_of.pk}
    assert seen("requesting_organisation") == everything


def test_intake_shows_an_approved_confidential_request_to_the_projects_circle(world):
    users, projects = world
    requests = [p.request for p in projects]
    for name, user in users.items():
        by_predicate = {r.pk for r in requests if can_view_request.test(user, r)}
        by_query = set(
            visible_requests(user)
            .filter(pk__in=[r.pk for r in requests])
            .values_list("pk", flat=True)
        )
        assert by_query == by_predicate, name
    led, member_of = projects[2], projects[4]
    assert can_view_request.test(users["projectleider"], led.request)
    assert can_view_request.test(users["member"], member_of.request)
    assert not can_view_request.test(users["member"], led.request)
