"""projects.services: the project from an approved request, and staffing it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from intake.models import ProjectRequest
from platform_ivz.core.roles import Role
from projects import services
from projects.models import Project, ProjectEvent
from tests.factories import ProjectFactory, ProjectRequestFactory
from tests.intake.scenario import make_actors, make_user

pytestmark = pytest.mark.django_db

Status = Project.Status


@pytest.fixture
def people(db):
    return {
        **make_actors(),
        "leider": make_user("t_leider", Role.PLATFORMLID, "Losser"),
        "houder": make_user("t_houder", Role.DVO_LID, "Openbaar Ministerie"),
        "tweede_houder": make_user("t_houder2", Role.DVO_LID, "Hengelo"),
    }


@pytest.fixture
def project(people):
    return ProjectFactory(request__indiener=people["indiener"])


def state(project):
    fresh = Project.objects.get(pk=project.pk)
    return (
        fresh.status,
        fresh.projectleider_id,
        fresh.portefeuillehouder_id,
        fresh.events.count(),
        fresh.history.count(),
    )


def test_only_an_approved_request_becomes_a_project(people):
    for status in ["concept", "ingediend", "afgewezen", "ingetrokken", "aanvulling_gevraagd"]:
        request = ProjectRequestFactory(indiener=people["indiener"], status=status)
        with pytest.raises(ValidationError):
            services.create_project_from_request(request=request, actor=people["voorzitter"])
    assert not Project.objects.exists()


def test_creating_the_project_twice_gives_the_same_project(people):
    request = ProjectRequestFactory(
        indiener=people["indiener"], status=ProjectRequest.Status.GOEDGEKEURD
    )
    first = services.create_project_from_request(request=request, actor=people["voorzitter"])
    again = services.create_project_from_request(request=request, actor=people["voorzitter"])
    assert first == again
    assert ProjectEvent.objects.filter(project=first).count() == 1


def test_both_assigned_moves_to_preparation_and_mails_both(
    project, people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = services.assign_people(
            project=project,
            actor=people["regiocoordinator"],
            projectleider=people["leider"],
            portefeuillehouder=people["houder"],
        )
    project.refresh_from_db()
    assert result.status == project.status == Status.IN_VOORBEREIDING
    assert (project.projectleider, project.portefeuillehouder) == (
        people["leider"],
        people["houder"],
    )
    event = project.events.get(transition="staffed")
    assert (event.from_status, event.to_status, event.actor) == (
        Status.TE_BEMENSEN,
        Status.IN_VOORBEREIDING,
        people["regiocoordinator"],
    )
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [people["leider"].email, people["houder"].email]
    )
    for message in mailoutbox:
        assert project.title in message.body
        assert f"/projecten/{project.pk}/" in message.body


@pytest.mark.parametrize("who", ["projectleider", "portefeuillehouder"])
def test_one_of_the_two_keeps_the_project_to_be_staffed(
    who, project, people, mailoutbox, django_capture_on_commit_callbacks
):
    person = people["leider"] if who == "projectleider" else people["houder"]
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_people(project=project, actor=people["voorzitter"], **{who: person})
    project.refresh_from_db()
    assert project.status == Status.TE_BEMENSEN
    assert getattr(project, who) == person
    assert mailoutbox == []

    # The other one later: now it moves, and both hear of it.
    other = "portefeuillehouder" if who == "projectleider" else "projectleider"
    other_person = people["houder"] if who == "projectleider" else people["leider"]
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_people(project=project, actor=people["voorzitter"], **{other: other_person})
    project.refresh_from_db()
    assert project.status == Status.IN_VOORBEREIDING
    assert sorted(m.to[0] for m in mailoutbox) == sorted([person.email, other_person.email])


@pytest.mark.parametrize("candidate", ["leider", "voorzitter", "regiocoordinator", "beheerder"])
def test_the_portefeuillehouder_must_be_a_dvo_lid(
    candidate, project, people, mailoutbox, django_capture_on_commit_callbacks
):
    before = state(project)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError) as refused:
            services.assign_people(
                project=project,
                actor=people["voorzitter"],
                projectleider=people["leider"],
                portefeuillehouder=people[candidate],
            )
    assert set(refused.value.message_dict) == {"portefeuillehouder"}
    assert state(project) == before  # not even the projectleider was stored
    assert mailoutbox == []


@pytest.mark.parametrize(
    "actor",
    ["indiener", "collega", "platformlid", "dvo_lid", "beheerder", "andere_organisatie", "leider"],
)
def test_only_voorzitter_and_regiocoordinator_assign_people(
    actor, project, people, mailoutbox, django_capture_on_commit_callbacks
):
    before = state(project)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(PermissionDenied):
            services.assign_people(
                project=project,
                actor=people[actor],
                projectleider=people["leider"],
                portefeuillehouder=people["houder"],
            )
    assert state(project) == before
    assert mailoutbox == []


def test_a_new_portefeuillehouder_later_is_told_alone(
    project, people, mailoutbox, django_capture_on_commit_callbacks
):
    services.assign_people(
        project=project,
        actor=people["voorzitter"],
        projectleider=people["leider"],
        portefeuillehouder=people["houder"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_people(
            project=project, actor=people["voorzitter"], portefeuillehouder=people["tweede_houder"]
        )
    project.refresh_from_db()
    assert project.portefeuillehouder == people["tweede_houder"]
    assert project.status == Status.IN_VOORBEREIDING
    assert [m.to[0] for m in mailoutbox] == [people["tweede_houder"].email]
    assert project.events.filter(transition="staffed").count() == 1


def test_assigning_the_same_people_again_changes_nothing(
    project, people, mailoutbox, django_capture_on_commit_callbacks
):
    services.assign_people(
        project=project,
        actor=people["voorzitter"],
        projectleider=people["leider"],
        portefeuillehouder=people["houder"],
    )
    before = state(project)
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_people(
            project=project,
            actor=people["regiocoordinator"],
            projectleider=people["leider"],
            portefeuillehouder=people["houder"],
        )
    assert state(project) == before
    assert mailoutbox == []
