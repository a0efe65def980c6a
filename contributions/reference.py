"""The seed's figures (§9 with footnote 5, docs/ARCHITECTURE.md §5 and §7), used to seed 2016–2018.

Plain data, so that the data migration and the demo can both use it.
"""

from decimal import Decimal

# docs/ARCHITECTURE.md §7: the populations the seed's contribution table implies (amount ÷ rate).
POPULATIONS = {
    "Hengelo": 81067,
    "Borne": 22113,
    "Hof van Twente": 33425,
    "Haaksbergen": 24313,
    "Almelo": 72300,
    "Twenterand": 33900,
    "Oldenzaal": 32045,
    "Losser": 22473,
    "Dinkelland": 25947,
    "Tubbergen": 21087,
    "Wierden": 23853,
    "Hellendoorn": 35590,
    "Rijssen-Holten": 37845,
    "Enschede": 158300,
}

# Footnote 5: up to 26,000 inhabitants 2 hours a week, up to 38,000 4, up to 85,000 6, above 8.
# (largest population included or None for no limit, hours a week, yearly value of that labour,
# surcharge per inhabitant instead of the hours)
BRACKETS = [
    (25999, Decimal("2"), Decimal("3888"), Decimal("0.15")),
    (37999, Decimal("4"), Decimal("7778"), Decimal("0.20")),
    (85000, Decimal("6"), Decimal("11667"), Decimal("0.15")),
    (None, Decimal("8"), Decimal("15555"), Decimal("0.10")),
]

# Inwonersbijdrage per inhabitant: € 0.15 since 2011, € 0.20 from 2018 (price indexation).
TARIFFS = {2016: Decimal("0.15"), 2017: Decimal("0.15"), 2018: Decimal("0.20")}

DEFAULT_PROJECTLEIDER_HOURS = Decimal("4")


def seed_years(year_settings_model, bracket_model, municipality_model, organisation_model):
    """Create 2016–2018 as the seed has them, where missing. Takes (historical) model classes."""
    gemeenten = {
        organisation.name: organisation
        for organisation in organisation_model.objects.filter(kind="gemeente")
    }
    for year, tariff in TARIFFS.items():
        settings, created = year_settings_model.objects.get_or_create(
            year=year,
            defaults={
                "tariff_per_inhabitant": tariff,
                "projectleider_hours_per_week": DEFAULT_PROJECTLEIDER_HOURS,
            },
        )
        if not created:
            continue
        for maximum, hours, value, surcharge in BRACKETS:
            bracket_model.objects.create(
                settings=settings,
                max_population=maximum,
                hours_per_week=hours,
                labour_value=value,
                surcharge_per_inhabitant=surcharge,
            )
        for name, population in POPULATIONS.items():
            if name in gemeenten:
                municipality_model.objects.create(
                    settings=settings, organisation=gemeenten[name], population=population
                )
