"""The world the view sweep walks: people in every role and relation, and one object of each
kind that a URL points at, built directly with tests/factories.py.

Subjects (who asks):
- the five global roles, each in an organisation of its own;
- `indiener`: the platformlid of Hengelo who submitted the requests (her organisation is
  the requesting organisation of both projects);
- `projectleider`: a platformlid of Losser who leads every project;
- `portefeuillehouder`: a dvo_lid of Wierden, sponsor of every project (the plain `dvo_lid`
  is nobody's sponsor);
- `groepslid`: a platformlid of Dinkelland in the projectgroep of the confidential project;
- `buitenstaander`: a platformlid of Tubbergen, with no relation to anything.

The open project (`project`) is running; the confidential one (`secret`) is being evaluated;
`prepared` is an open project whose plan is still a concept.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from platform_ivz.api import tokens
from platform_ivz.core.roles import Role
from projects.models import ActionItem
from reporting.models import ReportVersion
from tests.factories import (
    MINIMAL_PDF,
    AgendaItemFactory,
    AttachmentFactory,
    BeslispuntFactory,
    ContributionYearFactory,
    EvaluationFactory,
    GroupMemberFactory,
    IdentityProviderFactory,
    IncomeLineFactory,
    MeetingFactory,
    MunicipalityYearFactory,
    OrganisationFactory,
    PartnerPledgeFactory,
    ProgressReportFactory,
    ProjectFactory,
    ProjectPlanFactory,
    ProjectRequestFactory,
    UserFactory,
)

ANONYMOUS = "anonymous"

# name: (role, organisation)
SUBJECT_SPECS = {
    "voorzitter": (Role.VOORZITTER, "Almelo"),
    "regiocoordinator": (Role.REGIOCOORDINATOR, "Enschede"),
    "beheerder": (Role.BEHEERDER, "Borne"),
    "dvo_lid": (Role.DVO_LID, "Enschede"),
    # Reads what a DVO member reads (seed §7, output); submits nothing, decides nothing.
    "gemeentesecretaris": (Role.GEMEENTESECRETARIS, "Twenterand"),
    "portefeuillehouder": (Role.DVO_LID, "Wierden"),
    "projectleider": (Role.PLATFORMLID, "Losser"),
    "indiener": (Role.PLATFORMLID, "Hengelo"),
    "groepslid": (Role.PLATFORMLID, "Dinkelland"),
    "buitenstaander": (Role.PLATFORMLID, "Tubbergen"),
}
SIGNED_IN = tuple(SUBJECT_SPECS)
SUBJECTS = (ANONYMOUS, *SIGNED_IN)

CONTRIBUTION_YEAR = 2026


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def _user(name: str):
    role, organisation = SUBJECT_SPECS[name]
    return UserFactory(
        username=f"sweep_{name}",
        first_name=name.title(),
        last_name="Sweep",
        roles=[role],
        organisation=OrganisationFactory(name=organisation),
    )


def build_world() -> World:
    users = {name: _user(name) for name in SIGNED_IN}
    indiener = users["indiener"]
    leader = users["projectleider"]
    holder = users["portefeuillehouder"]
    today = timezone.localdate()
    objects = {}

    # Requests of Hengelo in the states the intake pages care about, one of them the chair's.
    objects["concept_request"] = ProjectRequestFactory(indiener=indiener, status="concept")
    objects["attachment"] = AttachmentFactory(request=objects["concept_request"])
    objects["submitted_request"] = ProjectRequestFactory(indiener=indiener, status="ingediend")
    objects["chairs_request"] = ProjectRequestFactory(
        indiener=users["voorzitter"], status="ingediend"
    )

    def project(status, vertrouwelijk, **kwargs):
        return ProjectFactory(
            status=status,
            confidential=vertrouwelijk,
            projectleider=leader,
            portefeuillehouder=holder,
            request__indiener=indiener,
            start_date=datetime.date(today.year - 1, 1, 1),
            end_date=datetime.date(today.year + 1, 12, 31),
            **kwargs,
        )

    running = objects["project"] = project("in_uitvoering", False)
    secret = objects["secret"] = project("evaluatie", True)
    prepared = objects["prepared"] = project("in_voorbereiding", False)
    objects["open_request"] = running.request
    objects["secret_request"] = secret.request

    objects["running_plan"] = ProjectPlanFactory(
        project=running, status="vastgesteld", created_by=leader
    )
    ProjectPlanFactory(project=secret, status="vastgesteld", created_by=leader)
    ProjectPlanFactory(project=prepared, status="concept", created_by=leader)
    objects["evaluation"] = EvaluationFactory(project=secret, status="concept")
    GroupMemberFactory(
        project=secret, user=users["groepslid"], start_date=datetime.date(today.year - 1, 1, 1)
    )

    objects["concept_report"] = ProgressReportFactory(project=running, status="concept")
    objects["submitted_report"] = ProgressReportFactory(
        project=running,
        status="ingediend",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 6, 30),
        due_date=datetime.date(2025, 7, 31),
    )
    objects["secret_report"] = ProgressReportFactory(project=secret, status="ingediend")
    objects["beslispunt"] = BeslispuntFactory(project=running, raised_by=leader)

    # A Platform meeting that has been held, with an undecided item, and one still to come.
    objects["held_meeting"] = MeetingFactory(body="platform", date=today - datetime.timedelta(30))
    objects["open_item"] = AgendaItemFactory(
        meeting=objects["held_meeting"], kind="beslispunt", beslispunt=objects["beslispunt"]
    )
    objects["coming_meeting"] = MeetingFactory(body="dvo", date=today + datetime.timedelta(30))
    objects["coming_item"] = AgendaItemFactory(
        meeting=objects["coming_meeting"],
        kind="evaluation",
        evaluation=objects["evaluation"],
    )

    # Free items of the held meeting: one with an attachment; the next Platform meeting (held
    # too) adopts its verslag under its "vaststellen verslag" item.
    objects["free_item"] = AgendaItemFactory(
        meeting=objects["held_meeting"],
        kind="free",
        title="Mededelingen",
        presenter="Voorzitter",
        attachment=ContentFile(MINIMAL_PDF, name="notitie.pdf"),
        attachment_name="notitie.pdf",
    )
    objects["next_meeting"] = MeetingFactory(body="platform", date=today - datetime.timedelta(2))
    objects["minutes_item"] = AgendaItemFactory(
        meeting=objects["next_meeting"],
        kind="minutes",
        title="Vaststellen verslag",
        minutes_of=objects["held_meeting"],
    )

    # A held meeting that decided on the running project's plan.
    objects["decided_meeting"] = MeetingFactory(body="dvo", date=today - datetime.timedelta(60))
    objects["decided_item"] = AgendaItemFactory(
        meeting=objects["decided_meeting"],
        kind="plan",
        plan=objects["running_plan"],
        decision="vastgesteld",
        decided_by=users["voorzitter"],
        decided_at=timezone.now(),
    )

    # A contribution year with a gemeente, a partner and an income line; another year's line.
    year = objects["year"] = ContributionYearFactory(year=CONTRIBUTION_YEAR)
    objects["municipality"] = MunicipalityYearFactory(
        settings=year, organisation=indiener.organisation
    )
    objects["pledge"] = PartnerPledgeFactory(settings=year)
    objects["income_line"] = IncomeLineFactory(settings=year)
    objects["other_year_line"] = IncomeLineFactory(
        settings=ContributionYearFactory(year=CONTRIBUTION_YEAR - 1)
    )

    # A concept and a final jaarplan of this year (stored PDFs; nothing is rendered).
    def version(status, number):
        return ReportVersion.objects.create(
            kind="jaarplan",
            year=today.year,
            status=status,
            number=number,
            pdf=MINIMAL_PDF,
            size=len(MINIMAL_PDF),
            sha256=hashlib.sha256(MINIMAL_PDF).hexdigest(),
            created_by=users["regiocoordinator"],
            created_at=timezone.now(),
            finalised_at=timezone.now() if status == "definitief" else None,
        )

    # For the admin: an organisation with a history row, and someone's authenticator device
    # (not a subject's: a subject with a device would owe the second sign-in step).
    indiener.organisation.save()
    objects["totp_device"] = TOTPDevice.objects.create(
        user=UserFactory(username="sweep_met_app"), name="telefoon", confirmed=True
    )

    # An organisation's own provider (sign-in through it); unreachable, so a sweep that starts
    # a sign-in there is refused at once and sent back to the sign-in page.
    objects["identity_provider"] = IdentityProviderFactory(
        organisation=indiener.organisation, issuer="http://127.0.0.1:9"
    )
    # A personal API token of the indiener (platform_ivz/api).
    objects["api_token"] = tokens.create_token(
        user=indiener, name="Dashboard Hengelo", expires_on=today + datetime.timedelta(days=30)
    ).token

    objects["concept_version"] = version("concept", 1)
    objects["final_version"] = version("definitief", 2)

    # Actiepunten: the projectleider's under the held meeting's item, the groepslid's under the
    # confidential project's item, and one done already.
    def action(meeting, item, owner, **kwargs):
        return ActionItem.objects.create(
            meeting=meeting,
            agenda_item=item,
            description=f"Actie voor {owner.first_name}",
            owner=owner,
            due_date=today,
            created_by=users["regiocoordinator"],
            **kwargs,
        )

    objects["action"] = action(objects["held_meeting"], objects["open_item"], leader)
    objects["secret_action"] = action(
        objects["coming_meeting"], objects["coming_item"], users["groepslid"]
    )
    objects["done_action"] = action(
        objects["held_meeting"], None, leader, status="done", done_at=timezone.now()
    )
    return World(users=users, objects=objects)
