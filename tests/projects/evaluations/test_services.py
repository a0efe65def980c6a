"""The evaluation's services: start, save (optimistic locking) and submit, per role."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from platform_ivz.core.workflow import TransitionNotAllowed
from projects.evaluations import services as evaluation_services
from projects.models import ApprovalStatus, Evaluation, Project, ProjectEvent
from projects.workflow import PROJECT_WORKFLOW, START_EVALUATION, SUBMIT_EVALUATION
from tests.factories import EvaluationFactory
from tests.projects.evaluations.scenario import ALL_ANSWERS, QUESTION_KEYS
from tests.projects.people import ACTORS, actor_for, project_with_people

# Who may start the evaluation (projectleider or reviewer) and submit it (projectleider).
MAY_START = {"voorzitter", "regiocoordinator", "projectleider"}
MAY_SUBMIT = {"projectleider"}


# --- Transitions per role ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ACTORS)
def test_start_evaluation_per_role(request, name, mailoutbox, django_capture_on_commit_callbacks):
    project = project_with_people()
    actor = actor_for(request, project, name)
    assert PROJECT_WORKFLOW.get(START_EVALUATION).available(actor, project) is (name in MAY_START)
    if name not in MAY_START:
        with pytest.raises(TransitionNotAllowed):
            evaluation_services.start_evaluation(project=project, actor=actor)
        project.refresh_from_db()
        assert project.status == Project.Status.IN_UITVOERING
        assert not Evaluation.objects.filter(project=project).exists()
        return
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_services.start_evaluation(project=project, actor=actor, note="Klaar.")
    project.refresh_from_db()
    assert project.status == Project.Status.EVALUATIE
    evaluation = Evaluation.objects.get(project=project)
    assert evaluation.status == ApprovalStatus.CONCEPT
    event = ProjectEvent.objects.get(project=project, transition=START_EVALUATION)
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        Project.Status.IN_UITVOERING,
        Project.Status.EVALUATIE,
        actor,
        "Klaar.",
    )
    # The projectleider and portefeuillehouder hear of it, but not the one who did it.
    expected = {project.projectleider.email, project.portefeuillehouder.email} - {actor.email}
    assert {message.to[0] for message in mailoutbox} == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", [s for s in Project.Status.values if s != Project.Status.IN_UITVOERING]
)
def test_start_evaluation_is_refused_outside_running_projects(status, regiocoordinator):
    project = project_with_people(status=status)
    with pytest.raises(TransitionNotAllowed):
        evaluation_services.start_evaluation(project=project, actor=regiocoordinator)


@pytest.mark.django_db
def test_start_keeps_an_existing_evaluation(regiocoordinator):
    project = project_with_people()
    existing = EvaluationFactory(project=project, q1="Al begonnen.")
    evaluation_services.start_evaluation(project=project, actor=regiocoordinator)
    assert Evaluation.objects.get(project=project) == existing
    existing.refresh_from_db()
    assert existing.q1 == "Al begonnen."


@pytest.mark.django_db
@pytest.mark.parametrize("name", ACTORS)
def test_submit_evaluation_per_role(
    request, name, regiocoordinator, voorzitter, mailoutbox, django_capture_on_commit_callbacks
):
    project = project_with_people(status="evaluatie")
    EvaluationFactory(project=project, **ALL_ANSWERS)
    actor = actor_for(request, project, name)
    assert PROJECT_WORKFLOW.get(SUBMIT_EVALUATION).available(actor, project) is (name in MAY_SUBMIT)
    if name not in MAY_SUBMIT:
        with pytest.raises(PermissionDenied):
            evaluation_services.submit_evaluation(project=project, actor=actor)
        project.refresh_from_db()
        assert project.status == Project.Status.EVALUATIE
        return
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = evaluation_services.submit_evaluation(project=project, actor=actor)
    project.refresh_from_db()
    assert project.status == Project.Status.EVALUATIE_TER_VASTSTELLING
    assert evaluation.status == ApprovalStatus.TER_VASTSTELLING
    assert evaluation.submitted_at is not None
    assert ProjectEvent.objects.filter(project=project, transition=SUBMIT_EVALUATION).exists()
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [voorzitter.email, regiocoordinator.email]
    )
    assert all(project.title in message.subject for message in mailoutbox)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status",
    [
        "in_uitvoering",
        "evaluatie_ter_vaststelling",
        "evaluatie_ambtelijk_vastgesteld",
        "afgerond",
        "gestopt",
    ],
)
def test_submit_is_refused_outside_the_evaluation_state(status):
    project = project_with_people(status=status)
    EvaluationFactory(project=project, **ALL_ANSWERS)
    with pytest.raises(PermissionDenied):
        evaluation_services.submit_evaluation(
            project=project, actor=project.people["projectleider"]
        )


@pytest.mark.django_db
def test_submit_requires_every_question_answered():
    project = project_with_people(status="evaluatie")
    answers = {**ALL_ANSWERS, "q4": "", "q9": "   "}
    EvaluationFactory(project=project, **answers)
    with pytest.raises(ValidationError) as caught:
        evaluation_services.submit_evaluation(
            project=project, actor=project.people["projectleider"]
        )
    assert sorted(caught.value.message_dict) == ["q4", "q9"]
    project.refresh_from_db()
    assert project.status == Project.Status.EVALUATIE
    assert Evaluation.objects.get(project=project).status == ApprovalStatus.CONCEPT


@pytest.mark.django_db
def test_submit_without_any_evaluation_names_every_question():
    project = project_with_people(status="evaluatie")
    with pytest.raises(ValidationError) as caught:
        evaluation_services.submit_evaluation(
            project=project, actor=project.people["projectleider"]
        )
    assert sorted(caught.value.message_dict) == sorted(QUESTION_KEYS)


# --- Saving ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_save_stores_the_answers_and_counts_the_version():
    project = project_with_people(status="evaluatie")
    leader = project.people["projectleider"]
    evaluation = evaluation_services.save_evaluation(
        project=project, actor=leader, answers={"q1": "Het doel."}, expected_version=1
    )
    assert (evaluation.q1, evaluation.version) == ("Het doel.", 2)
    evaluation = evaluation_services.save_evaluation(
        project=project, actor=leader, answers={"q2": "De inhoud."}, expected_version=2
    )
    assert (evaluation.q1, evaluation.q2, evaluation.version) == ("Het doel.", "De inhoud.", 3)
    assert evaluation.history.first().history_user == leader


@pytest.mark.django_db
def test_a_stale_save_is_refused_and_changes_nothing():
    project = project_with_people(status="evaluatie")
    leader = project.people["projectleider"]
    EvaluationFactory(project=project, q1="Eerste versie.", version=3)
    with pytest.raises(evaluation_services.EditConflict):
        evaluation_services.save_evaluation(
            project=project, actor=leader, answers={"q1": "Overschreven?"}, expected_version=2
        )
    evaluation = Evaluation.objects.get(project=project)
    assert (evaluation.q1, evaluation.version) == ("Eerste versie.", 3)


@pytest.mark.django_db
@pytest.mark.parametrize("name", [a for a in ACTORS if a != "projectleider"])
def test_only_the_projectleider_saves(request, name):
    project = project_with_people(status="evaluatie")
    EvaluationFactory(project=project)
    with pytest.raises(PermissionDenied):
        evaluation_services.save_evaluation(
            project=project,
            actor=actor_for(request, project, name),
            answers={"q1": "Niet van mij."},
            expected_version=1,
        )
    assert Evaluation.objects.get(project=project).q1 == ""


@pytest.mark.django_db
def test_a_submitted_evaluation_can_no_longer_be_saved():
    project = project_with_people(status="evaluatie")
    leader = project.people["projectleider"]
    EvaluationFactory(project=project, **ALL_ANSWERS)
    evaluation_services.submit_evaluation(project=project, actor=leader)
    with pytest.raises(PermissionDenied):
        evaluation_services.save_evaluation(
            project=project, actor=leader, answers={"q1": "Later."}, expected_version=1
        )


@pytest.mark.django_db
def test_a_returned_evaluation_is_written_again():
    """The meeting puts project and evaluation back (evaluatie / concept): writable again."""
    project = project_with_people(status="evaluatie")
    EvaluationFactory(project=project, status="concept", version=4, **ALL_ANSWERS)
    evaluation = evaluation_services.save_evaluation(
        project=project,
        actor=project.people["projectleider"],
        answers={"q9": "Aangevuld na de opmerkingen."},
        expected_version=4,
    )
    assert evaluation.q9 == "Aangevuld na de opmerkingen."
