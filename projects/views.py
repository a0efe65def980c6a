from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from projects import (
    evaluation_selectors,
    meeting_selectors,
    plan_selectors,
    portfolio,
    report_selectors,
    report_services,
    selectors,
    services,
)
from projects.filters import PortfolioFilter
from projects.forms import AssignPeopleForm
from projects.models import Project
from projects.permissions import (
    can_assign_people,
    can_view_project_details,
    can_write_progress_report,
)

PAGE_SIZE = 25


def project_list(request):
    """The portfolio: filtered, paginated, with a timeline; `?export=csv|xlsx` exports it all."""
    filterset = PortfolioFilter(request.GET, queryset=portfolio.portfolio_projects(request.user))
    export = request.GET.get("export")
    if export in portfolio.EXPORT_FORMATS:
        return portfolio.export_response(portfolio.portfolio_rows(filterset.qs), export)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = portfolio.portfolio_rows(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(
        request,
        "projects/project_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            **portfolio.timeline_context(rows),
        },
    )


def project_detail(request, pk):
    project = get_object_or_404(selectors.visible_projects(request.user), pk=pk)
    show_details = can_view_project_details.test(request.user, project)
    if can_write_progress_report.test(request.user, project):
        # The projectleider finds the reports that are owed, even before the nightly run.
        report_services.ensure_due_reports(projects=[project])
    context = {
        "project": project,
        "show_details": show_details,
        "can_assign": can_assign_people.test(request.user, project),
        "events": project.events.select_related("actor", "meeting"),
    }
    # Each area of the project's life fills its own section of the page.
    for area in (plan_selectors, report_selectors, evaluation_selectors, meeting_selectors):
        context.update(area.detail_context(project, request.user, show_details=show_details))
    return render(request, "projects/project_detail.html", context)


@require_http_methods(["GET", "POST"])
def project_assign(request, pk):
    project = get_object_or_404(selectors.visible_projects(request.user), pk=pk)
    if not can_assign_people.test(request.user, project):
        raise PermissionDenied
    form = AssignPeopleForm(
        request.POST or None,
        initial={
            "projectleider": project.projectleider_id,
            "portefeuillehouder": project.portefeuillehouder_id,
            "version": project.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_people(
                project=project,
                actor=request.user,
                # Sent by every browser; a post without it (a script) is not checked.
                expected_version=form.cleaned_data["version"],
                **form.people(),
            )
        except services.EditConflict:
            current = Project.objects.select_related("projectleider", "portefeuillehouder").get(
                pk=project.pk
            )
            form.add_error(
                None,
                _(
                    "Someone else assigned people to this project after you opened the page, so "
                    "nothing has been saved. Now assigned: project leader %(leader)s, portfolio "
                    "holder %(holder)s. Your choice is still in the form below; save again to "
                    "replace theirs."
                )
                % {
                    "leader": current.projectleider or _("none"),
                    "holder": current.portefeuillehouder or _("none"),
                },
            )
            form.data = form.data.copy()
            form.data["version"] = current.version
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The people have been assigned."))
            return redirect(project)
    return render(
        request,
        "projects/project_assign.html",
        {"project": project, "form": form},
        status=400 if form.errors else 200,
    )
