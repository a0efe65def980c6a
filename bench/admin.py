"""A second admin site for the page benchmark, at /bench/beheer/ in bench.urls only.

Each app page is measured against the Django admin showing the same rows with the same
page size. The app's own ModelAdmins are reused where they exist; the page size and the
ordering are set to the app page's, and a project's change form gets inlines for what the
project page shows (plain selects would list all 3,000 requests, so the admin gets
raw_id_fields: the comparison is with a well-configured admin, not a slow one).
"""

from django.contrib import admin

from contributions.admin import MunicipalityYearAdmin
from contributions.models import MunicipalityYear
from intake.admin import ProjectRequestAdmin
from intake.models import ProjectRequest
from projects.admin import ProjectAdmin
from projects.models import (
    BudgetLine,
    GroupMember,
    Indicator,
    Milestone,
    ProgressReport,
    Project,
)

PAGE_SIZE = 25
# The werkvoorraad shows up to 5 items in each of its 7 sections.
WERKVOORRAAD_ROWS = 35


class BenchAdminSite(admin.AdminSite):
    site_header = "Benchmark"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser


site = BenchAdminSite(name="bench_admin")


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["name", "unit", "baseline", "target", "target_date"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["name", "planned_date", "actual_date", "status"]


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0
    fields = ["user", "name", "organisation", "function", "hours_per_week", "start_date"]
    raw_id_fields = ["user"]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    fields = ["description", "funding_source", "year", "planned_amount", "realised_amount"]


class ProgressReportInline(admin.TabularInline):
    model = ProgressReport
    extra = 0
    fields = ["period_start", "period_end", "due_date", "status", "status_overall"]


@admin.register(Project, site=site)
class BenchProjectAdmin(ProjectAdmin):
    list_display = [
        "title",
        "theme",
        "status",
        "projectleider",
        "portefeuillehouder",
        "start_date",
        "end_date",
    ]
    list_per_page = PAGE_SIZE
    ordering = ["title", "id"]
    raw_id_fields = ["request", "projectleider", "portefeuillehouder"]
    inlines = [
        IndicatorInline,
        MilestoneInline,
        GroupMemberInline,
        BudgetLineInline,
        ProgressReportInline,
    ]


@admin.register(ProjectRequest, site=site)
class BenchProjectRequestAdmin(ProjectRequestAdmin):
    list_per_page = PAGE_SIZE


@admin.register(ProgressReport, site=site)
class BenchProgressReportAdmin(admin.ModelAdmin):
    list_display = ["project", "period_start", "period_end", "due_date", "status"]
    list_filter = ["status"]
    list_select_related = ["project"]
    list_per_page = WERKVOORRAAD_ROWS
    ordering = ["submitted_at", "id"]


@admin.register(MunicipalityYear, site=site)
class BenchMunicipalityYearAdmin(MunicipalityYearAdmin):
    list_per_page = PAGE_SIZE
