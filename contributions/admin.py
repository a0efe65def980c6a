"""Read-only in the admin: contributions are kept through the app's own pages, which lock
rows, check versions and record the history (contributions.services)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from contributions.models import Bracket, IncomeLine, MunicipalityYear, PartnerPledge, YearSettings


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BracketInline(admin.TabularInline):
    model = Bracket
    extra = 0
    can_delete = False
    fields = ["max_population", "hours_per_week", "labour_value", "surcharge_per_inhabitant"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(YearSettings)
class YearSettingsAdmin(ReadOnlyAdmin):
    list_display = ["year", "tariff_per_inhabitant", "projectleider_hours_per_week"]
    inlines = [BracketInline]


@admin.register(MunicipalityYear)
class MunicipalityYearAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "settings", "population", "choice"]
    list_filter = ["settings", "choice"]
    list_select_related = ["organisation", "settings"]


@admin.register(PartnerPledge)
class PartnerPledgeAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "settings", "hours_per_week", "contact_name", "contact_user"]
    list_filter = ["settings"]
    list_select_related = ["organisation", "settings", "contact_user"]


@admin.register(IncomeLine)
class IncomeLineAdmin(ReadOnlyAdmin):
    list_display = ["description", "kind", "settings", "amount"]
    list_filter = ["settings", "kind"]
    list_select_related = ["settings"]
