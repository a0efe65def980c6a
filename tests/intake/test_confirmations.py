"""Issue 14 in the intake: the full format, decisive steps confirmed and grounded, the
requester sees the question, and the messages are sentences a person would write."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from intake.formats import CRITERIA, REQUEST_FORMAT_PLANNING
from intake.models import CriterionAssessment, ProjectRequest
from intake.workflow import REQUEST_WORKFLOW
from projects.models import Project
from tests.intake.scenario import complete_data, dutch, request_in_status

pytestmark = pytest.mark.django_db

Status = ProjectRequest.Status
QUESTION = "Welke gemeenten leveren capaciteit, en hoeveel uur per week?"


@pytest.fixture
def submitted(actors):
    return request_in_status(
        Status.INGEDIEND, indiener=actors["indiener"], reviewer=actors["voorzitter"]
    )


def screening(action, met="yes", **extra):
    data = {"action": action, "motivation": "Past in de focusagenda.", "theme": "woninginbraken"}
    for key, _label in CRITERIA:
        data[f"{key}_met"] = met
        data[f"{key}_note"] = f"Notitie {key}"
    data.update(extra)
    return data


def flashes(response) -> list[str]:
    """The messages added by this response (the test client does not follow the redirect, so
    earlier ones are still queued)."""
    return [str(message) for message in get_messages(response.wsgi_request)][-1:]


def nothing_happened(request):
    request.refresh_from_db()
    assert request.status == Status.INGEDIEND
    assert not request.events.filter(from_status=Status.INGEDIEND).exists()
    assert not CriterionAssessment.objects.filter(request=request).exists()
    assert not Project.objects.filter(request=request).exists()


# --- 2. The intake format complete ----------------------------------------------------------


def test_the_rest_of_the_format_is_shown_on_the_request_and_the_screening_page(
    submitted, actors, client
):
    client.force_login(actors["voorzitter"])
    detail = client.get(submitted.get_absolute_url()).content.decode()
    screen = client.get(reverse("intake:screen", args=[submitted.pk])).content.decode()
    with translation.override("nl"):
        labels = [str(field.label) for field in REQUEST_FORMAT_PLANNING.values()]
    assert labels == [
        "Verwacht resultaat",
        "Benodigde capaciteit en expertise",
        "Globale planning",
        "Financiën",
        "Communicatie",
    ]
    for name in REQUEST_FORMAT_PLANNING:
        text = complete_data()[name]
        assert text in detail, name
        assert text in screen, name  # criterion 5 is judged with them in view


def test_the_form_shows_each_new_part_with_its_help_text(actors, client):
    client.force_login(actors["indiener"])
    html = client.get(reverse("intake:create")).content.decode()
    assert "Hoeveel uur per week, en hoe lang?" in html
    assert "Is er een budget beschikbaar (regionaal of lokaal)?" in html
    assert dutch("Result, capacity, planning, finances and communication") in html


# --- 3. Decisive steps are confirmed, and need their grounds --------------------------------


@pytest.mark.parametrize("action", ["approve", "reject", "request_information"])
def test_a_step_first_shows_what_will_happen_and_writes_nothing(
    action, submitted, actors, client, mailoutbox
):
    client.force_login(actors["regiocoordinator"])
    response = client.post(reverse("intake:screen", args=[submitted.pk]), screening(action))
    assert response.status_code == 200
    assert response.templates[0].name == "intake/request_decide_confirm.html"
    html = response.content.decode()
    transition = REQUEST_WORKFLOW.get(action)
    with translation.override("nl"):
        assert str(transition.confirm) in html
        assert f">{transition.label}</button>" in html
    # Everything filled in travels along hidden, with the confirmation.
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    assert hidden["action"] == action and hidden["confirmed"] == "1"
    assert hidden["motivation"] == "Past in de focusagenda."
    assert hidden["haalbaar_met"] == "yes"
    assert "Past in de focusagenda." in html
    nothing_happened(submitted)
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("approve", Status.GOEDGEKEURD),
        ("reject", Status.AFGEWEZEN),
        ("request_information", Status.AANVULLING_GEVRAAGD),
    ],
)
def test_the_confirmed_step_is_taken_with_its_own_message(
    action, status, submitted, actors, client
):
    client.force_login(actors["regiocoordinator"])
    url = reverse("intake:screen", args=[submitted.pk])
    response = client.post(url, screening(action, confirmed="1"))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == status
    assert CriterionAssessment.objects.filter(request=submitted, met=True).count() == 5
    with translation.override("nl"):
        expected = str(REQUEST_WORKFLOW.get(action).done_message)
    assert flashes(response) == [expected]
    assert not expected.startswith("Uitgevoerd")


def test_back_returns_to_the_screening_with_everything_filled_in(submitted, actors, client):
    client.force_login(actors["voorzitter"])
    url = reverse("intake:screen", args=[submitted.pk])
    data = screening("reject", met="no", motivation="Lokaal op te lossen.", back="1")
    response = client.post(url, {**data, "confirmed": "1"})
    assert response.status_code == 200
    assert response.templates[0].name == "intake/request_screen.html"
    html = response.content.decode()
    assert "Lokaal op te lossen." in html and "Notitie haalbaar" in html
    nothing_happened(submitted)


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_a_decision_without_every_criterion_scored_is_refused_in_dutch(
    action, submitted, actors, client
):
    client.force_login(actors["voorzitter"])
    url = reverse("intake:screen", args=[submitted.pk])
    data = screening(action, actueel_urgent_met="", motivation="Mijn getypte motivering.")
    for confirmed in ("", "1"):  # on the way to the confirmation, and a forged confirmation
        response = client.post(url, {**data, "confirmed": confirmed})
        assert response.status_code == 400
        html = response.content.decode()
        assert "Beoordeel alle vijf criteria (voldaan of niet voldaan) voordat u besluit." in html
        assert dict(CRITERIA)["actueel_urgent"] in html
        assert "Mijn getypte motivering." in html  # what was typed is kept
        assert "Notitie primaat_oov" in html
        form = response.context["form"]
        assert form.errors["actueel_urgent_met"]
        nothing_happened(submitted)


def test_asking_for_information_needs_the_question(submitted, actors, client):
    client.force_login(actors["voorzitter"])
    url = reverse("intake:screen", args=[submitted.pk])
    response = client.post(url, screening("request_information", motivation=" "))
    assert response.status_code == 400
    assert response.context["form"].errors["motivation"] == [
        dutch("Write the question the submitter should answer.")
    ]
    nothing_happened(submitted)


@pytest.mark.parametrize(
    "name", ["indiener", "collega", "platformlid", "dvo_lid", "beheerder", "andere_organisatie"]
)
def test_only_a_reviewer_can_confirm_a_decision(name, submitted, actors, client):
    client.force_login(actors[name])
    url = reverse("intake:screen", args=[submitted.pk])
    response = client.post(url, screening("approve", confirmed="1"))
    assert response.status_code in (403, 404)
    nothing_happened(submitted)


def test_the_indiener_cannot_decide_on_their_own_request(actors, client):
    request = request_in_status(
        Status.INGEDIEND, indiener=actors["collega_regiocoordinator"], reviewer=actors["voorzitter"]
    )
    client.force_login(actors["collega_regiocoordinator"])
    response = client.post(
        reverse("intake:screen", args=[request.pk]), screening("approve", confirmed="1")
    )
    assert response.status_code == 403
    nothing_happened(request)


# --- 4. The requester sees the question -----------------------------------------------------


def test_the_question_stands_above_the_edit_form_and_in_the_email(
    submitted, actors, client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(actors["voorzitter"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("intake:screen", args=[submitted.pk]),
            screening("request_information", motivation=QUESTION, confirmed="1"),
        )
    (mail,) = mailoutbox
    assert mail.to == [actors["indiener"].email]
    assert QUESTION in mail.body and QUESTION in mail.alternatives[0].content

    client.force_login(actors["indiener"])
    html = client.get(reverse("intake:edit", args=[submitted.pk])).content.decode()
    heading = dutch("The reviewers ask for more information")
    assert heading in html and QUESTION in html
    assert html.index(QUESTION) < html.index('enctype="multipart/form-data"')  # above the form


def test_a_draft_edit_page_shows_no_question(actors, client):
    draft = request_in_status(
        Status.CONCEPT, indiener=actors["indiener"], reviewer=actors["voorzitter"]
    )
    client.force_login(actors["indiener"])
    response = client.get(reverse("intake:edit", args=[draft.pk]))
    assert response.context["open_question"] is None
    assert dutch("The reviewers ask for more information") not in response.content.decode()


# --- 6. Plain Dutch messages ----------------------------------------------------------------


def test_submitting_says_where_the_request_is_now(actors, client):
    from tests.intake.scenario import first_gemeenten, form_data

    client.force_login(actors["indiener"])
    data = form_data(gemeenten=first_gemeenten(3))
    response = client.post(reverse("intake:create"), {**data, "submit": "1"})
    assert flashes(response) == [
        "Het verzoek is ingediend en ligt nu bij de voorzitter en de regiocoördinator."
    ]
    response = client.post(reverse("intake:create"), {**data, "save": "1"})
    assert flashes(response) == [
        "Het concept is opgeslagen. Tot u het indient, ziet alleen uw eigen organisatie het."
    ]


def test_submitting_and_withdrawing_on_their_own_pages_say_what_happened(actors, client):
    draft = request_in_status(
        Status.CONCEPT, indiener=actors["indiener"], reviewer=actors["voorzitter"]
    )
    client.force_login(actors["indiener"])
    page = client.get(reverse("intake:transition", args=[draft.pk, "submit"]))
    assert dutch(
        "The request goes to the chair and the regional coordinator for screening. You can no "
        "longer change it unless they ask for more information."
    ) in page.content.decode()
    response = client.post(reverse("intake:transition", args=[draft.pk, "submit"]), {"note": ""})
    assert flashes(response) == [
        "Het verzoek is ingediend en ligt nu bij de voorzitter en de regiocoördinator."
    ]
    response = client.post(reverse("intake:transition", args=[draft.pk, "withdraw"]), {"note": ""})
    assert flashes(response) == ["Het verzoek is ingetrokken. Het kan niet meer worden ingediend."]


def test_a_transition_without_its_own_message_still_reads_as_a_sentence():
    from platform_ivz.core.workflow import Transition

    step = Transition("x", "Vaststellen", ("a",), "b", None)
    with translation.override("nl"):
        assert step.done_text() == "De stap “Vaststellen” is uitgevoerd."
