"""Meetings in a calendar (docs/ARCHITECTURE.md §3.5): an .ics file per meeting and a personal
iCalendar feed with the meetings of the bodies a user belongs to.

The feed's address holds a secret token, because a calendar program fetches it without
signing in. Only the token's SHA-256 is stored (platform_ivz.core.models.CalendarToken); the
address is shown once, when it is made. Renewing it makes the old address stop working, and
so does revoking it or deactivating the user. Making and revoking are in the security log.
Times are Europe/Amsterdam, with its VTIMEZONE in the file.
"""

import datetime
import hashlib
import secrets
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from platform_ivz.core.audit import AuditEvent, record
from platform_ivz.core.models import CalendarToken, Meeting
from platform_ivz.core.notifications import absolute_url
from platform_ivz.core.selectors import bodies_of

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# How far back the feed reaches: the meetings of the last year and all that are planned.
FEED_HISTORY = datetime.timedelta(days=366)
TOKEN_BYTES = 32


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- The token ------------------------------------------------------------------------------


def token_of(user) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=user).first()


@transaction.atomic
def create_token(*, user) -> str:
    """Make (or renew) the user's calendar token and return it; only its hash is kept."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    _, created = CalendarToken.objects.update_or_create(
        user=user, defaults={"token_hash": _hash(token), "created_at": timezone.now()}
    )
    record(
        AuditEvent.Event.CALENDAR_TOKEN_CREATED,
        user=user,
        object_repr=str(user),
        detail={"renewed": not created},
    )
    return token


@transaction.atomic
def revoke_token(*, user) -> bool:
    """Delete the user's calendar token; False if there was none."""
    deleted, _rows = CalendarToken.objects.filter(user=user).delete()
    if deleted:
        record(AuditEvent.Event.CALENDAR_TOKEN_REVOKED, user=user, object_repr=str(user))
    return bool(deleted)


def user_for_token(token: str):
    """The active user whose calendar token this is, or None."""
    if not token or len(token) > 100:
        return None
    row = (
        CalendarToken.objects.select_related("user")
        .filter(token_hash=_hash(token), user__is_active=True)
        .first()
    )
    return row.user if row else None


def feed_url(token: str) -> str:
    return absolute_url(reverse("meetings:calendar_feed", args=[token]))


# --- The calendar ---------------------------------------------------------------------------


def feed_meetings(user):
    """The meetings of the user's bodies, from a year ago on."""
    since = timezone.localdate() - FEED_HISTORY
    return Meeting.objects.filter(body__in=bodies_of(user), date__gte=since).order_by(
        "date", "start_time", "id"
    )


def body_labels(user) -> list[str]:
    """The names of the bodies whose meetings are in the user's calendar."""
    return [str(Meeting.Body(body).label) for body in bodies_of(user)]


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "platform-ivz"


def _event(meeting: Meeting, stamp: datetime.datetime) -> Event:
    event = Event()
    event.add("uid", f"vergadering-{meeting.pk}@{_host()}")
    event.add("dtstamp", stamp)
    event.add("sequence", meeting.version)
    event.add("summary", _("Meeting of the %(body)s") % {"body": meeting.get_body_display()})
    if meeting.start_time:
        start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=AMSTERDAM)
        event.add("dtstart", start)
        if meeting.end_time:
            event.add("dtend", datetime.datetime.combine(meeting.date, meeting.end_time, AMSTERDAM))
    else:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + datetime.timedelta(days=1))
    url = absolute_url(reverse("meetings:detail", args=[meeting.pk]))
    if meeting.location:
        event.add("location", meeting.location)
    elif meeting.online_link:
        event.add("location", meeting.online_link)
    lines = [_("Agenda and meeting documents: %(url)s") % {"url": url}]
    if meeting.online_link:
        lines.append(_("Online: %(link)s") % {"link": meeting.online_link})
    event.add("description", "\n".join(lines))
    event.add("url", url)
    return event


def calendar_bytes(meetings, *, name: str) -> bytes:
    """The meetings as an iCalendar file, in Dutch, times in Europe/Amsterdam."""
    meetings = list(meetings)
    with translation.override(settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", "-//Platform IVZ Twente//Vergaderingen//NL")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", "Europe/Amsterdam")
        stamp = timezone.now()
        for meeting in meetings:
            calendar.add_component(_event(meeting, stamp))
        years = [meeting.date.year for meeting in meetings] or [timezone.localdate().year]
        calendar.add_missing_timezones(
            first_date=datetime.date(min(years) - 1, 1, 1),
            last_date=datetime.date(max(years) + 2, 1, 1),
        )
        return calendar.to_ical()


def feed_name() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Meetings of Platform IVZ Twente")
