import datetime
import os
import random
from pathlib import Path

import pytest
import time_machine
from hypothesis import settings as hypothesis_settings
from hypothesis.database import DirectoryBasedExampleDatabase

from platform_ivz.core.roles import Role
from tests.factories import user_with_role

# Fuzzing (tests/security/test_fuzz_forms.py) stays random, but every failure can be
# repeated. Hypothesis prints the failing example and a @reproduce_failure blob. Locally,
# the examples that failed are kept in .hypothesis/examples and tried first on the next run.
# In CI (CI set) the fresh clone keeps nothing, so the run takes a seed of its own, prints it
# in the header and the summary (repeat with --hypothesis-seed=N), and the example counts
# are fixed and larger (tests/security/test_fuzz_forms.py). A forced seed switches
# hypothesis' example store off, hence not both everywhere.
hypothesis_settings.register_profile(
    "local",
    print_blob=True,
    database=DirectoryBasedExampleDatabase(
        Path(__file__).parent.parent / ".hypothesis" / "examples"
    ),
)
hypothesis_settings.register_profile("ci", print_blob=True, database=None)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    # Tests run without `collectstatic`; WhiteNoise only warns that STATIC_ROOT is missing.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")
    in_ci = bool(os.environ.get("CI"))
    hypothesis_settings.load_profile("ci" if in_ci else "local")
    # Before hypothesis' own plugin reads the option (tryfirst), so the seed can be printed.
    if in_ci and config.getoption("hypothesis_seed", None) is None:
        config.option.hypothesis_seed = str(random.SystemRandom().randrange(2**32))


def _seed_line(config) -> str:
    seed = config.getoption("hypothesis_seed", None)
    if seed is None:
        return "hypothesis: failing examples are kept in .hypothesis/examples and tried first"
    return f"hypothesis seed: {seed} (repeat this run's examples with --hypothesis-seed={seed})"


def pytest_report_header(config):
    return _seed_line(config)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if exitstatus not in (0, 5):
        terminalreporter.write_line(_seed_line(config))


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


@pytest.fixture
def gemeentesecretaris(db):
    """The coördinerend gemeentesecretaris IVZ (seed §7): reads what a DVO member reads."""
    return user_with_role(Role.GEMEENTESECRETARIS, "Twenterand", username="t_gemeentesecretaris")


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
