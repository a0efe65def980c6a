"""The services: a new year, tariff and brackets, populations and choices, pledges, income."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from contributions import reference, selectors, services
from contributions.models import Choice, IncomeLine, MunicipalityYear, PartnerPledge, YearSettings
from contributions.services import BracketData, MunicipalityData, PledgeData
from tests.contributions import builders
from tests.factories import IncomeLineFactory, PartnerPledgeFactory

NOT_EDITORS = ["voorzitter", "platformlid", "dvo_lid"]


@pytest.fixture
def editor(regiocoordinator):
    return regiocoordinator


def brackets_of(settings) -> list[BracketData]:
    return [
        BracketData(
            id=b.pk,
            max_population=b.max_population,
            hours_per_week=b.hours_per_week,
            labour_value=b.labour_value,
            surcharge_per_inhabitant=b.surcharge_per_inhabitant,
        )
        for b in settings.brackets.all()
    ]


def rows_of(settings, **changes) -> list[MunicipalityData]:
    rows = []
    for m in settings.municipalities.select_related("organisation"):
        population, choice = changes.get(m.organisation.name, (m.population, m.choice))
        rows.append(MunicipalityData(m.organisation, population, choice, m.version))
    return rows


# A new year ----------------------------------------------------------------------------------


def test_a_new_year_copies_the_previous_one(editor, year_2018):
    PartnerPledgeFactory(settings=year_2018, hours_per_week=Decimal("6"))
    IncomeLineFactory(settings=year_2018)
    almelo = year_2018.municipalities.get(organisation__name="Almelo")
    almelo.choice = Choice.SURCHARGE
    almelo.save()

    new = services.create_year(actor=editor, year=2019, copy_from=2018)

    assert new.tariff_per_inhabitant == Decimal("0.20")
    assert brackets_of(new)[0].max_population == 25999
    assert [(b.hours_per_week, b.labour_value) for b in brackets_of(new)] == [
        (b.hours_per_week, b.labour_value) for b in brackets_of(year_2018)
    ]
    assert new.municipalities.count() == 14
    assert new.municipalities.get(organisation__name="Almelo").choice == Choice.SURCHARGE
    assert new.partner_pledges.get().hours_per_week == Decimal("6")
    assert not new.income_lines.exists()
    assert new.history.get().history_user == editor


def test_a_new_year_without_a_source_starts_from_the_seed(editor, db):
    new = services.create_year(actor=editor, year=2030, copy_from=None)
    assert new.tariff_per_inhabitant == reference.TARIFFS[2018]
    rows = {m.organisation.name: m.population for m in new.municipalities.all()}
    assert rows == reference.POPULATIONS


@pytest.mark.parametrize(
    ("year", "copy_from", "field"),
    [(2018, 2017, "year"), (1999, 2018, "year"), (2101, 2018, "year"), (2031, 2005, "copy_from")],
)
def test_a_new_year_refuses_bad_input(editor, year_2018, year, copy_from, field):
    with pytest.raises(ValidationError) as error:
        services.create_year(actor=editor, year=year, copy_from=copy_from)
    assert field in error.value.message_dict


@pytest.mark.parametrize("role", NOT_EDITORS)
def test_only_editors_create_a_year(request, year_2018, role):
    with pytest.raises(PermissionDenied):
        services.create_year(actor=request.getfixturevalue(role), year=2019, copy_from=2018)
    assert not YearSettings.objects.filter(year=2019).exists()


def test_the_beheerder_may_edit(beheerder, year_2018):
    assert services.create_year(actor=beheerder, year=2019, copy_from=2018).year == 2019


# Tariff and brackets -------------------------------------------------------------------------


def test_update_tariff_and_brackets(editor, year_2018):
    brackets = brackets_of(year_2018)
    brackets[0].max_population = 25000
    brackets[1].delete = True
    brackets.append(BracketData(50000, Decimal("5"), Decimal("9000"), Decimal("0.18")))
    updated = services.update_year_settings(
        settings=year_2018,
        actor=editor,
        tariff_per_inhabitant=Decimal("0.25"),
        projectleider_hours_per_week=Decimal("6"),
        brackets=brackets,
        expected_version=year_2018.version,
    )
    assert updated.version == year_2018.version + 1
    assert updated.tariff_per_inhabitant == Decimal("0.25")
    assert [b.max_population for b in updated.brackets.all()] == [25000, 50000, 85000, None]
    assert updated.history.first().history_user == editor


def test_a_stale_settings_form_is_refused(editor, year_2018):
    kwargs = dict(
        settings=year_2018,
        actor=editor,
        tariff_per_inhabitant=Decimal("0.30"),
        projectleider_hours_per_week=Decimal("4"),
        brackets=brackets_of(year_2018),
    )
    services.update_year_settings(**kwargs, expected_version=year_2018.version)
    with pytest.raises(services.EditConflict):
        services.update_year_settings(**kwargs, expected_version=year_2018.version)


@pytest.mark.parametrize(
    "change",
    [
        "two_open",
        "no_open",
        "duplicate",
        "none_left",
    ],
)
def test_brackets_must_cover_every_population(editor, year_2018, change):
    brackets = brackets_of(year_2018)
    if change == "two_open":
        brackets[0].max_population = None
    elif change == "no_open":
        brackets[-1].max_population = 200000
    elif change == "duplicate":
        brackets[1].max_population = brackets[0].max_population
    else:
        for bracket in brackets:
            bracket.delete = True
    with pytest.raises(ValidationError):
        services.update_year_settings(
            settings=year_2018,
            actor=editor,
            tariff_per_inhabitant=Decimal("0.20"),
            projectleider_hours_per_week=Decimal("4"),
            brackets=brackets,
            expected_version=year_2018.version,
        )
    assert year_2018.brackets.count() == 4


def test_a_bracket_of_another_year_is_refused(editor, seeded_years):
    foreign = brackets_of(seeded_years[2017])[0]
    with pytest.raises(ValidationError):
        services.update_year_settings(
            settings=seeded_years[2018],
            actor=editor,
            tariff_per_inhabitant=Decimal("0.20"),
            projectleider_hours_per_week=Decimal("4"),
            brackets=[*brackets_of(seeded_years[2018]), foreign],
            expected_version=seeded_years[2018].version,
        )


@pytest.mark.parametrize("role", NOT_EDITORS)
def test_only_editors_change_settings(request, year_2018, role):
    with pytest.raises(PermissionDenied):
        services.update_year_settings(
            settings=year_2018,
            actor=request.getfixturevalue(role),
            tariff_per_inhabitant=Decimal("1"),
            projectleider_hours_per_week=Decimal("4"),
            brackets=brackets_of(year_2018),
            expected_version=year_2018.version,
        )


# Populations and choices ---------------------------------------------------------------------


def test_changing_a_population_and_a_choice_changes_the_table(editor, year_2018):
    before = selectors.contribution_table(year_2018).total
    services.update_municipalities(
        settings=year_2018,
        actor=editor,
        rows=rows_of(year_2018, Almelo=(73000, Choice.SURCHARGE)),
    )
    almelo = MunicipalityYear.objects.get(settings=year_2018, organisation__name="Almelo")
    assert (almelo.population, almelo.choice, almelo.version) == (73000, Choice.SURCHARGE, 2)
    assert almelo.history.first().history_user == editor
    after = selectors.contribution_table(year_2018).total
    assert after - before == Decimal(700) * Decimal("0.20") + Decimal(73000) * Decimal("0.15")
    # Unchanged rows are not saved again.
    assert MunicipalityYear.objects.filter(settings=year_2018, version=1).count() == 13


def test_someone_elses_change_to_the_same_row_is_a_conflict(editor, beheerder, year_2018):
    seen = rows_of(year_2018)
    services.update_municipalities(
        settings=year_2018, actor=beheerder, rows=rows_of(year_2018, Almelo=(72500, Choice.HOURS))
    )
    mine = [
        MunicipalityData(r.organisation, 71000, r.choice, r.expected_version)
        if r.organisation.name == "Almelo"
        else r
        for r in seen
    ]
    with pytest.raises(services.EditConflict) as conflict:
        services.update_municipalities(settings=year_2018, actor=editor, rows=mine)
    assert conflict.value.names == ["Almelo"]
    assert (
        MunicipalityYear.objects.get(settings=year_2018, organisation__name="Almelo").population
        == 72500
    )


def test_someone_elses_change_to_another_row_is_no_conflict(editor, beheerder, year_2018):
    seen = rows_of(year_2018)
    services.update_municipalities(
        settings=year_2018, actor=beheerder, rows=rows_of(year_2018, Almelo=(72500, Choice.HOURS))
    )
    # The editor's form still shows Almelo as it was, but it changes Borne only ...
    mine = [
        MunicipalityData(r.organisation, 23000, r.choice, r.expected_version)
        if r.organisation.name == "Borne"
        else r
        for r in seen
    ]
    # ... which conflicts on Almelo, whose figures in the form are no longer the stored ones.
    with pytest.raises(services.EditConflict) as conflict:
        services.update_municipalities(settings=year_2018, actor=editor, rows=mine)
    assert conflict.value.names == ["Almelo"]
    # With the form reloaded, Borne saves.
    fresh = rows_of(year_2018, Borne=(23000, Choice.HOURS))
    services.update_municipalities(settings=year_2018, actor=editor, rows=fresh)
    assert (
        MunicipalityYear.objects.get(settings=year_2018, organisation__name="Borne").population
        == 23000
    )


def test_a_gemeente_without_a_row_gets_one(editor, year_2018):
    new = builders.gemeente("Nieuwgemeente")
    rows = [*rows_of(year_2018), MunicipalityData(new, 12000, Choice.HOURS, 0)]
    services.update_municipalities(settings=year_2018, actor=editor, rows=rows)
    assert MunicipalityYear.objects.get(settings=year_2018, organisation=new).population == 12000


def test_a_partner_is_no_municipality(editor, year_2018):
    politie = builders.partner("Politie Oost-Nederland (district Twente)")
    with pytest.raises(ValidationError):
        services.update_municipalities(
            settings=year_2018,
            actor=editor,
            rows=[MunicipalityData(politie, 1000, Choice.HOURS, 0)],
        )


def test_a_negative_population_is_refused(editor, year_2018):
    rows = rows_of(year_2018, Almelo=(-5, Choice.HOURS))
    with pytest.raises(ValidationError):
        services.update_municipalities(settings=year_2018, actor=editor, rows=rows)


@pytest.mark.parametrize("role", NOT_EDITORS)
def test_only_editors_change_populations(request, year_2018, role):
    with pytest.raises(PermissionDenied):
        services.update_municipalities(
            settings=year_2018, actor=request.getfixturevalue(role), rows=rows_of(year_2018)
        )


# Partners ------------------------------------------------------------------------------------


def test_pledges_are_created_changed_and_skipped_when_empty(editor, year_2018):
    politie = builders.partner("Politie Oost-Nederland (district Twente)")
    om = builders.partner("Openbaar Ministerie")
    contact = builders.person(politie)
    services.update_partner_pledges(
        settings=year_2018,
        actor=editor,
        rows=[
            PledgeData(politie, contact, "", Decimal("8"), 0),
            PledgeData(om, None, "", Decimal("0"), 0),
        ],
    )
    pledge = PartnerPledge.objects.get(settings=year_2018, organisation=politie)
    assert (pledge.contact_user, pledge.hours_per_week) == (contact, Decimal("8"))
    assert not PartnerPledge.objects.filter(settings=year_2018, organisation=om).exists()
    services.update_partner_pledges(
        settings=year_2018,
        actor=editor,
        rows=[PledgeData(politie, None, "mr. De Boer", Decimal("6"), pledge.version)],
    )
    pledge.refresh_from_db()
    assert (pledge.contact, pledge.hours_per_week, pledge.version) == ("mr. De Boer", 6, 2)


def test_a_contact_person_from_another_organisation_is_refused(editor, year_2018):
    politie = builders.partner("Politie Oost-Nederland (district Twente)")
    stranger = builders.person(builders.gemeente("Almelo"))
    with pytest.raises(ValidationError):
        services.update_partner_pledges(
            settings=year_2018,
            actor=editor,
            rows=[PledgeData(politie, stranger, "", Decimal("8"), 0)],
        )


def test_a_stale_pledge_is_a_conflict(editor, year_2018):
    pledge = PartnerPledgeFactory(settings=year_2018, hours_per_week=Decimal("4"))
    rows = [PledgeData(pledge.organisation, None, "Ander", Decimal("5"), pledge.version + 1)]
    with pytest.raises(services.EditConflict):
        services.update_partner_pledges(settings=year_2018, actor=editor, rows=rows)


# Income --------------------------------------------------------------------------------------


def test_income_lines_are_added_changed_and_deleted(editor, year_2018):
    line = services.save_income_line(
        settings=year_2018,
        actor=editor,
        kind=IncomeLine.Kind.SUBSIDIE,
        description="Provincie",
        amount=Decimal("1234.56"),
    )
    assert line.version == 1
    line = services.save_income_line(
        settings=year_2018,
        actor=editor,
        line=line,
        expected_version=1,
        kind=IncomeLine.Kind.RESERVE,
        description="Reserve",
        amount=Decimal("100"),
    )
    assert (line.kind, line.version) == (IncomeLine.Kind.RESERVE, 2)
    with pytest.raises(services.EditConflict):
        services.save_income_line(
            settings=year_2018,
            actor=editor,
            line=line,
            expected_version=1,
            kind=IncomeLine.Kind.RESERVE,
            description="Te laat",
            amount=Decimal("1"),
        )
    services.delete_income_line(line=line, actor=editor)
    assert not IncomeLine.objects.exists()
    assert IncomeLine.history.filter(history_type="-").get().history_user == editor


def test_a_negative_income_is_refused(editor, year_2018):
    with pytest.raises(ValidationError):
        services.save_income_line(
            settings=year_2018,
            actor=editor,
            kind=IncomeLine.Kind.SUBSIDIE,
            description="Min",
            amount=Decimal("-1"),
        )


@pytest.mark.parametrize("role", NOT_EDITORS)
def test_only_editors_keep_income(request, year_2018, role):
    actor = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.save_income_line(
            settings=year_2018, actor=actor, kind="subsidie", description="x", amount=Decimal(1)
        )
    line = IncomeLineFactory(settings=year_2018)
    with pytest.raises(PermissionDenied):
        services.delete_income_line(line=line, actor=actor)


# History -------------------------------------------------------------------------------------


def test_the_history_names_who_changed_what(editor, year_2018):
    services.update_municipalities(
        settings=year_2018, actor=editor, rows=rows_of(year_2018, Almelo=(73000, Choice.HOURS))
    )
    changed, created = [e for e in selectors.history(year_2018) if e.subject == "Almelo"]
    assert changed.who == str(editor)
    [change] = changed.changes
    assert (change.old, change.new) == ("72.300", "73.000")
    # The seed's rows were created by the data migration, by nobody in particular.
    assert created.who == _("the system")
    assert {c.new for c in created.changes} >= {"72.300"}
