"""Reports in the admin: to look at, never to change (finals are immutable)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reporting.models import ReportIntroduction, ReportVersion


@admin.register(ReportIntroduction)
class ReportIntroductionAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "year", "updated_by", "updated_at"]
    list_filter = ["kind", "year"]
    readonly_fields = ["updated_by", "updated_at"]
    fields = ["kind", "year", "text", "updated_by", "updated_at"]


@admin.register(ReportVersion)
class ReportVersionAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "year", "number", "status", "created_by", "created_at", "sha256"]
    list_filter = ["kind", "year", "status"]
    fields = [
        "kind",
        "year",
        "peildatum",
        "number",
        "status",
        "size",
        "sha256",
        "render_seconds",
        "created_by",
        "created_at",
        "finalised_by",
        "finalised_at",
        "introduction",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
