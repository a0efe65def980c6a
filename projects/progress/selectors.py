"""Reads for the report area: progress reports and beslispunten, scoped by user.

A report is overdue when it is still a draft (`concept`) after its due date, for a project
that has not ended or stopped. Querysets carry that as the annotation `is_overdue`.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from platform_ivz.core.roles import Role
from projects.models import (
    Beslispunt,
    BudgetLine,
    Indicator,
    Measurement,
    Milestone,
    ProgressReport,
    Project,
)
from projects.permissions import can_add_beslispunt, can_write_progress_report, details_visible_q
from projects.progress.calendar import (
    CLOSED_PROJECT_STATUSES,
    REMIND_DAYS_BEFORE,
    is_after_end,
    next_due_date_after,
)
from projects.progress.workflow import REPORT_WORKFLOW

Status = ProgressReport.Status


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def overdue_q(today: date | None = None, prefix: str = "") -> Q:
    """Reports (or, with a prefix, rows pointing at reports) that are overdue on `today`."""
    return Q(**{f"{prefix}status": Status.CONCEPT, f"{prefix}due_date__lt": _today(today)}) & ~Q(
        **{f"{prefix}project__status__in": CLOSED_PROJECT_STATUSES}
    )


def with_overdue(reports: QuerySet, today: date | None = None) -> QuerySet:
    return reports.annotate(
        is_overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField())
    )


def visible_reports(user, today: date | None = None) -> QuerySet[ProgressReport]:
    """Every report of a project whose content the user may see, with `is_overdue`."""
    reports = ProgressReport.objects.filter(details_visible_q(user, "project__"))
    return with_overdue(reports, today).select_related("project__projectleider")


def for_list(reports: QuerySet[ProgressReport]) -> QuerySet[ProgressReport]:
    return reports.select_related("project__projectleider", "discussed_by")


def project_reports(project: Project, today: date | None = None) -> QuerySet[ProgressReport]:
    """A project's reports, newest first; the view has checked the user may see them."""
    return with_overdue(project.progress_reports.all(), today).order_by("-due_date", "-id")


def report_of_project(project: Project, report_pk: int, today=None) -> ProgressReport:
    """The report if it belongs to the project; DoesNotExist (a 404) otherwise."""
    report = (
        with_overdue(ProgressReport.objects.filter(project=project), today)
        .select_related("discussed_by")
        .get(pk=report_pk)
    )
    report.project = project  # the view's (scoped) project; saves a query
    return report


def overdue_reports(user, today: date | None = None) -> QuerySet[ProgressReport]:
    """Overdue reports the user may see, oldest due date first."""
    return visible_reports(user, today).filter(overdue_q(today)).order_by("due_date", "project_id")


def reports_due_for(user, today: date | None = None) -> QuerySet[ProgressReport]:
    """The projectleider's draft reports due within 14 days or overdue (for the werkvoorraad)."""
    today = _today(today)
    return (
        with_overdue(
            ProgressReport.objects.filter(
                project__projectleider_id=user.pk,
                status=Status.CONCEPT,
                due_date__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
            ).exclude(project__status__in=CLOSED_PROJECT_STATUSES),
            today,
        )
        .select_related("project")
        .order_by("due_date", "id")
    )


def reports_to_discuss(user) -> QuerySet[ProgressReport]:
    """Submitted reports waiting for the voorzitter or regiocoördinator to acknowledge them."""
    if not user.has_role(Role.VOORZITTER, Role.REGIOCOORDINATOR):
        return ProgressReport.objects.none()
    return (
        with_overdue(ProgressReport.objects.filter(status=Status.INGEDIEND))
        .select_related("project__projectleider")
        .order_by("submitted_at", "id")
    )


def work_items(reports) -> list[dict]:
    """Reports as werkvoorraad items: {"title", "url", "status"} like the other sections'."""
    items = []
    for report in reports:
        period = gettext("%(start)s to %(end)s") % {
            "start": date_format(report.period_start, "j F Y"),
            "end": date_format(report.period_end, "j F Y"),
        }
        status = report.get_status_display()
        if getattr(report, "is_overdue", False):
            status = gettext("%(status)s, overdue") % {"status": status}
        items.append(
            {
                "title": f"{report.project.title}: {period}",
                "url": reverse("projects:report_detail", args=[report.project_id, report.pk]),
                "status": status,
            }
        )
    return items


def with_report_flags(projects: QuerySet[Project], today: date | None = None) -> QuerySet:
    """Annotate a project queryset with `has_overdue_report` (for portfolio and lists)."""
    overdue = ProgressReport.objects.filter(project=OuterRef("pk")).filter(overdue_q(today))
    return projects.annotate(has_overdue_report=Exists(overdue))


def overview(user, today: date | None = None) -> QuerySet[ProgressReport]:
    """The reviewers' overview of every report; others get nothing (the view refuses them)."""
    if not user.has_role(Role.VOORZITTER, Role.REGIOCOORDINATOR):
        return ProgressReport.objects.none()
    return for_list(with_overdue(ProgressReport.objects.all(), today)).order_by(
        "-due_date", "project__title", "id"
    )


def report_years() -> list[int]:
    return sorted({d.year for d in ProgressReport.objects.dates("due_date", "year")}, reverse=True)


@dataclass
class ReportDetail:
    report: ProgressReport
    milestones: list = field(default_factory=list)
    measurements: list = field(default_factory=list)
    budget_lines: list = field(default_factory=list)
    beslispunten: list = field(default_factory=list)
    history: list = field(default_factory=list)


def budget_lines_for(report: ProgressReport) -> QuerySet[BudgetLine]:
    """The budget lines of the years the report's period falls in."""
    years = range(report.period_start.year, report.period_end.year + 1)
    return BudgetLine.objects.filter(project_id=report.project_id, year__in=years).order_by(
        "year", "id"
    )


def report_detail(report: ProgressReport) -> ReportDetail:
    return ReportDetail(
        report=report,
        milestones=list(Milestone.objects.filter(project_id=report.project_id)),
        measurements=list(
            Measurement.objects.filter(progress_report=report).select_related("indicator")
        ),
        budget_lines=list(budget_lines_for(report)),
        beslispunten=list(report.beslispunten.select_related("raised_by")),
        history=list(
            report.history.select_related("history_user").order_by("history_date", "history_id")
        ),
    )


def status_changes(history: list) -> list:
    """The history records where the report's status changed (the first one included)."""
    changes, previous = [], None
    for record in history:
        if record.status != previous:
            changes.append(record)
            previous = record.status
    return changes


def edit_rows(report: ProgressReport) -> dict:
    """What the edit form's row sets start from."""
    return {
        "milestones": list(Milestone.objects.filter(project_id=report.project_id)),
        "indicators": list(Indicator.objects.filter(project_id=report.project_id)),
        "measurements": list(Measurement.objects.filter(progress_report=report)),
        "budget_lines": list(budget_lines_for(report)),
        "beslispunten": list(report.beslispunten.select_related("raised_by")),
    }


def project_beslispunten(project: Project) -> QuerySet[Beslispunt]:
    return project.beslispunten.select_related("raised_by", "progress_report").order_by(
        "-created_at", "-id"
    )


# --- The project page's section ----------------------------------------------------------


SECTION_BESLISPUNTEN = 5


@dataclass
class ReportSection:
    latest: ProgressReport | None
    next_due_date: date | None
    next_due_report: ProgressReport | None
    overdue_count: int
    beslispunten: list
    beslispunten_count: int
    can_write: bool
    can_add_beslispunt: bool
    to_acknowledge: ProgressReport | None


def detail_context(project, user, *, show_details: bool) -> dict:
    """What the project page's report section shows (template projects/progress/_section.html)."""
    if not show_details:
        return {"report_section": None}
    today = timezone.localdate()
    reports = list(project_reports(project, today))  # a project has two a year: few rows
    latest = next((r for r in reports if r.status != Status.CONCEPT), None)
    # A closed project owes nothing more, and no report is due after the project's end.
    is_closed = project.status in CLOSED_PROJECT_STATUSES
    drafts = sorted(
        (
            r
            for r in reports
            if r.status == Status.CONCEPT
            and not is_closed
            and not is_after_end(r.due_date, project.end_date)
        ),
        key=lambda r: r.due_date,
    )
    next_due_report = drafts[0] if drafts else None
    next_due_date = next_due_report.due_date if next_due_report else None
    if next_due_date is None and project.status == Project.Status.IN_UITVOERING:
        last_due = max((r.due_date for r in reports), default=None)
        next_due_date = next_due_date_after(
            max(today, last_due + timedelta(days=1) if last_due else today)
        )
        if is_after_end(next_due_date, project.end_date):
            next_due_date = None
    beslispunten = list(project_beslispunten(project)[:SECTION_BESLISPUNTEN])
    waiting = [r for r in reports if r.status == Status.INGEDIEND]
    to_acknowledge = (
        waiting[-1]
        if waiting and REPORT_WORKFLOW.get("acknowledge").available(user, waiting[-1])
        else None
    )
    return {
        "report_section": ReportSection(
            latest=latest,
            next_due_date=next_due_date,
            next_due_report=next_due_report,
            overdue_count=sum(1 for r in reports if r.is_overdue),
            beslispunten=beslispunten,
            beslispunten_count=project.beslispunten.count() if beslispunten else 0,
            can_write=bool(can_write_progress_report.test(user, project)),
            can_add_beslispunt=bool(can_add_beslispunt.test(user, project)),
            to_acknowledge=to_acknowledge,
        )
    }
