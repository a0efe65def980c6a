"""The API's reads: the apps' selectors and permission rules, shaped as the serializers write
them. Each function costs a fixed number of queries, however many rows it reads (tested in
tests/api/test_query_counts.py)."""

from collections import defaultdict

from django.db.models import OuterRef, Subquery
from django.urls import reverse

from contributions import selectors as contribution_selectors
from contributions.models import WEEKS_PER_YEAR
from intake import selectors as intake_selectors
from intake.formats import REQUEST_FULL_FORMAT
from intake.models import ProjectRequest
from platform_ivz.core.reference import Theme
from projects.meetings import selectors as meeting_selectors
from projects.models import BudgetLine, Indicator, Milestone, Project, RagStatus
from projects.money import money_of, project_money
from projects.portfolio.query import ROW_FIELDS, choice_label, portfolio_projects
from reporting.models import ReportVersion


def _ref(obj) -> dict | None:
    if obj is None:
        return None
    return {"id": obj.pk, "name": str(obj)}


def _money(money) -> dict:
    return {
        "planned": money.planned,
        "spent": money.spent,
        "lines": money.lines,
        "reported": money.reported,
    }


# --- Projects --------------------------------------------------------------------------------


def project_queryset(user):
    """The portfolio as the user may see it (projects.portfolio.query), with the time of the
    project's last change (its history) as `changed_at`."""
    history = Project.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date")
    return (
        portfolio_projects(user)
        .only(*ROW_FIELDS, "request")
        .annotate(changed_at=Subquery(history.values("history_date")[:1]))
    )


def _gemeenten_of_requests(request_ids) -> dict[int, list[dict]]:
    """Request id → its gemeenten, for many requests in one query."""
    through = ProjectRequest.gemeenten.through
    found = defaultdict(list)
    rows = (
        through.objects.filter(projectrequest_id__in=list(request_ids))
        .order_by("organisation__name")
        .values_list("projectrequest_id", "organisation_id", "organisation__name")
    )
    for request_id, organisation_id, name in rows:
        found[request_id].append({"id": organisation_id, "name": name})
    return found


def project_rows(rows, *, full: bool = False) -> list[dict]:
    """Projects of `project_queryset(user)` as dicts: three queries for all of them (four more for
    `full`, the detail's indicators, measurements, milestones and budget lines)."""
    rows = list(rows)
    shown = [project for project in rows if project.details_visible]
    money = project_money(project.pk for project in shown)
    gemeenten = _gemeenten_of_requests(project.request_id for project in shown)
    extra = _project_details(shown) if full else {}
    result = []
    for project in rows:
        item = {
            "id": project.pk,
            "url": reverse("api_v1:project", args=[project.pk]),
            "web_url": project.get_absolute_url(),
            "title": project.title,
            "status": project.status,
            "status_label": choice_label(Project.Status, project.status),
            "projectleider": _ref(project.projectleider) if project.projectleider_id else None,
            "vertrouwelijk": project.vertrouwelijk,
            "details_visible": bool(project.details_visible),
            "theme": None,
            "theme_label": None,
            "portefeuillehouder": None,
            "start_date": None,
            "end_date": None,
            "gemeenten": None,
            "latest_rag_status": None,
            "report_overdue": None,
            "budget": None,
            "changed_at": None,
        }
        if full:
            item.update(budget_per_year=None, indicators=None, milestones=None)
        if project.details_visible:
            latest = project.latest_status or None
            item.update(
                theme=project.theme or None,
                theme_label=choice_label(Theme, project.theme) if project.theme else None,
                portefeuillehouder=_ref(project.portefeuillehouder)
                if project.portefeuillehouder_id
                else None,
                start_date=project.start_date,
                end_date=project.end_date,
                gemeenten=gemeenten.get(project.request_id, []),
                latest_rag_status=latest if latest in RagStatus.values else None,
                report_overdue=bool(project.report_overdue),
                budget=_money(money[project.pk]),
                changed_at=project.changed_at,
            )
            item.update(extra.get(project.pk, {}))
        result.append(item)
    return result


def _project_details(shown) -> dict[int, dict]:
    ids = [project.pk for project in shown]
    indicators = defaultdict(list)
    for indicator in (
        Indicator.objects.filter(project_id__in=ids).prefetch_related("measurements").order_by("pk")
    ):
        indicators[indicator.project_id].append(
            {
                "id": indicator.pk,
                "name": indicator.name,
                "unit": indicator.unit,
                "baseline": indicator.baseline,
                "target": indicator.target,
                "target_date": indicator.target_date,
                "measurements": [
                    {
                        "id": m.pk,
                        "measured_on": m.measured_on,
                        "value": m.value,
                        "source": m.source,
                    }
                    for m in sorted(
                        indicator.measurements.all(), key=lambda m: (m.measured_on, m.pk)
                    )
                ],
            }
        )
    milestones = defaultdict(list)
    for milestone in Milestone.objects.filter(project_id__in=ids).order_by("planned_date", "pk"):
        milestones[milestone.project_id].append(
            {
                "id": milestone.pk,
                "name": milestone.name,
                "planned_date": milestone.planned_date,
                "actual_date": milestone.actual_date,
                "status": milestone.status,
            }
        )
    lines = defaultdict(list)
    for line in BudgetLine.objects.filter(project_id__in=ids).only(
        "project_id", "year", "planned_amount", "realised_amount"
    ):
        lines[line.project_id].append(line)
    details = {}
    for pk in ids:
        years = sorted({line.year for line in lines[pk]})
        details[pk] = {
            "indicators": indicators[pk],
            "milestones": milestones[pk],
            "budget_per_year": [
                {"year": year, **_money(money_of(lines[pk], year=year))} for year in years
            ],
        }
    return details


# --- Requests --------------------------------------------------------------------------------

DECIDED = (ProjectRequest.Status.GOEDGEKEURD, ProjectRequest.Status.AFGEWEZEN)


def request_queryset(user):
    """The requests the user may see (intake.selectors.visible_requests), newest first."""
    return (
        intake_selectors.for_list(intake_selectors.visible_requests(user))
        .select_related("decided_by", "project")
        .order_by("-created_at", "-id")
    )


def request_rows(rows, *, full: bool = False) -> list[dict]:
    result = []
    for item in rows:
        project = _project_of(item)
        row = {
            "id": item.pk,
            "url": reverse("api_v1:request", args=[item.pk]),
            "web_url": item.get_absolute_url(),
            "title": item.title,
            "status": item.status,
            "status_label": choice_label(ProjectRequest.Status, item.status),
            "organisation": _ref(item.organisation),
            "theme": item.theme,
            "vertrouwelijk": item.vertrouwelijk,
            "gemeenten": sorted(
                (_ref(g) for g in item.gemeenten.all()), key=lambda g: (g["name"], g["id"])
            ),
            "created_at": item.created_at,
            "updated_at": item.updated_at,
            "submitted_at": item.submitted_at,
            "decision": {
                "decided_at": item.decided_at,
                "decided_by": str(item.decided_by) if item.decided_by_id else None,
                "motivation": item.decision_motivation,
            }
            if item.status in DECIDED
            else None,
            "project_id": project.pk if project is not None else None,
        }
        if full:
            row["texts"] = {name: getattr(item, name) or "" for name in REQUEST_FULL_FORMAT}
        result.append(row)
    return result


def _project_of(item):
    try:
        return item.project
    except Project.DoesNotExist:
        return None


# --- Meetings --------------------------------------------------------------------------------


def meeting_queryset(user):
    return meeting_selectors.visible_meetings(user).order_by("-date", "body", "-id")


def meeting_row(meeting) -> dict:
    return {
        "id": meeting.pk,
        "url": reverse("api_v1:meeting", args=[meeting.pk]),
        "web_url": reverse("meetings:detail", args=[meeting.pk]),
        "body": meeting.body,
        "body_label": meeting.get_body_display(),
        "date": meeting.date,
        "start_time": meeting.start_time,
        "end_time": meeting.end_time,
        "location": meeting.location,
        "item_count": meeting.item_count,
        "decided_count": meeting.decided_count,
    }


def meeting_detail(meeting, user) -> dict:
    items = []
    for item in meeting_selectors.agenda(meeting, user):
        shown = item.project_id is None or bool(item.details_visible)
        items.append(
            {
                "id": item.pk,
                "order": item.order,
                "kind": item.kind,
                "kind_label": item.get_kind_display(),
                "title": item.title,
                "project": {"id": item.project.pk, "name": item.project.title}
                if item.project_id
                else None,
                "details_visible": shown,
                "document": (item.document_label or None) if shown else None,
                "document_status": (item.document_status or None) if shown else None,
                "decision": item.decision,
                "decision_label": item.get_decision_display(),
                "decided_at": item.decided_at,
                "remarks": item.remarks if shown else None,
                "decision_text": item.decision_text if shown else None,
            }
        )
    return {**meeting_row(meeting), "agenda": items}


# --- Contributions and hours -----------------------------------------------------------------


def years() -> list[dict]:
    return [
        {
            "year": year,
            "contributions_url": reverse("api_v1:contributions", args=[year]),
            "hours_url": reverse("api_v1:hours", args=[year]),
        }
        for year in sorted(contribution_selectors.years(), reverse=True)
    ]


def contribution_year(settings) -> dict:
    table = contribution_selectors.contribution_table(settings)
    partners = contribution_selectors.partner_pledges(settings)
    return {
        "year": settings.year,
        "tariff_per_inhabitant": settings.tariff_per_inhabitant,
        "municipalities": [
            {
                "organisation": _ref(row.organisation),
                "population": row.population,
                "choice": row.choice,
                "bracket": row.bracket_label,
                "inwonersbijdrage": row.inwonersbijdrage,
                "surcharge_due": row.surcharge_due,
                "total": row.total,
                "pledged_hours_per_week": row.pledged_hours_per_week,
                "pledged_hours": row.pledged_hours,
            }
            for row in table.rows
        ],
        "partners": [
            {
                "organisation": _ref(pledge.organisation),
                "pledged_hours_per_week": pledge.hours_per_week,
                "pledged_hours": pledge.hours_per_week * WEEKS_PER_YEAR,
            }
            for pledge in sorted(partners, key=lambda p: (p.organisation.name, p.pk))
        ],
        "total": table.total,
    }


def hours_year(settings) -> dict:
    """Per organisation the hours pledged and delivered, as totals: the work on confidential
    projects counts in them as on the hours page, where it is shown as one total too."""
    overview = contribution_selectors.hours_overview(settings)
    return {
        "year": settings.year,
        "until": overview.until,
        "organisations": [
            {
                "organisation": _ref(entry.organisation),
                "is_gemeente": entry.is_gemeente,
                "pledged_hours_per_week": entry.pledged_per_week,
                "pledged_hours": entry.pledged,
                "pledged_hours_to_date": entry.pledged_to_date,
                "delivered_hours": entry.delivered,
                "project_count": entry.project_count,
                "status": str(entry.status),
            }
            for entry in overview.organisations
        ],
        "pledged_hours": overview.pledged,
        "pledged_hours_to_date": overview.pledged_to_date,
        "delivered_hours": overview.delivered,
    }


# --- Reports ---------------------------------------------------------------------------------


def final_reports():
    """The final reports (made and ready), which every signed-in user may download
    (reporting.permissions.can_download_version)."""
    return ReportVersion.objects.without_pdf().finals().order_by("-year", "kind", "-number", "-id")


def report_row(version) -> dict:
    return {
        "id": version.pk,
        "kind": version.kind,
        "year": version.year,
        "number": version.number,
        "title": version.title,
        "finalised_at": version.finalised_at,
        "size": version.size,
        "sha256": version.sha256,
        "download_url": reverse("api_v1:report_download", args=[version.pk]),
    }
