"""The people around a project, shared by the tests of every projects area."""

from projects.models import Project
from tests.factories import ProjectFactory

# Who acts in the per-role tests: the project's own people (see project_with_people) and the
# role fixtures of tests/conftest.py.
ACTORS = [
    "voorzitter",
    "regiocoordinator",
    "platformlid",
    "dvo_lid",
    "beheerder",
    "projectleider",
    "portefeuillehouder",
    "groepslid",
    "buitenstaander",
]


def project_with_people(status="in_uitvoering", vertrouwelijk=False, **kwargs) -> Project:
    """A running project with its people in `project.people` (ProjectFactory.with_people)."""
    return ProjectFactory.with_people(status, vertrouwelijk, **kwargs)


def actor_for(request, project, name):
    """The project's own person called `name`, or else the role fixture of that name."""
    if name in project.people:
        return project.people[name]
    return request.getfixturevalue(name)
