"""Reads for the reports of the reporting app: the marap, the besluitenlijst and the factsheet.

A report is read by board members, so it shows every project, but of a confidential
project only its title, status and projectleider (docs/ARCHITECTURE.md §4): the rows these functions
return for such a project carry nothing else, so no template can show more.

Everything is read "as of a peildatum" where the data allows it: a project's status from
its events, a report counts once submitted by then, a measurement once taken by then.
Each function runs a fixed number of queries, however many projects there are.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from intake.models import ProjectRequest
from platform_ivz.core.models import Meeting, Organisation
from projects.evaluations.selectors import IndicatorFact
from projects.meetings.selectors import document_label
from projects.models import (
    AgendaItem,
    ApprovalStatus,
    Beslispunt,
    GroupMember,
    Measurement,
    Milestone,
    ProgressReport,
    Project,
    ProjectEvent,
    ProjectPlan,
    RagStatus,
)
from projects.money import Money, money_of
from projects.selectors import closed_at, dates_touch_q
from reporting.data.year import projects_in_year

Status = Project.Status
ZERO = Decimal("0")

# A project runs from the DVO's approval of its plan until it is completed or stopped.
CLOSED = Project.CLOSED_STATUSES
APPROVED_BY_DVO = (
    Status.IN_UITVOERING,
    Status.EVALUATIE,
    Status.EVALUATIE_TER_VASTSTELLING,
    Status.EVALUATIE_AMBTELIJK_VASTGESTELD,
    *CLOSED,
)
REPORTED = (ProgressReport.Status.INGEDIEND, ProgressReport.Status.BESPROKEN)


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _person(user) -> str:
    return str(user) if user is not None else ""


# --- Shared pieces ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rag:
    """A green/amber/red status with its words: never shown by colour alone."""

    code: str
    label: str

    @classmethod
    def of(cls, code: str) -> "Rag | None":
        return cls(code=code, label=str(RagStatus(code).label)) if code else None


@dataclass(frozen=True)
class ReportFacts:
    period_start: datetime.date
    period_end: datetime.date
    submitted_on: datetime.date | None
    overall: Rag | None
    time: Rag | None
    money: Rag | None
    scope: Rag | None
    progress_content: str
    progress_process: str
    risks: str
    spent_to_date: Decimal | None


@dataclass(frozen=True)
class LateMilestone:
    name: str
    planned_date: datetime.date
    status_label: str
    days_late: int


@dataclass(frozen=True)
class MissingReport:
    period_start: datetime.date
    period_end: datetime.date
    due_date: datetime.date
    days_overdue: int


@dataclass(frozen=True)
class OpenBeslispunt:
    text: str
    status_label: str
    raised_on: datetime.date
    raised_by: str


@dataclass
class MarapDetails:
    """What the marap says of a project whose details every reader may see."""

    theme_label: str
    portefeuillehouder: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    latest_report: ReportFacts | None
    milestones_total: int
    milestones_met: int
    late_milestones: list[LateMilestone]
    indicators: list[IndicatorFact]
    budget_year: Decimal
    # All years, by the one rule of projects.money (docs/ARCHITECTURE.md §6.1).
    money: Money
    beslispunten: list[OpenBeslispunt]
    missing_reports: list[MissingReport]
    plan_risks: str = ""  # the plan's risico's

    @property
    def budget_total(self) -> Decimal:
        return self.money.planned

    @property
    def spent_to_date(self) -> Decimal | None:
        """The budget lines' realised amounts; None when none is reported."""
        return self.money.spent

    @property
    def spent_share(self) -> Decimal | None:
        """Spent to date as a share of the whole budget (None without either)."""
        if self.spent_to_date is None or not self.budget_total:
            return None
        return self.spent_to_date / self.budget_total


@dataclass
class MarapProject:
    """A project in the marap. `details` is None for a confidential project."""

    pk: int
    title: str
    status_label: str
    projectleider: str
    vertrouwelijk: bool
    details: MarapDetails | None = None
    status: str = ""  # the code of status_label, on the peildatum


# --- Marap -----------------------------------------------------------------------------------


def _events_until(peildatum: datetime.date) -> Prefetch:
    return Prefetch(
        "events",
        queryset=ProjectEvent.objects.filter(at__date__lte=peildatum).order_by("at", "id"),
        to_attr="events_until",
    )


def running_projects(peildatum: datetime.date) -> QuerySet[Project]:
    """Projects running on the peildatum: approved by the DVO by then, not yet closed.

    The DVO's approval is the event into `in_uitvoering`; without events (data from before
    the workflow kept them) the start date stands in for it, and the end date for closing.
    """
    return (
        Project.objects.annotate(
            approved_at=Min("events__at", filter=Q(events__to_status=Status.IN_UITVOERING)),
            closed_at=closed_at(),
        )
        .filter(
            Q(approved_at__date__lte=peildatum)
            | Q(approved_at__isnull=True, status__in=APPROVED_BY_DVO, start_date__lte=peildatum)
        )
        .filter(
            Q(closed_at__date__gt=peildatum)
            | Q(closed_at__isnull=True) & ~Q(status__in=CLOSED)
            | Q(closed_at__isnull=True, status__in=CLOSED, end_date__gte=peildatum)
        )
        .select_related("projectleider", "portefeuillehouder")
        .order_by("title", "id")
    )


def _status_code_at(project: Project) -> str:
    """The status the project had at the end of the peildatum, from its events."""
    events = getattr(project, "events_until", [])
    return events[-1].to_status if events else project.status


def _status_at(project: Project) -> str:
    return str(Status(_status_code_at(project)).label)


def _latest_report(reports, peildatum) -> ProgressReport | None:
    submitted = [
        report
        for report in reports
        if report.status in REPORTED
        and (report.submitted_at is None or _local_date(report.submitted_at) <= peildatum)
    ]
    return max(submitted, key=lambda r: (r.period_end, r.due_date, r.pk), default=None)


def _report_facts(report: ProgressReport | None) -> ReportFacts | None:
    if report is None:
        return None
    return ReportFacts(
        period_start=report.period_start,
        period_end=report.period_end,
        submitted_on=_local_date(report.submitted_at),
        overall=Rag.of(report.status_overall),
        time=Rag.of(report.status_time),
        money=Rag.of(report.status_money),
        scope=Rag.of(report.status_scope),
        progress_content=report.progress_content,
        progress_process=report.progress_process,
        risks=report.risks,
        spent_to_date=report.spent_to_date,
    )


def _missing_reports(reports, peildatum) -> list[MissingReport]:
    """Reports due before the peildatum and not submitted by then."""
    return [
        MissingReport(
            period_start=report.period_start,
            period_end=report.period_end,
            due_date=report.due_date,
            days_overdue=(peildatum - report.due_date).days,
        )
        for report in sorted(reports, key=lambda r: r.due_date)
        if report.due_date < peildatum
        and (
            report.status not in REPORTED
            or (report.submitted_at is not None and _local_date(report.submitted_at) > peildatum)
        )
    ]


def milestone_met_by(milestone: Milestone, peildatum: datetime.date) -> bool:
    if milestone.status != Milestone.Status.GEHAALD:
        return False
    return milestone.actual_date is None or milestone.actual_date <= peildatum


def _late_milestones(milestones, peildatum) -> list[LateMilestone]:
    """Due before the peildatum and not met by then (cancelled ones are not late)."""
    return [
        LateMilestone(
            name=milestone.name,
            planned_date=milestone.planned_date,
            status_label=str(milestone.get_status_display()),
            days_late=(peildatum - milestone.planned_date).days,
        )
        for milestone in milestones
        if milestone.planned_date < peildatum
        and milestone.status != Milestone.Status.VERVALLEN
        and not milestone_met_by(milestone, peildatum)
    ]


def _indicator_facts(indicators) -> list[IndicatorFact]:
    facts = []
    for indicator in indicators:
        latest = indicator.measurements_until[-1] if indicator.measurements_until else None
        facts.append(
            IndicatorFact(
                name=indicator.name,
                unit=indicator.unit,
                baseline=indicator.baseline,
                target=indicator.target,
                target_date=indicator.target_date,
                achieved=latest.value if latest else None,
                measured_on=latest.measured_on if latest else None,
            )
        )
    return facts


def _open_beslispunten(beslispunten, peildatum) -> list[OpenBeslispunt]:
    """Raised by the peildatum and not yet decided then."""
    rows = []
    for beslispunt in beslispunten:
        raised_on = _local_date(beslispunt.created_at)
        decided_on = _local_date(beslispunt.decided_at)
        if raised_on > peildatum or (decided_on is not None and decided_on <= peildatum):
            continue
        if beslispunt.status == Beslispunt.Status.BESLOTEN and decided_on is None:
            continue  # decided, but not in a meeting we know of: no date to go by
        status = beslispunt.status
        if status == Beslispunt.Status.BESLOTEN:
            status = Beslispunt.Status.GEAGENDEERD  # on the peildatum it still waited
        rows.append(
            OpenBeslispunt(
                text=beslispunt.text,
                status_label=str(Beslispunt.Status(status).label),
                raised_on=raised_on,
                raised_by=_person(beslispunt.raised_by),
            )
        )
    return rows


def _plan_in_force_risks(project: Project) -> str:
    """The risico's of the plan in force: the latest the DVO approved, else the latest."""
    plans = list(project.plans.all())
    approved = [plan for plan in plans if plan.status == ApprovalStatus.VASTGESTELD]
    ordered = sorted(approved or plans, key=lambda plan: plan.number)
    return ordered[-1].risicos if ordered else ""


def _marap_details(project: Project, year: int, peildatum) -> MarapDetails:
    reports = list(project.progress_reports.all())
    milestones = list(project.milestones.all())
    budget_lines = list(project.budget_lines.all())
    return MarapDetails(
        theme_label=str(project.get_theme_display()),
        portefeuillehouder=_person(project.portefeuillehouder),
        start_date=project.start_date,
        end_date=project.end_date,
        latest_report=_report_facts(_latest_report(reports, peildatum)),
        milestones_total=len(milestones),
        milestones_met=sum(1 for m in milestones if milestone_met_by(m, peildatum)),
        late_milestones=_late_milestones(milestones, peildatum),
        indicators=_indicator_facts(project.indicators.all()),
        budget_year=sum((line.planned_amount for line in budget_lines if line.year == year), ZERO),
        money=money_of(budget_lines),
        plan_risks=_plan_in_force_risks(project),
        beslispunten=_open_beslispunten(project.beslispunten.all(), peildatum),
        missing_reports=_missing_reports(reports, peildatum),
    )


def marap_projects(*, year: int, peildatum: datetime.date) -> list[MarapProject]:
    """Every project running on the peildatum, by title; nine queries however many."""
    decided = (
        AgendaItem.objects.filter(beslispunt=OuterRef("pk"))
        .exclude(decision=AgendaItem.Decision.OPEN)
        .order_by("decided_at")
        .values("decided_at")[:1]
    )
    projects = running_projects(peildatum).prefetch_related(
        _events_until(peildatum),
        "progress_reports",
        "milestones",
        "budget_lines",
        Prefetch(
            "plans",
            queryset=ProjectPlan.objects.only("project_id", "number", "status", "risicos"),
        ),
        Prefetch(
            "indicators__measurements",
            queryset=Measurement.objects.filter(measured_on__lte=peildatum).order_by(
                "measured_on", "id"
            ),
            to_attr="measurements_until",
        ),
        Prefetch(
            "beslispunten",
            queryset=Beslispunt.objects.select_related("raised_by")
            .annotate(decided_at=Subquery(decided))
            .order_by("created_at", "id"),
        ),
    )
    rows = []
    for project in projects:
        row = MarapProject(
            pk=project.pk,
            title=project.title,
            status_label=_status_at(project),
            projectleider=_person(project.projectleider),
            vertrouwelijk=project.vertrouwelijk,
            status=_status_code_at(project),
        )
        if not project.vertrouwelijk:
            row.details = _marap_details(project, year, peildatum)
        rows.append(row)
    return rows


# --- Besluitenlijst --------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionRow:
    """An agenda item on the besluitenlijst; of a confidential project no document or remarks.

    `project_status_label` is the status the meeting left the project in, not today's."""

    number: int
    project_title: str
    project_status_label: str
    projectleider: str
    vertrouwelijk: bool
    kind_label: str
    decision: str
    decision_label: str
    document: str = ""
    beslispunt_text: str = ""
    remarks: str = ""
    decided_by: str = ""
    decided_at: datetime.datetime | None = None
    is_free: bool = False  # a free agenda item: its decisions are text (`remarks`)

    @property
    def is_decided(self) -> bool:
        return self.decision != AgendaItem.Decision.OPEN or (self.is_free and bool(self.remarks))

    @property
    def decision_is_text(self) -> bool:
        """A free item decided in words only: that text is the decision (the list shows it in
        the decision column)."""
        return self.is_free and self.decision == AgendaItem.Decision.OPEN and bool(self.remarks)


def _document(item: AgendaItem) -> str:
    """The plan version it is about; nothing where it would repeat the kind (an evaluation)."""
    label = document_label(item)
    return "" if label == item.get_kind_display() else label


def _statuses_as_recorded(meeting: Meeting, items: list[AgendaItem]) -> dict[int, str]:
    """Per agenda item the project's status as the meeting left it, not as it is today.

    A decision that moved the project wrote an event linked to this meeting: its status. An
    item that moved nothing (a beslispunt, an open item) has the status of the project's last
    event up to the decision (or the end of the meeting's day). A project without events (data
    from before the workflow kept them) keeps its present status. One query.
    """
    end_of_day = timezone.make_aware(datetime.datetime.combine(meeting.date, datetime.time.max))
    items = [item for item in items if item.project_id is not None]  # free items: no project
    moments = {item.pk: item.decided_at or end_of_day for item in items}
    if not items:
        return {}
    events = defaultdict(list)
    for event in ProjectEvent.objects.filter(
        project_id__in={item.project_id for item in items}, at__lte=max(moments.values())
    ).order_by("at", "id"):
        events[event.project_id].append(event)
    statuses = {}
    for item in items:
        own = events[item.project_id]
        by_meeting = [event for event in own if event.meeting_id == meeting.pk]
        before = [event for event in own if event.at <= moments[item.pk]]
        if item.decision != AgendaItem.Decision.OPEN and by_meeting:
            statuses[item.pk] = by_meeting[-1].to_status
        elif before:
            statuses[item.pk] = before[-1].to_status
        else:
            statuses[item.pk] = item.project.status
    return statuses


def besluitenlijst_rows(meeting: Meeting) -> list[DecisionRow]:
    """Every item of the meeting's agenda in order, with its decision as recorded then (the
    decision, its remarks and the status the meeting left the project in); two queries.

    A free item (mededelingen, rondvraag, ...) is on the list only with decisions, which are
    text; the adoption of the earlier minutes is a decision too. The numbers stay the
    agenda's."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("project__projectleider", "plan", "evaluation", "beslispunt", "decided_by")
        .order_by("order", "id")
    )
    statuses = _statuses_as_recorded(meeting, items)
    rows = []
    for number, item in enumerate(items, start=1):
        if item.is_free:
            if item.decision_text or item.decision != AgendaItem.Decision.OPEN:
                rows.append(_free_row(number, item))
            continue
        project = item.project
        common = {
            "number": number,
            "project_title": project.title,
            "project_status_label": str(Status(statuses[item.pk]).label),
            "projectleider": _person(project.projectleider),
            "vertrouwelijk": project.vertrouwelijk,
            "kind_label": str(item.get_kind_display()),
            "decision": item.decision,
            "decision_label": str(item.get_decision_display()),
            "decided_at": item.decided_at,
        }
        if project.vertrouwelijk:
            rows.append(DecisionRow(**common))
            continue
        rows.append(
            DecisionRow(
                **common,
                document=_document(item),
                beslispunt_text=item.beslispunt.text if item.beslispunt_id else "",
                remarks=item.remarks,
                decided_by=_person(item.decided_by),
            )
        )
    return rows


def _free_row(number: int, item: AgendaItem) -> DecisionRow:
    return DecisionRow(
        number=number,
        project_title=item.title,
        project_status_label="",
        projectleider=item.presenter,
        vertrouwelijk=False,
        kind_label=str(item.get_kind_display()),
        decision=item.decision,
        decision_label=(
            str(item.get_decision_display()) if item.decision != AgendaItem.Decision.OPEN else ""
        ),
        remarks=item.decision_text,
        decided_by=_person(item.decided_by),
        decided_at=item.decided_at,
        is_free=True,
    )


# --- Factsheet -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FactsheetProject:
    """A project the organisation takes part in; of a confidential one no more than this."""

    pk: int
    title: str
    status_label: str
    projectleider: str
    vertrouwelijk: bool
    theme_label: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    involvement: tuple[str, ...] = field(default_factory=tuple)
    members: int = 0
    hours_per_week: Decimal = ZERO
    overall: Rag | None = None
    money: Money | None = None  # all years, by projects.money (docs/ARCHITECTURE.md §6.1)


def organisation_projects(organisation: Organisation, year: int) -> list[FactsheetProject]:
    """Projects of the year the organisation takes part in: as a gemeente where it plays, in
    the projectgroep, as projectleider or as the requesting organisation. Four queries."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    members_in_year = GroupMember.objects.filter(
        dates_touch_q(first, last), organisation=organisation
    )
    plays = ProjectRequest.gemeenten.through.objects.filter(
        projectrequest_id=OuterRef("request_id"), organisation_id=organisation.pk
    )
    projects = (
        projects_in_year(year)
        .annotate(
            plays_here=Exists(plays),
            in_group=Exists(members_in_year.filter(project=OuterRef("pk"))),
            latest_overall=Subquery(
                ProgressReport.objects.filter(project=OuterRef("pk"), status__in=REPORTED)
                .exclude(status_overall="")
                .order_by("-period_end", "-due_date", "-id")
                .values("status_overall")[:1]
            ),
        )
        .filter(
            Q(plays_here=True)
            | Q(in_group=True)
            | Q(projectleider__organisation=organisation)
            | Q(request__organisation=organisation)
        )
        .select_related("projectleider", "request")
        .prefetch_related(
            Prefetch("group_members", queryset=members_in_year, to_attr="own_members"),
            "budget_lines",
        )
        .order_by("title", "id")
    )
    rows = []
    for project in projects:
        common = {
            "pk": project.pk,
            "title": project.title,
            "status_label": str(project.get_status_display()),
            "projectleider": _person(project.projectleider),
            "vertrouwelijk": project.vertrouwelijk,
        }
        if project.vertrouwelijk:
            rows.append(FactsheetProject(**common))
            continue
        involvement = []
        if project.plays_here:
            involvement.append("plays")
        if project.own_members:
            involvement.append("group")
        leader = project.projectleider
        if leader is not None and leader.organisation_id == organisation.pk:
            involvement.append("leader")
        if project.request.organisation_id == organisation.pk:
            involvement.append("requested")
        rows.append(
            FactsheetProject(
                **common,
                theme_label=str(project.get_theme_display()),
                start_date=project.start_date,
                end_date=project.end_date,
                involvement=tuple(involvement),
                members=len(project.own_members),
                hours_per_week=sum((m.hours_per_week for m in project.own_members), ZERO),
                overall=Rag.of(project.latest_overall or ""),
                money=money_of(project.budget_lines.all()),
            )
        )
    return rows
