"""Reads for the evaluation area of a project (appendix 6, docs/ARCHITECTURE.md §3.4).

Beside each of the eleven questions the evaluation page shows what the system already
knows: the goal and intended results of the plan in force, the indicators against their
targets, the milestones met and the budget planned against realised.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from projects.formats import EVALUATION_QUESTIONS
from projects.models import (
    ApprovalStatus,
    BudgetLine,
    Evaluation,
    Indicator,
    Measurement,
    Milestone,
    Project,
    ProjectEvent,
    ProjectPlan,
)
from projects.money import Money, money_of
from projects.money import total as money_total
from projects.permissions import can_write_evaluation
from projects.workflow import (
    DVO_RETURN_EVALUATION,
    PLATFORM_RETURN_EVALUATION,
    PROJECT_WORKFLOW,
    START_EVALUATION,
    SUBMIT_EVALUATION,
)

# Which facts are shown beside which question.
QUESTION_FACTS = {
    "q1": "goal",
    "q3": "results",
    "q4": "indicators",
    "q6": "milestones",
    "q10": "partners",
    "q11": "budget",
}


def evaluation_for(project: Project) -> Evaluation | None:
    return (
        Evaluation.objects.select_related("platform_meeting", "dvo_meeting")
        .filter(project=project)
        .first()
    )


def plan_in_force(project: Project) -> ProjectPlan | None:
    """The latest version approved by the DVO; failing that, the latest version."""
    plans = ProjectPlan.objects.filter(project=project).order_by("-number")
    return plans.filter(status=ApprovalStatus.VASTGESTELD).first() or plans.first()


@dataclass
class IndicatorFact:
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal
    target_date: date | None
    achieved: Decimal | None = None  # the latest measurement (up to a report's end)
    measured_on: date | None = None

    @property
    def lower_is_better(self) -> bool:
        return self.baseline is not None and self.target < self.baseline

    @property
    def reached(self) -> bool | None:
        """None without a measurement; a target below the baseline is reached from above."""
        if self.achieved is None:
            return None
        if self.lower_is_better:
            return self.achieved <= self.target
        return self.achieved >= self.target


@dataclass
class MilestoneFact:
    name: str
    planned_date: date
    actual_date: date | None
    status: str
    status_label: str
    late: bool

    @property
    def met(self) -> bool:
        return self.status == Milestone.Status.GEHAALD


@dataclass
class BudgetYear:
    year: int
    planned: Decimal
    realised: Decimal | None  # None: not reported (projects.money, docs/ARCHITECTURE.md §6.1)

    @property
    def difference(self) -> Decimal | None:
        return None if self.realised is None else self.realised - self.planned


@dataclass
class EvaluationFacts:
    plan: ProjectPlan | None
    indicators: list[IndicatorFact] = field(default_factory=list)
    milestones: list[MilestoneFact] = field(default_factory=list)
    budget_years: list[BudgetYear] = field(default_factory=list)

    @property
    def goal(self) -> str:
        return self.plan.doelstelling if self.plan else ""

    @property
    def results(self) -> str:
        return self.plan.projectresultaat if self.plan else ""

    @property
    def partners(self) -> str:
        return self.plan.betrokken_partners if self.plan else ""

    @property
    def milestones_met(self) -> int:
        return sum(1 for milestone in self.milestones if milestone.met)

    @property
    def milestones_late(self) -> list[MilestoneFact]:
        return [milestone for milestone in self.milestones if milestone.late]

    @property
    def budget_planned(self) -> Decimal:
        return sum((year.planned for year in self.budget_years), Decimal(0))

    @property
    def budget_realised(self) -> Decimal | None:
        return money_total(
            Money(planned=year.planned, spent=year.realised) for year in self.budget_years
        ).spent

    @property
    def budget_difference(self) -> Decimal | None:
        realised = self.budget_realised
        return None if realised is None else realised - self.budget_planned


def is_milestone_late(milestone: Milestone, today: date) -> bool:
    """Achieved after its planned date, or still open while its planned date has passed."""
    if milestone.status == Milestone.Status.VERVALLEN:
        return False
    if milestone.status == Milestone.Status.GEHAALD:
        return milestone.actual_date is not None and milestone.actual_date > milestone.planned_date
    return milestone.planned_date < today


def indicator_facts(project: Project) -> list[IndicatorFact]:
    latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-measured_on", "-id")
    indicators = Indicator.objects.filter(project=project).annotate(
        latest_value=Subquery(latest.values("value")[:1]),
        latest_date=Subquery(latest.values("measured_on")[:1]),
    )
    return [
        IndicatorFact(
            name=indicator.name,
            unit=indicator.unit,
            baseline=indicator.baseline,
            target=indicator.target,
            target_date=indicator.target_date,
            achieved=indicator.latest_value,
            measured_on=indicator.latest_date,
        )
        for indicator in indicators.order_by("id")
    ]


def milestone_facts(project: Project, today: date | None = None) -> list[MilestoneFact]:
    today = today or timezone.localdate()
    return [
        MilestoneFact(
            name=milestone.name,
            planned_date=milestone.planned_date,
            actual_date=milestone.actual_date,
            status=milestone.status,
            status_label=milestone.get_status_display(),
            late=is_milestone_late(milestone, today),
        )
        for milestone in Milestone.objects.filter(project=project).order_by("planned_date", "id")
    ]


def budget_years(project: Project) -> list[BudgetYear]:
    """Planned and spent per year, by the one rule of projects.money."""
    lines = list(BudgetLine.objects.filter(project=project).order_by("year", "id"))
    years = sorted({line.year for line in lines})
    return [
        BudgetYear(year=year, planned=money.planned, realised=money.spent)
        for year in years
        for money in [money_of(lines, year=year)]
    ]


def evaluation_facts(project: Project, today: date | None = None) -> EvaluationFacts:
    return EvaluationFacts(
        plan=plan_in_force(project),
        indicators=indicator_facts(project),
        milestones=milestone_facts(project, today),
        budget_years=budget_years(project),
    )


def questions_with_facts(evaluation: Evaluation | None) -> list[dict]:
    """The eleven questions in order, each with its answer and the kind of facts beside it."""
    return [
        {
            "key": key,
            "question": question,
            "answer": getattr(evaluation, key) if evaluation else "",
            "facts": QUESTION_FACTS.get(key, ""),
        }
        for key, question in EVALUATION_QUESTIONS
    ]


def last_return(project: Project) -> ProjectEvent | None:
    """The latest time a meeting sent the evaluation back, with its remarks."""
    return (
        ProjectEvent.objects.filter(
            project=project, transition__in=[PLATFORM_RETURN_EVALUATION, DVO_RETURN_EVALUATION]
        )
        .select_related("meeting")
        .order_by("-at", "-id")
        .first()
    )


def can_start(user, project: Project) -> bool:
    return PROJECT_WORKFLOW.get(START_EVALUATION).available(user, project)


def can_submit(user, project: Project) -> bool:
    return PROJECT_WORKFLOW.get(SUBMIT_EVALUATION).available(user, project)


EVALUATION_STATUSES = (
    Project.Status.EVALUATIE,
    Project.Status.EVALUATIE_TER_VASTSTELLING,
    Project.Status.EVALUATIE_AMBTELIJK_VASTGESTELD,
    Project.Status.AFGEROND,
)


def detail_context(project, user, *, show_details: bool) -> dict:
    """What the project page's evaluation section shows (projects/evaluations/_section.html)."""
    if not show_details:
        return {"evaluation_section": None}
    evaluation = evaluation_for(project)
    may_start = can_start(user, project)
    if evaluation is None and not may_start and project.status not in EVALUATION_STATUSES:
        return {"evaluation_section": None}
    return {
        "evaluation_section": {
            "evaluation": evaluation,
            "can_start": may_start,
            "can_write": bool(can_write_evaluation.test(user, project)),
            "end_date_passed": project.end_date is not None
            and project.end_date <= timezone.localdate(),
        }
    }
