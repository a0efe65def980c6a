"""Numbers and dates that make sense (issue 14, point 3), on the model, in the database, on the
plan page and in the plan service.

Hours per week from 0 to 40; amounts not negative; a budget year written in full and within
the project's years; milestones, memberships and indicator target dates within the project's
period (a target date after the end is allowed, with a warning). Every message in Dutch next
to its field, formset rows too ("…, rij 1: …"), with what was typed kept.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from projects.models import BudgetLine, GroupMember, Indicator, Milestone
from projects.plans import services as plan_services
from projects.plans.services import RowChange
from tests.factories import BudgetLineFactory, GroupMemberFactory, MilestoneFactory
from tests.projects.plans.scenario import edit_url, page_data

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 4, 1)
END = datetime.date(2027, 3, 31)


@pytest.fixture
def dated(project):
    project.start_date, project.end_date = START, END
    project.save()
    return project


def post(client, project, leader, **fields):
    client.force_login(leader)
    data = page_data(client, project)
    data.update(fields)
    return client.post(edit_url(project), data)


# --- The model: validators and constraints ----------------------------------------------------


@pytest.mark.parametrize("hours", ["-40", "40.5", "168"])
def test_hours_outside_0_to_40_are_refused_in_dutch(dated, hours):
    member = GroupMember(project=dated, name="Jan", hours_per_week=Decimal(hours), start_date=START)
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        member.full_clean(exclude=["project", "user", "organisation"])
    assert refused.value.message_dict["hours_per_week"] == [
        "Vul het aantal uren per week in als een getal van 0 tot en met 40."
    ]


@pytest.mark.parametrize("hours", ["0", "0.5", "40"])
def test_hours_from_0_to_40_are_fine(dated, hours):
    member = GroupMember(project=dated, name="Jan", hours_per_week=Decimal(hours), start_date=START)
    member.full_clean(exclude=["project", "user", "organisation"])


def test_a_negative_amount_and_a_two_digit_year_are_refused(dated):
    line = BudgetLineFactory.build(project=dated, year=27, planned_amount=Decimal("-5000"))
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        line.full_clean(exclude=["project"])
    assert refused.value.message_dict == {
        "year": ["Vul het jaar voluit in, bijvoorbeeld 2027."],
        "planned_amount": ["Een bedrag kan niet negatief zijn."],
    }


@pytest.mark.parametrize(
    ("model", "factory", "change"),
    [
        (GroupMember, GroupMemberFactory, {"hours_per_week": -40}),
        (GroupMember, GroupMemberFactory, {"hours_per_week": 41}),
        (BudgetLine, BudgetLineFactory, {"planned_amount": -1}),
        (BudgetLine, BudgetLineFactory, {"realised_amount": -1}),
        (BudgetLine, BudgetLineFactory, {"year": 27}),
    ],
)
def test_the_database_refuses_what_the_validators_refuse(dated, model, factory, change):
    row = factory(project=dated)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**change)


def test_the_period_rules(dated):
    with translation.override("nl"):
        assert Milestone(planned_date=datetime.date(2027, 6, 1)).period_errors(START, END) == {
            "planned_date": "Plan de mijlpaal binnen de looptijd van het project "
            "(1 april 2026 – 31 maart 2027)."
        }
        assert Milestone(planned_date=START).period_errors(START, END) == {}
        member = GroupMember(
            start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2028, 1, 1)
        )
        assert set(member.period_errors(START, END)) == {"start_date", "end_date"}
        assert BudgetLine(year=2028).period_errors(START, END) == {
            "year": "Kies een jaar waarin het project loopt (2026–2027)."
        }
        assert BudgetLine(year=2027).period_errors(START, END) == {}
        late = Indicator(name="Inbraken", target_date=datetime.date(2028, 1, 1))
        assert late.period_errors(START, END) == {}
        assert "ligt na de einddatum van het project" in late.period_warnings(START, END)[0]
        early = Indicator(name="Inbraken", target_date=datetime.date(2026, 1, 1))
        assert "target_date" in early.period_errors(START, END)
        # Without the project's dates there is nothing to check against.
        assert BudgetLine(year=2030).period_errors(None, None) == {}


# --- The plan page: next to the field, with what was typed kept -------------------------------


def test_negative_hours_are_shown_next_to_the_row_field_with_the_value_kept(client, dated, leader):
    response = post(
        client,
        dated,
        leader,
        **{
            "aanleiding": "Tekst die blijft",
            "group_members-0-name": "Jan Jansen",
            "group_members-0-organisation": str(leader.organisation_id),
            "group_members-0-hours_per_week": "-40",
            "group_members-0-start_date": "2026-04-01",
        },
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Vul het aantal uren per week in als een getal van 0 tot en met 40." in content
    assert 'value="-40"' in content and "Tekst die blijft" in content
    assert 'href="#id_group_members-0-hours_per_week"' in content
    assert ", rij 1: " in content and ", row 1" not in content
    assert not GroupMember.objects.filter(name="Jan Jansen").exists()


def test_a_budget_year_outside_the_project_is_refused(client, dated, leader):
    response = post(
        client,
        dated,
        leader,
        **{
            "budget_lines-0-description": "Inhuur",
            "budget_lines-0-funding_source": "platform",
            "budget_lines-0-year": "2030",
            "budget_lines-0-planned_amount": "5000",
        },
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Kies een jaar waarin het project loopt (2026–2027)." in content
    assert 'value="2030"' in content
    assert not BudgetLine.objects.exists()


def test_a_milestone_outside_the_period_typed_with_new_dates_is_judged_by_those(
    client, dated, leader
):
    # The end date moves to 2028 on the same page: a milestone in 2027-12 now fits.
    response = post(
        client,
        dated,
        leader,
        **{
            "project-end_date": "2028-03-31",
            "milestones-0-name": "Tussenevaluatie",
            "milestones-0-planned_date": "2027-12-01",
            "milestones-0-status": "gepland",
        },
    )
    assert response.status_code == 302
    assert Milestone.objects.get().planned_date == datetime.date(2027, 12, 1)


def test_moving_the_end_date_before_a_milestone_is_refused_on_that_row(client, dated, leader):
    MilestoneFactory(project=dated, name="Slot", planned_date=datetime.date(2027, 3, 1))
    response = post(client, dated, leader, **{"project-end_date": "2026-12-31"})
    content = response.content.decode()
    assert response.status_code == 400
    assert "Plan de mijlpaal binnen de looptijd van het project" in content
    dated.refresh_from_db()
    assert dated.end_date == END


def test_a_target_date_after_the_end_is_saved_with_a_warning(client, dated, leader):
    client.force_login(leader)
    data = page_data(client, dated)
    data.update(
        {
            "indicators-0-name": "Minder recidive",
            "indicators-0-target": "10",
            "indicators-0-target_date": "2028-01-01",
        }
    )
    response = client.post(edit_url(dated), data, follow=True)
    assert response.status_code == 200
    assert Indicator.objects.get().target_date == datetime.date(2028, 1, 1)
    texts = [str(m) for m in response.context["messages"]]
    assert any("ligt na de einddatum van het project" in text for text in texts)


# --- The service: the same rule for any other caller ------------------------------------------


def test_the_service_refuses_a_row_outside_the_period(dated, leader):
    with pytest.raises(ValidationError):
        plan_services.save_plan(
            project=dated,
            actor=leader,
            expected_version=0,
            text={},
            start_date=START,
            end_date=END,
            rows={
                "milestones": [
                    RowChange(
                        data={
                            "name": "Te laat",
                            "planned_date": datetime.date(2028, 1, 1),
                            "status": "gepland",
                        }
                    )
                ]
            },
        )
    assert not Milestone.objects.exists()


def test_the_service_refuses_negative_hours(dated, leader):
    with pytest.raises(ValidationError):
        plan_services.save_plan(
            project=dated,
            actor=leader,
            expected_version=0,
            text={},
            start_date=START,
            end_date=END,
            rows={
                "group_members": [
                    RowChange(
                        data={
                            "name": "Jan",
                            "organisation": leader.organisation,
                            "function": "deelnemer",
                            "hours_per_week": Decimal("-40"),
                            "start_date": START,
                        }
                    )
                ]
            },
        )
    assert not GroupMember.objects.filter(name="Jan").exists()


def test_the_plan_page_prints_the_budget_year_plainly(client, dated, leader):
    BudgetLineFactory(project=dated, year=2027)
    client.force_login(leader)
    plan_services.get_or_create_draft_plan(project=dated, actor=leader)
    response = client.get(reverse("projects:plan_detail", args=[dated.pk, 1]))
    content = response.content.decode()
    assert "2027" in content and "2.027" not in content
