"""The portfolio's selection: every project the user may know of, as rows for pages and exports.

Every signed-in user sees the title, status and leader of every project. The rest of a
confidential project only the circle of projects.permissions.can_view_project_details
sees (details_visible_q there); `PortfolioRow` leaves the other fields empty for everybody
else, so that no page, export or chart can show them.
"""

import functools
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
from django.utils import formats, timezone, translation

from platform_ivz.core.models import User
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
        # Only what PortfolioRow shows: the request's texts made a row of the page's query
        # several kilobytes wide.
        .select_related(None)
        .select_related("projectleider", "portefeuillehouder")
        .only(*ROW_FIELDS)
        .order_by("title", "id")
    )


_PERSON = ("first_name", "last_name", "username")
ROW_FIELDS = (
    "title",
    "status",
    "theme",
    "vertrouwelijk",
    "start_date",
    "end_date",
    "projectleider",
    "portefeuillehouder",
    *(f"projectleider__{name}" for name in _PERSON),
    *(f"portefeuillehouder__{name}" for name in _PERSON),
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

    @property
    def end_date_text(self) -> str:
        return date_text(self.end_date) if self.end_date else ""


def date_text(value: date) -> str:
    """A date in words ("9 februari 2027"), as the date filter writes it with "j F Y"."""
    return _formatted_date(value, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _formatted_date(value: date, language: str) -> str:
    """Formatting a date in words is slow and a page repeats few dates."""
    return formats.date_format(value, "j F Y")


def choice_label(choices, value: str) -> str:
    """`get_FOO_display()` without its cost: Django builds a dict of every (lazy) label on
    each call, about a fifth of the portfolio page's time (bench/RESULTS.md); this looks the
    label up in a table made once per choice class and language."""
    return _choice_labels(choices, translation.get_language()).get(value, value)


@functools.cache
def _choice_labels(choices, language: str) -> dict[str, str]:
    return {key: str(label) for key, label in choices.choices}


def portfolio_rows(projects) -> list[PortfolioRow]:
    """Rows of projects from `portfolio_projects`; no queries beyond the one that lists them."""
    rows = []
    for project in projects:
        common = {
            "pk": project.pk,
            "url": project.get_absolute_url(),
            "title": project.title,
            "status": project.status,
            "status_label": choice_label(Project.Status, project.status),
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
                theme_label=choice_label(Project.Theme, project.theme),
                portefeuillehouder=str(project.portefeuillehouder)
                if project.portefeuillehouder_id
                else "",
                latest_status=latest,
                latest_status_label=choice_label(RagStatus, latest) if latest else "",
                start_date=project.start_date,
                end_date=project.end_date,
                report_overdue=bool(project.report_overdue),
            )
        )
    return rows


# --- The people filters' autocomplete --------------------------------------------------------

PEOPLE_ROLES = ("projectleider", "portefeuillehouder")
# At most this many people per answer: the autocomplete narrows as the user types.
PEOPLE_LIMIT = 20
NAME_MAX_WORDS = 8


def people_in_portfolio(user, role: str) -> QuerySet[User]:
    """The project leaders, or portfolio holders, of the portfolio as `user` may see it.

    Leaders are public (like the portfolio's leader column); a portfolio holder only of the
    projects the user may see in detail, so that no confidential project's holder is named.
    """
    if role not in PEOPLE_ROLES:
        return User.objects.none()
    projects = selectors.visible_projects(user)
    if role == "portefeuillehouder" and not sees_every_project(user):
        projects = projects.filter(details_visible_q(user))
    return User.objects.filter(pk__in=projects.values(f"{role}_id"))


def name_q(term: str, prefix: str = "") -> Q:
    """Every word of `term` in the first or the last name (case-insensitive)."""
    matches = Q()
    for word in term.split()[:NAME_MAX_WORDS]:
        matches &= Q(**{f"{prefix}first_name__icontains": word}) | Q(
            **{f"{prefix}last_name__icontains": word}
        )
    return matches


def people_matching(user, role: str, term: str, limit: int = PEOPLE_LIMIT) -> tuple[list, bool]:
    """Up to `limit` people of `people_in_portfolio` whose name holds every word of `term`,
    by name, in one query; and whether there were more."""
    people = list(
        people_in_portfolio(user, role)
        .filter(name_q(term))
        .only("pk", "first_name", "last_name", "username")
        .order_by("first_name", "last_name", "username", "pk")[: limit + 1]
    )
    return people[:limit], len(people) > limit
