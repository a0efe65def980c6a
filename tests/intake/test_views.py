"""The intake pages through the test client: saving, submitting, filtering, the timeline."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from intake.formats import CRITERIA
from intake.models import CriterionAssessment, ProjectRequest
from platform_ivz.core.models import Organisation
from projects.models import Project
from tests.factories import ProjectRequestFactory
from tests.intake.scenario import dutch, first_gemeenten, form_data

pytestmark = pytest.mark.django_db

Status = ProjectRequest.Status
REQUIRED = dutch("This field is required before you can submit the request.")


def create_url():
    return reverse("intake:create")


def test_save_as_draft_keeps_everything(actors, client, mailoutbox):
    client.force_login(actors["indiener"])
    borne = Organisation.objects.get(name="Borne")
    gemeenten = first_gemeenten(8)
    data = form_data(
        gemeenten=gemeenten,
        title="Cameratoezicht uitgaansgebieden",
        on_behalf_of="burgemeester",
        on_behalf_organisation=borne,
        aanleiding="Geweld in de uitgaansgebieden.\nTweede regel.",
        vertrouwelijk=True,
    )
    response = client.post(create_url(), {**data, "save": "1"})
    request = ProjectRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:detail", args=[request.pk])
    assert request.status == Status.CONCEPT
    assert request.title == "Cameratoezicht uitgaansgebieden"
    assert (request.on_behalf_of, request.on_behalf_organisation) == ("burgemeester", borne)
    assert request.aanleiding == "Geweld in de uitgaansgebieden.\nTweede regel."
    for field in ["doelstelling", "betrokken_partners", "afbakening", "risicos"]:
        assert getattr(request, field) == data[field], field
    assert request.vertrouwelijk is True
    assert set(request.gemeenten.all()) == set(gemeenten)
    assert (request.indiener, request.organisation) == (
        actors["indiener"],
        actors["indiener"].organisation,
    )
    assert request.submitted_at is None
    assert not request.events.exists()
    assert mailoutbox == []


def test_save_as_draft_with_almost_nothing(actors, client):
    client.force_login(actors["indiener"])
    response = client.post(create_url(), {"title": "Alleen een titel", "save": "1"})
    assert response.status_code == 302
    assert ProjectRequest.objects.get().status == Status.CONCEPT


def test_submit_with_missing_fields_writes_nothing_and_keeps_what_was_typed(
    actors, client, mailoutbox, django_capture_on_commit_callbacks
):
    """A refused submission is refused whole; the form keeps the text for the next try."""
    client.force_login(actors["indiener"])
    typed = "Wat er al staat, mag niet verloren gaan."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            create_url(),
            {"title": "Half verzoek", "aanleiding": typed, "on_behalf_of": "dvo", "submit": "1"},
        )
    assert response.status_code == 400
    assert not ProjectRequest.objects.exists()
    assert ProjectRequest.history.count() == 0
    form = response.context["form"]
    missing = {
        "doelstelling",
        "betrokken_partners",
        "afbakening",
        "risicos",
        "verwacht_resultaat",
        "capaciteit_expertise",
        "planning",
        "financien",
        "communicatie",
        "theme",
        "gemeenten",
    }
    assert set(form.errors) == missing
    for field in missing - {"gemeenten"}:
        assert form.errors[field] == [REQUIRED], field
    assert form.errors["gemeenten"] == [dutch("Choose at least one municipality.")]

    html = response.content.decode()
    assert typed in html and 'value="Half verzoek"' in html
    assert REQUIRED in html
    assert "niets opgeslagen" in html
    assert f'action="{create_url()}"' in html
    assert mailoutbox == []

    # Completing it on that page submits it.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            create_url(),
            {**form_data(gemeenten=first_gemeenten(3), aanleiding=typed), "submit": "1"},
        )
    assert response.status_code == 302
    request = ProjectRequest.objects.get()
    assert request.status == Status.INGEDIEND
    assert request.aanleiding == typed
    assert len(mailoutbox) == 3  # the three reviewers


def test_an_incomplete_submit_of_a_saved_draft_leaves_the_draft_as_it_was(actors, client):
    client.force_login(actors["indiener"])
    client.post(create_url(), {"title": "Half verzoek", "on_behalf_of": "dvo", "save": "1"})
    draft = ProjectRequest.objects.get()
    history = draft.history.count()

    response = client.post(
        reverse("intake:edit", args=[draft.pk]),
        {"title": "Ander", "on_behalf_of": "dvo", "version": draft.version, "submit": "1"},
    )

    assert response.status_code == 400
    assert 'value="Ander"' in response.content.decode()
    draft.refresh_from_db()
    assert (draft.title, draft.status, draft.history.count()) == (
        "Half verzoek",
        Status.CONCEPT,
        history,
    )


def test_a_complete_submit_moves_to_ingediend(
    actors, client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(actors["indiener"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            create_url(), {**form_data(gemeenten=first_gemeenten(7)), "submit": "1"}
        )
    request = ProjectRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:detail", args=[request.pk])
    assert request.status == Status.INGEDIEND
    assert request.submitted_at is not None
    assert list(request.events.values_list("transition", "from_status", "to_status", "actor")) == [
        ("submit", Status.CONCEPT, Status.INGEDIEND, actors["indiener"].pk)
    ]
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        actors[name].email
        for name in ["voorzitter", "regiocoordinator", "collega_regiocoordinator"]
    )


def test_a_mayor_needs_a_municipality_not_a_partner(actors, client):
    client.force_login(actors["indiener"])
    om = Organisation.objects.get(name="Openbaar Ministerie")
    response = client.post(
        create_url(),
        {**form_data(on_behalf_of="burgemeester", on_behalf_organisation=om), "save": "1"},
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"on_behalf_organisation"}
    assert not ProjectRequest.objects.exists()


def test_the_second_of_two_simultaneous_edits_is_refused_and_keeps_its_text(actors, client):
    request = ProjectRequestFactory(indiener=actors["indiener"], title="Origineel")
    client.force_login(actors["collega"])
    first = client.post(
        reverse("intake:edit", args=[request.pk]),
        {**form_data(title="Versie van de collega"), "version": "1", "save": "1"},
    )
    assert first.status_code == 302
    client.force_login(actors["indiener"])
    second = client.post(
        reverse("intake:edit", args=[request.pk]),
        {**form_data(title="Versie van de indiener"), "version": "1", "save": "1"},
    )
    assert second.status_code == 400
    assert second.context["form"].non_field_errors()
    html = second.content.decode()
    assert 'value="Versie van de indiener"' in html  # nothing typed is lost
    assert re.search(r'name="version" value="2"', html)  # saving again is a decision
    request.refresh_from_db()
    assert (request.title, request.version) == ("Versie van de collega", 2)


def test_withdrawing_through_the_page(actors, client):
    request = ProjectRequestFactory(indiener=actors["indiener"], status=Status.INGEDIEND)
    client.force_login(actors["collega"])
    url = reverse("intake:transition", args=[request.pk, "withdraw"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"note": "Wordt lokaal opgepakt."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.INGETROKKEN
    assert request.events.get().note == "Wordt lokaal opgepakt."


def screening_data(action, met="yes", **extra):
    data = {"action": action, "motivation": "Past in de focusagenda."}
    for key in [
        "primaat_oov",
        "dvo_besluitvormend",
        "actueel_urgent",
        "zeven_gemeenten",
        "haalbaar",
    ]:
        data[f"{key}_met"] = met
        data[f"{key}_note"] = f"Notitie {key}"
    data.update(extra)
    return data


def test_approving_through_the_screening_page_creates_the_project(actors, client):
    request = ProjectRequestFactory(indiener=actors["indiener"], status=Status.INGEDIEND)
    client.force_login(actors["regiocoordinator"])
    url = reverse("intake:screen", args=[request.pk])
    # First the confirmation page: nothing has happened yet.
    response = client.post(url, screening_data("approve"))
    assert response.status_code == 200
    assert response.templates[0].name == "intake/request_decide_confirm.html"
    assert not CriterionAssessment.objects.filter(request=request).exists()
    request.refresh_from_db()
    assert request.status == Status.INGEDIEND
    response = client.post(url, screening_data("approve", confirmed="1"))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.GOEDGEKEURD
    assert CriterionAssessment.objects.filter(request=request, met=True).count() == 5
    assert Project.objects.get(request=request).status == Project.Status.TE_BEMENSEN


def test_the_screening_page_refuses_an_incomplete_approval_and_keeps_the_input(actors, client):
    request = ProjectRequestFactory(indiener=actors["indiener"], status=Status.INGEDIEND)
    client.force_login(actors["voorzitter"])
    data = screening_data("approve", haalbaar_met="")
    response = client.post(reverse("intake:screen", args=[request.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Notitie primaat_oov" in html and "Past in de focusagenda." in html
    # The open criterion is named, in the appendix's own words.
    assert dict(CRITERIA)["haalbaar"] in str(response.context["form"].non_field_errors())
    request.refresh_from_db()
    assert request.status == Status.INGEDIEND
    assert not request.events.exists()
    assert not Project.objects.exists()


def test_rejecting_without_motivation_shows_the_error_at_the_motivation(actors, client):
    request = ProjectRequestFactory(indiener=actors["indiener"], status=Status.INGEDIEND)
    client.force_login(actors["voorzitter"])
    response = client.post(
        reverse("intake:screen", args=[request.pk]), screening_data("reject", motivation="")
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"motivation"}
    request.refresh_from_db()
    assert request.status == Status.INGEDIEND


# --- The list: filters and pages ---------------------------------------------------------------


@pytest.fixture
def varied(actors):
    """Requests that differ in one property each; the reviewer sees them all."""
    hengelo, borne = (
        Organisation.objects.get(name="Hengelo"),
        Organisation.objects.get(name="Borne"),
    )
    tubbergen = Organisation.objects.get(name="Tubbergen")
    author = actors["indiener"]
    made = {
        "ingediend": ProjectRequestFactory(
            indiener=author, status=Status.INGEDIEND, title="Straatintimidatie", gemeenten=[hengelo]
        ),
        "afgewezen": ProjectRequestFactory(
            indiener=author, status=Status.AFGEWEZEN, title="Zwerfvuil", gemeenten=[borne]
        ),
        "burgemeester": ProjectRequestFactory(
            indiener=author,
            title="Drugsafval in het buitengebied",
            on_behalf_of="burgemeester",
            on_behalf_organisation=tubbergen,
            gemeenten=[tubbergen, borne],
            aanleiding="Dumpingen van drugsafval bij boerderijen.",
        ),
        "oud": ProjectRequestFactory(indiener=author, title="Jaarwisseling", gemeenten=[hengelo]),
    }
    ProjectRequest.objects.filter(pk=made["oud"].pk).update(
        created_at=made["oud"].created_at.replace(year=2017)
    )
    return made


def shown(response):
    return {r.title for r in response.context["page"].object_list}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"Straatintimidatie", "Zwerfvuil", "Drugsafval in het buitengebied", "Jaarwisseling"}),
        ({"status": "ingediend"}, {"Straatintimidatie"}),
        ({"status": "afgewezen"}, {"Zwerfvuil"}),
        ({"gemeente": "Borne"}, {"Zwerfvuil", "Drugsafval in het buitengebied"}),
        ({"gemeente": "Tubbergen"}, {"Drugsafval in het buitengebied"}),
        ({"on_behalf_of": "burgemeester"}, {"Drugsafval in het buitengebied"}),
        ({"year": "2017"}, {"Jaarwisseling"}),
        ({"q": "zwerfvuil"}, {"Zwerfvuil"}),
        ({"q": "boerderijen"}, {"Drugsafval in het buitengebied"}),  # in the aanleiding
        ({"q": "drugsafval buitengebied"}, {"Drugsafval in het buitengebied"}),  # every word
        ({"q": "drugsafval zwerfvuil"}, set()),
        ({"gemeente": "Borne", "status": "concept"}, {"Drugsafval in het buitengebied"}),
    ],
)
def test_the_list_filters(params, expected, varied, actors, client):
    if "gemeente" in params:
        params = {**params, "gemeente": Organisation.objects.get(name=params["gemeente"]).pk}
    # A reviewer of the author's organisation: the drafts are theirs to see too.
    client.force_login(actors["collega_regiocoordinator"])
    response = client.get(reverse("intake:list"), params)
    assert response.status_code == 200
    assert shown(response) == expected
    assert response.context["page"].paginator.count == len(expected)


def test_the_year_filter_offers_the_current_year_and_the_past(varied, actors, client):
    client.force_login(actors["voorzitter"])
    form = client.get(reverse("intake:list")).context["filter"].form
    years = [value for value, _label in form.fields["year"].choices if value != ""]
    assert 2016 in years and 2017 in years


def test_the_list_has_pages_of_25(actors, client):
    for n in range(26):
        ProjectRequestFactory(indiener=actors["indiener"], title=f"Verzoek nummer {n:02d}")
    client.force_login(actors["indiener"])
    first = client.get(reverse("intake:list"), {"q": "nummer"})
    assert first.context["page"].paginator.count == 26
    assert len(first.context["page"].object_list) == 25
    assert first.context["page"].has_next()
    assert "?q=nummer&amp;page=2" in first.content.decode()  # the filter stays on the next page
    second = client.get(reverse("intake:list"), {"q": "nummer", "page": "2"})
    assert second.status_code == 200
    assert second.context["page"].number == 2
    assert len(second.context["page"].object_list) == 1
    both = shown(first) | shown(second)
    assert both == {f"Verzoek nummer {n:02d}" for n in range(26)}
    # A page past the end shows the last page, not an error.
    assert client.get(reverse("intake:list"), {"page": "99"}).context["page"].number == 2


# --- The timeline --------------------------------------------------------------------------------


def test_the_timeline_shows_field_changes_and_events(
    actors, client, django_capture_on_commit_callbacks
):
    client.force_login(actors["indiener"])
    client.post(
        create_url(),
        {**form_data(gemeenten=first_gemeenten(2), title="Eerste titel"), "save": "1"},
    )
    request = ProjectRequest.objects.get()
    client.force_login(actors["collega"])
    response = client.post(
        reverse("intake:edit", args=[request.pk]),
        {
            **form_data(
                gemeenten=first_gemeenten(3), title="Betere titel", risicos="Nieuw risico."
            ),
            "version": "1",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    client.force_login(actors["voorzitter"])
    response = client.get(reverse("intake:detail", args=[request.pk]))
    timeline = response.context["timeline"]
    kinds = [entry.kind for entry in timeline]
    assert kinds.count("created") == 1
    assert kinds.count("event") == 1

    changes = [entry for entry in timeline if entry.kind == "change"]
    labels = {}
    for entry in changes:
        assert entry.actor == actors["collega"]
        labels.update({str(label): (old, new) for label, old, new in entry.changes})
    with translation.override("nl"):
        title_label = str(ProjectRequest._meta.get_field("title").verbose_name)
        gemeenten_label = str(ProjectRequest._meta.get_field("gemeenten").verbose_name)
        risicos_label = str(ProjectRequest._meta.get_field("risicos").verbose_name)
    assert labels[title_label] == ("Eerste titel", "Betere titel")
    assert labels[risicos_label] == (form_data()["risicos"], "Nieuw risico.")
    old_names = ", ".join(sorted(g.name for g in first_gemeenten(2)))
    new_names = ", ".join(sorted(g.name for g in first_gemeenten(3)))
    assert labels[gemeenten_label] == (old_names, new_names)
    assert "status" not in " ".join(labels).lower()  # a status change is an event, not a change

    html = response.content.decode()
    assert "<del>Eerste titel</del> → <ins>Betere titel</ins>" in html
    assert f"<del>{old_names}</del> → <ins>{new_names}</ins>" in html
    event = next(entry for entry in timeline if entry.kind == "event")
    assert event.actor == actors["collega"]
    with translation.override("nl"):
        arrow = f"{Status.CONCEPT.label} → {Status.INGEDIEND.label}"
    assert event.title == arrow
    assert arrow in html
    assert str(actors["collega"]) in html
    # Oldest first.
    assert [entry.at for entry in timeline] == sorted(entry.at for entry in timeline)


def test_submitting_an_incomplete_request_from_its_page_sends_you_to_the_form(actors, client):
    request = ProjectRequestFactory(indiener=actors["indiener"], afbakening="")
    client.force_login(actors["indiener"])
    url = reverse("intake:transition", args=[request.pk, "submit"])
    response = client.post(url, {"note": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:edit", args=[request.pk])
    request.refresh_from_db()
    assert request.status == Status.CONCEPT
    assert not request.events.exists()
