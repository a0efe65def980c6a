"""Pages of the plan: write it, submit it, amend it, read every version and what changed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from platform_ivz.core.editing import EditConflict
from projects.formats import PLAN_FORMAT, PLAN_INTRODUCTION
from projects.models import Indicator, Milestone, Project, ProjectPlan
from projects.permissions import can_propose_amendment, can_submit_plan_version
from projects.plans import selectors as plan_selectors
from projects.plans import services as plan_services
from projects.plans.forms import DEFAULT_EXTRA, AmendmentForm, PlanPage, SubmitForm

ADD_ROWS = 5
CONFLICT_MESSAGE = gettext_lazy(
    "Someone else changed this plan after you opened it, so nothing has been saved. Your text "
    "is still in the form below; open the plan in a new tab to compare, then save again."
)


def _project(user, pk) -> Project:
    """The project if the user may read its plan; a 404 otherwise, never a hint."""
    try:
        return plan_selectors.project_for_plans(user, pk)
    except Project.DoesNotExist:
        raise Http404 from None


def _version(project, number) -> ProjectPlan:
    try:
        return plan_selectors.plan_version(project, number)
    except ProjectPlan.DoesNotExist:
        raise Http404 from None


def _extra(request) -> int:
    try:
        return int(request.GET.get("extra", DEFAULT_EXTRA))
    except ValueError:
        return DEFAULT_EXTRA


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    project = _project(request.user, pk)
    plan = plan_selectors.editable_plan(request.user, project)
    if plan is None:
        raise PermissionDenied
    page = PlanPage(request.POST or None, plan=plan, project=project, extra=_extra(request))
    if request.method == "POST" and page.is_valid():
        try:
            plan = plan_services.save_plan(
                project=project, actor=request.user, **page.save_arguments()
            )
        except EditConflict:
            page.plan_form.add_error(None, str(CONFLICT_MESSAGE))
            current = plan_selectors.latest_plan(project)
            page.refresh_version(current.version if current else 0)
        except ValidationError as error:
            page.add_error(error)
        else:
            response = _after_save(request, project, plan)
            for text in page.warnings():  # allowed, but worth saying (projects/models.py)
                messages.warning(request, text)
            return response
    return render(
        request,
        "projects/plans/form.html",
        {
            "project": project,
            "plan": plan,
            "page": page,
            "introduction": PLAN_INTRODUCTION,
            "error_summary": page.error_summary() if page.has_errors else [],
            "add_rows": ADD_ROWS,
            "request_summary": plan_selectors.request_summary(project),
            "return_remarks": plan_selectors.return_remarks(plan),
        },
        status=400 if page.has_errors else 200,
    )


def _after_save(request, project, plan):
    messages.success(request, _("The plan has been saved."))
    if "submit" in request.POST:
        return redirect("projects:plan_submit", pk=project.pk)
    if "add_rows" in request.POST:
        url = reverse("projects:plan_edit", args=[project.pk])
        return redirect(f"{url}?extra={ADD_ROWS}")
    if "continue" in request.POST:
        return redirect("projects:plan_edit", pk=project.pk)
    return redirect("projects:plan_detail", pk=project.pk, number=plan.number)


def _missing_parts(project, missing: dict) -> list[dict]:
    """What is missing, each with a link to where it is filled in."""
    edit_url = reverse("projects:plan_edit", args=[project.pk])
    labels = {
        **{name: fmt.label for name, fmt in PLAN_FORMAT.items()},
        "change_summary": ProjectPlan._meta.get_field("change_summary").verbose_name,
        "indicators": Indicator._meta.verbose_name_plural,
        "milestones": Milestone._meta.verbose_name_plural,
        "start_date": Project._meta.get_field("start_date").verbose_name,
        "end_date": Project._meta.get_field("end_date").verbose_name,
    }
    anchors = {
        "indicators": "indicators",
        "milestones": "milestones",
        "start_date": "id_project-start_date",
        "end_date": "id_project-end_date",
    }
    return [
        {
            "label": labels.get(name, name),
            "message": " ".join(message if isinstance(message, list) else [message]),
            "url": f"{edit_url}#{anchors.get(name, f'id_{name}')}",
        }
        for name, message in missing.items()
    ]


@require_http_methods(["GET", "POST"])
def plan_submit(request, pk):
    project = _project(request.user, pk)
    plan = plan_selectors.open_plan(project)
    if plan is None and plan_selectors.editable_plan(request.user, project) is not None:
        messages.info(request, _("Write the plan first."))
        return redirect("projects:plan_edit", pk=project.pk)
    if plan is None or not can_submit_plan_version.test(request.user, plan):
        raise PermissionDenied
    form = SubmitForm(request.POST or None)
    missing = plan_services.missing_for_submission(plan)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.submit_plan(plan=plan, actor=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            missing = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        else:
            messages.success(
                request,
                _("The amendment has been submitted and is now with the Platform.")
                if plan.is_amendment
                else _("The plan has been submitted and is now with the Platform."),
            )
            return redirect(project)
    return render(
        request,
        "projects/plans/submit.html",
        {
            "project": project,
            "plan": plan,
            "form": form,
            "missing": _missing_parts(project, missing),
        },
        status=status if missing or form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def plan_amend(request, pk):
    project = _project(request.user, pk)
    if not can_propose_amendment.test(request.user, project):
        raise PermissionDenied
    current = plan_selectors.open_plan(project)
    form = AmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and current is None:
        try:
            plan_services.propose_amendment(
                project=project,
                actor=request.user,
                change_summary=form.cleaned_data["change_summary"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The amendment has been started. Change the plan and submit it.")
            )
            return redirect("projects:plan_edit", pk=project.pk)
    return render(
        request,
        "projects/plans/amend.html",
        {
            "project": project,
            "form": form,
            "current": current,
            "in_force": plan_selectors.plan_in_force(project),
        },
        status=400 if form.errors or (request.method == "POST" and current) else 200,
    )


def plan_detail(request, pk, number):
    project = _project(request.user, pk)
    plan = _version(project, number)
    context = plan_selectors.detail_context(project, request.user, show_details=True)
    return render(
        request,
        "projects/plans/detail.html",
        {
            **context,
            "project": project,
            "plan": plan,
            "document": plan_selectors.plan_document(plan),
        },
    )


def plan_changes(request, pk, number):
    project = _project(request.user, pk)
    plan = _version(project, number)
    previous = _version(project, number - 1) if number > 1 else None
    return render(
        request,
        "projects/plans/changes.html",
        {
            "project": project,
            "plan": plan,
            "previous": previous,
            "comparison": plan_selectors.plan_comparison(plan, previous) if previous else None,
        },
    )
