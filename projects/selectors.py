import datetime

from django.db.models import OuterRef, Q, QuerySet, Subquery

from platform_ivz.core.roles import Role
from platform_ivz.core.selectors import users_with_roles
from projects.models import Project, ProjectEvent


def visible_projects(user) -> QuerySet[Project]:
    # Every signed-in user may know a project exists (title, status, leader).
    return Project.objects.select_related(
        "projectleider", "portefeuillehouder", "request__organisation"
    )


def my_projects(user) -> QuerySet[Project]:
    return visible_projects(user).filter(Q(projectleider=user) | Q(portefeuillehouder=user))


def projects_to_staff(user) -> QuerySet[Project]:
    if not user.has_role(Role.VOORZITTER, Role.REGIOCOORDINATOR):
        return Project.objects.none()
    return visible_projects(user).filter(status=Project.Status.TE_BEMENSEN)


def portfolio_holder_candidates():
    return users_with_roles(Role.DVO_LID).select_related("organisation")


# --- Generic project reads for the reports and the contributions ---------------------------


def dates_touch_q(first: datetime.date, last: datetime.date) -> Q:
    """Rows whose own start and end date touch the period `first`..`last`.

    A row without a start date never touches; one without an end date runs on. Works on
    anything with `start_date` and `end_date`: a project, a group member.
    """
    return Q(start_date__lte=last) & (Q(end_date__isnull=True) | Q(end_date__gte=first))


def projects_active_in(first: datetime.date, last: datetime.date) -> QuerySet[Project]:
    """Projects with a start date whose dates touch the period. Undated ones have no period,
    so no hours in it; the reports, which list them too, take the year's projects from
    reporting/data/year.py."""
    return Project.objects.filter(dates_touch_q(first, last))


def _event_at(statuses, *, latest: bool, project: str) -> Subquery:
    """When the project's first (or latest) event into one of `statuses` happened.

    `project` names the project in the outer query: "pk" on a Project, "project" on a row
    that points at one.
    """
    return Subquery(
        ProjectEvent.objects.filter(project=OuterRef(project), to_status__in=statuses)
        .order_by("-at" if latest else "at")
        .values("at")[:1]
    )


def stopped_at(project: str = "pk") -> Subquery:
    """When a project was stopped (its last `gestopt` event), as a subquery."""
    return _event_at([Project.Status.GESTOPT], latest=True, project=project)


def closed_at(project: str = "pk") -> Subquery:
    """When a project was first completed or stopped (None while it never was)."""
    return _event_at(Project.CLOSED_STATUSES, latest=False, project=project)


def with_stopped_at(projects: QuerySet[Project]) -> QuerySet[Project]:
    """The projects annotated with `stopped_at` (None unless they were ever stopped)."""
    return projects.annotate(stopped_at=stopped_at())
