"""The fixtures of the reporting tests: the stand-in report content and the immediate task
backend (tests/reporting/machinery.py), and the year of tests/reporting/annual_scenario.py."""

import pytest

from tests.reporting import machinery
from tests.reporting.annual_scenario import build_projects, build_year

use_test_content, immediate_tasks = machinery.use_test_content, machinery.immediate_tasks


@pytest.fixture
def scenario():
    """The projects of the year 2026 (annual_scenario.Scenario), with its contributions,
    meetings and contribution year built beside them."""
    built = build_projects()
    build_year()
    return built
