"""Reads for the jaarplan and the jaarverslag: the projects of a year with what they plan and
what they achieved, in a fixed number of queries however many projects there are.

Which projects belong to a year is `reporting.data.year.projects_in_year`, the one rule the
factsheet uses too.

A confidential project appears with its title, status and projectleider only: none of its
other fields are read into what these functions return.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q

from platform_ivz.core.models import Meeting

# An indicator with its latest measurement up to the year's end: the evaluation's fact.
from projects.evaluations.selectors import IndicatorFact as IndicatorRow
from projects.models import (
    ApprovalStatus,
    BudgetLine,
    Evaluation,
    Indicator,
    Measurement,
    Milestone,
    ProgressReport,
    Project,
    ProjectPlan,
)
from projects.money import NOTHING, Money, money_of
from projects.progress.calendar import due_dates_in, half_year_before
from reporting.data.year import projects_in_year

ZERO = Decimal("0")
Status = Project.Status
# Appendix 6 answers that say what was achieved and what was learnt.
EVALUATION_LESSONS = ("q4", "q8", "q9")


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


@dataclass
class MilestoneRow:
    name: str
    planned_date: datetime.date
    actual_date: datetime.date | None
    status: str
    status_label: str

    @property
    def met(self) -> bool:
        return self.status == Milestone.Status.GEHAALD


@dataclass
class BudgetRow:
    description: str
    funding_source: str
    funding_source_label: str
    planned: Decimal
    realised: Decimal | None  # None: not reported


@dataclass
class ProgressRow:
    period_start: datetime.date
    period_end: datetime.date
    status_overall: str
    status_overall_label: str
    status_time: str
    status_money: str
    status_scope: str
    progress_content: str
    progress_process: str
    risks: str


@dataclass
class EvaluationRow:
    approved_on: datetime.date | None
    lessons: list[tuple[str, str]]  # (question, answer)


@dataclass
class AnnualProject:
    """One project as the annual reports show it; for a confidential one only the first four."""

    pk: int
    title: str
    status_label: str
    projectleider: str
    vertrouwelijk: bool = False
    theme: str = ""
    theme_label: str = ""
    status: str = ""
    portefeuillehouder: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    goal: str = ""
    result: str = ""
    indicators: list[IndicatorRow] = field(default_factory=list)
    milestones: list[MilestoneRow] = field(default_factory=list)
    budget_lines: list[BudgetRow] = field(default_factory=list)
    # The year's money by the one rule of projects.money (docs/ARCHITECTURE.md §6.1).
    money: Money = NOTHING
    risks: str = ""  # the plan's risico's
    progress: ProgressRow | None = None
    evaluation: EvaluationRow | None = None

    @property
    def planned(self) -> Decimal:
        return self.money.planned

    @property
    def realised(self) -> Decimal | None:
        """Spent in the year; None when not reported."""
        return self.money.spent

    @property
    def milestones_met(self) -> list[MilestoneRow]:
        return [m for m in self.milestones if m.met]

    @property
    def is_closed(self) -> bool:
        return self.status in Project.CLOSED_STATUSES

    @property
    def is_new(self) -> bool:
        """Not yet started: still to be staffed, planned or approved without a running start."""
        return self.status in (
            Status.TE_BEMENSEN,
            Status.IN_VOORBEREIDING,
            Status.TER_VASTSTELLING,
            Status.AMBTELIJK_VASTGESTELD,
        )


def projects_in_year_queryset(year: int):
    """The year's projects (reporting.data.year), with their people; one query."""
    return (
        projects_in_year(year)
        .select_related("projectleider", "portefeuillehouder", "request")
        .order_by("theme", "title", "pk")
    )


def _person(user) -> str:
    return str(user) if user else ""


def _plan_texts(plans: list[ProjectPlan]) -> ProjectPlan | None:
    """The plan in force: the latest the DVO approved, failing that the latest version."""
    approved = [plan for plan in plans if plan.status == ApprovalStatus.VASTGESTELD]
    ordered = sorted(approved or plans, key=lambda plan: plan.number)
    return ordered[-1] if ordered else None


def annual_projects(
    year: int,
    *,
    with_results: bool = False,
    with_progress: bool = False,
    projects: list[Project] | None = None,
) -> list[AnnualProject]:
    """The year's projects with what the reports show of them.

    `with_results` adds what the jaarverslag needs: measurements up to the year's end, the
    latest progress report over (part of) the year and an evaluation approved in the year.
    `with_progress` (the jaarplan) adds only the latest progress report submitted over a
    period that started by the year's end: its status and risks.
    Queries: 1 for the projects, 5 for their rows, 1 with progress, 3 with results; none per
    project.
    """
    first, last = year_bounds(year)
    if projects is None:
        projects = list(projects_in_year_queryset(year))
    open_ids = [p.pk for p in projects if not p.vertrouwelijk]

    plans = defaultdict(list)
    for plan in ProjectPlan.objects.filter(project_id__in=open_ids).only(
        "project_id", "number", "status", "doelstelling", "projectresultaat", "risicos"
    ):
        plans[plan.project_id].append(plan)

    measurement_rows = Measurement.objects.filter(measured_on__lte=last).order_by(
        "measured_on", "id"
    )
    indicators = defaultdict(list)
    indicator_query = Indicator.objects.filter(project_id__in=open_ids).order_by("id")
    if with_results:
        indicator_query = indicator_query.prefetch_related(
            Prefetch("measurements", queryset=measurement_rows, to_attr="until_year_end")
        )
    for indicator in indicator_query:
        row = IndicatorRow(
            name=indicator.name,
            unit=indicator.unit,
            baseline=indicator.baseline,
            target=indicator.target,
            target_date=indicator.target_date,
        )
        if with_results and indicator.until_year_end:
            latest = indicator.until_year_end[-1]
            row.achieved, row.measured_on = latest.value, latest.measured_on
        indicators[indicator.project_id].append(row)

    milestones = defaultdict(list)
    for milestone in Milestone.objects.filter(project_id__in=open_ids).filter(
        Q(planned_date__range=(first, last)) | Q(actual_date__range=(first, last))
    ):
        milestones[milestone.project_id].append(
            MilestoneRow(
                name=milestone.name,
                planned_date=milestone.planned_date,
                actual_date=milestone.actual_date,
                status=milestone.status,
                status_label=milestone.get_status_display(),
            )
        )

    budget, budget_lines = defaultdict(list), defaultdict(list)
    for line in BudgetLine.objects.filter(project_id__in=open_ids, year=year):
        budget_lines[line.project_id].append(line)
        budget[line.project_id].append(
            BudgetRow(
                description=line.description,
                funding_source=line.funding_source,
                funding_source_label=line.get_funding_source_display(),
                planned=line.planned_amount,
                realised=line.realised_amount,
            )
        )

    progress, evaluations = {}, {}
    if with_results or with_progress:
        reports = ProgressReport.objects.filter(
            project_id__in=open_ids,
            period_start__lte=last,
            status__in=[ProgressReport.Status.INGEDIEND, ProgressReport.Status.BESPROKEN],
        ).order_by("period_end", "id")
        if with_results:
            reports = reports.filter(period_end__gte=first)
        for report in reports:
            progress[report.project_id] = ProgressRow(  # the latest wins
                period_start=report.period_start,
                period_end=report.period_end,
                status_overall=report.status_overall,
                status_overall_label=report.get_status_overall_display(),
                status_time=report.status_time,
                status_money=report.status_money,
                status_scope=report.status_scope,
                progress_content=report.progress_content,
                progress_process=report.progress_process,
                risks=report.risks,
            )
    if with_results:
        questions = {
            name: str(Evaluation._meta.get_field(name).verbose_name) for name in EVALUATION_LESSONS
        }
        for evaluation in Evaluation.objects.filter(
            project_id__in=open_ids,
            status=ApprovalStatus.VASTGESTELD,
            dvo_meeting__date__range=(first, last),
        ).select_related("dvo_meeting"):
            evaluations[evaluation.project_id] = EvaluationRow(
                approved_on=evaluation.dvo_meeting.date,
                lessons=[
                    (questions[name], getattr(evaluation, name))
                    for name in EVALUATION_LESSONS
                    if getattr(evaluation, name).strip()
                ],
            )

    rows = []
    for project in projects:
        row = AnnualProject(
            pk=project.pk,
            title=project.title,
            status_label=project.get_status_display(),
            projectleider=_person(project.projectleider),
            vertrouwelijk=project.vertrouwelijk,
            status=project.status,  # the same as its label, which every reader may see
        )
        if not project.vertrouwelijk:
            plan = _plan_texts(plans[project.pk])
            row.theme = project.theme
            row.theme_label = project.get_theme_display()
            row.portefeuillehouder = _person(project.portefeuillehouder)
            row.start_date = project.start_date
            row.end_date = project.end_date
            row.goal = (plan.doelstelling if plan else "") or project.request.doelstelling
            row.result = plan.projectresultaat if plan else ""
            row.indicators = indicators[project.pk]
            row.milestones = milestones[project.pk]
            row.budget_lines = budget[project.pk]
            row.money = money_of(budget_lines[project.pk])
            row.risks = plan.risicos if plan else ""
            row.progress = progress.get(project.pk)
            row.evaluation = evaluations.get(project.pk)
        rows.append(row)
    return rows


def meetings_in_year(year: int) -> list[Meeting]:
    first, last = year_bounds(year)
    return list(Meeting.objects.filter(date__range=(first, last)).order_by("date", "body", "pk"))


@dataclass(frozen=True)
class ReportDue:
    due_date: datetime.date
    period_start: datetime.date
    period_end: datetime.date


def progress_report_due_dates(year: int) -> list[ReportDue]:
    """The year's due dates of the progress reports (settings.PROGRESS_REPORT_DUE_DATES)."""
    dues = []
    for due_date in due_dates_in(year):
        start, end = half_year_before(due_date)
        dues.append(ReportDue(due_date=due_date, period_start=start, period_end=end))
    return sorted(dues, key=lambda due: due.due_date)
