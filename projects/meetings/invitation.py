"""Sending the agenda ("Agenda versturen", docs/ARCHITECTURE.md §3.5).

The agenda goes by e-mail to the members of the meeting's body (platform_ivz.core.selectors.
body_members), one message each, with the items in order, the time, the place or the online
link, and a link to the vergaderstukken on the meeting page. Every sending is recorded
(AgendaSending: when, by whom, how many); a sending after the first is a changed agenda
("gewijzigde agenda"), which the subject and the text say.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from platform_ivz.core.models import Meeting
from platform_ivz.core.notifications import absolute_url, notify
from platform_ivz.core.selectors import body_members
from projects.meetings.actions import item_label
from projects.models import AgendaItem, AgendaSending
from projects.permissions import can_send_agenda


class SentInBetween(ValidationError):
    """Someone sent the agenda after this user opened the confirmation page (or a double
    click): nothing is sent twice."""

    def __init__(self):
        super().__init__(
            _("The agenda has just been sent (by someone else, or by a second click)."),
            code="sent_in_between",
        )


def recipients(meeting: Meeting):
    """The members of the meeting's body who can be e-mailed."""
    return body_members(meeting.body).exclude(email="")


def sendings(meeting: Meeting) -> list[AgendaSending]:
    """Every sending of the meeting's agenda, the latest first."""
    return list(
        AgendaSending.objects.filter(meeting=meeting)
        .select_related("sent_by")
        .order_by("-sent_at", "-id")
    )


def is_past(meeting: Meeting) -> bool:
    return meeting.date < timezone.localdate()


def agenda_lines(meeting: Meeting) -> list[dict]:
    """The agenda as the e-mail lists it: number, name, presenter and short text."""
    items = AgendaItem.objects.filter(meeting=meeting).select_related("project")
    return [
        {
            "number": number,
            "label": item_label(item),
            "presenter": item.presenter,
            "text": item.text,
        }
        for number, item in enumerate(items.order_by("order", "id"), start=1)
    ]


def subject_for(meeting: Meeting, *, is_change: bool) -> str:
    values = {"body": meeting.get_body_display(), "date": date_format(meeting.date, "j F Y")}
    if is_change:
        return _("Changed agenda: meeting of the %(body)s on %(date)s") % values
    return _("Agenda: meeting of the %(body)s on %(date)s") % values


@transaction.atomic
def send_agenda(*, meeting: Meeting, actor, expected_sendings: int | None = None) -> AgendaSending:
    """E-mail the agenda to the body's members once each and record the sending.

    `expected_sendings`: how many sendings the confirmation page showed; if there are more now,
    SentInBetween and nothing is sent.
    """
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not can_send_agenda.test(actor, locked):
        raise PermissionDenied
    if is_past(locked):
        raise ValidationError(_("This meeting has taken place; its agenda is not sent any more."))
    earlier = AgendaSending.objects.filter(meeting=locked).count()
    if expected_sendings is not None and earlier != expected_sendings:
        raise SentInBetween
    members = list(recipients(locked))
    if not members:
        raise ValidationError(
            _("The %(body)s has no members with an e-mail address.")
            % {"body": locked.get_body_display()}
        )
    sending = AgendaSending.objects.create(
        meeting=locked,
        sent_at=timezone.now(),
        sent_by=actor,
        is_change=earlier > 0,
        recipient_count=len(members),
    )
    meeting_url = reverse("meetings:detail", args=[locked.pk])
    notify(
        members,
        subject=subject_for(locked, is_change=sending.is_change),
        template="projects/meetings/email/agenda",
        context={
            "meeting": locked,
            "is_change": sending.is_change,
            "agenda": agenda_lines(locked),
            "sender": actor,
            "documents_url": absolute_url(f"{meeting_url}#vergaderstukken"),
            "meeting_url": absolute_url(meeting_url),
            "calendar_url": absolute_url(reverse("meetings:meeting_ics", args=[locked.pk])),
        },
    )
    return sending
