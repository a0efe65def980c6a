"""Every write to a project's evaluation (appendix 6) goes through here.

The approval in two stages is not here: the meeting services apply it through
projects.workflow.MEETING_DECISIONS and DOCUMENT_STEPS.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_ivz.core.editing import EditConflict
from platform_ivz.core.notifications import absolute_url, notify
from platform_ivz.core.roles import Role
from platform_ivz.core.selectors import users_with_roles
from platform_ivz.core.workflow import StaleTransition
from projects.formats import EVALUATION_QUESTIONS
from projects.models import ApprovalStatus, Evaluation, Project
from projects.permissions import can_write_evaluation
from projects.services import transition_project
from projects.workflow import START_EVALUATION, SUBMIT_EVALUATION

QUESTION_FIELDS = [key for key, _question in EVALUATION_QUESTIONS]




def _evaluation_url(project: Project) -> str:
    return absolute_url(reverse("projects:evaluation", args=[project.pk]))


def _locked_evaluation(project: Project, actor) -> Evaluation:
    """The project's evaluation, locked; created (empty, concept) if it does not exist yet."""
    evaluation = Evaluation.objects.select_for_update().filter(project=project).first()
    if evaluation is None:
        evaluation = Evaluation(project=project)
        evaluation._history_user = actor
        evaluation.save()
    return evaluation


@transaction.atomic
def start_evaluation(*, project: Project, actor, note: str = "") -> Project:
    """The work is done: the projectleider now writes the evaluation."""
    project = transition_project(project, actor, START_EVALUATION, note=note)
    _locked_evaluation(project, actor)
    recipients = [
        person
        for person in (project.projectleider, project.portefeuillehouder)
        if person is not None and person.pk != actor.pk
    ]
    notify(
        recipients,
        subject=_("Evaluation started: %(title)s") % {"title": project.title},
        template="projects/evaluations/email/started",
        context={"project": project, "note": note.strip(), "url": _evaluation_url(project)},
    )
    return project


def _lock_for_writing(project: Project, actor) -> tuple[Project, Evaluation]:
    locked_project = Project.objects.select_for_update().get(pk=project.pk)
    if not can_write_evaluation.test(actor, locked_project):
        if locked_project.status != project.status:
            raise StaleTransition(obj=locked_project)
        raise PermissionDenied
    evaluation = _locked_evaluation(locked_project, actor)
    if evaluation.status != ApprovalStatus.CONCEPT:
        raise StaleTransition(obj=locked_project)
    return locked_project, evaluation


@transaction.atomic
def save_evaluation(
    *,
    project: Project,
    actor,
    answers: dict[str, str],
    expected_version: int,
    submit: bool = False,
) -> Evaluation:
    """Store the answers; with `submit`, submit them too, or write nothing at all.

    Refused with EditConflict if someone saved in between. A submission that is refused
    (ValidationError naming the unanswered questions) rolls the save back with it: a refused
    step leaves the stored concept, and its history, as they were.
    """
    _locked_project, evaluation = _lock_for_writing(project, actor)
    if evaluation.version != expected_version:
        raise EditConflict
    for key in QUESTION_FIELDS:
        if key in answers:
            setattr(evaluation, key, answers[key])
    evaluation._history_user = actor
    evaluation.version = F("version") + 1
    evaluation.save()
    evaluation.refresh_from_db()
    if submit:
        return submit_evaluation(project=project, actor=actor)
    return evaluation


def missing_answers(evaluation: Evaluation | None) -> dict[str, str]:
    """Question key → message for every question still unanswered."""
    return {
        key: _("Answer this question before you submit the evaluation.")
        for key in QUESTION_FIELDS
        if evaluation is None or not getattr(evaluation, key).strip()
    }


@transaction.atomic
def submit_evaluation(*, project: Project, actor) -> Evaluation:
    """To the Platform for the first stage of approval; the reviewers hear of it."""
    locked_project, evaluation = _lock_for_writing(project, actor)
    missing = missing_answers(evaluation)
    if missing:
        raise ValidationError(missing)
    evaluation.status = ApprovalStatus.TER_VASTSTELLING
    evaluation.submitted_at = timezone.now()
    evaluation._history_user = actor
    evaluation.save()
    transition_project(locked_project, actor, SUBMIT_EVALUATION)
    reviewers = users_with_roles(Role.VOORZITTER, Role.REGIOCOORDINATOR).exclude(pk=actor.pk)
    notify(
        reviewers,
        subject=_("Evaluation submitted: %(title)s") % {"title": locked_project.title},
        template="projects/evaluations/email/submitted",
        context={"project": locked_project, "url": _evaluation_url(locked_project)},
    )
    return evaluation
