"""The people and requests the intake tests share, built through intake.services."""

from django.utils import translation

from intake import services
from intake.formats import CRITERIA
from intake.models import CriterionAssessment, ProjectRequest
from platform_ivz.core.models import Organisation
from platform_ivz.core.roles import Role
from tests.factories import OrganisationFactory, UserFactory

Status = ProjectRequest.Status

POLITIE = "Politie Oost-Nederland (district Twente)"

# name: (role or None, organisation). The request under test is always the indiener's,
# from Hengelo; the global roles sit in other organisations so that only the role counts.
ACTOR_SPECS = {
    "indiener": (Role.PLATFORMLID, "Hengelo"),
    "collega": (Role.PLATFORMLID, "Hengelo"),
    "collega_beheerder": (Role.BEHEERDER, "Hengelo"),
    "collega_regiocoordinator": (Role.REGIOCOORDINATOR, "Hengelo"),
    "voorzitter": (Role.VOORZITTER, "Enschede"),
    "regiocoordinator": (Role.REGIOCOORDINATOR, "Enschede"),
    "platformlid": (Role.PLATFORMLID, "Enschede"),
    "dvo_lid": (Role.DVO_LID, POLITIE),
    "beheerder": (Role.BEHEERDER, "Enschede"),
    "andere_organisatie": (Role.PLATFORMLID, "Almelo"),
}


def make_user(username: str, role: str | None, organisation: str, **kwargs):
    return UserFactory(
        username=username,
        first_name=username.replace("_", " ").title(),
        last_name="de Vries",  # no Faker name with an apostrophe that HTML would escape
        roles=[role] if role else [],
        organisation=OrganisationFactory(name=organisation),
        **kwargs,
    )


def make_actors(names=None) -> dict:
    return {name: make_user(f"t_{name}", *ACTOR_SPECS[name]) for name in (names or ACTOR_SPECS)}


def first_gemeenten(count: int) -> list[Organisation]:
    return list(Organisation.objects.filter(kind=Organisation.Kind.GEMEENTE).order_by("name"))[
        :count
    ]


def complete_data(**overrides) -> dict:
    data = {
        "title": "Aanpak woninginbraken",
        "on_behalf_of": ProjectRequest.OnBehalfOf.DVO,
        "on_behalf_organisation": None,
        "aanleiding": "Het aantal woninginbraken stijgt in heel Twente.",
        "doelstelling": "Minder woninginbraken.",
        "betrokken_partners": "Politie en gemeenten.",
        "afbakening": "Geen fysieke maatregelen.",
        "risicos": "Verplaatsing naar andere regio's.",
        "verwacht_resultaat": "Een regionaal draaiboek woninginbraken.",
        "capaciteit_expertise": "Een projectleider 8 uur per week en een analist.",
        "planning": "Start in maart, draaiboek klaar in december.",
        "financien": "Uit het budget van het Platform, ongeveer 15.000 euro.",
        "communicatie": "Via de lokale driehoeken en de nieuwsbrief.",
        "theme": "woninginbraken",
        "vertrouwelijk": False,
    }
    data.update(overrides)
    return data


def assess_all(request: ProjectRequest, by, met=True) -> None:
    """Every criterion assessed, directly (whatever the status); for the workflow tables."""
    for criterion, _label in CRITERIA:
        CriterionAssessment.objects.update_or_create(
            request=request,
            criterion=criterion,
            defaults={"met": met, "note": "Beoordeeld.", "assessed_by": by},
        )


def request_in_status(
    status: str, *, indiener, reviewer, gemeenten=None, files=(), **data
) -> ProjectRequest:
    """A request brought into `status` the way people do it: through the services."""
    request = services.create_request(
        author=indiener,
        data=complete_data(**data),
        gemeenten=first_gemeenten(7) if gemeenten is None else gemeenten,
        files=files,
    )
    if status == Status.CONCEPT:
        return request
    if status == Status.INGETROKKEN:
        return services.withdraw_request(request=request, actor=indiener, note="Niet meer nodig.")
    request = services.submit_request(request=request, actor=indiener)
    if status == Status.INGEDIEND:
        return request
    if status == Status.AANVULLING_GEVRAAGD:
        return services.request_information(
            request=request, actor=reviewer, note="Graag de cijfers per gemeente."
        )
    services.save_screening(
        request=request,
        actor=reviewer,
        assessments={criterion: (True, "Voldoet.") for criterion, _label in CRITERIA},
    )
    if status == Status.GOEDGEKEURD:
        return services.decide_request(
            request=request, actor=reviewer, approve=True, motivation="Past in de focusagenda."
        )
    if status == Status.AFGEWEZEN:
        return services.decide_request(
            request=request, actor=reviewer, approve=False, motivation="Geen regionale opgave."
        )
    raise AssertionError(status)


def dutch(msgid: str, **params) -> str:
    """The Dutch text of a source string, checked to be translated (not the English)."""
    with translation.override("nl"):
        text = translation.gettext(msgid)
    assert text != msgid, f"not translated to Dutch: {msgid!r}"
    return text % params if params else text


# --- The permission matrix's world ---------------------------------------------------------

# name: (role, organisation). Requests of "another organisation" are Borne's (auteur_borne).
MATRIX_USERS = {
    "voorzitter": (Role.VOORZITTER, "Enschede"),
    "regiocoordinator": (Role.REGIOCOORDINATOR, "Enschede"),
    "platformlid": (Role.PLATFORMLID, "Enschede"),
    "dvo_lid": (Role.DVO_LID, POLITIE),
    "beheerder": (Role.BEHEERDER, "Enschede"),
    "indiener": (Role.PLATFORMLID, "Hengelo"),
    "collega": (Role.PLATFORMLID, "Hengelo"),
    "andere_organisatie": (Role.PLATFORMLID, "Almelo"),
    "auteur_borne": (Role.PLATFORMLID, "Borne"),
    "projectleider": (Role.PLATFORMLID, "Losser"),
    "portefeuillehouder": (Role.DVO_LID, "Openbaar Ministerie"),
    "groepslid": (Role.PLATFORMLID, "Oldenzaal"),
}

# Every title holds SEARCH_WORD; so does every request's aanleiding (complete_data).
SEARCH_WORD = "woninginbraken"
WORLD_TITLES = {
    "own_concept": "Eigen concept over woninginbraken",
    "submitted_other": "Ingediend verzoek van Borne over woninginbraken",
    "vertrouwelijk_other": "Vertrouwelijk verzoek van Borne over woninginbraken",
    "approved_public": "Goedgekeurd openbaar verzoek over woninginbraken",
    "approved_vertrouwelijk": "Goedgekeurd vertrouwelijk verzoek over woninginbraken",
}


def pdf_upload(name="notitie.pdf", data=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import MINIMAL_PDF

    return SimpleUploadedFile(name, data or MINIMAL_PDF, content_type="application/pdf")


def build_world():
    """The matrix's users and five requests (each with an attachment), made as people do."""
    from projects.models import Project
    from projects.services import assign_people
    from tests.factories import GroupMemberFactory

    users = {name: make_user(f"m_{name}", *spec) for name, spec in MATRIX_USERS.items()}
    reviewer = users["voorzitter"]

    def make(key, status, indiener, **data):
        return request_in_status(
            status,
            indiener=users[indiener],
            reviewer=reviewer,
            title=WORLD_TITLES[key],
            files=[pdf_upload()],
            **data,
        )

    requests = {
        "own_concept": make("own_concept", Status.CONCEPT, "indiener"),
        "submitted_other": make("submitted_other", Status.INGEDIEND, "auteur_borne"),
        "vertrouwelijk_other": make(
            "vertrouwelijk_other", Status.INGEDIEND, "auteur_borne", vertrouwelijk=True
        ),
        "approved_public": make("approved_public", Status.GOEDGEKEURD, "auteur_borne"),
        "approved_vertrouwelijk": make(
            "approved_vertrouwelijk", Status.GOEDGEKEURD, "auteur_borne", vertrouwelijk=True
        ),
    }
    project = Project.objects.get(request=requests["approved_vertrouwelijk"])
    assign_people(
        project=project,
        actor=reviewer,
        projectleider=users["projectleider"],
        portefeuillehouder=users["portefeuillehouder"],
    )
    GroupMemberFactory(project=project, user=users["groepslid"])
    return users, requests


def form_data(gemeenten=(), **overrides) -> dict:
    """complete_data as the request form posts it (no None, checkbox only when ticked)."""
    data = {}
    for name, value in complete_data(**overrides).items():
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else getattr(value, "pk", value)
    if gemeenten:
        data["gemeenten"] = [gemeente.pk for gemeente in gemeenten]
    return data
