"""The portfolio's selection: every project the user may know of, as rows for pages and exports.

Every signed-in user sees the title, status and leader of every project. The rest of a
confidential project only the circle of projects.permissions.can_view_project_details
sees; `PortfolioRow` leaves the other fields empty for everybody else, so that no page,
export or chart can show them.
"""


from dataclasses import dataclass
from datetime import date

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from platform_ivz.core.roles import Role
from projects import selectors
from projects.models import GroupMember, ProgressReport, Project, RagStatus
from projects.progress import selectors as progress_selectors

REPORTED = (ProgressReport.Status.INGEDIEND, ProgressReport.Status.BESPROKEN)


def details_visible_q(user) -> Q | None:
    """projects.permissions.can_view_project_details as a query; None means every project."""
    if user.has_role(Role.VOORZITTER, Role.REGIOCOORDINATOR, Role.DVO_LID):
        return None
    scope = (
        Q(vertrouwelijk=False)
        | Q(projectleider_id=user.pk)
        | Q(portefeuillehouder_id=user.pk)
        | Q(pk__in=GroupMember.objects.filter(user_id=user.pk).values("project_id"))
    )
    if user.organisation_id is not None:
        scope |= Q(request__organisation_id=user.organisation_id)
    return scope


def portfolio_projects(user, today: date | None = None) -> QuerySet[Project]:
    """Every project the user may know of, with what the portfolio shows, in one query.

    `details_visible`: may the user see more than title, status and leader;
    `latest_status`: overall status of the latest submitted progress report;
    `report_overdue`: a progress report still in draft after its due date, while the
    project runs (projects.progress.selectors.overdue_q).
    """
    today = today or timezone.localdate()
    scope = details_visible_q(user)
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
            if scope is None
            else Case(
                When(scope, then=Value(True)),
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


