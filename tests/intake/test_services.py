"""intake.services: what submission needs, concept saves, edit conflicts, screening, e-mail."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from intake import services, signals
from intake.formats import CRITERIA
from intake.models import CriterionAssessment, ProjectRequest, RequestEvent
from platform_ivz.core.roles import Role
from projects.models import Project, ProjectEvent
from tests.intake.scenario import (
    assess_all,
    complete_data,
    dutch,
    first_gemeenten,
    request_in_status,
)

pytestmark = pytest.mark.django_db

Status = ProjectRequest.Status
REQUIRED_TEXT = [
    "title",
    "on_behalf_of",
    "aanleiding",
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
]
CRITERION_KEYS = [key for key, _label in CRITERIA]


def snapshot(request):
    fresh = ProjectRequest.objects.get(pk=request.pk)
    return {
        "fields": {
            field: getattr(fresh, field)
            for field in [*services.CONTENT_FIELDS, "status", "version", "updated_at"]
        },
        "gemeenten": sorted(fresh.gemeenten.values_list("pk", flat=True)),
        "events": fresh.events.count(),
        "history": fresh.history.count(),
        "attachments": fresh.attachments.count(),
        "decision": (fresh.decided_at, fresh.decision_motivation, fresh.override_motivation),
        "project": Project.objects.filter(request=fresh).exists(),
    }


def recipients(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


def bodies(message):
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return message.body, html


# --- Submission needs what the screening needs; a concept may be anything -------------------


def test_an_empty_concept_can_be_saved_and_lists_everything_missing(actors):
    request = services.create_request(author=actors["indiener"], data={}, gemeenten=[])
    request.refresh_from_db()
    assert request.status == Status.CONCEPT
    assert request.indiener == actors["indiener"]
    assert request.organisation == actors["indiener"].organisation
    assert not request.events.exists()
    with translation.override("nl"):
        missing = services.missing_for_submission(request)
    assert set(missing) == {*REQUIRED_TEXT, "gemeenten"}
    required = dutch("This field is required before you can submit the request.")
    for field in REQUIRED_TEXT:
        assert missing[field] == required, field
    assert missing["gemeenten"] == dutch("Choose at least one municipality.")


def test_a_concept_keeps_incomplete_data(actors):
    request = services.create_request(
        author=actors["indiener"],
        data={"title": "Alleen een titel", "aanleiding": "Half af"},
        gemeenten=first_gemeenten(2),
    )
    request.refresh_from_db()
    assert (request.status, request.title, request.aanleiding, request.doelstelling) == (
        Status.CONCEPT,
        "Alleen een titel",
        "Half af",
        "",
    )
    assert request.gemeenten.count() == 2
    assert request.history.count() == 1  # one record for the creation, with its gemeenten


def test_a_complete_request_misses_nothing(actors):
    request = request_in_status(
        Status.CONCEPT, indiener=actors["indiener"], reviewer=actors["voorzitter"]
    )
    assert services.missing_for_submission(request) == {}


@pytest.mark.parametrize("field", [*REQUIRED_TEXT, "gemeenten"])
def test_submission_is_refused_while_one_field_is_missing(
    field, actors, mailoutbox, django_capture_on_commit_callbacks
):
    data = complete_data(**({} if field == "gemeenten" else {field: ""}))
    request = services.create_request(
        author=actors["indiener"],
        data=data,
        gemeenten=[] if field == "gemeenten" else first_gemeenten(3),
    )
    assert set(services.missing_for_submission(request)) == {field}
    before = snapshot(request)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError) as refused:
            services.submit_request(request=request, actor=actors["indiener"])
    assert set(refused.value.message_dict) == {field}
    assert snapshot(request) == before
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("on_behalf_of", "organisation", "missing"),
    [
        ("dvo", None, set()),
        ("burgemeester", None, {"on_behalf_organisation"}),
        ("burgemeester", "Borne", set()),
        ("partner", None, {"on_behalf_organisation"}),
        ("partner", "Openbaar Ministerie", set()),
    ],
)
def test_a_mayor_or_partner_must_be_named(on_behalf_of, organisation, missing, actors):
    from platform_ivz.core.models import Organisation

    on_behalf_organisation = Organisation.objects.get(name=organisation) if organisation else None
    request = services.create_request(
        author=actors["indiener"],
        data=complete_data(
            on_behalf_of=on_behalf_of, on_behalf_organisation=on_behalf_organisation
        ),
        gemeenten=first_gemeenten(3),
    )
    assert set(services.missing_for_submission(request)) == missing


def test_users_without_a_submitting_role_cannot_create_requests(actors):
    for name in ["beheerder", "collega_beheerder"]:
        with pytest.raises(PermissionDenied):
            services.create_request(author=actors[name], data=complete_data(), gemeenten=[])
    assert not ProjectRequest.objects.exists()


# --- Optimistic locking ----------------------------------------------------------------------


def test_an_update_based_on_a_stale_version_is_refused_and_changes_nothing(actors):
    request = request_in_status(
        Status.CONCEPT, indiener=actors["indiener"], reviewer=actors["voorzitter"]
    )
    assert request.version == 1
    # The colleague saves first...
    saved = services.update_request(
        request=request,
        actor=actors["collega"],
        data=complete_data(title="Titel van de collega"),
        gemeenten=first_gemeenten(8),
        expected_version=1,
    )
    assert (saved.version, saved.title) == (2, "Titel van de collega")
    before = snapshot(request)
    # ... then the indiener, who opened version 1.
    with pytest.raises(services.EditConflict):
        services.update_request(
            request=request,
            actor=actors["indiener"],
            data=complete_data(title="Titel van de indiener", aanleiding="Anders"),
            gemeenten=first_gemeenten(2),
            expected_version=1,
        )
    assert snapshot(request) == before
    assert ProjectRequest.objects.get(pk=request.pk).title == "Titel van de collega"


def test_an_update_by_someone_who_may_not_edit_is_refused(actors):
    request = request_in_status(
        Status.CONCEPT, indiener=actors["indiener"], reviewer=actors["voorzitter"]
    )
    before = snapshot(request)
    for name in ["voorzitter", "andere_organisatie", "collega_beheerder"]:
        with pytest.raises(PermissionDenied):
            services.update_request(
                request=request,
                actor=actors[name],
                data=complete_data(title="Overgenomen"),
                gemeenten=[],
                expected_version=1,
            )
    assert snapshot(request) == before


# --- Screening and the decision ----------------------------------------------------------


@pytest.fixture
def submitted(actors):
    return request_in_status(
        Status.INGEDIEND, indiener=actors["indiener"], reviewer=actors["voorzitter"]
    )


def test_the_screening_stores_every_criterion(submitted, actors):
    assessments = {
        key: (index % 2 == 0, f"Notitie {key}") for index, key in enumerate(CRITERION_KEYS)
    }
    assessments["haalbaar"] = (None, "Nog navragen")
    services.save_screening(request=submitted, actor=actors["voorzitter"], assessments=assessments)
    stored = {a.criterion: (a.met, a.note, a.assessed_by_id) for a in submitted.assessments.all()}
    assert stored == {
        key: (met, note, actors["voorzitter"].pk) for key, (met, note) in assessments.items()
    }


@pytest.mark.parametrize("name", ["indiener", "collega", "platformlid", "dvo_lid", "beheerder"])
def test_only_reviewers_may_store_a_screening(name, submitted, actors):
    with pytest.raises(PermissionDenied):
        services.save_screening(
            request=submitted,
            actor=actors[name],
            assessments={key: (True, "") for key in CRITERION_KEYS},
        )
    assert not CriterionAssessment.objects.exists()


@pytest.mark.parametrize("open_criterion", CRITERION_KEYS)
def test_approval_needs_every_criterion_assessed(open_criterion, submitted, actors):
    assess_all(submitted, actors["voorzitter"])
    CriterionAssessment.objects.filter(request=submitted, criterion=open_criterion).update(met=None)
    before = snapshot(submitted)
    with pytest.raises(ValidationError) as refused:
        services.decide_request(
            request=submitted, actor=actors["voorzitter"], approve=True, motivation="Akkoord."
        )
    assert dict(CRITERIA)[open_criterion] in " ".join(refused.value.messages)
    assert snapshot(submitted) == before


def test_approval_without_any_screening_is_refused(submitted, actors):
    before = snapshot(submitted)
    with pytest.raises(ValidationError):
        services.decide_request(
            request=submitted, actor=actors["voorzitter"], approve=True, motivation="Akkoord."
        )
    assert snapshot(submitted) == before


@pytest.mark.parametrize("approve", [True, False])
@pytest.mark.parametrize("motivation", ["", "   \n "])
def test_a_decision_needs_a_motivation(approve, motivation, submitted, actors, mailoutbox):
    assess_all(submitted, actors["voorzitter"])
    before = snapshot(submitted)
    with pytest.raises(ValidationError) as refused:
        services.decide_request(
            request=submitted, actor=actors["voorzitter"], approve=approve, motivation=motivation
        )
    assert set(refused.value.message_dict) == {"note"}
    assert snapshot(submitted) == before


def test_asking_for_information_needs_a_note(submitted, actors):
    before = snapshot(submitted)
    with pytest.raises(ValidationError):
        services.request_information(request=submitted, actor=actors["voorzitter"], note=" ")
    assert snapshot(submitted) == before


def test_approving_although_a_criterion_is_not_met_needs_an_override_motivation(
    submitted, actors, client
):
    assess_all(submitted, actors["voorzitter"])
    CriterionAssessment.objects.filter(request=submitted, criterion="zeven_gemeenten").update(
        met=False
    )
    before = snapshot(submitted)
    for override in ["", "  "]:
        with pytest.raises(ValidationError) as refused:
            services.decide_request(
                request=submitted,
                actor=actors["voorzitter"],
                approve=True,
                motivation="Belangrijk onderwerp.",
                override_motivation=override,
            )
        assert set(refused.value.message_dict) == {"override_motivation"}
        assert snapshot(submitted) == before

    approved = services.decide_request(
        request=submitted,
        actor=actors["voorzitter"],
        approve=True,
        motivation="Belangrijk onderwerp.",
        override_motivation="Speelt in zes gemeenten, maar raakt de hele regio.",
    )
    approved.refresh_from_db()
    assert approved.status == Status.GOEDGEKEURD
    assert approved.decision_motivation == "Belangrijk onderwerp."
    assert approved.override_motivation == "Speelt in zes gemeenten, maar raakt de hele regio."
    assert approved.decided_by == actors["voorzitter"]
    assert approved.decided_at is not None

    client.force_login(actors["indiener"])
    html = client.get(reverse("intake:detail", args=[approved.pk])).content.decode()
    assert "Speelt in zes gemeenten, maar raakt de hele regio." in html
    assert "Belangrijk onderwerp." in html
    assert dutch("Approved although not every criterion is met") in html


def test_approving_with_every_criterion_met_stores_no_override(
    submitted, actors, client, mailoutbox, django_capture_on_commit_callbacks
):
    """A stray override text (typed before the criteria were all met) is not kept: the page
    and the e-mail would otherwise say "approved although not every criterion is met"."""
    assess_all(submitted, actors["voorzitter"])
    with django_capture_on_commit_callbacks(execute=True):
        approved = services.decide_request(
            request=submitted,
            actor=actors["voorzitter"],
            approve=True,
            motivation="Voldoet aan alles.",
            override_motivation="Eerder getypt, toen criterium 4 nog niet voldeed.",
        )
    approved.refresh_from_db()
    assert approved.status == Status.GOEDGEKEURD
    assert approved.override_motivation == ""
    heading = dutch("Approved although not every criterion is met")
    client.force_login(actors["indiener"])
    html = client.get(reverse("intake:detail", args=[approved.pk])).content.decode()
    assert "Voldoet aan alles." in html
    assert heading not in html
    assert "Eerder getypt" not in html
    (message,) = mailoutbox
    assert heading not in message.body and "Eerder getypt" not in message.body


@pytest.mark.parametrize("open_criterion", CRITERION_KEYS)
def test_a_rejection_needs_every_criterion_scored_too(open_criterion, submitted, actors):
    """A request was rejected with none of the five criteria scored (issue 14): no more."""
    assess_all(submitted, actors["voorzitter"])
    CriterionAssessment.objects.filter(request=submitted, criterion=open_criterion).update(met=None)
    before = snapshot(submitted)
    with pytest.raises(ValidationError) as refused, translation.override("nl"):
        services.decide_request(
            request=submitted, actor=actors["voorzitter"], approve=False, motivation="Nee."
        )
    text = " ".join(refused.value.messages)
    assert dict(CRITERIA)[open_criterion] in text
    assert text.startswith("Beoordeel alle vijf criteria")
    assert snapshot(submitted) == before


def test_a_rejection_stores_no_override(submitted, actors):
    assess_all(submitted, actors["voorzitter"], met=False)
    rejected = services.decide_request(
        request=submitted,
        actor=actors["regiocoordinator"],
        approve=False,
        motivation="Lokaal op te lossen.",
        override_motivation="Wordt genegeerd.",
    )
    rejected.refresh_from_db()
    assert rejected.status == Status.AFGEWEZEN
    assert rejected.decision_motivation == "Lokaal op te lossen."
    assert rejected.override_motivation == ""
    assert not Project.objects.filter(request=rejected).exists()


# --- Criterion 4 follows from the gemeenten chosen ----------------------------------------


@pytest.mark.parametrize(("count", "met"), [(14, True), (7, True), (6, False), (1, False)])
def test_criterion_four_is_prefilled_from_the_gemeenten(count, met, actors, client):
    request = request_in_status(
        Status.INGEDIEND,
        indiener=actors["indiener"],
        reviewer=actors["voorzitter"],
        gemeenten=first_gemeenten(count),
    )
    suggestion = services.suggested_assessments(request)
    assert set(suggestion) == {"zeven_gemeenten"}
    assert suggestion["zeven_gemeenten"][0] is met
    assert str(count) in suggestion["zeven_gemeenten"][1]

    client.force_login(actors["regiocoordinator"])
    response = client.get(reverse("intake:screen", args=[request.pk]))
    assert response.status_code == 200
    checked = checked_radios(response.content.decode())
    assert checked == {"zeven_gemeenten_met": "yes" if met else "no"}


def test_a_saved_assessment_wins_over_the_suggestion(actors, client):
    request = request_in_status(
        Status.INGEDIEND,
        indiener=actors["indiener"],
        reviewer=actors["voorzitter"],
        gemeenten=first_gemeenten(9),
    )
    services.save_screening(
        request=request,
        actor=actors["voorzitter"],
        assessments={
            "zeven_gemeenten": (False, "Speelt feitelijk in twee gemeenten."),
            "primaat_oov": (True, ""),
        },
    )
    client.force_login(actors["regiocoordinator"])
    html = client.get(reverse("intake:screen", args=[request.pk])).content.decode()
    assert checked_radios(html) == {"zeven_gemeenten_met": "no", "primaat_oov_met": "yes"}
    assert "Speelt feitelijk in twee gemeenten." in html


def checked_radios(html: str) -> dict:
    """name: value of every checked radio button on the page."""
    found = {}
    for tag in re.findall(r"<input[^>]*>", html):
        if 'type="radio"' in tag and re.search(r"\schecked[\s>/]", tag + ">"):
            name = re.search(r'name="([^"]+)"', tag)[1]
            if name.endswith("_met"):  # the criteria, not the theme
                found[name] = re.search(r'value="([^"]*)"', tag)[1]
    return found


# --- Approval creates the project ----------------------------------------------------------


@pytest.mark.parametrize("vertrouwelijk", [False, True])
def test_approval_creates_a_project_to_be_staffed(vertrouwelijk, actors):
    received = []

    def receiver(sender, request, actor, **kwargs):
        received.append((request.pk, actor.pk))

    signals.request_approved.connect(receiver)
    try:
        request = request_in_status(
            Status.GOEDGEKEURD,
            indiener=actors["indiener"],
            reviewer=actors["regiocoordinator"],
            vertrouwelijk=vertrouwelijk,
            title="Ondermijning op bedrijventerreinen",
        )
    finally:
        signals.request_approved.disconnect(receiver)
    assert received == [(request.pk, actors["regiocoordinator"].pk)]
    project = Project.objects.get(request=request)
    assert project.status == Project.Status.TE_BEMENSEN
    assert project.title == "Ondermijning op bedrijventerreinen"
    assert project.vertrouwelijk is vertrouwelijk
    assert (project.projectleider, project.portefeuillehouder) == (None, None)
    assert list(ProjectEvent.objects.filter(project=project).values_list("to_status", "actor")) == [
        (Project.Status.TE_BEMENSEN, actors["regiocoordinator"].pk)
    ]


def test_without_the_signal_receiver_no_project_is_created(actors):
    """The project comes from the projects app's receiver, not from intake itself."""
    from projects.signals import create_project_for_approved_request

    disconnected = signals.request_approved.disconnect(
        create_project_for_approved_request, dispatch_uid="projects.create_from_request"
    )
    assert disconnected
    try:
        request = request_in_status(
            Status.GOEDGEKEURD, indiener=actors["indiener"], reviewer=actors["voorzitter"]
        )
    finally:
        signals.request_approved.connect(
            create_project_for_approved_request, dispatch_uid="projects.create_from_request"
        )
    assert request.status == Status.GOEDGEKEURD
    assert not Project.objects.exists()


# --- E-mail: who hears what ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("submitter", "expected"),
    [
        ("indiener", ["voorzitter", "regiocoordinator", "collega_regiocoordinator"]),
        ("collega_regiocoordinator", ["voorzitter", "regiocoordinator"]),
    ],
)
def test_submission_mails_the_reviewers_but_not_the_submitter(
    submitter, expected, actors, mailoutbox, django_capture_on_commit_callbacks
):
    request = services.create_request(
        author=actors[submitter], data=complete_data(), gemeenten=first_gemeenten(7)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_request(request=request, actor=actors[submitter], note="Graag snel.")
    assert recipients(mailoutbox) == sorted(actors[name].email for name in expected)
    for message in mailoutbox:
        assert len(message.to) == 1  # nobody learns who else was told
        assert request.title in message.subject
        for body in bodies(message):
            assert request.title in body
            assert "Graag snel." in body
            assert f"/verzoeken/{request.pk}/" in body


def test_inactive_reviewers_and_reviewers_without_address_are_not_mailed(
    actors, mailoutbox, django_capture_on_commit_callbacks
):
    actors["regiocoordinator"].is_active = False
    actors["regiocoordinator"].save()
    actors["collega_regiocoordinator"].email = ""
    actors["collega_regiocoordinator"].save()
    request = services.create_request(
        author=actors["indiener"], data=complete_data(), gemeenten=first_gemeenten(7)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_request(request=request, actor=actors["indiener"])
    assert recipients(mailoutbox) == [actors["voorzitter"].email]


def test_no_mail_is_sent_before_the_transaction_commits(actors, mailoutbox):
    request = services.create_request(
        author=actors["indiener"], data=complete_data(), gemeenten=first_gemeenten(7)
    )
    services.submit_request(request=request, actor=actors["indiener"])
    assert mailoutbox == []  # the test's transaction never commits


def test_asking_for_information_mails_the_indiener_only(
    submitted, actors, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.request_information(
            request=submitted, actor=actors["voorzitter"], note="Welke gemeenten doen mee?"
        )
    assert recipients(mailoutbox) == [actors["indiener"].email]
    for body in bodies(mailoutbox[0]):
        assert "Welke gemeenten doen mee?" in body
        assert submitted.title in body


@pytest.mark.parametrize("approve", [True, False])
def test_the_decision_mails_the_indiener_only_with_the_motivation(
    approve, submitted, actors, mailoutbox, django_capture_on_commit_callbacks
):
    assess_all(submitted, actors["voorzitter"])
    CriterionAssessment.objects.filter(request=submitted, criterion="haalbaar").update(met=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_request(
            request=submitted,
            actor=actors["voorzitter"],
            approve=approve,
            motivation="Dit is de motivering van het besluit.",
            override_motivation="Haalbaar met extra capaciteit van de politie.",
        )
    assert recipients(mailoutbox) == [actors["indiener"].email]
    message = mailoutbox[0]
    assert submitted.title in message.subject
    for body in bodies(message):
        assert "Dit is de motivering van het besluit." in body
        assert ("Haalbaar met extra capaciteit van de politie." in body) is approve


def test_withdrawing_and_saving_mail_nobody(actors, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = services.create_request(
            author=actors["indiener"], data=complete_data(), gemeenten=first_gemeenten(7)
        )
        request = services.update_request(
            request=request,
            actor=actors["collega"],
            data=complete_data(title="Nieuwe titel"),
            gemeenten=first_gemeenten(7),
            expected_version=1,
        )
        services.withdraw_request(request=request, actor=actors["indiener"], note="Weg ermee.")
    assert mailoutbox == []
    assert list(RequestEvent.objects.values_list("transition", flat=True)) == ["withdraw"]


def test_an_account_without_organisation_cannot_create_a_request():
    from tests.intake.scenario import make_user

    homeless = make_user("t_zonder_organisatie", Role.PLATFORMLID, "Hengelo")
    homeless.organisation = None
    homeless.save()
    with pytest.raises(ValidationError):
        services.create_request(author=homeless, data=complete_data(), gemeenten=[])
    assert not ProjectRequest.objects.exists()
