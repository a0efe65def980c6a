from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platform_ivz.core.roles import Role

# The longest free text any form takes: about three pages, far more than a section of the
# plan or the request needs. Every TextField of the apps declares it, so their ModelForms
# and the admin refuse a longer text with a message next to the field (the database column
# stays unbounded text); plain form fields use it too. Without it a plan section of 1.15 MB
# was accepted (pen test, issue 12 item 6). tests/security/test_text_bounds.py holds every
# text field to it.
TEXT_MAX_LENGTH = 10_000

# Why a sign-in through the organisation (platform_ivz.core.sso) was refused: the `reason` of
# its SSO_FAILED event in the security log.
SSO_REFUSAL_REASONS = {
    "state": _("unknown or expired sign-in attempt"),
    "provider_error": _("the provider reported an error"),
    "unreachable": _("the provider could not be reached"),
    "token": _("the provider refused the code"),
    "id_token": _("the ID token did not pass verification"),
    "email_missing": _("no e-mail address in the ID token"),
    "email_unverified": _("the e-mail address is not verified"),
    "foreign_domain": _("the e-mail address is not of the organisation"),
    "inactive": _("the account is inactive"),
    "superuser": _("superusers sign in with their password"),
    "other_organisation": _("the account belongs to another organisation"),
    "username_taken": _("the username is taken"),
    "ambiguous": _("several accounts have this e-mail address"),
    "already_linked": _("the account is linked to another identity at the provider"),
    "locked_out": _("the account is locked out"),
    "disabled": _("sign-in through the organisation is switched off"),
    "sso_only": _("members of this organisation sign in through their organisation"),
}


class Organisation(models.Model):
    class Kind(models.TextChoices):
        GEMEENTE = "gemeente", _("Municipality")
        PARTNER = "partner", _("Partner")

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    basisteam = models.CharField(
        _("police base team"), max_length=60, blank=True, help_text=_("Only for municipalities.")
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    @property
    def is_gemeente(self):
        return self.kind == self.Kind.GEMEENTE


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The user's roles, read once per request."""
        if not self.is_active:
            return frozenset()
        return frozenset(self.groups.filter(name__in=Role.values).values_list("name", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_names.intersection(roles))

    @property
    def role_labels(self) -> list[str]:
        return [Role(name).label for name in Role.values if name in self.role_names]


class Meeting(models.Model):
    """A meeting of the Platform IVZ or of the DVO, where plans and evaluations are decided."""

    class Body(models.TextChoices):
        PLATFORM = "platform", _("Platform IVZ")
        DVO = "dvo", _("DVO Twente")

    body = models.CharField(_("body"), max_length=20, choices=Body.choices)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    online_link = models.URLField(_("online meeting link"), blank=True, max_length=500)
    notes = models.TextField(_("notes"), blank=True, max_length=TEXT_MAX_LENGTH)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-date", "body"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_time__isnull=True)
                | models.Q(end_time__isnull=True)
                | models.Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_it_starts",
            )
        ]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return f"{self.get_body_display()} {self.date:%d-%m-%Y}"


class IdentityProvider(models.Model):
    """An organisation's own OpenID Connect provider (single sign-on, platform_ivz.core.sso).

    One per organisation, configured by the beheerder in the admin and read at every sign-in,
    so a change needs no restart. The client secret is stored encrypted (Fernet, with the key
    of DJANGO_SSO_ENCRYPTION_KEYS; platform_ivz.core.sso.encrypt_secret), never readable in
    the admin.
    """

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="identity_provider",
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    issuer = models.URLField(
        _("issuer"),
        max_length=300,
        help_text=_(
            "The provider's issuer URL; its discovery document is read from "
            "/.well-known/openid-configuration under it."
        ),
    )
    client_id = models.CharField(_("client ID"), max_length=200)
    client_secret_encrypted = models.TextField(
        blank=True, editable=False, max_length=TEXT_MAX_LENGTH
    )
    email_claim = models.CharField(
        _("claim with the e-mail address"),
        max_length=60,
        default="email",
        help_text=_("For Microsoft Entra ID usually preferred_username or email."),
    )
    require_email_verified = models.BooleanField(
        _("require email_verified"),
        default=True,
        help_text=_(
            "Refuse an e-mail address the provider does not mark as verified. Switch off only "
            "for a provider that does not send email_verified but only issues addresses of its "
            "own verified domains (Entra ID with preferred_username)."
        ),
    )
    email_domains = models.CharField(
        _("e-mail domains"),
        max_length=500,
        help_text=_(
            "The organisation's e-mail domains, separated by commas (for example "
            "hengelo.nl, enschede.nl). Other addresses are refused."
        ),
    )
    sso_only = models.BooleanField(
        _("only through the own organisation"),
        default=False,
        help_text=_(
            "Members of this organisation may not sign in with a password here, except the "
            "beheerder and superusers."
        ),
    )
    enforces_mfa = models.BooleanField(
        _("provider enforces multi-factor authentication"),
        default=False,
        help_text=_(
            "Accept the provider's multi-factor sign-in (amr claim 'mfa' or one of the acr "
            "values below) as the second step for roles that require it; otherwise the app's "
            "own two-step verification still follows."
        ),
    )
    mfa_acr_values = models.CharField(
        _("acr values that mean multi-factor"),
        max_length=300,
        blank=True,
        help_text=_("Separated by commas; may be empty."),
    )
    history = HistoricalRecords(excluded_fields=["client_secret_encrypted"])

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def __str__(self):
        return str(self.organisation)

    @staticmethod
    def _split(text: str) -> list[str]:
        return [part.strip().lower() for part in text.replace(";", ",").split(",") if part.strip()]

    @property
    def domains(self) -> list[str]:
        return [domain.lstrip("@") for domain in self._split(self.email_domains)]

    @property
    def acr_values(self) -> list[str]:
        return self._split(self.mfa_acr_values)


class ExternalIdentity(models.Model):
    """The link of an account to its subject (`sub`) at an organisation's provider, made at
    the first single sign-on (platform_ivz.core.sso.match_account)."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="external_identities"
    )
    provider = models.ForeignKey(
        IdentityProvider,
        verbose_name=_("identity provider"),
        on_delete=models.CASCADE,
        related_name="identities",
    )
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="one_account_per_subject")
        ]
        verbose_name = _("linked sign-in")
        verbose_name_plural = _("linked sign-ins")

    def __str__(self):
        return f"{self.user} @ {self.provider}"


class AuditEventQuerySet(models.QuerySet):
    """The security log only grows: bulk updates and deletes are refused too."""

    def update(self, **kwargs):
        raise PermissionError("Audit events cannot be changed.")

    def delete(self):
        raise PermissionError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """One security event (sign-in, role change, download...): who, what, which object, result,
    IP address and when. Written once through platform_ivz.core.audit.record, never changed.

    No history: the row itself is the history and may not change. The actor is kept as a
    plain reference (no database constraint, no cascade) and by username, so deleting a
    user neither changes nor removes their events.
    """

    class Event(models.TextChoices):
        LOGIN = "login", _("Signed in")
        LOGIN_FAILED = "login_failed", _("Sign-in failed")
        LOCKOUT = "lockout", _("Locked out")
        LOGOUT = "logout", _("Signed out")
        TWO_FACTOR_VERIFIED = "2fa_verified", _("Second step passed")
        TWO_FACTOR_FAILED = "2fa_failed", _("Second step failed")
        TWO_FACTOR_ENROLLED = "2fa_enrolled", _("Two-step verification set up")
        TWO_FACTOR_DISABLED = "2fa_disabled", _("Two-step verification switched off")
        TWO_FACTOR_RESET = "2fa_reset", _("Two-step verification reset by an administrator")
        BACKUP_CODES_REGENERATED = "backup_codes", _("New backup codes made")
        ROLE_ADDED = "role_added", _("Role granted")
        ROLE_REMOVED = "role_removed", _("Role withdrawn")
        RIGHTS_CHANGED = "rights_changed", _("Superuser or staff status changed")
        PERMISSION_ADDED = "permission_added", _("Permission granted")
        PERMISSION_REMOVED = "permission_removed", _("Permission withdrawn")
        PASSWORD_SET = "password_set", _("Password set in the admin")
        ENROLMENT_CODE_ISSUED = (
            "enrolment_code",
            _("Activation code for two-step verification made"),
        )
        PERMISSION_DENIED = "permission_denied", _("Access refused")
        REPORT_FINALISED = "report_finalised", _("Report finalised")
        ATTACHMENT_DOWNLOADED = "attachment_downloaded", _("Attachment downloaded")
        CALENDAR_TOKEN_CREATED = "calendar_token", _("Calendar subscription address made")
        CALENDAR_TOKEN_REVOKED = "calendar_revoked", _("Calendar subscription address revoked")
        SSO_FAILED = "sso_failed", _("Sign-in through the organisation failed")
        SSO_LINKED = "sso_linked", _("Account linked to the organisation's sign-in")
        SSO_ACCOUNT_CREATED = (
            "sso_created",
            _("Account created at sign-in through the organisation"),
        )
        # Personal API tokens (platform_ivz/api/tokens.py).
        API_TOKEN_CREATED = "api_token_created", _("API token created")
        API_TOKEN_REVOKED = "api_token_revoked", _("API token revoked")
        API_TOKEN_REFUSED = "api_token_refused", _("API token refused")

    class Result(models.TextChoices):
        SUCCESS = "success", _("success")
        FAILURE = "failure", _("failure")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    event = models.CharField(_("event"), max_length=40, choices=Event.choices, db_index=True)
    result = models.CharField(
        _("result"), max_length=10, choices=Result.choices, default=Result.SUCCESS
    )
    actor = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(
        _("username"),
        max_length=150,
        blank=True,
        help_text=_("The account the event concerns; for a failed sign-in the name typed."),
    )
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    detail = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.get_event_display()} {self.username}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events cannot be deleted.")

    @property
    def detail_display(self) -> list[str]:
        """The details as Dutch phrases for the log page."""
        labels = {
            "role": _("role"),
            "second_step": _("second step"),
            "method": _("with"),
            "kind": _("kind"),
            "year": _("year"),
            "request": _("request"),
            "sha256": "SHA-256",
            "superuser": _("superuser"),
            "staff": _("staff status"),
            "permission": _("permission"),
            "change": _("change"),
            "repeats": _("further refusals"),
            "minute": _("in the minute from"),
            "via": _("through"),
            "reason": _("reason"),
        }
        values = {
            "pending": _("still to come"),
            "authenticator": _("authenticator app"),
            "backup_code": _("backup code"),
            "enrolment_code": _("activation code"),
            "on": _("granted"),
            "off": _("withdrawn"),
            "set": _("new password"),
            "disabled": _("signing in with a password switched off"),
            "provider": _("by the organisation's provider"),
            **SSO_REFUSAL_REASONS,
            **{role.value: role.label for role in Role},
        }
        return [
            f"{labels.get(key, key)}: {values.get(value, value)}"
            for key, value in self.detail.items()
        ]


class RefusalTally(models.Model):
    """Anonymous refusals (403) of one source in one minute, counted until they are written to
    the security log as one event (platform_ivz.core.audit.record_anonymous_refusal).

    Not part of the log itself: a row lives a minute or two and is deleted when written.
    """

    source = models.CharField(max_length=45, blank=True)  # an address; "" if unknown
    minute = models.DateTimeField()
    count = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "minute"], name="refusal_tally_per_minute")
        ]

    def __str__(self):
        return f"{self.source} {self.minute:%Y-%m-%d %H:%M} ×{self.count}"


class EnrolmentCode(models.Model):
    """The one-time code a user whose role requires two-step verification needs to set up an
    authenticator app when they have none (platform_ivz.core.two_factor). The beheerder makes
    it in the admin and hands it over; only a keyed hash is stored. One per user: a new code
    replaces the old one.
    """

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    digest = models.CharField(max_length=64)
    expires_at = models.DateTimeField(_("valid until"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")

    def __str__(self):
        return f"{self.user} {self.expires_at:%Y-%m-%d}"


class CalendarToken(models.Model):
    """A user's secret calendar address: the meetings of their bodies as an iCalendar feed.

    Only the SHA-256 of the token is kept; the address itself is shown once, when it is made.
    Renewing replaces the hash, revoking deletes the row: the old address then answers 404.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_token")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")

    def __str__(self):
        return str(self.user)
