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
