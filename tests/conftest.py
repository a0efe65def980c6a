import datetime

import pytest
import time_machine

from platform_ivz.core.roles import Role
from tests.factories import user_with_role


def pytest_configure(config):
    # Tests run without `collectstatic`; WhiteNoise only warns that STATIC_ROOT is missing.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The production hasher is slow on purpose; tests sign in and create users all the time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


ROLE_FIXTURES = ["voorzitter", "regiocoordinator", "platformlid", "dvo_lid", "beheerder"]


@pytest.fixture(params=ROLE_FIXTURES)
def any_role_user(request):
    """One user per global role; a test using it runs once for each role."""
    return request.getfixturevalue(request.param)


@pytest.fixture
def frozen_time():
    """Time stands still at a fixed instant until the test moves it with `.shift()`."""
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        yield traveller
