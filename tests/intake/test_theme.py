"""The speerpunt (theme): proposed by the indiener, confirmed or changed at approval, given to
the project, and changed later by the reviewers, in the history (issue 14, point 1)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from intake import services
from intake.formats import CRITERIA
from intake.models import ProjectRequest
from platform_ivz.core.reference import Theme
from projects import services as project_services
from projects.models import Project, ProjectEvent
from tests.intake.scenario import dutch, first_gemeenten, form_data, request_in_status

pytestmark = pytest.mark.django_db

Status = ProjectRequest.Status


def test_project_theme_is_the_shared_list():
    """Moved below both apps; Project.Theme stays, so every other use keeps working."""
    assert Project.Theme is Theme
    assert Project._meta.get_field("theme").choices == list(Theme.choices)
    assert ProjectRequest._meta.get_field("theme").choices == list(Theme.choices)


def test_the_indiener_proposes_a_theme_on_the_form(actors, client):
    client.force_login(actors["indiener"])
    data = form_data(gemeenten=first_gemeenten(3), theme="ondermijning")
    response = client.post(reverse("intake:create"), {**data, "submit": "1"})
    assert response.status_code == 302
    request = ProjectRequest.objects.get()
    assert (request.status, request.theme) == (Status.INGEDIEND, "ondermijning")
    html = client.get(request.get_absolute_url()).content.decode()
    assert dutch("Proposed theme") in html and "Ondermijning" in html


def test_a_theme_is_required_to_submit_but_not_for_a_draft(actors, client):
    client.force_login(actors["indiener"])
    data = form_data(gemeenten=first_gemeenten(3), theme="")
    response = client.post(reverse("intake:create"), {**data, "submit": "1"})
    assert response.status_code == 400
    assert "theme" in response.context["form"].errors
    assert not ProjectRequest.objects.exists()
    response = client.post(reverse("intake:create"), {**data, "save": "1"})
    assert response.status_code == 302
    assert ProjectRequest.objects.get().theme == ""


def test_an_unknown_theme_is_refused_by_the_form(actors, client):
    client.force_login(actors["indiener"])
    data = form_data(gemeenten=first_gemeenten(3), theme="iets_anders")
    response = client.post(reverse("intake:create"), {**data, "save": "1"})
    assert response.status_code == 400
    assert "theme" in response.context["form"].errors


def scored(request, reviewer):
    services.save_screening(
        request=request,
        actor=reviewer,
        assessments={key: (True, "") for key, _label in CRITERIA},
    )


def test_approval_keeps_the_proposed_theme_for_the_project(actors):
    request = request_in_status(
        Status.GOEDGEKEURD,
        indiener=actors["indiener"],
        reviewer=actors["voorzitter"],
        theme="verwarde_personen",
    )
    assert Project.objects.get(request=request).theme == "verwarde_personen"


def test_the_reviewer_changes_the_theme_at_approval(actors):
    request = request_in_status(
        Status.INGEDIEND, indiener=actors["indiener"], reviewer=actors["voorzitter"]
    )
    assert request.theme == "woninginbraken"
    scored(request, actors["regiocoordinator"])
    services.decide_request(
        request=request,
        actor=actors["regiocoordinator"],
        approve=True,
        motivation="Past beter bij informatievoorziening.",
        theme="informatievoorziening",
    )
    request.refresh_from_db()
    assert request.theme == "informatievoorziening"
    assert Project.objects.get(request=request).theme == "informatievoorziening"
    # The change is the reviewer's, in the request's history.
    latest = request.history.first()
    assert (latest.theme, latest.history_user) == (
        "informatievoorziening",
        actors["regiocoordinator"],
    )


def test_approval_without_any_theme_is_refused(actors):
    request = request_in_status(
        Status.INGEDIEND, indiener=actors["indiener"], reviewer=actors["voorzitter"]
    )
    ProjectRequest.objects.filter(pk=request.pk).update(theme="")
    request.refresh_from_db()
    scored(request, actors["voorzitter"])
    with pytest.raises(ValidationError) as refused, translation.override("nl"):
        services.decide_request(
            request=request, actor=actors["voorzitter"], approve=True, motivation="Akkoord."
        )
    expected = dutch("Choose the theme the project belongs to.")
    assert refused.value.message_dict == {"theme": [expected]}
    request.refresh_from_db()
    assert request.status == Status.INGEDIEND
    assert not Project.objects.exists()


def test_the_screening_page_offers_the_proposal_and_the_project_gets_the_choice(actors, client):
    request = request_in_status(
        Status.INGEDIEND,
        indiener=actors["indiener"],
        reviewer=actors["voorzitter"],
        theme="ondermijning",
    )
    client.force_login(actors["voorzitter"])
    url = reverse("intake:screen", args=[request.pk])
    form = client.get(url).context["form"]
    assert form["theme"].value() == "ondermijning"  # pre-filled with the proposal
    data = {
        "action": "approve",
        "motivation": "Akkoord.",
        "theme": "overig",
        **{f"{key}_met": "yes" for key, _label in CRITERIA},
    }
    confirm = client.post(url, data)
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "Overige onderwerpen" in html and "Ondermijning" in html  # chosen and proposed
    response = client.post(url, {**data, "confirmed": "1"})
    assert response.status_code == 302
    assert Project.objects.get(request=request).theme == "overig"


# --- Later: the project's theme -------------------------------------------------------------


@pytest.fixture
def project(actors):
    request = request_in_status(
        Status.GOEDGEKEURD, indiener=actors["indiener"], reviewer=actors["voorzitter"]
    )
    return Project.objects.get(request=request)


@pytest.mark.parametrize("name", ["voorzitter", "regiocoordinator"])
def test_a_reviewer_changes_the_project_theme_later(name, project, actors, client):
    client.force_login(actors[name])
    url = reverse("projects:theme", args=[project.pk])
    assert url in client.get(project.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url, {"theme": "ondermijning", "version": project.version})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.theme == "ondermijning"
    record = project.history.first()
    assert (record.theme, record.history_user) == ("ondermijning", actors[name])
    event = ProjectEvent.objects.filter(project=project, transition="change_theme").get()
    assert event.actor == actors[name]
    assert "Ondermijning" in event.note
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Ondermijning" in page
    # In the history: the change itself, not a status that "moved" to where it was.
    history = page[page.index('id="historie-titel"') :]
    change = history[
        history.index("Speerpunt gewijzigd") - 300 : history.index("Speerpunt gewijzigd")
    ]
    status = project.get_status_display()
    assert f"{status} → {status}" not in change


@pytest.mark.parametrize("name", ["indiener", "platformlid", "dvo_lid", "beheerder"])
def test_others_may_not_change_the_project_theme(name, project, actors, client):
    client.force_login(actors[name])
    url = reverse("projects:theme", args=[project.pk])
    assert url not in client.get(project.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 403
    assert client.post(url, {"theme": "ondermijning"}).status_code == 403
    with pytest.raises(PermissionDenied):
        project_services.change_theme(project=project, actor=actors[name], theme="ondermijning")
    project.refresh_from_db()
    assert project.theme == "woninginbraken"
    assert not project.events.filter(transition="change_theme").exists()


def test_a_stale_theme_change_is_refused(project, actors, client):
    client.force_login(actors["voorzitter"])
    url = reverse("projects:theme", args=[project.pk])
    response = client.post(url, {"theme": "ondermijning", "version": project.version - 1})
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.theme == "woninginbraken"


def test_the_approval_email_names_the_confirmed_theme(
    actors, mailoutbox, django_capture_on_commit_callbacks
):
    request = request_in_status(
        Status.INGEDIEND, indiener=actors["indiener"], reviewer=actors["voorzitter"]
    )
    scored(request, actors["voorzitter"])
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_request(
            request=request,
            actor=actors["voorzitter"],
            approve=True,
            motivation="Akkoord.",
            theme="ondermijning",
        )
    (mail,) = mailoutbox
    assert "Speerpunt: Ondermijning" in mail.body
    assert "Speerpunt: Ondermijning" in mail.alternatives[0].content
