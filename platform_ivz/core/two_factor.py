"""Two-factor sign-in (TOTP with backup codes) on top of django-otp.

The password is checked by the normal sign-in page (and django-axes). A user with an
authenticator app set up is then asked for a code; a user whose role requires two-factor
sign-in (settings.TWO_FACTOR_REQUIRED) but has not set it up is sent to set it up. Until then
TwoFactorMiddleware lets them reach nothing else. Whether a signed-in user still owes a step
is kept in the session, so pages cost no extra queries; whether the roles require it is
checked on every request (see session_state).
"""

from __future__ import annotations

import math
import secrets
from datetime import timedelta

import django_otp
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import urlencode
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from platform_ivz.core.audit import AuditEvent, record
from platform_ivz.core.models import EnrolmentCode
from platform_ivz.core.roles import Role

# BIO: accounts with special rights.
REQUIRED_ROLES = (Role.VOORZITTER, Role.REGIOCOORDINATOR, Role.BEHEERDER)
BACKUP_CODE_COUNT = 10
SESSION_KEY = "_two_factor_state"
# Set at a sign-in through an organisation's provider that enforces multi-factor sign-in and
# reports doing it (platform_ivz.core.sso.second_step_done): that counts as the second step.
PROVIDER_MFA_KEY = "_two_factor_by_provider"
# Set once the activation code was given in this session (see accept_enrolment_code).
ENROLMENT_ALLOWED_KEY = "_two_factor_enrolment_allowed"
ENROLMENT_CODE_VALID_FOR = timedelta(days=7)
# No 0/O or 1/I: read out over the phone or copied from a note. 12 of 32 signs: 60 bits.
ENROLMENT_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ENROLMENT_CODE_LENGTH = 12
STATE_OK = "ok"
STATE_VERIFY = "verify"
STATE_ENROL = "enrol"
# Pages a user who still owes the second step may open.
OPEN_URL_NAMES = {
    STATE_VERIFY: {"logout", "core:two_factor_verify", "core:two_factor_verify_backup"},
    STATE_ENROL: {"logout", "core:two_factor_enrol"},
}


def is_required_for(user) -> bool:
    """Two-factor sign-in is compulsory for this user (their roles and the setting)."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    return user.is_superuser or user.has_role(*REQUIRED_ROLES)


def totp_device(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _compute_state(user) -> str:
    if is_enrolled(user):
        return STATE_VERIFY
    if is_required_for(user):
        return STATE_ENROL
    return STATE_OK


def session_state(request, user=None) -> str:
    """What the signed-in user still owes: STATE_OK, STATE_VERIFY or STATE_ENROL.

    Decided at sign-in and kept in the session, except whether the roles make two-step
    verification compulsory: that is asked on every request, so a role granted during a
    session (or superuser status) is followed by the step on the very next request. It costs
    no query of its own: the roles are read once per request anyway (User.role_names).
    """
    user = user or request.user
    if second_step_passed(request, user):
        return STATE_OK
    state = request.session.get(SESSION_KEY)
    required = is_required_for(user)
    if state is None or (state == STATE_OK and required) or (state == STATE_ENROL and not required):
        state = _compute_state(user)
        request.session[SESSION_KEY] = state
    return state


def second_step_passed(request, user=None) -> bool:
    """This session passed a second step: the app's own code, or the provider's multi-factor
    sign-in where it counts (PROVIDER_MFA_KEY)."""
    user = user or request.user
    if getattr(user, "is_verified", None) and user.is_verified():
        return True
    return bool(getattr(request, "session", {}).get(PROVIDER_MFA_KEY))


def owes_second_step(request) -> bool:
    """The signed-in user must still give a code or set up two-step verification."""
    return session_state(request) != STATE_OK


def _set_state(request, state: str) -> None:
    request.session[SESSION_KEY] = state


def on_logged_in(sender, request, user, **kwargs):
    """Decide at sign-in which step is still due (also for test clients' force_login), and
    record the sign-in with it: one receiver, so the log needs nothing from this module."""
    detail = dict(getattr(request, "sign_in_detail", {}))  # set by platform_ivz.core.sso
    if request is not None and hasattr(request, "session"):
        if getattr(request, "second_step_by_provider", False):
            request.session[PROVIDER_MFA_KEY] = True
            request.session[SESSION_KEY] = STATE_OK
            detail["second_step"] = "provider"
        else:
            request.session.pop(PROVIDER_MFA_KEY, None)
            request.session[SESSION_KEY] = _compute_state(user)
            if request.session[SESSION_KEY] == STATE_VERIFY:
                detail["second_step"] = "pending"
    record(AuditEvent.Event.LOGIN, request=request, user=user, detail=detail)


class TwoFactorMiddleware:
    """Keep a signed-in user who owes the second step (or its set-up) on that page.

    After LoginRequiredMiddleware and django_otp's OTPMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        state = session_state(request)
        if state == STATE_OK:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_URL_NAMES[state]:
            return None
        target = "core:two_factor_verify" if state == STATE_VERIFY else "core:two_factor_enrol"
        url = reverse(target)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)


# Services.


# The activation code. A user whose role requires two-step verification and who has no
# authenticator yet could otherwise set one up with the password alone: whoever had stolen
# the password would enrol their own phone first. So that first set-up (and the one after a
# reset, a lost phone) also takes a one-time code that the beheerder makes in the admin
# (Gebruikers → action "Activeringscode maken", shown once) and hands over in person or by
# phone; for a superuser or the first beheerder, `manage.py enrolment_code USERNAME` makes
# it. Chosen over e-mailing a code: no mail needed, and the beheerder, who grants the role,
# also vouches for the person. The code is stored as a keyed hash (HMAC with SECRET_KEY: a
# random 60-bit code needs no slow hash), works once and for seven days, and each wrong one
# counts towards the lockout like a wrong password. Users whose role does not require the
# second step set it up as before, without a code.


def _enrolment_digest(code: str) -> str:
    return salted_hmac(
        "platform_ivz.two_factor.enrolment_code", code, algorithm="sha256"
    ).hexdigest()


def _normalised(code: str) -> str:
    return "".join(sign for sign in code.upper() if sign.isalnum())


def grouped_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


@transaction.atomic
def issue_enrolment_code(*, user, by=None) -> str:
    """A new activation code for `user` (replacing an older one); returned once, never kept."""
    code = "".join(secrets.choice(ENROLMENT_CODE_ALPHABET) for _ in range(ENROLMENT_CODE_LENGTH))
    EnrolmentCode.objects.update_or_create(
        user=user,
        defaults={
            "digest": _enrolment_digest(code),
            "expires_at": timezone.now() + ENROLMENT_CODE_VALID_FOR,
            "created_by": by,
        },
    )
    record(AuditEvent.Event.ENROLMENT_CODE_ISSUED, user=by, obj=user)
    return grouped_code(code)


def needs_enrolment_code(request) -> bool:
    """Setting up an authenticator takes an activation code first (see above)."""
    user = request.user
    return (
        is_required_for(user)
        and not request.session.get(ENROLMENT_ALLOWED_KEY)
        and not is_enrolled(user)
    )


@transaction.atomic
def accept_enrolment_code(*, request, user, code: str) -> bool:
    """Check an activation code; a right one is used up and opens the set-up for this session.

    Any unconfirmed authenticator made before is discarded: its key may have been seen by
    someone without the code.
    """
    stored = EnrolmentCode.objects.select_for_update().filter(user=user).first()
    valid = (
        stored is not None
        and stored.expires_at > timezone.now()
        and constant_time_compare(stored.digest, _enrolment_digest(_normalised(code)))
    )
    if not valid:
        _failed_second_step(request, user, kind="enrolment_code")
        return False
    stored.delete()
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    request.session[ENROLMENT_ALLOWED_KEY] = True
    return True


@transaction.atomic
def start_enrolment(*, user) -> TOTPDevice:
    """The unconfirmed authenticator for the set-up page (the same one on every reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    return device


def _new_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Reservecodes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def confirm_enrolment(*, request, user, token: str) -> list[str] | None:
    """Confirm the new authenticator with a code from it; return fresh backup codes.

    Returns None when the code is wrong. The session counts as verified afterwards.
    """
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_backup_codes(user)
    django_otp.login(request, device)
    _set_state(request, STATE_OK)
    request.session.pop(ENROLMENT_ALLOWED_KEY, None)
    record(AuditEvent.Event.TWO_FACTOR_ENROLLED, request=request, user=user)
    return codes


def _failed_second_step(request, user, *, kind: str) -> None:
    """Count a wrong code as a failed sign-in for django-axes (the same lockout applies)."""
    record(
        AuditEvent.Event.TWO_FACTOR_FAILED,
        request=request,
        user=user,
        result=AuditEvent.Result.FAILURE,
        detail={"method": kind},
    )
    user_login_failed.send(
        sender=__name__,
        credentials={"username": user.get_username(), "second_step": True},
        request=request,
    )


def seconds_to_wait(user, *, backup: bool = False) -> int:
    """How long django-otp still refuses codes after wrong ones (0: a code may be tried)."""
    model = StaticDevice if backup else TOTPDevice
    device = model.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return 0
    allowed, info = device.verify_is_allowed()
    if allowed or not (info or {}).get("locked_until"):
        return 0
    return max(1, math.ceil((info["locked_until"] - timezone.now()).total_seconds()))


def verify(*, request, user, token: str, backup: bool = False) -> bool:
    """Check the second step. A TOTP code and a backup code each work only once.

    django-otp verifies under a row lock (select_for_update), so two requests with the same
    code cannot both pass.
    """
    token = "".join(token.split()).lower()
    model = StaticDevice if backup else TOTPDevice
    device = model.objects.filter(user=user, confirmed=True).first()
    verified = (
        device is not None
        and bool(token)
        and django_otp.verify_token(user, device.persistent_id, token) is not None
    )
    kind = "backup_code" if backup else "authenticator"
    if not verified:
        _failed_second_step(request, user, kind=kind)
        return False
    request.session.cycle_key()
    django_otp.login(request, device)
    _set_state(request, STATE_OK)
    record(
        AuditEvent.Event.TWO_FACTOR_VERIFIED, request=request, user=user, detail={"method": kind}
    )
    return True


@transaction.atomic
def regenerate_backup_codes(*, request, user) -> list[str]:
    codes = _new_backup_codes(user)
    record(AuditEvent.Event.BACKUP_CODES_REGENERATED, request=request, user=user)
    return codes


@transaction.atomic
def disable(*, request, user, token: str) -> bool:
    """Switch two-factor sign-in off, confirmed with a current code; refused where required."""
    if is_required_for(user):
        return False
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None or not device.verify_token("".join(token.split())):
        return False
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    _set_state(request, STATE_OK)
    record(AuditEvent.Event.TWO_FACTOR_DISABLED, request=request, user=user)
    return True


@transaction.atomic
def reset(*, user, by=None) -> None:
    """Remove a user's authenticator and backup codes (a lost phone): they set it up anew."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record(AuditEvent.Event.TWO_FACTOR_RESET, user=by, obj=user)
