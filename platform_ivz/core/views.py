"""Signing in and out (with the organisation's own account too), the two-factor pages (the
second step, set-up, the account page) and the security log."""

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from platform_ivz.core import audit, selectors, sso, two_factor
from platform_ivz.core.filters import AuditEventFilter
from platform_ivz.core.forms import BackupCodeForm, CodeForm, EnrolmentCodeForm
from platform_ivz.core.lockout import lockout_response
from platform_ivz.core.models import SSO_REFUSAL_REASONS, IdentityProvider
from platform_ivz.core.sign_in import SignInForm

AUDIT_PAGE_SIZE = 50


def _given_next(request) -> str | None:
    """The page to return to, if the request names one on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def _next_url(request) -> str:
    return _given_next(request) or resolve_url(settings.LOGIN_REDIRECT_URL)


def _qr_svg(device) -> str:
    """The otpauth address as an SVG QR code, drawn here: the secret never leaves the app."""
    qr = segno.make(device.config_url, error="m")
    return mark_safe(  # noqa: S308 - segno's own markup; the data is encoded as geometry
        qr.svg_inline(scale=5, border=4, dark="#000", light="#fff", omitsize=False)
    )


def _b32_key(device) -> str:
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def _grouped(key_b32: str) -> str:
    return " ".join(key_b32[i : i + 4] for i in range(0, len(key_b32), 4))


def _codes_page(request, codes, next_url=None):
    """Backup codes are shown in this one response only (never_cache on the views)."""
    return render(
        request,
        "core/backup_codes.html",
        {"codes": codes, "next": next_url or reverse("core:two_factor")},
    )


def _too_soon(seconds: int) -> str:
    return ngettext(
        "Too many codes in a row. Wait %(seconds)d second and try again.",
        "Too many codes in a row. Wait %(seconds)d seconds and try again.",
        seconds,
    ) % {"seconds": seconds}


def _verify_page(request, *, backup: bool):
    if two_factor.session_state(request) != two_factor.STATE_VERIFY:
        return redirect(_next_url(request))
    form_class = BackupCodeForm if backup else CodeForm
    form = form_class(request.POST or None)
    wait = two_factor.seconds_to_wait(request.user, backup=backup)
    if request.method == "POST" and form.is_valid() and wait:
        form.add_error("otp_token", _too_soon(wait))
    elif request.method == "POST" and form.is_valid():
        if two_factor.verify(
            request=request,
            user=request.user,
            token=form.cleaned_data["otp_token"],
            backup=backup,
        ):
            return redirect(_next_url(request))
        if getattr(request, "axes_locked_out", False):
            logout(request)
            return render(request, "registration/lockout.html", status=429)
        form.add_error(
            "otp_token",
            _("This backup code is not valid or has been used already.")
            if backup
            else _("This code is not correct. Wait for the next code and try again."),
        )
    return render(
        request,
        "core/two_factor_verify.html",
        {"form": form, "backup": backup, "next": _next_url(request)},
    )


@never_cache
@sensitive_post_parameters("otp_token")
def two_factor_verify(request):
    """The second step of signing in: a code from the authenticator app."""
    return _verify_page(request, backup=False)


@never_cache
@sensitive_post_parameters("otp_token")
def two_factor_verify_backup(request):
    """The second step with a backup code, for when the phone is not at hand."""
    return _verify_page(request, backup=True)


def _enrolment_code_page(request):
    """Before the QR code: the activation code, where the role requires one (two_factor)."""
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.accept_enrolment_code(
            request=request, user=request.user, code=form.cleaned_data["enrolment_code"]
        ):
            url = reverse("core:two_factor_enrol")
            next_url = _given_next(request)
            return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)
        if getattr(request, "axes_locked_out", False):
            logout(request)
            return render(request, "registration/lockout.html", status=429)
        form.add_error(
            "enrolment_code",
            _(
                "This activation code is not valid, has been used or has expired. Ask the "
                "functional administrator for a new one."
            ),
        )
    return render(
        request,
        "core/two_factor_enrolment_code.html",
        {"form": form, "next": _given_next(request) or ""},
    )


@never_cache
@sensitive_post_parameters("otp_token", "enrolment_code")
def two_factor_enrol(request):
    """Set up an authenticator app: scan the QR code, confirm with a code, keep the backup
    codes (shown once). Where the role requires it, an activation code comes first."""
    if two_factor.is_enrolled(request.user):
        return redirect("core:two_factor")
    if two_factor.needs_enrolment_code(request):
        return _enrolment_code_page(request)
    device = two_factor.start_enrolment(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_enrolment(
            request=request, user=request.user, token=form.cleaned_data["otp_token"]
        )
        if codes is not None:
            messages.success(request, _("Two-step verification is on."))
            return _codes_page(request, codes, next_url=_given_next(request))
        form.add_error(
            "otp_token", _("This code is not correct. Check the time on your phone and try again.")
        )
    return render(
        request,
        "core/two_factor_enrol.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device),
            "secret": _grouped(_b32_key(device)),
            "required": two_factor.is_required_for(request.user),
            "next": _given_next(request) or "",
        },
    )


@never_cache
def two_factor_account(request):
    """Account / Tweestapsverificatie: the state, and set up, new backup codes or switch off."""
    user = request.user
    return render(
        request,
        "core/two_factor_account.html",
        {
            "enrolled": two_factor.is_enrolled(user),
            "required": two_factor.is_required_for(user),
            "backup_codes_left": two_factor.backup_codes_left(user),
            "disable_form": CodeForm(),
        },
    )


@never_cache
@require_POST
def two_factor_backup_codes(request):
    if not two_factor.is_enrolled(request.user):
        return redirect("core:two_factor")
    codes = two_factor.regenerate_backup_codes(request=request, user=request.user)
    messages.success(request, _("New backup codes have been made; the old ones no longer work."))
    return _codes_page(request, codes)


@never_cache
@require_POST
@sensitive_post_parameters("otp_token")
def two_factor_disable(request):
    user = request.user
    if two_factor.is_required_for(user):
        raise PermissionDenied
    form = CodeForm(request.POST)
    if form.is_valid() and two_factor.disable(
        request=request, user=user, token=form.cleaned_data["otp_token"]
    ):
        messages.success(request, _("Two-step verification is off."))
        return redirect("core:two_factor")
    if form.is_valid():
        form.add_error(
            "otp_token", _("This code is not correct. Two-step verification is still on.")
        )
    return render(
        request,
        "core/two_factor_account.html",
        {
            "enrolled": two_factor.is_enrolled(user),
            "required": False,
            "backup_codes_left": two_factor.backup_codes_left(user),
            "disable_form": form,
        },
        status=200,
    )


def audit_log(request):
    """The security log: read-only, filterable, paginated."""
    if not request.user.has_perm("core.view_audit_log"):
        raise PermissionDenied
    audit.flush_refusal_tallies()  # the counts of anonymous refusals of minutes now over
    filterset = AuditEventFilter(request.GET, queryset=selectors.audit_events())
    page = Paginator(filterset.qs, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_log.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


# Signing in and out, with the organisation's own account too (platform_ivz.core.sso).


class SignInView(LoginView):
    """The sign-in page: the password form, and a button per organisation that signs in
    through its own provider."""

    redirect_authenticated_user = True
    authentication_form = SignInForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "providers": selectors.sign_in_providers()}


class SignOutView(LogoutView):
    """Sign out; after a sign-in through the organisation, end the provider's session too
    where it offers that (a page that forwards there: a redirect would break the form-action
    rule of the Content Security Policy)."""

    def post(self, request, *args, **kwargs):
        provider_url = sso.provider_logout_url(request)
        response = super().post(request, *args, **kwargs)
        if provider_url is None:
            return response
        return render(request, "registration/provider_logout.html", {"provider_url": provider_url})


@login_not_required
@never_cache
@require_GET
def sso_start(request, pk):
    """Send the browser to the organisation's provider to sign in."""
    provider = get_object_or_404(
        IdentityProvider, pk=pk, enabled=True, organisation__active=True
    )
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    try:
        url = sso.authorization_url(request, provider, next_url=_given_next(request) or "")
    except sso.SignInRefused as refusal:
        return _refused(request, refusal)
    return HttpResponseRedirect(url)


@login_not_required
@never_cache
@require_GET
def sso_callback(request):
    """The provider sends the browser back here with a code (or an error)."""
    try:
        outcome = sso.finish(request)
        if request.user.is_authenticated:
            logout(request)
        sso.sign_in(request, outcome)
    except sso.SignInRefused as refusal:
        return _refused(request, refusal)
    next_url = outcome.next_url
    if not (
        next_url
        and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        next_url = resolve_url(settings.LOGIN_REDIRECT_URL)
    return redirect(next_url)


def _refused(request, refusal):
    sso.refuse(request, refusal)
    if refusal.reason == "locked_out":
        return lockout_response(request)
    reason = SSO_REFUSAL_REASONS.get(refusal.reason, "")
    messages.error(
        request,
        _("Signing in through your organisation did not succeed: %(reason)s.")
        % {"reason": reason},
    )
    return redirect("login")
