"""The projectleider, portefeuillehouder and projects of the plan tests."""

import pytest

from platform_ivz.core.roles import Role
from tests.factories import IndicatorFactory, MilestoneFactory, user_with_role
from tests.projects.plans.scenario import END, START, approved_plan, make_project


@pytest.fixture
def leader(db):
    return user_with_role(Role.PLATFORMLID, "Hengelo", username="t_leider")


@pytest.fixture
def holder(db):
    return user_with_role(Role.DVO_LID, "Enschede", username="t_houder")


@pytest.fixture
def project(leader, holder):
    return make_project(leader, holder)


@pytest.fixture
def running(leader, holder):
    """A running project whose version 1 was approved by both bodies (3 February and 10 March
    2026); `running.indicator` is its indicator."""
    project = make_project(leader, holder, status="in_uitvoering")
    project.start_date, project.end_date = START, END
    project.save()
    project.indicator = IndicatorFactory(project=project, name="Aantal woninginbraken", target=90)
    MilestoneFactory(project=project, name="Startbijeenkomst", planned_date=START)
    approved_plan(project, leader)
    return project
