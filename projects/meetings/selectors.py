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
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_ivz.core.models import Meeting
from projects.models import (
    AgendaItem,
    ApprovalStatus,
    Beslispunt,
    Evaluation,
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
# Beslispunten go to the DVO.
BESLISPUNT_BODIES = (Body.DVO,)


def _today():
    return timezone.localdate()


# --- Visibility --------------------------------------------------------------------------


def _with_visibility(items: QuerySet[AgendaItem], user) -> QuerySet[AgendaItem]:
    if sees_every_project(user):
        return items.annotate(details_visible=Value(True, output_field=BooleanField()))
    visible = details_visible_q(user, prefix="project__")
    return items.annotate(details_visible=ExpressionWrapper(visible, output_field=BooleanField()))


# --- Meetings ----------------------------------------------------------------------------


def visible_meetings(user) -> QuerySet[Meeting]:
    """Every meeting, with the number of agenda items and of decisions taken."""
    return Meeting.objects.annotate(
        item_count=Count("agenda_items", distinct=True),
        decided_count=Count(
            "agenda_items", filter=~Q(agenda_items__decision=Decision.OPEN), distinct=True
        ),
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
            "plan",
            "evaluation",
            "beslispunt",
            "decided_by",
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
    """Where the document the item is about can be read."""
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


def document_status(item: AgendaItem) -> str:
    if item.plan_id:
        return item.plan.get_status_display()
    if item.evaluation_id:
        return item.evaluation.get_status_display()
    if item.beslispunt_id:
        return item.beslispunt.get_status_display()
    return ""


def _decorate(items) -> list[AgendaItem]:
    items = list(items)
    for item in items:
        item.document_url = document_url(item)
        item.document_label = document_label(item)
        item.document_status = document_status(item)
    return items


def agenda(meeting: Meeting, user) -> list[AgendaItem]:
    """The meeting's agenda in order, each item with `details_visible` and its document."""
    return _decorate(_items(user).filter(meeting=meeting).order_by("order", "id"))


def agenda_item(meeting: Meeting, user, item_pk: int) -> AgendaItem:
    """An item of this meeting (AgendaItem.DoesNotExist, a 404, otherwise)."""
    item = _items(user).filter(meeting=meeting).get(pk=item_pk)
    return _decorate([item])[0]


@dataclass
class MeetingPage:
    agenda: list
    besluitenlijst: list

    @property
    def open_count(self) -> int:
        return sum(1 for item in self.agenda if item.decision == Decision.OPEN)


def meeting_page(meeting: Meeting, user) -> MeetingPage:
    items = agenda(meeting, user)
    return MeetingPage(
        agenda=items, besluitenlijst=[item for item in items if item.decision != Decision.OPEN]
    )


# --- What fits on an agenda ---------------------------------------------------------------


def _on_open_agenda(field: str) -> Exists:
    return Exists(AgendaItem.objects.filter(**{field: OuterRef("pk")}, decision=Decision.OPEN))


def candidate_plans(meeting: Meeting) -> QuerySet[ProjectPlan]:
    """Plan versions (and amendments) waiting for this meeting's body, on no open agenda."""
    rules = AGENDA_RULES[meeting.body]
    plan_status, project_status = rules[Kind.PLAN]
    amendment_status, amendment_project_status = rules[Kind.AMENDMENT]
    return (
        ProjectPlan.objects.filter(
            Q(number=1, status=plan_status, project__status=project_status)
            | Q(
                number__gt=1,
                status=amendment_status,
                project__status=amendment_project_status,
            )
        )
        .exclude(_on_open_agenda("plan"))
        .select_related("project")
        .order_by("project__title", "number")
    )


def candidate_evaluations(meeting: Meeting) -> QuerySet[Evaluation]:
    evaluation_status, project_status = AGENDA_RULES[meeting.body][Kind.EVALUATION]
    return (
        Evaluation.objects.filter(status=evaluation_status, project__status=project_status)
        .exclude(_on_open_agenda("evaluation"))
        .select_related("project")
        .order_by("project__title")
    )


def candidate_beslispunten(meeting: Meeting) -> QuerySet[Beslispunt]:
    if meeting.body not in BESLISPUNT_BODIES:
        return Beslispunt.objects.none()
    return (
        Beslispunt.objects.filter(
            status=Beslispunt.Status.OPEN, project__status__in=Project.ACTIVE_STATUSES
        )
        .exclude(_on_open_agenda("beslispunt"))
        .select_related("project")
        .order_by("project__title", "created_at", "id")
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
        .select_related("meeting", "plan", "evaluation", "beslispunt", "decided_by")
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
