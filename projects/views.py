from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from platform_ivz.core.editing import EditConflict, refuse_stale_edit
from projects import selectors, services
from projects.evaluations import selectors as evaluation_selectors
from projects.forms import AssignPeopleForm, ThemeForm
from projects.meetings import selectors as meeting_selectors
from projects.models import Project
from projects.money import project_money
from projects.permissions import (
    can_assign_people,
    can_change_theme,
    can_view_project_details,
    can_write_progress_report,
    is_open,
)
from projects.plans import selectors as plan_selectors
from projects.progress import selectors as progress_selectors
from projects.progress import services as progress_services


def project_detail(request, pk):
    project = get_object_or_404(selectors.visible_projects(request.user), pk=pk)
    show_details = can_view_project_details.test(request.user, project)
    if can_write_progress_report.test(request.user, project):
        # The projectleider finds the reports that are owed, even before the nightly run.
        progress_services.ensure_due_reports(projects=[project])
    context = {
        "project": project,
        "show_details": show_details,
        "can_assign": can_assign_people.test(request.user, project),
        "is_closed": not is_open.test(request.user, project),
        "can_change_theme": can_change_theme.test(request.user, project),
        "events": project.events.select_related("actor", "meeting"),
        # Money planned and spent, by the rule every report uses (docs/ARCHITECTURE.md §6.1).
        "money": project_money([project.pk])[project.pk] if show_details else None,
    }
    # Each area of the project's life fills its own section of the page.
    for area in (plan_selectors, progress_selectors, evaluation_selectors, meeting_selectors):
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
            project = services.assign_people(
                project=project,
                actor=request.user,
                # Sent by every browser; a post without it (a script) is not checked.
                expected_version=form.cleaned_data["version"],
                **form.people(),
            )
        except EditConflict:
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
            if project.status == Project.Status.TE_BEMENSEN:
                messages.success(request, _("The assignment has been saved."))
            else:
                messages.success(
                    request,
                    _(
                        "The assignment has been saved and the people assigned have been told "
                        "by e-mail. The project leader writes the project plan."
                    ),
                )
            return redirect(project)
    return render(
        request,
        "projects/project_assign.html",
        {"project": project, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def project_theme(request, pk):
    project = get_object_or_404(selectors.visible_projects(request.user), pk=pk)
    if not can_change_theme.test(request.user, project):
        raise PermissionDenied
    form = ThemeForm(
        request.POST or None, initial={"theme": project.theme, "version": project.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_theme(
                project=project,
                actor=request.user,
                theme=form.cleaned_data["theme"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict:
            current = Project.objects.get(pk=project.pk)
            refuse_stale_edit(
                form,
                _(
                    "Someone else changed this project after you opened the page, so nothing "
                    "has been saved. Its theme is now %(theme)s; your choice is still in the "
                    "form below, save again to replace it."
                )
                % {"theme": current.get_theme_display()},
                version=current.version,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The theme of the project has been changed."))
            return redirect(project)
    return render(
        request,
        "projects/project_theme.html",
        {"project": project, "form": form},
        status=400 if form.errors else 200,
    )
