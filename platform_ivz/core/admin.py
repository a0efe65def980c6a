from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from platform_ivz.core import audit, sso, two_factor
from platform_ivz.core.forms import SingleLineMixin
from platform_ivz.core.models import (
    AuditEvent,
    ExternalIdentity,
    IdentityProvider,
    Organisation,
    User,
)
from platform_ivz.core.permissions import can_view_audit_log


class BasisteamFilter(admin.AllValuesFieldListFilter):
    """Django shows the empty basisteam (partners have none) as a link without text; name it."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] == "":
                choice = {**choice, "display": _("(no basisteam)")}
            yield choice


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "basisteam", "active"]
    list_filter = ["kind", ("basisteam", BasisteamFilter), "active"]
    search_fields = ["name"]


def _https_by_default(field, **kwargs):
    """An issuer typed without a scheme is taken as https (Django 6's default already)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class IdentityProviderForm(SingleLineMixin, forms.ModelForm):
    """The client secret is typed, stored encrypted, and never shown again."""

    client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        strip=True,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Stored encrypted. Leave empty to keep the secret stored before."),
    )

    class Meta:
        model = IdentityProvider
        formfield_callback = _https_by_default
        fields = [
            "organisation",
            "enabled",
            "issuer",
            "client_id",
            "client_secret",
            "email_claim",
            "require_email_verified",
            "email_domains",
            "sso_only",
            "enforces_mfa",
            "mfa_acr_values",
        ]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("client_secret") and not self.instance.client_secret_encrypted:
            self.add_error("client_secret", _("Give the client secret."))
        return cleaned

    def save(self, commit=True):
        if self.cleaned_data.get("client_secret"):
            self.instance.client_secret_encrypted = sso.encrypt_secret(
                self.cleaned_data["client_secret"]
            )
        return super().save(commit)


@admin.register(IdentityProvider)
class IdentityProviderAdmin(SimpleHistoryAdmin):
    """Sign-in with the organisation's own account (platform_ivz.core.sso), per organisation."""

    form = IdentityProviderForm
    list_display = ["organisation", "enabled", "issuer", "sso_only", "enforces_mfa"]
    list_filter = ["enabled", "sso_only", "enforces_mfa"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name", "issuer"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class AuditedPasswordChangeForm(SingleLineMixin, AdminPasswordChangeForm):
    """The admin's "set password" form: whoever sets another's password is in the log."""

    def save(self, commit=True):
        user = super().save(commit)
        if commit:
            audit.record_password_set(user)
        return user


# Least privilege (BIO): the beheerder manages accounts and roles, not privileges beyond
# them. Model permissions are not used by the app (the `rules` predicates decide, per object),
# and a superuser may read everything, confidential requests and attachments too, in the
# admin. So only a superuser may grant either; the first superuser comes from
# `manage.py createsuperuser`. Whatever path a change takes, the security log records it
# (audit.on_user_saved, audit.on_permissions_changed).


class ExternalIdentityInline(admin.TabularInline):
    """The account's links to its organisation's provider: read only; deleting one lets the
    next sign-in through the provider link anew (after a mailbox was given to someone else,
    the old link refuses the new person: platform_ivz.core.sso.match_account)."""

    model = ExternalIdentity
    extra = 0
    fields = readonly_fields = ["provider", "subject", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class PlatformUserAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "first_name", "last_name", "organisation", "is_active"]
    list_filter = ["organisation__kind", "groups", "is_active"]
    list_select_related = ["organisation"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Platform IVZ"), {"fields": ("organisation", "job_title")}),
    )
    actions = ["reset_two_factor", "make_enrolment_code"]
    change_password_form = AuditedPasswordChangeForm
    inlines = [ExternalIdentityInline]

    def get_inlines(self, request, obj):
        """The links only where there are some (a page without them posts no empty formset)."""
        return self.inlines if obj is not None and obj.external_identities.exists() else []

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": _without(options["fields"], "user_permissions")})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly if request.user.is_superuser else (*readonly, "is_superuser")

    def save_model(self, request, obj, form, change):
        """Never a superuser by a non-superuser's hand, not even by reverting to an old version
        in the history (which saves every field of that version)."""
        if not request.user.is_superuser:
            stored = User.objects.filter(pk=obj.pk).values_list("is_superuser", flat=True)
            obj.is_superuser = bool(change and stored.first())
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request, obj=None):
        """A superuser's account (its password, above all) is changed by a superuser only."""
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("Reset two-step verification (lost phone)"))
    def reset_two_factor(self, request, queryset):
        if not request.user.is_superuser:
            queryset = queryset.filter(is_superuser=False)
        for user in queryset:
            two_factor.reset(user=user, by=request.user)
        self.message_user(
            request,
            _(
                "Two-step verification has been reset; they set it up at their next sign-in. "
                "Where their role requires it, they need an activation code for that."
            ),
        )

    @admin.action(description=_("Make an activation code for two-step verification"))
    def make_enrolment_code(self, request, queryset):
        """A code per selected user, shown on this one page only (never stored readable)."""
        if not request.user.is_superuser:
            queryset = queryset.filter(is_superuser=False)
        codes = [
            (user, two_factor.issue_enrolment_code(user=user, by=request.user))
            for user in queryset.order_by("username")
        ]
        return TemplateResponse(
            request,
            "admin/core/user/enrolment_codes.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Activation codes for two-step verification"),
                "codes": codes,
                "valid_until": timezone.now() + two_factor.ENROLMENT_CODE_VALID_FOR,
            },
        )


def _without(fields, name):
    return tuple(field for field in fields if field != name)


admin.site.unregister(Group)


@admin.register(Group)
class PlatformGroupAdmin(GroupAdmin):
    """Roles are groups; their model permissions are for a superuser only (see above)."""

    def get_exclude(self, request, obj=None):
        exclude = tuple(super().get_exclude(request, obj) or ())
        return exclude if request.user.is_superuser else (*exclude, "permissions")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the security log can be read here, never changed."""

    list_display = ["created_at", "event", "result", "username", "object_repr", "ip_address"]
    list_filter = ["event", "result"]
    search_fields = ["username", "object_repr"]
    date_hierarchy = "created_at"

    def has_view_permission(self, request, obj=None):
        return can_view_audit_log.test(request.user) or request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
