from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from intake.models import Attachment, CriterionAssessment, ProjectRequest, RequestEvent


class AssessmentInline(admin.TabularInline):
    model = CriterionAssessment
    extra = 0


class EventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    readonly_fields = ["transition", "from_status", "to_status", "actor", "at", "note"]
    can_delete = False


@admin.register(ProjectRequest)
class ProjectRequestAdmin(SimpleHistoryAdmin):
    list_display = ["title", "status", "organisation", "indiener", "vertrouwelijk", "created_at"]
    list_filter = ["status", "vertrouwelijk", "organisation"]
    list_select_related = ["organisation", "indiener"]
    search_fields = ["title"]
    inlines = [AssessmentInline, EventInline]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "request", "content_type", "size", "uploaded_at"]
    list_select_related = ["request"]
