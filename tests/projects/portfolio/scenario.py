"""The people who may see a vertrouwelijk project, and such a project, for the portfolio tests."""

import datetime

from projects.models import Project
from tests.factories import MilestoneFactory, ProgressReportFactory
from tests.projects.people import project_with_people

D = datetime.date
# Who sees a vertrouwelijk project in the portfolio.
CIRCLE = {
    "voorzitter",
    "regiocoordinator",
    "dvo_lid",
    "projectleider",
    "portefeuillehouder",
    "groepslid",
}


def confidential_project(**kwargs) -> Project:
    """A vertrouwelijk project with every detail filled in that could leak."""
    project = project_with_people(
        status="in_uitvoering",
        vertrouwelijk=True,
        title="Geheim project",
        theme=Project.Theme.ONDERMIJNING,
        start_date=D(2024, 2, 1),
        end_date=D(2027, 11, 30),
        **kwargs,
    )
    ProgressReportFactory(project=project, status="ingediend", status_overall="knelpunt")
    MilestoneFactory(project=project, name="Geheime mijlpaal", planned_date=D(2025, 4, 1))
    return project
