"""Meetings, their agenda and decisions (/vergaderingen/). Thin: services do the work."""

import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from platform_ivz.core.audit import AuditEvent, record
from platform_ivz.core.editing import EditConflict, refuse_stale_edit
from platform_ivz.core.models import Meeting
from projects.meetings import action_views
from projects.meetings import selectors as meeting_selectors
from projects.meetings import services as meeting_services
from projects.meetings.forms import (
    AgendaItemForm,
    AttendanceForm,
    DecisionForm,
    FreeItemForm,
    ItemMinutesForm,
    MeetingFilter,
    MeetingForm,
)
from projects.models import AgendaItem
from projects.permissions import (
    can_add_free_item,
    can_add_minutes_item,
    can_adopt_minutes,
    can_change_agenda,
    can_decide_agenda_item,
    can_delete_meeting,
    can_edit_free_item,
    can_edit_meeting,
    can_manage_meetings,
    can_record_decisions,
    can_record_item_minutes,
    can_record_minutes,
    can_remove_agenda_item,
    is_held_meeting,
)

PAGE_SIZE = 25

LISTS = {
    # scope: (title, selector)
    "upcoming": (gettext_lazy("Upcoming meetings"), meeting_selectors.upcoming),
    "past": (gettext_lazy("Past meetings"), meeting_selectors.past),
}


def _meeting(user, pk) -> Meeting:
    try:
        return meeting_selectors.meeting_for_user(user, pk)
    except Meeting.DoesNotExist:
        raise Http404 from None


def _item(meeting, user, item_pk) -> AgendaItem:
    try:
        return meeting_selectors.agenda_item(meeting, user, item_pk)
    except AgendaItem.DoesNotExist:
        raise Http404 from None


def meeting_url(pk) -> str:
    return reverse("meetings:detail", args=[pk])


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error)


def meeting_list(request, scope="upcoming"):
    title, selector = LISTS[scope]
    filterset = MeetingFilter(request.GET, queryset=selector(request.user))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/meetings/list.html",
        {
            "title": title,
            "scope": scope,
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "may_create": can_manage_meetings.test(request.user),
            # Beside the meetings to come, everything that waits for one of their agendas
            # (the werkvoorraad's "Te agenderen" shows the first few and leads here).
            "waiting": meeting_selectors.everything_waiting(request.user)
            if scope == "upcoming"
            else None,
            "shows_waiting": scope == "upcoming" and can_record_decisions.test(request.user),
        },
    )


def _form_page(request, form, meeting=None, status=200):
    return render(
        request, "projects/meetings/form.html", {"form": form, "meeting": meeting}, status=status
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request):
    if not can_manage_meetings.test(request.user):
        raise PermissionDenied
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_services.create_meeting(actor=request.user, data=form.content())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The meeting has been created."))
            return redirect("meetings:detail", pk=meeting.pk)
    return _form_page(request, form, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = _meeting(request.user, pk)
    if not can_edit_meeting.test(request.user, meeting):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.update_meeting(
                meeting=meeting,
                actor=request.user,
                data=form.content(),
                expected_version=form.cleaned_data["version"] or 0,
            )
        except EditConflict:
            refuse_stale_edit(
                form,
                _(
                    "Someone else changed this meeting after you opened it. Your changes are "
                    "still in the form below; open the meeting in a new tab to compare, then "
                    "save again."
                ),
                version=Meeting.objects.get(pk=pk).version,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect("meetings:detail", pk=pk)
    return _form_page(request, form, meeting, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def meeting_delete(request, pk):
    meeting = _meeting(request.user, pk)
    if not can_manage_meetings.test(request.user):
        raise PermissionDenied
    if not can_delete_meeting.test(request.user, meeting):
        messages.error(
            request, _("Decisions have been recorded in this meeting, so it cannot be deleted.")
        )
        return redirect("meetings:detail", pk=pk)
    if request.method == "POST":
        try:
            meeting_services.delete_meeting(meeting=meeting, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("meetings:detail", pk=pk)
        messages.success(request, _("The meeting has been deleted."))
        return redirect("meetings:list")
    return render(request, "projects/meetings/confirm_delete.html", {"meeting": meeting})


def meeting_detail(request, pk):
    meeting = _meeting(request.user, pk)
    user = request.user
    page = meeting_selectors.meeting_page(meeting, user)
    may_record_minutes = can_record_minutes.test(user, meeting)
    for item in page.agenda:
        item.can_remove = can_remove_agenda_item.test(user, item)
        item.can_decide = can_decide_agenda_item.test(user, item)
        item.can_edit = can_edit_free_item.test(user, item)
        item.can_record_minutes = may_record_minutes
        item.can_adopt = item.kind == AgendaItem.Kind.MINUTES and can_adopt_minutes.test(user, item)
    return render(
        request,
        "projects/meetings/detail.html",
        {
            "meeting": meeting,
            "page": page,
            "held": is_held_meeting.test(user, meeting),
            "can_edit": can_edit_meeting.test(user, meeting),
            "can_delete": can_delete_meeting.test(user, meeting),
            "can_change_agenda": can_change_agenda.test(user, meeting),
            "can_add_free_item": can_add_free_item.test(user, meeting),
            "can_add_minutes_item": can_add_minutes_item.test(user, meeting),
            "can_record_decisions": can_record_decisions.test(user),
            "can_record_minutes": may_record_minutes,
            "secretary": action_views.detail_context(meeting, user),
        },
    )


@require_http_methods(["GET", "POST"])
def agenda_add(request, pk):
    meeting = _meeting(request.user, pk)
    if not can_change_agenda.test(request.user, meeting):
        raise PermissionDenied
    form = AgendaItemForm(request.POST or None, meeting=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.add_agenda_item(meeting=meeting, actor=request.user, **form.chosen())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The item has been put on the agenda."))
            return redirect("meetings:detail", pk=pk)
    return render(
        request,
        "projects/meetings/agenda_add.html",
        {"meeting": meeting, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def agenda_move(request, pk, item_pk):
    meeting = _meeting(request.user, pk)
    item = _item(meeting, request.user, item_pk)
    if not can_change_agenda.test(request.user, meeting):
        raise PermissionDenied
    meeting_services.move_agenda_item(
        item=item, actor=request.user, up=request.POST.get("direction") == "up"
    )
    return redirect(f"{meeting_url(pk)}#agendapunt-{item.pk}")


@require_http_methods(["GET", "POST"])
def agenda_remove(request, pk, item_pk):
    meeting = _meeting(request.user, pk)
    item = _item(meeting, request.user, item_pk)
    if not can_manage_meetings.test(request.user):
        raise PermissionDenied
    if not can_remove_agenda_item.test(request.user, item):
        messages.error(request, _("A decided item stays on the agenda."))
        return redirect("meetings:detail", pk=pk)
    if request.method == "POST":
        try:
            meeting_services.remove_agenda_item(item=item, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The item has been taken off the agenda."))
        return redirect("meetings:detail", pk=pk)
    return render(request, "projects/meetings/item_remove.html", {"meeting": meeting, "item": item})


@require_http_methods(["GET", "POST"])
def agenda_decide(request, pk, item_pk):
    """Choose a decision, see what it will do, confirm: two posts, no JavaScript needed."""
    meeting = _meeting(request.user, pk)
    item = _item(meeting, request.user, item_pk)
    if not can_record_decisions.test(request.user) or item.is_free:
        raise PermissionDenied
    if request.method == "GET" and item.decision != AgendaItem.Decision.OPEN:
        messages.info(request, _("A decision on this agenda item has already been recorded."))
        return redirect("meetings:detail", pk=pk)
    form = DecisionForm(request.POST or None, meeting=meeting, item=item)
    held = is_held_meeting.test(request.user, meeting)
    confirming = False
    if request.method == "POST" and not held:
        form.add_error(None, _("This meeting has not taken place yet."))
    elif request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        if not form.cleaned_data["confirmed"] or "change" in request.POST:
            confirming = "change" not in request.POST
        else:
            try:
                meeting_services.record_decision(
                    item=item,
                    actor=request.user,
                    decision=decision,
                    remarks=form.cleaned_data["remarks"],
                )
            except meeting_services.AlreadyDecided as error:
                messages.info(request, " ".join(error.messages))
                return redirect("meetings:detail", pk=pk)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The decision has been recorded.")
                    + " "
                    + meeting_selectors.decision_outcome(item, decision),
                )
                return redirect(f"{meeting_url(pk)}#besluitenlijst-titel")
    return render(
        request,
        "projects/meetings/decision.html",
        {
            "meeting": meeting,
            "item": item,
            "form": form,
            "held": held,
            "confirming": confirming,
            "outcome": (
                meeting_selectors.decision_outcome(item, form.cleaned_data["decision"])
                if confirming
                else ""
            ),
            "decision_label": (
                dict(form.fields["decision"].choices).get(form.cleaned_data["decision"])
                if confirming
                else ""
            ),
        },
        status=400 if form.errors else 200,
    )


# --- Free items ------------------------------------------------------------------------------

STALE_MESSAGE = gettext_lazy(
    "Someone else changed this after you opened it. Your changes are still in the form "
    "below; open the meeting in a new tab to compare, then save again."
)


def _free_item_page(request, meeting, form, item=None):
    return render(
        request,
        "projects/meetings/free_item_form.html",
        {"meeting": meeting, "form": form, "item": item},
        status=400 if form.errors else 200,
    )


@require_POST
def agenda_add_minutes(request, pk):
    """Put "vaststellen verslag vorige vergadering" back on the agenda (a button, no page)."""
    meeting = _meeting(request.user, pk)
    if not can_add_free_item.test(request.user, meeting):
        raise PermissionDenied
    try:
        item = meeting_services.add_minutes_item(meeting=meeting, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:detail", pk=pk)
    messages.success(
        request,
        _("The minutes of the meeting of %(date)s are on the agenda for adoption.")
        % {"date": item.minutes_of.date.strftime("%d-%m-%Y")},
    )
    return redirect(f"{meeting_url(pk)}#agendapunt-{item.pk}")


@require_http_methods(["GET", "POST"])
def agenda_free_add(request, pk):
    meeting = _meeting(request.user, pk)
    if not can_add_free_item.test(request.user, meeting):
        raise PermissionDenied
    form = FreeItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = meeting_services.add_free_item(
                meeting=meeting,
                actor=request.user,
                data=form.content(),
                attachment=form.cleaned_data["attachment"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The item has been put on the agenda."))
            return redirect(f"{meeting_url(pk)}#agendapunt-{item.pk}")
    return _free_item_page(request, meeting, form)


@require_http_methods(["GET", "POST"])
def agenda_free_edit(request, pk, item_pk):
    meeting = _meeting(request.user, pk)
    item = _item(meeting, request.user, item_pk)
    if not can_edit_free_item.test(request.user, item):
        raise PermissionDenied
    form = FreeItemForm(request.POST or None, request.FILES or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.update_free_item(
                item=item,
                actor=request.user,
                data=form.content(),
                attachment=form.cleaned_data["attachment"],
                remove_attachment=form.cleaned_data.get("remove_attachment", False),
                expected_stamp=form.cleaned_data["stamp"] or None,
            )
        except EditConflict:
            current = AgendaItem.objects.get(pk=item.pk)
            refuse_stale_edit(form, STALE_MESSAGE, stamp=meeting_services.free_item_stamp(current))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The agenda item has been saved."))
            return redirect(f"{meeting_url(pk)}#agendapunt-{item.pk}")
    return _free_item_page(request, meeting, form, item)


def agenda_attachment(request, pk, item_pk):
    """A free item's attachment: for everyone who may read the meeting (every signed-in
    user, docs/ARCHITECTURE.md §4); offered under its checked name."""
    meeting = _meeting(request.user, pk)
    item = _item(meeting, request.user, item_pk)
    if not item.attachment:
        raise Http404
    content_type, _encoding = mimetypes.guess_type(item.attachment_name)
    response = FileResponse(
        item.attachment.open("rb"),
        as_attachment=True,
        filename=item.attachment_name,
        content_type=content_type or "application/octet-stream",
    )
    record(
        AuditEvent.Event.ATTACHMENT_DOWNLOADED,
        request=request,
        obj=item,
        object_repr=item.attachment_name,
        detail={"meeting": meeting.pk},
    )
    return response


# --- The verslag -----------------------------------------------------------------------------


def _minutes_refusal(meeting) -> str:
    """Why a meeting's verslag cannot be written (not held yet, or adopted)."""
    if not is_held_meeting.test(None, meeting):
        return _("The minutes are recorded from the day of the meeting on.")
    return _("The minutes of this meeting have been adopted and can no longer change.")


def _minutes_form_page(
    request, meeting, form, *, editable, save, fresh_stamp, saved, template, context
):
    """A part of the verslag (an item's minutes, the attendance): disabled once the verslag
    can no longer change, refused with the reason if posted then, and saved through `save`
    with the stamp the form was opened with (`fresh_stamp` gives the current one after a
    conflict). `saved` is the success message and where to go next."""
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST":
        if not editable:
            form.is_valid()
            form.add_error(None, _minutes_refusal(meeting))
        elif form.is_valid():
            try:
                save(form.cleaned_data["stamp"] or None)
            except EditConflict:
                refuse_stale_edit(form, STALE_MESSAGE, stamp=fresh_stamp())
            except ValidationError as error:
                _add_errors(form, error)
            else:
                message, next_url = saved
                messages.success(request, message)
                return redirect(next_url)
    return render(
        request,
        template,
        {
            **context,
            "meeting": meeting,
            "form": form,
            "editable": editable,
            "refusal": "" if editable else _minutes_refusal(meeting),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def agenda_minutes(request, pk, item_pk):
    """The verslag of one item: its note and, for a free item, its decisions as text."""
    meeting = _meeting(request.user, pk)
    item = _item(meeting, request.user, item_pk)
    if not can_record_decisions.test(request.user):
        raise PermissionDenied
    form = ItemMinutesForm(request.POST if request.method == "POST" else None, item=item)

    def save(stamp):
        meeting_services.record_item_minutes(
            item=item,
            actor=request.user,
            note=form.cleaned_data["note"],
            decision_text=form.cleaned_data.get("decision_text", ""),
            expected_stamp=stamp,
        )

    return _minutes_form_page(
        request,
        meeting,
        form,
        editable=can_record_item_minutes.test(request.user, item),
        save=save,
        fresh_stamp=lambda: meeting_services.item_minutes_stamp(AgendaItem.objects.get(pk=item.pk)),
        saved=(
            _("The minutes of the item have been saved."),
            f"{meeting_url(pk)}#verslag-punt-{item.pk}",
        ),
        template="projects/meetings/item_minutes.html",
        context={"item": item},
    )


@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    """Attendance of every member of the body, in one form."""
    meeting = _meeting(request.user, pk)
    if not can_record_decisions.test(request.user):
        raise PermissionDenied
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        rows=meeting_selectors.attendance(meeting),
        stamp=meeting_services.attendance_stamp(meeting),
    )

    def save(stamp):
        meeting_services.record_attendance(
            meeting=meeting, actor=request.user, presence=form.presence(), expected_stamp=stamp
        )

    return _minutes_form_page(
        request,
        meeting,
        form,
        editable=can_record_minutes.test(request.user, meeting),
        save=save,
        fresh_stamp=lambda: meeting_services.attendance_stamp(meeting),
        saved=(_("The attendance has been saved."), f"{meeting_url(pk)}#aanwezigheid-titel"),
        template="projects/meetings/attendance.html",
        context={},
    )


@require_http_methods(["GET", "POST"])
def minutes_adopt(request, pk, item_pk):
    """Adopt the earlier meeting's verslag under the item "vaststellen verslag": a page that
    shows that verslag and asks to confirm; the POST adopts it."""
    meeting = _meeting(request.user, pk)
    item = _item(meeting, request.user, item_pk)
    if not can_record_decisions.test(request.user) or item.kind != AgendaItem.Kind.MINUTES:
        raise PermissionDenied
    if item.decision != AgendaItem.Decision.OPEN:
        messages.info(request, _("These minutes have already been adopted."))
        return redirect(f"{meeting_url(pk)}#agendapunt-{item.pk}")
    earlier = meeting_selectors.meeting_for_user(request.user, item.minutes_of_id)
    errors = []
    if request.method == "POST":
        try:
            meeting_services.adopt_minutes(item=item, actor=request.user)
        except meeting_services.AlreadyDecided:
            messages.info(request, _("These minutes have already been adopted."))
            return redirect(f"{meeting_url(pk)}#agendapunt-{item.pk}")
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("The minutes of the meeting of %(date)s have been adopted.")
                % {"date": earlier.date.strftime("%d-%m-%Y")},
            )
            return redirect(f"{meeting_url(pk)}#agendapunt-{item.pk}")
    return render(
        request,
        "projects/meetings/minutes_adopt.html",
        {
            "meeting": meeting,
            "item": item,
            "earlier": earlier,
            "earlier_page": meeting_selectors.meeting_page(earlier, request.user),
            "may_adopt": can_adopt_minutes.test(request.user, item),
            "held": is_held_meeting.test(request.user, meeting),
            "errors": errors,
        },
        status=400 if errors else 200,
    )
