import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from platform_ivz.core.models import IdentityProvider, Organisation, User
from platform_ivz.core.roles import Role
from platform_ivz.core.sso import encrypt_secret

PASSWORD = "een-lang-test-wachtwoord"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = "Hengelo"
    kind = Organisation.Kind.GEMEENTE
    basisteam = "Midden"


class PartnerFactory(OrganisationFactory):
    name = "Politie Oost-Nederland (district Twente)"
    kind = Organisation.Kind.PARTNER
    basisteam = ""


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.nl")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            self.groups.add(Group.objects.get_or_create(name=role)[0])


def user_with_role(role: str, organisation_name: str = "Hengelo", **kwargs) -> User:
    kind = Organisation.Kind.GEMEENTE
    organisation = OrganisationFactory(name=organisation_name, kind=kind)
    return UserFactory(roles=[role], organisation=organisation, **kwargs)


def person(username: str, role: str, organisation: str) -> User:
    """A user named `username` with one role, working for `organisation`."""
    return UserFactory(
        username=username, roles=[role], organisation=OrganisationFactory(name=organisation)
    )


ALL_ROLES = list(Role.values)


# Intake and projects. Models are named by "app.Model" so that this module keeps its imports.
# These build rows directly; tests where the workflow matters go through intake.services.

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def gemeenten_by_name(*names):
    return list(Organisation.objects.filter(kind=Organisation.Kind.GEMEENTE, name__in=names))


class ProjectRequestFactory(factory.django.DjangoModelFactory):
    """A complete projectverzoek; `gemeenten` takes a number (the first n by name) or a list."""

    class Meta:
        model = "intake.ProjectRequest"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Projectverzoek {n}")
    on_behalf_of = "dvo"
    aanleiding = "Een reeks woninginbraken in de regio."
    doelstelling = "Minder woninginbraken in Twente."
    betrokken_partners = "Politie, gemeenten en het Openbaar Ministerie."
    afbakening = "Geen fysieke maatregelen aan woningen."
    risicos = "Verplaatsing naar andere regio's."
    verwacht_resultaat = "Een regionaal draaiboek en een gezamenlijke aanpak."
    capaciteit_expertise = "Een projectleider 8 uur per week en een analist van de politie."
    planning = "Start in het eerste kwartaal, draaiboek klaar na een jaar."
    financien = "Uit het budget van het Platform, ongeveer 15.000 euro."
    communicatie = "Via de lokale driehoeken en de nieuwsbrief van het Platform."
    theme = "woninginbraken"
    status = "concept"
    vertrouwelijk = False
    indiener = factory.SubFactory(UserFactory, roles=[Role.PLATFORMLID])
    organisation = factory.SelfAttribute("indiener.organisation")

    @factory.post_generation
    def gemeenten(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = 3
        if isinstance(extracted, int):
            extracted = Organisation.objects.filter(kind=Organisation.Kind.GEMEENTE).order_by(
                "name"
            )[:extracted]
        self.gemeenten.set(extracted)


class CriterionAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "intake.CriterionAssessment"

    request = factory.SubFactory(ProjectRequestFactory, status="ingediend")
    criterion = "primaat_oov"
    met = True
    note = "Voldoet."
    assessed_by = factory.SubFactory(UserFactory, roles=[Role.VOORZITTER])


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A real (tiny) PDF, stored under the generated name of intake.models.attachment_path."""

    class Meta:
        model = "intake.Attachment"

    request = factory.SubFactory(ProjectRequestFactory)
    file = factory.django.FileField(data=MINIMAL_PDF, filename="notitie.pdf")
    original_name = "notitie.pdf"
    content_type = "application/pdf"
    size = len(MINIMAL_PDF)
    uploaded_by = factory.SelfAttribute("request.indiener")


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project from an approved request (as the request_approved signal would create it).

    The one way tests build a project: the builders of the test folders (project_with_people,
    contributions' builders.project, the report scenarios, the sweep's world) are thin wrappers
    around it. Traits and hooks, combined freely, e.g.
    `ProjectFactory(running=True, confidential=True, with_people=True, with_plan=True)`:

    - the status: `staffed` (in_voorbereiding), `running` (in_uitvoering), `evaluating`
      (evaluatie), `finished` (afgerond); without one the project waits for its people
      (te_bemensen), as the approval leaves it;
    - `confidential`: the request, and so the project, is vertrouwelijk;
    - `with_people`: a request from Oldenzaal, led by people of other municipalities; after
      creation `project.people` holds the projectleider (Wierden, unless one is given),
      portefeuillehouder (Hof van Twente), a projectgroep member (groepslid, Losser) and an
      outsider (buitenstaander: a platformlid of Tubbergen). `prefix` keeps the usernames of
      two callers apart; the number of projects so far keeps calls apart;
    - `with_plan`: version 1 of the plan, approved by the DVO (vastgesteld), written by the
      projectleider; `plan__<field>=...` sets the plan's fields;
    - `approved_on=<date>`: the event that set the project running, dated that day (as the
      reports read it);
    - `members=[user, ...]`: each one in the projectgroep (`members__<field>` for all).
    """

    class Meta:
        model = "projects.Project"
        skip_postgeneration_save = True

    request = factory.SubFactory(
        ProjectRequestFactory,
        status="goedgekeurd",
        vertrouwelijk=factory.SelfAttribute("..confidential"),
        # Set here, not as the trait's request__indiener: factory_boy passes a trait's nested
        # override on as a Skip value when the trait is off.
        indiener=factory.Maybe(
            "..with_people",
            yes_declaration=factory.LazyAttribute(
                lambda request: _around(request.factory_parent, "ind", Role.PLATFORMLID)
            ),
            no_declaration=factory.SubFactory(UserFactory, roles=[Role.PLATFORMLID]),
        ),
    )
    title = factory.SelfAttribute("request.title")
    vertrouwelijk = factory.SelfAttribute("request.vertrouwelijk")
    status = "te_bemensen"

    class Params:
        staffed = factory.Trait(status="in_voorbereiding")
        running = factory.Trait(status="in_uitvoering")
        evaluating = factory.Trait(status="evaluatie")
        finished = factory.Trait(status="afgerond")
        confidential = False  # ProjectFactory(confidential=True): read by `request` above
        prefix = ""
        number = factory.LazyFunction(lambda: _project_count())
        with_people = factory.Trait(
            projectleider=factory.LazyAttribute(lambda p: _around(p, "pl", Role.PLATFORMLID)),
            portefeuillehouder=factory.LazyAttribute(lambda p: _around(p, "ph", Role.DVO_LID)),
            groepslid=factory.RelatedFactory(
                "tests.factories.GroupMemberFactory",
                factory_related_name="project",
                user=factory.LazyAttribute(
                    lambda m: _around(m.factory_parent, "gl", Role.PLATFORMLID)
                ),
                start_date=datetime.date(2025, 1, 1),
            ),
            buitenstaander=factory.RelatedFactory(
                UserFactory,
                factory_related_name="",
                username=factory.LazyAttribute(
                    lambda u: f"{u.factory_parent.prefix}bu{u.factory_parent.number}"
                ),
                roles=[Role.PLATFORMLID],
                organisation=factory.SubFactory(OrganisationFactory, name="Tubbergen"),
            ),
        )
        with_plan = factory.Trait(
            plan=factory.RelatedFactory(
                "tests.factories.ProjectPlanFactory",
                factory_related_name="project",
                status="vastgesteld",
            )
        )

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if results and results.get("groepslid"):
            instance.people = {
                "projectleider": instance.projectleider,
                "portefeuillehouder": instance.portefeuillehouder,
                "groepslid": results["groepslid"].user,
                "buitenstaander": results["buitenstaander"],
            }

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        for user in extracted or []:
            GroupMemberFactory(project=self, user=user, **kwargs)

    @factory.post_generation
    def approved_on(self, create, extracted, **kwargs):
        if create and extracted:
            ProjectEventFactory(
                project=self,
                transition="in_uitvoering",
                to_status="in_uitvoering",
                actor=self.projectleider or UserFactory(),
                at=extracted,
            )

    @classmethod
    def with_people(cls, status="in_uitvoering", vertrouwelijk=False, *, prefix="", **kwargs):
        """ProjectFactory(with_people=True, ...) as a call: a running, open project unless
        said otherwise (the signature the area tests were written against)."""
        if kwargs.get("projectleider", ...) is None:
            del kwargs["projectleider"]
        return cls(
            with_people=True,
            status=status,
            confidential=vertrouwelijk,
            prefix=prefix,
            **kwargs,
        )


_AROUND = {"ind": "Oldenzaal", "pl": "Wierden", "ph": "Hof van Twente", "gl": "Losser"}


def _around(project, key: str, role: str) -> User:
    """One of the people of ProjectFactory's with_people trait."""
    return person(f"{project.prefix}{key}{project.number}", role, _AROUND[key])


def _project_count() -> int:
    from projects.models import Project

    return Project.objects.count()


class ProjectEventFactory(factory.django.DjangoModelFactory):
    """A workflow event of a project; `at` dates it (a date means noon that day), which
    auto_now_add does not allow on create, so it is written afterwards."""

    class Meta:
        model = "projects.ProjectEvent"
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    transition = factory.SelfAttribute("to_status")
    from_status = ""
    to_status = "in_uitvoering"
    actor = factory.SubFactory(UserFactory)

    @factory.post_generation
    def at(self, create, extracted, **kwargs):
        if not (create and extracted):
            return
        if not isinstance(extracted, datetime.datetime):
            extracted = timezone.make_aware(datetime.datetime.combine(extracted, datetime.time(12)))
        type(self).objects.filter(pk=self.pk).update(at=extracted)
        self.at = extracted


class GroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.GroupMember"

    project = factory.SubFactory(ProjectFactory)
    user = factory.SubFactory(UserFactory, roles=[Role.PLATFORMLID])
    organisation = factory.SelfAttribute("user.organisation")
    function = "deelnemer"
    hours_per_week = 4
    start_date = factory.Faker("date_this_year")


# Throughput rows (evaluation and portfolio; usable by every area).


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "core.Meeting"

    body = "platform"
    date = factory.Faker("date_this_year")
    location = "Hengelo, stadhuis"


class ProjectPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.ProjectPlan"

    project = factory.SubFactory(ProjectFactory, status="in_voorbereiding")
    number = 1
    # Before returned versions existed every later version was an amendment.
    amendment = factory.LazyAttribute(lambda plan: plan.number > 1)
    status = "concept"
    doelstelling = "Minder woninginbraken in Twente."
    projectresultaat = "Een gedeelde aanpak in alle veertien gemeenten."
    betrokken_partners = "Politie, Openbaar Ministerie en de gemeenten."
    created_by = factory.LazyAttribute(lambda plan: plan.project.projectleider or UserFactory())


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Indicator"

    project = factory.SubFactory(ProjectFactory, status="in_uitvoering")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "aantal"
    baseline = None
    target = 100


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Measurement"

    indicator = factory.SubFactory(IndicatorFactory)
    value = 50
    measured_on = factory.Faker("date_this_year")
    source = "Politie"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Milestone"

    project = factory.SubFactory(ProjectFactory, status="in_uitvoering")
    name = factory.Sequence(lambda n: f"Mijlpaal {n}")
    planned_date = factory.Faker("date_this_year")
    status = "gepland"


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.BudgetLine"

    project = factory.SubFactory(ProjectFactory, status="in_uitvoering")
    description = "Inhuur projectondersteuning"
    funding_source = "platform"
    year = 2026
    planned_amount = 10000
    realised_amount = None  # not reported (docs/ARCHITECTURE.md §6.1)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.ProgressReport"

    project = factory.SubFactory(ProjectFactory, status="in_uitvoering")
    period_start = datetime.date(2025, 7, 1)
    period_end = datetime.date(2025, 12, 31)
    due_date = datetime.date(2026, 1, 31)
    status = "concept"


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Evaluation"

    project = factory.SubFactory(ProjectFactory, status="evaluatie")
    status = "concept"


# Progress reports (report area).


class BeslispuntFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Beslispunt"

    project = factory.SubFactory(ProjectFactory, status="in_uitvoering")
    text = factory.Sequence(lambda n: f"Het DVO besluit over voorstel {n}.")
    status = "open"
    raised_by = factory.SubFactory(UserFactory, roles=[Role.PLATFORMLID])


# Meetings and their agenda (meeting area).


class AgendaItemFactory(factory.django.DjangoModelFactory):
    """An item on a meeting's agenda; give it a plan, evaluation or beslispunt and its kind."""

    class Meta:
        model = "projects.AgendaItem"

    meeting = factory.SubFactory(MeetingFactory)
    project = factory.LazyAttribute(
        lambda item: (
            (item.plan or item.evaluation or item.beslispunt).project
            if (item.plan or item.evaluation or item.beslispunt)
            else None  # a free item (kind "free" or "minutes")
        )
    )
    kind = "plan"
    plan = None
    evaluation = None
    beslispunt = None
    order = factory.Sequence(lambda n: n + 1)
    decision = "open"


# Contributions (contributions area): years with the seed's brackets, rows per organisation.


class ContributionYearFactory(factory.django.DjangoModelFactory):
    """A contribution year with the brackets of footnote 5 (pass with_brackets=False for none)."""

    class Meta:
        model = "contributions.YearSettings"
        django_get_or_create = ["year"]
        skip_postgeneration_save = True

    year = factory.Sequence(lambda n: 2040 + n)
    tariff_per_inhabitant = Decimal("0.20")
    projectleider_hours_per_week = Decimal("4")

    @factory.post_generation
    def with_brackets(self, create, extracted, **kwargs):
        from contributions.models import Bracket
        from contributions.reference import BRACKETS

        if not create or extracted is False or self.brackets.exists():
            return
        for maximum, hours, value, surcharge in BRACKETS:
            Bracket.objects.create(
                settings=self,
                max_population=maximum,
                hours_per_week=hours,
                labour_value=value,
                surcharge_per_inhabitant=surcharge,
            )


class MunicipalityYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contributions.MunicipalityYear"
        django_get_or_create = ["settings", "organisation"]

    settings = factory.SubFactory(ContributionYearFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    population = 30000
    choice = "uren"


class PartnerPledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contributions.PartnerPledge"
        django_get_or_create = ["settings", "organisation"]

    settings = factory.SubFactory(ContributionYearFactory)
    organisation = factory.SubFactory(PartnerFactory)
    contact_name = "J. Jansen"
    hours_per_week = Decimal("4")


class IncomeLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contributions.IncomeLine"

    settings = factory.SubFactory(ContributionYearFactory)
    kind = "subsidie"
    description = factory.Sequence(lambda n: f"Subsidie {n}")
    amount = Decimal("10000.00")


class IdentityProviderFactory(factory.django.DjangoModelFactory):
    """An organisation's OpenID Connect provider (platform_ivz.core.sso); the client secret
    is `<client_id>-secret`, as the local test provider's (tests/sso/provider.mjs)."""

    class Meta:
        model = IdentityProvider
        django_get_or_create = ["organisation"]

    organisation = factory.SubFactory(OrganisationFactory)
    issuer = "https://login.example.nl"
    client_id = factory.LazyAttribute(lambda p: p.organisation.name.lower())
    client_secret_encrypted = factory.LazyAttribute(
        lambda p: encrypt_secret(f"{p.client_id}-secret")
    )
    email_domains = factory.LazyAttribute(lambda p: f"{p.organisation.name.lower()}.nl")
