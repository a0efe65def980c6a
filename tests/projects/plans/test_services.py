"""The plan's services and selectors: draft, save (with rows), submit, amendments, snapshot."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from platform_ivz.core.editing import EditConflict
from projects.models import ApprovalStatus, GroupMember, Indicator, Milestone, ProjectEvent
from projects.plans import selectors as plan_selectors
from projects.plans import services as plan_services
from projects.plans.services import RowChange
from tests.factories import (
    BudgetLineFactory,
    GroupMemberFactory,
    IndicatorFactory,
    MeasurementFactory,
    MilestoneFactory,
    OrganisationFactory,
    PartnerFactory,
    ProjectPlanFactory,
    UserFactory,
)
from tests.projects.plans.scenario import END, START, make_project
from tests.projects.plans.scenario import complete as scenario_complete

pytestmark = pytest.mark.django_db

def complete(project, plan):
    """Everything submission needs (the indicator with a baseline)."""
    return scenario_complete(project, plan, baseline=120)


@pytest.fixture
def draft(project, leader):
    plan, _created = plan_services.get_or_create_draft_plan(project=project, actor=leader)
    return plan


def save(plan_or_project, actor, version, **kwargs):
    project = getattr(plan_or_project, "project", plan_or_project)
    return plan_services.save_plan(
        project=project,
        actor=actor,
        expected_version=version,
        text=kwargs.pop("text", {}),
        start_date=kwargs.pop("start_date", project.start_date),
        end_date=kwargs.pop("end_date", project.end_date),
        rows=kwargs.pop("rows", {}),
    )


# The draft.


def test_draft_is_version_one_created_once(project, leader):
    plan, created = plan_services.get_or_create_draft_plan(project=project, actor=leader)
    again, created_again = plan_services.get_or_create_draft_plan(project=project, actor=leader)
    assert (plan.number, plan.status, created) == (1, ApprovalStatus.CONCEPT, True)
    assert (again.pk, created_again) == (plan.pk, False)
    assert plan.history.first().history_user == leader


@pytest.mark.parametrize("status", ["te_bemensen", "ter_vaststelling", "in_uitvoering"])
def test_draft_only_while_in_preparation(leader, holder, status):
    project = make_project(leader, holder, status=status)
    with pytest.raises(PermissionDenied):
        plan_services.get_or_create_draft_plan(project=project, actor=leader)


def test_draft_refused_for_others(project, holder, voorzitter):
    for user in (holder, voorzitter):
        with pytest.raises(PermissionDenied):
            plan_services.get_or_create_draft_plan(project=project, actor=user)


def test_draft_refused_once_submitted(project, leader):
    ProjectPlanFactory(project=project, status=ApprovalStatus.TER_VASTSTELLING, created_by=leader)
    with pytest.raises(ValidationError):
        plan_services.get_or_create_draft_plan(project=project, actor=leader)


# Saving the page.


def test_first_save_creates_the_plan_with_rows_and_dates(project, leader):
    organisation = OrganisationFactory(name="Borne")
    colleague = UserFactory(organisation=OrganisationFactory(name="Almelo"))
    plan = save(
        project,
        leader,
        0,
        text={"aanleiding": "Veel inbraken.", "meeting_frequency": "Maandelijks"},
        start_date=START,
        end_date=END,
        rows={
            "indicators": [
                RowChange(data={"name": "Inbraken", "unit": "aantal", "target": Decimal("90")})
            ],
            "milestones": [
                RowChange(data={"name": "Start", "planned_date": START, "status": "gepland"})
            ],
            "group_members": [
                RowChange(
                    data={
                        "user": colleague,
                        "organisation": None,
                        "function": "deelnemer",
                        "hours_per_week": Decimal("4"),
                        "start_date": START,
                    }
                ),
                RowChange(
                    data={
                        "user": None,
                        "name": "Externe deskundige",
                        "organisation": organisation,
                        "function": "expert",
                        "hours_per_week": Decimal("2.5"),
                        "start_date": START,
                    }
                ),
            ],
            "budget_lines": [
                RowChange(
                    data={
                        "description": "Campagne",
                        "funding_source": "platform",
                        "year": 2026,
                        "planned_amount": Decimal("12500.50"),
                    }
                )
            ],
        },
    )
    project.refresh_from_db()
    assert (plan.number, plan.version, plan.aanleiding) == (1, 2, "Veel inbraken.")
    assert (project.start_date, project.end_date) == (START, END)
    assert project.indicators.get().name == "Inbraken"
    member = project.group_members.get(user=colleague)
    assert member.organisation.name == "Almelo"  # the person's own organisation
    assert project.group_members.get(name="Externe deskundige").organisation == organisation
    assert project.budget_lines.get().planned_amount == Decimal("12500.50")
    assert project.indicators.get().history.first().history_user == leader


def test_save_updates_and_deletes_rows(draft, project, leader):
    keep = IndicatorFactory(project=project, name="Oud", target=10)
    drop = MilestoneFactory(project=project)
    plan = save(
        draft,
        leader,
        draft.version,
        rows={
            "indicators": [RowChange(pk=keep.pk, data={"name": "Nieuw", "target": Decimal(20)})],
            "milestones": [RowChange(pk=drop.pk, delete=True)],
        },
    )
    keep.refresh_from_db()
    assert (keep.name, keep.target) == ("Nieuw", Decimal(20))
    assert not Milestone.objects.filter(pk=drop.pk).exists()
    assert plan.version == draft.version + 1


def test_stale_save_is_refused(draft, leader):
    save(draft, leader, draft.version, text={"aanleiding": "Eerste"})
    with pytest.raises(EditConflict):
        save(draft, leader, draft.version, text={"aanleiding": "Tweede"})
    draft.refresh_from_db()
    assert draft.aanleiding == "Eerste"


def test_two_first_saves_conflict(project, leader):
    save(project, leader, 0, text={"aanleiding": "Eerste"})
    with pytest.raises(EditConflict):
        save(project, leader, 0, text={"aanleiding": "Tweede"})


def test_rows_of_another_project_are_refused_and_nothing_is_saved(draft, project, leader):
    other = IndicatorFactory(name="Van een ander project")
    with pytest.raises(ValidationError):
        save(
            draft,
            leader,
            draft.version,
            text={"aanleiding": "Niet bewaard"},
            rows={"indicators": [RowChange(pk=other.pk, data={"name": "Gekaapt"})]},
        )
    other.refresh_from_db()
    draft.refresh_from_db()
    assert other.name == "Van een ander project"
    assert draft.aanleiding == project_request_text(draft, "aanleiding")


def test_end_before_start_is_refused(draft, leader):
    with pytest.raises(ValidationError) as error:
        save(draft, leader, draft.version, start_date=END, end_date=START)
    assert "end_date" in error.value.message_dict


def test_indicator_with_measurements_cannot_be_removed(draft, project, leader):
    indicator = IndicatorFactory(project=project)
    MeasurementFactory(indicator=indicator)
    with pytest.raises(ValidationError):
        save(draft, leader, draft.version, rows={"indicators": [RowChange(indicator.pk, True)]})
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_budget_line_with_spending_cannot_be_removed(draft, project, leader):
    line = BudgetLineFactory(project=project, realised_amount=100)
    with pytest.raises(ValidationError):
        save(draft, leader, draft.version, rows={"budget_lines": [RowChange(line.pk, True)]})


def test_group_member_needs_person_or_name(draft, leader):
    row = RowChange(
        data={
            "user": None,
            "name": " ",
            "organisation": PartnerFactory(),
            "function": "deelnemer",
            "hours_per_week": Decimal(2),
            "start_date": START,
        }
    )
    with pytest.raises(ValidationError):
        save(draft, leader, draft.version, rows={"group_members": [row]})
    assert not GroupMember.objects.exists()


def test_amendment_needs_its_summary_when_saved(running, leader):
    plan = plan_services.propose_amendment(project=running, actor=leader, change_summary="Ruimer")
    with pytest.raises(ValidationError):
        save(plan, leader, plan.version, text={"change_summary": "  "})


@pytest.mark.parametrize(
    "who", ["holder", "voorzitter", "regiocoordinator", "platformlid", "dvo_lid", "beheerder"]
)
def test_only_the_leader_saves(request, draft, who):
    with pytest.raises(PermissionDenied):
        save(draft, request.getfixturevalue(who), draft.version, text={"aanleiding": "x"})


def test_saving_refused_after_submission(draft, project, leader):
    complete(project, draft)
    plan_services.submit_plan(plan=draft, actor=leader)
    draft.refresh_from_db()
    with pytest.raises(PermissionDenied):
        save(draft, leader, draft.version, text={"aanleiding": "Later"})


# Submission.


def test_submit_refused_with_missing_parts(draft, leader):
    # The request filled in the texts (result and planning included); the rows and the
    # period the leader still writes.
    with pytest.raises(ValidationError) as error:
        plan_services.submit_plan(plan=draft, actor=leader)
    assert set(error.value.message_dict) == {
        "indicators",
        "milestones",
        "start_date",
        "end_date",
    }
    draft.refresh_from_db()
    assert draft.status == ApprovalStatus.CONCEPT


def test_submit_snapshots_rows_moves_project_and_tells_reviewers(
    draft,
    project,
    leader,
    voorzitter,
    regiocoordinator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    complete(project, draft)
    GroupMemberFactory(
        project=project,
        user=None,
        name="Jan Extern",
        organisation=PartnerFactory(),
        start_date=START,
    )
    BudgetLineFactory(project=project, planned_amount=Decimal("1234.56"), year=2026)
    with django_capture_on_commit_callbacks(execute=True):
        plan = plan_services.submit_plan(plan=draft, actor=leader, note="Graag op de agenda")
    project.refresh_from_db()
    assert plan.status == ApprovalStatus.TER_VASTSTELLING
    assert plan.submitted_at is not None
    assert project.status == "ter_vaststelling"
    event = ProjectEvent.objects.get(project=project, transition="submit_plan")
    assert (event.actor, event.note) == (leader, "Graag op de agenda")
    snapshot = plan.snapshot
    assert snapshot["start_date"] == "2026-04-01"
    assert snapshot["indicators"][0]["target"] == "90.00"
    assert snapshot["indicators"][0]["baseline"] == "120.00"
    assert snapshot["milestones"][0]["planned_date"] == "2026-04-01"
    assert snapshot["group_members"][0]["person"] == "Jan Extern"
    assert (
        snapshot["group_members"][0]["organisation"] == "Politie Oost-Nederland (district Twente)"
    )
    assert snapshot["budget_lines"][0]["planned_amount"] == "1234.56"
    # The chair, the regiocoördinator and the project's portefeuillehouder (issue 14 item 11).
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [voorzitter.email, regiocoordinator.email, project.portefeuillehouder.email]
    )
    assert project.title in mailoutbox[0].subject


def test_snapshot_stays_frozen_when_living_rows_change(draft, project, leader):
    complete(project, draft)
    plan = plan_services.submit_plan(plan=draft, actor=leader)
    Indicator.objects.filter(project=project).update(target=Decimal(1))
    plan.refresh_from_db()
    assert plan.snapshot["indicators"][0]["target"] == "90.00"
    document = plan_selectors.plan_document(plan)
    table = next(s["table"] for s in document["sections"] if s["name"] == "prestatie_indicatoren")
    assert table["rows"][0][3]["value"] == Decimal("90.00")
    assert document["frozen"]


def test_submit_twice_is_refused(draft, project, leader):
    complete(project, draft)
    plan_services.submit_plan(plan=draft, actor=leader)
    with pytest.raises(PermissionDenied):
        plan_services.submit_plan(plan=draft, actor=leader)


@pytest.mark.parametrize(
    "who",
    ["holder", "voorzitter", "regiocoordinator", "platformlid", "dvo_lid", "beheerder", "member"],
)
def test_only_the_leader_submits(request, draft, project, who):
    complete(project, draft)
    if who == "member":
        user = GroupMemberFactory(project=project).user
    else:
        user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        plan_services.submit_plan(plan=draft, actor=user)
    project.refresh_from_db()
    assert project.status == "in_voorbereiding"


def test_resubmission_after_return_takes_a_new_snapshot(draft, project, leader):
    complete(project, draft)
    plan_services.submit_plan(plan=draft, actor=leader)
    # The Platform returned it (the meetings area applies DOCUMENT_STEPS and the transition).
    draft.refresh_from_db()
    draft.status = ApprovalStatus.CONCEPT
    draft.save()
    project.status = "in_voorbereiding"
    project.save()
    draft = save(
        draft,
        leader,
        draft.version,
        rows={"indicators": [RowChange(pk=project.indicators.get().pk, data={"target": 80})]},
    )
    plan = plan_services.submit_plan(plan=draft, actor=leader)
    assert plan.snapshot["indicators"][0]["target"] == "80.00"


# Amendments.


def test_amendment_copies_the_version_in_force(running, leader):
    plan = plan_services.propose_amendment(
        project=running, actor=leader, change_summary="Een extra mijlpaal."
    )
    assert (plan.number, plan.status, plan.is_amendment) == (2, ApprovalStatus.CONCEPT, True)
    assert plan.aanleiding == "De oorspronkelijke aanleiding."
    assert plan.change_summary == "Een extra mijlpaal."
    assert plan_selectors.open_plan(running) == plan
    assert plan_selectors.plan_in_force(running).number == 1


def test_amendment_needs_a_summary(running, leader):
    with pytest.raises(ValidationError):
        plan_services.propose_amendment(project=running, actor=leader, change_summary=" ")


def test_only_one_open_amendment(running, leader):
    plan_services.propose_amendment(project=running, actor=leader, change_summary="Eerste")
    with pytest.raises(ValidationError):
        plan_services.propose_amendment(project=running, actor=leader, change_summary="Tweede")


def test_no_new_amendment_while_one_is_submitted(running, leader):
    plan = plan_services.propose_amendment(project=running, actor=leader, change_summary="Eerste")
    plan_services.submit_plan(plan=plan, actor=leader)
    with pytest.raises(ValidationError):
        plan_services.propose_amendment(project=running, actor=leader, change_summary="Tweede")


@pytest.mark.parametrize("status", ["in_voorbereiding", "ter_vaststelling", "evaluatie"])
def test_amendment_only_while_running(leader, holder, status):
    project = make_project(leader, holder, status=status)
    with pytest.raises(PermissionDenied):
        plan_services.propose_amendment(project=project, actor=leader, change_summary="x")


@pytest.mark.parametrize("who", ["holder", "voorzitter", "regiocoordinator", "platformlid"])
def test_only_the_leader_proposes_amendments(request, running, who):
    with pytest.raises(PermissionDenied):
        plan_services.propose_amendment(
            project=running, actor=request.getfixturevalue(who), change_summary="x"
        )


def test_amendment_flow_keeps_the_project_running(
    running, leader, voorzitter, mailoutbox, django_capture_on_commit_callbacks
):
    plan = plan_services.propose_amendment(project=running, actor=leader, change_summary="Later")
    plan = save(
        plan,
        leader,
        plan.version,
        text={"planning": "Drie jaar."},
        rows={
            "indicators": [RowChange(pk=running.indicator.pk, data={"target": Decimal(70)})],
            "milestones": [
                RowChange(data={"name": "Extra", "planned_date": END, "status": "gepland"})
            ],
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        plan = plan_services.submit_plan(plan=plan, actor=leader)
    running.refresh_from_db()
    assert running.status == "in_uitvoering"
    assert plan.status == ApprovalStatus.TER_VASTSTELLING
    assert plan.snapshot["indicators"][0]["target"] == "70.00"
    assert len(plan.snapshot["milestones"]) == 2
    event = ProjectEvent.objects.get(project=running, transition="submit_amendment")
    assert event.from_status == event.to_status == "in_uitvoering"
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [voorzitter.email, running.portefeuillehouder.email]
    )
    # Version 1 is still in force; its frozen rows are unchanged.
    in_force = plan_selectors.plan_in_force(running)
    assert in_force.number == 1
    assert in_force.snapshot["indicators"][0]["target"] == "90.00"


def test_amendment_submission_needs_its_summary(running, leader):
    plan = plan_services.propose_amendment(project=running, actor=leader, change_summary="x")
    plan.change_summary = ""
    plan.save()
    with pytest.raises(ValidationError) as error:
        plan_services.submit_plan(plan=plan, actor=leader)
    assert "change_summary" in error.value.message_dict


# Selectors: comparison and escaping.


def test_word_diff_marks_changes_and_escapes():
    old, new = plan_selectors.word_diff(
        "Wij <b>doen</b> dit samen", "Wij <script>alert(1)</script> dit samen"
    )
    assert "<script>" not in new
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in new
    assert "<ins" in new and "<del" in old
    assert "&lt;b&gt;doen&lt;/b&gt;" in old


def test_comparison_lists_added_removed_and_changed_rows(running, leader):
    removed = MilestoneFactory(project=running, name="Vervalt", planned_date=START)
    in_force = plan_selectors.plan_in_force(running)
    in_force.snapshot = plan_selectors.snapshot_rows(running)
    in_force.save()
    plan = plan_services.propose_amendment(project=running, actor=leader, change_summary="x")
    plan = save(
        plan,
        leader,
        plan.version,
        text={"aanleiding": "De nieuwe aanleiding."},
        end_date=datetime.date(2027, 12, 31),
        rows={
            "indicators": [RowChange(pk=running.indicator.pk, data={"target": Decimal(70)})],
            "milestones": [
                RowChange(pk=removed.pk, delete=True),
                RowChange(data={"name": "Nieuw", "planned_date": END, "status": "gepland"}),
            ],
        },
    )
    comparison = plan_selectors.plan_comparison(plan, in_force)
    assert [t["name"] for t in comparison["texts"]] == ["aanleiding"]
    assert [d["new"]["value"] for d in comparison["dates"]] == [datetime.date(2027, 12, 31)]
    parts = {part["kind"]: part for part in comparison["parts"]}
    assert parts["indicators"]["changed"][0]["differences"][0]["new"]["value"] == Decimal(70)
    assert parts["milestones"]["added"]["rows"][0][0]["value"] == "Nieuw"
    assert parts["milestones"]["removed"]["rows"][0][0]["value"] == "Vervalt"
    assert "group_members" not in parts


def test_detail_context_hides_the_plan_without_details(running, leader):
    assert plan_selectors.detail_context(running, leader, show_details=False) == {
        "plan_visible": False
    }
    context = plan_selectors.detail_context(running, leader, show_details=True)
    assert context["plan_in_force"].number == 1
    assert context["plan_can_amend"] and not context["plan_can_edit"]


def project_request_text(plan, name):
    return getattr(plan.project.request, name)
