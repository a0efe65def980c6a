"""Personal API tokens: make, revoke and check them (docs/ARCHITECTURE.md §2.2).

Every creation, revocation and refused use is written to the security log. A refused use of a
token that exists (expired, revoked, its user switched off) is written with that user; an
unknown token, which anyone can send, is counted as an anonymous refusal
(audit.record_anonymous_refusal: one event per source and minute, the rest tallied), so that
nobody can fill the log by sending made-up tokens.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from platform_ivz.api.models import ApiToken
from platform_ivz.core import audit
from platform_ivz.core.models import AuditEvent

TOKEN_PREFIX = "ivz_"  # noqa: S105 - the visible start of every token, not a secret
SHOWN_PREFIX = 12  # "ivz_" and the first 8 characters of the secret part
MAX_TOKEN_LENGTH = 100
# The longest a token may live, and the default offered on the form.
MAX_LIFETIME_DAYS = 366
DEFAULT_LIFETIME_DAYS = 90
MAX_TOKENS_PER_USER = 20
# The last-used time is written at most once a minute (like the session's last-seen time):
# writing it on every request would make every read a write.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", errors="replace")).hexdigest()


def _end_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment after `day` ends, in the app's time zone: a token valid until a date
    works all of that day."""
    midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(midnight)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    raw: str  # shown once, never stored


def create_token(*, user, name: str, expires_on: datetime.date) -> NewToken:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:SHOWN_PREFIX],
        digest=digest(raw),
        expires_at=_end_of_day(expires_on),
    )
    audit.record(
        AuditEvent.Event.API_TOKEN_CREATED,
        user=user,
        obj=token,
        detail={"name": name, "expires": expires_on.isoformat()},
    )
    return NewToken(token=token, raw=raw)


def revoke_token(*, user, token_pk: int) -> ApiToken:
    """Revoke one of the user's own tokens (ApiToken.DoesNotExist for any other); revoking
    a revoked token changes nothing."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token_pk, user=user)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record(
                AuditEvent.Event.API_TOKEN_REVOKED,
                user=user,
                obj=token,
                detail={"name": token.name},
            )
    return token


def user_tokens(user):
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def _refusal_reason(token: ApiToken, now) -> str:
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at <= now:
        return "expired"
    return "account inactive"


def check_token(raw: str, request: HttpRequest | None) -> ApiToken | None:
    """The usable token `raw` is, with its user; None (and a refusal in the log) otherwise."""
    now = timezone.now()
    token = None
    if raw.startswith(TOKEN_PREFIX) and len(raw) <= MAX_TOKEN_LENGTH:
        token = ApiToken.objects.select_related("user").filter(digest=digest(raw)).first()
    if token is None:
        if request is not None:
            audit.record_anonymous_refusal(request)
        return None
    if token.revoked_at is not None or token.expires_at <= now or not token.user.is_active:
        audit.record(
            AuditEvent.Event.API_TOKEN_REFUSED,
            request=request,
            user=token.user,
            obj=token,
            result=AuditEvent.Result.FAILURE,
            detail={"reason": _refusal_reason(token, now)},
        )
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def usable_count(user) -> int:
    return ApiToken.objects.filter(user=user).usable().count()
