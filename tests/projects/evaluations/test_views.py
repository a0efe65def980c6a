"""The evaluation pages: permission matrix, the form with its facts, conflicts, escaping."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.formats import EVALUATION_INTRODUCTION, EVALUATION_QUESTIONS
from projects.models import ApprovalStatus, Evaluation, Project
from tests.factories import (
    BudgetLineFactory,
    EvaluationFactory,
    IndicatorFactory,
    MeasurementFactory,
    MeetingFactory,
    MilestoneFactory,
    ProjectPlanFactory,
)
from tests.projects.evaluations.scenario import ALL_ANSWERS
from tests.projects.people import ACTORS, actor_for, project_with_people

XSS = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
CIRCLE = {"voorzitter", "regiocoordinator", "dvo_lid", "projectleider", "portefeuillehouder"}
CIRCLE |= {"groepslid"}


def url(name, project):
    return reverse(f"projects:{name}", args=[project.pk])


def expected_status(page: str, actor: str, vertrouwelijk: bool) -> int:
    if vertrouwelijk and actor not in CIRCLE:
        return 404  # a confidential project's evaluation is not even hinted at
    if page == "evaluation":
        return 200
    if page == "evaluation_start":
        return 200 if actor in {"voorzitter", "regiocoordinator", "projectleider"} else 403
    return 200 if actor == "projectleider" else 403  # write and submit


# --- Permission matrix ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("vertrouwelijk", [False, True])
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    "page", ["evaluation", "evaluation_start", "evaluation_edit", "evaluation_submit"]
)
def test_permission_matrix(client, request, page, actor, vertrouwelijk):
    status = "in_uitvoering" if page == "evaluation_start" else "evaluatie"
    project = project_with_people(status=status, vertrouwelijk=vertrouwelijk)
    EvaluationFactory(project=project, **ALL_ANSWERS)
    client.force_login(actor_for(request, project, actor))
    response = client.get(url(page, project))
    assert response.status_code == expected_status(page, actor, vertrouwelijk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page", ["evaluation", "evaluation_start", "evaluation_edit", "evaluation_submit"]
)
def test_anonymous_users_are_sent_to_sign_in(client, page):
    project = project_with_people(status="evaluatie")
    target = url(page, project)
    response = client.get(target)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("login")


@pytest.mark.django_db
def test_unknown_projects_and_missing_evaluations_are_404(client, regiocoordinator):
    client.force_login(regiocoordinator)
    assert client.get(reverse("projects:evaluation", args=[999])).status_code == 404
    project = project_with_people(status="in_uitvoering")
    assert client.get(url("evaluation", project)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_posting_is_refused_like_getting(client, request, actor):
    project = project_with_people(status="evaluatie")
    EvaluationFactory(project=project)
    client.force_login(actor_for(request, project, actor))
    response = client.post(url("evaluation_edit", project), {"q1": "Poging", "version": 1})
    assert response.status_code == (302 if actor == "projectleider" else 403)
    assert (Evaluation.objects.get(project=project).q1 == "Poging") is (actor == "projectleider")


# --- Starting ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_start_asks_first_then_starts(client):
    project = project_with_people(status="in_uitvoering", end_date=datetime.date(2026, 1, 31))
    client.force_login(project.people["projectleider"])
    detail = client.get(project.get_absolute_url()).content.decode()
    assert url("evaluation_start", project) in detail
    page = client.get(url("evaluation_start", project))
    assert page.status_code == 200
    assert "31 januari 2026" in page.content.decode()
    project.refresh_from_db()
    assert project.status == Project.Status.IN_UITVOERING
    response = client.post(url("evaluation_start", project), {"note": "Het werk is af."})
    assert response.status_code == 302
    assert response["Location"] == url("evaluation", project)
    project.refresh_from_db()
    assert project.status == Project.Status.EVALUATIE
    assert Evaluation.objects.filter(project=project).exists()


# --- Writing -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_form_shows_the_questions_verbatim_with_the_facts(client):
    project = project_with_people(status="evaluatie")
    ProjectPlanFactory(
        project=project,
        status="vastgesteld",
        doelstelling="Minder inbraken in Twente.",
        projectresultaat="Een regionale aanpak.",
    )
    indicator = IndicatorFactory(project=project, name="Aangesloten gemeenten", target=14)
    MeasurementFactory(indicator=indicator, value=11, measured_on=datetime.date(2026, 2, 1))
    MilestoneFactory(project=project, name="Kick-off", status="gehaald")
    BudgetLineFactory(project=project, year=2025, planned_amount=12500, realised_amount=10000)
    client.force_login(project.people["projectleider"])
    response = client.get(url("evaluation_edit", project))
    assert response.status_code == 200
    html = response.content.decode()
    assert EVALUATION_INTRODUCTION in html
    for _key, question in EVALUATION_QUESTIONS:
        assert question in html
    assert html.count("<textarea") == 11
    for fact in [
        "Minder inbraken in Twente.",
        "Een regionale aanpak.",
        "Aangesloten gemeenten",
        "1 februari 2026",
        "Kick-off",
        "€ 12.500,00",
        "€ 10.000,00",
        "€ -2.500,00",
    ]:
        assert fact in html, fact


@pytest.mark.django_db
def test_saving_a_draft(client):
    project = project_with_people(status="evaluatie")
    client.force_login(project.people["projectleider"])
    response = client.post(
        url("evaluation_edit", project), {"q1": "Het doel.", "version": 1, "save": "1"}
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(project=project)
    assert (evaluation.q1, evaluation.version, evaluation.status) == ("Het doel.", 2, "concept")


@pytest.mark.django_db
def test_a_conflicting_save_is_refused_and_keeps_the_text(client):
    project = project_with_people(status="evaluatie")
    EvaluationFactory(project=project, q1="Door een ander opgeslagen.", version=5)
    client.force_login(project.people["projectleider"])
    response = client.post(
        url("evaluation_edit", project), {"q1": "Mijn eigen tekst.", "version": 4, "save": "1"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mijn eigen tekst." in html
    assert 'name="version" value="5"' in html
    assert Evaluation.objects.get(project=project).q1 == "Door een ander opgeslagen."
    # Saving again, now knowingly over the newer version, works.
    response = client.post(
        url("evaluation_edit", project), {"q1": "Mijn eigen tekst.", "version": 5, "save": "1"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_save_and_submit_incomplete_shows_errors_per_question_and_writes_nothing(client):
    """A refused submission is refused whole: the typed answers stay in the form only."""
    project = project_with_people(status="evaluatie")
    client.force_login(project.people["projectleider"])
    history_before = Evaluation.history.count()
    data = {**ALL_ANSWERS, "q5": "", "version": 1, "submit": "1"}
    response = client.post(url("evaluation_edit", project), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_q5"' in html
    assert 'href="#id_q4"' not in html
    assert ALL_ANSWERS["q4"] in html  # what was typed is kept
    assert "niets opgeslagen" in html
    assert not Evaluation.objects.filter(project=project).exists()  # nothing saved
    assert Evaluation.history.count() == history_before
    assert 'name="version" value="1"' in html  # the next save is no conflict
    # Saved as a concept, then submitted incomplete: the concept stays as it was.
    client.post(url("evaluation_edit", project), {**ALL_ANSWERS, "q5": "", "version": 1})
    stored = Evaluation.objects.get(project=project)
    history_before = stored.history.count()
    changed = {**ALL_ANSWERS, "q4": "Anders", "q5": "", "version": stored.version, "submit": "1"}
    assert client.post(url("evaluation_edit", project), changed).status_code == 400
    evaluation = Evaluation.objects.get(project=project)
    assert (evaluation.q4, evaluation.version) == (stored.q4, stored.version)
    assert evaluation.history.count() == history_before
    assert evaluation.status == ApprovalStatus.CONCEPT
    project.refresh_from_db()
    assert project.status == Project.Status.EVALUATIE


@pytest.mark.django_db
def test_save_and_submit_complete(
    client, regiocoordinator, mailoutbox, django_capture_on_commit_callbacks
):
    project = project_with_people(status="evaluatie")
    client.force_login(project.people["projectleider"])
    data = {**ALL_ANSWERS, "version": 1, "submit": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("evaluation_edit", project), data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.EVALUATIE_TER_VASTSTELLING
    assert Evaluation.objects.get(project=project).status == ApprovalStatus.TER_VASTSTELLING
    assert [message.to for message in mailoutbox] == [[regiocoordinator.email]]


@pytest.mark.django_db
def test_the_submit_page_lists_what_is_missing(client):
    project = project_with_people(status="evaluatie")
    EvaluationFactory(project=project, **{**ALL_ANSWERS, "q7": ""})
    client.force_login(project.people["projectleider"])
    page = client.get(url("evaluation_submit", project))
    assert page.status_code == 200
    assert dict(EVALUATION_QUESTIONS)["q7"] in page.content.decode()
    response = client.post(url("evaluation_submit", project))
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.status == Project.Status.EVALUATIE


@pytest.mark.django_db
def test_the_submit_page_submits_a_complete_evaluation(client):
    project = project_with_people(status="evaluatie")
    EvaluationFactory(project=project, **ALL_ANSWERS)
    client.force_login(project.people["projectleider"])
    assert client.get(url("evaluation_submit", project)).status_code == 200
    response = client.post(url("evaluation_submit", project))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.EVALUATIE_TER_VASTSTELLING
    # Submitted: no longer writable.
    assert client.get(url("evaluation_edit", project)).status_code == 403


# --- Reading -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_project_page_shows_who_approved_in_which_meeting(client, dvo_lid):
    project = project_with_people(status="afgerond")
    platform = MeetingFactory(body="platform", date=datetime.date(2026, 2, 10))
    dvo = MeetingFactory(body="dvo", date=datetime.date(2026, 3, 5))
    EvaluationFactory(
        project=project,
        status="vastgesteld",
        platform_meeting=platform,
        dvo_meeting=dvo,
        **ALL_ANSWERS,
    )
    client.force_login(dvo_lid)
    html = client.get(project.get_absolute_url()).content.decode()
    assert str(platform) in html and str(dvo) in html
    assert url("evaluation", project) in html
    assert url("evaluation_edit", project) not in html
    page = client.get(url("evaluation", project)).content.decode()
    assert ALL_ANSWERS["q11"] in page and str(dvo) in page


@pytest.mark.django_db
def test_an_outsider_sees_no_evaluation_of_a_confidential_project(client):
    project = project_with_people(status="evaluatie", vertrouwelijk=True)
    EvaluationFactory(project=project, q1="Geheim antwoord")
    client.force_login(project.people["buitenstaander"])
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Geheim antwoord" not in html
    assert url("evaluation", project) not in html


@pytest.mark.django_db
def test_returned_remarks_are_shown_to_the_writer(client, regiocoordinator):
    from projects.models import ProjectEvent

    project = project_with_people(status="evaluatie")
    EvaluationFactory(project=project, **ALL_ANSWERS)
    ProjectEvent.objects.create(
        project=project,
        transition="platform_return_evaluation",
        from_status="evaluatie_ter_vaststelling",
        to_status="evaluatie",
        actor=regiocoordinator,
        meeting=MeetingFactory(body="platform"),
        note="Graag de leermomenten uitwerken.",
    )
    client.force_login(project.people["projectleider"])
    for page in ["evaluation_edit", "evaluation"]:
        html = client.get(url(page, project)).content.decode()
        assert "Graag de leermomenten uitwerken." in html


@pytest.mark.django_db
def test_output_is_escaped(client):
    project = project_with_people(status="evaluatie", title=XSS)
    ProjectPlanFactory(project=project, status="vastgesteld", doelstelling=XSS)
    IndicatorFactory(project=project, name=XSS, unit=XSS)
    MilestoneFactory(project=project, name=XSS)
    EvaluationFactory(project=project, **{key: XSS for key in ALL_ANSWERS})
    client.force_login(project.people["projectleider"])
    for page in ["evaluation", "evaluation_edit", "evaluation_submit"]:
        html = client.get(url(page, project)).content.decode()
        assert XSS not in html, page
        assert ESCAPED in html, page
    html = client.get(url("evaluation_start", project_with_people(title=XSS))).content.decode()
    assert XSS not in html


# --- Query counts --------------------------------------------------------------------------


def _add_facts(project, count):
    for n in range(count):
        indicator = IndicatorFactory(project=project)
        MeasurementFactory(indicator=indicator, measured_on=datetime.date(2025, 1, 1 + n % 28))
        MeasurementFactory(indicator=indicator, measured_on=datetime.date(2026, 1, 1 + n % 28))
        MilestoneFactory(project=project, status="gehaald" if n % 2 else "gepland")
        BudgetLineFactory(project=project, year=2020 + n % 7)


def _queries(client, target):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(target)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["evaluation", "evaluation_edit"])
def test_query_count_does_not_grow_with_the_facts(client, page):
    small, large = (project_with_people(status="evaluatie") for _ in range(2))
    large.projectleider = small.projectleider  # one writer, so both pages are alike
    large.save()
    for project, count in ((small, 1), (large, 15)):
        ProjectPlanFactory(project=project, status="vastgesteld")
        EvaluationFactory(project=project, **ALL_ANSWERS)
        _add_facts(project, count)
    client.force_login(small.projectleider)
    assert _queries(client, url(page, small)) == _queries(client, url(page, large))
