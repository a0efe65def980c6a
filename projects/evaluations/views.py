"""The evaluation (appendix 6): read, start, write and submit. Thin: services do the work."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from platform_ivz.core.editing import EditConflict, refuse_stale_edit
from projects import selectors
from projects.evaluations import selectors as evaluation_selectors
from projects.evaluations import services as evaluation_services
from projects.evaluations.forms import EvaluationForm, StartEvaluationForm
from projects.formats import EVALUATION_INTRODUCTION, EVALUATION_QUESTIONS
from projects.models import ApprovalStatus, Evaluation
from projects.permissions import can_view_project_details, can_write_evaluation
from projects.workflow import PROJECT_WORKFLOW, START_EVALUATION, SUBMIT_EVALUATION


def _project(user, pk):
    """The project if its content is visible to the user; a 404 otherwise (a confidential
    project's evaluation is not even hinted at outside its circle)."""
    project = get_object_or_404(selectors.visible_projects(user), pk=pk)
    if not can_view_project_details.test(user, project):
        raise Http404
    return project


def _writable_project(user, pk):
    project = _project(user, pk)
    if not can_write_evaluation.test(user, project):
        raise PermissionDenied
    return project


def evaluation_detail(request, pk):
    project = _project(request.user, pk)
    evaluation = evaluation_selectors.evaluation_for(project)
    if evaluation is None:
        raise Http404
    return render(
        request,
        "projects/evaluations/detail.html",
        {
            "project": project,
            "evaluation": evaluation,
            "introduction": EVALUATION_INTRODUCTION,
            "questions": evaluation_selectors.questions_with_facts(evaluation),
            "facts": evaluation_selectors.evaluation_facts(project),
            "last_return": evaluation_selectors.last_return(project),
            "can_write": can_write_evaluation.test(request.user, project),
            "can_submit": evaluation_selectors.can_submit(request.user, project),
        },
    )


@require_http_methods(["GET", "POST"])
def evaluation_start(request, pk):
    project = _project(request.user, pk)
    transition = PROJECT_WORKFLOW.check(START_EVALUATION, request.user, project)
    form = StartEvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        evaluation_services.start_evaluation(
            project=project, actor=request.user, note=form.cleaned_data["note"]
        )
        messages.success(
            request,
            _(
                "The evaluation has started. The project leader now writes it, answering the "
                "eleven questions, and submits it to the Platform."
            ),
        )
        return redirect("projects:evaluation", pk=project.pk)
    return render(
        request,
        "projects/evaluations/start.html",
        {"project": project, "transition": transition, "form": form},
        status=400 if form.errors else 200,
    )


def _form_page(request, project, form, status=200):
    return render(
        request,
        "projects/evaluations/form.html",
        {
            "project": project,
            "form": form,
            "introduction": EVALUATION_INTRODUCTION,
            "questions": [
                {**question, "field": form[question["key"]]}
                for question in evaluation_selectors.questions_with_facts(None)
            ],
            "facts": evaluation_selectors.evaluation_facts(project),
            "last_return": evaluation_selectors.last_return(project),
            "can_submit": evaluation_selectors.can_submit(request.user, project),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def evaluation_edit(request, pk):
    project = _writable_project(request.user, pk)
    evaluation = evaluation_selectors.evaluation_for(project)
    if evaluation is not None and evaluation.status != ApprovalStatus.CONCEPT:
        raise PermissionDenied
    form = EvaluationForm(request.POST or None, instance=evaluation)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            evaluation_services.save_evaluation(
                project=project,
                actor=request.user,
                answers=form.answers(),
                expected_version=form.cleaned_data["version"] or 0,
                submit=submit,
            )
        except EditConflict:
            refuse_stale_edit(
                form,
                _(
                    "Someone else changed this evaluation after you opened it. Your text is "
                    "still in the form below; open the evaluation in a new tab to compare, then "
                    "save again."
                ),
                version=Evaluation.objects.get(project=project).version,
            )
        except ValidationError as error:
            for key, field_errors in error.message_dict.items():
                form.add_error(key, field_errors)
            messages.warning(
                request,
                _(
                    "The evaluation has not been submitted and nothing has been saved: answer "
                    "the questions marked below, or save it as a concept."
                ),
            )
        else:
            if submit:
                messages.success(
                    request,
                    _("The evaluation has been submitted. The reviewers have been notified."),
                )
            else:
                messages.success(request, _("The evaluation has been saved."))
            return redirect("projects:evaluation", pk=project.pk)
    return _form_page(request, project, form, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def evaluation_submit(request, pk):
    project = _writable_project(request.user, pk)
    transition = PROJECT_WORKFLOW.check(SUBMIT_EVALUATION, request.user, project)
    evaluation = evaluation_selectors.evaluation_for(project)
    missing = evaluation_services.missing_answers(evaluation)
    if request.method == "POST" and not missing:
        try:
            evaluation_services.submit_evaluation(project=project, actor=request.user)
        except ValidationError as error:
            missing = error.message_dict
        else:
            messages.success(
                request, _("The evaluation has been submitted. The reviewers have been notified.")
            )
            return redirect("projects:evaluation", pk=project.pk)
    questions = dict(EVALUATION_QUESTIONS)
    return render(
        request,
        "projects/evaluations/submit.html",
        {
            "project": project,
            "transition": transition,
            "missing": [questions[key] for key in missing],
        },
        status=400 if request.method == "POST" and missing else 200,
    )
