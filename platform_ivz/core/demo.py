"""Demo accounts: one per role plus a few more platformleden. Only for `load_demo_data`."""

from django.contrib.auth.models import Group
from django.db import transaction

from platform_ivz.core.models import Organisation, User
from platform_ivz.core.reference import create_reference_data
from platform_ivz.core.roles import Role

DEMO_PASSWORD = "ivz-demo-wachtwoord"  # noqa: S105 - printed and documented on purpose

VRT = "Brandweer Twente (Veiligheidsregio Twente)"

DEMO_USERS = [
    # username, first name, last name, organisation, job title, roles
    ("voorzitter", "Marieke", "Jansen", "Almelo", "Voorzitter Platform IVZ", [Role.VOORZITTER]),
    (
        "regiocoordinator",
        "Erik",
        "Bosch",
        VRT,
        "Regiocoördinator Veiligheid",
        [Role.REGIOCOORDINATOR],
    ),
    ("platformlid", "Sanne", "de Vries", "Hengelo", "IVZ-coördinator", [Role.PLATFORMLID]),
    ("dvo", "Hans", "Oosterhuis", "Enschede", "Burgemeester", [Role.DVO_LID]),
    ("beheerder", "Lotte", "Smit", VRT, "Functioneel beheerder", [Role.BEHEERDER]),
    ("hengelo2", "Joost", "Mulder", "Hengelo", "Beleidsadviseur OOV", [Role.PLATFORMLID]),
    ("enschede", "Fatima", "El Amrani", "Enschede", "IVZ-coördinator", [Role.PLATFORMLID]),
    ("borne", "Peter", "Hofman", "Borne", "IVZ-coördinator", [Role.PLATFORMLID]),
    ("almelo", "Ingrid", "Wolters", "Almelo", "IVZ-coördinator", [Role.PLATFORMLID]),
    (
        "politie",
        "Ruud",
        "Kamphuis",
        "Politie Oost-Nederland (district Twente)",
        "Districtschef-adviseur",
        [Role.PLATFORMLID],
    ),
    (
        "veiligheidshuis",
        "Anouk",
        "Brink",
        "Veiligheidshuis Twente",
        "Ketenmanager",
        [Role.PLATFORMLID],
    ),
    ("dvo_almelo", "Arjen", "Gerritsen", "Almelo", "Burgemeester", [Role.DVO_LID]),
    # Seed §7: the gemeentesecretaris of Twenterand holds the IVZ portfolio in the Kring.
    (
        "gemeentesecretaris",
        "Wilma",
        "Nijhuis",
        "Twenterand",
        "Coördinerend gemeentesecretaris IVZ",
        [Role.GEMEENTESECRETARIS],
    ),
]


@transaction.atomic
def load_users() -> list[User]:
    create_reference_data(Organisation, Group)
    users = []
    for username, first, last, org_name, job_title, roles in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.platform-ivz.nl",
                "organisation": Organisation.objects.get(name=org_name),
                "job_title": job_title,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.set(Group.objects.filter(name__in=roles))
        users.append(user)
    return users
