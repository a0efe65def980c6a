"""Building blocks for the meeting tests: the people around a project, and documents in any
status, built directly (the plan editor and the evaluation form are other areas)."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from platform_ivz.core.roles import Role
from tests.factories import (
    AgendaItemFactory,
    BeslispuntFactory,
    EvaluationFactory,
    MeetingFactory,
    ProjectFactory,
    ProjectPlanFactory,
    UserFactory,
    user_with_role,
)

DOCUMENT_STATUSES = ["concept", "ter_vaststelling", "ambtelijk_vastgesteld", "vastgesteld"]
# Where a project stands while its plan version 1 or its evaluation has a document status.
PLAN_PROJECT_STATUS = {
    "concept": "in_voorbereiding",
    "ter_vaststelling": "ter_vaststelling",
    "ambtelijk_vastgesteld": "ambtelijk_vastgesteld",
    "vastgesteld": "in_uitvoering",
}
EVALUATION_PROJECT_STATUS = {
    "concept": "evaluatie",
    "ter_vaststelling": "evaluatie_ter_vaststelling",
    "ambtelijk_vastgesteld": "evaluatie_ambtelijk_vastgesteld",
    "vastgesteld": "afgerond",
}
# Everyone the permission tests ask: the five roles and the people of one project.
EVERYONE = [
    "voorzitter",
    "regiocoordinator",
    "platformlid",
    "dvo_lid",
    "beheerder",
    "projectleider",
    "portefeuillehouder",
    "member",
    "outsider",
]


@dataclass
class People:
    voorzitter: object
    regiocoordinator: object
    platformlid: object
    dvo_lid: object
    beheerder: object
    projectleider: object
    portefeuillehouder: object
    member: object
    outsider: object
    indiener: object

    def __getitem__(self, name):
        return getattr(self, name)


@pytest.fixture
def people(voorzitter, regiocoordinator, platformlid, dvo_lid, beheerder):
    return People(
        voorzitter=voorzitter,
        regiocoordinator=regiocoordinator,
        platformlid=platformlid,
        dvo_lid=dvo_lid,
        beheerder=beheerder,
        projectleider=user_with_role(Role.PLATFORMLID, "Oldenzaal", username="t_projectleider"),
        portefeuillehouder=user_with_role(Role.DVO_LID, "Wierden", username="t_portefeuille"),
        member=user_with_role(Role.PLATFORMLID, "Dinkelland", username="t_groepslid"),
        outsider=user_with_role(Role.PLATFORMLID, "Losser", username="t_buitenstaander"),
        # The requesting organisation (Tubbergen) sees a confidential project; nobody above
        # belongs to it.
        indiener=user_with_role(Role.PLATFORMLID, "Tubbergen", username="t_indiener"),
    )


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


def make_project(people: People, status: str, *, vertrouwelijk=False, title=None):
    extra = {"request__title": title} if title else {}
    return ProjectFactory(
        status=status,
        projectleider=people.projectleider,
        portefeuillehouder=people.portefeuillehouder,
        confidential=vertrouwelijk,
        request__indiener=people.indiener,
        members=[people.member],
        **extra,
    )


def make_document(people: People, kind: str, status: str, *, vertrouwelijk=False, title=None):
    """A plan version 1, an amendment (version 2 of a running project), an evaluation or a
    beslispunt in `status`, with its project where that status puts it."""
    if kind == "plan":
        project = make_project(
            people, PLAN_PROJECT_STATUS[status], vertrouwelijk=vertrouwelijk, title=title
        )
        return ProjectPlanFactory(
            project=project, number=1, status=status, created_by=people.projectleider
        )
    if kind == "amendment":
        project = make_project(people, "in_uitvoering", vertrouwelijk=vertrouwelijk, title=title)
        ProjectPlanFactory(
            project=project, number=1, status="vastgesteld", created_by=people.projectleider
        )
        return ProjectPlanFactory(
            project=project,
            number=2,
            status=status,
            change_summary="Een extra gemeente doet mee.",
            created_by=people.projectleider,
        )
    if kind == "evaluation":
        project = make_project(
            people, EVALUATION_PROJECT_STATUS[status], vertrouwelijk=vertrouwelijk, title=title
        )
        return EvaluationFactory(project=project, status=status)
    if kind == "beslispunt":
        project = make_project(people, "in_uitvoering", vertrouwelijk=vertrouwelijk, title=title)
        beslispunt = BeslispuntFactory(
            project=project, status=status, raised_by=people.portefeuillehouder
        )
        # Raised well before the meetings the tests hold (yesterday, tomorrow).
        raised = timezone.now() - datetime.timedelta(days=30)
        type(beslispunt).objects.filter(pk=beslispunt.pk).update(created_at=raised)
        beslispunt.created_at = raised
        return beslispunt
    raise ValueError(kind)


def put_on_agenda(meeting, document, kind: str, **extra):
    field = {"plan": "plan", "amendment": "plan"}.get(kind, kind)
    return AgendaItemFactory(
        meeting=meeting, project=document.project, kind=kind, **{field: document}, **extra
    )


def meeting(body="platform", date=None, **extra):
    return MeetingFactory(body=body, date=date or yesterday(), **extra)


def reviewer_without_organisation():
    return UserFactory(roles=[Role.REGIOCOORDINATOR], organisation=None)
