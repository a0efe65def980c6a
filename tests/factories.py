import factory
from django.contrib.auth.models import Group

from platform_ivz.core.models import Organisation, User
from platform_ivz.core.roles import Role

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


ALL_ROLES = list(Role.values)
