"""Reference data of docs/ARCHITECTURE.md §7: the 14 gemeenten, the partners, the roles and
the themes.

Functions take model classes so that data migrations can pass historical models.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

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


class Theme(models.TextChoices):
    """The speerpunt of a request and of its project: the seed's focus agenda 2017-2018
    (§10 a-d) and the side topics. Here, below both, so that intake (the indiener's proposal)
    and projects (``Project.Theme``, the confirmed theme) share one list."""

    WONINGINBRAKEN = "woninginbraken", _("Burglary (incl. fencing)")
    VERWARDE_PERSONEN = "verwarde_personen", _("Psychologically vulnerable people")
    ONDERMIJNING = "ondermijning", _("Organised crime undermining society")
    INFORMATIEVOORZIENING = "informatievoorziening", _("Municipal information position")
    OVERIG = "overig", _("Other topics")


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
