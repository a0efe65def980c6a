"""The contribution table reproduces the seed's table (§9, footnote 5) to the euro."""

from decimal import Decimal

import pytest
from django.utils.translation import gettext as _

from contributions import selectors
from contributions.calculations import bracket_for, round_euro
from contributions.models import Bracket, Choice
from platform_ivz.core.formatting import euro_whole, number
from tests.factories import ContributionYearFactory, MunicipalityYearFactory, OrganisationFactory

# The seed's table: gemeente → (weekly hours, value of the labour, surcharge rate, surcharge).
SEED_TABLE = {
    "Almelo": (6, 11667, "0.15", 10845),
    "Borne": (2, 3888, "0.15", 3317),
    "Dinkelland": (2, 3888, "0.15", 3892),
    "Enschede": (8, 15555, "0.10", 15830),
    "Haaksbergen": (2, 3888, "0.15", 3647),
    "Hellendoorn": (4, 7778, "0.20", 7118),
    "Hengelo": (6, 11667, "0.15", 12160),
    "Hof van Twente": (4, 7778, "0.20", 6685),
    "Losser": (2, 3888, "0.15", 3371),
    "Oldenzaal": (4, 7778, "0.20", 6409),
    "Rijssen-Holten": (4, 7778, "0.20", 7569),
    "Tubbergen": (2, 3888, "0.15", 3163),
    "Twenterand": (4, 7778, "0.20", 6780),
    "Wierden": (2, 3888, "0.15", 3578),
}


def rows_by_name(settings):
    return {row.organisation.name: row for row in selectors.contribution_table(settings).rows}


def test_the_2018_table_reproduces_every_amount_of_the_seed(year_2018):
    rows = rows_by_name(year_2018)
    assert sorted(rows) == sorted(SEED_TABLE)
    for name, (weekly, labour, rate, surcharge) in SEED_TABLE.items():
        row = rows[name]
        assert row.hours_per_week == weekly, name
        assert row.labour_value == labour, name
        assert row.surcharge_rate == Decimal(rate), name
        assert round_euro(row.surcharge_amount) == surcharge, name
        assert euro_whole(row.surcharge_amount) == f"€ {number(surcharge)}", name
        # 2018: € 0,20 per inhabitant.
        assert row.inwonersbijdrage == row.population * Decimal("0.20"), name


def test_the_seed_table_rows_as_shown_on_the_page(client, platformlid, year_2018):
    client.force_login(platformlid)
    html = client.get(f"/bijdragen/{year_2018.year}/").content.decode()
    for name, (_weekly, labour, _rate, surcharge) in SEED_TABLE.items():
        start = html.index(f'data-gemeente="{name}"')
        row = html[start : html.index("</tr>", start)]
        assert f"€ {number(labour)}" in row, name
        assert f"€ {number(surcharge)}" in row, name


def test_the_2016_inhabitant_contribution_totals_93639(seeded_years):
    table = selectors.contribution_table(seeded_years[2016])
    assert table.settings.tariff_per_inhabitant == Decimal("0.15")
    assert table.population == 624258
    assert round_euro(table.inwonersbijdrage) == 93639
    assert euro_whole(table.inwonersbijdrage) == "€ 93.639"


def test_the_tariffs_of_the_seeded_years(seeded_years):
    assert seeded_years[2016].tariff_per_inhabitant == Decimal("0.15")
    assert seeded_years[2017].tariff_per_inhabitant == Decimal("0.15")
    assert seeded_years[2018].tariff_per_inhabitant == Decimal("0.20")


@pytest.mark.parametrize(
    ("population", "weekly", "rate"),
    [
        (1, 2, "0.15"),
        (25999, 2, "0.15"),
        (26000, 4, "0.20"),
        (37999, 4, "0.20"),
        (38000, 6, "0.15"),
        (85000, 6, "0.15"),
        (85001, 8, "0.10"),
        (1_000_000, 8, "0.10"),
    ],
)
def test_bracket_boundaries(year_2018, population, weekly, rate):
    bracket = bracket_for(population, list(year_2018.brackets.all()))
    assert bracket.hours_per_week == weekly
    assert bracket.surcharge_per_inhabitant == Decimal(rate)


def test_bracket_labels_name_the_boundaries(year_2018):
    labels = list(selectors.bracket_labels(year_2018.brackets.all()).values())
    assert labels == [
        _("up to %(max)s") % {"max": "25.999"},
        _("%(min)s to %(max)s") % {"min": "26.000", "max": "37.999"},
        _("%(min)s to %(max)s") % {"min": "38.000", "max": "85.000"},
        _("%(min)s or more") % {"min": "85.001"},
    ]


def test_a_population_in_no_bracket_is_flagged(db):
    settings = ContributionYearFactory(year=2050, with_brackets=False)
    Bracket.objects.create(
        settings=settings,
        max_population=10000,
        hours_per_week=2,
        labour_value=3888,
        surcharge_per_inhabitant=Decimal("0.15"),
    )
    MunicipalityYearFactory(settings=settings, organisation=OrganisationFactory(name="Almelo"))
    table = selectors.contribution_table(settings)
    assert [row.organisation.name for row in table.without_bracket] == ["Almelo"]
    assert table.rows[0].surcharge_amount == 0


def test_the_choice_decides_what_is_paid_and_pledged(db):
    settings = ContributionYearFactory(year=2051)
    almelo = MunicipalityYearFactory(
        settings=settings, organisation=OrganisationFactory(name="Almelo"), population=72300
    )
    borne = MunicipalityYearFactory(
        settings=settings,
        organisation=OrganisationFactory(name="Borne"),
        population=22113,
        choice=Choice.SURCHARGE,
    )
    rows = rows_by_name(settings)
    assert rows["Almelo"].total == Decimal("14460.00")
    assert rows["Almelo"].pledged_hours == 6 * 52
    assert rows["Borne"].surcharge_due == Decimal("3316.95")
    assert rows["Borne"].total == Decimal("4422.60") + Decimal("3316.95")
    assert rows["Borne"].pledged_hours == 0
    table = selectors.contribution_table(settings)
    assert table.total == rows["Almelo"].total + rows["Borne"].total
    assert table.pledged_hours_per_week == 6
    assert (table.choosing_hours, table.choosing_surcharge) == (1, 1)
    assert almelo.pk and borne.pk


def test_active_gemeenten_without_a_population_are_listed(db):
    settings = ContributionYearFactory(year=2052)
    OrganisationFactory(name="Almelo")
    table = selectors.contribution_table(settings)
    assert "Almelo" in [organisation.name for organisation in table.missing]

