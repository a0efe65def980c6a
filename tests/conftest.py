import pytest

from platform_ivz.core.roles import Role
from tests.factories import user_with_role


@pytest.fixture
def voorzitter(db):
    return user_with_role(Role.VOORZITTER, "Almelo", username="t_voorzitter")


@pytest.fixture
def regiocoordinator(db):
    return user_with_role(Role.REGIOCOORDINATOR, "Enschede", username="t_regiocoordinator")


@pytest.fixture
def platformlid(db):
    return user_with_role(Role.PLATFORMLID, "Hengelo", username="t_platformlid")


@pytest.fixture
def dvo_lid(db):
    return user_with_role(Role.DVO_LID, "Enschede", username="t_dvo")


@pytest.fixture
def beheerder(db):
    return user_with_role(Role.BEHEERDER, "Borne", username="t_beheerder")
