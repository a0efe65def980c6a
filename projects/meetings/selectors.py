"""Reads for meetings, their agenda and their besluitenlijst, and for a project's meetings.

Meetings and besluitenlijsten are not secret: every signed-in user sees them. What an agenda
item says about a confidential project (its document, the text of a beslispunt, the remarks)
only the people of projects.permissions.can_view_project_details see; the selectors mark each
item with `details_visible`, the query form of that predicate, so a page costs the same number
of queries however long its agenda is.
"""

from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_ivz.core.models import Meeting
from platform_ivz.core.selectors import body_members
from projects import permissions
from projects.meetings.workflow import WAITS_FOR
from projects.models import (
    AgendaItem,
    ApprovalStatus,
    Attendance,
    Beslispunt,
    Evaluation,
    Minutes,
    Project,
    ProjectPlan,
)
from projects.permissions import can_record_decisions, details_visible_q, sees_every_project

Body = Meeting.Body
Kind = AgendaItem.Kind
Decision = AgendaItem.Decision
Status = Project.Status

# What may go on an agenda, per body: (document status, project status) for a plan version 1,
# an amendment (a later version; the project keeps running) and an evaluation.
AGENDA_RULES = {
    Body.PLATFORM: {
        Kind.PLAN: (ApprovalStatus.TER_VASTSTELLING, Status.TER_VASTSTELLING),
        Kind.AMENDMENT: (ApprovalStatus.TER_VASTSTELLING, Status.IN_UITVOERING),
        Kind.EVALUATION: (ApprovalStatus.TER_VASTSTELLING, Status.EVALUATIE_TER_VASTSTELLING),
    },
    Body.DVO: {
        Kind.PLAN: (ApprovalStatus.AMBTELIJK_VASTGESTELD, Status.AMBTELIJK_VASTGESTELD),
        Kind.AMENDMENT: (ApprovalStatus.AMBTELIJK_VASTGESTELD, Status.IN_UITVOERING),
        Kind.EVALUATION: (
            ApprovalStatus.AMBTELIJK_VASTGESTELD,
            Status.EVALUATIE_AMBTELIJK_VASTGESTELD,
        ),
    },
}
# Beslispunten go to the Platform (advice) and then to the DVO (decision); the state each waits
# in is in projects.meetings.workflow.WAITS_FOR.
BESLISPUNT_BODIES = tuple(WAITS_FOR)


def _today():
    return timezone.localdate()


# --- Visibility --------------------------------------------------------------------------


def _with_visibility(items: QuerySet[AgendaItem], user) -> QuerySet[AgendaItem]:
    if sees_every_project(user):
        return items.annotate(details_visible=Value(True, output_field=BooleanField()))
    # A free item (opening, mededelingen, ...) belongs to no project: everyone reads it.
    visible = Q(project__isnull=True) | details_visible_q(user, prefix="project__")
    return items.annotate(details_visible=ExpressionWrapper(visible, output_field=BooleanField()))


# --- Meetings ----------------------------------------------------------------------------


def visible_meetings(user) -> QuerySet[Meeting]:
    """Every meeting, with the number of agenda items, of decisions taken and the status of
    its verslag (None while there is none)."""
    return Meeting.objects.annotate(
        item_count=Count("agenda_items", distinct=True),
        decided_count=Count(
            "agenda_items", filter=~Q(agenda_items__decision=Decision.OPEN), distinct=True
        ),
        minutes_status=F("minutes__status"),
    )


def upcoming(user) -> QuerySet[Meeting]:
    return visible_meetings(user).filter(date__gte=_today()).order_by("date", "body", "id")


def past(user) -> QuerySet[Meeting]:
    return visible_meetings(user).filter(date__lt=_today()).order_by("-date", "body", "-id")


def meeting_years() -> list[int]:
    return sorted({day.year for day in Meeting.objects.dates("date", "year")}, reverse=True)


def meeting_for_user(user, pk: int) -> Meeting:
    """The meeting (Meeting.DoesNotExist, a 404, if there is none)."""
    return visible_meetings(user).get(pk=pk)


# The body's meeting before this one, whose verslag this meeting adopts (the query lives with
# the predicate that needs it, projects.permissions.misses_minutes_item).
previous_meeting = permissions.previous_meeting


def upcoming_meetings(user, limit: int = 5) -> list[Meeting]:
    """For the werkvoorraad: the next meetings, soonest first."""
    return list(upcoming(user)[:limit])


# --- Agenda and besluitenlijst ------------------------------------------------------------


def _items(user) -> QuerySet[AgendaItem]:
    return _with_visibility(
        AgendaItem.objects.select_related(
            "meeting",
            "project__projectleider",
            "project__portefeuillehouder",
            "plan__rework",
            "evaluation",
            "beslispunt",
            "decided_by",
            "minutes_of",
        ),
        user,
    )


def _url(name: str, args, fallback: str) -> str:
    # The document pages belong to other areas of the project's life; without them the
    # project page is the way to the document.
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


def document_url(item: AgendaItem) -> str:
    """Where the document the item is about can be read ("" for a free item)."""
    if item.project_id is None:
        return ""
    project_url = reverse("projects:detail", args=[item.project_id])
    if item.plan_id:
        return _url(
            "projects:plan_detail", [item.project_id, item.plan.number], project_url + "#plan-titel"
        )
    if item.evaluation_id:
        return _url("projects:evaluation", [item.project_id], project_url + "#evaluatie-titel")
    if item.beslispunt_id:
        return _url("projects:beslispunt_list", [item.project_id], project_url)
    return project_url


def document_label(item: AgendaItem) -> str:
    if item.plan_id:
        if item.plan.is_amendment:
            return _("Amendment: version %(number)d") % {"number": item.plan.number}
        return _("Version %(number)d") % {"number": item.plan.number}
    if item.evaluation_id:
        return _("Evaluation")
    return ""


def rework_of(plan: ProjectPlan) -> ProjectPlan | None:
    """The version that reworks a returned one (select_related("plan__rework") first)."""
    try:
        return plan.rework
    except ProjectPlan.DoesNotExist:
        return None


def document_status(item: AgendaItem) -> str:
    """The document's status now, which may have moved on since the meeting's decision."""
    if item.plan_id:
        rework = rework_of(item.plan) if item.plan.is_returned else None
        if rework is not None:
            return _("%(status)s; the rework, version %(number)d: %(rework_status)s") % {
                "status": item.plan.get_status_display(),
                "number": rework.number,
                "rework_status": rework.get_status_display(),
            }
        return item.plan.get_status_display()
    if item.evaluation_id:
        return item.evaluation.get_status_display()
    if item.beslispunt_id:
        return item.beslispunt.get_status_display()
    return ""


def _decorate(items, meeting: Meeting | None = None) -> list[AgendaItem]:
    items = list(items)
    for item in items:
        if meeting is not None:
            item.meeting = meeting  # the annotated one: its verslag's status without a query
        # What the item is called: a free item's title, a document item's project.
        item.label = item.title if item.is_free else item.project.title
        item.document_url = document_url(item)
        item.document_label = document_label(item)
        item.document_status = document_status(item)
    return items


def agenda(meeting: Meeting, user) -> list[AgendaItem]:
    """The meeting's agenda in order, each item with `details_visible` and its document."""
    return _decorate(_items(user).filter(meeting=meeting).order_by("order", "id"), meeting)


def agenda_item(meeting: Meeting, user, item_pk: int) -> AgendaItem:
    """An item of this meeting (AgendaItem.DoesNotExist, a 404, otherwise)."""
    item = _items(user).filter(meeting=meeting).get(pk=item_pk)
    return _decorate([item], meeting)[0]


@dataclass
class AttendanceRow:
    user: object
    presence: str  # an Attendance.Presence value, or "" while not recorded

    @property
    def presence_label(self) -> str:
        return str(Attendance.Presence(self.presence).label) if self.presence else ""


def attendance(meeting: Meeting) -> list[AttendanceRow]:
    """Per member of the body (core.selectors.body_members) what was recorded; a former
    member who was recorded stays on the list. Two queries."""
    recorded = {
        row.user_id: row
        for row in Attendance.objects.filter(meeting=meeting).select_related("user")
    }
    rows = [
        AttendanceRow(user, recorded.pop(user.pk).presence if user.pk in recorded else "")
        for user in body_members(meeting.body)
    ]
    rows.extend(AttendanceRow(row.user, row.presence) for row in recorded.values())
    return rows


def minutes_of(meeting: Meeting) -> Minutes | None:
    """The meeting's verslag (None until something is recorded in it)."""
    return (
        Minutes.objects.select_related("adopted_in", "adopted_by").filter(meeting=meeting).first()
    )


@dataclass
class MeetingPage:
    agenda: list
    besluitenlijst: list
    minutes: Minutes | None = None
    attendance: list = None

    @property
    def open_count(self) -> int:
        return sum(1 for item in self.agenda if item.decision == Decision.OPEN and not item.is_free)

    @property
    def minutes_adopted(self) -> bool:
        return self.minutes is not None and self.minutes.status == Minutes.Status.VASTGESTELD

    @property
    def has_minutes(self) -> bool:
        """Anything recorded for the verslag: notes, decisions or attendance."""
        return any(item.note or item.decision_text for item in self.agenda) or any(
            row.presence for row in self.attendance or ()
        )


def meeting_page(meeting: Meeting, user) -> MeetingPage:
    items = agenda(meeting, user)
    return MeetingPage(
        agenda=items,
        besluitenlijst=[
            item
            for item in items
            if item.decision != Decision.OPEN or (item.is_free and item.decision_text)
        ],
        minutes=minutes_of(meeting),
        attendance=attendance(meeting),
    )


# --- What fits on an agenda ---------------------------------------------------------------


def _on_open_agenda(field: str) -> Exists:
    return Exists(AgendaItem.objects.filter(**{field: OuterRef("pk")}, decision=Decision.OPEN))


def ready_since(document, body: str):
    """The first day a meeting of `body` may deal with the document, or None if unknown.

    For the Platform: the day it was submitted (a beslispunt: the day it was raised). For the
    DVO: also not before the Platform meeting that approved or advised it.
    """
    started = document.created_at if isinstance(document, Beslispunt) else document.submitted_at
    day = timezone.localdate(started) if started else None
    if body == Body.DVO and document.platform_meeting_id:
        platform_day = document.platform_meeting.date
        day = platform_day if day is None else max(day, platform_day)
    return day


def _ready_by(meeting: Meeting, started: str) -> Q:
    """The query form of ready_since(document, meeting.body) <= meeting.date."""
    # Before the meeting's next day in the local time zone, so a submission on the day counts.
    ready = Q(**{f"{started}__date__lte": meeting.date}) | Q(**{f"{started}__isnull": True})
    if meeting.body == Body.DVO:
        ready &= Q(platform_meeting__isnull=True) | Q(platform_meeting__date__lte=meeting.date)
    return ready


def _plans_waiting(body: str) -> Q:
    rules = AGENDA_RULES[body]
    plan_status, project_status = rules[Kind.PLAN]
    amendment_status, amendment_project_status = rules[Kind.AMENDMENT]
    return Q(amendment=False, status=plan_status, project__status=project_status) | Q(
        amendment=True, status=amendment_status, project__status=amendment_project_status
    )


def _evaluations_waiting(body: str) -> Q:
    evaluation_status, project_status = AGENDA_RULES[body][Kind.EVALUATION]
    return Q(status=evaluation_status, project__status=project_status)


def _beslispunten_waiting(body: str) -> Q:
    return Q(status=WAITS_FOR[body], project__status__in=Project.ACTIVE_STATUSES)


def candidate_plans(meeting: Meeting) -> QuerySet[ProjectPlan]:
    """Plan versions (and amendments) waiting for this meeting's body, on no open agenda,
    ready before the meeting was held."""
    return (
        ProjectPlan.objects.filter(_plans_waiting(meeting.body), _ready_by(meeting, "submitted_at"))
        .exclude(_on_open_agenda("plan"))
        .select_related("project")
        .order_by("project__title", "number")
    )


def candidate_evaluations(meeting: Meeting) -> QuerySet[Evaluation]:
    return (
        Evaluation.objects.filter(
            _evaluations_waiting(meeting.body), _ready_by(meeting, "submitted_at")
        )
        .exclude(_on_open_agenda("evaluation"))
        .select_related("project")
        .order_by("project__title")
    )


def candidate_beslispunten(meeting: Meeting) -> QuerySet[Beslispunt]:
    """Open beslispunten for the Platform; the ones the Platform advised on for the DVO."""
    if meeting.body not in BESLISPUNT_BODIES:
        return Beslispunt.objects.none()
    return (
        Beslispunt.objects.filter(
            _beslispunten_waiting(meeting.body), _ready_by(meeting, "created_at")
        )
        .exclude(_on_open_agenda("beslispunt"))
        .select_related("project")
        .order_by("project__title", "created_at", "id")
    )


# --- What waits for an agenda (the werkvoorraad's "Te agenderen") ----------------------


def _body_case(waiting) -> Case:
    return Case(
        *(When(waiting(body), then=Value(str(body))) for body in (Body.PLATFORM, Body.DVO)),
        output_field=CharField(),
    )


def waiting_for_agenda(user) -> dict[str, QuerySet]:
    """Per kind, the documents waiting for a place on a Platform or DVO agenda, each annotated
    with `waiting_for` (the body). For the people who make the agenda; nothing for others.

    One queryset per kind (plans and amendments, evaluations, beslispunten), so the
    werkvoorraad's section costs the same number of queries however much waits.
    """
    if not can_record_decisions.test(user):
        return {}
    kinds = {
        "plans": (ProjectPlan, _plans_waiting, "plan", "submitted_at"),
        "evaluations": (Evaluation, _evaluations_waiting, "evaluation", "submitted_at"),
        "beslispunten": (Beslispunt, _beslispunten_waiting, "beslispunt", "created_at"),
    }
    return {
        key: model.objects.filter(waiting(Body.PLATFORM) | waiting(Body.DVO))
        .exclude(_on_open_agenda(field))
        .annotate(waiting_for=_body_case(waiting))
        .select_related("project")
        .order_by(started, "pk")
        for key, (model, waiting, field, started) in kinds.items()
    }


def waiting_item(kind: str, document) -> dict:
    """One document of waiting_for_agenda as a line: what it is, where to read it, which
    body it waits for, since when."""
    project = document.project
    if kind == "plans":
        label = (
            _("amendment, version %(number)d")
            if document.is_amendment
            else _("project plan, version %(number)d")
        ) % {"number": document.number}
        url = reverse("projects:plan_detail", args=[project.pk, document.number])
    elif kind == "evaluations":
        label = _("evaluation")
        url = reverse("projects:evaluation", args=[project.pk])
    else:
        label = _("decision point")
        url = reverse("projects:beslispunt_list", args=[project.pk])
    waits_for = {"platform": _("Waits for the Platform"), "dvo": _("Waits for the DVO")}
    return {
        "title": f"{project.title} ({label})",
        "url": url,
        "status": waits_for[document.waiting_for],
        "body": Body(document.waiting_for).label,
        "waiting_since": document.submitted_at if kind != "beslispunten" else document.created_at,
    }


def _oldest_first(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda item: (item["waiting_since"] is None, item["waiting_since"]))


def everything_waiting(user) -> list[dict]:
    """All of waiting_for_agenda as lines, the oldest first: the meeting list's "Te agenderen",
    where the werkvoorraad's section (the first few) leads. Three queries, one per kind."""
    return _oldest_first(
        [
            waiting_item(kind, document)
            for kind, queryset in waiting_for_agenda(user).items()
            for document in queryset
        ]
    )


# --- Werkvoorraad ------------------------------------------------------------------------


def items_to_decide(user) -> QuerySet[AgendaItem]:
    """For reviewers: undecided items of meetings held up to today, on running projects."""
    if not can_record_decisions.test(user):
        return AgendaItem.objects.none()
    return (
        _items(user)
        .filter(
            decision=Decision.OPEN,
            meeting__date__lte=_today(),
            project__status__in=Project.ACTIVE_STATUSES,
        )
        .order_by("meeting__date", "meeting_id", "order", "id")
    )


# --- The project page's section -----------------------------------------------------------


def project_items(project: Project, user) -> list[AgendaItem]:
    items = list(
        AgendaItem.objects.filter(project=project)
        .select_related("meeting", "plan__rework", "evaluation", "beslispunt", "decided_by")
        .order_by("meeting__date", "meeting_id", "order", "id")
    )
    for item in items:
        item.project = project
    return _decorate(items)


def detail_context(project, user, *, show_details: bool) -> dict:
    """What the project page's meeting section shows (template projects/meetings/_section.html).

    Which meetings dealt with the project and what they decided is public, like the
    besluitenlijst; the remarks and the text of a beslispunt only with `show_details`.
    """
    return {"meeting_items": project_items(project, user)}


# --- What a decision will do (the confirmation page and the message afterwards) -----------


def decision_outcome(item: AgendaItem, decision: str) -> str:
    """In plain words what recording `decision` on the item does (issue 14 items 7 and 12)."""
    body = item.meeting.body
    kind = item.kind
    if decision == Decision.GESTOPT:
        return _(
            "The DVO stops the project “%(title)s”. It cannot be restarted; the project leader "
            "and the portfolio holder are told by e-mail."
        ) % {"title": item.project.title}
    if kind == Kind.BESLISPUNT:
        if body == Body.PLATFORM and decision == Decision.VASTGESTELD:
            return _(
                "The Platform's advice is recorded with the decision point, which then waits "
                "for a DVO agenda."
            )
        if body == Body.PLATFORM:
            return _(
                "The decision point goes back to the project with your remarks; it can come "
                "on a Platform agenda again later."
            )
        return _(
            "The DVO's decision is recorded and the decision point is decided. The project "
            "leader and the portfolio holder are told by e-mail."
        )
    if decision == Decision.TERUG:
        if kind == Kind.EVALUATION:
            return _(
                "The evaluation goes back to the project leader with your remarks, to be "
                "reworked and submitted again."
            )
        return _(
            "Version %(number)d goes back to the project leader with your remarks. It stays "
            "as it is; the rework becomes version %(next)d, which can be compared with it."
        ) % {"number": item.plan.number, "next": item.plan.number + 1}
    if body == Body.PLATFORM:
        return {
            Kind.PLAN: _("The Platform approves the project plan. It then waits for a DVO agenda."),
            Kind.AMENDMENT: _(
                "The Platform approves the amendment. It then waits for a DVO agenda."
            ),
            Kind.EVALUATION: _(
                "The Platform approves the evaluation. It then waits for a DVO agenda."
            ),
        }[kind]
    return {
        Kind.PLAN: _(
            "The DVO approves the project plan: the project starts and its status becomes "
            "“In progress”."
        ),
        Kind.AMENDMENT: _("The DVO approves the amendment: it becomes the plan in force."),
        Kind.EVALUATION: _("The DVO approves the evaluation: the project is completed."),
    }[kind]
