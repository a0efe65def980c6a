from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from projects.models import Project


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "status", "projectleider", "portefeuillehouder", "created_at"]
    list_filter = ["status", "vertrouwelijk"]
    list_select_related = ["projectleider", "portefeuillehouder"]
    search_fields = ["title"]
