"""What the evaluation shows beside its questions: the facts the system knows."""

import datetime
from decimal import Decimal

import pytest

from projects.evaluations import selectors as evaluation_selectors
from projects.evaluations.selectors import evaluation_facts, plan_in_force
from tests.factories import (
    BudgetLineFactory,
    EvaluationFactory,
    IndicatorFactory,
    MeasurementFactory,
    MeetingFactory,
    MilestoneFactory,
    ProjectPlanFactory,
)
from tests.projects.people import project_with_people

D = datetime.date


@pytest.mark.django_db
def test_the_plan_in_force_is_the_latest_approved_version():
    project = project_with_people(status="evaluatie")
    ProjectPlanFactory(project=project, number=1, status="vastgesteld", doelstelling="Doel 1")
    ProjectPlanFactory(project=project, number=2, status="vastgesteld", doelstelling="Doel 2")
    ProjectPlanFactory(project=project, number=3, status="concept", doelstelling="Doel 3")
    assert plan_in_force(project).number == 2
    facts = evaluation_facts(project)
    assert facts.goal == "Doel 2"


@pytest.mark.django_db
def test_without_an_approved_plan_the_latest_version_is_used():
    project = project_with_people(status="evaluatie")
    assert plan_in_force(project) is None
    assert evaluation_facts(project).goal == ""
    ProjectPlanFactory(project=project, number=1, status="ter_vaststelling")
    ProjectPlanFactory(
        project=project, number=2, status="concept", projectresultaat="Resultaat versie 2"
    )
    assert plan_in_force(project).number == 2
    assert evaluation_facts(project).results == "Resultaat versie 2"


@pytest.mark.django_db
def test_indicator_achieved_is_the_latest_measurement():
    project = project_with_people(status="evaluatie")
    rising = IndicatorFactory(project=project, name="Deelnemende gemeenten", target=14)
    MeasurementFactory(indicator=rising, value=9, measured_on=D(2025, 6, 1))
    MeasurementFactory(indicator=rising, value=14, measured_on=D(2026, 1, 15))
    MeasurementFactory(indicator=rising, value=12, measured_on=D(2025, 12, 1))  # older, later row
    falling = IndicatorFactory(project=project, name="Woninginbraken", baseline=900, target=700)
    MeasurementFactory(indicator=falling, value=750, measured_on=D(2026, 2, 1))
    unmeasured = IndicatorFactory(project=project, name="Nog niet gemeten", target=1)
    other = IndicatorFactory(name="Van een ander project")
    MeasurementFactory(indicator=other, value=1, measured_on=D(2026, 3, 1))

    facts = {fact.name: fact for fact in evaluation_facts(project).indicators}
    assert sorted(facts) == sorted([rising.name, falling.name, unmeasured.name])
    assert facts[rising.name].achieved == 14
    assert facts[rising.name].measured_on == D(2026, 1, 15)
    assert facts[rising.name].reached is True
    assert facts[falling.name].lower_is_better
    assert (facts[falling.name].achieved, facts[falling.name].reached) == (750, False)
    assert facts[unmeasured.name].achieved is None
    assert facts[unmeasured.name].reached is None


@pytest.mark.django_db
def test_milestones_met_and_late(frozen_time):  # today is 2 March 2026
    project = project_with_people(status="evaluatie")
    on_time = MilestoneFactory(
        project=project,
        planned_date=D(2025, 6, 1),
        actual_date=D(2025, 5, 20),
        status="gehaald",
    )
    achieved_late = MilestoneFactory(
        project=project,
        planned_date=D(2025, 9, 1),
        actual_date=D(2025, 10, 1),
        status="gehaald",
    )
    overdue = MilestoneFactory(project=project, planned_date=D(2026, 1, 1), status="vertraagd")
    future = MilestoneFactory(project=project, planned_date=D(2026, 6, 1), status="gepland")
    cancelled = MilestoneFactory(project=project, planned_date=D(2025, 3, 1), status="vervallen")
    MilestoneFactory(planned_date=D(2025, 1, 1), status="gehaald")  # another project's

    facts = evaluation_facts(project)
    assert len(facts.milestones) == 5
    assert facts.milestones_met == 2
    assert sorted(m.name for m in facts.milestones_late) == sorted(
        [achieved_late.name, overdue.name]
    )
    by_name = {m.name: m for m in facts.milestones}
    assert not by_name[on_time.name].late
    assert not by_name[future.name].late
    assert not by_name[cancelled.name].late


@pytest.mark.django_db
def test_budget_planned_against_realised_per_year():
    project = project_with_people(status="evaluatie")
    BudgetLineFactory(project=project, year=2025, planned_amount=10000, realised_amount=8000)
    BudgetLineFactory(
        project=project, year=2025, planned_amount="2500.50", realised_amount="3000.25"
    )
    BudgetLineFactory(project=project, year=2026, planned_amount=5000, realised_amount=0)
    BudgetLineFactory(year=2025, planned_amount=99999, realised_amount=99999)  # another project

    facts = evaluation_facts(project)
    years = [(y.year, y.planned, y.realised) for y in facts.budget_years]
    assert years == [
        (2025, Decimal("12500.50"), Decimal("11000.25")),
        (2026, Decimal("5000.00"), Decimal("0.00")),
    ]
    assert facts.budget_planned == Decimal("17500.50")
    assert facts.budget_realised == Decimal("11000.25")
    assert facts.budget_difference == Decimal("-6500.25")
    assert facts.budget_years[0].difference == Decimal("-1500.25")


@pytest.mark.django_db
def test_the_questions_come_with_their_facts_in_order():
    evaluation = EvaluationFactory(q1="Antwoord 1", q11="Antwoord 11")
    questions = evaluation_selectors.questions_with_facts(evaluation)
    assert [q["key"] for q in questions] == [f"q{n}" for n in range(1, 12)]
    assert questions[0]["answer"] == "Antwoord 1"
    assert questions[0]["question"] == "Wat was de doelstelling van het project?"
    assert {q["key"]: q["facts"] for q in questions if q["facts"]} == {
        "q1": "goal",
        "q3": "results",
        "q4": "indicators",
        "q6": "milestones",
        "q10": "partners",
        "q11": "budget",
    }


@pytest.mark.django_db
def test_detail_context_is_empty_without_details(regiocoordinator):
    project = project_with_people(status="evaluatie", vertrouwelijk=True)
    EvaluationFactory(project=project)
    outsider = project.people["buitenstaander"]
    context = evaluation_selectors.detail_context(project, outsider, show_details=False)
    assert context == {"evaluation_section": None}
    context = evaluation_selectors.detail_context(project, regiocoordinator, show_details=True)
    assert context["evaluation_section"]["evaluation"].project == project


@pytest.mark.django_db
def test_detail_context_offers_start_and_write_to_the_right_people(regiocoordinator):
    running = project_with_people(status="in_uitvoering")
    leader = running.people["projectleider"]
    section = evaluation_selectors.detail_context(running, leader, show_details=True)[
        "evaluation_section"
    ]
    assert section["can_start"] and not section["can_write"] and section["evaluation"] is None
    member = running.people["groepslid"]
    assert evaluation_selectors.detail_context(running, member, show_details=True) == {
        "evaluation_section": None
    }
    evaluating = project_with_people(status="evaluatie")
    platform = MeetingFactory(body="platform")
    EvaluationFactory(project=evaluating, platform_meeting=platform)
    section = evaluation_selectors.detail_context(
        evaluating, evaluating.people["projectleider"], show_details=True
    )["evaluation_section"]
    assert section["can_write"] and not section["can_start"]
    assert section["evaluation"].platform_meeting == platform
