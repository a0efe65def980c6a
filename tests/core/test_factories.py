"""ProjectFactory's traits do what tests/factories.py says: every test folder builds its projects
with them, so a trait that quietly did nothing would weaken tests everywhere."""

import datetime

import pytest

from projects.models import GroupMember
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_a_plain_project_waits_for_its_people_and_is_open():
    project = ProjectFactory()
    assert project.status == "te_bemensen"
    assert project.request.status == "goedgekeurd"
    assert not project.vertrouwelijk and project.request.vertrouwelijk is False
    assert project.title == project.request.title
    assert not hasattr(project, "people")


@pytest.mark.parametrize(
    "trait, status",
    [
        ("staffed", "in_voorbereiding"),
        ("running", "in_uitvoering"),
        ("evaluating", "evaluatie"),
        ("finished", "afgerond"),
    ],
)
def test_a_status_trait_sets_the_status(trait, status):
    assert ProjectFactory(**{trait: True}).status == status


def test_confidential_makes_the_request_and_the_project_confidential():
    project = ProjectFactory(confidential=True)
    assert project.vertrouwelijk and project.request.vertrouwelijk
    assert not ProjectFactory(confidential=False).vertrouwelijk


def test_with_people_puts_the_people_around_the_project():
    project = ProjectFactory(with_people=True, running=True, prefix="f_")
    people = project.people
    assert project.request.indiener.username == "f_ind0"
    assert project.request.indiener.organisation.name == "Oldenzaal"
    assert (people["projectleider"].username, people["projectleider"].organisation.name) == (
        "f_pl0",
        "Wierden",
    )
    assert people["portefeuillehouder"] == project.portefeuillehouder
    assert people["portefeuillehouder"].organisation.name == "Hof van Twente"
    member = GroupMember.objects.get(project=project)
    assert (member.user, member.start_date) == (people["groepslid"], datetime.date(2025, 1, 1))
    assert people["groepslid"].organisation.name == "Losser"
    assert people["buitenstaander"].organisation.name == "Tubbergen"
    # The number of projects so far keeps the usernames of the next call apart.
    assert ProjectFactory.with_people(prefix="f_").people["projectleider"].username == "f_pl1"


def test_with_people_keeps_a_projectleider_that_is_given():
    leader = ProjectFactory(with_people=True).people["buitenstaander"]
    project = ProjectFactory.with_people("evaluatie", True, projectleider=leader)
    assert project.people["projectleider"] == leader == project.projectleider
    assert (project.status, project.vertrouwelijk) == ("evaluatie", True)


def test_with_plan_approves_version_one_written_by_the_projectleider():
    project = ProjectFactory(with_people=True, with_plan=True, plan__doelstelling="Minder.")
    plan = project.plans.get()
    assert (plan.number, plan.status, plan.doelstelling) == (1, "vastgesteld", "Minder.")
    assert plan.created_by == project.projectleider


def test_approved_on_dates_the_event_that_set_the_project_running():
    project = ProjectFactory(running=True, approved_on=datetime.date(2026, 2, 10))
    event = project.events.get()
    assert (event.to_status, event.at.date()) == ("in_uitvoering", datetime.date(2026, 2, 10))


def test_members_join_the_projectgroep():
    users = list(ProjectFactory(with_people=True).people.values())[:2]
    project = ProjectFactory(members=users, members__hours_per_week=6)
    rows = GroupMember.objects.filter(project=project).order_by("pk")
    assert [(row.user, row.hours_per_week) for row in rows] == [(user, 6) for user in users]
