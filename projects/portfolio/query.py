"""The portfolio's selection: every project the user may know of, as rows for pages and exports.

Every signed-in user sees the title, status and leader of every project. The rest of a
confidential project only the circle of projects.permissions.can_view_project_details
sees (details_visible_q there); `PortfolioRow` leaves the other fields empty for everybody
else, so that no page, export or chart can show them.
"""


from dataclasses import dataclass
from datetime import date

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from projects import selectors
from projects.models import ProgressReport, Project, RagStatus
from projects.permissions import details_visible_q, sees_every_project
from projects.progress import selectors as progress_selectors

REPORTED = (ProgressReport.Status.INGEDIEND, ProgressReport.Status.BESPROKEN)


def portfolio_projects(user, today: date | None = None) -> QuerySet[Project]:
    """Every project the user may know of, with what the portfolio shows, in one query.

    `details_visible`: may the user see more than title, status and leader;
    `latest_status`: overall status of the latest submitted progress report;
    `report_overdue`: a progress report still in draft after its due date, while the
    project runs (projects.progress.selectors.overdue_q).
    """
    today = today or timezone.localdate()
    latest_report = (
        ProgressReport.objects.filter(project=OuterRef("pk"), status__in=REPORTED)
        .exclude(status_overall="")
        .order_by("-period_end", "-due_date", "-id")
    )
    # Overdue as the report area defines it, so that every page flags the same reports.
    overdue = ProgressReport.objects.filter(
        progress_selectors.overdue_q(today), project=OuterRef("pk")
    )
    return (
        selectors.visible_projects(user)
        .annotate(
            details_visible=Value(True, output_field=BooleanField())
            if sees_every_project(user)
            else Case(
                When(details_visible_q(user), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            latest_status=Subquery(latest_report.values("status_overall")[:1]),
            report_overdue=Exists(overdue),
        )
        .order_by("title", "id")
    )


@dataclass(frozen=True)
class PortfolioRow:
    """One project as the portfolio may show it to this user. Without `details` only the
    title, status and leader are filled in."""

    pk: int
    url: str
    title: str
    status: str
    status_label: str
    projectleider: str
    details: bool
    vertrouwelijk: bool
    theme: str = ""
    theme_label: str = ""
    portefeuillehouder: str = ""
    latest_status: str = ""
    latest_status_label: str = ""
    start_date: date | None = None
    end_date: date | None = None
    report_overdue: bool = False


def portfolio_rows(projects) -> list[PortfolioRow]:
    """Rows of projects from `portfolio_projects`; no queries beyond the one that lists them."""
    rows = []
    for project in projects:
        common = {
            "pk": project.pk,
            "url": project.get_absolute_url(),
            "title": project.title,
            "status": project.status,
            "status_label": str(project.get_status_display()),
            "projectleider": str(project.projectleider) if project.projectleider_id else "",
            "details": bool(project.details_visible),
            "vertrouwelijk": project.vertrouwelijk,
        }
        if not project.details_visible:
            rows.append(PortfolioRow(**common))
            continue
        latest = project.latest_status or ""
        rows.append(
            PortfolioRow(
                **common,
                theme=project.theme,
                theme_label=str(project.get_theme_display()),
                portefeuillehouder=str(project.portefeuillehouder)
                if project.portefeuillehouder_id
                else "",
                latest_status=latest,
                latest_status_label=str(RagStatus(latest).label) if latest else "",
                start_date=project.start_date,
                end_date=project.end_date,
                report_overdue=bool(project.report_overdue),
            )
        )
    return rows


