"""Two people press the same button at the same moment: exactly one wins, the other is refused
(in Dutch, on the page) and nothing happens twice.

Each call runs in its own thread with its own database connection. Every locked read
(SELECT ... FOR UPDATE) is made to hold its lock a little longer, so the second caller really
waits for the first; without the row locks in the services these tests record two decisions.
Real row locks need PostgreSQL; on SQLite the file is skipped.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contributions import services as contribution_services
from contributions.models import IncomeLine
from intake import services as intake_services
from intake.formats import CRITERIA
from intake.models import CriterionAssessment, ProjectRequest
from platform_ivz.core.models import Meeting, User
from platform_ivz.core.workflow import StaleTransition
from platform_ivz.site import demo
from projects import services as project_services
from projects.evaluations import services as evaluation_services
from projects.meetings import services as meeting_services
from projects.meetings.services import AlreadyDecided
from projects.models import (
    AgendaItem,
    Evaluation,
    ProgressReport,
    Project,
    ProjectEvent,
    ProjectPlan,
)
from projects.plans import services as plan_services
from projects.progress import services as progress_services
from tests.security.html_forms import main_form
from tests.threads import at_once, locks_held_longer, one_wins  # noqa: F401 - autouse fixture

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs row locks (SELECT ... FOR UPDATE)"
    ),
]

# Loading the demo world takes seconds and a transactional test must load it anew, so each
# test below plays several races, each on objects of its own.


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo.load()


def user(username: str) -> User:
    return User.objects.get(username=username)


# --- Transitions ----------------------------------------------------------------------------


def submitted_request() -> ProjectRequest:
    """A request waiting for screening, each call another one."""
    request = ProjectRequest.objects.filter(status="ingediend").order_by("pk").first()
    if request is None:
        request = ProjectRequest.objects.filter(status="aanvulling_gevraagd").first()
        ProjectRequest.objects.filter(pk=request.pk).update(status="ingediend")
        request.refresh_from_db()
    # Taken: the next caller gets the next one.
    ProjectRequest.objects.filter(pk=request.pk).update(title=f"{request.title} (race)")
    # Scored, so that a decision has its grounds (a rejection needs every criterion too).
    for criterion, _label in CRITERIA:
        CriterionAssessment.objects.update_or_create(
            request=request,
            criterion=criterion,
            defaults={"met": True, "assessed_by": user("voorzitter")},
        )
    return request


def race_two_reviewers_deciding_one_request_at_once_decide_it_once():
    request = submitted_request()
    outcomes = at_once(
        lambda: intake_services.decide_request(
            request=request, actor=user("voorzitter"), approve=False, motivation="Nee."
        ),
        lambda: intake_services.request_information(
            request=request, actor=user("regiocoordinator"), note="Graag meer."
        ),
    )
    winner, _loser = one_wins(outcomes, StaleTransition)
    request.refresh_from_db()
    assert request.status == winner.status
    assert request.events.filter(transition__in=["reject", "request_information"]).count() == 1


def race_withdrawing_while_a_reviewer_rejects_does_one_of_both():
    request = submitted_request()
    outcomes = at_once(
        lambda: intake_services.withdraw_request(request=request, actor=request.indiener),
        lambda: intake_services.decide_request(
            request=request, actor=user("voorzitter"), approve=False, motivation="Nee."
        ),
    )
    winner, _loser = one_wins(outcomes, StaleTransition)
    request.refresh_from_db()
    assert request.status == winner.status in ("ingetrokken", "afgewezen")
    assert request.events.filter(transition__in=["withdraw", "reject"]).count() == 1


def race_two_reviewers_on_the_screening_page_at_once_one_sees_the_dutch_refusal():
    request = submitted_request()
    url = reverse("intake:screen", args=[request.pk])
    clients = []
    for username in ("voorzitter", "regiocoordinator"):
        client = Client()
        client.force_login(user(username))
        clients.append(client)
    forms = [main_form(client.get(url).content.decode()) for client in clients]
    criteria = {name: "yes" for name in forms[0].names if name.endswith("_met")}
    outcomes = at_once(
        lambda: clients[0].post(
            url,
            forms[0].data(("action", "approve"), motivation="Akkoord.", confirmed="1", **criteria),
        ),
        lambda: clients[1].post(
            url, forms[1].data(("action", "reject"), motivation="Nee.", confirmed="1", **criteria)
        ),
    )
    responses = sorted((result for _kind, result in outcomes), key=lambda r: r.status_code)
    assert [r.status_code for r in responses] == [302, 403], outcomes
    assert "Iemand anders was u voor" in responses[1].content.decode()
    request.refresh_from_db()
    assert request.events.filter(transition__in=["approve", "reject"]).count() == 1
    assert Project.objects.filter(request=request).count() == (request.status == "goedgekeurd")


def complete_report() -> ProgressReport:
    """A concept report of a running project, filled in; each call another one."""
    report = (
        ProgressReport.objects.filter(status="concept", project__status="in_uitvoering")
        .exclude(progress_content="Op koers.")
        .order_by("pk")
        .first()
    )
    ProgressReport.objects.filter(pk=report.pk).update(
        status_overall="op_koers",
        status_time="op_koers",
        status_money="op_koers",
        status_scope="op_koers",
        progress_content="Op koers.",
        progress_process="Goed.",
        risks="Geen.",
    )
    report.refresh_from_db()
    return report


def race_a_double_click_submits_a_progress_report_once():
    report = complete_report()
    leader = report.project.projectleider
    outcomes = at_once(
        lambda: progress_services.submit_report(report=report, actor=leader),
        lambda: progress_services.submit_report(report=report, actor=leader),
    )
    one_wins(outcomes, StaleTransition)
    report.refresh_from_db()
    assert report.status == "ingediend"
    assert report.history.filter(status="ingediend").count() == 1


def race_two_reviewers_acknowledging_a_report_at_once_acknowledge_it_once():
    report = complete_report()
    ProgressReport.objects.filter(pk=report.pk).update(status="ingediend")
    report.refresh_from_db()
    outcomes = at_once(
        lambda: progress_services.acknowledge_report(report=report, actor=user("voorzitter")),
        lambda: progress_services.acknowledge_report(report=report, actor=user("regiocoordinator")),
    )
    winner, _loser = one_wins(outcomes, StaleTransition)
    report.refresh_from_db()
    assert report.status == "besproken"
    assert report.discussed_by_id == winner.discussed_by_id


def race_starting_the_evaluation_twice_at_once_starts_it_once():
    project = Project.objects.filter(status="in_uitvoering").first()
    outcomes = at_once(
        lambda: evaluation_services.start_evaluation(project=project, actor=user("voorzitter")),
        lambda: evaluation_services.start_evaluation(
            project=project, actor=user("regiocoordinator")
        ),
    )
    one_wins(outcomes, StaleTransition)
    assert ProjectEvent.objects.filter(project=project, transition="start_evaluation").count() == 1
    assert Evaluation.objects.filter(project=project).count() == 1


def race_a_double_click_submits_an_evaluation_once():
    project = Project.objects.get(status="evaluatie")
    answers = {f"q{number}": "Beantwoord." for number in range(1, 12)}
    Evaluation.objects.filter(project=project).update(**answers)
    leader = project.projectleider
    outcomes = at_once(
        lambda: evaluation_services.submit_evaluation(project=project, actor=leader),
        lambda: evaluation_services.submit_evaluation(project=project, actor=leader),
    )
    one_wins(outcomes, StaleTransition)
    project.refresh_from_db()
    assert project.status == "evaluatie_ter_vaststelling"
    assert ProjectEvent.objects.filter(project=project, transition="submit_evaluation").count() == 1


def race_proposing_two_amendments_at_once_opens_one_version():
    project = Project.objects.filter(status="in_uitvoering").first()
    leader = project.projectleider
    before = ProjectPlan.objects.filter(project=project).count()
    outcomes = at_once(
        lambda: plan_services.propose_amendment(
            project=project, actor=leader, change_summary="Meer gemeenten."
        ),
        lambda: plan_services.propose_amendment(
            project=project, actor=leader, change_summary="Langere looptijd."
        ),
    )
    one_wins(outcomes, ValidationError)
    assert ProjectPlan.objects.filter(project=project).count() == before + 1


def race_two_decisions_on_a_plan_at_once_approve_or_return_it_once():
    plan = ProjectPlan.objects.get(status="ter_vaststelling", number=1)
    meeting = Meeting.objects.filter(body="platform").order_by("-date").first()
    item = meeting_services.add_agenda_item(meeting=meeting, actor=user("voorzitter"), plan=plan)
    Meeting.objects.filter(pk=meeting.pk).update(date=timezone.localdate())
    outcomes = at_once(
        lambda: meeting_services.record_decision(
            item=item, actor=user("voorzitter"), decision="vastgesteld"
        ),
        lambda: meeting_services.record_decision(
            item=item, actor=user("regiocoordinator"), decision="terug", remarks="Nog niet."
        ),
    )
    winner, _loser = one_wins(outcomes, AlreadyDecided)
    item = AgendaItem.objects.get(pk=item.pk)
    plan.refresh_from_db()
    assert item.decision == winner.decision
    if winner.decision == "vastgesteld":
        assert plan.status == "ambtelijk_vastgesteld"
    else:
        # A returned version stays as it was; its rework is the one new concept version.
        assert plan.status == "teruggestuurd"
        assert ProjectPlan.objects.filter(returned_from=plan, status="concept").count() == 1
    assert ProjectEvent.objects.filter(project=plan.project, meeting=meeting).count() == 1


# --- Saves of the same version at once ----------------------------------------------------------


def race_two_saves_of_one_request_at_once_keep_one():
    request = ProjectRequest.objects.get(status="concept")
    author = request.indiener
    gemeenten = list(request.gemeenten.all())

    def save(title):
        return lambda: intake_services.update_request(
            request=request,
            actor=author,
            data={"title": title},
            gemeenten=gemeenten,
            expected_version=request.version,
        )

    winner, _loser = one_wins(at_once(save("Eerste"), save("Tweede")), intake_services.EditConflict)
    request.refresh_from_db()
    assert request.title == winner.title
    assert request.version == winner.version


def race_two_assignments_at_once_keep_one():
    project = Project.objects.get(status="te_bemensen")

    def assign(actor, leader):
        return lambda: project_services.assign_people(
            project=project,
            actor=user(actor),
            projectleider=user(leader),
            expected_version=project.version,
        )

    winner, _loser = one_wins(
        at_once(assign("voorzitter", "borne"), assign("regiocoordinator", "almelo")),
        project_services.EditConflict,
    )
    project.refresh_from_db()
    assert project.projectleider_id == winner.projectleider_id


def race_two_saves_of_an_income_line_at_once_keep_one():
    line = IncomeLine.objects.order_by("-settings__year").first()

    def save(actor, amount):
        return lambda: contribution_services.save_income_line(
            settings=line.settings,
            actor=user(actor),
            kind=line.kind,
            description=line.description,
            amount=Decimal(amount),
            line=line,
            expected_version=line.version,
        )

    winner, _loser = one_wins(
        at_once(save("regiocoordinator", "1111.00"), save("beheerder", "2222.00")),
        contribution_services.EditConflict,
    )
    line.refresh_from_db()
    assert line.amount == winner.amount


# --- The tests ----------------------------------------------------------------------------


def test_intake_races(world):
    race_two_reviewers_deciding_one_request_at_once_decide_it_once()
    race_withdrawing_while_a_reviewer_rejects_does_one_of_both()
    race_two_reviewers_on_the_screening_page_at_once_one_sees_the_dutch_refusal()
    race_two_saves_of_one_request_at_once_keep_one()


def test_project_races(world):
    race_two_assignments_at_once_keep_one()
    race_a_double_click_submits_a_progress_report_once()
    race_two_reviewers_acknowledging_a_report_at_once_acknowledge_it_once()
    # The amendment first: starting the evaluation ends the running project's plan changes.
    race_proposing_two_amendments_at_once_opens_one_version()
    race_a_double_click_submits_an_evaluation_once()
    race_starting_the_evaluation_twice_at_once_starts_it_once()
    race_two_decisions_on_a_plan_at_once_approve_or_return_it_once()
    race_two_saves_of_an_income_line_at_once_keep_one()
