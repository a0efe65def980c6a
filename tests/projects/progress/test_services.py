"""Progress report services: saving with rows and locking, submit, acknowledge, beslispunten."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from platform_ivz.core.workflow import TransitionNotAllowed
from projects.models import Beslispunt, BudgetLine, Measurement, Milestone, ProgressReport
from projects.permissions import can_add_beslispunt
from projects.progress import services as progress_services
from projects.progress.workflow import ACKNOWLEDGE, REPORT_WORKFLOW, SUBMIT
from tests.factories import (
    BeslispuntFactory,
    BudgetLineFactory,
    IndicatorFactory,
    MeasurementFactory,
    MilestoneFactory,
    ProgressReportFactory,
)
from tests.projects.people import ACTORS, actor_for
from tests.projects.progress.scenario import COMPLETE, project_with_people

REVIEWERS = {"voorzitter", "regiocoordinator"}


def report_for(project=None, **kwargs) -> ProgressReport:
    project = project or project_with_people()
    return ProgressReportFactory(project=project, **kwargs)


def save(report, actor, data=None, **rows):
    return progress_services.update_report(
        report=report,
        actor=actor,
        data=data or {},
        expected_version=ProgressReport.objects.get(pk=report.pk).version,
        **rows,
    )


# --- Saving a draft ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_projectleider_saves_the_report_and_the_version_goes_up():
    report = report_for()
    leader = report.project.people["projectleider"]
    saved = save(report, leader, {**COMPLETE, "risks": "—"})
    assert saved.version == 2
    assert saved.status_time == "aandacht"
    assert saved.spent_to_date is None  # no budget line reported: unknown, not € 0
    assert saved.history.first().history_user == leader


@pytest.mark.django_db
def test_spent_to_date_is_the_snapshot_of_the_budget_lines_never_a_typed_amount():
    """docs/ARCHITECTURE.md §6.1: the lines are the truth, the report keeps their sum."""
    report = report_for()
    project = report.project
    leader = project.people["projectleider"]
    first = BudgetLineFactory(project=project, year=2025, planned_amount=Decimal(5000))
    BudgetLineFactory(project=project, year=2026, planned_amount=Decimal(5000))
    saved = save(
        report,
        leader,
        {**COMPLETE, "spent_to_date": Decimal("99999")},  # typed beside the lines: ignored
        budget_lines=[{"id": first.pk, "realised_amount": Decimal("1234.50")}],
    )
    assert saved.spent_to_date == Decimal("1234.50")
    first.realised_amount = Decimal("2000")
    first.save()
    submitted = progress_services.submit_report(report=saved, actor=leader)
    assert submitted.spent_to_date == Decimal("2000")  # taken again at submission


@pytest.mark.django_db
def test_a_budget_line_left_empty_stays_not_reported():
    report = report_for()
    line = BudgetLineFactory(project=report.project, realised_amount=Decimal(10))
    save(
        report,
        report.project.people["projectleider"],
        budget_lines=[{"id": line.pk, "realised_amount": None}],
    )
    line.refresh_from_db()
    assert line.realised_amount is None


@pytest.mark.django_db
@pytest.mark.parametrize("actor", [a for a in ACTORS if a != "projectleider"])
def test_nobody_else_may_save_the_report(request, actor):
    report = report_for()
    with pytest.raises(PermissionDenied):
        save(report, actor_for(request, report.project, actor), COMPLETE)


@pytest.mark.django_db
def test_a_submitted_report_can_no_longer_be_saved():
    report = report_for(status="ingediend", **COMPLETE)
    with pytest.raises(PermissionDenied):
        save(report, report.project.people["projectleider"], {"progress_content": "Anders."})


@pytest.mark.django_db
def test_a_stale_version_is_refused_and_nothing_is_overwritten():
    report = report_for()
    leader = report.project.people["projectleider"]
    save(report, leader, {"progress_content": "Eerste versie."})
    with pytest.raises(progress_services.EditConflict):
        progress_services.update_report(
            report=report,
            actor=leader,
            data={"progress_content": "Tweede, verouderde versie."},
            expected_version=1,
        )
    assert ProgressReport.objects.get(pk=report.pk).progress_content == "Eerste versie."


@pytest.mark.django_db
def test_a_negative_amount_spent_is_refused():
    report = report_for()
    line = BudgetLineFactory(project=report.project)
    with pytest.raises(ValidationError):
        save(
            report,
            report.project.people["projectleider"],
            budget_lines=[{"id": line.pk, "realised_amount": Decimal("-1")}],
        )
    line.refresh_from_db()
    assert line.realised_amount is None


@pytest.mark.django_db
def test_milestones_and_budget_lines_of_the_project_are_updated():
    report = report_for()
    project = report.project
    milestone = MilestoneFactory(project=project, planned_date=datetime.date(2026, 3, 1))
    untouched = MilestoneFactory(project=project, planned_date=datetime.date(2026, 9, 1))
    line = BudgetLineFactory(project=project, year=2025)
    save(
        report,
        project.people["projectleider"],
        milestones=[
            {"id": milestone.pk, "actual_date": datetime.date(2026, 3, 4), "status": "gehaald"},
            {"id": untouched.pk, "actual_date": None, "status": "gepland"},
        ],
        budget_lines=[{"id": line.pk, "realised_amount": Decimal("2500.00")}],
    )
    milestone.refresh_from_db()
    line.refresh_from_db()
    assert (milestone.status, milestone.actual_date) == ("gehaald", datetime.date(2026, 3, 4))
    assert line.realised_amount == Decimal("2500.00")
    assert untouched.history.count() == 1  # unchanged rows get no history record


@pytest.mark.django_db
def test_measurements_are_recorded_with_the_report_and_can_be_changed_and_removed():
    report = report_for()
    project = report.project
    indicator = IndicatorFactory(project=project)
    leader = project.people["projectleider"]
    row = {
        "id": None,
        "indicator_id": indicator.pk,
        "value": Decimal("12"),
        "measured_on": datetime.date(2025, 12, 1),
        "source": " Politie ",
        "delete": False,
    }
    save(report, leader, measurements=[row, {**row, "value": Decimal("15")}])
    first, second = Measurement.objects.filter(progress_report=report).order_by("value")
    assert (first.indicator, first.value, first.source) == (indicator, 12, "Politie")
    save(
        report,
        leader,
        measurements=[
            {**row, "id": first.pk, "value": Decimal("13")},
            {**row, "id": second.pk, "delete": True},
        ],
    )
    assert list(report.measurements.values_list("value", flat=True)) == [Decimal("13")]


def _foreign_rows(kind, other, other_report):
    """A row of another project, and the row data that points at it."""
    if kind == "milestones":
        row = MilestoneFactory(project=other)
        return row, {"milestones": [{"id": row.pk, "actual_date": None, "status": "vervallen"}]}
    if kind == "budget_lines":
        row = BudgetLineFactory(project=other)
        return row, {"budget_lines": [{"id": row.pk, "realised_amount": Decimal(9)}]}
    measurement = {"value": Decimal(1), "measured_on": datetime.date(2025, 8, 1)}
    if kind == "measurements":
        row = MeasurementFactory(
            indicator=IndicatorFactory(project=other), progress_report=other_report
        )
        data = {"id": row.pk, "indicator_id": row.indicator_id, "delete": True, **measurement}
        return row, {"measurements": [data]}
    row = IndicatorFactory(project=other)
    data = {"id": None, "indicator_id": row.pk, "delete": False, **measurement}
    return row, {"measurements": [data]}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["milestones", "budget_lines", "measurements", "indicator"])
def test_rows_of_another_project_are_never_touched(kind):
    report = report_for()
    other = project_with_people()
    foreign, rows = _foreign_rows(kind, other, ProgressReportFactory(project=other))
    with pytest.raises(ValidationError):
        save(report, report.project.people["projectleider"], **rows)
    if kind == "indicator":
        assert not Measurement.objects.filter(indicator=foreign).exists()
    else:
        assert type(foreign).objects.get(pk=foreign.pk).history.count() == 1
    # The whole save was rolled back: the report's version did not move either.
    assert ProgressReport.objects.get(pk=report.pk).version == 1


@pytest.mark.django_db
def test_beslispunten_are_added_changed_and_removed_with_the_report():
    report = report_for()
    leader = report.project.people["projectleider"]
    save(report, leader, beslispunten=[{"id": None, "text": "  Besluit over budget.  "}])
    beslispunt = report.beslispunten.get()
    assert (beslispunt.text, beslispunt.status, beslispunt.project) == (
        "Besluit over budget.",
        "open",
        report.project,
    )
    assert beslispunt.raised_by == leader
    save(report, leader, beslispunten=[{"id": beslispunt.pk, "text": "Besluit over capaciteit."}])
    beslispunt.refresh_from_db()
    assert beslispunt.text == "Besluit over capaciteit."
    save(report, leader, beslispunten=[{"id": beslispunt.pk, "text": "x", "delete": True}])
    assert not report.beslispunten.exists()


@pytest.mark.django_db
def test_a_beslispunt_on_an_agenda_cannot_be_changed_through_the_report():
    report = report_for()
    agendaed = BeslispuntFactory(
        project=report.project, progress_report=report, status="geagendeerd"
    )
    with pytest.raises(ValidationError):
        save(
            report,
            report.project.people["projectleider"],
            beslispunten=[{"id": agendaed.pk, "text": "Anders", "delete": False}],
        )
    agendaed.refresh_from_db()
    assert agendaed.text != "Anders"


# --- Submit and acknowledge -----------------------------------------------------------------


@pytest.mark.django_db
def test_submission_needs_the_statuses_and_both_progress_texts():
    report = report_for(status_overall="op_koers")
    with pytest.raises(ValidationError) as raised:
        progress_services.submit_report(report=report, actor=report.project.people["projectleider"])
    assert set(raised.value.message_dict) == set(COMPLETE) - {"status_overall"}
    assert ProgressReport.objects.get(pk=report.pk).status == "concept"


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_submit_per_role(request, actor, regiocoordinator, django_capture_on_commit_callbacks):
    report = report_for(**COMPLETE)
    user = actor_for(request, report.project, actor)
    assert REPORT_WORKFLOW.get(SUBMIT).available(user, report) is (actor == "projectleider")
    if actor != "projectleider":
        with pytest.raises(TransitionNotAllowed):
            progress_services.submit_report(report=report, actor=user)
        return
    with django_capture_on_commit_callbacks(execute=True):
        submitted = progress_services.submit_report(report=report, actor=user)
    assert submitted.status == "ingediend" and submitted.submitted_at is not None
    assert [m.to for m in mail.outbox] == [[regiocoordinator.email]]
    assert report.project.title in mail.outbox[0].subject


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_acknowledge_per_role(request, actor, django_capture_on_commit_callbacks):
    report = report_for(status="ingediend", **COMPLETE)
    user = actor_for(request, report.project, actor)
    allowed = actor in REVIEWERS
    assert REPORT_WORKFLOW.get(ACKNOWLEDGE).available(user, report) is allowed
    if not allowed:
        with pytest.raises(TransitionNotAllowed):
            progress_services.acknowledge_report(report=report, actor=user)
        return
    with django_capture_on_commit_callbacks(execute=True):
        discussed = progress_services.acknowledge_report(report=report, actor=user)
    assert discussed.status == "besproken"
    assert (discussed.discussed_by, discussed.discussed_at is not None) == (user, True)
    assert [m.to for m in mail.outbox] == [[report.project.people["projectleider"].email]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "name"),
    [
        ("concept", ACKNOWLEDGE),
        ("ingediend", SUBMIT),
        ("besproken", SUBMIT),
        ("besproken", ACKNOWLEDGE),
    ],
)
def test_transitions_from_the_wrong_state_are_refused(regiocoordinator, status, name):
    report = report_for(status=status, **COMPLETE)
    leader = report.project.people["projectleider"]
    actor = leader if name == SUBMIT else regiocoordinator
    service = {
        SUBMIT: progress_services.submit_report,
        ACKNOWLEDGE: progress_services.acknowledge_report,
    }
    with pytest.raises(TransitionNotAllowed):
        service[name](report=report, actor=actor)


@pytest.mark.django_db
def test_a_double_submit_is_refused_the_second_time():
    report = report_for(**COMPLETE)
    leader = report.project.people["projectleider"]
    progress_services.submit_report(report=report, actor=leader)
    with pytest.raises(TransitionNotAllowed):
        progress_services.submit_report(report=report, actor=leader)  # the stale object


# --- Beslispunten outside a report --------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_add_beslispunt_per_role(request, actor):
    project = project_with_people()
    user = actor_for(request, project, actor)
    allowed = actor in {"projectleider", "portefeuillehouder"}
    assert bool(can_add_beslispunt.test(user, project)) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            progress_services.add_beslispunt(project=project, actor=user, text="Graag besluiten.")
        assert not Beslispunt.objects.exists()
        return
    beslispunt = progress_services.add_beslispunt(project=project, actor=user, text=" Graag. ")
    assert (beslispunt.text, beslispunt.status, beslispunt.progress_report) == (
        "Graag.",
        Beslispunt.Status.OPEN,
        None,
    )
    assert beslispunt.raised_by == user


@pytest.mark.django_db
def test_an_empty_beslispunt_is_refused():
    project = project_with_people()
    with pytest.raises(ValidationError):
        progress_services.add_beslispunt(
            project=project, actor=project.people["portefeuillehouder"], text="   "
        )


@pytest.mark.django_db
def test_unknown_budget_line_ids_and_milestone_statuses_are_refused():
    report = report_for()
    milestone = MilestoneFactory(project=report.project)
    leader = report.project.people["projectleider"]
    with pytest.raises(ValidationError):
        save(report, leader, milestones=[{"id": milestone.pk, "actual_date": None, "status": "x"}])
    with pytest.raises(ValidationError):
        save(report, leader, budget_lines=[{"id": 987654, "realised_amount": Decimal(1)}])
    assert Milestone.objects.get(pk=milestone.pk).status == "gepland"
    assert not BudgetLine.objects.exists()


# Dates that make sense (issue 14 item 3): what a report records has happened, so a milestone
# is not achieved, nor an indicator measured, on a day still to come.


@pytest.mark.django_db
def test_a_milestone_achieved_on_a_day_to_come_is_refused():
    from tests.projects.progress.scenario import at

    report = report_for()
    project = report.project
    milestone = MilestoneFactory(project=project, planned_date=datetime.date(2026, 3, 1))
    leader = project.people["projectleider"]
    with at(datetime.date(2026, 3, 10)):
        with pytest.raises(ValidationError):
            save(
                report,
                leader,
                milestones=[
                    {
                        "id": milestone.pk,
                        "actual_date": datetime.date(2026, 3, 11),
                        "status": "gehaald",
                    }
                ],
            )
        save(  # today itself is fine
            report,
            leader,
            milestones=[
                {"id": milestone.pk, "actual_date": datetime.date(2026, 3, 10), "status": "gehaald"}
            ],
        )
    milestone.refresh_from_db()
    assert milestone.actual_date == datetime.date(2026, 3, 10)


@pytest.mark.django_db
def test_a_measurement_on_a_day_to_come_is_refused():
    from tests.projects.progress.scenario import at

    report = report_for()
    indicator = IndicatorFactory(project=report.project)
    row = {
        "id": None,
        "indicator_id": indicator.pk,
        "value": Decimal("12"),
        "measured_on": datetime.date(2030, 1, 1),
        "source": "",
        "delete": False,
    }
    leader = report.project.people["projectleider"]
    with at(datetime.date(2026, 3, 10)):
        with pytest.raises(ValidationError):
            save(report, leader, measurements=[row])
        assert not Measurement.objects.exists()
        save(report, leader, measurements=[{**row, "measured_on": datetime.date(2026, 3, 10)}])
    assert Measurement.objects.get().measured_on == datetime.date(2026, 3, 10)
