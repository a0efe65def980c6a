"""Reference data of docs/ARCHITECTURE.md §7: the 14 gemeenten, the partners and the roles.

Functions take model classes so that data migrations can pass historical models.
"""

from platform_ivz.core.roles import Role

GEMEENTEN = [
    # (name, basisteam)
    ("Hengelo", "Midden"),
    ("Borne", "Midden"),
    ("Hof van Twente", "Midden"),
    ("Haaksbergen", "Midden"),
    ("Almelo", "Noord"),
    ("Twenterand", "Noord"),
    ("Oldenzaal", "Noord-Oost"),
    ("Losser", "Noord-Oost"),
    ("Dinkelland", "Noord-Oost"),
    ("Tubbergen", "Noord-Oost"),
    ("Wierden", "West"),
    ("Hellendoorn", "West"),
    ("Rijssen-Holten", "West"),
    ("Enschede", "Enschede"),
]

PARTNERS = [
    "Politie Oost-Nederland (district Twente)",
    "Openbaar Ministerie",
    "Veiligheidshuis Twente",
    "RIEC Oost-Nederland",
    "Brandweer Twente (Veiligheidsregio Twente)",
    "Zorgkolom/GGD",
]


def create_reference_data(organisation_model, group_model):
    for name, basisteam in GEMEENTEN:
        organisation_model.objects.get_or_create(
            name=name, defaults={"kind": "gemeente", "basisteam": basisteam}
        )
    for name in PARTNERS:
        organisation_model.objects.get_or_create(name=name, defaults={"kind": "partner"})
    for role in Role.values:
        group_model.objects.get_or_create(name=role)
