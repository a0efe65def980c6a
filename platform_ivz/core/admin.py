from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from platform_ivz.core.models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "basisteam", "active"]
    list_filter = ["kind", "basisteam", "active"]
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
