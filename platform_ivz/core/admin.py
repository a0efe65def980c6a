from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from platform_ivz.core import two_factor
from platform_ivz.core.models import AuditEvent, Organisation, User
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
    actions = ["reset_two_factor"]

    @admin.action(description=_("Reset two-step verification (lost phone)"))
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            two_factor.reset(user=user, by=request.user)
        self.message_user(
            request,
            _("Two-step verification has been reset; they set it up at their next sign-in."),
        )


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
