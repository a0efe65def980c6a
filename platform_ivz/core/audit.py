"""The security audit log: `record(...)` writes one AuditEvent; receivers record sign-ins.

Every app records its own security events through `record`, for example::

    from platform_ivz.core.audit import AuditEvent, record

    record(AuditEvent.Event.REPORT_FINALISED, user=user, obj=report)

`record` never stores secrets: `detail` keys that look like a password, token, code or key
are dropped, and a failed sign-in keeps only the username that was typed.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from simple_history.models import HistoricalRecords

from platform_ivz.core.client_address import client_address
from platform_ivz.core.models import AuditEvent, RefusalTally

__all__ = ["AuditEvent", "record"]

SECRET_WORDS = ("password", "passwd", "token", "secret", "key", "code", "otp", "csrf", "session")
MAX_DETAIL_TEXT = 200


def _current_request() -> HttpRequest | None:
    """The request being handled, if any (simple_history's middleware keeps it per thread)."""
    return getattr(HistoricalRecords.context, "request", None)


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address, behind a trusted proxy too (as django-axes sees it)."""
    if request is None:
        return None
    return client_address(request)


def _clean_detail(detail: dict[str, Any] | None) -> dict[str, Any]:
    cleaned = {}
    for key, value in (detail or {}).items():
        if any(word in key.lower() for word in SECRET_WORDS):
            continue
        if isinstance(value, str):
            value = value[:MAX_DETAIL_TEXT]
        elif not isinstance(value, int | float | bool | type(None)):
            value = str(value)[:MAX_DETAIL_TEXT]
        cleaned[key] = value
    return cleaned


def record(
    event: str,
    *,
    request: HttpRequest | None = None,
    user=None,
    username: str = "",
    obj: models.Model | None = None,
    object_repr: str = "",
    result: str = AuditEvent.Result.SUCCESS,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one security event and return it.

    event: an AuditEvent.Event value. request: for the IP address and, when `user` is not
    given, the signed-in user; without it the request being handled is used. user: who did
    it (or whom it concerns). username: only where there is no user (a failed sign-in: the
    name typed). obj: the object concerned; object_repr overrides its text. result:
    AuditEvent.Result. detail: a few facts worth keeping, never secrets.
    """
    request = request or _current_request()
    if user is None and request is not None:
        request_user = getattr(request, "user", None)
        if request_user is not None and request_user.is_authenticated:
            user = request_user
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    object_type = object_id = ""
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = str(obj.pk or "")
        object_repr = object_repr or str(obj)
    return AuditEvent.objects.create(
        event=event,
        result=result,
        actor=user,
        username=(user.get_username() if user is not None else username)[:150],
        object_type=object_type,
        object_id=object_id[:64],
        object_repr=object_repr[:200],
        ip_address=client_ip(request),
        detail=_clean_detail(detail),
    )


# Receivers, connected in CoreConfig.ready (the sign-in's is two_factor.on_logged_in).


def on_login_failed(sender, credentials, request=None, **kwargs):
    if credentials.get("second_step"):
        return  # the two-factor view records its own, more precise event
    record(
        AuditEvent.Event.LOGIN_FAILED,
        request=request,
        username=str(credentials.get("username", ""))[:150],
        result=AuditEvent.Result.FAILURE,
    )


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(AuditEvent.Event.LOGOUT, request=request, user=user)


def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    record(
        AuditEvent.Event.LOCKOUT,
        request=request,
        username=str(username or "")[:150],
        result=AuditEvent.Result.FAILURE,
    )


def _actor():
    """Who is making the change: the signed-in user of the request being handled, if any."""
    request = _current_request()
    actor = getattr(request, "user", None) if request is not None else None
    return request, actor if actor is not None and actor.is_authenticated else None


def _related_pks(sender, instance) -> set:
    """Before a clear(): the other ends of the rows of the relation `sender` that `instance`
    is on now."""
    ends = [field for field in sender._meta.get_fields() if field.many_to_one]
    mine = next(field for field in ends if isinstance(instance, field.related_model))
    theirs = next(field for field in ends if field is not mine)
    rows = sender.objects.filter(**{mine.name: instance.pk})
    return set(rows.values_list(theirs.name, flat=True))


def _changed_pairs(sender, instance, action, reverse, model, pk_set):
    """(holder, target) for every row an m2m_changed signal adds or removes; the holder is the
    model the relation is declared on (the user, the group), whichever side was changed."""
    if action not in ("post_add", "pre_remove", "pre_clear"):
        return []
    if action == "pre_clear":
        pk_set = _related_pks(sender, instance)
    if not pk_set:
        return []
    others = model.objects.filter(pk__in=pk_set)
    if reverse:
        return [(other, instance) for other in others]
    return [(instance, other) for other in others]


def on_groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Role changes (User.groups), from either side of the relation and from the admin."""
    pairs = _changed_pairs(sender, instance, action, reverse, model, pk_set)
    if not pairs:
        return
    event = AuditEvent.Event.ROLE_ADDED if action == "post_add" else AuditEvent.Event.ROLE_REMOVED
    request, actor = _actor()
    for user, group in pairs:
        record(event, request=request, user=actor, obj=user, detail={"role": group.name})


def on_permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Model permissions given to or taken from a user (User.user_permissions) or a group
    (Group.permissions), from either side, in the admin, the shell or anywhere else."""
    pairs = _changed_pairs(sender, instance, action, reverse, model, pk_set)
    if not pairs:
        return
    event = (
        AuditEvent.Event.PERMISSION_ADDED
        if action == "post_add"
        else AuditEvent.Event.PERMISSION_REMOVED
    )
    request, actor = _actor()
    for holder, permission in pairs:
        record(
            event,
            request=request,
            user=actor,
            obj=holder,
            detail={"permission": f"{permission.content_type.app_label}.{permission.codename}"},
        )


# Superuser and staff status, as detail keys of a RIGHTS_CHANGED event.
ACCOUNT_RIGHTS = {"is_superuser": "superuser", "is_staff": "staff"}


def on_user_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    """Note the stored superuser and staff status before a save (see on_user_saved).

    A new account counts as having had neither, so creating a superuser is recorded too.
    Saves that name their fields without these (the last sign-in time) cost nothing.
    """
    if raw or (update_fields is not None and not set(update_fields) & set(ACCOUNT_RIGHTS)):
        return
    stored = None
    if not instance._state.adding and instance.pk is not None:
        stored = sender.objects.filter(pk=instance.pk).values(*ACCOUNT_RIGHTS).first()
    instance._rights_before = stored or dict.fromkeys(ACCOUNT_RIGHTS, False)


def on_user_saved(sender, instance, raw=False, **kwargs):
    """Record a change of superuser or staff status, whatever made it (admin, shell,
    createsuperuser, a history revert), with who did it and to whom."""
    before = instance.__dict__.pop("_rights_before", None)
    if raw or before is None:
        return
    request, actor = _actor()
    for field, key in ACCOUNT_RIGHTS.items():
        now = bool(getattr(instance, field))
        if now != bool(before[field]):
            record(
                AuditEvent.Event.RIGHTS_CHANGED,
                request=request,
                user=actor,
                obj=instance,
                detail={key: "on" if now else "off"},
            )


def record_password_set(user) -> None:
    """A password set (or password sign-in switched off) for `user` by someone in the admin."""
    request, actor = _actor()
    record(
        AuditEvent.Event.PASSWORD_SET,
        request=request,
        user=actor,
        obj=user,
        detail={"change": "set" if user.has_usable_password() else "disabled"},
    )


# Refused requests (see record_refusal). One client may own a whole IPv6 /64.
IPV6_SOURCE_PREFIX = 64


def refusal_source(address: str | None) -> str:
    """The source a refusal is counted under: the address, or an IPv6 address's /64."""
    if not address:
        return ""
    try:
        version = ipaddress.ip_address(address).version
    except ValueError:
        return address[:45]
    if version == 6:
        network = ipaddress.ip_network(f"{address}/{IPV6_SOURCE_PREFIX}", strict=False)
        return str(network.network_address)
    return address


def _this_minute() -> datetime:
    return timezone.now().replace(second=0, microsecond=0)


def _refusal_description(request: HttpRequest) -> str:
    return f"{request.method} {request.path}"[:200]


def record_refusal(request: HttpRequest) -> None:
    """A request refused with 403: one event for a signed-in user, aggregated for others.

    Anyone can make the app refuse a request: a POST to the sign-in page without a CSRF token
    needs no account. Written one row each, one client filled the log with 140 rows a second,
    in a table that cannot be cleaned. So anonymous refusals are aggregated per source and
    minute, and the log still says who tried what, when and how often:

    - The first refusal of a source (an address; for IPv6 its /64 network, which one client
      owns whole) in a minute is written to the log at once, as every refusal used to be.
    - The rest of that minute are counted in RefusalTally, a small table outside the log: one
      atomic `UPDATE ... SET count = count + 1` each. The database is the state all gunicorn
      workers share (no cache is configured), and the unique (source, minute) constraint
      decides between workers which refusal was the first: the INSERT that wins writes the log
      row, the losers count. Both hold on SQLite and PostgreSQL alike.
    - The log only grows (PostgreSQL refuses UPDATE), so a count is never added to an event
      already written: once its minute is over, a tally becomes a second event, "N more
      refusals in the minute from hh:mm" (detail `repeats`, `minute`), and is deleted in the
      same transaction, by a compare-and-delete on the count it read. A count that moved in the
      meantime stays for the next flush; a refusal that finds its tally already flushed starts
      a new one, and is written as a first refusal. No refusal goes uncounted and none is
      counted twice; a source yields at most two events per minute (three in that race).
    - Tallies are flushed whenever a first refusal of a new minute is written, and whenever the
      security log page is read (audit_log view), so its reader sees every count.

    Refusals of a signed-in user are written one row each, as before: the account is known and
    answerable for them, and the row per page is what shows what they tried to open.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        record(
            AuditEvent.Event.PERMISSION_DENIED,
            request=request,
            object_repr=_refusal_description(request),
            result=AuditEvent.Result.FAILURE,
        )
    else:
        record_anonymous_refusal(request)


def record_anonymous_refusal(request: HttpRequest) -> None:
    """Count an anonymous refusal; write it if it is its source's first this minute."""
    source, minute = refusal_source(client_ip(request)), _this_minute()
    tally = RefusalTally.objects.filter(source=source, minute=minute)
    if tally.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            RefusalTally.objects.create(source=source, minute=minute)
    except IntegrityError:  # another worker's refusal from this source was first, just now
        tally.update(count=F("count") + 1)
        return
    record(
        AuditEvent.Event.PERMISSION_DENIED,
        request=request,
        object_repr=_refusal_description(request),
        result=AuditEvent.Result.FAILURE,
    )
    flush_refusal_tallies(before=minute)


def flush_refusal_tallies(before: datetime | None = None) -> None:
    """Write the counts of minutes that are over (before `before`, by default now's minute) to
    the log, one event per source and minute, and delete their tallies."""
    before = before or _this_minute()
    for tally in RefusalTally.objects.filter(minute__lt=before).order_by("minute", "pk"):
        with transaction.atomic():
            gone, _rows = RefusalTally.objects.filter(pk=tally.pk, count=tally.count).delete()
            if gone and tally.count > 1:
                AuditEvent.objects.create(
                    event=AuditEvent.Event.PERMISSION_DENIED,
                    result=AuditEvent.Result.FAILURE,
                    ip_address=tally.source or None,
                    detail={
                        "repeats": tally.count - 1,
                        "minute": timezone.localtime(tally.minute).strftime("%Y-%m-%d %H:%M"),
                    },
                )


class AuditMiddleware:
    """Record every refused request (403), whatever refused it: a view, a permission check,
    the admin or the CSRF check (anonymous ones aggregated, see record_refusal)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            record_refusal(request)
        return response
