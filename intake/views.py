from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from intake import selectors, services
from intake.filters import ProjectRequestFilter
from intake.formats import CRITERIA_HEADING, INTRODUCTION, REQUEST_FULL_FORMAT
from intake.forms import ProjectRequestForm, ScreeningForm, TransitionForm
from intake.models import ProjectRequest
from intake.permissions import (
    can_edit_request,
    can_screen_request,
    is_indiener,
    may_submit_requests,
)
from intake.workflow import (
    APPROVE,
    DECISIONS,
    PAGE_TRANSITIONS,
    REJECT,
    REQUEST_WORKFLOW,
    SUBMIT,
)
from platform_ivz.core.audit import AuditEvent, record
from platform_ivz.core.editing import EditConflict, refuse_stale_edit
from platform_ivz.core.permissions import is_reviewer
from platform_ivz.core.reference import Theme
from platform_ivz.core.workflow import StaleTransition

PAGE_SIZE = 25


def is_reviewer_of(user, project_request) -> bool:
    return bool(is_reviewer.test(user)) and not is_indiener.test(user, project_request)


LISTS = {
    # scope: (title, selector)
    "all": (gettext_lazy("Project requests"), selectors.visible_requests),
    "mine": (gettext_lazy("My requests"), selectors.own_organisation_requests),
    "review": (gettext_lazy("To review"), selectors.requests_to_review),
}


def _get_request(user, pk) -> ProjectRequest:
    try:
        return selectors.request_for_user(user, pk)
    except ProjectRequest.DoesNotExist:
        raise Http404 from None


def request_list(request, scope="all"):
    title, selector = LISTS[scope]
    filterset = ProjectRequestFilter(
        request.GET, queryset=selectors.for_list(selector(request.user))
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "intake/request_list.html",
        {
            "title": title,
            "scope": scope,
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "may_create": may_submit_requests.test(request.user),
        },
    )


def _form_page(request, form, project_request=None, status=200):
    return render(
        request,
        "intake/request_form.html",
        {
            "form": form,
            "project_request": project_request,
            "introduction": INTRODUCTION,
            # In "Aanvulling gevraagd" the question stands above the form it is answered in.
            "open_question": project_request and selectors.open_question(project_request),
            "can_submit": project_request is None
            or REQUEST_WORKFLOW.get("submit").available(request.user, project_request),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def request_create(request):
    if not may_submit_requests.test(request.user):
        raise PermissionDenied
    form = ProjectRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            project_request = services.create_request(
                author=request.user,
                data=form.content(),
                gemeenten=form.cleaned_data["gemeenten"],
                files=form.cleaned_data["attachments"],
                submit="submit" in request.POST,
            )
        except ValidationError as error:
            _refused(request, form, error)
        else:
            return _after_save(request, project_request)
    return _form_page(request, form, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def request_edit(request, pk):
    project_request = _get_request(request.user, pk)
    if not can_edit_request.test(request.user, project_request):
        raise PermissionDenied
    form = ProjectRequestForm(request.POST or None, request.FILES or None, instance=project_request)
    if request.method == "POST" and form.is_valid():
        try:
            project_request = services.update_request(
                request=project_request,
                actor=request.user,
                data=form.content(),
                gemeenten=form.cleaned_data["gemeenten"],
                expected_version=form.cleaned_data["version"] or 0,
                files=form.cleaned_data["attachments"],
                submit="submit" in request.POST,
            )
        except ValidationError as error:
            _refused(request, form, error)
        except EditConflict:
            refuse_stale_edit(
                form,
                _(
                    "Someone else changed this request after you opened it. Your text is still "
                    "in the form below; open the request in a new tab to compare, then save again."
                ),
                version=ProjectRequest.objects.get(pk=pk).version,
            )
        else:
            return _after_save(request, project_request)
    return _form_page(request, form, project_request, status=400 if form.errors else 200)


def _refused(request, form, error):
    """Nothing was written: the errors go next to their fields, what was typed stays."""
    form.add_error(None, error)
    if "submit" in request.POST:
        messages.warning(
            request,
            _(
                "The request has not been submitted and nothing has been saved: complete the "
                "fields marked below, or save it as a draft."
            ),
        )


def _after_save(request, project_request):
    if "submit" in request.POST:
        messages.success(request, REQUEST_WORKFLOW.get(SUBMIT).done_text())
    elif project_request.status == ProjectRequest.Status.CONCEPT:
        messages.success(
            request,
            _("The draft has been saved. Only your organisation can see it until you submit it."),
        )
    else:
        messages.success(request, _("The request has been saved."))
    return redirect(project_request)


def request_detail(request, pk):
    project_request = _get_request(request.user, pk)
    user = request.user
    return render(
        request,
        "intake/request_detail.html",
        {
            "project_request": project_request,
            "format": _format(project_request),
            "assessments": project_request.assessments.all(),
            "criteria_heading": CRITERIA_HEADING,
            "attachments": project_request.attachments.all(),
            "timeline": selectors.timeline(project_request),
            "open_question": selectors.open_question(project_request),
            "can_edit": can_edit_request.test(user, project_request),
            "can_screen": can_screen_request.test(user, project_request),
            "transitions": [
                t
                for t in REQUEST_WORKFLOW.available(user, project_request)
                if t.name in PAGE_TRANSITIONS
            ],
        },
    )


@require_http_methods(["GET", "POST"])
def request_transition(request, pk, name):
    project_request = _get_request(request.user, pk)
    if name not in PAGE_TRANSITIONS:
        raise Http404
    transition = REQUEST_WORKFLOW.check(name, request.user, project_request)
    form = TransitionForm(request.POST or None, transition=transition)
    if request.method == "POST" and form.is_valid():
        service = {"submit": services.submit_request, "withdraw": services.withdraw_request}[name]
        try:
            service(request=project_request, actor=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            if hasattr(error, "error_dict") and "note" not in error.error_dict:
                messages.error(
                    request, _("The request is not complete yet: please fill in every part.")
                )
                return redirect("intake:edit", pk=pk)
            form.add_error(None, error)
        else:
            messages.success(request, transition.done_text())
            return redirect(project_request)
    return render(
        request,
        "intake/request_transition.html",
        {"project_request": project_request, "transition": transition, "form": form},
        status=400 if form.errors else 200,
    )


def _format(project_request) -> list[tuple[str, str]]:
    """(label, text) of every part of the request's format: appendix 4, then the rest of §7."""
    return [
        (fmt.label, getattr(project_request, name)) for name, fmt in REQUEST_FULL_FORMAT.items()
    ]


@require_http_methods(["GET", "POST"])
def request_screen(request, pk):
    """Score the five criteria and take a step. A step (ask, approve, reject) is checked for its
    grounds first, then shown on a confirmation page that carries the screening along hidden;
    only the confirmed post writes (docs/ARCHITECTURE.md §3.1)."""
    project_request = _get_request(request.user, pk)
    if not can_screen_request.test(request.user, project_request):
        if request.method == "POST" and is_reviewer_of(request.user, project_request):
            # A reviewer whose page went stale: someone else decided in the meantime.
            raise StaleTransition(obj=project_request)
        raise PermissionDenied
    saved = {a.criterion: (a.met, a.note) for a in project_request.assessments.all()}
    form_options = {
        "initial_assessments": {**services.suggested_assessments(project_request), **saved},
        "seen": services.screening_stamp(project_request),
        "proposed_theme": project_request.theme,
    }
    form = ScreeningForm(request.POST or None, **form_options)
    action = request.POST.get("action", "save")
    if request.method == "POST" and form.is_valid() and "back" not in request.POST:
        if action in DECISIONS and not request.POST.get("confirmed"):
            try:
                services.check_decision(
                    action=action,
                    assessments={key: met for key, (met, _note) in form.assessments().items()},
                    motivation=form.cleaned_data["motivation"],
                    override_motivation=form.cleaned_data["override_motivation"],
                    theme=form.cleaned_data["theme"] or project_request.theme,
                )
            except ValidationError as error:
                _add_screening_errors(form, error)
                if action in (APPROVE, REJECT):
                    _mark_open_criteria(form)
            else:
                return _confirm_decision(request, project_request, form, action, form_options)
        else:
            response = _take_screening_step(request, project_request, form, action)
            if response is not None:
                return response
    return render(
        request,
        "intake/request_screen.html",
        {
            "project_request": project_request,
            "form": form,
            "format": _format(project_request),
            "criteria_heading": CRITERIA_HEADING,
            "decisions": [REQUEST_WORKFLOW.get(name) for name in DECISIONS],
        },
        status=400 if form.errors else 200,
    )


def _confirm_decision(request, project_request, form, action, form_options):
    """What the step will do, with the screening it rests on, and the button that does it."""
    data = request.POST.copy()
    data["confirmed"] = "1"
    carried = ScreeningForm(data, confirming=action, **form_options)
    return render(
        request,
        "intake/request_decide_confirm.html",
        {
            "project_request": project_request,
            "transition": REQUEST_WORKFLOW.get(action),
            "form": carried,
            "criteria": form.criterion_summary(),
            "theme": Theme(form.cleaned_data["theme"] or project_request.theme).label
            if action == APPROVE
            else "",
            "motivation": form.cleaned_data["motivation"],
            "override_motivation": form.cleaned_data["override_motivation"],
            "all_met": all(met for _label, met, _note in form.criterion_summary()),
            "back_label": _("Back to the screening"),
        },
    )


def _take_screening_step(request, project_request, form, action):
    """Save the screening and take the confirmed step; the redirect, or None when refused."""
    try:
        services.screen_request(
            request=project_request,
            actor=request.user,
            assessments=form.assessments(),
            action=action,
            motivation=form.cleaned_data["motivation"],
            override_motivation=form.cleaned_data["override_motivation"],
            theme=form.cleaned_data["theme"],
            expected_stamp=form.cleaned_data["seen"],
        )
    except EditConflict:
        refuse_stale_edit(
            form,
            _(
                "Someone else saved a screening of this request after you opened it, so "
                "nothing has been saved and no decision taken. Your assessments are still in "
                "the form below; open the request in a new tab to compare, then save again."
            ),
            seen=services.screening_stamp(project_request),
        )
    except ValidationError as error:
        _add_screening_errors(form, error)
        if action in (APPROVE, REJECT):
            _mark_open_criteria(form)
    else:
        if action in DECISIONS:
            messages.success(request, REQUEST_WORKFLOW.get(action).done_text())
        else:
            messages.success(request, _("The screening has been saved."))
        return redirect(project_request)
    return None


def _add_screening_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error("motivation" if field == "note" else field, field_errors)
    else:
        form.add_error(None, error)


def _mark_open_criteria(form):
    """An approval refused for open criteria names them at the top; each open one is also marked
    at its own radio buttons, so that it can be found there and read with them."""
    for key, (met, _note) in form.assessments().items():
        if met is None:
            form.add_error(f"{key}_met", _("Not assessed yet: choose met or not met."))


def attachment_download(request, pk, attachment_pk):
    project_request = _get_request(request.user, pk)
    attachment = get_object_or_404(project_request.attachments, pk=attachment_pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        # Derived now, not stored: rows from before the names were checked are safe too.
        filename=attachment.offered_name,
        content_type=attachment.content_type,
    )
    record(
        AuditEvent.Event.ATTACHMENT_DOWNLOADED,
        request=request,
        obj=attachment,
        object_repr=attachment.original_name,
        detail={"request": project_request.pk},
    )
    return response


@require_http_methods(["GET", "POST"])
def attachment_delete(request, pk, attachment_pk):
    project_request = _get_request(request.user, pk)
    attachment = get_object_or_404(project_request.attachments, pk=attachment_pk)
    if not can_edit_request.test(request.user, project_request):
        raise PermissionDenied
    if request.method == "POST":
        services.remove_attachment(attachment=attachment, actor=request.user)
        messages.success(request, _("The attachment has been removed."))
        return redirect("intake:edit", pk=pk)
    return render(
        request,
        "intake/attachment_confirm_delete.html",
        {"project_request": project_request, "attachment": attachment},
    )
