"""The meeting tests share the people of tests/projects/meetings/scenario.py."""

from tests.projects.meetings.scenario import people  # noqa: F401 - the fixture of this folder
