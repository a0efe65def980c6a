"""The meeting secretary's pages: actiepunten, sending the agenda, and the calendar.

Thin: projects.meetings.actions, .invitation and .calendar do the work; projects.permissions
decides who may (docs/ARCHITECTURE.md §4).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from platform_ivz.core.models import Meeting
from projects.meetings import actions as action_service
from projects.meetings import calendar as meeting_calendar
from projects.meetings import invitation
from projects.meetings import selectors as meeting_selectors
from projects.meetings.action_forms import ActionForm, CompleteActionForm
from projects.models import ActionItem
from projects.permissions import can_add_action, can_complete_action, can_send_agenda

PAGE_SIZE = 25


def _meeting(user, pk) -> Meeting:
    try:
        return meeting_selectors.meeting_for_user(user, pk)
    except Meeting.DoesNotExist:
        raise Http404 from None


def _action(user, pk) -> ActionItem:
    try:
        return action_service.action_for_user(user, pk)
    except ActionItem.DoesNotExist:
        raise Http404 from None


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
    else:
        form.add_error(None, error)


def detail_context(meeting: Meeting, user) -> dict:
    """What the meeting page's sections of this module show (projects/meetings/_actions.html,
    _sending.html): the actions and the agenda's sendings."""
    actions = action_service.meeting_actions(meeting, user)
    for action in actions:
        action.can_complete = can_complete_action.test(user, action)
    return {
        "actions": actions,
        "can_add_action": can_add_action.test(user),
        "sendings": invitation.sendings(meeting),
        "can_send_agenda": can_send_agenda.test(user, meeting) and not invitation.is_past(meeting),
    }


# --- Actiepunten -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def action_add(request, pk):
    meeting = _meeting(request.user, pk)
    if not can_add_action.test(request.user):
        raise PermissionDenied
    initial = {"due_date": None}
    if request.method == "GET" and request.GET.get("item", "").isdigit():
        initial["agenda_item"] = int(request.GET["item"])
    form = ActionForm(request.POST or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = action_service.add_action(
                meeting=meeting,
                actor=request.user,
                item=data["agenda_item"],
                description=data["description"],
                owner=data["owner"],
                due_date=data["due_date"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("The action has been recorded; %(name)s has been told by e-mail.")
                % {"name": action.owner.get_full_name() or action.owner.username},
            )
            return redirect(action_service.action_url(action))
    return render(
        request,
        "projects/meetings/action_form.html",
        {"meeting": meeting, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def action_done(request, action_pk):
    """The action with a note field: the page is the confirmation, its post marks it done."""
    action = _action(request.user, action_pk)
    if action.status == ActionItem.Status.DONE:
        messages.info(request, _("This action item has already been marked done."))
        return redirect(action_service.action_url(action))
    if not can_complete_action.test(request.user, action):
        raise PermissionDenied
    form = CompleteActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action_service.complete_action(
                action=action, actor=request.user, note=form.cleaned_data["note"]
            )
        except action_service.AlreadyDone as error:
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(request, _("The action has been marked done."))
        return redirect(action_service.action_url(action))
    action.is_overdue = action_service.mark_overdue([action])[0].is_overdue
    return render(
        request,
        "projects/meetings/action_done.html",
        {
            "action": action,
            "item_label": action_service.item_label(action.agenda_item),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


FILTER_LABELS = {
    "open": _("Open"),
    "overdue": _("Overdue"),
    "done": _("Done"),
    "all": _("All"),
}


def action_list(request):
    name = request.GET.get("status", "open")
    if name not in action_service.FILTERS:
        name = "open"
    mine = request.GET.get("mine") == "1"
    actions = action_service.action_list(request.user, name, mine=mine)
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = action_service.mark_overdue(page.object_list)
    for action in page.object_list:
        action.item_label = action_service.item_label(action.agenda_item)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/meetings/action_list.html",
        {
            "page": page,
            "status": name,
            "mine": mine,
            "filters": [(key, FILTER_LABELS[key]) for key in action_service.FILTERS],
            "query": query.urlencode(),
        },
    )


# --- Sending the agenda ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def agenda_send(request, pk):
    meeting = _meeting(request.user, pk)
    if not can_send_agenda.test(request.user, meeting):
        raise PermissionDenied
    if invitation.is_past(meeting):
        messages.info(request, _("This meeting has taken place; its agenda is not sent any more."))
        return redirect("meetings:detail", pk=pk)
    sendings = invitation.sendings(meeting)
    error = ""
    if request.method == "POST":
        expected = request.POST.get("sendings", "")
        try:
            sending = invitation.send_agenda(
                meeting=meeting,
                actor=request.user,
                expected_sendings=int(expected) if expected.isdigit() else len(sendings),
            )
        except invitation.SentInBetween as refused:
            messages.info(request, " ".join(refused.messages))
            return redirect("meetings:detail", pk=pk)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(
                request,
                _("The agenda has been sent to %(count)d members.")
                % {"count": sending.recipient_count},
            )
            return redirect(reverse("meetings:detail", args=[pk]) + "#agenda-verstuurd")
    return render(
        request,
        "projects/meetings/agenda_send.html",
        {
            "meeting": meeting,
            "sendings": sendings,
            "is_change": bool(sendings),
            "recipient_count": invitation.recipients(meeting).count(),
            "agenda": invitation.agenda_lines(meeting),
            "errors": [error] if error else [],
        },
        status=400 if error else 200,
    )


# --- Calendar --------------------------------------------------------------------------------


def _ics_response(content: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    add_never_cache_headers(response)
    return response


@require_safe
def meeting_ics(request, pk):
    meeting = _meeting(request.user, pk)
    content = meeting_calendar.calendar_bytes([meeting], name=meeting_calendar.feed_name())
    filename = f"vergadering-{meeting.body}-{meeting.date:%Y-%m-%d}.ics"
    return _ics_response(content, filename, attachment=True)


@login_not_required
@require_safe
def calendar_feed(request, token):
    """The personal feed, fetched by a calendar program without a session: the token is the
    key. Unknown, revoked or renewed tokens and inactive users get 404; nothing is cached."""
    user = meeting_calendar.user_for_token(token)
    if user is None:
        raise Http404
    content = meeting_calendar.calendar_bytes(
        meeting_calendar.feed_meetings(user), name=meeting_calendar.feed_name()
    )
    response = _ics_response(content, "vergaderingen.ics", attachment=False)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_http_methods(["GET", "POST"])
def calendar_subscription(request):
    """The user's calendar address: made or renewed by a post, shown once in its answer."""
    new_url = ""
    if request.method == "POST":
        token = meeting_calendar.create_token(user=request.user)
        new_url = meeting_calendar.feed_url(token)
    return render(
        request,
        "projects/meetings/calendar_subscription.html",
        {
            "token": meeting_calendar.token_of(request.user),
            "new_url": new_url,
            "bodies": meeting_calendar.body_labels(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def calendar_revoke(request):
    token = meeting_calendar.token_of(request.user)
    if token is None:
        messages.info(request, _("You have no calendar address."))
        return redirect("meetings:calendar")
    if request.method == "POST":
        meeting_calendar.revoke_token(user=request.user)
        messages.success(request, _("The calendar address has been revoked; it no longer works."))
        return redirect("meetings:calendar")
    return render(request, "projects/meetings/calendar_revoke.html", {"token": token})
