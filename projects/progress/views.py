"""Pages of the report area: a project's progress reports, their form and transitions,
beslispunten, and the reviewers' overview of every report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from platform_ivz.core.editing import EditConflict, refuse_stale_edit
from projects import selectors
from projects.models import ProgressReport
from projects.permissions import (
    can_add_beslispunt,
    can_edit_progress_report,
    can_view_project_details,
    can_view_report_overview,
    can_write_progress_report,
)
from projects.progress import selectors as progress_selectors
from projects.progress import services as progress_services
from projects.progress.forms import (
    BeslispuntForm,
    ProgressReportForm,
    ReportFilter,
    report_formsets,
    service_rows,
)
from projects.progress.workflow import ACKNOWLEDGE, REPORT_WORKFLOW, SUBMIT

PAGE_SIZE = 25


def _project(user, pk):
    """The project if its content is visible to the user; a 404 otherwise, as for an unknown
    project, so that not even a confidential project's reports are hinted at."""
    project = get_object_or_404(selectors.visible_projects(user), pk=pk)
    if not can_view_project_details.test(user, project):
        raise Http404
    return project


def _report(user, pk, report_pk) -> ProgressReport:
    project = _project(user, pk)
    try:
        return progress_selectors.report_of_project(project, report_pk)
    except ProgressReport.DoesNotExist:
        raise Http404 from None


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def report_list(request, pk):
    project = _project(request.user, pk)
    can_write = can_write_progress_report.test(request.user, project)
    if can_write:
        # The projectleider finds the reports that are owed, even before the nightly run.
        progress_services.ensure_due_reports(projects=[project])
    return render(
        request,
        "projects/progress/list.html",
        {
            "project": project,
            "page": _page(request, progress_selectors.project_reports(project)),
            "can_write": can_write,
            "can_add_beslispunt": can_add_beslispunt.test(request.user, project),
        },
    )


def report_detail(request, pk, report_pk):
    report = _report(request.user, pk, report_pk)
    detail = progress_selectors.report_detail(report)
    return render(
        request,
        "projects/progress/detail.html",
        {
            "project": report.project,
            "report": report,
            "detail": detail,
            "status_changes": progress_selectors.status_changes(detail.history),
            "can_edit": can_edit_progress_report.test(request.user, report),
            "transitions": REPORT_WORKFLOW.available(request.user, report),
        },
    )


@require_http_methods(["GET", "POST"])
def report_edit(request, pk, report_pk):
    report = _report(request.user, pk, report_pk)
    if not can_edit_progress_report.test(request.user, report):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = ProgressReportForm(data, instance=report)
    formsets = report_formsets(data, progress_selectors.edit_rows(report))
    if request.method == "POST":
        valid = form.is_valid() & all([fs.is_valid() for fs in formsets.values()])
        if valid:
            try:
                progress_services.update_report(
                    report=report,
                    actor=request.user,
                    data=form.content(),
                    expected_version=form.cleaned_data["version"] or 0,
                    **service_rows(formsets),
                )
            except EditConflict:
                refuse_stale_edit(
                    form,
                    _(
                        "Someone else changed this report after you opened it. Your text is "
                        "still in the form below; open the report in a new tab to compare, then "
                        "save again."
                    ),
                    version=ProgressReport.objects.get(pk=report.pk).version,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if "submit" in request.POST:
                    return redirect("projects:report_submit", pk=pk, report_pk=report_pk)
                messages.success(request, _("The progress report has been saved."))
                return redirect("projects:report_detail", pk=pk, report_pk=report_pk)
    has_errors = bool(form.errors) or any(
        fs.total_error_count() for fs in formsets.values() if fs.is_bound
    )
    return render(
        request,
        "projects/progress/form.html",
        {
            "project": report.project,
            "report": report,
            "form": form,
            "formsets": formsets,
            "has_errors": has_errors,
        },
        status=400 if has_errors else 200,
    )


TRANSITION_SERVICES = {
    SUBMIT: (
        progress_services.submit_report,
        lambda: _(
            "The progress report has been submitted. The regional coordinator has been told."
        ),
    ),
    ACKNOWLEDGE: (
        progress_services.acknowledge_report,
        lambda: _(
            "The progress report has been marked as discussed. The project leader has been told."
        ),
    ),
}


@require_http_methods(["GET", "POST"])
def report_transition(request, pk, report_pk, name):
    report = _report(request.user, pk, report_pk)
    transition = REPORT_WORKFLOW.check(name, request.user, report)
    missing = progress_services.missing_for_submission(report) if name == SUBMIT else {}
    errors = []
    if request.method == "POST":
        service, done_message = TRANSITION_SERVICES[name]
        try:
            service(report=report, actor=request.user)
        except ValidationError:
            errors = [_("The report is not complete yet: fill in the parts listed below.")]
            missing = progress_services.missing_for_submission(
                ProgressReport.objects.get(pk=report.pk)
            )
        else:
            messages.success(request, done_message())
            return redirect("projects:report_detail", pk=pk, report_pk=report_pk)
    form = ProgressReportForm(instance=report)
    labels = [form.fields[name_].label for name_ in missing]
    return render(
        request,
        "projects/progress/transition.html",
        {
            "project": report.project,
            "report": report,
            "transition": transition,
            "missing": labels,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def report_overview(request):
    if not can_view_report_overview.test(request.user):
        raise PermissionDenied
    filterset = ReportFilter(
        request.GET,
        queryset=progress_selectors.overview(request.user),
        years=progress_selectors.report_years(),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/progress/overview.html",
        {"filter": filterset, "page": _page(request, filterset.qs), "query": query.urlencode()},
    )


def beslispunt_list(request, pk):
    project = _project(request.user, pk)
    return render(
        request,
        "projects/progress/beslispunt_list.html",
        {
            "project": project,
            "page": _page(request, progress_selectors.project_beslispunten(project)),
            "can_add": can_add_beslispunt.test(request.user, project),
        },
    )


@require_http_methods(["GET", "POST"])
def beslispunt_create(request, pk):
    project = _project(request.user, pk)
    if not can_add_beslispunt.test(request.user, project):
        raise PermissionDenied
    form = BeslispuntForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            progress_services.add_beslispunt(
                project=project, actor=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "The decision point has been added. It goes to the Platform first and "
                    "then to the DVO."
                ),
            )
            return redirect(reverse("projects:beslispunt_list", args=[project.pk]))
    return render(
        request,
        "projects/progress/beslispunt_form.html",
        {"project": project, "form": form},
        status=400 if form.errors else 200,
    )
