"""Demo contributions: 2016–2018 as in the seed, this year copied from the last, choices,
partner pledges and a few income lines. Called by platform_ivz.site.demo.load() after the users
(core) and the projects; safe to run twice.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from contributions import reference, services
from contributions.models import (
    Bracket,
    Choice,
    IncomeLine,
    MunicipalityYear,
    PartnerPledge,
    YearSettings,
)
from platform_ivz.core.models import Organisation, User

# From 2017 on (the seed asks for the choices before March 2017) these pay the surcharge.
PAYING_SURCHARGE = ["Borne", "Losser", "Tubbergen", "Dinkelland", "Wierden", "Twenterand"]

PLEDGES = [
    # partner, contact username or name, hours per week
    ("Politie Oost-Nederland (district Twente)", "politie", Decimal("8")),
    ("Openbaar Ministerie", "mr. J. van Dijk", Decimal("4")),
    ("Veiligheidshuis Twente", "veiligheidshuis", Decimal("4")),
    ("RIEC Oost-Nederland", "R. Meijer", Decimal("2")),
]

INCOME = [
    # year, kind, description, amount
    (
        2016,
        IncomeLine.Kind.RESERVE,
        "Restantbudget subsidieperiode 2008-2010: extra coördinatiecapaciteit (0,5 fte)",
        Decimal("25000.00"),
    ),
    (
        2017,
        IncomeLine.Kind.RESERVE,
        "Restantbudget subsidieperiode 2008-2010: coördinatie en informatiepositie",
        Decimal("75000.00"),
    ),
    (
        2018,
        IncomeLine.Kind.SUBSIDIE,
        "Provincie Overijssel: regionaal dashboard woninginbraken",
        Decimal("15000.00"),
    ),
]


@transaction.atomic
def load() -> None:
    actor = User.objects.filter(username="regiocoordinator").first()
    reference.seed_years(YearSettings, Bracket, MunicipalityYear, Organisation)
    for year in (2017, 2018):
        settings = YearSettings.objects.get(year=year)
        _choices(settings, actor)
        _pledges(settings, actor)
    for year, kind, description, amount in INCOME:
        settings = YearSettings.objects.get(year=year)
        if not settings.income_lines.filter(description=description).exists():
            line = IncomeLine(settings=settings, kind=kind, description=description, amount=amount)
            line._history_user = actor
            line.save()
    this_year = timezone.localdate().year
    if actor is not None and not YearSettings.objects.filter(year=this_year).exists():
        latest = YearSettings.objects.filter(year__lt=this_year).order_by("-year").first()
        services.create_year(actor=actor, year=this_year, copy_from=latest.year if latest else None)


def _choices(settings: YearSettings, actor) -> None:
    for municipality in settings.municipalities.select_related("organisation"):
        name = municipality.organisation.name
        if name in PAYING_SURCHARGE and municipality.choice != Choice.SURCHARGE:
            municipality.choice = Choice.SURCHARGE
            municipality._history_user = actor
            municipality.save()


def _pledges(settings: YearSettings, actor) -> None:
    for partner_name, contact, hours in PLEDGES:
        partner = Organisation.objects.filter(name=partner_name).first()
        if partner is None or settings.partner_pledges.filter(organisation=partner).exists():
            continue
        user = User.objects.filter(username=contact, organisation=partner).first()
        pledge = PartnerPledge(
            settings=settings,
            organisation=partner,
            contact_user=user,
            contact_name="" if user else contact,
            hours_per_week=hours,
        )
        pledge._history_user = actor
        pledge.save()
