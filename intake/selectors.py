"""Reads of projectverzoeken, always scoped to what the user may see."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from intake import project_circle
from intake.formats import REQUEST_FULL_FORMAT
from intake.models import ProjectRequest
from platform_ivz.core.models import Organisation
from platform_ivz.core.reference import Theme
from platform_ivz.core.roles import BOARD_READERS, Role

Status = ProjectRequest.Status
OPEN_STATUSES = [Status.CONCEPT, Status.INGEDIEND, Status.AANVULLING_GEVRAAGD]


# intake.permissions.is_never_submitted as a query.
NEVER_SUBMITTED_Q = Q(status=Status.CONCEPT) | Q(
    status=Status.INGETROKKEN, submitted_at__isnull=True
)


def visible_requests(user) -> QuerySet[ProjectRequest]:
    """Mirrors intake.permissions.can_view_request as a query."""
    requests = ProjectRequest.objects.all()
    own = Q(organisation_id=user.organisation_id) if user.organisation_id else Q(pk__in=[])
    if user.has_role(Role.VOORZITTER, Role.REGIOCOORDINATOR):
        # Everything but the drafts of other organisations.
        return requests.filter(~NEVER_SUBMITTED_Q | own)
    scope = Q(status=Status.GOEDGEKEURD, vertrouwelijk=False)
    if user.organisation_id:
        scope |= own
    if user.has_role(*BOARD_READERS):
        scope |= Q(status=Status.GOEDGEKEURD)
    else:
        # The circle of the project it became, as projects defines it (intake.project_circle).
        scope |= Q(status=Status.GOEDGEKEURD) & project_circle.requests_q(user)
    return requests.filter(scope)


def for_list(requests: QuerySet[ProjectRequest]) -> QuerySet[ProjectRequest]:
    return requests.select_related(
        "organisation", "indiener", "on_behalf_organisation"
    ).prefetch_related("gemeenten")


def own_organisation_requests(user) -> QuerySet[ProjectRequest]:
    if not user.organisation_id:
        return ProjectRequest.objects.none()
    return visible_requests(user).filter(organisation_id=user.organisation_id)


def requests_to_review(user) -> QuerySet[ProjectRequest]:
    if not user.has_role(Role.VOORZITTER, Role.REGIOCOORDINATOR):
        return ProjectRequest.objects.none()
    return (
        ProjectRequest.objects.filter(status=Status.INGEDIEND)
        .exclude(indiener=user)
        .order_by("submitted_at", "id")
    )


def request_for_user(user, pk: int) -> ProjectRequest:
    """The request if the user may see it; DoesNotExist (a 404) otherwise, never a hint."""
    return (
        visible_requests(user)
        .select_related("organisation", "indiener", "on_behalf_organisation", "decided_by")
        .prefetch_related("gemeenten")
        .get(pk=pk)
    )


def open_question(request: ProjectRequest):
    """The reviewers' latest question while they wait for more information, else None."""
    if request.status != Status.AANVULLING_GEVRAAGD:
        return None
    return (
        request.events.filter(to_status=Status.AANVULLING_GEVRAAGD)
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )


@dataclass
class TimelineEntry:
    at: datetime
    actor: object
    kind: str  # "event" or "change"
    title: str = ""
    note: str = ""
    changes: list | None = None


def timeline(request: ProjectRequest) -> list[TimelineEntry]:
    """Transitions and field changes (django-simple-history), oldest first."""
    entries = [
        TimelineEntry(
            at=event.at,
            actor=event.actor,
            kind="event",
            title=f"{event.get_from_status_display()} → {event.get_to_status_display()}",
            note=event.note,
        )
        for event in request.events.select_related("actor")
    ]
    records = list(
        request.history.select_related("history_user").order_by("history_date", "history_id")
    )
    if records:
        first = records[0]
        entries.append(
            TimelineEntry(at=first.history_date, actor=first.history_user, kind="created")
        )
    organisation_names = dict(Organisation.objects.values_list("pk", "name"))
    for previous, record in zip(records, records[1:], strict=False):
        delta = record.diff_against(previous, included_fields=TRACKED_FIELDS)
        changes = [
            (
                ProjectRequest._meta.get_field(change.field).verbose_name,
                _describe(change.field, change.old, organisation_names),
                _describe(change.field, change.new, organisation_names),
            )
            for change in delta.changes
        ]
        if changes:
            entries.append(
                TimelineEntry(
                    at=record.history_date,
                    actor=record.history_user,
                    kind="change",
                    changes=changes,
                )
            )
    return sorted(entries, key=lambda entry: entry.at)


# Fields whose changes the timeline shows; status changes are shown as events.
TRACKED_FIELDS = [
    "title",
    "on_behalf_of",
    "on_behalf_organisation",
    *REQUEST_FULL_FORMAT,  # the text of the intake format, in its order
    "theme",
    "vertrouwelijk",
    "gemeenten",
]


def _describe(field_name: str, value, organisation_names: dict) -> str:
    if field_name == "gemeenten":  # a list of through-table rows
        names = sorted(organisation_names.get(row["organisation"], "?") for row in value)
        return ", ".join(names) or "—"
    if field_name == "on_behalf_organisation":
        return organisation_names.get(value, "—")
    if field_name == "on_behalf_of":
        return ProjectRequest.OnBehalfOf(value).label if value else "—"
    if field_name == "theme":
        return Theme(value).label if value else "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return value or "—"


# Intake figures for the jaarverslag ---------------------------------------------------------


@dataclass(frozen=True)
class IntakeFigures:
    """What the intake did in a year, counted from the requests' events (not their status now).

    received: first submitted in the year; approved, rejected, withdrawn: that happened in the
    year; open_at_year_end: submitted and not yet decided on the year's last day.
    """

    year: int
    received: int
    approved: int
    rejected: int
    withdrawn: int
    information_requested: int
    open_at_year_end: int

    @property
    def decided(self) -> int:
        return self.approved + self.rejected


def intake_figures(year: int) -> IntakeFigures:
    """Counts only, no titles: confidential requests count like every other. Two queries."""
    from django.db.models import Count, OuterRef, Subquery

    from intake.models import RequestEvent

    def requests_with(condition: Q) -> Count:
        return Count("request", filter=condition, distinct=True)

    counts = RequestEvent.objects.filter(at__year=year).aggregate(
        received=requests_with(Q(from_status=Status.CONCEPT, to_status=Status.INGEDIEND)),
        approved=requests_with(Q(to_status=Status.GOEDGEKEURD)),
        rejected=requests_with(Q(to_status=Status.AFGEWEZEN)),
        withdrawn=requests_with(Q(to_status=Status.INGETROKKEN)),
        information_requested=requests_with(Q(to_status=Status.AANVULLING_GEVRAAGD)),
    )
    state_at_year_end = Subquery(
        RequestEvent.objects.filter(request=OuterRef("pk"), at__year__lte=year)
        .order_by("-at", "-id")
        .values("to_status")[:1]
    )
    open_at_year_end = (
        ProjectRequest.objects.annotate(state=state_at_year_end)
        .filter(state__in=[Status.INGEDIEND, Status.AANVULLING_GEVRAAGD])
        .count()
    )
    return IntakeFigures(year=year, open_at_year_end=open_at_year_end, **counts)
