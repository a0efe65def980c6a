"""The projectleider, portefeuillehouder and project of the plan tests."""

import pytest

from platform_ivz.core.roles import Role
from tests.factories import user_with_role
from tests.projects.plans.scenario import make_project


@pytest.fixture
def leader(db):
    return user_with_role(Role.PLATFORMLID, "Hengelo", username="t_leider")


@pytest.fixture
def holder(db):
    return user_with_role(Role.DVO_LID, "Enschede", username="t_houder")


@pytest.fixture
def project(leader, holder):
    return make_project(leader, holder)
